"""The transcoder of every service's stored events: eventsourcing's JSON format, written and
read by orjson.

The stored format is `JSONTranscoder`'s, byte for byte: compact separators, non-ASCII text as
UTF-8, `{"_type_": name, "_data_": ...}` for each value of a registered `Transcoding`. Events
stored before this transcoder read back the same; what it writes reads back with the library's.

orjson writes UUIDs, dataclasses and enums its own untagged way and has no `object_hook`, so
encoding first turns the state into plain JSON values (`_plain`), tagging what a transcoding
covers, and decoding walks what orjson read, turning tags back (`_revive_dict`). Both follow
`json`'s rules: subclasses of str, int, float, list, tuple and dict are written as those,
whatever is registered for them. The library's transcodings (and `DateAsISO`) take shortcuts
with the same result: a UTC or naive datetime and a date go to orjson inside their tag (orjson
writes what `isoformat()` returns, six times faster); reading calls `datetime.fromisoformat`
and the like directly.

Where orjson and `json` would disagree, the state goes `JSONTranscoder`'s own way: floats
orjson spells differently (NaN, infinities, 0 < |x| < 1e-4), integers beyond 64 bits, dict keys
that are not strings, NaN literals and lone surrogates in stored bytes. None occur in our
events; the fallback keeps them correct, not fast.

`DateAsISO` and the direct readers are in transcodings.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)

from shared.transcodings import READ, DateAsISO

Tagger = Callable[[Any], dict[str, Any]]

# Types orjson writes exactly as `json` does, looked up by `type(value)` (so no subclasses).
_AS_IS = frozenset({str, int, bool, type(None)})
# `json` writes these (and their subclasses) natively and never asks a transcoding about them.
_JSON_NATIVE = (str, int, float, list, tuple, dict)
# orjson reads integer literals beyond 64 bits as floats: a float this large may have been one.
_MAYBE_BIG_INTEGER = float(2**63)


class _OrjsonWouldDiffer(Exception):
    """orjson would not write (or read) this the way `json` does."""


class OrjsonTranscoder(JSONTranscoder):
    """`JSONTranscoder`'s format, faster (docs/benchmarks.md, "orjson transcoder"). A subclass,
    so `Application.register_transcodings` and `register` work as with the library's own."""

    def __init__(self) -> None:
        super().__init__()
        self._taggers: dict[type, Tagger] = {}
        self._readers: dict[str, Callable[[Any], Any]] = {}
        self._str_readers: dict[str, Callable[[str], Any]] = {}

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        name = transcoding.name
        self._readers[name] = transcoding.decode
        self._str_readers[name] = READ.get(type(transcoding), transcoding.decode)
        # Like `json`, never consult a transcoding for a type `json` writes natively.
        if not issubclass(transcoding.type, _JSON_NATIVE):
            self._taggers[transcoding.type] = self._tagger(transcoding)

    def __reduce__(self) -> tuple[Any, ...]:
        # An import sends the event store's mapper to its worker processes, and the json
        # module's encoder and scanner that the fallback keeps do not pickle: a worker gets a
        # transcoder rebuilt from the same transcodings.
        return _rebuilt, (list(self.names.values()),)

    def encode(self, obj: Any) -> bytes:
        try:
            return orjson.dumps(self._plain(obj))
        except (_OrjsonWouldDiffer, orjson.JSONEncodeError, RecursionError):
            return super().encode(obj)

    def decode(self, data: bytes) -> Any:
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            return super().decode(data)
        try:
            kind = type(value)
            if kind is dict:
                return self._revive_dict(value)
            if kind is list:
                return self._revive_list(value)
            if kind is float and not -_MAYBE_BIG_INTEGER < value < _MAYBE_BIG_INTEGER:
                raise _OrjsonWouldDiffer
            return value
        except _OrjsonWouldDiffer:
            return super().decode(data)

    def _tagger(self, transcoding: Transcoding) -> Tagger:
        name, kind = transcoding.name, type(transcoding)
        if kind is DatetimeAsISO:
            return lambda o: {"_type_": name, "_data_": _iso_datetime(o)}
        if kind is DateAsISO:
            return lambda o: {"_type_": name, "_data_": o}  # orjson writes its isoformat()
        if kind is UUIDAsHex:
            return lambda o: {"_type_": name, "_data_": o.hex}
        if kind is DecimalAsStr:
            return lambda o: {"_type_": name, "_data_": str(o)}
        encode = transcoding.encode

        def tag(obj: Any) -> dict[str, Any]:
            data = encode(obj)
            return {"_type_": name, "_data_": data if type(data) in _AS_IS else self._plain(data)}

        return tag

    def _plain(self, obj: Any) -> Any:
        """`obj` as the values `json` would write, with orjson writing them the same way."""
        kind = type(obj)
        if kind in _AS_IS:
            return obj
        if kind is dict:
            taggers = self._taggers
            plain = {}
            for key, value in obj.items():
                kind = type(value)
                if kind in _AS_IS:
                    plain[key] = value
                elif (tag := taggers.get(kind)) is not None:
                    plain[key] = tag(value)
                else:
                    plain[key] = self._plain(value)
            return plain
        if kind is list or kind is tuple:
            return [v if type(v) in _AS_IS else self._plain(v) for v in obj]
        tag = self._taggers.get(kind)
        if tag is not None:
            return tag(obj)
        if kind is float:
            return _float(obj)
        return self._plain_subclass(obj)

    def _plain_subclass(self, obj: Any) -> Any:
        if isinstance(obj, (str, int)):
            return obj  # orjson writes str and int subclasses (enums too) as their value
        if isinstance(obj, float):
            return _float(float(obj))
        if isinstance(obj, dict):
            return {k: self._plain(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [self._plain(v) for v in obj]
        msg = (
            f"Object of type {type(obj)} is not serializable. Please define and register "
            "a custom transcoding for this type."
        )
        raise TranscodingNotRegisteredError(msg)

    def _revive_dict(self, d: dict[str, Any]) -> Any:
        """`d` with its tagged objects decoded, innermost first (as `object_hook` would)."""
        for key, value in d.items():
            kind = type(value)
            if kind is str:
                continue
            if kind is dict:
                if len(value) == 2 and type(data := value.get("_data_")) is str:
                    name = value.get("_type_", _UNTAGGED)
                    if name is not _UNTAGGED:
                        d[key] = self._str_reader(name)(data)
                        continue
                d[key] = self._revive_dict(value)
            elif kind is list:
                self._revive_list(value)
            elif kind is float and not -_MAYBE_BIG_INTEGER < value < _MAYBE_BIG_INTEGER:
                raise _OrjsonWouldDiffer
        if len(d) == 2 and "_type_" in d and "_data_" in d:
            data = d["_data_"]
            if type(data) is str:
                return self._str_reader(d["_type_"])(data)
            return self._reader(d["_type_"])(data)
        return d

    def _revive_list(self, items: list[Any]) -> list[Any]:
        for i, value in enumerate(items):
            kind = type(value)
            if kind is dict:
                items[i] = self._revive_dict(value)
            elif kind is list:
                self._revive_list(value)
            elif kind is float and not -_MAYBE_BIG_INTEGER < value < _MAYBE_BIG_INTEGER:
                raise _OrjsonWouldDiffer
        return items

    def _str_reader(self, name: Any) -> Callable[[str], Any]:
        try:
            return self._str_readers[name]
        except KeyError as e:
            raise _not_registered(name) from e

    def _reader(self, name: Any) -> Callable[[Any], Any]:
        try:
            return self._readers[name]
        except KeyError as e:
            raise _not_registered(name) from e


_UNTAGGED = object()


def _not_registered(name: Any) -> TranscodingNotRegisteredError:
    return TranscodingNotRegisteredError(
        f"Data serialized with name '{name}' is not deserializable. Please register a "
        "custom transcoding for this type."
    )


def _iso_datetime(moment: datetime) -> datetime | str:
    # orjson writes a naive or UTC datetime as `isoformat()` does; other zones the slow way.
    return moment if moment.tzinfo is None or moment.tzinfo is UTC else moment.isoformat()


def _rebuilt(transcodings: list[Transcoding]) -> OrjsonTranscoder:
    transcoder = OrjsonTranscoder()
    for transcoding in transcodings:
        transcoder.register(transcoding)
    return transcoder


def _float(value: float) -> float:
    # orjson writes 1e-05 as 0.00001 and NaN or infinity as null; `json` writes `repr`.
    if not math.isfinite(value) or (value != 0.0 and -1e-4 < value < 1e-4):
        raise _OrjsonWouldDiffer
    return value
