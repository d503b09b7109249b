"""One payment list as an ISO 20022 customer credit-transfer initiation (pain.001.001.09),
built from pyiso20022's message classes and written by xsdata. Names and remittance text stay
in UTF-8 as given: the ISO schema's Max140Text has no character-set restriction (SEPA's Latin
subset is an EPC rule, not ISO's), so Arabic and French names leave unchanged."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pyiso20022.pain.pain_001_001_09 import pain_001_001_09 as pain
from xsdata.formats.dataclass.serializers import XmlSerializer
from xsdata.formats.dataclass.serializers.config import SerializerConfig
from xsdata.models.datatype import XmlDate, XmlDateTime

from services.grants.application.payment_provider import Account, PaymentBatch, PaymentInstruction
from shared.money import CURRENCY, Money

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
# ISO 20022's external code list: BBAN for a domestic account number such as a RIB.
RIB_SCHEME_CODE = "BBAN"
# A proprietary scheme naming a cash network's payout reference (no ISO code exists for it).
CASH_SCHEME = "CASH"
NOT_PROVIDED = "NOTPROVIDED"


def amount_of(money: Money) -> Decimal:
    """Centimes to the file's decimal, exactly two places: 600000 -> Decimal("6000.00")."""
    return money.to_decimal()


def message_id_of(batch: PaymentBatch) -> str:
    """The file's MsgId and PmtInfId: the payment list's id (32 hex digits, within Max35Text),
    so a bank refusing a repeated MsgId refuses the same list sent twice."""
    return batch.payment_list_id.hex


def _account_identification(account: Account) -> pain.AccountIdentification4Choice:
    if account.scheme == "IBAN":
        return pain.AccountIdentification4Choice(iban=account.identifier)
    scheme = (
        pain.AccountSchemeName1Choice(cd=RIB_SCHEME_CODE)
        if account.scheme == "RIB"
        else pain.AccountSchemeName1Choice(prtry=CASH_SCHEME)
    )
    return pain.AccountIdentification4Choice(
        othr=pain.GenericAccountIdentification1(id=account.identifier, schme_nm=scheme)
    )


def _debtor_agent(bic: str | None) -> pain.BranchAndFinancialInstitutionIdentification6:
    institution = (
        pain.FinancialInstitutionIdentification18(bicfi=bic)
        if bic
        else pain.FinancialInstitutionIdentification18(
            othr=pain.GenericFinancialIdentification1(id=NOT_PROVIDED)
        )
    )
    return pain.BranchAndFinancialInstitutionIdentification6(fin_instn_id=institution)


def _transaction(instruction: PaymentInstruction) -> pain.CreditTransferTransaction34:
    return pain.CreditTransferTransaction34(
        pmt_id=pain.PaymentIdentification6(end_to_end_id=instruction.reference),
        amt=pain.AmountType4Choice(
            instd_amt=pain.ActiveOrHistoricCurrencyAndAmount(
                value=amount_of(instruction.amount), ccy=CURRENCY
            )
        ),
        cdtr=pain.PartyIdentification135(nm=instruction.payee_name),
        cdtr_acct=pain.CashAccount38(id=_account_identification(instruction.payee_account)),
        rmt_inf=(
            pain.RemittanceInformation16(ustrd=[instruction.remittance])
            if instruction.remittance
            else None
        ),
    )


def credit_transfer_initiation(batch: PaymentBatch, created_at: datetime) -> pain.Document:
    """The pain.001 document of one payment list: one payment information block, debited
    once, with one transaction per payment order."""
    count = str(batch.number_of_transactions)
    control_sum = amount_of(batch.control_sum)
    message_id = message_id_of(batch)
    debtor = pain.PartyIdentification135(nm=batch.debtor_name)
    return pain.Document(
        cstmr_cdt_trf_initn=pain.CustomerCreditTransferInitiationV09(
            grp_hdr=pain.GroupHeader85(
                msg_id=message_id,
                cre_dt_tm=XmlDateTime.from_datetime(created_at.replace(microsecond=0)),
                nb_of_txs=count,
                ctrl_sum=control_sum,
                initg_pty=debtor,
            ),
            pmt_inf=[
                pain.PaymentInstruction30(
                    pmt_inf_id=message_id,
                    pmt_mtd=pain.PaymentMethod3Code.TRF,
                    btch_bookg=True,
                    nb_of_txs=count,
                    ctrl_sum=control_sum,
                    reqd_exctn_dt=pain.DateAndDateTime2Choice(
                        dt=XmlDate.from_date(batch.requested_execution)
                    ),
                    dbtr=debtor,
                    dbtr_acct=pain.CashAccount38(
                        id=_account_identification(batch.debtor_account), ccy=CURRENCY
                    ),
                    dbtr_agt=_debtor_agent(batch.debtor_agent_bic),
                    cdt_trf_tx_inf=[_transaction(i) for i in batch.instructions],
                )
            ],
        )
    )


def write_pain001(batch: PaymentBatch, created_at: datetime) -> bytes:
    """The payment list's pain.001 file, UTF-8 with an XML declaration."""
    serializer = XmlSerializer(config=SerializerConfig(indent="  ", encoding="UTF-8"))
    text = serializer.render(
        credit_transfer_initiation(batch, created_at), ns_map={None: NAMESPACE}
    )
    return text.encode("utf-8")
