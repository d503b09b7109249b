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
