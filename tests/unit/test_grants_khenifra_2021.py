"""Khenifra's 2021 grants to associations (../shared/domain.md, seed 002) through the domain:
3,000,000.00 + 160,000.00 + 1,468,411.00 MAD, each within its programme's ceiling."""

from uuid import uuid4

from services.grants.domain.actors import APPROVER, Actor
from services.grants.domain.decision_rules import DecisionStatus
from services.grants.domain.eligibility import (
    AssociationFacts,
    GrantApplication,
    InstitutionFacts,
    assess_application,
)
from services.grants.domain.order import PaymentOrder
from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import Cycle
from services.grants.domain.proposal import propose
from services.grants.domain.reference_programmes import (
    ANNUAL_GRANT,
    DISABILITY_ASSOCIATIONS,
    SOCIAL_CARE_INSTITUTIONS,
    reference_programme,
)
from shared.money import Money

Y2021 = Cycle.fiscal_year(2021)


def programme(code: str) -> Programme:
    created = Programme.create(reference_programme(code), actor="admin")
    created.open_cycle(Y2021, actor="admin", reason="budget 2021")
    return created


def approver(user: str) -> Actor:
    return Actor(user, frozenset({APPROVER}), frozenset({"KHN"}))


def test_khenifra_2021_grants_sum_to_4_628_411_mad() -> None:
    care, disability = programme(SOCIAL_CARE_INSTITUTIONS), programme(DISABILITY_ASSOCIATIONS)
    care_association = AssociationFacts(uuid4(), "KHN", frozenset({"child_in_difficulty"}))
    proximity_association = AssociationFacts(uuid4(), "KHN", frozenset({"woman_in_difficulty"}))
    disability_association = AssociationFacts(uuid4(), "KHN", frozenset({"disability"}))
    institutions = InstitutionFacts(uuid4(), "KHN", "licensed", care_association.association_id)
    proximity_centre = InstitutionFacts(
        uuid4(), "KHN", "licensed", proximity_association.association_id
    )
    applications = [
        (care, GrantApplication(care_association, Money.mad("3000000.00"), institutions)),
        (care, GrantApplication(proximity_association, Money.mad("160000.00"), proximity_centre)),
        (disability, GrantApplication(disability_association, Money.mad("1468411.00"))),
    ]
    orders = []
    for chosen, application in applications:
        assessment = assess_application(chosen.terms, application)
        assert assessment.eligible, assessment.reasons
        decision = propose(chosen, Y2021, assessment, ANNUAL_GRANT, actor="cw-khn")
        decision.approve(approver("ap-khn-1"))
        if decision.needs_second_approval:
            decision.approve(approver("delegate-khn"), reason="authorised")
        assert decision.status is DecisionStatus.APPROVED
        orders.append(PaymentOrder.issue(decision, actor="grants"))
    assert [o.amount for o in orders] == [
        Money.mad("3000000.00"),
        Money.mad("160000.00"),
        Money.mad("1468411.00"),
    ]
    total = sum((o.amount for o in orders), Money.zero())
    assert total == Money.mad("4628411.00") and total.centimes == 462_841_100
    assert str(total) == "4,628,411.00 MAD"
