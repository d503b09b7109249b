"""Bearer JWTs: who the user is, which roles they hold, which provinces they may act in."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import jwt


class Role(StrEnum):
    CASEWORKER = "caseworker"
    APPROVER = "approver"
    AUDITOR = "auditor"
    ADMIN = "admin"


class NotAuthenticated(Exception):
    """No token, or one that is not valid: 401."""


class NotAllowed(Exception):
    """A valid token whose roles or provinces do not cover the request: 403."""


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[Role]
    provinces: frozenset[str]

    def has_any(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)

    def may_act_in(self, province_code: str) -> bool:
        return "*" in self.provinces or province_code in self.provinces

    def require_province(self, province_code: str) -> None:
        if not self.may_act_in(province_code):
            raise NotAllowed(f"not allowed to act in province {province_code!r}")

    def readable_provinces(self) -> frozenset[str] | None:
        """The provinces the caller may read; None for all (admin, or a token for every one)."""
        if Role.ADMIN in self.roles or "*" in self.provinces:
            return None
        return self.provinces

    def list_scope(self, province: str | None) -> frozenset[str] | None:
        """The one rule for every list: a filter naming a province outside the caller's is
        NotAllowed (403); no filter means every province the caller may read (None: all)."""
        readable = self.readable_provinces()
        if province is None:
            return readable
        if readable is not None and province not in readable:
            raise NotAllowed(f"not allowed to act in province {province!r}")
        return frozenset({province})


@dataclass(frozen=True)
class TokenIssuer:
    secret: str
    issuer: str
    audience: str
    ttl_seconds: int = 8 * 3600
    # A client sends the same token with every request for hours: checking its signature once
    # is enough. Entries keep the token's expiry, which is checked on every use.
    _verified: dict[str, tuple[Principal, float]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    MAX_VERIFIED = 10_000

    def mint(self, subject: str, roles: list[Role], provinces: list[str]) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "iat": now,
            "exp": now + self.ttl_seconds,
            "roles": [str(r) for r in roles],
            "provinces": provinces,
        }
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def verify(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None:
            principal, expires = known
            if time.time() < expires:
                return principal
            del self._verified[token]
            raise NotAuthenticated("token expired")
        principal, expires = self._verify_signed(token)
        if len(self._verified) >= self.MAX_VERIFIED:
            self._verified.clear()
        self._verified[token] = (principal, expires)
        return principal

    def _verify_signed(self, token: str) -> tuple[Principal, float]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.secret,
                algorithms=["HS256"],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as e:
            raise NotAuthenticated("token expired") from e
        except jwt.InvalidTokenError as e:
            raise NotAuthenticated(f"invalid token: {e}") from e
        try:
            roles = frozenset(Role(r) for r in claims.get("roles", []))
        except ValueError as e:
            raise NotAuthenticated(f"invalid token: {e}") from e
        provinces = claims.get("provinces", [])
        if not isinstance(provinces, list) or not all(isinstance(p, str) for p in provinces):
            raise NotAuthenticated("invalid token: provinces must be a list of codes")
        principal = Principal(
            subject=str(claims["sub"]), roles=roles, provinces=frozenset(provinces)
        )
        return principal, float(claims["exp"])
