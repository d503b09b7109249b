"""Grants' payment-provider port over ISO 20022 files: pain.001 out, camt.054 back."""

from services.grants.persistence.payment_files.camt054 import UnreadableStatement, read_camt054
from services.grants.persistence.payment_files.camt054_writer import write_camt054
from services.grants.persistence.payment_files.exchange import PaymentFileExchange
from services.grants.persistence.payment_files.pain001 import write_pain001
from services.grants.persistence.payment_files.schema import InvalidPaymentFile, validate_pain001

__all__ = [
    "InvalidPaymentFile",
    "PaymentFileExchange",
    "UnreadableStatement",
    "read_camt054",
    "validate_pain001",
    "write_camt054",
    "write_pain001",
]
