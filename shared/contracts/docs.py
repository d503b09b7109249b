"""Renders docs/events.md from the registered contracts, so the document cannot drift:
`python -m shared.contracts.docs > docs/events.md` (a test checks it is current)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from shared.contracts import default_registry, intake, intake_claims, intake_households
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
    intake_claims.CLAIMS_TOPIC: "intake: relief claims (one per household and disaster)",
    organisations.INSTITUTIONS_TOPIC: "intake: institutions and their licensing",
    organisations.ASSOCIATIONS_TOPIC: "intake: associations and partnership agreements",
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
as `{"amount": "1468411.00", "currency": "MAD"}`. Topics and contracts no longer published are
listed under "Retired", at the end, with what replaced them.
"""


@dataclass(frozen=True)
class Retired:
    """A topic and contract no longer published nor registered, kept in the document so a
    reader of old messages knows what they were and what took their place."""

    topic: str
    contract: str
    fields: str
    retired: str
    replaced_by: str
    why: str
    left: str


RETIRED = (
    Retired(
        topic="grants.reviews",
        contract="`EligibilityReviewOpened` v1",
        fields="`review_id`, `beneficiary_id`, `province_code`, `category`",
        retired="issue 9 (grants), December 2026",
        replaced_by="`grants.decisions` v1 (`DecisionProposed` and the steps after it)",
        why=(
            "it was the walking skeleton's placeholder, one review opened per enrolment that "
            "decided nothing; grants now assesses intake's facts and proposes real decisions, "
            "and reporting counts those"
        ),
        left=(
            "the services no longer create or read the topic and the contract is out of the "
            "registry (a message of that type is dead-lettered as unknown); messages already "
            "on the topic stay for auditors, and grants' store keeps the reviews' events, "
            "read and never published again"
        ),
    ),
)


def _retired() -> list[str]:
    lines = ["", "## Retired"]
    for r in RETIRED:
        lines += ["", f"### `{r.topic}`: {r.contract}", ""]
        lines += [f"- Fields: {r.fields}.", f"- Retired: {r.retired}."]
        lines += [f"- Replaced by: {r.replaced_by}.", f"- Why: {r.why}."]
        lines += [f"- What is left: {r.left}."]
    return lines


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
    lines += _retired()
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
