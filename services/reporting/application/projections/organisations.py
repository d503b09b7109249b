"""Institutions by province, type and licensing status (`intake.institutions`); associations
by province and field of work, with their partnership agreements (`intake.associations`).

Names are not personal data for organisations, but no report needs them: they stay in intake.
An association counts once in each of its fields of work, and so does each of its agreements,
so one query answers both per field. An agreement is in force on a day from `starts_on` to
the day before `ends_on`, or before `ended_on` once an early end is recorded.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from services.reporting.application.projecting import On, Projection
from services.reporting.application.reports import Measure, Op, Report
from services.reporting.application.rows import Rows
from services.reporting.domain.history import Field, Kind
from shared.contracts import Envelope
from shared.contracts.intake_organisations import (
    ASSOCIATIONS_TOPIC,
    INSTITUTIONS_TOPIC,
    AssociationRegisteredV1,
    InstitutionLicensingChangedV1,
    InstitutionManagerAssignedV1,
    InstitutionRegisteredV1,
    PartnershipAgreementEndedV1,
    PartnershipAgreementSignedV1,
)

INSTITUTION = Kind(
    "institution",
    (
        Field("province_code", str, 8),
        Field("commune_code", str, 16),
        Field("type", str, 40),
        Field("licensing_status", str, 32),
        Field("capacity", int),
        Field("managing_association_id", str, 36),
    ),
)
ASSOCIATION = Kind(
    "association",
    (Field("province_code", str, 8), Field("fields_of_work", str, 200)),  # ",a,b,"
)
# One row per association and field of work (`association` true), one per agreement and
# field of work of its association (false, with its dates).
WORK = Kind(
    "work",
    (
        Field("association_id", str, 36),
        Field("agreement_id", str, 36),
        Field("province_code", str, 8),
        Field("field_of_work", str, 40),
        Field("association", bool),
        Field("starts_on", date),
        Field("ends_on", date),  # the agreed end, or the early end once recorded
    ),
)
NO_FIELD = "none"


def _id(payload: BaseModel, name: str) -> str:
    return str(getattr(payload, name))


def _fields(row: object) -> list[str]:
    return [f for f in str(row or "").split(",") if f] or [NO_FIELD]


def _institution(p: BaseModel) -> list[tuple[str, str]]:
    return [(INSTITUTION.name, _id(p, "institution_id"))]


def on_institution_registered(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, InstitutionRegisteredV1)
    key = str(p.institution_id)
    if rows.get(INSTITUTION.name, key) is not None:
        return
    manager = p.managing_association_id
    rows.put(
        INSTITUTION.name,
        key,
        {
            "province_code": p.province_code,
            "commune_code": p.commune_code,
            "type": p.type,
            "licensing_status": p.licensing_status,
            "capacity": p.capacity,
            "managing_association_id": str(manager) if manager is not None else None,
        },
    )


def on_licensing_changed(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, InstitutionLicensingChangedV1)
    rows.update(INSTITUTION.name, str(p.institution_id), licensing_status=p.status)


def on_manager_assigned(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, InstitutionManagerAssignedV1)
    manager = str(p.managing_association_id)
    rows.update(INSTITUTION.name, str(p.institution_id), managing_association_id=manager)


def _association_registered_reads(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, AssociationRegisteredV1)
    key = str(p.association_id)
    fields = _fields(",".join(p.fields_of_work))
    return [(ASSOCIATION.name, key), *((WORK.name, f"{key}:{f}") for f in fields)]


def on_association_registered(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, AssociationRegisteredV1)
    key = str(p.association_id)
    if rows.get(ASSOCIATION.name, key) is not None:
        return
    fields = sorted(set(p.fields_of_work))
    column = "," + ",".join(fields) + ","
    rows.put(ASSOCIATION.name, key, {"province_code": p.province_code, "fields_of_work": column})
    for field in _fields(column):
        rows.put(
            WORK.name,
            f"{key}:{field}",
            {
                "association_id": key,
                "province_code": p.province_code,
                "field_of_work": field,
                "association": True,
            },
        )


def _association(p: BaseModel) -> list[tuple[str, str]]:
    return [(ASSOCIATION.name, _id(p, "association_id"))]


def _agreement_rows(p: BaseModel, rows: Rows) -> list[tuple[str, str]]:
    association_id = _id(p, "association_id")
    association = rows.get(ASSOCIATION.name, association_id)
    if association is None:
        return []
    keys = [
        (WORK.name, f"{_id(p, 'agreement_id')}:{f}") for f in _fields(association["fields_of_work"])
    ]
    if not rows.stored(ASSOCIATION.name, association_id):
        # Registered in this chunk (so `then_reads` did not see its fields): none of its
        # agreements' rows can be in the store yet.
        rows.none_stored(WORK.name, [key for _, key in keys])
    return keys


def on_agreement_signed(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, PartnershipAgreementSignedV1)
    association = rows.get(ASSOCIATION.name, str(p.association_id))
    if association is None:
        return  # of an association never registered here (dead-lettered): left out
    for kind, key in _agreement_rows(p, rows):
        if rows.get(kind, key) is not None:
            continue
        rows.put(
            kind,
            key,
            {
                "association_id": str(p.association_id),
                "agreement_id": str(p.agreement_id),
                "province_code": association["province_code"],
                "field_of_work": key.rpartition(":")[2],
                "association": False,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
            },
        )


def on_agreement_ended(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, PartnershipAgreementEndedV1)
    for kind, key in _agreement_rows(p, rows):
        row = rows.get(kind, key)
        ends_on = row["ends_on"] if row is not None else None
        if isinstance(ends_on, date) and p.ended_on < ends_on:
            rows.update(kind, key, ends_on=p.ended_on)


PROJECTION = Projection(
    name="organisations",
    version=1,
    description="institutions by province, type and licensing status; associations by "
    "province and field of work, with their agreements",
    topics=(INSTITUTIONS_TOPIC, ASSOCIATIONS_TOPIC),
    kinds=(INSTITUTION, ASSOCIATION, WORK),
    handlers={
        InstitutionRegisteredV1.TYPE: On(on_institution_registered, _institution),
        InstitutionLicensingChangedV1.TYPE: On(on_licensing_changed, _institution),
        InstitutionManagerAssignedV1.TYPE: On(on_manager_assigned, _institution),
        AssociationRegisteredV1.TYPE: On(on_association_registered, _association_registered_reads),
        PartnershipAgreementSignedV1.TYPE: On(on_agreement_signed, _association, _agreement_rows),
        PartnershipAgreementEndedV1.TYPE: On(on_agreement_ended, _association, _agreement_rows),
    },
)

REPORTS = (
    Report(
        name="institutions",
        projection="organisations",
        kind=INSTITUTION.name,
        description="Institutions by province, type and licensing status as recorded by "
        "then (a licensing change counts from when it was recorded, whatever its "
        "`effective_on`), with their capacity summed.",
        group_by=("province_code", "type", "licensing_status"),
        measures=(
            Measure("institutions", Op.COUNT),
            Measure("capacity", Op.SUM, "capacity"),
        ),
        filters={"province": "province_code", "type": "type", "status": "licensing_status"},
    ),
    Report(
        name="associations",
        projection="organisations",
        kind=WORK.name,
        description="Associations by province and field of work (one in each of its fields), "
        "and their partnership agreements in force on the day asked about (UTC): signed by "
        "then, started, not yet at their end (the agreed one, or an early end recorded by "
        "then); an agreement counts in each field of its association.",
        group_by=("province_code", "field_of_work"),
        measures=(
            Measure("associations", Op.COUNT_TRUE, "association"),
            Measure("agreements_active", Op.COUNT, during=("starts_on", "ends_on")),
        ),
        filters={"province": "province_code", "field_of_work": "field_of_work"},
    ),
)
