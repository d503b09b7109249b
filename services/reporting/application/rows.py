"""The rows a projection's handlers read and change while a chunk of messages is applied.

Handlers see the current state (`get`) and say what changes (`put`, `update`, `end`, `add`)
at the time of the event being applied (`at`). Nothing reaches the store until the chunk is
done: then `changes()` says which rows open in the store close, which open, and which facts
are appended, so a chunk of any size costs a few statements, whoever applies it (the live
consumer or a replay).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from services.reporting.domain.history import Kind, Row, Value

# Which of these keys have a row open in the store, and its values.
LoadCurrent = Callable[[Kind, Collection[str]], Mapping[str, Row]]


@dataclass
class Changes:
    """What a chunk did to one projection generation's rows."""

    closed: dict[str, dict[str, datetime]] = field(default_factory=dict)  # kind -> key -> at
    opened: dict[str, list[dict[str, Value]]] = field(default_factory=dict)
    appended: dict[str, list[dict[str, Value]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.closed.values()) or any(self.opened.values()) or any(self.appended.values())


class Rows:
    def __init__(self, kinds: Collection[Kind], load: LoadCurrent) -> None:
        self._kinds = {k.name: k for k in kinds}
        self._load = load
        self.at = datetime.now(UTC)
        self._known: dict[str, dict[str, dict[str, Value] | None]] = {k: {} for k in self._kinds}
        self._in_store: dict[str, set[str]] = {k: set() for k in self._kinds}
        self._pending: dict[str, dict[str, dict[str, Value]]] = {k: {} for k in self._kinds}
        self._changes = Changes()

    def prefetch(self, kind: str, keys: Collection[str]) -> None:
        """Load these keys' current rows in one go (what `get` would load one by one)."""
        known = self._known[kind]
        missing = [k for k in dict.fromkeys(keys) if k not in known]
        if not missing:
            return
        found = self._load(self._kinds[kind], missing)
        for key in missing:
            row = found.get(key)
            known[key] = dict(row) if row is not None else None
            if row is not None:
                self._in_store[kind].add(key)

    def stored(self, kind: str, key: str) -> bool:
        """Whether the store holds this key's row (as loaded, and not closed since): False
        for one first put in this chunk."""
        return key in self._in_store[kind]

    def none_stored(self, kind: str, keys: Collection[str]) -> None:
        """The handler knows the store holds no row of these keys (they belong to one first
        put in this chunk, which `then_reads` could not see): `get` does not load them."""
        for key in keys:
            self._known[kind].setdefault(key, None)

    def get(self, kind: str, key: str) -> Row | None:
        known = self._known[kind]
        if key not in known:
            self.prefetch(kind, (key,))
        return known[key]

    def put(self, kind: str, key: str, row: Row) -> None:
        """The row's state from now on (every field: one it leaves out is None)."""
        values = self._kinds[kind].checked(row)
        if self.get(kind, key) == values:
            return  # nothing changed: no new version
        self._close(kind, key)
        opened: dict[str, Value] = {**values, "key": key, "valid_from": self.at, "valid_to": None}
        self._changes.opened.setdefault(kind, []).append(opened)
        self._pending[kind][key] = opened
        self._known[kind][key] = values

    def update(self, kind: str, key: str, **values: Value) -> bool:
        """Change some fields of the current row; False (nothing done) if there is none."""
        current = self.get(kind, key)
        if current is None:
            return False
        self.put(kind, key, {**current, **values})
        return True

    def end(self, kind: str, key: str) -> None:
        """The row stops being valid: as of later moments it is not there."""
        if self.get(kind, key) is None:
            return
        self._close(kind, key)
        self._known[kind][key] = None

    def add(self, kind: str, row: Row) -> None:
        """A fact of an appended kind, recorded at `at`."""
        spec = self._kinds[kind]
        if not spec.appended:
            raise TypeError(f"{kind} rows are kept by key: put them")
        self._changes.appended.setdefault(kind, []).append({**spec.checked(row), "at": self.at})

    def _close(self, kind: str, key: str) -> None:
        pending = self._pending[kind].pop(key, None)
        if pending is not None:
            pending["valid_to"] = self.at
        elif key in self._in_store[kind]:
            self._in_store[kind].discard(key)
            self._changes.closed.setdefault(kind, {})[key] = self.at

    def changes(self) -> Changes:
        return self._changes
