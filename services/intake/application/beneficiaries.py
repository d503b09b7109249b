"""Enrolling beneficiaries, one at a time or a batch (the bulk import uses the same path)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from services.intake.application.errors import DUPLICATE_ERRORS, AlreadyEnrolled
from services.intake.application.ports import EventStore, Register, Registers
from services.intake.application.records import categories_column
from services.intake.application.reference import ReferenceData
from services.intake.application.register_sort import NewRecord, sort_out
from services.intake.application.sealing import Sealing
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Sex
from services.intake.privacy.sealing import new_key

LIKELY_DUPLICATE = "same name, birth date and commune as an existing record"
# A caseworker compares a handful of records, not hundreds: flag against the oldest few.
MAX_FLAGS = 3


@dataclass(frozen=True)
class Consent:
    purpose: str
    given_on: date


@dataclass(frozen=True)
class Enrolment:
    personal: PersonalData
    sex: Sex
    province_code: str
    commune_code: str
    categories: list[dict[str, Any]]
    consent: Consent | None = None


@dataclass(frozen=True)
class Submission:
    """An enrolment with who asked for it: a batch can mix caseworkers (group commit)."""

    enrolment: Enrolment
    actor: str
    reason: str | None = None
    traceparent: str | None = None


EnrolmentOutcome = UUID | AlreadyEnrolled


class BeneficiaryEnrolment:
    """Enrolling people: one at a time (through group commit over HTTP) or a batch."""

    def __init__(
        self,
        store: EventStore,
        reference: ReferenceData,
        sealing: Sealing,
        registers: Registers,
    ) -> None:
        self._store = store
        self._reference = reference
        self._sealing = sealing
        self._registers = registers

    def check_residence(self, province_code: str, commune_code: str) -> None:
        self._reference.check_residence(province_code, commune_code)

    def enrol_beneficiary(
        self, enrolment: Enrolment, *, actor: str, traceparent: str | None = None
    ) -> UUID:
        """Enrol one person, or raise AlreadyEnrolled with the existing record's id."""
        enrolment.personal.validate(datetime.now(UTC).date())
        self._reference.check_residence(enrolment.province_code, enrolment.commune_code)
        [outcome] = self.enrol_many([enrolment], actor=actor, traceparent=traceparent)
        if isinstance(outcome, AlreadyEnrolled):
            raise outcome
        return outcome

    def enrol_many(
        self,
        enrolments: Sequence[Enrolment],
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> list[EnrolmentOutcome]:
        """Enrol validated enrolments in one transaction; an identity already held (in the
        database or earlier in the batch) is reported, never enrolled twice."""
        return self.enrol_submissions(
            [Submission(e, actor, reason, traceparent) for e in enrolments]
        )

    def enrol_submissions(self, submissions: Sequence[Submission]) -> list[EnrolmentOutcome]:
        """`enrol_many` for submissions that may come from different caseworkers."""
        try:
            return self._enrol_batch(submissions)
        except DUPLICATE_ERRORS:
            # Another replica enrolled one of these identities since we looked: look again.
            return self._enrol_batch(submissions)

    def _enrol_batch(self, submissions: Sequence[Submission]) -> list[EnrolmentOutcome]:
        enrolments = [s.enrolment for s in submissions]
        identities = [self._sealing.identity_hash(e.personal) for e in enrolments]
        likenesses = [self._sealing.likeness_hash(e.personal, e.commune_code) for e in enrolments]
        with self._registers.transaction() as register:
            held, alike = register.lookup(identities, likenesses, MAX_FLAGS)
            ids = [uuid4() for _ in submissions]
            outcomes, new = sort_out(identities, likenesses, ids, held, alike, MAX_FLAGS)
            if new:
                fresh = [
                    (submissions[n.position], identities[n.position], likenesses[n.position], n)
                    for n in new
                ]
                self._record_enrolments(register, fresh)
        return outcomes

    def _record_enrolments(
        self, register: Register, fresh: list[tuple[Submission, str, str, NewRecord]]
    ) -> None:
        keys, rows, aggregates = [], [], []
        for submission, identity, likeness, (_, beneficiary_id, flag_against) in fresh:
            enrolment, actor = submission.enrolment, submission.actor
            key = new_key()
            keys.append({"subject_id": beneficiary_id, "key": key})
            beneficiary = Beneficiary.enrol(
                beneficiary_id=beneficiary_id,
                sealed_personal=self._sealing.seal_for(key, beneficiary_id, enrolment.personal),
                sex=str(enrolment.sex),
                province_code=enrolment.province_code,
                commune_code=enrolment.commune_code,
                categories=enrolment.categories,
                actor=actor,
                reason=submission.reason,
                traceparent=submission.traceparent,
            )
            if enrolment.consent:
                beneficiary.record_consent(
                    enrolment.consent.purpose, enrolment.consent.given_on, actor, None
                )
            for other in flag_against:
                beneficiary.flag_possible_duplicate(other, actor, LIKELY_DUPLICATE)
            rows.append(
                {
                    "beneficiary_id": beneficiary_id,
                    "identity_hash": identity,
                    "likeness_hash": likeness,
                    "province_code": enrolment.province_code,
                    "commune_code": enrolment.commune_code,
                    "categories": categories_column(enrolment.categories),
                    "status": str(beneficiary.status),
                    "possible_duplicate_of": flag_against[0] if flag_against else None,
                }
            )
            aggregates.append(beneficiary)
        stored = [
            self._store.mapper.to_stored_event(event)
            for beneficiary in aggregates
            for event in beneficiary.collect_events()
        ]
        register.write(keys, rows, stored)
