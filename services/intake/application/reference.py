"""Reference data use cases: the territory intake knows, and communes admins add to it."""

from __future__ import annotations

import time

from eventsourcing.application import AggregateNotFoundError

from services.intake.application.ports import EventStore
from services.intake.domain.commune_registry import COMMUNE_REGISTRY_ID, CommuneRegistry
from services.intake.domain.rules import CommuneMustBeKnownInProvince, ProvinceMustBeKnown
from services.intake.domain.territory import CommuneKind, Territory, shipped_territory
from shared.rules import check


class ReferenceData:
    # Reloading the registry for every enrolment cost a database round trip each time; a
    # commune an admin adds on another replica is seen here within this many seconds.
    TERRITORY_TTL_SECONDS = 10.0

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._territory_cache: tuple[float, Territory] | None = None

    def territory(self) -> Territory:
        """The shipped territory plus every commune added by an admin."""
        now = time.monotonic()
        if self._territory_cache and now - self._territory_cache[0] < self.TERRITORY_TTL_SECONDS:
            return self._territory_cache[1]
        registry = self._commune_registry()
        territory = registry.territory() if registry else shipped_territory()
        self._territory_cache = (now, territory)
        return territory

    def check_residence(
        self, province_code: str, commune_code: str, territory: Territory | None = None
    ) -> None:
        """Province and commune must be known (shipped, or added by an admin)."""
        known = territory or self.territory()
        check(
            ProvinceMustBeKnown(province_code, known),
            CommuneMustBeKnownInProvince(commune_code, province_code, known),
        )

    def add_commune(
        self,
        *,
        code: str,
        province_code: str,
        name_lat: str,
        name_ar: str,
        kind: CommuneKind,
        actor: str,
        reason: str | None = None,
    ) -> None:
        registry = self._commune_registry() or CommuneRegistry()
        registry.add_commune(
            code=code,
            province_code=province_code,
            name_lat=name_lat,
            name_ar=name_ar,
            kind=kind,
            actor=actor,
            reason=reason,
        )
        self._store.save(registry)
        self._territory_cache = None

    def _commune_registry(self) -> CommuneRegistry | None:
        try:
            found: CommuneRegistry = self._store.repository.get(COMMUNE_REGISTRY_ID)
        except AggregateNotFoundError:
            return None
        assert isinstance(found, CommuneRegistry)
        return found
