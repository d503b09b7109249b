"""Which stored events a service publishes, chosen by the event's class, never by its name.

Each published aggregate lists every one of its event classes: a translator, or `KEPT_IN`
for an event that stays inside the service. `unlisted_events` finds the event classes of an
aggregate that are in neither list, so a test fails when someone adds an event and forgets to
say whether it goes out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from eventsourcing.domain import Aggregate, DomainEvent

from shared.messaging.relay import Publication

Translator = Callable[[Any], Publication]
KEPT_IN: None = None  # the event is not published
Translators = Mapping[type[DomainEvent], Translator | None]


class EventPublishing:
    """Stored event -> its publication, by exact class (upcast events keep their class)."""

    def __init__(self, *tables: Translators) -> None:
        self._by_class: dict[type[DomainEvent], Translator | None] = {}
        for table in tables:
            for cls, translator in table.items():
                if cls in self._by_class:
                    raise ValueError(f"{cls.__qualname__} is mapped twice")
                self._by_class[cls] = translator

    def __call__(self, event: Any) -> Publication | None:
        translator = self._by_class.get(type(event))
        return translator(event) if translator is not None else None

    @property
    def classes(self) -> frozenset[type[DomainEvent]]:
        return frozenset(self._by_class)


def event_classes(aggregate: type[Aggregate]) -> set[type[DomainEvent]]:
    """The event classes defined on an aggregate (eventsourcing nests them in its class)."""
    found: set[type[DomainEvent]] = set()
    for cls in aggregate.__mro__:
        for value in vars(cls).values():
            if (
                isinstance(value, type)
                and issubclass(value, DomainEvent)
                and value.__qualname__.startswith(aggregate.__qualname__ + ".")
            ):
                found.add(value)
    # `Event` and `Created` are the bases eventsourcing defines: only concrete events count.
    return {c for c in found if not any(o is not c and issubclass(o, c) for o in found)}


def unlisted_events(
    publishing: EventPublishing, aggregates: Iterable[type[Aggregate]]
) -> list[str]:
    """Event classes of `aggregates` that `publishing` neither translates nor keeps in."""
    return sorted(
        cls.__qualname__
        for aggregate in aggregates
        for cls in event_classes(aggregate)
        if cls not in publishing.classes
    )
