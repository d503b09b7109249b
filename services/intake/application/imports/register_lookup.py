"""`BeneficiaryIndex.lookup` for a whole import batch, with arrays on PostgreSQL.

The index's own query spells out an `IN (...)` of 2,000 bound values, which SQLAlchemy and
psycopg then render and re-parse for every batch (a third of the lookup's time). Here the
hashes go as two array parameters: same rows, same order (holders, then the oldest
`alike_limit` open records per likeness hash, by enrolment time then id).
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.intake.application.beneficiary_index import beneficiary_index
from services.intake.application.beneficiary_store import BeneficiaryStore

_TABLE = beneficiary_index.name
_QUERY = text(
    f"""
    SELECT identity_hash, NULL AS likeness_hash, beneficiary_id, 0 AS rank
      FROM {_TABLE} WHERE identity_hash = ANY(:identities)
    UNION ALL
    SELECT NULL, likeness_hash, beneficiary_id, rank FROM (
        SELECT likeness_hash, beneficiary_id, row_number() OVER (
                   PARTITION BY likeness_hash ORDER BY enrolled_at, beneficiary_id) AS rank
          FROM {_TABLE}
         WHERE likeness_hash = ANY(:likenesses) AND merged_into IS NULL) AS ranked
     WHERE rank <= :alike_limit
    """
)


def lookup(
    app: BeneficiaryStore,
    session: Session,
    identity_hashes: Sequence[str],
    likeness_hashes: Sequence[str],
    alike_limit: int,
) -> tuple[dict[str, UUID], dict[str, list[UUID]]]:
    """Who holds each identity already, and the oldest few records alike to each likeness."""
    if session.get_bind().dialect.name != "postgresql":
        return app.index.lookup(session, identity_hashes, likeness_hashes, alike_limit)
    rows = session.execute(
        _QUERY,
        {
            "identities": sorted(set(identity_hashes)),
            "likenesses": sorted(set(likeness_hashes)),
            "alike_limit": alike_limit,
        },
    ).all()
    held: dict[str, UUID] = {}
    alike: dict[str, list[UUID]] = {}
    for identity, likeness, beneficiary_id, _ in sorted(rows, key=lambda r: r[3]):
        if identity is not None:
            held[identity] = beneficiary_id
        else:
            alike.setdefault(likeness, []).append(beneficiary_id)
    return held, alike
