"""Writes StatementLines as a camt.054.001.08 notification, the way a bank reports them on the
agency's account: the simulated provider answers with these files, so the same reader
(camt054.py) is exercised in the demo and the tests as in production."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pyiso20022.camt.camt_054_001_08 import camt_054_001_08 as camt
from xsdata.formats.dataclass.serializers import XmlSerializer
from xsdata.formats.dataclass.serializers.config import SerializerConfig
from xsdata.models.datatype import XmlDate, XmlDateTime

from services.grants.application.payment_provider import (
    Account,
    StatementLine,
    StatementStatus,
)
from services.grants.persistence.payment_files.camt054 import BOOKED, NAMESPACE
from services.grants.persistence.payment_files.pain001 import RIB_SCHEME_CODE
from shared.money import CURRENCY

# ISO bank transaction codes: payments / issued credit transfers / domestic transfer or return.
_DOMAIN, _FAMILY, _TRANSFER, _RETURN = "PMNT", "ICDT", "DMCT", "RRTN"


def _account(account: Account) -> camt.CashAccount39:
    if account.scheme == "IBAN":
        identification = camt.AccountIdentification4Choice(iban=account.identifier)
    else:
        identification = camt.AccountIdentification4Choice(
            othr=camt.GenericAccountIdentification1(
                id=account.identifier,
                schme_nm=camt.AccountSchemeName1Choice(cd=RIB_SCHEME_CODE),
            )
        )
    return camt.CashAccount39(id=identification, ccy=CURRENCY)


def _entry(line: StatementLine) -> camt.ReportEntry10:
    amount = camt.ActiveOrHistoricCurrencyAndAmount(value=line.amount.to_decimal(), ccy=CURRENCY)
    failed = line.status is StatementStatus.FAILED
    debit = line.status is StatementStatus.CONFIRMED
    # A return carries its reason in RtrInf; so does a reversal that gives one.
    returned = (
        camt.PaymentReturnReason5(
            rsn=camt.ReturnReason5Choice(cd=line.reason_code) if line.reason_code else None,
            addtl_inf=[line.reason] if line.reason else [],
        )
        if failed or (not debit and (line.reason_code or line.reason))
        else None
    )
    direction = camt.CreditDebitCode.DBIT if debit else camt.CreditDebitCode.CRDT
    return camt.ReportEntry10(
        amt=amount,
        cdt_dbt_ind=direction,
        rvsl_ind=True if line.status is StatementStatus.REVERSED else None,
        sts=camt.EntryStatus1Choice(cd=BOOKED),
        bookg_dt=camt.DateAndDateTime2Choice(dt=XmlDate.from_date(line.booking_date)),
        bk_tx_cd=camt.BankTransactionCodeStructure4(
            domn=camt.BankTransactionCodeStructure5(
                cd=_DOMAIN,
                fmly=camt.BankTransactionCodeStructure6(
                    cd=_FAMILY, sub_fmly_cd=_RETURN if failed else _TRANSFER
                ),
            )
        ),
        ntry_dtls=[
            camt.EntryDetails9(
                tx_dtls=[
                    camt.EntryTransaction10(
                        refs=camt.TransactionReferences6(end_to_end_id=line.reference),
                        amt=amount,
                        cdt_dbt_ind=direction,
                        rtr_inf=returned,
                        addtl_tx_inf=None if returned else line.reason,
                    )
                ]
            )
        ],
    )


def write_camt054(
    message_id: str, account: Account, created_at: datetime, lines: Sequence[StatementLine]
) -> bytes:
    """One notification on `account` carrying one booked entry per line."""
    document = camt.Document(
        bk_to_cstmr_dbt_cdt_ntfctn=camt.BankToCustomerDebitCreditNotificationV08(
            grp_hdr=camt.GroupHeader81(
                msg_id=message_id,
                cre_dt_tm=XmlDateTime.from_datetime(created_at.replace(microsecond=0)),
            ),
            ntfctn=[
                camt.AccountNotification17(
                    id=message_id,
                    acct=_account(account),
                    ntry=[_entry(line) for line in lines],
                )
            ],
        )
    )
    serializer = XmlSerializer(config=SerializerConfig(indent="  ", encoding="UTF-8"))
    return serializer.render(document, ns_map={None: NAMESPACE}).encode("utf-8")
