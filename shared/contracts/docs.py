"""Renders docs/events.md from the registered contracts, so the document cannot drift:
`python -m shared.contracts.docs > docs/events.md` (a test checks it is current)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from shared.contracts import default_registry, grants, intake, intake_households
from shared.contracts import intake_organisations as organisations
from shared.contracts.amounts import Amount
from shared.contracts.envelope import Envelope
from shared.contracts.grants_decisions import DECISIONS_TOPIC
from shared.contracts.grants_envelopes import ENVELOPES_TOPIC, EnvelopeBalances
from shared.contracts.grants_orders import ORDERS_TOPIC
from shared.contracts.grants_payment_lists import PAYMENT_LISTS_TOPIC
from shared.contracts.grants_programmes import (
    PROGRAMMES_TOPIC,
    ProgrammeComponent,
    ProgrammeEntitlement,
)

TOPICS = {
    intake.BENEFICIARIES_TOPIC: "intake: beneficiaries (enrolment, status, moves, merges, erasure)",
    intake_households.HOUSEHOLDS_TOPIC: "intake: households, members, disaster impacts",
    organisations.INSTITUTIONS_TOPIC: "intake: institutions and their licensing",
    organisations.ASSOCIATIONS_TOPIC: "intake: associations and partnership agreements",
    grants.REVIEWS_TOPIC: "grants: eligibility reviews",
    PROGRAMMES_TOPIC: "grants: programmes and their cycles",
    DECISIONS_TOPIC: "grants: decisions, each step of the four eyes, appeals, cancellations",
    PAYMENT_LISTS_TOPIC: "grants: payment lists drawn up and approved (count, total, digest)",
    ORDERS_TOPIC: "grants: payment orders (instalments) and delivery orders",
    ENVELOPES_TOPIC: "grants: budget envelopes' movements, with the balances after each",
}

# The shapes payloads nest, documented once each under their own name.
SHAPES: tuple[type[BaseModel], ...] = (
    Amount,
    EnvelopeBalances,
    ProgrammeComponent,
    ProgrammeEntitlement,
)

INTRO = """# Integration events

Generated from `shared/contracts/` by `python -m shared.contracts.docs`; do not edit by hand.

Every message is a JSON envelope (UTF-8, Arabic as is), keyed by the aggregate id, with Kafka
headers `event-type`, `schema-version` and, when a trace exists, `traceparent`. Event topics
keep everything (`retention.ms=-1`, never compacted) so auditors can replay from offset 0.
A consumer that cannot decode a message, or does not know its type or schema version, sends it
to `<consumer>.dlq` with `x-dead-letter-reason` and moves on. Older schema versions are upcast
to the latest before a consumer sees them. Personal data (names, national IDs, birth dates,
phones, addresses) never travels: it stays sealed in intake. Amounts, when they appear, travel
as `{"amount": "1468411.00", "currency": "MAD"}`.
"""


def _type_name(annotation: Any) -> str:
    text = (
        str(annotation).replace("typing.", "").replace("pydantic.types.AwareDatetime", "UTC time")
    )
    text = text.removeprefix("<class '").removesuffix("'>").replace("uuid.UUID", "uuid")
    text = re.sub(r"shared\.contracts\.[a-z_]+\.", "", text)
    return text.replace(" | None", " or null").replace("datetime.date", "date")


def _fields(model: type[BaseModel]) -> list[str]:
    return [
        f"| `{name}` | {_type_name(field.annotation)} |"
        for name, field in model.model_fields.items()
    ]


def render() -> str:
    registry = default_registry()
    lines = [INTRO, "## Topics", "", "| topic | what |", "| --- | --- |"]
    lines += [f"| `{topic}` | {what} |" for topic, what in TOPICS.items()]
    lines += ["", "## Envelope", "", "| field | type |", "| --- | --- |", *_fields(Envelope)]
    for shape in SHAPES:
        doc = " ".join((shape.__doc__ or "").split())
        lines += ["", f"## {shape.__name__}", ""]
        lines += [doc, ""] if doc else []
        lines += ["| field | type |", "| --- | --- |", *_fields(shape)]
    for (type_, version), payload in sorted(registry._payloads.items()):
        doc = " ".join((payload.__doc__ or "").split())
        lines += ["", f"## `{type_}` v{version}", ""]
        if doc:
            lines += [doc, ""]
        older = [v for (t, v) in registry._upcasters if t == type_]
        if older:
            lines += [
                f"Older versions still read (upcast): {', '.join(f'v{v}' for v in older)}.",
                "",
            ]
        lines += ["| field | type |", "| --- | --- |", *_fields(payload)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
