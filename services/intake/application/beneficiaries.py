"""Enrolling beneficiaries, one at a time or a batch (the bulk import uses the same path)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from services.intake.application.enrolling import (
    NewPerson,
    Outcome,
    beneficiary_events,
    enrol_batch,
)
from services.intake.application.errors import AlreadyEnrolled
from services.intake.application.ports import EventStore, Registers
from services.intake.application.records import categories_column
from services.intake.application.reference import ReferenceData
from services.intake.application.sealing import Sealing
from services.intake.domain.personal import PersonalData
from services.intake.domain.reference import Sex
from services.intake.privacy.sealing import new_key


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


EnrolmentOutcome = Outcome


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
        people = [self._new_person(s) for s in submissions]
        return enrol_batch(self._registers, self._store.mapper, people)

    def _new_person(self, submission: Submission) -> NewPerson:
        enrolment, sealing = submission.enrolment, self._sealing
        beneficiary_id, key = uuid4(), new_key()
        consent = enrolment.consent
        return NewPerson(
            identity_hash=sealing.identity_hash(enrolment.personal),
            likeness_hash=sealing.likeness_hash(enrolment.personal, enrolment.commune_code),
            id_bytes=beneficiary_id.bytes,
            key=key,
            province_code=enrolment.province_code,
            commune_code=enrolment.commune_code,
            categories=categories_column(enrolment.categories),
            events=beneficiary_events(
                self._store.mapper,
                beneficiary_id,
                (consent.purpose, consent.given_on) if consent else None,
                sealed_personal=sealing.seal_for(key, beneficiary_id, enrolment.personal),
                sex=str(enrolment.sex),
                province_code=enrolment.province_code,
                commune_code=enrolment.commune_code,
                categories=enrolment.categories,
                actor=submission.actor,
                reason=submission.reason,
                traceparent=submission.traceparent,
            ),
            actor=submission.actor,
        )
