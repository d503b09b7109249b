"""The household import's two paths side by side: each batch in one transaction, and household
by household (what a batch falls back to when its commit fails). A census mixing new
households, repeats, members, bad heads, bad members, impacts and a household registered by
hand, imported twice, traced with every id replaced by the order it first appears in, so two
intakes' traces compare equal when they recorded the same things."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from services.intake.application import Intake
from services.intake.application.household_batch import HouseholdBatch
from services.intake.application.imports import household_import
from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.application.imports.household_rows import HOUSEHOLD_HEADER
from services.intake.application.imports.job_runs import batches
from services.intake.domain.reference import DamageLevel, Relation
from services.intake.interfaces.publishing import to_integration_event

FLOODS = "floods-2026-02-north-west"
PEOPLE = [f"BK{n}" for n in range(1, 13)]


def _line(header: tuple[str, ...], cells: dict[str, str]) -> str:
    return ",".join(cells.get(c, "") for c in header)


def person(cin: str) -> str:
    return _line(HEADER, {
        "name_lat": f"Citizen {cin}", "cin": cin, "birth_date": "1980-01-01", "sex": "F",
        "province_code": "LAR", "commune_code": "LAR-002", "category": "disaster_affected",
        "evidence": "flood census", "since": "2026-02-14",
    })  # fmt: skip


def member(ref: str, head: str, cin: str, relation: str, **cells: str) -> str:
    values = {"household_ref": ref, "head_cin": head, "member_cin": cin, "relation": relation}
    return _line(HOUSEHOLD_HEADER, values | cells)


def head(ref: str, cin: str, **cells: str) -> str:
    place = {
        "province_code": "LAR",
        "commune_code": "LAR-002",
        "douar": "Douar Oulad Hammou",
        "address": "Dar 12",
        "disaster": FLOODS,
        "evacuated": "yes",
        "damage": "repairable",
    }
    return member(ref, cin, "", "head", **(place | cells))


NO_IMPACT = {"disaster": "", "evacuated": "", "damage": ""}
CENSUS = "\n".join([
    ",".join(HOUSEHOLD_HEADER),
    head("H-001", "BK1"),  # 2 registered, impact recorded
    member("H-001", "BK1", "BK2", "spouse"),  # 3 added
    member("H-001", "BK1", "BK3", "child"),  # 4 added
    member("H-001", "BK1", "BK2", "spouse"),  # 5 unchanged: a repeat
    head("H-002", "BK4", **NO_IMPACT),  # 6 registered
    member("H-002", "BK4", "ZZ999", "child"),  # 7 rejected: not enrolled
    member("H-002", "BK4", "BK5", "cousin"),  # 8 rejected: bad relation
    member("H-002", "BK4", "BK6", "parent", province_code="KEN"),  # 9 rejected: contradicts
    head("H-003", "XX404"),  # 10 rejected: head not enrolled
    member("H-003", "XX404", "BK5", "sibling"),  # 11 rejected: the head's reasons
    head("H-004", "BK7", damage="destroyed"),  # 12 the household by hand: impact corrected
    member("H-004", "BK7", "BK8", "child"),  # 13 added
    member("H-004", "BK7", "BK9", "child"),  # 14 unchanged: added by hand
    member("H-004", "BK7", "BK10", "spouse"),  # 15 added
    member("H-005", "BK11", "BK6", "child"),  # 16 rejected: no head row
    head("H-006", "BK12", commune_code="LAR-999"),  # 17 rejected: bad commune
    member("H-006", "BK12", "BK5", "child"),  # 18 rejected: the head's reasons
    head("H-007", "BK1"),  # 19 unchanged: BK1 heads H-001's household, same impact
    head("H-008", "BK6", **NO_IMPACT),  # 20 registered
    head("H-008", "BK6", **NO_IMPACT),  # 21 rejected: a second head row
    "H-009,BK3",  # 22 rejected: too few cells
]) + "\n"  # fmt: skip


ACCEPTED = [2, 3, 4, 6, 12, 13, 15, 20]
UNCHANGED = [5, 14, 19]
REJECTED = [7, 8, 9, 10, 11, 16, 17, 18, 21, 22]


def ready(intake: Intake) -> UUID:
    """The census's people enrolled, and BK7's household registered by hand (BK9 a child,
    the floods' impact recorded as repairable); its id."""
    people = "\n".join([",".join(HEADER), *(person(c) for c in PEOPLE)]) + "\n"
    enrolled = intake.beneficiary_import.import_beneficiaries(people, actor="setup")
    assert len(enrolled.accepted) == len(PEOPLE), enrolled.rejected
    ids = {c: intake.views.find_by_national_id(c) for c in ("BK7", "BK9")}
    head_id, child_id = ids["BK7"], ids["BK9"]
    assert head_id is not None and child_id is not None
    households = intake.households
    household_id = households.register_household(
        head_id, "LAR", "LAR-002", "Douar Lkhlot", None, actor="cw"
    )
    households.add_member(household_id, child_id, Relation.CHILD, actor="cw")
    households.record_disaster_impact(
        household_id, FLOODS, evacuated=True, damage=DamageLevel.REPAIRABLE, actor="cw"
    )
    return household_id


class Labels:
    """Every UUID replaced by `#n`, n the order it first appears in."""

    def __init__(self) -> None:
        self.seen: dict[UUID, str] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, UUID):
            return self.seen.setdefault(value, f"#{len(self.seen)}")
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self(v) for v in value]
        return value


