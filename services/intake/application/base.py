"""What every intake use-case module builds on: one eventsourcing application, named intake."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from shared.eventstore import DateAsISO


class IntakeBase(Application[UUID]):
    name = "intake"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
