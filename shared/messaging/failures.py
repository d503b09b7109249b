"""What a consumer makes of a failure: a message to dead-letter, or a database to wait for."""

from __future__ import annotations

from eventsourcing.persistence import InterfaceError, OperationalError
from sqlalchemy.exc import DBAPIError

from shared.contracts import ContractError


class EventRejected(Exception):
    """A well-formed event that this consumer's rules refuse; it goes to the dead-letter topic."""


def is_transient(error: Exception) -> bool:
    """Database away or connection lost: retry the message rather than dead-letter it."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def why_undecodable(error: Exception) -> str:
    if isinstance(error, ContractError):
        return error.reason
    return f"undecodable message: {named(error)}"


def named(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"
