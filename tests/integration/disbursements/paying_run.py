"""One grants run paying a flood-relief list, to be killed with SIGKILL and run again:
`python -m tests.integration.disbursements.paying_run URL OUTBOX INBOX HOUSEHOLDS`.
Each save prints `saved` (and pauses a little, so the kill lands mid-batch); the run ends by
printing `done`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from eventsourcing.domain import Aggregate

from services.grants.application.disbursements import Disbursements
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
)

CHUNK = 50


class SlowRecords(EventSourcedDisbursementRecords):
    def save(self, *records: Aggregate) -> None:
        super().save(*records)
        print("saved", flush=True)
        time.sleep(0.02)


def main(url: str, outbox: Path, inbox: Path, households: int) -> None:
    store = grants_event_store(url)
    records = SlowRecords(store)
    programme = flood_programme()
    the_list, decisions = approved_list(
        programme, [household("sigkill", n) for n in range(households)]
    )
    envelope = funded_envelope(programme, "SKC", decisions)
    if records.get(envelope.id) is None:  # the first run: as the approvals left it
        EventSourcedDisbursementRecords(store).save(envelope)
    provider = PaymentFileExchange(outbox, inbox)
    pay = Disbursements(records, provider, CashNetworkPayees(), AGENCY, lambda: EXECUTION, CHUNK)
    pay.issue(decisions)
    pay.send_list(the_list, actor="grants")
    print("done", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