def trace(intake: Intake, after: int, job_ids: list[UUID], labels: Labels) -> list[Any]:
    """The events stored after notification `after` (but their timestamps and sealed
    addresses) and what each publishes, then the household index's rows."""
    found: list[Any] = []
    for stored in intake.store.recorder.select_notifications(start=after + 1, limit=1_000):
        event = intake.store.mapper.to_domain_event(stored)
        state = {k: v for k, v in vars(event).items() if k not in ("timestamp", "sealed_address")}
        for job_id in job_ids:
            state = {k: v.replace(str(job_id), "<job>") if isinstance(v, str) else v
                     for k, v in state.items()}  # fmt: skip
        publication = to_integration_event(event)
        published = publication.payload.model_dump() if publication is not None else None
        found.append((type(event).__qualname__, labels(state), labels(published)))
    records, _ = intake.household_views.search_households(provinces=None, limit=100)
    found.extend(labels(vars(r)) for r in records)
    return found


def imported_twice(
    intake: Intake, monkeypatch: pytest.MonkeyPatch, rows_a_batch: int = 4
) -> list[Any]:
    """The census imported twice in batches of at least `rows_a_batch` rows: every row's
    outcome, then `trace`, ids labelled in that order."""
    monkeypatch.setattr(
        household_import,
        "household_batches",
        lambda rows: batches(rows, rows_a_batch, household_import._ref),
    )
    labels = Labels()
    labels(ready(intake))
    after = intake.store.recorder.max_notification_id() or 0
    reports = [intake.household_import.import_households(CENSUS, actor="cw-lar") for _ in range(2)]
    outcomes = [labels((r.accepted, r.duplicates, r.rejected)) for r in reports]
    return [*outcomes, *trace(intake, after, [r.job_id for r in reports], labels)]


def household_by_household(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every batch's commit fails, so every batch is recorded household by household."""

    def failing(_: HouseholdBatch) -> list[UUID]:
        raise IntegrityError("the batch's commit failed")

    monkeypatch.setattr(HouseholdBatch, "save", failing)


def racing(intake: Intake, monkeypatch: pytest.MonkeyPatch, rival: Callable[[UUID], None]) -> None:
    """`rival(household_id)` runs once, as another writer, just after a batch has read the
    household registered by hand, so that batch's commit loses the race."""
    reads = intake.store.get_many
    raced: list[UUID] = []

    def get_many(ids: Any) -> dict[UUID, Any]:
        found = reads(ids)
        by_hand = intake.household_views.household_headed_by(_id_of(intake, "BK7"))
        if by_hand in found and not raced:
            raced.append(by_hand)
            rival(by_hand)
        return found

    monkeypatch.setattr(intake.store, "get_many", get_many)


def _id_of(intake: Intake, cin: str) -> UUID:
    found = intake.views.find_by_national_id(cin)
    assert found is not None
    return found


def spouse_added_meanwhile(intake: Intake) -> Callable[[UUID], None]:
    """The rival: a caseworker adds BK10 (row 15's member) as spouse by hand."""

    def add(household_id: UUID) -> None:
        intake.households.add_member(
            household_id, _id_of(intake, "BK10"), Relation.SPOUSE, actor="cw"
        )

    return add
