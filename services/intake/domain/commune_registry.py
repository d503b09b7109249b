"""The communes admins add to the shipped territory, one event each."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.intake.domain.rules import ProvinceMustBeKnown
from services.intake.domain.territory import Commune, CommuneKind, Territory, shipped_territory
from services.intake.domain.territory_rules import (
    CommuneCodeMustBeNew,
    CommuneCodeMustFollowItsProvince,
    CommuneMustHaveBothNames,
)
from shared.rules import check

COMMUNE_REGISTRY_ID = uuid5(NAMESPACE_URL, "taawun:intake:commune-registry")


class CommuneRegistry(Aggregate):
    """One per deployment, under a fixed id."""

    @staticmethod
    def create_id() -> UUID:
        return COMMUNE_REGISTRY_ID

    def __init__(self) -> None:
        self.added: list[Commune] = []

    def territory(self, shipped: Territory | None = None) -> Territory:
        """The shipped territory with every commune added here."""
        territory = shipped or shipped_territory()
        for commune in self.added:
            territory = territory.with_commune(commune)
        return territory

    def add_commune(
        self,
        *,
        code: str,
        province_code: str,
        name_lat: str,
        name_ar: str,
        kind: CommuneKind,
        actor: str,
        reason: str | None,
    ) -> None:
        territory = self.territory()
        check(
            ProvinceMustBeKnown(province_code, territory),
            CommuneCodeMustFollowItsProvince(code, province_code),
            CommuneCodeMustBeNew(code, territory),
            CommuneMustHaveBothNames(name_lat, name_ar),
        )
        self._commune_added(
            code=code,
            province_code=province_code,
            name_lat=name_lat.strip(),
            name_ar=name_ar.strip(),
            kind=str(CommuneKind(kind)),
            actor=actor,
            reason=reason,
        )

    # Rules are checked above, not here: replaying must not fail if the shipped data later
    # comes to include a commune an admin added before.
    @event("CommuneAdded")
    def _commune_added(
        self,
        *,
        code: str,
        province_code: str,
        name_lat: str,
        name_ar: str,
        kind: str,
        actor: str,
        reason: str | None,
    ) -> None:
        self.added.append(Commune(code, name_lat, name_ar, CommuneKind(kind), province_code))
