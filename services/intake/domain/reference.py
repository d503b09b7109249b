"""Reference vocabularies shipped with the project (territory codes live in territory.py)."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    DISABILITY = "disability"
    ELDERLY_WITHOUT_SUPPORT = "elderly_without_support"
    CHILD_IN_DIFFICULTY = "child_in_difficulty"
    WOMAN_IN_DIFFICULTY = "woman_in_difficulty"
    DISASTER_AFFECTED = "disaster_affected"


class DisabilityType(StrEnum):
    MOTOR = "motor"
    VISUAL = "visual"
    HEARING = "hearing"
    MENTAL = "mental"


class Severity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"


class BeneficiaryStatus(StrEnum):
    ENROLLED = "enrolled"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXITED = "exited"


class InstitutionType(StrEnum):
    SOCIAL_CARE_INSTITUTION = "social_care_institution"
    EDUCATION_AND_TRAINING_CENTRE = "education_and_training_centre"
    KINDERGARTEN = "kindergarten"
    SOCIAL_COMPLEX = "social_complex"
    DISABILITY_CENTRE = "disability_centre"
    PROXIMITY_SOCIAL_CENTRE = "proximity_social_centre"
    WOMENS_SPACE = "womens_space"


class LicensingStatus(StrEnum):
    LICENSED = "licensed"
    LICENSING_IN_PROGRESS = "licensing_in_progress"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class Relation(StrEnum):
    """A household member's relation to the head of the household."""

    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    OTHER_RELATIVE = "other_relative"
    NOT_RELATED = "not_related"


class DamageLevel(StrEnum):
    NONE = "none"
    REPAIRABLE = "repairable"
    DESTROYED = "destroyed"


# Named disasters households can be affected by.
DISASTERS: dict[str, str] = {
    "floods-2026-02-north-west": (
        "February 2026 floods (Larache, Kénitra, Sidi Kacem, Sidi Slimane)"
    ),
    "floods-2025-12-safi": "December 2025 Safi floods",
}

# Disasters families may claim relief for (by SMS), with the provinces the government declared
# disaster zones: a household elsewhere is answered "not in a declared zone".
CLAIMS_OPEN: dict[str, frozenset[str]] = {
    "floods-2026-02-north-west": frozenset({"LAR", "KEN", "SKC", "SSL"}),
}

# Province and prefecture codes used so far; territory.py (issue 3) holds the full list.
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
