"""Relief claims per disaster and province (`intake.claims`), and which of them grants
proposed a decision on (`grants.decisions`).

Intake publishes one `ReliefClaimed` per household and disaster, however often the family
texted. A household's decisions have the household as subject and the disaster as cycle
(grants' `Cycle.disaster`), so a claim is matched by a `DecisionProposed` with the claim's
household as `subject_id` and its disaster as `cycle`, whichever of the two is read first (they
come on different topics). Repeated and rejected SMS stay in intake's gateway table
(`intake_claim_messages`): no event carries them, so the report answers them null.
"""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel

from services.reporting.application.projecting import On, Projection
from services.reporting.application.reports import Measure, Op, Report
from services.reporting.application.rows import Rows
from services.reporting.domain.history import Field, Kind, Value
from shared.contracts import Envelope
from shared.contracts.grants_decisions import DECISIONS_TOPIC, DecisionProposedV1
from shared.contracts.intake_claims import CLAIMS_TOPIC, ReliefClaimedV1

CLAIM = Kind(
    "claim",
    (
        Field("household_id", str, 36),
        Field("disaster", str, 80),
        Field("province_code", str, 8),
        Field("channel", str, 16),
        Field("year", int),  # of `claimed_at`
        Field("matched", bool),  # grants proposed a decision on it
    ),
)
# A household's disaster that grants proposed a decision for, claimed or not (yet).
PROPOSED = Kind("proposed", (Field("decision_id", str, 36), Field("proposed_at", datetime)))

# Fiscal years ("2026") and months ("2026-03") are cycles of programmes for persons and
# organisations; a disaster's cycle is named after the disaster.
_NOT_A_DISASTER = re.compile(r"\d{4}(-\d{2})?")


def claim_key(household_id: object, disaster: str) -> str:
    return f"{household_id}:{disaster}"


def _for_disaster(p: DecisionProposedV1) -> bool:
    return _NOT_A_DISASTER.fullmatch(p.cycle) is None


def _claim_reads(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, ReliefClaimedV1)
    key = claim_key(p.household_id, p.disaster)
    return [(CLAIM.name, key), (PROPOSED.name, key)]


def _proposal_reads(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, DecisionProposedV1)
    if not _for_disaster(p):
        return []
    key = claim_key(p.subject_id, p.cycle)
    return [(CLAIM.name, key), (PROPOSED.name, key)]


def on_claimed(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, ReliefClaimedV1)
    key = claim_key(p.household_id, p.disaster)
    if rows.get(CLAIM.name, key) is not None:
        return  # one per household and disaster
    proposed = rows.get(PROPOSED.name, key)
    claim: dict[str, Value] = {
        "household_id": str(p.household_id),
        "disaster": p.disaster,
        "province_code": p.province_code,
        "channel": p.channel,
        "year": p.claimed_at.year,
        "matched": proposed is not None,
    }
    proposed_at = proposed["proposed_at"] if proposed is not None else None
    if not isinstance(proposed_at, datetime) or proposed_at <= rows.at:
        rows.put(CLAIM.name, key, claim)
        return
    # The decision was read first (another topic) but proposed after the claim: matched
    # only from then on, so a report as of a moment between the two does not count it.
    rows.put(CLAIM.name, key, {**claim, "matched": False})
    claimed_at, rows.at = rows.at, proposed_at
    rows.update(CLAIM.name, key, matched=True)
    rows.at = claimed_at


def on_proposed(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, DecisionProposedV1)
    if not _for_disaster(p):
        return
    key = claim_key(p.subject_id, p.cycle)
    if rows.get(PROPOSED.name, key) is None:
        rows.put(PROPOSED.name, key, {"decision_id": str(p.decision_id), "proposed_at": rows.at})
    claim = rows.get(CLAIM.name, key)
    if claim is not None and not claim["matched"]:
        rows.update(CLAIM.name, key, matched=True)


PROJECTION = Projection(
    name="claims",
    version=1,
    description="relief claims per disaster and province, and those grants proposed on",
    topics=(CLAIMS_TOPIC, DECISIONS_TOPIC),
    kinds=(CLAIM, PROPOSED),
    handlers={
        ReliefClaimedV1.TYPE: On(on_claimed, _claim_reads),
        DecisionProposedV1.TYPE: On(on_proposed, _proposal_reads),
    },
)

REPORTS = (
    Report(
        name="claims",
        projection="claims",
        kind=CLAIM.name,
        description="Relief claims per disaster and province. `received`: households that "
        "claimed (one per household and disaster, however often they texted). `matched`: "
        "those of them grants proposed at least one decision for by then (a decision whose "
        "subject is the household and whose cycle is the disaster), whatever became of it. "
        "`repeated` and `rejected` are null: intake answers and counts those SMS in its "
        "gateway's own table (its GET /claims/sms/counts, by outcome only) and publishes no "
        "event about them. "
        "`year` filters on the year the claim was received.",
        group_by=("disaster", "province_code"),
        measures=(
            Measure("received", Op.COUNT),
            Measure("matched", Op.COUNT_TRUE, "matched"),
            Measure("repeated", Op.NOT_RECORDED),
            Measure("rejected", Op.NOT_RECORDED),
        ),
        filters={"province": "province_code", "disaster": "disaster", "year": "year"},
    ),
)
