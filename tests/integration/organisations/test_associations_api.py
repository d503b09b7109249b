"""Institutions and associations over HTTP, on intake's own SQLite event store."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from services.intake.application import Intake
from services.intake.application.organisations import InstitutionRegistration
from services.intake.domain.reference import InstitutionType, LicensingStatus
from services.intake.persistence import organisation_index
from shared.auth import Role
from tests.integration.organisations.conftest import (
    AL_AMAL,
    DAR_AL_ATFAL,
    as_,
    fields_of,
    license,
    register,
)


async def test_a_managing_association_must_be_registered(client: httpx.AsyncClient) -> None:
    association_id = await register(client, "/associations", AL_AMAL)
    institution_id = await register(
        client, "/institutions", {**DAR_AL_ATFAL, "managing_association_id": association_id}
    )
    assert (await client.get(f"/institutions/{institution_id}")).json()[
        "managing_association_id"
    ] == association_id
    unknown = await client.put(
        f"/institutions/{institution_id}/managing-association",
        json={"managing_association_id": institution_id},  # not an association
    )
    assert fields_of(unknown) == ["managing_association_id"]
    other_id = await register(client, "/associations", {**AL_AMAL, "name": "Autre"})
    moved = await client.put(
        f"/institutions/{institution_id}/managing-association",
        json={"managing_association_id": other_id, "reason": "nouvelle convention"},
    )
    assert moved.status_code == 200 and moved.json()["managing_association_id"] == other_id
    history = (await client.get(f"/institutions/{institution_id}/history")).json()["events"]
    assert history[-1]["what"] == "ManagerAssigned" and history[-1]["why"] == "nouvelle convention"


async def test_agreements_are_signed_and_ended(client: httpx.AsyncClient) -> None:
    association_id = await register(client, "/associations", AL_AMAL)
    path = f"/associations/{association_id}/agreements"
    backwards = {"subject": "gestion", "starts_on": "2023-01-01", "ends_on": "2021-01-01"}
    assert fields_of(await client.post(path, json=backwards)) == ["ends_on"]
    # A number is no date (pydantic would read 0 as 1970-01-01): 422, nothing signed.
    as_number = await client.post(path, json={**backwards, "starts_on": 0})
    assert as_number.status_code == 422 and "starts_on" in fields_of(as_number)
    signed = await client.post(path, json={**backwards, "ends_on": "2025-12-31"})
    assert signed.status_code == 201, signed.text
    agreement_id = signed.json()["agreement_id"]
    ended = await client.post(
        f"{path}/{agreement_id}/end", json={"ended_on": "2024-06-30", "reason": "dissolution"}
    )
    assert ended.status_code == 200, ended.text
    [agreement] = ended.json()["agreements"]
    assert agreement == {
        "agreement_id": agreement_id,
        "subject": "gestion",
        "starts_on": "2023-01-01",
        "ends_on": "2025-12-31",
        "ended_on": "2024-06-30",
        "end_reason": "dissolution",
    }
    again = await client.post(
        f"{path}/{agreement_id}/end", json={"ended_on": "2024-07-01", "reason": "x"}
    )
    assert fields_of(again) == ["agreement_id"]
    history = (await client.get(f"/associations/{association_id}/history")).json()["events"]
    assert [e["what"] for e in history] == ["Registered", "AgreementSigned", "AgreementEnded"]
    elsewhere = as_(Role.CASEWORKER, provinces=("SAF",))
    assert (await client.post(path, json=backwards, headers=elsewhere)).status_code == 403


async def test_lists_filter_and_page(client: httpx.AsyncClient) -> None:
    everywhere = as_(Role.CASEWORKER)
    for n, (province, type_) in enumerate(
        [("KHN", "kindergarten")] * 3 + [("KHN", "social_complex"), ("SAF", "kindergarten")]
    ):
        body = {
            **DAR_AL_ATFAL,
            "name_lat": f"Centre {n}",
            "province_code": province,
            "commune_code": f"{province}-001",
            "type": type_,
        }
        await client.post("/institutions", json=body, headers=everywhere)
    first = (await client.get("/institutions", params={"limit": 2})).json()
    assert first["total"] == 4  # the caseworker sees Khénifra only
    assert [i["name_lat"] for i in first["items"]] == ["Centre 0", "Centre 1"]
    rest = (await client.get("/institutions", params={"limit": 2, "offset": 2})).json()
    assert [i["name_lat"] for i in rest["items"]] == ["Centre 2", "Centre 3"]
    assert (rest["limit"], rest["offset"]) == (2, 2)

    kindergartens = await client.get(
        "/institutions", params={"type": "kindergarten"}, headers=as_(Role.AUDITOR)
    )
    assert kindergartens.json()["total"] == 4
    saf = await client.get("/institutions", params={"province": "SAF"}, headers=everywhere)
    assert [i["name_lat"] for i in saf.json()["items"]] == ["Centre 4"]
    assert (await client.get("/institutions", params={"province": "SAF"})).status_code == 403

    centre_0 = first["items"][0]["institution_id"]
    await license(client, centre_0, "licensed", "2021-03-01")
    licensed = (await client.get("/institutions", params={"status": "licensed"})).json()
    assert [i["institution_id"] for i in licensed["items"]] == [centre_0]
    assert licensed["items"][0]["licensing_status"] == "licensed"

    bad_params: list[dict[str, Any]] = [
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"status": "x"},
    ]
    for bad in bad_params:
        assert (await client.get("/institutions", params=bad)).status_code == 422, bad


async def test_associations_list_by_field_of_work(client: httpx.AsyncClient) -> None:
    await register(client, "/associations", AL_AMAL)
    await register(
        client,
        "/associations",
        {**AL_AMAL, "name": "Amal Women", "fields_of_work": ["woman_in_difficulty"]},
    )
    disability = (await client.get("/associations", params={"field": "disability"})).json()
    assert [a["name"] for a in disability["items"]] == [AL_AMAL["name"]]
    assert disability["items"][0]["fields_of_work"] == ["elderly_without_support", "disability"]
    everything = (await client.get("/associations")).json()
    assert (everything["total"], everything["limit"], everything["offset"]) == (2, 50, 0)
    empty = await client.post("/associations", json={**AL_AMAL, "fields_of_work": []})
    assert fields_of(empty) == ["fields_of_work"]


def test_events_and_index_row_commit_together(
    intake: Intake, monkeypatch: pytest.MonkeyPatch
) -> None:
    def index_down(*_: Any) -> None:
        raise RuntimeError("index down")

    monkeypatch.setattr(organisation_index, "record_institution", index_down)
    registration = InstitutionRegistration(
        name_lat="Centre",
        name_ar=None,
        type=InstitutionType.KINDERGARTEN,
        province_code="KHN",
        commune_code="KHN-001",
        capacity=20,
        licensing_status=LicensingStatus.LICENSED,
    )
    with pytest.raises(RuntimeError):
        intake.organisations.register_institution(registration, actor="cw")
    assert not intake.store.recorder.max_notification_id()
