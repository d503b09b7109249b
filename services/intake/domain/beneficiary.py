"""A person the agency serves. Personal fields are held sealed; the application opens them."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import get_topic

from services.intake.domain.person_rules import (
    DisabilityMustSayTypeAndSeverity,
    PeriodMustNotEndBeforeItStarts,
    ReasonMustBeGiven,
    RecordMustBeOpen,
    StatusMayOnlyMoveForward,
)
from services.intake.domain.reference import BeneficiaryStatus, Category, Sex
from services.intake.domain.rules import ProvinceMustBeKnown
from shared.rules import check


def category_entry(
    category: Category,
    *,
    evidence: str,
    since: date,
    until: date | None = None,
    disability_type: str | None = None,
    severity: str | None = None,
) -> dict[str, Any]:
    """One recognised category, checked; `evidence` names a document, never personal data."""
    check(
        DisabilityMustSayTypeAndSeverity(Category(category), disability_type, severity),
        PeriodMustNotEndBeforeItStarts(since, until),
    )
    return {
        "category": str(Category(category)),
        "disability_type": disability_type,
        "severity": severity,
        "evidence": evidence,
        "since": since.isoformat(),
        "until": until.isoformat() if until else None,
    }


class Beneficiary(Aggregate):
    id: UUID

    class Enrolled(Aggregate.Created):
        class_version = 2
        sealed_personal: str
        sex: str
        province_code: str
        commune_code: str
        categories: list[dict[str, Any]]
        actor: str
        reason: str | None
        traceparent: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """v1 knew one category per person; v2 a list with evidence and dates."""
            category = state.pop("category")
            state["categories"] = [
                {"category": category, "disability_type": None, "severity": None,
                 "evidence": "recorded before v2", "since": None, "until": None}
            ]  # fmt: skip

    @event(Enrolled)
    def __init__(
        self,
        *,
        sealed_personal: str,
        sex: str,
        province_code: str,
        commune_code: str,
        categories: list[dict[str, Any]],
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.sealed_personal = sealed_personal
        self.sex = Sex(sex)
        self.province_code = province_code
        self.commune_code = commune_code
        self.categories = list(categories)
        self.status = BeneficiaryStatus.ENROLLED
        self.consents: list[dict[str, Any]] = []
        self.possible_duplicates: set[UUID] = set()
        self.merged_into: UUID | None = None
        self.absorbed: list[UUID] = []
        self.erased = False

    @classmethod
    def enrol(cls, *, beneficiary_id: UUID, **fields: Any) -> Beneficiary:
        check(ProvinceMustBeKnown(fields["province_code"]))
        return cls(id=beneficiary_id, **fields)  # type: ignore[call-arg]

    @classmethod
    def enrolment_events(
        cls, *, beneficiary_id: UUID, consent: tuple[str, date] | None, **fields: Any
    ) -> list[Aggregate.Event]:
        """The events `enrol` and then `record_consent` (purpose, given on) record, checked
        by the same rules, without building the aggregate: an import enrols hundreds of
        thousands of people, and the aggregate's machinery cost half again as much as the
        events themselves (tests/unit/test_beneficiary.py checks they are the same)."""
        check(ProvinceMustBeKnown(fields["province_code"]))
        fields["sex"] = str(Sex(fields["sex"]))
        timestamp = cls.Enrolled.create_timestamp()
        events: list[Aggregate.Event] = [
            cls.Enrolled(
                originator_id=beneficiary_id,
                originator_version=1,
                timestamp=timestamp,
                originator_topic=_TOPIC,
                **fields,
            )
        ]
        if consent:
            events.append(
                cls.ConsentRecorded(  # type: ignore[attr-defined]
                    originator_id=beneficiary_id,
                    originator_version=2,
                    timestamp=cls.Enrolled.create_timestamp(),
                    purpose=consent[0],
                    given_on=consent[1],
                    actor=fields["actor"],
                    reason=None,
                )
            )
        return events

    def _must_be_open(self) -> None:
        check(RecordMustBeOpen(self.merged_into, self.erased))

    def correct_personal_data(self, sealed_personal: str, actor: str, reason: str) -> None:
        self._must_be_open()
        check(ReasonMustBeGiven(reason))
        self._personal_data_corrected(sealed_personal=sealed_personal, actor=actor, reason=reason)

    @event("PersonalDataCorrected")
    def _personal_data_corrected(self, sealed_personal: str, actor: str, reason: str) -> None:
        self.sealed_personal = sealed_personal

    def move(self, province_code: str, commune_code: str, actor: str, reason: str | None) -> None:
        self._must_be_open()
        check(ProvinceMustBeKnown(province_code))
        self._residence_changed(
            province_code=province_code, commune_code=commune_code, actor=actor, reason=reason
        )

    @event("ResidenceChanged")
    def _residence_changed(
        self, province_code: str, commune_code: str, actor: str, reason: str | None
    ) -> None:
        self.province_code = province_code
        self.commune_code = commune_code

    def change_status(self, status: BeneficiaryStatus, actor: str, reason: str) -> None:
        self._must_be_open()
        check(StatusMayOnlyMoveForward(self.status, status), ReasonMustBeGiven(reason))
        self._status_changed(status=str(status), actor=actor, reason=reason)

    @event("StatusChanged")
    def _status_changed(self, status: str, actor: str, reason: str) -> None:
        self.status = BeneficiaryStatus(status)

    def recognise_category(self, entry: dict[str, Any], actor: str, reason: str | None) -> None:
        self._must_be_open()
        self._category_recognised(entry=entry, actor=actor, reason=reason)

    @event("CategoryRecognised")
    def _category_recognised(self, entry: dict[str, Any], actor: str, reason: str | None) -> None:
        self.categories.append(entry)

    @event("ConsentRecorded")
    def record_consent(self, purpose: str, given_on: date, actor: str, reason: str | None) -> None:
        self.consents.append({"purpose": purpose, "given_on": given_on, "recorded_by": actor})

    @event("PossibleDuplicateFlagged")
    def flag_possible_duplicate(self, other_id: UUID, actor: str, reason: str) -> None:
        self.possible_duplicates.add(other_id)

    @event("PossibleDuplicateDismissed")
    def dismiss_possible_duplicate(self, other_id: UUID, actor: str, reason: str) -> None:
        self.possible_duplicates.discard(other_id)

    def merge_into(self, survivor_id: UUID, actor: str, reason: str) -> None:
        self._must_be_open()
        check(ReasonMustBeGiven(reason))
        self._merged_into(survivor_id=survivor_id, actor=actor, reason=reason)

    @event("MergedInto")
    def _merged_into(self, survivor_id: UUID, actor: str, reason: str) -> None:
        self.merged_into = survivor_id
        self.possible_duplicates.discard(survivor_id)

    @event("Absorbed")
    def absorb(self, duplicate_id: UUID, actor: str, reason: str) -> None:
        self.absorbed.append(duplicate_id)
        self.possible_duplicates.discard(duplicate_id)

    def erase_personal_data(self, actor: str, reason: str) -> None:
        check(ReasonMustBeGiven(reason))
        if not self.erased:
            self._personal_data_erased(actor=actor, reason=reason)

    @event("PersonalDataErased")
    def _personal_data_erased(self, actor: str, reason: str) -> None:
        self.erased = True


_TOPIC = get_topic(Beneficiary)
