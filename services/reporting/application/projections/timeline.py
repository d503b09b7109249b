"""A case timeline per beneficiary, household, institution and association: every event of
intake's and grants' (decisions and orders) about it, in order, with who, when and why.

`GET /reports/timeline/{subject_id}` answers one subject's, as of any moment (the entries
recorded by then), in the caller's provinces (each entry carries the province its subject was
in, where known). Names are for a screen to fetch from intake with the caller's own token.
"""

from __future__ import annotations

from services.reporting.application.projecting import Projection
from services.reporting.application.projections import timeline_grants, timeline_intake
from services.reporting.application.projections.timeline_entries import ABOUT, ENTRY, SUBJECT
from services.reporting.application.reports import Report
from shared.contracts.grants_decisions import DECISIONS_TOPIC
from shared.contracts.grants_orders import ORDERS_TOPIC
from shared.contracts.intake import BENEFICIARIES_TOPIC
from shared.contracts.intake_claims import CLAIMS_TOPIC
from shared.contracts.intake_households import HOUSEHOLDS_TOPIC
from shared.contracts.intake_organisations import ASSOCIATIONS_TOPIC, INSTITUTIONS_TOPIC

PROJECTION = Projection(
    name="timeline",
    version=1,
    description="every event of intake's and grants' about each beneficiary, household, "
    "institution and association",
    topics=(
        BENEFICIARIES_TOPIC,
        HOUSEHOLDS_TOPIC,
        CLAIMS_TOPIC,
        INSTITUTIONS_TOPIC,
        ASSOCIATIONS_TOPIC,
        DECISIONS_TOPIC,
        ORDERS_TOPIC,
    ),
    kinds=(ENTRY, SUBJECT, ABOUT),
    handlers={**timeline_intake.HANDLERS, **timeline_grants.HANDLERS},
)

REPORTS = (
    Report(
        name="timeline",
        projection="timeline",
        kind=ENTRY.name,
        description="Every event about one beneficiary, household, institution or "
        "association (`/reports/timeline/{id}`), in the order recorded: when, the topic and "
        "event, who took the step and why (as published), a short summary without personal "
        "data, and the event's position in its origin's log.",
        shows=("at", "topic", "event_type", "actor", "reason", "summary", "position"),
        order_by=("at", "position"),
        subject="subject_id",
        subject_required=True,
    ),
)
