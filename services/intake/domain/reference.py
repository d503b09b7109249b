"""Reference data the skeleton needs. Issue 3 brings the full list of regions and provinces."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    DISABILITY = "disability"
    ELDERLY_WITHOUT_SUPPORT = "elderly_without_support"
    CHILD_IN_DIFFICULTY = "child_in_difficulty"
    WOMAN_IN_DIFFICULTY = "woman_in_difficulty"
    DISASTER_AFFECTED = "disaster_affected"


# Province and prefecture codes used so far (stable three-letter codes of our own).
PROVINCES: dict[str, str] = {
    "KHN": "Khénifra",
    "LAR": "Larache",
    "KEN": "Kénitra",
    "SKC": "Sidi Kacem",
    "SSL": "Sidi Slimane",
    "CHF": "Chefchaouen",
    "SAF": "Safi",
    "RAB": "Rabat",
    "CAS": "Casablanca",
    "MAR": "Marrakech",
    "FES": "Fès",
    "AGA": "Agadir Ida-Outanane",
}
