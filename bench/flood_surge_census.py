"""The flood surge's census and its claims: who is registered before the surge (not timed),
and the SMS the gateway hands over during it. Deterministic from the household count."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.grants.domain.reference_programmes import EMERGENCY_AID, HOUSING_AID
from services.intake.application.household_census import CensusHousehold
from services.intake.application.imports.beneficiary_rows import HEADER
from services.intake.domain.reference import DamageLevel

DECLARED = ("LAR", "KEN", "SKC", "SSL")
ELSEWHERE = ("SAF", "CHF")
DAMAGE = ("destroyed", "repairable", "none", "repairable", "none")
AMOUNTS = {"repairable": 15_000_00, "destroyed": 140_000_00}
EMERGENCY = 6_000_00
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FLOODS = "floods-2026-02-north-west"


@dataclass(frozen=True)
class Family:
    n: int
    province: str
    affected: bool  # the census recorded how the floods hit it
    evacuated: bool
    damage: str

    @property
    def cin(self) -> str:
        return f"S{'ABCDEFGHJK'[self.n % 10]}{self.n // 10:06d}"

    @property
    def eligible(self) -> bool:
        return self.affected and self.province in DECLARED

    def components(self) -> dict[str, int]:
        """Component → amount in centimes this family is owed."""
        if not self.eligible:
            return {}
        owed = {EMERGENCY_AID: EMERGENCY} if self.evacuated else {}
        if self.damage in AMOUNTS:
            owed[HOUSING_AID] = AMOUNTS[self.damage]
        return owed


def census(households: int) -> list[Family]:
    """One in twenty lives outside the declared provinces, one in twenty was not recorded as
    affected (10% in all who are owed nothing); two in three evacuated; damage mixed."""
    families = []
    for n in range(households):
        outside, unrecorded = n % 20 == 7, n % 20 == 13
        province = ELSEWHERE[n % 2] if outside else DECLARED[n % 4]
        families.append(
            Family(n, province, not unrecorded, n % 3 != 2, DAMAGE[(n // 3) % len(DAMAGE)])
        )
    return families


def _csv(header: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(header), *(",".join(row.get(c, "") for c in header) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def heads_csv(families: list[Family]) -> bytes:
    return _csv(HEADER, [
        {"name_lat": f"Sinistre {f.n}", "cin": f.cin, "birth_date": "1975-04-12", "sex": "F",
         "province_code": f.province, "commune_code": f"{f.province}-001",
         "category": "disaster_affected", "evidence": "recensement", "since": "2026-02-10"}
        for f in families
    ])  # fmt: skip


def census_households(families: list[Family], heads: dict[int, UUID]) -> list[CensusHousehold]:
    return [
        CensusHousehold(
            head_id=heads[f.n],
            province_code=f.province,
            commune_code=f"{f.province}-001",
            douar="Douar Oulad Ogbane",
            address=f"Maison {f.n}",
            disaster=FLOODS if f.affected else None,
            evacuated=f.evacuated,
            damage=DamageLevel(f.damage),
        )
        for f in families
    ]


def messages(families: list[Family]) -> list[tuple[str, str]]:
    """(gateway message id, text). 30% of families send more than once: a gateway retry of
    the same message (20%) or a second message of their own (10%); one in eight writes in
    Arabic-Indic digits. Repeats come later in the stream, as they do."""
    first: list[tuple[str, str]] = []
    later: list[tuple[str, str]] = []
    for f in families:
        text = f"{f.cin} 12/04/1975"
        if f.n % 8 == 0:
            text = f"ب.ت.و {f.cin[:2]}{f.cin[2:].translate(ARABIC_INDIC)} ١٢/٠٤/١٩٧٥"
        first.append((f"surge-{f.n}", text))
        if f.n % 10 in (1, 4):
            later.append((f"surge-{f.n}", text))
        elif f.n % 10 == 8:
            later.append((f"surge-{f.n}-b", f"CIN {f.cin} né le 12-4-1975"))
    return first + later
