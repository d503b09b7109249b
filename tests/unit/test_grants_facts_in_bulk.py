"""The surge's claims, impacts and enrolments applied a run at a time leave what applying them
one after another leaves: the same facts, the same decisions at the same versions, each step
with the same reason. Checked on random histories of a few households and their heads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.grants.domain.reference_programmes import DISABILITY_TECHNICAL_AIDS
from shared.contracts import DecodedEvent
from shared.contracts.base import Contract
from shared.contracts.intake import BeneficiaryStatusChangedV1
from shared.contracts.intake_households import (
    HouseholdDisasterImpactRecordedV1,
    HouseholdRegisteredV1,
)
from tests.unit.delivered import delivered
from tests.unit.grants_intake import Grants, enrolled, flood_impact, relief_claim

HOUSEHOLDS = [uuid.UUID(int=i) for i in range(1, 4)]
HEADS = [uuid.UUID(int=100 + i) for i in range(1, 4)]
OTHERS = [uuid.UUID(int=200 + i) for i in range(1, 3)]


@dataclass(frozen=True)
class Step:
    kind: str
    who: int  # which household (or person)
    detail: str = ""


steps = st.one_of(
    st.builds(Step, st.just("claim"), st.integers(0, 2)),
    st.builds(
        Step, st.just("impact"), st.integers(0, 2), st.sampled_from(["destroyed", "repairable"])
    ),
    # A household registered again may have another head (a merge): `detail` picks which.
    st.builds(Step, st.just("register"), st.integers(0, 2), st.sampled_from(["0", "1"])),
    st.builds(
        Step, st.just("enrol"), st.integers(0, 4), st.sampled_from(["disability", "elderly"])
    ),
    st.builds(Step, st.just("suspend"), st.integers(0, 2)),
)


def payload(step: Step) -> Contract:
    household = HOUSEHOLDS[step.who % 3]
    match step.kind:
        case "claim":
            return relief_claim(household, "LAR")
        case "impact":
            impact = flood_impact(household, "LAR")
            return HouseholdDisasterImpactRecordedV1(
                **{**impact.model_dump(), "damage": step.detail, "evacuated": step.who != 1}
            )
        case "register":
            return HouseholdRegisteredV1(
                household_id=household,
                head_id=HEADS[(step.who + int(step.detail)) % 3],
                province_code="LAR",
                commune_code="LAR01",
            )
        case "enrol":
            return enrolled([*HEADS, *OTHERS][step.who], step.detail)
        case _:
            return BeneficiaryStatusChangedV1(beneficiary_id=HEADS[step.who], status="suspended")


def grants() -> Grants:
    made = Grants()
    made.open_this_year(DISABILITY_TECHNICAL_AIDS)
    return made


def state(grants: Grants) -> object:
    events = grants.store.repository.event_store
    decisions = {}
    for subject in [*HOUSEHOLDS, *HEADS, *OTHERS]:
        for d in grants.decisions_of(subject):
            steps = [(type(e).__name__, getattr(e, "reason", None)) for e in events.get(d.id)]
            decisions[d.id] = (d.version, d.status, d.amount, d.component, steps)
    return vars(grants.facts), decisions


def both_ways(events: list[DecodedEvent]) -> Grants:
    """The grants that applied `events` in runs, checked against one that applied them one by
    one."""
    one_by_one, in_runs = grants(), grants()
    for event in events:
        one_by_one.receive(event)
    in_runs.receive_in_runs(events)
    assert state(in_runs) == state(one_by_one)
    return in_runs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=1, max_size=14))
def test_runs_of_messages_leave_what_one_after_another_leaves(history: list[Step]) -> None:
    events: list[DecodedEvent] = [delivered(payload(step)) for step in history]
    both_ways(events)


def test_an_impact_and_its_correction_and_two_claims_in_one_run() -> None:
    household = HOUSEHOLDS[0]
    first = flood_impact(household, "LAR")
    corrected = HouseholdDisasterImpactRecordedV1(**{**first.model_dump(), "damage": "repairable"})
    events = [
        delivered(p)
        for p in (relief_claim(household, "LAR"), relief_claim(household, "LAR"), first, corrected)
    ]
    in_runs = both_ways(events)
    assert in_runs.decisions_of(household) != []


def test_an_impact_before_its_households_new_head_in_one_run_saw_the_old_head() -> None:
    """A merge made a suspended person the head just after the impact: one by one, the impact
    was judged with the head before (active), so it proposed; the run must too."""
    household, before, after = HOUSEHOLDS[0], HEADS[0], HEADS[1]
    events = [
        delivered(p)
        for p in (
            enrolled(before, "elderly"),
            enrolled(after, "elderly"),
            BeneficiaryStatusChangedV1(beneficiary_id=after, status="suspended"),
            HouseholdRegisteredV1(
                household_id=household, head_id=before, province_code="LAR", commune_code="LAR01"
            ),
            relief_claim(household, "LAR"),
            flood_impact(household, "LAR"),
            HouseholdRegisteredV1(
                household_id=household, head_id=after, province_code="LAR", commune_code="LAR01"
            ),
        )
    ]
    in_runs = both_ways(events)
    assert in_runs.decisions_of(household) != []
