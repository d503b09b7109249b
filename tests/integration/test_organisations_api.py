"""Institutions and associations over HTTP, on intake's own SQLite event store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.intake.application import Intake
from services.intake.application.organisations import InstitutionRegistration
from services.intake.bootstrap import build_intake_use_cases
from services.intake.domain.reference import InstitutionType, LicensingStatus
from services.intake.interfaces.http.associations import router as associations_router
from services.intake.interfaces.http.institutions import router as institutions_router
from services.intake.persistence import organisation_index
from shared.auth import Role
from shared.eventstore import eventstore_env
from shared.http.app import create_app
from tests.infra import postgres_database, require_infra
from tests.platform import ISSUER, token

CASEWORKER_KHN = token(Role.CASEWORKER, provinces=("KHN",), subject="cw-khenifra")

DAR_AL_ATFAL = {
    "name_lat": "Dar Al Atfal Khenifra",
    "name_ar": "دار الأطفال خنيفرة",
    "type": "social_care_institution",
    "province_code": "KHN",
    "commune_code": "KHN-001",
    "capacity": 60,
    "licensing_status": "licensing_in_progress",
}
AL_AMAL = {
    "name": "جمعية الأمل لرعاية المسنين",
    "registration_number": "KHN-2014-0117",
    "province_code": "KHN",
    "fields_of_work": ["elderly_without_support", "disability"],
}


async def _ready() -> dict[str, str]:
    return {}


def _env(url: str) -> dict[str, str]:
    return eventstore_env(url) | {"LOOKUP_SECRET": "test"}


@pytest.fixture(params=["sqlite", "postgresql"])
def intake(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Intake]:
    """The index's upsert differs by dialect, so both databases are tried (PostgreSQL on CI)."""
    if request.param == "sqlite":
        yield build_intake_use_cases(_env(f"sqlite:///{tmp_path}/intake.sqlite"))
        return
    require_infra()
    with postgres_database("intake") as url:
        app = build_intake_use_cases(_env(url))
        yield app
        app.store.close()


@pytest.fixture
async def client(intake: Intake) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(
        title="t",
        description="t",
        token_issuer=ISSUER,
        routers=[institutions_router, associations_router],
        ready=_ready,
    )
    app.state.intake = intake
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {CASEWORKER_KHN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        yield c


def as_(*roles: Role, provinces: tuple[str, ...] = ("*",)) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(*roles, provinces=provinces)}"}


