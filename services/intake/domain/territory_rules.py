"""Rules an admin-added commune must satisfy."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.intake.domain.territory import Territory
from shared.rules import BusinessRule


@dataclass(frozen=True)
class CommuneCodeMustFollowItsProvince(BusinessRule):
    """A commune code is its province's code, a dash and three digits: LAR-021."""

    code: str
    province_code: str
    message = "a commune code is its province code, a dash and three digits (e.g. LAR-021)"
    field = "code"

    def is_broken(self) -> bool:
        return not re.fullmatch(rf"{re.escape(self.province_code)}-[0-9]{{3}}", self.code)


@dataclass(frozen=True)
class CommuneCodeMustBeNew(BusinessRule):
    code: str
    territory: Territory
    message = "this commune code is already taken"
    field = "code"

    def is_broken(self) -> bool:
        return self.territory.commune(self.code) is not None


@dataclass(frozen=True)
class CommuneMustHaveBothNames(BusinessRule):
    name_lat: str
    name_ar: str
    message = "a commune needs its name in Latin script and in Arabic"
    field = "name_lat"

    def is_broken(self) -> bool:
        return not (self.name_lat.strip() and self.name_ar.strip())
