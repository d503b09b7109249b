"""FastAPI dependencies that turn a bearer token into a Principal, or a JSON 401/403.

Async, though they never await: FastAPI runs a sync dependency in a worker thread.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.auth import NotAllowed, NotAuthenticated, Principal, Role, TokenIssuer

_bearer = HTTPBearer(auto_error=False, description="JWT minted by `taawun token`")


def _issuer(request: Request) -> TokenIssuer:
    issuer: TokenIssuer = request.app.state.token_issuer
    return issuer


def authenticated(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated("a bearer token is required")
    return _issuer(request).verify(credentials.credentials)


def require_role(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    allowed = frozenset(roles)

    # One dependency level over the bearer scheme: each level costs FastAPI time per request.
    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        principal = authenticated(request, credentials)
        if not principal.has_any(allowed):
            needed = ", ".join(sorted(str(r) for r in allowed))
            raise NotAllowed(f"this needs one of the roles: {needed}")
        return principal

    return dependency


# The roles every service's routers ask for, written once: caseworkers write (in their
# provinces); caseworkers, approvers, auditors and admins read; admins manage reference data.
Writer = Annotated[Principal, Depends(require_role(Role.CASEWORKER))]
Reader = Annotated[
    Principal,
    Depends(require_role(Role.CASEWORKER, Role.APPROVER, Role.AUDITOR, Role.ADMIN)),
]
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]
# Auditors (and admins) read everything a service keeps, in every province.
Auditor = Annotated[Principal, Depends(require_role(Role.AUDITOR, Role.ADMIN))]
