"""Grants' use cases over the in-memory (POPO) event store, wired as bootstrap wires them."""

from __future__ import annotations

from dataclasses import dataclass

from services.grants.application import EnvelopeLedger
from services.grants.application.applications import GrantApplications
from services.grants.application.decisions import Decisions
from services.grants.application.payment_lists import PaymentLists
from services.grants.application.programmes import ProgrammeCatalogue
from services.grants.domain.actors import ADMIN, APPROVER, CASEWORKER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.grant_application import Application
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.programme import Programme
from services.grants.persistence.envelopes import EventSourcedEnvelopes
from services.grants.persistence.event_store import GrantsEventStore, in_memory_event_store
from services.grants.persistence.organisation_facts import InMemoryOrganisationFacts
from services.grants.persistence.records import EventSourcedRecords, EventStoreSaves


@dataclass
class Grants:
    store: GrantsEventStore
    ledger: EnvelopeLedger
    programmes: ProgrammeCatalogue
    decisions: Decisions
    applications: GrantApplications
    payment_lists: PaymentLists
    facts: InMemoryOrganisationFacts


def in_memory_grants() -> Grants:
    store = in_memory_event_store()
    saves = EventStoreSaves(store)
    ledger = EnvelopeLedger(EventSourcedEnvelopes(store), pause=lambda _: None)
    programmes = ProgrammeCatalogue(EventSourcedRecords(store, Programme, Programme.Created), saves)
    programmes.seed_reference_programmes()
    decisions = Decisions(
        EventSourcedRecords(store, Decision, Decision.Proposed), saves, ledger, store.indexes
    )
    facts = InMemoryOrganisationFacts()
    applications = GrantApplications(
        EventSourcedRecords(store, Application, Application.Submitted), saves, programmes, facts
    )
    lists = PaymentLists(
        EventSourcedRecords(store, PaymentList, PaymentList.DrawnUp),
        saves, programmes, decisions, ledger, index=store.indexes,
    )  # fmt: skip
    return Grants(store, ledger, programmes, decisions, applications, lists, facts)


def caseworker(user: str, province: str = "KHN") -> Actor:
    return Actor(user, frozenset({CASEWORKER}), frozenset({province}))


def approver(user: str, province: str = "KHN") -> Actor:
    return Actor(user, frozenset({APPROVER}), frozenset({province}))


def admin(user: str = "admin") -> Actor:
    return Actor(user, frozenset({ADMIN}), frozenset({"*"}))
