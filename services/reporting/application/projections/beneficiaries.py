"""Beneficiaries by province, category and status (`intake.beneficiaries`).

One row per beneficiary and one per beneficiary and category, so a report groups by category
in one query. A merged duplicate stops counting (`counted`); an erasure changes no count.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from services.reporting.application.projecting import On, Projection
from services.reporting.application.reports import Measure, Op, Report
from services.reporting.application.rows import Rows
from services.reporting.domain.history import Field, Kind, Value
from shared.contracts import Envelope
from shared.contracts.intake import (
    BENEFICIARIES_TOPIC,
    BeneficiariesMergedV1,
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryStatusChangedV1,
)

ENROLLED = "enrolled"
NO_CATEGORY = "none"

BENEFICIARY = Kind(
    "beneficiary",
    (
        Field("province_code", str, 8),
        Field("commune_code", str, 16),
        Field("status", str, 16),
        Field("categories", str, 200),  # ",a,b," so a whole name can match
        Field("counted", bool),
    ),
)
# What the reports group: a beneficiary once in each of their categories.
MEMBERSHIP = Kind(
    "membership",
    (
        Field("beneficiary_id", str, 36),
        Field("province_code", str, 8),
        Field("category", str, 40),
        Field("status", str, 16),
        Field("counted", bool),
    ),
)


def _field(payload: BaseModel, name: str) -> object:
    return getattr(payload, name)


def categories_in(value: object) -> list[str]:
    return [c for c in str(value or "").split(",") if c]


def _column(categories: Iterable[str]) -> str:
    return "," + ",".join(sorted(set(categories))) + ","


def _save(rows: Rows, beneficiary_id: str, **changes: Value) -> None:
    """The beneficiary's row and one membership row per category, changed alike."""
    current = rows.get(BENEFICIARY.name, beneficiary_id)
    if current is None:
        return  # a change to one never enrolled here (dead-lettered): left out, not guessed
    row = {**current, **changes}
    rows.put(BENEFICIARY.name, beneficiary_id, row)
    old = set(categories_in(current["categories"])) or {NO_CATEGORY}
    new = set(categories_in(row["categories"])) or {NO_CATEGORY}
    for category in old - new:
        rows.end(MEMBERSHIP.name, f"{beneficiary_id}:{category}")
    for category in new:
        rows.put(
            MEMBERSHIP.name,
            f"{beneficiary_id}:{category}",
            {
                "beneficiary_id": beneficiary_id,
                "province_code": row["province_code"],
                "category": category,
                "status": row["status"],
                "counted": row["counted"],
            },
        )


def _reads(payload: BaseModel) -> list[tuple[str, str]]:
    subject = getattr(payload, "beneficiary_id", None) or _field(payload, "duplicate_id")
    return [(BENEFICIARY.name, str(subject))]


def _memberships(payload: BaseModel, rows: Rows) -> list[tuple[str, str]]:
    ((_, key),) = _reads(payload)
    current = rows.get(BENEFICIARY.name, key)
    names = categories_in(current["categories"]) if current is not None else []
    return [(MEMBERSHIP.name, f"{key}:{c}") for c in [*names, NO_CATEGORY]]


def _recognised_memberships(payload: BaseModel, rows: Rows) -> list[tuple[str, str]]:
    """Those of the beneficiary's categories, and the one the event adds."""
    assert isinstance(payload, BeneficiaryCategoryRecognisedV1)
    key = str(payload.beneficiary_id)
    return [*_memberships(payload, rows), (MEMBERSHIP.name, f"{key}:{payload.category}")]


def _enrolled_memberships(payload: BaseModel, _: Rows) -> list[tuple[str, str]]:
    """The membership rows an enrolment opens, and the `none` one it closes: read for the
    whole chunk with the beneficiaries' rows. Left to `get`, each was a query of its own, two
    per enrolment: half of reporting's time under a steady load (bench/projection_lag.py)."""
    assert isinstance(payload, BeneficiaryEnrolledV2)
    key = str(payload.beneficiary_id)
    return [(MEMBERSHIP.name, f"{key}:{c}") for c in [*payload.categories, NO_CATEGORY]]


def on_enrolled(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, BeneficiaryEnrolledV2)
    key = str(p.beneficiary_id)
    if rows.get(BENEFICIARY.name, key) is not None:
        return
    first = {
        "province_code": p.province_code,
        "commune_code": p.commune_code,
        "status": ENROLLED,
        "categories": ",,",
        "counted": True,
    }
    rows.put(BENEFICIARY.name, key, first)
    _save(rows, key, categories=_column(p.categories))
    if not p.categories:
        _save(rows, key)


def on_moved(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, BeneficiaryMovedV1)
    _save(rows, str(p.beneficiary_id), province_code=p.province_code, commune_code=p.commune_code)


def on_status_changed(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, BeneficiaryStatusChangedV1)
    _save(rows, str(p.beneficiary_id), status=p.status)


def on_category_recognised(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, BeneficiaryCategoryRecognisedV1)
    key = str(p.beneficiary_id)
    current = rows.get(BENEFICIARY.name, key)
    if current is not None:
        _save(rows, key, categories=_column([*categories_in(current["categories"]), p.category]))


def on_merged(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, BeneficiariesMergedV1)
    _save(rows, str(p.duplicate_id), counted=False)


PROJECTION = Projection(
    name="beneficiaries",
    version=1,
    description="beneficiaries by province, category and status",
    topics=(BENEFICIARIES_TOPIC,),
    kinds=(BENEFICIARY, MEMBERSHIP),
    handlers={
        BeneficiaryEnrolledV2.TYPE: On(on_enrolled, _reads, _enrolled_memberships),
        BeneficiaryMovedV1.TYPE: On(on_moved, _reads, _memberships),
        BeneficiaryStatusChangedV1.TYPE: On(on_status_changed, _reads, _memberships),
        BeneficiaryCategoryRecognisedV1.TYPE: On(
            on_category_recognised, _reads, _recognised_memberships
        ),
        BeneficiariesMergedV1.TYPE: On(on_merged, _reads, _memberships),
    },
)

REPORTS = (
    Report(
        name="beneficiaries",
        projection="beneficiaries",
        kind=MEMBERSHIP.name,
        description="Beneficiaries by province, category and status (one in each of their "
        "categories; a merged duplicate not at all).",
        group_by=("province_code", "category", "status"),
        measures=(Measure("beneficiaries", Op.COUNT),),
        where={"counted": True},
        filters={"province": "province_code", "category": "category", "status": "status"},
    ),
)
