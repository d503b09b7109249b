"""What the register's adapters raise when another replica took an identity since the lookup:
eventsourcing wraps driver errors in its own class; SQLAlchemy raises its own before commit."""

from __future__ import annotations

from eventsourcing.persistence import IntegrityError as EsIntegrityError
from sqlalchemy.exc import IntegrityError as SqlIntegrityError

DUPLICATE_ERRORS = (SqlIntegrityError, EsIntegrityError)
