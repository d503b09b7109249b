"""What a case timeline keeps: one entry per event about a subject (a beneficiary, household,
institution or association), with who, when, why and a short summary; and what it needs to
place an entry: the province each subject is in, and the subject of each decision and order
(their later steps carry only the decision's or order's id).

No personal data: a summary names ids, codes, statuses and amounts, never a name, an ID
number, a phone, a birth date or an address. `reason` is the envelope's as published: a
publisher keeps back a reason that may name sensitive data (grants' attested disability), so
it arrives null.
"""

from __future__ import annotations

from pydantic import BaseModel

from services.reporting.application.projecting import Reads
from services.reporting.application.rows import Rows
from services.reporting.domain.history import Field, Kind
from shared.contracts import Envelope
from shared.contracts.amounts import Amount

ENTRY = Kind(
    "entry",
    (
        Field("subject_id", str, 36, indexed=True),
        Field("province_code", str, 8),
        Field("topic", str, 40),
        Field("event_type", str, 64),
        Field("position", int),
        Field("actor", str, 64),
        Field("reason", str, 500),
        Field("summary", str, 200),
    ),
    appended=True,
)
SUBJECT = Kind("subject", (Field("province_code", str, 8),))
# A decision or an order (by its id) -> the subject it is about.
ABOUT = Kind("about", (Field("subject_id", str, 36), Field("province_code", str, 8)))


def clip(text: str | None, size: int) -> str | None:
    return None if text is None else text[:size]


def id_of(payload: BaseModel, name: str) -> str:
    return str(getattr(payload, name))


def money(amount: Amount | None) -> str:
    return "in kind" if amount is None else f"{amount.amount} {amount.currency}"


def province_of(rows: Rows, subject_id: str) -> str | None:
    row = rows.get(SUBJECT.name, subject_id)
    return None if row is None else str(row["province_code"])


def record(
    rows: Rows,
    envelope: Envelope,
    topic: str,
    subject_id: str,
    summary: str,
    province_code: str | None = None,
) -> None:
    """An entry on the subject's timeline, in the province given or the one it is in."""
    province = province_code if province_code is not None else province_of(rows, subject_id)
    rows.add(
        ENTRY.name,
        {
            "subject_id": subject_id,
            "province_code": province,
            "topic": topic,
            "event_type": envelope.type,
            "position": envelope.position,
            "actor": clip(envelope.actor, 64),
            "reason": clip(envelope.reason, 500),
            "summary": clip(summary, 200),
        },
    )


def place(rows: Rows, subject_id: str, province_code: str) -> None:
    """The subject is in this province from now on."""
    rows.put(SUBJECT.name, subject_id, {"province_code": province_code})


def subjects(*names: str) -> Reads:
    """`reads` for a handler whose entries go to the subjects in these payload fields."""

    def reads(p: BaseModel) -> list[tuple[str, str]]:
        return [(SUBJECT.name, id_of(p, n)) for n in names if getattr(p, n, None) is not None]

    return reads
