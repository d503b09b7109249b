"""Law 09-08 by design: erasure by destroying a key, keyed lookups, nothing personal in logs."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
import structlog

from services.intake.application import Intake
from services.intake.bootstrap import build_intake_use_cases
from shared.auth import Role
from shared.logs import configure_logging
from tests.integration.test_delivery_guarantees import settled
from tests.integration.test_walking_skeleton import (
    DISABLED,
    FATIMA,
    counts,
    open_technical_aids_cycle,
)
from tests.platform import Platform, eventually, token

PERSONAL = ("فاطمة", "Fatima", "BK123456", "1958-03-14", "0612345678", "Bouzekri")
CASEWORKER = token(Role.CASEWORKER, provinces=("KHN",), subject="amina")


def replayed(platform: Platform) -> Intake:
    """A new intake over the same database: everything it shows comes from the stored events."""
    live: Any = platform.intake.http.state.intake.store
    return build_intake_use_cases(dict(live.env))


async def test_erasure_destroys_the_key_and_the_books_still_balance(platform: Platform) -> None:
    async with platform.client(platform.intake, CASEWORKER) as intake:
        beneficiary_id = (await intake.post("/beneficiaries", json=FATIMA)).json()["beneficiary_id"]
        await settled(platform, 1, proposals=0)  # elderly: no programme proposes, none cancelled
        before = await counts(platform)

        erased = await intake.post(
            f"/beneficiaries/{beneficiary_id}/erasure", json={"reason": "request under law 09-08"}
        )
        assert erased.status_code == 204
        shown = (await intake.get(f"/beneficiaries/{beneficiary_id}")).json()
        assert shown["erased"] is True
        assert [shown[k] for k in ("name_ar", "name_lat", "cin", "birth_date", "phone")] == [
            None
        ] * 5
        assert shown["province_code"] == "KHN" and shown["status"] == "enrolled"
        assert (
            await intake.post("/beneficiaries/lookup", json={"cin": "BK123456"})
        ).status_code == 404
        history = (await intake.get(f"/beneficiaries/{beneficiary_id}/history")).json()["events"]
        assert history[-1]["what"] == "PersonalDataErased"

    # A full replay cannot read them either, and the stored events never held them in the clear.
    replay = replayed(platform)
    try:
        record = replay.views.read_beneficiary(UUID(beneficiary_id))
        assert record.erased and record.personal is None
        stored = replay.store.recorder.select_notifications(start=1, limit=100)
        raw = b"".join(n.state for n in stored).decode("utf-8", errors="replace")
        assert not [p for p in PERSONAL if p in raw]
    finally:
        replay.store.close()

    async def erasure_published() -> bool:
        types = [r.header("event-type") for r in await platform.read_topic("intake.beneficiaries")]
        return "BeneficiaryPersonalDataErased" in types

    await eventually(erasure_published, what="the erasure to be published")
    assert await counts(platform) == before  # counts and amounts unaffected
    wire = b"".join(
        r.value or b"" for r in await platform.read_topic("intake.beneficiaries")
    ).decode()
    assert not [p for p in PERSONAL if p in wire]


@pytest.fixture
def debug_logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging("DEBUG", stream=stream)
    yield stream
    structlog.reset_defaults()


async def test_no_personal_data_reaches_the_logs(
    platform: Platform, debug_logs: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await open_technical_aids_cycle(platform)  # so grants proposes, and logs that too
    async with platform.client(platform.intake, CASEWORKER) as intake:
        enrolled = await intake.post("/beneficiaries", json=DISABLED)
        beneficiary_id = enrolled.json()["beneficiary_id"]
        assert (await intake.post("/beneficiaries", json=DISABLED)).status_code == 409
        bad: dict[str, Any] = {**DISABLED, "cin": "not a cin"}
        assert (await intake.post("/beneficiaries", json=bad)).status_code == 422
        await intake.post(
            f"/beneficiaries/{beneficiary_id}/corrections",
            json={"changes": {"phone": "0698765432"}, "reason": "new number"},
        )
        await platform.inject("intake.beneficiaries", b"k", json.dumps(FATIMA).encode())
        await settled(platform, 1)
        await intake.post(f"/beneficiaries/{beneficiary_id}/erasure", json={"reason": "request"})

    async def dead_lettered() -> bool:
        return len(await platform.read_topic("grants.dlq")) == 1

    await eventually(dead_lettered, what="the personal-looking poison message to be dead-lettered")
    logs = debug_logs.getvalue() + caplog.text
    assert "message.dead_lettered" in logs  # the logs were captured at all
    assert not [p for p in (*PERSONAL, "0698765432") if p in logs]
