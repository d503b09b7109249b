"""Reading beneficiaries: personal fields opened with the person's key, or shown as erased."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from services.intake.application.beneficiary_store import BeneficiaryStore, PersonalDataErased
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.personal import PersonalData
from services.intake.persistence.beneficiary_index import Page


@dataclass(frozen=True)
class BeneficiaryRecord:
    beneficiary_id: UUID
    version: int
    personal: PersonalData | None  # None once erased
    sex: str
    province_code: str
    commune_code: str
    categories: list[dict[str, Any]]
    status: str
    consents: list[dict[str, Any]]
    possible_duplicates: list[UUID]
    merged_into: UUID | None
    merged_ids: list[UUID]
    erased: bool


class BeneficiaryViews(BeneficiaryStore):
    def record_of(self, beneficiary: Beneficiary, key: bytes | None) -> BeneficiaryRecord:
        try:
            personal: PersonalData | None = self.personal_data_of(beneficiary, key)
        except PersonalDataErased:
            personal = None
        return BeneficiaryRecord(
            beneficiary_id=beneficiary.id,
            version=beneficiary.version,
            personal=personal,
            sex=str(beneficiary.sex),
            province_code=beneficiary.province_code,
            commune_code=beneficiary.commune_code,
            categories=beneficiary.categories,
            status=str(beneficiary.status),
            consents=beneficiary.consents,
            possible_duplicates=sorted(beneficiary.possible_duplicates),
            merged_into=beneficiary.merged_into,
            merged_ids=beneficiary.absorbed,
            erased=personal is None,
        )

    def read_beneficiary(
        self, beneficiary_id: UUID, as_of: datetime | None = None
    ) -> BeneficiaryRecord:
        found: Beneficiary = (
            self.as_of(beneficiary_id, as_of) if as_of else self.beneficiary(beneficiary_id)
        )
        return self.record_of(found, self.keys.key_for(beneficiary_id))

    def resolve(self, beneficiary_id: UUID) -> UUID:
        """Follow merges: a merged record's id leads to the record that absorbed it."""
        seen = {beneficiary_id}
        while (target := self.beneficiary(beneficiary_id).merged_into) is not None:
            if target in seen:
                break
            seen.add(beneficiary_id := target)
        return beneficiary_id

    def find_by_national_id(self, cin: str) -> UUID | None:
        holder = self.index.holder_of([self.hasher.digest("cin", cin)])
        return next(iter(holder.values()), None)

    def search_beneficiaries(self, **filters: Any) -> tuple[list[BeneficiaryRecord], int]:
        page: Page = self.index.search(**filters)
        keys = self.keys.keys_for(page.ids)
        records = [self.record_of(self.beneficiary(i), keys.get(i)) for i in page.ids]
        return records, page.total
