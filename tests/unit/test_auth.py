import time

import jwt
import pytest

from shared.auth import NotAuthenticated, Role, TokenIssuer

ISSUER = TokenIssuer(secret="s" * 40, issuer="taawun", audience="taawun-api")


def test_a_minted_token_carries_roles_and_provinces() -> None:
    principal = ISSUER.verify(ISSUER.mint("amina", [Role.CASEWORKER], ["KHN", "LAR"]))
    assert principal.subject == "amina"
    assert principal.roles == {Role.CASEWORKER}
    assert principal.may_act_in("KHN") and not principal.may_act_in("SAF")


@pytest.mark.parametrize(
    "claims_change",
    [
        {"exp": int(time.time()) - 10},
        {"aud": "another-api"},
        {"iss": "someone-else"},
        {"roles": ["emperor"]},
    ],
)
def test_bad_tokens_are_not_authenticated(claims_change: dict[str, object]) -> None:
    claims = jwt.decode(
        ISSUER.mint("x", [Role.AUDITOR], ["*"]), options={"verify_signature": False}
    )
    forged = jwt.encode({**claims, **claims_change}, ISSUER.secret, algorithm="HS256")
    with pytest.raises(NotAuthenticated):
        ISSUER.verify(forged)


def test_a_token_signed_with_another_key_is_refused() -> None:
    other = TokenIssuer(secret="o" * 40, issuer="taawun", audience="taawun-api")
    with pytest.raises(NotAuthenticated):
        ISSUER.verify(other.mint("x", [Role.ADMIN], ["*"]))


def test_a_verified_token_stops_working_when_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    issuer = TokenIssuer(secret="s" * 40, issuer="taawun", audience="taawun-api", ttl_seconds=60)
    token = issuer.mint("x", [Role.CASEWORKER], ["KHN"])
    assert issuer.verify(token).subject == "x"
    assert issuer.verify(token).subject == "x"  # the second time from the verified cache
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(NotAuthenticated, match="expired"):
        issuer.verify(token)


def test_a_refused_token_is_refused_every_time() -> None:
    other = TokenIssuer(secret="o" * 40, issuer="taawun", audience="taawun-api")
    forged = other.mint("x", [Role.ADMIN], ["*"])
    for _ in range(2):
        with pytest.raises(NotAuthenticated):
            ISSUER.verify(forged)