def fields_of(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [f["field"] for f in response.json()["fields"]]


async def register(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> str:
    response = await client.post(path, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()[f"{path.strip('/')[:-1]}_id"])


async def license(client: httpx.AsyncClient, id_: str, status: str, on: str) -> httpx.Response:
    body = {"status": status, "effective_on": on, "reason": "décision du délégué"}
    return await client.post(f"/institutions/{id_}/licensing", json=body)


async def test_an_institution_is_registered_shown_and_its_history_kept(
    client: httpx.AsyncClient,
) -> None:
    institution_id = await register(client, "/institutions", DAR_AL_ATFAL)
    shown = (await client.get(f"/institutions/{institution_id}")).json()
    assert shown["name_ar"] == "دار الأطفال خنيفرة"  # Arabic round-trips intact
    assert shown["licensing_status"] == "licensing_in_progress"
    assert (shown["version"], shown["managing_association_id"]) == (1, None)

    licensed = await license(client, institution_id, "licensed", "2021-03-01")
    assert licensed.status_code == 200, licensed.text
    assert licensed.json()["licensing_effective_on"] == "2021-03-01"

    history = (await client.get(f"/institutions/{institution_id}/history")).json()
    events = history["events"]
    assert [(e["what"], e["who"]) for e in events] == [
        ("Registered", "cw-khenifra"),
        ("LicensingChanged", "cw-khenifra"),
    ]
    assert events[1]["why"] == "décision du délégué"

    registered_at = events[0]["when"]
    before = await client.get(f"/institutions/{institution_id}", params={"as_of": registered_at})
    assert before.json()["licensing_status"] == "licensing_in_progress"
    now = await client.get(f"/institutions/{institution_id}", params={"as_of": events[1]["when"]})
    assert now.json()["licensing_status"] == "licensed"
    a_second_earlier = datetime.fromisoformat(registered_at) - timedelta(seconds=1)
    too_early = await client.get(
        f"/institutions/{institution_id}", params={"as_of": a_second_earlier.isoformat()}
    )
    assert too_early.status_code == 404
    assert too_early.json()["detail"] == "institution did not exist yet at that moment"
    naive = await client.get(
        f"/institutions/{institution_id}", params={"as_of": "2026-01-01T00:00:00"}
    )
    assert fields_of(naive) == ["query.as_of"]


async def test_licensing_transitions_are_checked(client: httpx.AsyncClient) -> None:
    institution_id = await register(client, "/institutions", DAR_AL_ATFAL)
    refused = await license(client, institution_id, "suspended", "2021-01-01")
    assert fields_of(refused) == ["status"]
    same = await license(client, institution_id, "licensing_in_progress", "2021-01-01")
    assert fields_of(same) == ["status"]
    for status, on in [("licensed", "2021-03-01"), ("suspended", "2022-01-10")]:
        assert (await license(client, institution_id, status, on)).status_code == 200
    backdated = await license(client, institution_id, "licensed", "2021-12-31")
    assert fields_of(backdated) == ["effective_on"]
    assert (await license(client, institution_id, "closed", "2023-01-01")).status_code == 200
    final = await license(client, institution_id, "licensed", "2023-02-01")
    assert fields_of(final) == ["status"]
    no_reason = await client.post(
        f"/institutions/{institution_id}/licensing",
        json={"status": "licensed", "effective_on": "2024-01-01"},
    )
    assert fields_of(no_reason) == ["reason"]
    shown = (await client.get(f"/institutions/{institution_id}")).json()
    assert (shown["licensing_status"], shown["version"]) == ("closed", 4)


async def test_bad_bodies_answer_422_naming_the_field(client: httpx.AsyncClient) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"capacity": 0}, "capacity"),
        ({"type": "castle"}, "type"),
        ({"province_code": "XXX"}, "province_code"),
        ({"licensing_status": "closed"}, "licensing_status"),
        ({"name_lat": None, "name_ar": " "}, "name_ar"),
        ({"colour": "blue"}, "colour"),
    ]
    admin = as_(Role.CASEWORKER)  # all provinces, so XXX reaches the rule
    for changes, field in cases:
        response = await client.post(
            "/institutions", json={**DAR_AL_ATFAL, **changes}, headers=admin
        )
        assert fields_of(response) == [field], changes


async def test_access_is_by_role_and_province(client: httpx.AsyncClient) -> None:
    institution_id = await register(client, "/institutions", DAR_AL_ATFAL)
    elsewhere = as_(Role.CASEWORKER, provinces=("SAF",))
    assert (
        await client.post("/institutions", json=DAR_AL_ATFAL, headers=elsewhere)
    ).status_code == 403
    outside = await client.post(
        f"/institutions/{institution_id}/licensing",
        json={"status": "licensed", "effective_on": "2021-03-01", "reason": "r"},
        headers=elsewhere,
    )
    assert outside.status_code == 403
    assert (
        await client.get(f"/institutions/{institution_id}", headers=elsewhere)
    ).status_code == 403
    auditor = as_(Role.AUDITOR)
    assert (
        await client.post("/institutions", json=DAR_AL_ATFAL, headers=auditor)
    ).status_code == 403
    assert (await client.post("/associations", json=AL_AMAL, headers=auditor)).status_code == 403
    assert (await client.get(f"/institutions/{institution_id}", headers=auditor)).status_code == 200
    anonymous = {"Authorization": ""}
    assert (
        await client.post("/institutions", json=DAR_AL_ATFAL, headers=anonymous)
    ).status_code == 401
    assert (await client.get("/associations", headers=anonymous)).status_code == 401


async def test_unknown_records_are_404(client: httpx.AsyncClient) -> None:
    association_id = await register(client, "/associations", AL_AMAL)
    for path in [
        f"/institutions/{association_id}",  # an association is not an institution
        "/institutions/6f1c2a52-31b6-4f6a-9d51-000000000000/history",
        "/associations/6f1c2a52-31b6-4f6a-9d51-000000000000",
    ]:
        assert (await client.get(path)).status_code == 404, path
    ending = await client.post(
        f"/associations/{association_id}/agreements/6f1c2a52-31b6-4f6a-9d51-000000000000/end",
        json={"ended_on": "2022-01-01", "reason": "r"},
    )
    assert ending.status_code == 404


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
