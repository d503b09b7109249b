"""Personal data as the use cases keep it: sealed under the person's key, found again by
keyed hashes of their identity and likeness (privacy/sealing.py does the cryptography)."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from services.intake.application.errors import PersonalDataErased
from services.intake.application.ports import EventStore
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.personal import PersonalData
from services.intake.privacy.sealing import LookupHasher, normalise_phone, seal, unseal

R = TypeVar("R")


class Sealing:
    def __init__(self, lookup_secret: str | None) -> None:
        if not lookup_secret:
            raise ValueError("intake needs LOOKUP_SECRET for keyed national-ID lookups")
        self.lookup_secret = lookup_secret.encode()
        self.hasher = LookupHasher(self.lookup_secret)

    def identity_hash(self, personal: PersonalData) -> str:
        return self.hasher.digest(*personal.identity())

    def national_id_hash(self, cin: str) -> str:
        return self.hasher.digest("cin", cin)

    def sender_hash(self, number: str) -> str:
        """An SMS sender, to count repeats without keeping the number."""
        return self.hasher.digest("sms-sender", normalise_phone(number))

    def likeness_hash(self, personal: PersonalData, commune_code: str) -> str:
        """Same name, birth date and commune: a possible duplicate without a shared ID."""
        name = personal.name_ar or personal.name_lat or ""
        return self.hasher.likeness(name, personal.birth_date.isoformat(), commune_code)

    def seal_for(self, key: bytes, beneficiary_id: UUID, personal: PersonalData) -> str:
        return seal(key, personal.to_fields(), str(beneficiary_id))

    def personal_data_of(self, beneficiary: Beneficiary, key: bytes | None) -> PersonalData:
        if beneficiary.erased or key is None:
            raise PersonalDataErased(beneficiary.id)
        fields = unseal(key, beneficiary.sealed_personal, str(beneficiary.id))
        return PersonalData.from_fields(fields)


def beneficiary_in(store: EventStore, beneficiary_id: UUID) -> Beneficiary:
    found: Beneficiary = store.repository.get(beneficiary_id)
    return found


def record_of_kind(store: EventStore, record_id: UUID, kind: type[R]) -> R:
    """The record with this id if it is a `kind`; AggregateNotFoundError otherwise."""
    found: object = store.repository.get(record_id)
    if not isinstance(found, kind):  # another kind of record: not one of these
        raise AggregateNotFoundError(record_id)
    return found
