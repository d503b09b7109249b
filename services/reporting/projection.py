"""Applies intake's and grants' events to the read model, inside the inbox's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.reporting.read_model import enrolments_by_province, reviews_by_province
from shared.contracts import DecodedEvent
from shared.contracts.grants import EligibilityReviewOpenedV1
from shared.contracts.intake import BeneficiaryEnrolledV1
from shared.messaging.inbox import Effect


def _increment(session: Session, table: Table, counter: str, key: dict[str, Any]) -> None:
    """Insert the row with 1, or add 1 to it; safe with two reporting replicas racing."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(**key, **{counter: 1})
    statement = statement.on_conflict_do_update(
        index_elements=list(key), set_={counter: table.c[counter] + 1}
    )
    session.execute(statement)


def on_beneficiary_enrolled(event: DecodedEvent, session: Session) -> None:
    payload = event.payload
    assert isinstance(payload, BeneficiaryEnrolledV1)
    key = {"province_code": payload.province_code, "category": payload.category}
    _increment(session, enrolments_by_province, "enrolled", key)


def on_review_opened(event: DecodedEvent, session: Session) -> None:
    payload = event.payload
    assert isinstance(payload, EligibilityReviewOpenedV1)
    _increment(session, reviews_by_province, "opened", {"province_code": payload.province_code})


EFFECTS: dict[str, Effect] = {
    BeneficiaryEnrolledV1.TYPE: on_beneficiary_enrolled,
    EligibilityReviewOpenedV1.TYPE: on_review_opened,
}
