"""Paying an approved list through `ListPayments`, in memory: its orders issued in the list's
order (asked again: the same orders, counted already issued), sent once (asked again: no second
batch), refused while an order is missing; `Disbursements.orders` and `mark_sent` in bulk."""

from __future__ import annotations

import pytest

from services.grants.application.disbursements import Disbursements, orders_of_list
from services.grants.application.list_payments import ListPayments
from services.grants.application.order_references import instalment_reference
from services.grants.application.order_sending import mark_sent
from services.grants.application.statements import Statements
from services.grants.domain.order import PaymentOrder
from services.grants.domain.payment_list import PaymentList
from services.grants.domain.reference_programmes import LARACHE
from services.grants.persistence.disbursement_records import (
    CashNetworkPayees,
    EventSourcedDisbursementRecords,
)
from services.grants.persistence.simulated_provider import (
    SimulatedBehaviour,
    SimulatedPaymentProvider,
)
from shared.rules import BusinessRuleBroken
from tests.flood_payments import AGENCY, EXECUTION
from tests.unit.grants_use_cases import Grants, approver, caseworker, in_memory_grants
from tests.unit.test_grants_payment_list_use_cases import evacuated, flood_envelope, new_list

QUIET = SimulatedBehaviour(failure_rate=0, late_rate=0, duplicate_rate=0)
LARACHE_APPROVER = approver("a3", LARACHE)


def paying(grants: Grants, provider: SimulatedPaymentProvider) -> ListPayments:
    """A replica's use case: what it issued is in its own memory."""
    records = EventSourcedDisbursementRecords(grants.store)
    pay = Disbursements(records, provider, CashNetworkPayees(), AGENCY, lambda: EXECUTION, 2)
    statements = Statements(records, provider)
    return ListPayments(grants.payment_lists, grants.decisions, pay, statements)


def approved(grants: Grants, households: int) -> PaymentList:
    flood_envelope(grants, "60000.00")
    evacuated(grants, households)
    drawn = grants.payment_lists.draw_up(new_list(), caseworker("cw", LARACHE))
    for user in ("a1", "a2"):
        grants.payment_lists.approve(
            drawn.id, approver(user, LARACHE), digest=drawn.digest, reason=None
        )
    return grants.payment_lists.payment_list(drawn.id)


def test_orders_are_issued_in_list_order_once_and_sent_once() -> None:
    grants = in_memory_grants()
    the_list = approved(grants, 5)
    provider = SimulatedPaymentProvider(AGENCY.account, QUIET)
    payments = paying(grants, provider)
    first = payments.issue_orders(the_list.id, LARACHE_APPROVER)
    assert [o.id for o in first.orders] == orders_of_list(the_list)
    assert (len(first.issued.issued), first.issued.already) == (5, ())
    again = paying(grants, provider)
    repeated = again.issue_orders(the_list.id, LARACHE_APPROVER)
    assert (repeated.issued.issued, len(repeated.issued.already)) == ((), 5)
    assert [vars(o) for o in repeated.orders] == [vars(o) for o in first.orders]
    sending = again.send(the_list.id, LARACHE_APPROVER)
    [submission] = sending.sent.submissions
    assert (submission.number_of_transactions, sending.sent.marked) == (5, 5)
    resent = payments.send(the_list.id, LARACHE_APPROVER)
    assert (resent.sent.submissions, resent.sent.marked) == ((), 0)
    assert len(provider.sent_files) == 1
    sent = again.issue_orders(the_list.id, LARACHE_APPROVER).orders
    assert {o.instalment(1).status for o in sent if isinstance(o, PaymentOrder)} == {"sent"}


def test_a_list_with_an_order_missing_is_not_sent() -> None:
    grants = in_memory_grants()
    the_list = approved(grants, 3)
    provider = SimulatedPaymentProvider(AGENCY.account, QUIET)
    payments = paying(grants, provider)
    records = EventSourcedDisbursementRecords(grants.store)
    pay = Disbursements(records, provider, CashNetworkPayees(), AGENCY, lambda: EXECUTION)
    pay.issue(grants.decisions.decisions(sorted(the_list.lines, key=str))[:2])
    with pytest.raises(BusinessRuleBroken) as refused:
        payments.send(the_list.id, LARACHE_APPROVER)
    assert (refused.value.conflict, refused.value.field) == (True, "payment_list_id")
    assert len(provider.sent_files) == 0


def test_orders_are_found_by_id_together_and_the_missing_left_out() -> None:
    grants = in_memory_grants()
    the_list = approved(grants, 4)
    records = EventSourcedDisbursementRecords(grants.store)
    provider = SimulatedPaymentProvider(AGENCY.account, QUIET)
    pay = Disbursements(records, provider, CashNetworkPayees(), AGENCY, lambda: EXECUTION)
    decisions = grants.decisions.decisions(sorted(the_list.lines, key=str))
    issued = pay.issue(decisions[:3]).issued
    wanted = orders_of_list(the_list)
    found = pay.orders(wanted)  # as just issued
    assert set(found) == set(issued) and set(wanted) - set(found)
    loaded = Disbursements(records, provider, CashNetworkPayees(), AGENCY).orders(wanted)
    assert {i: vars(o) for i, o in loaded.items()} == {i: vars(o) for i, o in found.items()}


def test_orders_another_replica_marked_sent_meanwhile_are_marked_once() -> None:
    grants = in_memory_grants()
    the_list = approved(grants, 4)
    records = EventSourcedDisbursementRecords(grants.store)
    provider = SimulatedPaymentProvider(AGENCY.account, QUIET)
    pay = Disbursements(records, provider, CashNetworkPayees(), AGENCY, lambda: EXECUTION)
    pay.issue(grants.decisions.decisions(sorted(the_list.lines, key=str)))
    ids = orders_of_list(the_list)

    def loaded() -> list[PaymentOrder]:
        found = Disbursements(records, provider, CashNetworkPayees(), AGENCY).orders(ids)
        return [o for o in (found[i] for i in ids) if isinstance(o, PaymentOrder)]

    stale = loaded()
    references = {i: instalment_reference(i, 1, 1) for i in ids}
    assert mark_sent(records, loaded()[:3], 1, references, actor="replica", chunk=4) == 3
    assert mark_sent(records, stale, 1, references, actor="grants", chunk=4) == 1
    now = loaded()
    assert [o.instalment(1).provider_reference for o in now] == [references[i] for i in ids]
    assert [len(records.history(i)) for i in ids] == [2, 2, 2, 2]  # issued, sent: once each
