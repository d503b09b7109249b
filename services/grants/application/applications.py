"""Associations apply (through a caseworker of the province) for a grant: checked against the
programme with what grants knows of the institution and the association, the application and
the decision it proposes are stored together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.grants.application.ports import (
    HistoryEntry,
    OrganisationFacts,
    RecordChangedMeanwhile,
    Records,
    Saves,
)
from services.grants.application.programmes import ProgrammeCatalogue
from services.grants.domain.actors import CASEWORKER, Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import AccessRule
from services.grants.domain.eligibility import GrantApplication, assess_application
from services.grants.domain.grant_application import Application
from services.grants.domain.programme_terms import Cycle, CycleKind
from services.grants.domain.proposal import propose
from shared.money import Money
from shared.rules import BusinessRule, check


@dataclass(frozen=True)
class RecordMustBeKnown(BusinessRule):
    """A programme, association or institution named in a request that grants does not know."""

    known: bool
    field: str | None = None
    message = "grants knows no such record"

    def is_broken(self) -> bool:
        return not self.known


@dataclass(frozen=True)
class ProgrammeMustRunByFiscalYear(BusinessRule):
    cycle_kind: CycleKind
    message = "associations apply to a programme that runs by fiscal year"
    field = "programme"

    def is_broken(self) -> bool:
        return self.cycle_kind is not CycleKind.FISCAL_YEAR


@dataclass(frozen=True)
class ProposerMustBeACaseworkerForTheProvince(AccessRule):
    actor: Actor
    province_code: str
    message = "only a caseworker of this province may propose here"
    field = "province_code"

    def is_broken(self) -> bool:
        return not self.actor.acts_as(CASEWORKER, self.province_code)


@dataclass(frozen=True)
class ApplicationMustBeTheFirstForThisGrant(BusinessRule):
    first: bool
    message = "this association already applied for this institution, programme and year"
    field = "institution_id"
    conflict = True

    def is_broken(self) -> bool:
        return not self.first


class NoApplication(LookupError):
    def __init__(self, application_id: UUID) -> None:
        super().__init__(f"no application {application_id}")
        self.application_id = application_id


@dataclass(frozen=True)
class NewApplication:
    programme: str  # the programme's code
    fiscal_year: int
    association_id: UUID
    institution_id: UUID | None
    requested: Money
    purpose: str
    component: str | None = None


class GrantApplications:
    def __init__(
        self,
        applications: Records[Application],
        saves: Saves,
        programmes: ProgrammeCatalogue,
        facts: OrganisationFacts,
    ) -> None:
        self._applications = applications
        self._saves = saves
        self._programmes = programmes
        self._facts = facts

    def apply(self, new: NewApplication, actor: Actor) -> tuple[Application, Decision]:
        programme = self._programmes.by_code(new.programme)
        check(RecordMustBeKnown(programme is not None, "programme"))
        assert programme is not None
        check(ProgrammeMustRunByFiscalYear(programme.terms.cycle_kind))
        association = self._facts.association(new.association_id)
        check(RecordMustBeKnown(association is not None, "association_id"))
        assert association is not None
        institution = None
        if new.institution_id is not None:
            institution = self._facts.institution(new.institution_id)
            check(RecordMustBeKnown(institution is not None, "institution_id"))
        request = GrantApplication(association, new.requested, institution, new.component)
        assessment = assess_application(programme.terms, request)
        check(ProposerMustBeACaseworkerForTheProvince(actor, assessment.province_code))
        component = new.component or programme.terms.components[0].code
        decision = propose(
            programme, Cycle.fiscal_year(new.fiscal_year), assessment, component,
            actor=actor.user, reason=new.purpose,
        )  # fmt: skip
        application = Application.submit(
            decision, association_id=new.association_id, institution_id=new.institution_id,
            requested=new.requested, purpose=new.purpose, actor=actor.user,
        )  # fmt: skip
        try:
            self._saves.save(decision, application)
        except RecordChangedMeanwhile:
            check(ApplicationMustBeTheFirstForThisGrant(first=False))
        return application, decision

    def application(self, application_id: UUID, *, as_of: datetime | None = None) -> Application:
        found = self._applications.get(application_id, as_of=as_of)
        if found is None:
            raise NoApplication(application_id)
        return found

    def history(self, application_id: UUID) -> list[HistoryEntry]:
        return self._applications.history(application_id)

    def find(
        self,
        provinces: frozenset[str] | None,
        *,
        programme_id: UUID | None = None,
        association_id: UUID | None = None,
        fiscal_year: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[Application], int]:
        found = [
            a
            for a in self._applications.all()
            if (provinces is None or a.province_code in provinces)
            and programme_id in (None, a.programme_id)
            and association_id in (None, a.association_id)
            and fiscal_year in (None, a.fiscal_year)
        ]
        found.sort(key=lambda a: (a.created_on, str(a.id)))
        return found[offset : offset + limit], len(found)
