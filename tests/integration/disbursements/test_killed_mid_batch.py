"""Grants killed with SIGKILL while paying a list (while issuing orders, then while marking
them sent), and run again: every line has exactly one order, the list left once with every
line, and once the statement is applied the envelope agrees with the orders."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.grants.application.payment_provider import StatementLine, StatementStatus
from services.grants.application.statements import Statements
from services.grants.domain.envelope import Envelope
from services.grants.domain.order import PaymentOrder
from services.grants.persistence.disbursement_records import EventSourcedDisbursementRecords
from services.grants.persistence.event_store import grants_event_store
from services.grants.persistence.payment_files import (
    PaymentFileExchange,
    read_camt054,
    write_camt054,
)
from shared.money import Money
from tests.flood_payments import AGENCY, approved_list, flood_programme, household, orders_of
from tests.infra import postgres_database, require_infra

HOUSEHOLDS = 600  # 12 saves issuing, 12 marking sent
ROOT = Path(__file__).resolve().parents[3]


def run(url: str, tmp: Path, kill_after_saves: int | None) -> bool:
    """True when the run finished; False when it was killed after that many saves."""
    command = [sys.executable, "-m", "tests.integration.disbursements.paying_run", url]
    command += [str(tmp / "outbox"), str(tmp / "inbox"), str(HOUSEHOLDS)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    saves = 0
    for line in process.stdout:
        saves += line.strip() == "saved"
        if kill_after_saves is not None and saves >= kill_after_saves:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return False
    assert process.wait() == 0
    return True


@pytest.mark.parametrize("kill_after_saves", [5, 17], ids=["issuing", "marking-sent"])
def test_killed_mid_batch_and_run_again_no_order_is_missing_or_doubled(
    tmp_path: Path, kill_after_saves: int
) -> None:
    require_infra()
    with postgres_database("sigkill") as url:
        assert not run(url, tmp_path, kill_after_saves)
        assert run(url, tmp_path, None)
        store = grants_event_store(url)
        try:
            records = EventSourcedDisbursementRecords(store)
            created = records.created(PaymentOrder.Issued, limit=10 * HOUSEHOLDS)
            assert len(created) == len({oid for _, oid in created}) == HOUSEHOLDS
            _, decisions = approved_list(
                flood_programme(), [household("sigkill", n) for n in range(HOUSEHOLDS)]
            )
            orders = orders_of(records, decisions)
            references = {o.instalment(1).provider_reference for o in orders}
            assert {o.status for o in orders} == {"in_progress"} and len(references) == HOUSEHOLDS
            [sent_file] = (tmp_path / "outbox").glob("*.xml")
            assert sent_file.read_bytes().count(b"<EndToEndId>") == HOUSEHOLDS

            inbox = tmp_path / "inbox"
            booked = datetime.now(UTC).date()
            lines = [
                StatementLine(r or "", Money.mad("6000"), StatementStatus.CONFIRMED, booked)
                for r in sorted(references, key=str)
            ]
            camt = write_camt054("BANK-SIGKILL-1", AGENCY.account, datetime.now(UTC), lines)
            read_camt054(camt)
            (inbox / "camt054-1.xml").write_bytes(camt)
            exchange = PaymentFileExchange(tmp_path / "outbox", inbox)
            [outcome] = Statements(records, exchange).receive()
            assert (outcome.confirmed, outcome.exceptions) == (HOUSEHOLDS, 0)
            envelope = records.get(
                Envelope.create_id(orders[0].programme_id, orders[0].cycle, "SKC")
            )
            assert isinstance(envelope, Envelope)
            paid = sum((o.paid for o in orders_of(records, decisions)), Money(0))
            assert envelope.disbursed == paid == Money(600_000 * HOUSEHOLDS)
            assert envelope.held == Money(0)
        finally:
            store.close()
