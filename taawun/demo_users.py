"""The demo's users (tokens minted with the demo's issuer) and small HTTP helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from shared.auth import Role, TokenIssuer

PROVINCES = ["KHN", "LAR", "KEN"]


@dataclass(frozen=True)
class DemoUsers:
    caseworker: str
    auditor: str
    admin: str
    approver: str  # approves decisions and payment lists
    authoriser: str  # a second approver: authorises above the threshold, approves lists too

    @classmethod
    def minted(cls, issuer: TokenIssuer) -> DemoUsers:
        return cls(
            caseworker=issuer.mint("demo-caseworker", [Role.CASEWORKER], PROVINCES),
            auditor=issuer.mint("demo-auditor", [Role.AUDITOR], ["*"]),
            admin=issuer.mint("demo-admin", [Role.ADMIN], ["*"]),
            approver=issuer.mint("demo-approver-1", [Role.APPROVER], PROVINCES),
            authoriser=issuer.mint("demo-approver-2", [Role.APPROVER], PROVINCES),
        )


def client(base: str, token: str, timeout: float = 30.0) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.AsyncClient(base_url=base, headers=headers, timeout=timeout)


async def created(c: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await c.post(path, json=body)
    if response.status_code != 201:
        raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
    found: dict[str, Any] = response.json()
    return found
