"""A programme: what the agency gives, to whom, how much, and in which cycles.

Admins create programmes (reference_programmes.py ships the five the agency starts with) and
open their cycles. Eligibility questions are answered by eligibility.py from its terms.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.grants.domain.programme_rules import (
    AmountsAreRequestedUpToACeilingOrFixedPerComponent,
    CeilingMustBeAboveZero,
    ChangeMustGiveAReason,
    CycleMustBeOfTheProgrammesKind,
    CycleMustNotBeOpenAlready,
    DisasterCycleMustBeTheProgrammesDisaster,
    SecondApprovalThresholdMustBeAboveZero,
    rules_of_new_terms,
)
from services.grants.domain.programme_terms import (
    AidForm,
    Cycle,
    CycleKind,
    EligibilityTerms,
    ProgrammeKind,
    ProgrammeTerms,
    ProposalTrigger,
    components_from_plain,
    components_to_plain,
)
from shared.rules import check


class Programme(Aggregate):
    class Created(Aggregate.Created):
        class_version = 2
        code: str
        name: str
        kind: str
        form: str
        cycle_kind: str
        components: list[dict[str, Any]]
        categories: list[str]
        disability_types: list[str]
        provinces: list[str]
        disaster: str | None
        declared_provinces: list[str]
        institution_licensing: list[str]
        association_fields: list[str]
        ceiling_centimes: int | None
        second_approval_above_centimes: int | None
        payment_list_approvals: int
        trigger: str
        actor: str
        reason: str | None
        traceparent: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Before claims (issue 10), every programme was proposed from intake's records."""
            state["trigger"] = str(ProposalTrigger.IMPACT)

    class CycleOpened(Aggregate.Event):
        cycle: str
        actor: str
        reason: str | None
        traceparent: str | None

    class CeilingChanged(Aggregate.Event):
        ceiling_centimes: int
        actor: str
        reason: str
        traceparent: str | None

    class SecondApprovalThresholdChanged(Aggregate.Event):
        threshold_centimes: int | None
        actor: str
        reason: str
        traceparent: str | None

    @staticmethod
    def create_id(code: str) -> UUID:
        """One programme per code, so shipping the reference data twice creates it once."""
        return uuid5(NAMESPACE_URL, f"taawun:programme:{code}")

    @event(Created)
    def __init__(
        self,
        *,
        code: str,
        name: str,
        kind: str,
        form: str,
        cycle_kind: str,
        components: list[dict[str, Any]],
        categories: list[str],
        disability_types: list[str],
        provinces: list[str],
        disaster: str | None,
        declared_provinces: list[str],
        institution_licensing: list[str],
        association_fields: list[str],
        ceiling_centimes: int | None,
        second_approval_above_centimes: int | None,
        payment_list_approvals: int,
        trigger: str,
        actor: str,
        reason: str | None,
        traceparent: str | None,
    ) -> None:
        self.terms = ProgrammeTerms(
            code=code,
            name=name,
            kind=ProgrammeKind(kind),
            form=AidForm(form),
            cycle_kind=CycleKind(cycle_kind),
            components=components_from_plain(components),
            eligibility=EligibilityTerms(
                categories=frozenset(categories),
                disability_types=frozenset(disability_types),
                provinces=frozenset(provinces),
                disaster=disaster,
                declared_provinces=frozenset(declared_provinces),
                institution_licensing=frozenset(institution_licensing),
                association_fields=frozenset(association_fields),
            ),
            ceiling_centimes=ceiling_centimes,
            second_approval_above_centimes=second_approval_above_centimes,
            payment_list_approvals=payment_list_approvals,
            trigger=ProposalTrigger(trigger),
        )
        self.open_cycles: tuple[str, ...] = ()
        self.created_by = actor

    @classmethod
    def create(
        cls,
        terms: ProgrammeTerms,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> Programme:
        check(*rules_of_new_terms(terms))
        rules = terms.eligibility
        return cls(
            code=terms.code,
            name=terms.name,
            kind=str(terms.kind),
            form=str(terms.form),
            cycle_kind=str(terms.cycle_kind),
            components=components_to_plain(terms.components),
            categories=sorted(rules.categories),
            disability_types=sorted(rules.disability_types),
            provinces=sorted(rules.provinces),
            disaster=rules.disaster,
            declared_provinces=sorted(rules.declared_provinces),
            institution_licensing=sorted(rules.institution_licensing),
            association_fields=sorted(rules.association_fields),
            ceiling_centimes=terms.ceiling_centimes,
            second_approval_above_centimes=terms.second_approval_above_centimes,
            payment_list_approvals=terms.payment_list_approvals,
            trigger=str(terms.trigger),
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    def is_open_in(self, cycle: Cycle) -> bool:
        return cycle.kind is self.terms.cycle_kind and cycle.key in self.open_cycles

    def open_cycle(
        self,
        cycle: Cycle,
        *,
        actor: str,
        reason: str | None = None,
        traceparent: str | None = None,
    ) -> None:
        check(
            CycleMustBeOfTheProgrammesKind(cycle, self.terms.cycle_kind),
            DisasterCycleMustBeTheProgrammesDisaster(cycle, self.terms.eligibility.disaster),
            CycleMustNotBeOpenAlready(cycle, self.open_cycles),
        )
        self._cycle_opened(cycle=cycle.key, actor=actor, reason=reason, traceparent=traceparent)

    @event(CycleOpened)
    def _cycle_opened(
        self, *, cycle: str, actor: str, reason: str | None, traceparent: str | None
    ) -> None:
        self.open_cycles = (*self.open_cycles, cycle)

    def change_ceiling(
        self, ceiling_centimes: int, *, actor: str, reason: str, traceparent: str | None = None
    ) -> None:
        changed = replace(self.terms, ceiling_centimes=ceiling_centimes)
        check(
            ChangeMustGiveAReason(reason),
            CeilingMustBeAboveZero(ceiling_centimes),
            AmountsAreRequestedUpToACeilingOrFixedPerComponent(changed),
        )
        self._ceiling_changed(
            ceiling_centimes=ceiling_centimes, actor=actor, reason=reason, traceparent=traceparent
        )

    @event(CeilingChanged)
    def _ceiling_changed(
        self, *, ceiling_centimes: int, actor: str, reason: str, traceparent: str | None
    ) -> None:
        self.terms = replace(self.terms, ceiling_centimes=ceiling_centimes)

    def change_second_approval_threshold(
        self,
        threshold_centimes: int | None,
        *,
        actor: str,
        reason: str,
        traceparent: str | None = None,
    ) -> None:
        """Decisions already proposed keep the threshold they were proposed under."""
        check(
            ChangeMustGiveAReason(reason),
            SecondApprovalThresholdMustBeAboveZero(threshold_centimes),
        )
        self._threshold_changed(
            threshold_centimes=threshold_centimes,
            actor=actor,
            reason=reason,
            traceparent=traceparent,
        )

    @event(SecondApprovalThresholdChanged)
    def _threshold_changed(
        self, *, threshold_centimes: int | None, actor: str, reason: str, traceparent: str | None
    ) -> None:
        self.terms = replace(self.terms, second_approval_above_centimes=threshold_centimes)
