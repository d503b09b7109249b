"""The stored events' transcoder (shared/transcoder.py): eventsourcing's own transcoder test
case, and byte for byte the bytes `JSONTranscoder` writes, both ways."""

from __future__ import annotations

import enum
import math
from collections import namedtuple
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import skip
from uuid import UUID

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoder,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)
from eventsourcing.tests import persistence as library
from eventsourcing.tests.persistence import (
    CustomType1,
    CustomType1AsDict,
    CustomType2,
    CustomType2AsDict,
)

from services.intake.persistence.event_store import IntakeEventStore
from shared.eventstore import DateAsISO, eventstore_env
from shared.transcoder import OrjsonTranscoder

CASABLANCA = timezone(timedelta(hours=1))
ID = UUID("b2723fe2-c01a-40d2-875e-a3aac6a09ff5")
OTHER_ID = UUID("5e9f15c1-bcab-419e-b648-0203847a8a5f")


class Sex(enum.StrEnum):
    F = "F"


class Rank(enum.IntEnum):
    FIRST = 1


Pair = namedtuple("Pair", "left right")


# Through the module: a base class imported by name would be collected, and fail, itself.
class TestOrjsonTranscoder(library.TranscoderTestCase):
    """The library's case, skipping what its own test of `JSONTranscoder` skips: the format
    is `JSONTranscoder`'s, in which tuples and subclasses of builtins come back as builtins."""

    def construct_transcoder(self) -> Transcoder:
        transcoder = OrjsonTranscoder()
        transcoder.register(CustomType1AsDict())
        transcoder.register(CustomType2AsDict())
        transcoder.register(UUIDAsHex())
        return transcoder

    @skip("JSONTranscoder's format: tuples are stored as lists")
    def test_tuple(self) -> None:
        pass

    @skip("JSONTranscoder's format: tuples are stored as lists")
    def test_mixed(self) -> None:
        pass

    @skip("JSONTranscoder's format: dict subclasses are stored as dicts")
    def test_dict_subclass(self) -> None:
        pass

    @skip("JSONTranscoder's format: list subclasses are stored as lists")
    def test_list_subclass(self) -> None:
        pass

    @skip("JSONTranscoder's format: str subclasses are stored as strings")
    def test_str_subclass(self) -> None:
        pass

    @skip("JSONTranscoder's format: int subclasses are stored as integers")
    def test_int_subclass(self) -> None:
        pass


def _both() -> tuple[JSONTranscoder, OrjsonTranscoder]:
    pair = (JSONTranscoder(), OrjsonTranscoder())
    for transcoder in pair:
        for transcoding in (
            UUIDAsHex(),
            DecimalAsStr(),
            DatetimeAsISO(),
            DateAsISO(),
            CustomType1AsDict(),
            CustomType2AsDict(),
        ):
            transcoder.register(transcoding)
    return pair


STATES: list[Any] = [
    {  # an event's state as the mapper hands it over
        "timestamp": datetime(2026, 2, 14, 9, 30, 1, 250_000, tzinfo=UTC),
        "originator_topic": "services.intake.domain.beneficiary:Beneficiary",
        "given_on": date(2026, 2, 10),
        "other_id": ID,
        "amount": Decimal("1250.50"),
        "name": 'مريم بنت "علي" \\ الفاسي',
        "reason": None,
        "class_version": 2,
    },
    {
        "at": datetime(2026, 2, 14, 10, 0, tzinfo=CASABLANCA),
        "naive": datetime(2026, 2, 14, 10, 0, 0, 7),
        "members": [ID, {"id": OTHER_ID, "since": date(2025, 1, 1)}, [ID, None]],
        "nested": {"a": {"b": [Decimal("-0.001"), Decimal("1E+3")]}},
        "flags": [True, False, None],
        "custom": CustomType2(CustomType1(ID)),
    },
    {"_type_": "not_a_tag", "other": 1},  # a dict that only looks like a tag
    {"_type_": "uuid_hex", "_data_": "b2723fe2c01a40d2875ea3aac6a09ff5", "x": 1},
    {"sex": Sex.F, "rank": Rank.FIRST, "pair": Pair(ID, 2), "tuple": (1, (ID,))},
    {"text": "\x00\x1f\x7f\u2028\b\f\n\r\t/ é 🐈", "big": 2**64 - 1, "neg": -(2**63)},
    {"floats": [0.0, -0.0, 0.1, 1.0, 1e-4, 1e16, 1.2345678901234568e17, 1e300]},
    # The standard way, and still the same bytes: what orjson writes differently or not.
    {"floats": [1e-05, 1e-7, 5e-324, math.inf, -math.inf]},
    {"huge": 2**64, "tiny": -(2**63) - 1, "digits": 10**40},
    {1: "int key", None: "null key", False: "bool key", 1.5: "float key"},
    [ID, date(2026, 1, 1)],
    ID,
    "نص عربي",
    None,
    12,
]


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_writes_the_bytes_json_transcoder_writes(state: Any) -> None:
    standard, fast = _both()
    stored = standard.encode(state)
    assert fast.encode(state) == stored
    assert fast.decode(stored) == standard.decode(stored)


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_reads_back_what_it_wrote(state: Any) -> None:
    _, fast = _both()
    expected = _as_json_keeps_it(state)
    assert fast.decode(fast.encode(state)) == expected


