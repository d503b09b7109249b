"""Where the caller of a use case may act and what they may see: the HTTP layer passes the
principal's provinces in, and the use case checks them against the records it loads, once."""

from __future__ import annotations

from dataclasses import dataclass

from shared.auth import NotAllowed


@dataclass(frozen=True)
class Scope:
    """`acts_in`: the provinces the caller may change records in; `sees`: the provinces whose
    records they may read. None: every province (imports, the CLI, tests)."""

    acts_in: frozenset[str] | None = None
    sees: frozenset[str] | None = None

    def require_acting_in(self, province_code: str) -> None:
        if self.acts_in is not None and province_code not in self.acts_in:
            raise NotAllowed(f"not allowed to act in province {province_code!r}")

    def require_seeing(self, province_code: str) -> None:
        if self.sees is not None and province_code not in self.sees:
            raise NotAllowed(f"not allowed to act in province {province_code!r}")


EVERYWHERE = Scope()
