"""A caseworker refers a beneficiary grants knows (from intake's events) for a person
programme: one component of one cycle, assessed as grants' own proposals are, then decided
through the same four eyes (/decisions).

Where the programme serves some types of disability only (food aid: motor or visual), the
caseworker attests that the person's is one of them. Intake never publishes the type and
grants never holds it (law 09-08): the decision keeps the yes, with who, when and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.grants.application.applications import (
    ProposerMustBeACaseworkerForTheProvince,
    RecordMustBeKnown,
)
from services.grants.application.ports import (
    IntakeFacts,
    Proposals,
    RecordChangedMeanwhile,
    UnitOfWork,
)
from services.grants.application.programmes import ProgrammeCatalogue
from services.grants.domain.actors import Actor
from services.grants.domain.decision import Decision
from services.grants.domain.decision_rules import StepMustGiveAReason
from services.grants.domain.eligibility import assess_person
from services.grants.domain.eligibility_rules import (
    ComponentMustBeOneOfTheProgrammes,
    ProgrammeMustBeForThisKindOfSubject,
)
from services.grants.domain.programme_rules import CycleMustBeOfTheProgrammesKind
from services.grants.domain.programme_terms import Cycle, ProgrammeKind
from services.grants.domain.proposal import propose
from shared.rules import BusinessRule, check


@dataclass(frozen=True)
class ReferralMustBeTheFirstForThisComponent(BusinessRule):
    first: bool
    message = "this beneficiary is proposed this component of the programme's cycle already"
    field = "component"
    conflict = True

    def is_broken(self) -> bool:
        return not self.first


@dataclass(frozen=True)
class Referral:
    programme: str  # the programme's code
    cycle: str  # "2026" for a fiscal year, "2026-03" for a month
    beneficiary_id: UUID
    reason: str
    component: str | None = None  # None: the programme's only component
    disability_type_attested: bool = False


class Referrals:
    def __init__(
        self,
        programmes: ProgrammeCatalogue,
        facts: IntakeFacts,
        proposals: Proposals,
        unit_of_work: UnitOfWork,
    ) -> None:
        self._programmes = programmes
        self._facts = facts
        self._proposals = proposals
        self._unit_of_work = unit_of_work

    def refer(self, referral: Referral, actor: Actor) -> Decision:
        """The proposed decision. 403 (an `AccessRule`) unless the actor is a caseworker of
        the person's province; a second referral of the same component, cycle and person is
        refused (409), never a second decision."""
        programme = self._programmes.by_code(referral.programme)
        check(RecordMustBeKnown(programme is not None, "programme"))
        assert programme is not None
        terms = programme.terms
        cycle = Cycle(terms.cycle_kind, referral.cycle)
        check(
            ProgrammeMustBeForThisKindOfSubject(terms.kind, ProgrammeKind.AID_TO_PERSON),
            CycleMustBeOfTheProgrammesKind(cycle, terms.cycle_kind),
        )
        person = self._facts.person(referral.beneficiary_id)
        check(RecordMustBeKnown(person is not None, "beneficiary_id"))
        assert person is not None
        check(ProposerMustBeACaseworkerForTheProvince(actor, person.province_code))
        component = referral.component
        if component is None and len(terms.components) == 1:
            component = terms.components[0].code
        check(
            ComponentMustBeOneOfTheProgrammes(component, [c.code for c in terms.components]),
            StepMustGiveAReason(referral.reason),
        )
        assert component is not None
        decision_id = Decision.create_id(programme.id, cycle.key, component, person.beneficiary_id)
        check(ReferralMustBeTheFirstForThisComponent(self._proposals.get(decision_id) is None))
        assessment = assess_person(
            terms, person, disability_type_attested=referral.disability_type_attested
        )
        decision = propose(
            programme, cycle, assessment, component, actor=actor.user, reason=referral.reason,
            disability_type_attested=referral.disability_type_attested,
        )  # fmt: skip
        try:
            with self._unit_of_work.transaction():
                self._proposals.add(decision)
        except RecordChangedMeanwhile:  # another request (another replica) referred it first
            check(ReferralMustBeTheFirstForThisComponent(first=False))
        return decision
