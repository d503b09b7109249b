"""Two grants replicas (two event stores on one PostgreSQL database) paying the same approved
list at the same moment, as a redelivered message would make them: each order once, the
list's file once, and every instalment sent once with one reference."""

from __future__ import annotations

import threading
from pathlib import Path

from services.grants.application.disbursements import Disbursements, Issued, Sent
from services.grants.domain.order import PaymentOrder
from services.grants.persistence.disbursement_records import (
    CashNetworkPayees,
    EventSourcedDisbursementRecords,
)
from services.grants.persistence.event_store import grants_event_store
from services.grants.persistence.payment_files import PaymentFileExchange
from tests.flood_payments import (
    AGENCY,
    EXECUTION,
    approved_list,
    flood_programme,
    funded_envelope,
    household,
    orders_of,
)
from tests.infra import postgres_database, require_infra

HOUSEHOLDS = 400


def test_two_replicas_paying_one_list_at_once_issue_and_send_each_order_once(
    tmp_path: Path,
) -> None:
    require_infra()
    programme = flood_programme()
    households = [household("replicas", n) for n in range(HOUSEHOLDS)]
    with postgres_database("replicas") as url:
        stores = [grants_event_store(url), grants_event_store(url)]
        try:
            _, decisions = approved_list(programme, households)
            EventSourcedDisbursementRecords(stores[0]).save(
                funded_envelope(programme, "SKC", decisions)
            )
            start = threading.Barrier(2)
            results: list[tuple[Issued, Sent]] = []

            def replica(n: int) -> None:
                records = EventSourcedDisbursementRecords(stores[n])
                exchange = PaymentFileExchange(tmp_path / "outbox", tmp_path / "inbox")
                pay = Disbursements(
                    records, exchange, CashNetworkPayees(), AGENCY, lambda: EXECUTION, chunk=40
                )
                # Each replica rebuilds the list from the message it was handed.
                its_list, its_decisions = approved_list(programme, households)
                start.wait()
                results.append(
                    (pay.issue(its_decisions), pay.send_list(its_list, actor=f"grants-{n}"))
                )

            threads = [threading.Thread(target=replica, args=(n,)) for n in (0, 1)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

            assert len(results) == 2
            issued = [oid for r in results for oid in r[0].issued]
            assert len(issued) == len(set(issued)) == HOUSEHOLDS
            assert sum(len(r[0].already) for r in results) == HOUSEHOLDS
            assert sum(len(r[1].submissions) for r in results) == 1
            assert sum(r[1].marked for r in results) == HOUSEHOLDS
            records = EventSourcedDisbursementRecords(stores[1])
            created = records.created(PaymentOrder.Issued, limit=10 * HOUSEHOLDS)
            assert len(created) == len({oid for _, oid in created}) == HOUSEHOLDS
            orders = orders_of(records, decisions)
            assert {(o.version, o.instalment(1).attempts) for o in orders} == {(2, 1)}
            [sent_file] = (tmp_path / "outbox").glob("*.xml")
            assert sent_file.read_bytes().count(b"<EndToEndId>") == HOUSEHOLDS
        finally:
            for store in stores:
                store.close()
