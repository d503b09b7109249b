"""Who acts on a grant: a user, the roles they hold and the provinces they hold them in.

The application maps the caller's bearer token to an `Actor`; the domain only asks whether the
user may act as a role in a province (the domain does not import the HTTP layer's auth).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CASEWORKER = "caseworker"
APPROVER = "approver"
AUDITOR = "auditor"
ADMIN = "admin"
EVERY_PROVINCE = "*"


@dataclass(frozen=True)
class Actor:
    user: str
    roles: frozenset[str] = field(default_factory=frozenset)
    provinces: frozenset[str] = field(default_factory=frozenset)

    def acts_as(self, role: str, province_code: str) -> bool:
        in_province = EVERY_PROVINCE in self.provinces or province_code in self.provinces
        return role in self.roles and in_province
