"""The provider's debit/credit notification (camt.054.001.08) read with pyiso20022's message
classes through xsdata's parser, into the port's StatementLines.

How an entry on the agency's account reads, per transaction it details:
- booked debit: the payment reached the payee (confirmed);
- a return (RtrInf, usually a credit bringing the money back): failed, with the ISO return
  reason code (AC04 closed account, ...) and its text;
- a reversal (RvslInd): reversed;
- anything not booked yet (PDNG, INFO) is not an outcome: it comes again once booked;
- a credit that is neither a return nor a reversal is no payment's outcome (a top-up of the
  account) and is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pyiso20022.camt.camt_054_001_08 import camt_054_001_08 as camt
from xsdata.exceptions import ParserError
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig

from services.grants.application.payment_provider import (
    Statement,
    StatementLine,
    StatementStatus,
)
from shared.money import CURRENCY, InvalidAmount, Money

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"
BOOKED = "BOOK"


class UnreadableStatement(ValueError):
    """A statement file that is not a camt.054.001.08 in MAD: kept aside for a person."""


def _booking_date(entry: camt.ReportEntry10, fallback: date) -> date:
    booked = entry.bookg_dt
    if booked is not None and booked.dt is not None:
        return booked.dt.to_date()
    if booked is not None and booked.dt_tm is not None:
        return booked.dt_tm.to_datetime().date()
    return fallback


def _money(amount: camt.ActiveOrHistoricCurrencyAndAmount) -> Money:
    if amount.ccy != CURRENCY:
        raise UnreadableStatement(f"an amount in {amount.ccy}, not {CURRENCY}")
    try:
        return Money.mad(amount.value)
    except InvalidAmount as e:
        raise UnreadableStatement(str(e)) from e


def _line(
    entry: camt.ReportEntry10, tx: camt.EntryTransaction10 | None, booked_on: date
) -> StatementLine | None:
    returned = tx.rtr_inf if tx is not None else None
    if entry.rvsl_ind:
        status = StatementStatus.REVERSED
    elif returned is not None:
        status = StatementStatus.FAILED
    elif entry.cdt_dbt_ind is camt.CreditDebitCode.DBIT:
        status = StatementStatus.CONFIRMED
    else:
        return None
    reason_code = None
    texts: list[str] = []
    if returned is not None:
        if returned.rsn is not None:
            reason_code = returned.rsn.cd or returned.rsn.prtry
        texts.extend(returned.addtl_inf)
    if tx is not None and tx.addtl_tx_inf:
        texts.append(tx.addtl_tx_inf)
    elif entry.addtl_ntry_inf:
        texts.append(entry.addtl_ntry_inf)
    reference = tx.refs.end_to_end_id if tx is not None and tx.refs is not None else None
    amount = tx.amt if tx is not None and tx.amt is not None else entry.amt
    return StatementLine(
        reference=reference or "",
        amount=_money(amount),
        status=status,
        booking_date=_booking_date(entry, booked_on),
        reason_code=reason_code,
        reason=" ".join(texts) or None,
    )


def _entries(document: camt.Document) -> Iterator[tuple[camt.ReportEntry10, date]]:
    message = document.bk_to_cstmr_dbt_cdt_ntfctn
    created = message.grp_hdr.cre_dt_tm.to_datetime().date()
    for notification in message.ntfctn:
        for entry in notification.ntry:
            yield entry, created


def read_camt054(data: bytes) -> Statement:
    """The final outcomes in one camt.054 file, one per transaction detail (a batch-booked
    entry details every payment it carries; an entry without details stands for one), under
    the notification's message id."""
    parser = XmlParser(config=ParserConfig(fail_on_unknown_properties=True))
    try:
        document = parser.from_bytes(data, camt.Document)
    except (ParserError, ValueError, TypeError) as e:  # TypeError: a required element missing
        raise UnreadableStatement(f"not a camt.054.001.08 notification: {e}") from e
    lines: list[StatementLine] = []
    for entry, created in _entries(document):
        if entry.sts.cd != BOOKED:
            continue
        details: list[camt.EntryTransaction10 | None] = [
            tx for d in entry.ntry_dtls for tx in d.tx_dtls
        ]
        for tx in details or [None]:
            line = _line(entry, tx, created)
            if line is not None:
                lines.append(line)
    return Statement(document.bk_to_cstmr_dbt_cdt_ntfctn.grp_hdr.msg_id, tuple(lines))
