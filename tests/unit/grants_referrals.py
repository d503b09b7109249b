"""The grants of the referral tests: grants' own proposals from intake's events (grants_intake)
and a caseworker's referrals, over one in-memory store, with the four-eyes decisions."""

from __future__ import annotations

import uuid

from services.grants.application.decisions import Decisions
from services.grants.application.programmes import ProgrammeCatalogue
from services.grants.application.referrals import Referral, Referrals
from services.grants.domain.decision import Decision
from services.grants.domain.programme import Programme
from services.grants.domain.reference_programmes import DISABILITY_FOOD_AID
from services.grants.persistence.intake_facts_memory import InMemoryUnitOfWork
from services.grants.persistence.records import EventSourcedRecords, EventStoreSaves
from tests.unit.grants_intake import Grants, enrolled

MARCH = "2026-03"


class ReferringGrants(Grants):
    def __init__(self) -> None:
        super().__init__()
        saves = EventStoreSaves(self.store)
        self.catalogue = ProgrammeCatalogue(
            EventSourcedRecords(self.store, Programme, Programme.Created), saves
        )
        self.referrals = Referrals(self.catalogue, self.facts, self.proposals, InMemoryUnitOfWork())
        self.decisions = Decisions(
            EventSourcedRecords(self.store, Decision, Decision.Proposed),
            saves,
            self.envelopes,
            self.store.indexes,
        )

    def open_cycle(self, code: str, cycle: str) -> None:
        self.catalogue.open_cycle(
            Programme.create_id(code), cycle, actor="admin", reason="the month's baskets"
        )

    def enrol(self, *categories: str) -> uuid.UUID:
        person = uuid.uuid4()
        self.tell(enrolled(person, *categories))
        return person


def food_aid(beneficiary_id: uuid.UUID, **changes: object) -> Referral:
    fields: dict[str, object] = {
        "programme": DISABILITY_FOOD_AID,
        "cycle": MARCH,
        "beneficiary_id": beneficiary_id,
        "reason": "home visit: disability card seen",
        "disability_type_attested": True,
        **changes,
    }
    return Referral(**fields)  # type: ignore[arg-type]
