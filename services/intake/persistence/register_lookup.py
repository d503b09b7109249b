"""Looking up a batch of people in the register: who already holds each identity, and the
oldest few open records sharing each likeness hash, in one query.

The limit per likeness matters: a common name and birth date can match thousands of records,
and fetching them all made each enrolment slower as the register grew. On PostgreSQL the
hashes go as two comma-joined strings split by the server (an import batch would otherwise
bind thousands of values), sent by register.py. Elsewhere (SQLite) one SQLAlchemy statement,
built once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, literal_column, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import CompoundSelect

from services.intake.application.ports import Found
from services.intake.persistence.beneficiary_index import beneficiary_index


def lookup(
    session: Session,
    identity_hashes: Sequence[str],
    likeness_hashes: Sequence[str],
    alike_limit: int,
) -> Found:
    """Who holds each identity, and the oldest `alike_limit` records alike, through an
    SQLAlchemy session (SQLite; PostgreSQL sends `LOOKUP_ON_POSTGRES`: see register.py)."""
    parameters = {
        "identities": sorted(set(identity_hashes)),
        "likenesses": sorted(set(likeness_hashes)),
        "alike_limit": alike_limit,
    }
    return held_and_alike(session.execute(_STATEMENT, parameters).all())


def postgres_parameters(
    identity_hashes: Sequence[str], likeness_hashes: Sequence[str], alike_limit: int
) -> tuple[str, str, int]:
    """`LOOKUP_ON_POSTGRES`'s parameters, in order: the hex hashes joined by commas, one text
    value each (binding a list of 1,000 strings element by element cost more than the query),
    and the limit."""
    return (
        ",".join(sorted(set(identity_hashes))),
        ",".join(sorted(set(likeness_hashes))),
        alike_limit,
    )


def held_and_alike(rows: Sequence[Any]) -> Found:
    """The lookup's rows (identity, likeness, id, rank) as who holds each identity and the
    records alike for each likeness, oldest first."""
    held: dict[str, UUID] = {}
    alike: dict[str, list[UUID]] = {}
    for identity, likeness, beneficiary_id, _ in sorted(rows, key=lambda r: r[3]):
        if identity is not None:
            held[identity] = beneficiary_id
        else:
            alike.setdefault(likeness, []).append(beneficiary_id)
    return held, alike


def _lookup_statement() -> CompoundSelect[Any]:
    """Built once, with expanding parameters, so each batch reuses SQLAlchemy's compiled form
    instead of building and cache-keying a new statement."""
    c = beneficiary_index.c
    holders = select(
        c.identity_hash, literal_column("NULL").label("likeness_hash"), c.beneficiary_id,
        literal_column("0").label("rank"),
    ).where(c.identity_hash.in_(bindparam("identities", expanding=True)))  # fmt: skip
    ranked = (
        select(
            c.likeness_hash,
            c.beneficiary_id,
            func.row_number()
            .over(partition_by=c.likeness_hash, order_by=(c.enrolled_at, c.beneficiary_id))
            .label("rank"),
        )
        .where(c.likeness_hash.in_(bindparam("likenesses", expanding=True)))
        .where(c.merged_into.is_(None))
        .subquery()
    )
    alikes = select(
        literal_column("NULL").label("identity_hash"), ranked.c.likeness_hash,
        ranked.c.beneficiary_id, ranked.c.rank,
    ).where(ranked.c.rank <= bindparam("alike_limit"))  # fmt: skip
    return union_all(holders, alikes)


_STATEMENT = _lookup_statement()
# Each hash looked up on its own through its index (LATERAL ... LIMIT keeps the planner from
# turning the lookup into a scan of the whole register, which it preferred for an import's
# thousand hashes): the cost grows with the batch, not with the register. Its parameters are
# what `postgres_parameters` gives.
LOOKUP_ON_POSTGRES = f"""
    SELECT holder.identity_hash, NULL AS likeness_hash, holder.beneficiary_id, 0 AS rank
      FROM unnest(string_to_array(%s, ',')) AS wanted(hash)
     CROSS JOIN LATERAL (
           SELECT identity_hash, beneficiary_id FROM {beneficiary_index.name}
            WHERE identity_hash = wanted.hash LIMIT 1) AS holder
    UNION ALL
    SELECT NULL, wanted.hash, oldest.beneficiary_id, row_number() OVER (
               PARTITION BY wanted.hash ORDER BY oldest.enrolled_at, oldest.beneficiary_id)
      FROM unnest(string_to_array(%s, ',')) AS wanted(hash)
     CROSS JOIN LATERAL (
           SELECT beneficiary_id, enrolled_at FROM {beneficiary_index.name}
            WHERE likeness_hash = wanted.hash AND merged_into IS NULL
            ORDER BY enrolled_at, beneficiary_id LIMIT %s) AS oldest
"""
