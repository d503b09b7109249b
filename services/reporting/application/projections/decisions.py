"""Grants' decisions (`grants.decisions`): where each stands, and each step with the time it
took since the one before (the four eyes, appeals, cancellations)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from services.reporting.application.projecting import On, Projection
from services.reporting.application.projections import programmes
from services.reporting.application.projections.decision_moves import MOVES, Move
from services.reporting.application.reports import Measure, Op, Report
from services.reporting.application.rows import Rows
from services.reporting.domain.cycles import year_of
from services.reporting.domain.decisions import DecisionProgress, DecisionStatus
from services.reporting.domain.history import Field, Kind, centimes
from shared.contracts import Envelope
from shared.contracts.grants_decisions import (
    DECISIONS_TOPIC,
    DecisionAmendedV1,
    DecisionAppealDecidedV1,
    DecisionAppealedV1,
    DecisionApprovedInListV1,
    DecisionApprovedV1,
    DecisionAuthorisedV1,
    DecisionCancelledV1,
    DecisionProposedV1,
    DecisionRejectedV1,
)

DECISION = Kind(
    "decision",
    (
        Field("decision_id", str, 36),
        Field("programme_id", str, 36),
        Field("cycle", str, 80),  # a disaster's is its name: "floods-2026-02-north-west"
        Field("year", int),
        Field("component", str, 40),
        Field("subject_id", str, 36),
        Field("province_code", str, 8),
        Field("status", str, 32),
        Field("approvals", int),
        Field("approvals_needed", int),
        Field("amount", int, money=True),  # None: in kind
        Field("proposed_at", datetime),
        Field("last_step_at", datetime),
        Field("seconds_to_last_step", int),
    ),
)
STEP = Kind(
    "step",
    (
        Field("decision_id", str, 36, indexed=True),
        Field("programme_id", str, 36),
        Field("province_code", str, 8),
        Field("step", str, 32),
        Field("status", str, 32),
        Field("actor", str, 64),
        Field("seconds", int),  # since the step before (the proposal's: 0)
    ),
    appended=True,
)


def _field(payload: BaseModel, name: str) -> object:
    return getattr(payload, name)


def _progress(row: dict[str, object]) -> DecisionProgress:
    return DecisionProgress(
        DecisionStatus(str(row["status"])),
        int(str(row["approvals"])),
        int(str(row["approvals_needed"])),
    )


def _reads(p: BaseModel) -> list[tuple[str, str]]:
    return [(DECISION.name, str(_field(p, "decision_id")))]


def on_proposed(p: BaseModel, envelope: Envelope, rows: Rows) -> None:
    assert isinstance(p, DecisionProposedV1)
    key = str(p.decision_id)
    if rows.get(DECISION.name, key) is not None:
        return
    progress = DecisionProgress.proposed(needs_authorisation=p.needs_authorisation)
    rows.put(
        DECISION.name,
        key,
        {
            "decision_id": key,
            "programme_id": str(p.programme_id),
            "cycle": p.cycle,
            "year": year_of(p.cycle),
            "component": p.component,
            "subject_id": str(p.subject_id),
            "province_code": p.province_code,
            "status": str(progress.status),
            "approvals": progress.approvals,
            "approvals_needed": progress.approvals_needed,
            "amount": centimes(p.amount.amount) if p.amount is not None else None,
            "proposed_at": rows.at,
            "last_step_at": rows.at,
            "seconds_to_last_step": 0,
        },
    )
    _record_step(rows, key, "proposed", str(progress.status), envelope.actor, 0)


def _record_step(rows: Rows, key: str, step: str, status: str, actor: str, seconds: int) -> None:
    row = rows.get(DECISION.name, key)
    assert row is not None
    rows.add(
        STEP.name,
        {
            "decision_id": key,
            "programme_id": row["programme_id"],
            "province_code": row["province_code"],
            "step": step,
            "status": status,
            "actor": actor[:64],
            "seconds": seconds,
        },
    )


def stepped(name: str, move: Move) -> On:
    def handle(p: BaseModel, envelope: Envelope, rows: Rows) -> None:
        key = str(_field(p, "decision_id"))
        row = rows.get(DECISION.name, key)
        if row is None:
            return  # a step of one whose proposal never came (dead-lettered): left out
        progress = move(_progress(dict(row)), p)
        last = row["last_step_at"]
        seconds = int((rows.at - last).total_seconds()) if isinstance(last, datetime) else 0
        proposed = row["proposed_at"]
        since = int((rows.at - proposed).total_seconds()) if isinstance(proposed, datetime) else 0
        rows.update(
            DECISION.name,
            key,
            status=str(progress.status),
            approvals=progress.approvals,
            approvals_needed=progress.approvals_needed,
            last_step_at=rows.at,
            seconds_to_last_step=since,
        )
        _record_step(rows, key, name, str(progress.status), envelope.actor, max(seconds, 0))

    return On(handle, _reads)


# Each step's name in the steps' rows; how it moves the decision is decision_moves.MOVES.
STEP_NAMES = {
    DecisionApprovedV1.TYPE: "approved",
    DecisionAuthorisedV1.TYPE: "authorised",
    DecisionApprovedInListV1.TYPE: "approved_in_list",
    DecisionRejectedV1.TYPE: "rejected",
    DecisionAppealedV1.TYPE: "appealed",
    DecisionAppealDecidedV1.TYPE: "appeal_decided",
    DecisionCancelledV1.TYPE: "cancelled",
    DecisionAmendedV1.TYPE: "amended",
}
_AMENDED = stepped("amended", MOVES[DecisionAmendedV1.TYPE])


def on_amended(p: BaseModel, envelope: Envelope, rows: Rows) -> None:
    assert isinstance(p, DecisionAmendedV1)
    _AMENDED.handle(p, envelope, rows)
    amount = centimes(p.amount.amount) if p.amount is not None else None
    rows.update(DECISION.name, str(p.decision_id), amount=amount)


PROJECTION = Projection(
    name="decisions",
    version=1,
    description="grants' decisions by programme, province and status, and each step's time",
    topics=(DECISIONS_TOPIC, programmes.TOPIC),
    kinds=(DECISION, STEP, programmes.PROGRAMME),
    handlers={
        **programmes.HANDLERS,
        DecisionProposedV1.TYPE: On(on_proposed, _reads),
        **{
            kind: stepped(name, MOVES[kind])
            for kind, name in STEP_NAMES.items()
            if kind != DecisionAmendedV1.TYPE
        },
        DecisionAmendedV1.TYPE: On(on_amended, _reads),
    },
)

FILTERS = {"province": "province_code", "programme": "programme_id", "year": "year"}

REPORTS = (
    Report(
        name="decisions",
        projection="decisions",
        kind=DECISION.name,
        description="Decisions by programme, province and where they stand, with their amount "
        "(aid in kind counts, its amount does not).",
        group_by=("programme_id", "province_code", "status"),
        measures=(Measure("decisions", Op.COUNT), Measure("amount", Op.SUM_MONEY)),
        filters={**FILTERS, "status": "status", "component": "component"},
        join=programmes.PROGRAMME_CODE,
    ),
    Report(
        name="recent-decisions",
        projection="decisions",
        kind=DECISION.name,
        description="The 50 decisions that moved last, newest first.",
        shows=(
            "decision_id",
            "programme_id",
            "province_code",
            "component",
            "status",
            "amount",
            "proposed_at",
            "last_step_at",
            "seconds_to_last_step",
        ),
        filters={**FILTERS, "status": "status"},
        join=programmes.PROGRAMME_CODE,
        newest_first=True,
        limit=50,
    ),
    Report(
        name="decision-steps",
        projection="decisions",
        kind=STEP.name,
        description="Each kind of step: how many, and the seconds it took after the step "
        "before (mean and longest).",
        group_by=("programme_id", "step"),
        measures=(
            Measure("steps", Op.COUNT),
            Measure("mean_seconds", Op.AVG, "seconds"),
            Measure("longest_seconds", Op.MAX, "seconds"),
        ),
        filters={"province": "province_code", "programme": "programme_id"},
        join=programmes.PROGRAMME_CODE,
    ),
)