def _as_json_keeps_it(value: Any) -> Any:
    """What comes back from the JSON format: tuples as lists, enum members as their values."""
    if isinstance(value, dict):
        keys = {
            k: k if isinstance(k, str) else JSONTranscoder().encode(k).decode().strip('"')
            for k in value
        }
        return {keys[k]: _as_json_keeps_it(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_json_keeps_it(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def test_reads_what_only_the_standard_decoder_reads() -> None:
    standard, fast = _both()
    for stored in (
        b'{"x":NaN,"y":-Infinity}',
        b'"\\ud83d\\udc08 \\u54c8"',  # written with ensure_ascii=True
        b'{"n":18446744073709551616,"m":[-9223372036854775809]}',  # beyond 64 bits
        b'{"lone":"\\ud800"}',
        b"123456789012345678901234567890",
    ):
        expected = standard.decode(stored)
        decoded = fast.decode(stored)
        assert repr(decoded) == repr(expected), stored  # repr: NaN != NaN


def test_errors_are_json_transcoders() -> None:
    standard, fast = _both()
    for transcoder in (standard, fast):
        with pytest.raises(TranscodingNotRegisteredError):
            transcoder.encode({"a": [object()]})
        with pytest.raises(TranscodingNotRegisteredError, match="'nope'"):
            transcoder.decode(b'[{"_type_":"nope","_data_":1}]')
        with pytest.raises(ValueError):
            transcoder.decode(b"{not json")
        with pytest.raises(UnicodeError):
            transcoder.decode(b'"\xff"')


def test_is_every_taawun_applications_transcoder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/intake.sqlite"
    intake = IntakeEventStore(env=eventstore_env(url) | {"LOOKUP_SECRET": "t"})
    try:
        transcoder = intake.mapper.transcoder
        assert isinstance(transcoder, OrjsonTranscoder)
        assert set(transcoder.names) >= {"uuid_hex", "datetime_iso", "decimal_str", "date_iso"}
    finally:
        intake.close()


def test_transcoder_topic_still_chooses(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/intake.sqlite"
    env = eventstore_env(url) | {
        "LOOKUP_SECRET": "t",
        "TRANSCODER_TOPIC": "eventsourcing.persistence:JSONTranscoder",
    }
    intake = IntakeEventStore(env=env)
    try:
        transcoder = intake.mapper.transcoder
        assert type(transcoder) is JSONTranscoder
        assert "date_iso" in transcoder.names
    finally:
        intake.close()


def test_pickles_as_a_transcoder_with_the_same_transcodings() -> None:
    """An import's worker processes get the event store's mapper, transcoder included."""
    import pickle

    _, fast = _both()
    copy = pickle.loads(pickle.dumps(fast))
    assert isinstance(copy, OrjsonTranscoder) and set(copy.names) == set(fast.names)
    for state in STATES:
        assert copy.encode(state) == fast.encode(state)
