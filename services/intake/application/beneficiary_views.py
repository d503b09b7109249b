"""Reading beneficiaries: personal fields opened with the person's key, or shown as erased."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from services.intake.application.errors import PersonalDataErased
from services.intake.application.ports import BeneficiaryIndex, EventStore, KeyVault
from services.intake.application.records import HistoryEntry, Page
from services.intake.application.sealing import Sealing, beneficiary_in, record_of_kind
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.personal import PersonalData


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


class BeneficiaryViews:
    def __init__(
        self, store: EventStore, sealing: Sealing, keys: KeyVault, index: BeneficiaryIndex
    ) -> None:
        self._store = store
        self._sealing = sealing
        self._keys = keys
        self._index = index

    def beneficiary(self, beneficiary_id: UUID) -> Beneficiary:
        return beneficiary_in(self._store, beneficiary_id)

    def existing_beneficiary(self, beneficiary_id: UUID) -> Beneficiary:
        """The beneficiary with this id; AggregateNotFoundError if there is none."""
        return record_of_kind(self._store, beneficiary_id, Beneficiary)

    def history(self, beneficiary_id: UUID) -> list[HistoryEntry]:
        return self._store.history(beneficiary_id)

    def as_of(self, beneficiary_id: UUID, when: datetime) -> Beneficiary:
        found: Beneficiary = self._store.as_of(beneficiary_id, when)
        return found

    def record_of(self, beneficiary: Beneficiary, key: bytes | None) -> BeneficiaryRecord:
        try:
            personal: PersonalData | None = self._sealing.personal_data_of(beneficiary, key)
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
        found = self.as_of(beneficiary_id, as_of) if as_of else self.beneficiary(beneficiary_id)
        return self.record_of(found, self._keys.key_for(beneficiary_id))

    def resolve(self, beneficiary_id: UUID) -> UUID:
        """Follow merges: a merged record's id leads to the record that absorbed it."""
        seen = {beneficiary_id}
        while (target := self.beneficiary(beneficiary_id).merged_into) is not None:
            if target in seen:
                break
            seen.add(beneficiary_id := target)
        return beneficiary_id

    def find_by_national_id(self, cin: str) -> UUID | None:
        holder = self._index.holder_of([self._sealing.national_id_hash(cin)])
        return next(iter(holder.values()), None)

    def people_by_national_id(self, cins: Collection[str]) -> dict[str, Beneficiary | None]:
        """For each national ID, the record `find_by_national_id`, `resolve` and
        `existing_beneficiary` lead to (None if nobody holds it), in a few reads for all."""
        hashes = {cin: self._sealing.national_id_hash(cin) for cin in cins}
        holders = self._index.holder_of(list(hashes.values()))
        records: dict[UUID, Any] = {}
        wanted = set(holders.values())
        while wanted:  # the holders, then whoever absorbed them, merge after merge
            records |= self._store.get_many(list(wanted))
            asked = wanted | set(records)
            wanted = {
                r.merged_into
                for r in records.values()
                if isinstance(r, Beneficiary) and r.merged_into and r.merged_into not in asked
            }
        found = {}
        for cin, identity in hashes.items():
            holder = holders.get(identity)
            found[cin] = None if holder is None else _following_merges(records, holder)
        return found

    def search_beneficiaries(self, **filters: Any) -> tuple[list[BeneficiaryRecord], int]:
        page: Page = self._index.search(**filters)
        keys = self._keys.keys_for(page.ids)
        records = [self.record_of(self.beneficiary(i), keys.get(i)) for i in page.ids]
        return records, page.total


def _following_merges(records: dict[UUID, Any], beneficiary_id: UUID) -> Beneficiary | None:
    """As `BeneficiaryViews.resolve`, over records already read."""
    seen = {beneficiary_id}
    record = records.get(beneficiary_id)
    while isinstance(record, Beneficiary) and record.merged_into is not None:
        if record.merged_into in seen:
            break
        seen.add(record.merged_into)
        record = records.get(record.merged_into)
    return record if isinstance(record, Beneficiary) else None
