"""Households affected per disaster, province and damage level (`intake.households`).

One row per household and disaster: a later impact for the same household and disaster is a
correction and replaces the earlier one (a new version of the row, so a report as of a moment
before the correction still counts the first). Registrations, members and addresses say
nothing about a disaster and are not read here.
"""

from __future__ import annotations

from pydantic import BaseModel

from services.reporting.application.projecting import On, Projection
from services.reporting.application.reports import Measure, Op, Report
from services.reporting.application.rows import Rows
from services.reporting.domain.history import Field, Kind
from shared.contracts import Envelope
from shared.contracts.intake_households import (
    HOUSEHOLDS_TOPIC,
    HouseholdDisasterImpactRecordedV1,
)

IMPACT = Kind(
    "impact",
    (
        Field("household_id", str, 36),
        Field("disaster", str, 80),
        Field("province_code", str, 8),
        Field("damage", str, 16),
        Field("evacuated", bool),
        Field("year", int),  # of the first impact recorded for the household and disaster
    ),
)


def impact_key(household_id: object, disaster: str) -> str:
    return f"{household_id}:{disaster}"


def _reads(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, HouseholdDisasterImpactRecordedV1)
    return [(IMPACT.name, impact_key(p.household_id, p.disaster))]


def on_impact_recorded(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, HouseholdDisasterImpactRecordedV1)
    key = impact_key(p.household_id, p.disaster)
    earlier = rows.get(IMPACT.name, key)
    rows.put(
        IMPACT.name,
        key,
        {
            "household_id": str(p.household_id),
            "disaster": p.disaster,
            "province_code": p.province_code,
            "damage": p.damage,
            "evacuated": p.evacuated,
            "year": earlier["year"] if earlier is not None else rows.at.year,
        },
    )


PROJECTION = Projection(
    name="households",
    version=1,
    description="households affected per disaster, province and damage level",
    topics=(HOUSEHOLDS_TOPIC,),
    kinds=(IMPACT,),
    handlers={HouseholdDisasterImpactRecordedV1.TYPE: On(on_impact_recorded, _reads)},
)

REPORTS = (
    Report(
        name="households",
        projection="households",
        kind=IMPACT.name,
        description="Households affected per disaster, province and damage level: each "
        "household once per disaster, as its latest impact recorded by then says (a "
        "correction replaces the impact before it); `evacuated`: those of them evacuated. "
        "`year` filters on the year the household's impact was first recorded.",
        group_by=("disaster", "province_code", "damage"),
        measures=(
            Measure("households", Op.COUNT),
            Measure("evacuated", Op.COUNT_TRUE, "evacuated"),
        ),
        filters={"province": "province_code", "disaster": "disaster", "year": "year"},
    ),
)
