"""The people the projection lag bench enrols: each with a motor disability in Khenifra, so
that once the technical aids' cycle is open grants proposes each of them three aids
(wheelchair, white cane, hearing aid)."""

from __future__ import annotations

import asyncio
from typing import Any

from bench.sms_gateway import GatewayConnection

PROVINCE = "KHN"
AIDS = 3  # decisions grants proposes per person
SETUP_SENDERS = 16

_GIVEN = (("خديجة", "Khadija"), ("فاطمة", "Fatima"), ("محمد", "Mohamed"),
          ("يوسف", "Youssef"), ("عائشة", "Aicha"), ("حسن", "Hassan"), ("مريم", "Meryem"),
          ("إدريس", "Driss"))  # fmt: skip
_FAMILY = (("التازي", "Tazi"), ("العلوي", "Alaoui"), ("بناني", "Bennani"), ("الفاسي", "Fassi"),
           ("الإدريسي", "Idrissi"), ("برادة", "Berrada"))  # fmt: skip


def enrolment(cin: str, n: int) -> dict[str, Any]:
    """POST /beneficiaries' body for person n (names and birth dates from small lists, as
    bench/enrol.lua: a few look alike, as in real intake)."""
    given, family = _GIVEN[n % len(_GIVEN)], _FAMILY[(n // len(_GIVEN)) % len(_FAMILY)]
    return {
        "name_ar": f"{given[0]} {family[0]}", "name_lat": f"{given[1]} {family[1]}",
        "cin": cin, "birth_date": f"{1940 + n % 60}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "sex": "F", "phone": "0612345678", "address": f"{n} derb Sidi Bouzekri",
        "province_code": PROVINCE, "commune_code": f"{PROVINCE}-001",
        "categories": [{"category": "disability", "disability_type": "motor",
                        "severity": "severe", "evidence": "medical certificate",
                        "since": "2019-05-01"}],
    }  # fmt: skip


async def enrol_pool(url: str, people: int, headers: dict[str, str]) -> list[str]:
    """`people` enrolled through intake, SETUP_SENDERS at a time; their ids."""
    numbers = iter(range(people))
    ids: list[str] = []

    async def sender() -> None:
        connection = await GatewayConnection.open(url)
        try:
            for n in numbers:
                status, answer = await connection.post(
                    "/beneficiaries", enrolment(f"LA{n:07d}", n), headers
                )
                if status != 201:
                    raise RuntimeError(f"set-up enrolment: {status} {answer}")
                ids.append(str(answer["beneficiary_id"]))
        finally:
            await connection.close()

    await asyncio.gather(*(sender() for _ in range(SETUP_SENDERS)))
    return ids
