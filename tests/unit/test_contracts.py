import json
import uuid

import pytest

from shared.contracts import ContractError, default_registry
from shared.contracts.envelope import Envelope
from shared.contracts.intake import BeneficiaryEnrolledV2


def an_envelope(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "event_id": str(uuid.uuid4()),
        "type": "BeneficiaryEnrolled",
        "schema_version": 1,
        "aggregate_id": str(uuid.uuid4()),
        "aggregate_version": 1,
        "origin": "intake",
        "position": 7,
        "occurred_at": "2026-02-10T09:30:00+01:00",
        "actor": "caseworker-larache",
        "reason": "فيضانات فبراير 2026",
        "payload": {
            "beneficiary_id": str(uuid.uuid4()),
            "province_code": "LAR",
            "category": "disaster_affected",
        },
    }
    return {**data, **changes}


def test_a_v1_event_from_kafka_is_upcast_to_v2_with_utc_time() -> None:
    raw = json.dumps(an_envelope(), ensure_ascii=False).encode()
    decoded = default_registry().decode(raw)
    assert isinstance(decoded.payload, BeneficiaryEnrolledV2)
    assert decoded.envelope.schema_version == 1  # as it was published
    assert decoded.payload.categories == ["disaster_affected"]
    assert decoded.payload.commune_code is None
    assert decoded.envelope.occurred_at.isoformat() == "2026-02-10T08:30:00+00:00"
    assert decoded.envelope.reason == "فيضانات فبراير 2026"
    # Arabic travels as UTF-8, not as \u escapes, and comes back intact.
    assert "فيضانات".encode() in decoded.envelope.encode()
    assert Envelope.decode(decoded.envelope.encode()) == decoded.envelope


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe", "undecodable message"),
        (b"[1, 2]", "undecodable message: the envelope is not a JSON object"),
        (json.dumps(an_envelope(type="Nope")).encode(), "unknown event type 'Nope'"),
        (
            json.dumps(an_envelope(schema_version=9)).encode(),
            "unknown schema version 9 of event type 'BeneficiaryEnrolled'",
        ),
        (json.dumps(an_envelope(position=0)).encode(), "invalid envelope: position"),
        (
            json.dumps(an_envelope(payload={"beneficiary_id": "x"})).encode(),
            "invalid BeneficiaryEnrolled payload",
        ),
    ],
)
def test_what_cannot_be_used_says_why(raw: bytes, reason: str) -> None:
    with pytest.raises(ContractError) as caught:
        default_registry().decode(raw)
    assert caught.value.reason.startswith(reason)


def test_event_ids_are_stable_so_a_resent_event_keeps_its_id() -> None:
    aggregate = uuid.uuid4()
    assert Envelope.event_id_for("intake", aggregate, 3) == Envelope.event_id_for(
        "intake", aggregate, 3
    )
    assert Envelope.event_id_for("intake", aggregate, 3) != Envelope.event_id_for(
        "intake", aggregate, 4
    )


def test_the_relays_fast_encoding_is_a_valid_envelope() -> None:
    from datetime import UTC, datetime

    payload = BeneficiaryEnrolledV2(
        beneficiary_id=uuid.uuid4(),
        province_code="KHN",
        commune_code="KHN-001",
        sex="F",
        categories=["disability"],
    )
    aggregate = uuid.uuid4()
    raw = Envelope.encode_fields(
        payload,
        origin="intake",
        position=12,
        aggregate_id=aggregate,
        aggregate_version=2,
        occurred_at=datetime(2026, 2, 10, 8, 0, tzinfo=UTC),
        actor="amina",
        reason="تصحيح",
    )
    decoded = default_registry().decode(raw)
    assert decoded.payload == payload
    assert decoded.envelope.event_id == Envelope.event_id_for("intake", aggregate, 2)
    assert decoded.envelope.reason == "تصحيح"
    assert decoded.envelope.encode() == raw  # the fast path writes what the model writes


def test_a_v2_event_decodes_as_itself() -> None:
    payload = {
        "beneficiary_id": str(uuid.uuid4()),
        "province_code": "KEN",
        "commune_code": "KEN-001",
        "sex": "M",
        "categories": ["disability", "disaster_affected"],
    }
    raw = json.dumps(an_envelope(schema_version=2, payload=payload)).encode()
    decoded = default_registry().decode(raw)
    assert isinstance(decoded.payload, BeneficiaryEnrolledV2)
    assert decoded.payload.categories == ["disability", "disaster_affected"]
