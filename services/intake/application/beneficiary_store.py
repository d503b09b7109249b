"""What the beneficiary use cases share: the key vault, the index and the keyed hasher."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from services.intake.application.enrolling import AlreadyEnrolled
from services.intake.application.reference import ReferenceUseCases
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.personal import PersonalData
from services.intake.domain.rules import CommuneMustBeKnownInProvince, ProvinceMustBeKnown
from services.intake.domain.territory import Territory
from services.intake.persistence.beneficiary_index import BeneficiaryIndex
from services.intake.persistence.register import EnrolmentRegister
from services.intake.persistence.vault import KeyVault
from services.intake.privacy.sealing import LookupHasher, seal, unseal
from shared.rules import check

__all__ = ["AlreadyEnrolled", "BeneficiaryStore", "PersonalDataErased"]


class PersonalDataErased(Exception):
    """The person's key was destroyed: their personal fields can no longer be read."""


class BeneficiaryStore(ReferenceUseCases):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = KeyVault.of(self)
        self.index = BeneficiaryIndex.of(self)
        self.registers = EnrolmentRegister(self)
        secret = self.env.get("LOOKUP_SECRET")
        if not secret:
            raise ValueError("intake needs LOOKUP_SECRET for keyed national-ID lookups")
        self.hasher = LookupHasher(secret.encode())

    def check_residence(
        self, province_code: str, commune_code: str, territory: Territory | None = None
    ) -> None:
        """Province and commune must be known (shipped, or added by an admin)."""
        known = territory or self.territory()
        check(
            ProvinceMustBeKnown(province_code, known),
            CommuneMustBeKnownInProvince(commune_code, province_code, known),
        )

    def identity_hash(self, personal: PersonalData) -> str:
        return self.hasher.digest(*personal.identity())

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

    def beneficiary(self, beneficiary_id: UUID) -> Beneficiary:
        found: Beneficiary = self.repository.get(beneficiary_id)
        return found
