"""An association: the partner that manages institutions under partnership agreements."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from services.intake.domain.organisation_rules import (
    AgreementMustEndAfterItStarts,
    AgreementMustHaveASubject,
    AssociationMustHaveAName,
    AssociationMustWorkInSomeField,
    EarlyEndMustFallWithinTheAgreement,
    EarlyEndMustGiveAReason,
    EndedAgreementCannotEndAgain,
    RegistrationNumberMustBeGiven,
)
from services.intake.domain.reference import Category
from services.intake.domain.rules import ProvinceMustBeKnown
from shared.rules import check


class NoSuchAgreement(LookupError):
    """The association signed no agreement with this id."""


@dataclass(frozen=True)
class Agreement:
    agreement_id: UUID
    subject: str
    starts_on: date
    ends_on: date
    ended_on: date | None
    end_reason: str | None


class Association(Aggregate):
    class Registered(Aggregate.Created):
        name: str
        registration_number: str
        province_code: str
        fields_of_work: list[str]
        actor: str
        reason: str | None
        traceparent: str | None

    class AgreementSigned(Aggregate.Event):
        agreement_id: UUID
        subject: str
        starts_on: date
        ends_on: date
        actor: str
        reason: str | None
        traceparent: str | None

    class AgreementEnded(Aggregate.Event):
        agreement_id: UUID
        ended_on: date
        actor: str
        reason: str | None
        traceparent: str | None

    @event(Registered)
    def __init__(
        self,
        *,
        name: str,
        registration_number: str,
        province_code: str,
        fields_of_work: list[str],
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.name = name
        self.registration_number = registration_number
        self.province_code = province_code
        self.fields_of_work = [Category(f) for f in fields_of_work]
        # Plain values keyed by str(agreement_id), so a snapshot of this state would transcode.
        self._agreements: dict[str, dict[str, Any]] = {}
        self.registered_by = actor

    @classmethod
    def register(
        cls,
        *,
        name: str,
        registration_number: str,
        province_code: str,
        fields_of_work: Iterable[Category],
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> Association:
        fields = tuple(dict.fromkeys(Category(f) for f in fields_of_work))
        check(
            AssociationMustHaveAName(name),
            RegistrationNumberMustBeGiven(registration_number),
            ProvinceMustBeKnown(province_code),
            AssociationMustWorkInSomeField(fields),
        )
        return cls(
            name=name,
            registration_number=registration_number,
            province_code=province_code,
            fields_of_work=[str(f) for f in fields],
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @property
    def agreements(self) -> list[Agreement]:
        return [Agreement(**a) for a in self._agreements.values()]

    def agreement(self, agreement_id: UUID) -> Agreement:
        try:
            return Agreement(**self._agreements[str(agreement_id)])
        except KeyError:
            raise NoSuchAgreement(agreement_id) from None

    def sign_agreement(
        self,
        *,
        subject: str,
        starts_on: date,
        ends_on: date,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> UUID:
        check(
            AgreementMustHaveASubject(subject),
            AgreementMustEndAfterItStarts(starts_on, ends_on),
        )
        agreement_id = uuid4()
        self._agreement_signed(
            agreement_id=agreement_id,
            subject=subject,
            starts_on=starts_on,
            ends_on=ends_on,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )
        return agreement_id

    @event(AgreementSigned)
    def _agreement_signed(
        self,
        *,
        agreement_id: UUID,
        subject: str,
        starts_on: date,
        ends_on: date,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self._agreements[str(agreement_id)] = {
            "agreement_id": agreement_id,
            "subject": subject,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "ended_on": None,
            "end_reason": None,
        }

    def end_agreement(
        self,
        *,
        agreement_id: UUID,
        ended_on: date,
        reason: str | None,
        actor: str,
        traceparent: str | None = None,
    ) -> None:
        agreement = self.agreement(agreement_id)
        check(
            EndedAgreementCannotEndAgain(agreement.ended_on),
            EarlyEndMustGiveAReason(reason),
            EarlyEndMustFallWithinTheAgreement(agreement.starts_on, agreement.ends_on, ended_on),
        )
        self._agreement_ended(
            agreement_id=agreement_id,
            ended_on=ended_on,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @event(AgreementEnded)
    def _agreement_ended(
        self,
        *,
        agreement_id: UUID,
        ended_on: date,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        agreement = self._agreements[str(agreement_id)]
        agreement["ended_on"] = ended_on
        agreement["end_reason"] = reason
