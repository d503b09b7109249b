"""Intake's and grants' events applied to the read model, one method per event."""

from __future__ import annotations

from uuid import UUID

from services.reporting.application.ports import ReadModel

ENROLLED = "enrolled"


class Projection:
    def __init__(self, read_model: ReadModel) -> None:
        self._read_model = read_model

    def beneficiary_enrolled(
        self, beneficiary_id: UUID, province_code: str, categories: frozenset[str]
    ) -> None:
        self._read_model.add_beneficiary(beneficiary_id, province_code, ENROLLED, categories)

    def beneficiary_moved(self, beneficiary_id: UUID, province_code: str) -> None:
        self._read_model.move(beneficiary_id, province_code)

    def beneficiary_status_changed(self, beneficiary_id: UUID, status: str) -> None:
        self._read_model.set_status(beneficiary_id, status)

    def beneficiary_category_recognised(self, beneficiary_id: UUID, category: str) -> None:
        known = self._read_model.categories_of(beneficiary_id)
        self._read_model.set_categories(beneficiary_id, known | {category})

    def beneficiaries_merged(self, duplicate_id: UUID) -> None:
        """One person counted once: the duplicate record stops counting."""
        self._read_model.mark_merged(duplicate_id)

    def eligibility_review_opened(self, province_code: str) -> None:
        self._read_model.count_review_opened(province_code)
