import json
from dataclasses import replace

import pytest
from eventsourcing.persistence import StoredEvent

from services.grants.domain.programme import Programme
from services.grants.domain.programme_terms import (
    AidForm,
    Component,
    Condition,
    Cycle,
    CycleKind,
    EligibilityTerms,
    Entitlement,
    ProgrammeKind,
    ProgrammeTerms,
    ProposalTrigger,
)
from services.grants.domain.reference_programmes import (
    DISABILITY_TECHNICAL_AIDS,
    FLOOD_RELIEF_2026_02,
    FLOODS_2026_02,
    REFERENCE_PROGRAMMES,
    SOCIAL_CARE_INSTITUTIONS,
    reference_programme,
    shipped_programmes,
)
from services.grants.persistence.event_store import in_memory_event_store
from shared.money import Money
from shared.rules import BusinessRuleBroken


def test_the_five_reference_programmes_are_valid_and_named_by_code() -> None:
    programmes = shipped_programmes("admin-1")
    assert [p.terms.code for p in programmes] == [t.code for t in REFERENCE_PROGRAMMES]
    assert len(programmes) == 5
    assert all(p.id == Programme.create_id(p.terms.code) for p in programmes)
    assert [p.terms for p in programmes] == list(REFERENCE_PROGRAMMES)


def test_flood_relief_has_two_components_at_the_announced_amounts() -> None:
    flood = reference_programme(FLOOD_RELIEF_2026_02)
    emergency, housing = flood.components
    assert [(e.when, e.amount) for e in emergency.entitlements] == [
        (Condition.EVACUATED, Money.mad("6000.00"))
    ]
    assert {e.when: e.amount for e in housing.entitlements} == {
        Condition.HOME_REPAIRABLE: Money.mad("15000.00"),
        Condition.HOME_DESTROYED: Money.mad("140000.00"),
    }
    assert flood.eligibility.declared_provinces == {"LAR", "KEN", "SKC", "SSL"}
    assert flood.payment_list_approvals == 2


def test_technical_aids_are_in_kind_with_named_items() -> None:
    aids = reference_programme(DISABILITY_TECHNICAL_AIDS)
    assert aids.form is AidForm.IN_KIND
    assert [c.items for c in aids.components] == [
        ("Wheelchair",),
        ("White cane",),
        ("Hearing aid",),
    ]


def test_terms_survive_the_stored_events_as_plain_values() -> None:
    flood = shipped_programmes("admin-1")[4]
    [created, opened] = flood.collect_events()
    assert isinstance(created, Programme.Created)
    assert isinstance(created.components, list) and isinstance(created.components[0], dict)
    assert created.declared_provinces == ["KEN", "LAR", "SKC", "SSL"]
    assert isinstance(opened, Programme.CycleOpened) and opened.cycle == FLOODS_2026_02
    store = in_memory_event_store()
    store.save(*shipped_programmes("admin-1"))
    read: Programme = store.repository.get(Programme.create_id(FLOOD_RELIEF_2026_02))
    assert read.terms == reference_programme(FLOOD_RELIEF_2026_02)
    assert read.open_cycles == (FLOODS_2026_02,)


def test_flood_relief_is_proposed_on_a_claim_and_the_others_from_intakes_records() -> None:
    triggers = {t.code: t.trigger for t in REFERENCE_PROGRAMMES}
    assert triggers.pop(FLOOD_RELIEF_2026_02) is ProposalTrigger.CLAIM
    assert set(triggers.values()) == {ProposalTrigger.IMPACT}


def test_a_programme_stored_before_triggers_existed_reads_as_proposed_from_impacts() -> None:
    """A v1 `Programme.Created` has no trigger: every programme was proposed from intake's
    records alone then, the flood relief too."""
    store = in_memory_event_store()
    [created, _] = shipped_programmes("admin-1")[4].collect_events()
    stored = store.mapper.to_stored_event(created)
    state = json.loads(stored.state)
    assert (state.pop("class_version"), state.pop("trigger")) == (2, "claim")
    store.recorder.insert_events(
        [StoredEvent(stored.originator_id, 1, stored.topic, json.dumps(state).encode())]
    )

    read: Programme = store.repository.get(created.originator_id)

    assert read.terms.trigger is ProposalTrigger.IMPACT
    assert read.terms.eligibility.disaster == FLOODS_2026_02


