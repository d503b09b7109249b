"""pain.001 files: one per payment list, valid against the ISO 20022 schema, adding up."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from services.grants.application.payment_provider import (
    Account,
    InvalidPaymentInstruction,
    PaymentBatch,
    PaymentInstruction,
)
from services.grants.persistence.payment_files import (
    InvalidPaymentFile,
    validate_pain001,
    write_pain001,
)
from services.grants.persistence.payment_files.pain001 import NAMESPACE
from shared.money import Money
from tests.unit.payments import flood_relief_batch, instruction, order_reference

CREATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
NS = {"p": NAMESPACE}


def parsed(batch: PaymentBatch) -> ElementTree.Element:
    return ElementTree.fromstring(write_pain001(batch, CREATED))


def test_a_payment_list_becomes_a_pain001_the_schema_accepts() -> None:
    document = write_pain001(flood_relief_batch(), CREATED)
    validate_pain001(document)
    assert document.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_a_tampered_file_is_refused_by_the_schema() -> None:
    document = write_pain001(flood_relief_batch(), CREATED)
    with pytest.raises(InvalidPaymentFile, match="InstdAmt"):
        validate_pain001(document.replace(b">6000.00<", b">6000,00<", 1))
    with pytest.raises(InvalidPaymentFile, match="Dbtr"):
        validate_pain001(
            document.replace(b"<Dbtr>", b"<Debiteur>").replace(b"</Dbtr>", b"</Debiteur>")
        )
    with pytest.raises(InvalidPaymentFile):
        validate_pain001(document.replace(b"<NbOfTxs>3</NbOfTxs>", b"<NbOfTxs>three</NbOfTxs>", 1))


def test_control_sum_and_number_of_transactions_match_the_list() -> None:
    root = parsed(flood_relief_batch())
    for block in ("p:CstmrCdtTrfInitn/p:GrpHdr", "p:CstmrCdtTrfInitn/p:PmtInf"):
        assert root.findtext(f"{block}/p:NbOfTxs", namespaces=NS) == "3"
        assert root.findtext(f"{block}/p:CtrlSum", namespaces=NS) == "161000.00"
    amounts = [Decimal(a.text or "") for a in root.iterfind(".//p:InstdAmt", NS)]
    assert sum(amounts) == Decimal("161000.00")
    assert {a.get("Ccy") for a in root.iterfind(".//p:InstdAmt", NS)} == {"MAD"}
    assert [e.text for e in root.iterfind(".//p:EndToEndId", NS)] == [
        order_reference(1),
        order_reference(2),
        order_reference(3),
    ]


@pytest.mark.parametrize(
    ("centimes", "written"),
    [
        (1, "0.01"),
        (10, "0.10"),
        (100, "1.00"),
        (600000, "6000.00"),
        (146841100, "1468411.00"),
        (99999999999, "999999999.99"),
    ],
)
def test_amounts_are_written_from_centimes_exactly(centimes: int, written: str) -> None:
    root = parsed(flood_relief_batch(instruction(1, Money(centimes))))
    assert root.findtext(".//p:InstdAmt", namespaces=NS) == written
    assert root.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == written


def test_many_small_amounts_add_up_to_the_centime() -> None:
    batch = flood_relief_batch(*(instruction(n, Money(n)) for n in range(1, 201)))
    validate_pain001(write_pain001(batch, CREATED))
    root = parsed(batch)
    assert root.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == "201.00"  # 20100 centimes


def test_arabic_and_french_names_leave_in_utf8_unchanged() -> None:
    """The ISO schema restricts no character set, so names are kept, not transliterated."""
    document = write_pain001(flood_relief_batch(), CREATED)
    validate_pain001(document)
    assert "محمد العلوي".encode() in document
    root = ElementTree.fromstring(document)
    names = [n.text for n in root.iterfind(".//p:Cdtr/p:Nm", NS)]
    assert names == ["محمد العلوي", "Hélène Bérard", "Fatima Zahra El Idrissi"]
    assert (
        root.findtext(".//p:Dbtr/p:Nm", namespaces=NS)
        == "Entraide Nationale — Délégation de Larache"
    )
    assert root.findtext(".//p:Ustrd", namespaces=NS) == "Aide d'urgence inondations février 2026"


def test_iban_rib_and_cash_network_payees() -> None:
    rib = Account.rib("0117 8000 0012 3456 7890 1234")
    batch = flood_relief_batch(
        instruction(1, Money(100), account=Account.iban("ma64 0115 1900 0001 2050 0053 4921")),
        instruction(2, Money(100), account=rib),
        instruction(3, Money(100), account=Account.cash("WAFACASH-LRH-000123")),
    )
    validate_pain001(write_pain001(batch, CREATED))
    accounts = parsed(batch).findall(".//p:CdtrAcct/p:Id", NS)
    assert accounts[0].findtext("p:IBAN", namespaces=NS) == "MA64011519000001205000534921"
    assert accounts[1].findtext("p:Othr/p:Id", namespaces=NS) == "011780000012345678901234"
    assert accounts[1].findtext("p:Othr/p:SchmeNm/p:Cd", namespaces=NS) == "BBAN"
    assert accounts[2].findtext("p:Othr/p:SchmeNm/p:Prtry", namespaces=NS) == "CASH"


def test_what_a_file_could_not_carry_is_refused_before_it_is_written() -> None:
    with pytest.raises(InvalidPaymentInstruction, match="above zero"):
        instruction(1, Money(0))
    with pytest.raises(InvalidPaymentInstruction, match="reference"):
        PaymentInstruction(
            reference="x" * 36,
            payee_name="A",
            payee_account=Account.cash("C1"),
            amount=Money(1),
        )
    with pytest.raises(InvalidPaymentInstruction, match="share a reference"):
        flood_relief_batch(instruction(1, Money(1)), instruction(1, Money(2)))
    with pytest.raises(InvalidPaymentInstruction, match="RIB"):
        Account.rib("12345")
    with pytest.raises(InvalidPaymentInstruction, match="payee name"):
        instruction(1, Money(1), name="x" * 141)
