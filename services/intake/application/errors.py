"""What intake's use cases raise besides the domain's broken rules."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import IntegrityError

# Another replica (or request) took an identity or a version since we looked. The adapters
# raise eventsourcing's IntegrityError for it, whatever the database driver said.
DUPLICATE_ERRORS = (IntegrityError,)


class AlreadyEnrolled(Exception):
    def __init__(self, existing_id: UUID) -> None:
        super().__init__(f"already enrolled as {existing_id}")
        self.existing_id = existing_id


class PersonalDataErased(Exception):
    """The person's key was destroyed: their personal fields can no longer be read."""


class NotFlagged(Exception):
    """The two records were not flagged as possible duplicates of each other."""