def _cash(**changes: object) -> ProgrammeTerms:
    terms = ProgrammeTerms(
        code="winter-aid",
        name="Winter aid",
        kind=ProgrammeKind.AID_TO_HOUSEHOLD,
        form=AidForm.CASH,
        cycle_kind=CycleKind.FISCAL_YEAR,
        components=(Component("blankets", "Blankets", (Entitlement(Condition.ALWAYS, 50000),)),),
    )
    return replace(terms, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (_cash(code=" "), "code"),
        (_cash(components=()), "components"),
        (_cash(ceiling_centimes=100), "ceiling"),  # a ceiling and fixed amounts
        (_cash(components=(Component("x", "X"),)), "ceiling"),  # neither
        (
            _cash(components=(Component("x", "X", (Entitlement(Condition.ALWAYS, 0),)),)),
            "components",
        ),
        (_cash(form=AidForm.IN_KIND), "components"),  # in kind without items
        (_cash(cycle_kind=CycleKind.DISASTER), "disaster"),
        (
            _cash(eligibility=EligibilityTerms(disaster="d", declared_provinces=frozenset("A"))),
            "disaster",
        ),
        (_cash(eligibility=EligibilityTerms(categories=frozenset({"disability"}))), "eligibility"),
        (_cash(second_approval_above_centimes=0), "second_approval_above"),
        (_cash(payment_list_approvals=3), "payment_list_approvals"),
        (_cash(trigger=ProposalTrigger.CLAIM), "trigger"),  # no disaster to claim for
        (
            replace(reference_programme(DISABILITY_TECHNICAL_AIDS), trigger=ProposalTrigger.CLAIM),
            "trigger",
        ),  # a person's programme: claims come from households
    ],
)
def test_inconsistent_terms_are_refused_naming_the_field(terms: ProgrammeTerms, field: str) -> None:
    with pytest.raises(BusinessRuleBroken) as broken:
        Programme.create(terms, actor="admin-1")
    assert broken.value.field == field


def test_cycles_open_once_and_only_of_the_programmes_kind() -> None:
    programme = Programme.create(reference_programme(SOCIAL_CARE_INSTITUTIONS), actor="admin-1")
    programme.open_cycle(Cycle.fiscal_year(2021), actor="admin-1")
    assert programme.is_open_in(Cycle.fiscal_year(2021))
    assert not programme.is_open_in(Cycle.fiscal_year(2022))
    for refused in (
        Cycle.fiscal_year(2021),
        Cycle.month(2021, 3),
        Cycle(CycleKind.FISCAL_YEAR, "21"),
    ):
        with pytest.raises(BusinessRuleBroken):
            programme.open_cycle(refused, actor="admin-1")
    flood = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin-1")
    with pytest.raises(BusinessRuleBroken, match="its own disaster"):
        flood.open_cycle(Cycle.disaster("floods-2025-12-safi"), actor="admin-1")


def test_ceiling_and_threshold_change_with_a_reason() -> None:
    programme = Programme.create(reference_programme(SOCIAL_CARE_INSTITUTIONS), actor="admin-1")
    with pytest.raises(BusinessRuleBroken, match="reason"):
        programme.change_ceiling(100, actor="admin-1", reason=" ")
    programme.change_ceiling(Money.mad("4000000").centimes, actor="admin-1", reason="budget 2026")
    programme.change_second_approval_threshold(None, actor="admin-1", reason="board decision")
    assert programme.terms.ceiling == Money.mad("4000000.00")
    assert not programme.terms.needs_second_approval(Money.mad("3999999.99"))
    flood = Programme.create(reference_programme(FLOOD_RELIEF_2026_02), actor="admin-1")
    with pytest.raises(BusinessRuleBroken):
        flood.change_ceiling(100, actor="admin-1", reason="fixed amounts have no ceiling")
