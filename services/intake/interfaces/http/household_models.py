"""What the households API reads and answers: request bodies and views."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from services.intake.application.household_views import HouseholdRecord
from services.intake.domain.reference import DamageLevel, Relation
from services.intake.interfaces.http.beneficiary_models import COMMUNE_PATTERN, Strict
from shared.http.pages import Page

# Bodies ---------------------------------------------------------------------------------------


class HouseholdRegistration(Strict):
    head_id: UUID = Field(description="the enrolled beneficiary who heads the household")
    province_code: str = Field(examples=["LAR"])
    commune_code: str = Field(pattern=COMMUNE_PATTERN, examples=["LAR-001"])
    douar: str = Field(min_length=1, max_length=200, examples=["Douar Oulad Ogbane"])
    address: str | None = Field(
        default=None, max_length=300, description="street or house description"
    )
    reason: str | None = Field(default=None, max_length=500)


class MemberIn(Strict):
    beneficiary_id: UUID
    relation: Relation = Field(description="relation to the head of the household")
    reason: str | None = Field(default=None, max_length=500)


class ImpactIn(Strict):
    evacuated: bool
    damage: DamageLevel
    reason: str | None = Field(
        default=None, max_length=500, description="required when correcting an earlier record"
    )


class AddressCorrection(Strict):
    douar: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    reason: str = Field(min_length=1, max_length=500)


# Views ----------------------------------------------------------------------------------------


class HouseholdRegistered(BaseModel):
    household_id: UUID


class MemberView(BaseModel):
    beneficiary_id: UUID
    relation: str


class ImpactView(BaseModel):
    disaster: str
    evacuated: bool
    damage: str


class HouseholdView(BaseModel):
    household_id: UUID
    version: int
    head_id: UUID
    province_code: str
    commune_code: str
    erased: bool
    douar: str | None
    address: str | None
    members: list[MemberView]
    member_count: int
    disaster_impacts: list[ImpactView]

    @classmethod
    def of(cls, record: HouseholdRecord) -> HouseholdView:
        fields: dict[str, Any] = dict(record.__dict__)
        fields["members"] = [MemberView(**m) for m in record.members]
        fields["disaster_impacts"] = [ImpactView(**i) for i in record.disaster_impacts]
        return cls(**fields)


class HouseholdPage(Page[HouseholdView]):
    pass
