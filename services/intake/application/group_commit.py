"""Group commit for single enrolments arriving at the same time.

Each enrolment on its own costs a transaction (a lookup, three inserts, the event table's
lock, a commit): about 7 ms here, against about 0.25 ms per row inside a batch. One writer
thread takes whatever enrolments are waiting and enrols them with `enrol_submissions` in a
single transaction; each caller waits for its own outcome. Under no load a batch is a single
enrolment and nothing waits longer than before.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from services.intake.application.beneficiaries import Enrolment, EnrolmentOutcome, Submission
from services.intake.application.beneficiary_store import AlreadyEnrolled


class Enrols(Protocol):
    def check_residence(self, province_code: str, commune_code: str) -> None: ...

    def enrol_submissions(self, submissions: list[Submission]) -> list[EnrolmentOutcome]: ...


@dataclass
class _Waiting:
    submission: Submission
    outcome: Future[UUID] = field(default_factory=Future)


class EnrolmentGroupCommit:
    def __init__(self, app: Enrols, max_batch: int = 200) -> None:
        self._app = app
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Waiting] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write, name="enrolment-writer", daemon=True)
        self._writer.start()

    def enrol(self, enrolment: Enrolment, *, actor: str, traceparent: str | None = None) -> UUID:
        """Like `enrol_beneficiary`: validates here, in the caller's thread, then waits for the
        writer. Raises the rule broken, or AlreadyEnrolled with the existing record's id."""
        enrolment.personal.validate(datetime.now(UTC).date())
        self._app.check_residence(enrolment.province_code, enrolment.commune_code)
        waiting = _Waiting(Submission(enrolment, actor, None, traceparent))
        self._queue.put(waiting)
        return waiting.outcome.result()

    def _write(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self._max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._commit(batch)

    def _commit(self, batch: list[_Waiting]) -> None:
        try:
            outcomes = self._app.enrol_submissions([w.submission for w in batch])
        except Exception as e:  # the whole transaction failed: every caller hears why
            for waiting in batch:
                waiting.outcome.set_exception(e)
            return
        for waiting, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, AlreadyEnrolled):
                waiting.outcome.set_exception(outcome)
            else:
                waiting.outcome.set_result(outcome)
