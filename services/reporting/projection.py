"""Applies intake's and grants' events to the read model, inside the inbox's transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.reporting.read_model import beneficiaries, reviews_by_province
from shared.contracts import DecodedEvent
from shared.contracts.grants import EligibilityReviewOpenedV1
from shared.contracts.intake import (
    BeneficiariesMergedV1,
    BeneficiaryCategoryRecognisedV1,
    BeneficiaryEnrolledV2,
    BeneficiaryMovedV1,
    BeneficiaryStatusChangedV1,
)
from shared.messaging.inbox import Effect


def _insert(session: Session, table: Table) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _change(session: Session, beneficiary_id: UUID, **values: Any) -> None:
    session.execute(
        update(beneficiaries)
        .where(beneficiaries.c.beneficiary_id == beneficiary_id)
        .values(**values)
    )


def on_beneficiary_enrolled(event: DecodedEvent, session: Session) -> None:
    p = event.payload
    assert isinstance(p, BeneficiaryEnrolledV2)
    row = {
        "beneficiary_id": p.beneficiary_id,
        "province_code": p.province_code,
        "status": "enrolled",
        "categories": "," + ",".join(sorted(p.categories)) + ",",
        "merged": False,
    }
    session.execute(_insert(session, beneficiaries).values(**row).on_conflict_do_nothing())


def on_moved(event: DecodedEvent, session: Session) -> None:
    p = event.payload
    assert isinstance(p, BeneficiaryMovedV1)
    _change(session, p.beneficiary_id, province_code=p.province_code)


def on_status_changed(event: DecodedEvent, session: Session) -> None:
    p = event.payload
    assert isinstance(p, BeneficiaryStatusChangedV1)
    _change(session, p.beneficiary_id, status=p.status)


def on_category_recognised(event: DecodedEvent, session: Session) -> None:
    p = event.payload
    assert isinstance(p, BeneficiaryCategoryRecognisedV1)
    current = session.execute(
        select(beneficiaries.c.categories).where(beneficiaries.c.beneficiary_id == p.beneficiary_id)
    ).scalar()
    names = {n for n in (current or "").split(",") if n} | {p.category}
    _change(session, p.beneficiary_id, categories="," + ",".join(sorted(names)) + ",")


def on_merged(event: DecodedEvent, session: Session) -> None:
    """One person counted once: the duplicate record stops counting."""
    p = event.payload
    assert isinstance(p, BeneficiariesMergedV1)
    _change(session, p.duplicate_id, merged=True)


def on_review_opened(event: DecodedEvent, session: Session) -> None:
    p = event.payload
    assert isinstance(p, EligibilityReviewOpenedV1)
    statement = _insert(session, reviews_by_province).values(
        province_code=p.province_code, opened=1
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["province_code"], set_={"opened": reviews_by_province.c.opened + 1}
        )
    )


EFFECTS: dict[str, Effect] = {
    BeneficiaryEnrolledV2.TYPE: on_beneficiary_enrolled,
    BeneficiaryMovedV1.TYPE: on_moved,
    BeneficiaryStatusChangedV1.TYPE: on_status_changed,
    BeneficiaryCategoryRecognisedV1.TYPE: on_category_recognised,
    BeneficiariesMergedV1.TYPE: on_merged,
    EligibilityReviewOpenedV1.TYPE: on_review_opened,
}
