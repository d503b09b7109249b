"""Group commit for single enrolments arriving at the same time.

Each enrolment on its own costs a transaction (a lookup, three inserts, the event table's
lock, a commit): about 7 ms here, against about 0.25 ms per row inside a batch. One writer
thread takes whatever enrolments are waiting and enrols them with `enrol_submissions` in a
single transaction; each caller waits for its own outcome. Under no load a batch is a single
enrolment and nothing waits longer than before.

HTTP callers await `enrol` on the event loop: no worker thread is held per waiting
request, and the writer hands a batch's outcomes back to each loop in one `call_soon_threadsafe`.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from services.intake.application.beneficiaries import Enrolment, EnrolmentOutcome, Submission


class Enrols(Protocol):
    def check_residence(self, province_code: str, commune_code: str) -> None: ...

    def enrol_submissions(self, submissions: list[Submission]) -> list[EnrolmentOutcome]: ...


Outcome = UUID | BaseException


@dataclass
class _Waiting:
    submission: Submission
    future: asyncio.Future[UUID]
    loop: asyncio.AbstractEventLoop


def _settle(settled: list[tuple[asyncio.Future[UUID], Outcome]]) -> None:
    for future, outcome in settled:
        if future.done():  # an HTTP caller that went away
            continue
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


class EnrolmentGroupCommit:
    def __init__(self, app: Enrols, max_batch: int = 200) -> None:
        self._app = app
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Waiting] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write, name="enrolment-writer", daemon=True)
        self._writer.start()

    async def enrol(
        self, enrolment: Enrolment, *, actor: str, traceparent: str | None = None
    ) -> UUID:
        """Like `enrol_beneficiary`: validates here, on the caller's event loop, then awaits
        the writer. Raises the rule broken, or AlreadyEnrolled with the existing record's id."""
        submission = self._validated(enrolment, actor, traceparent)
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[UUID] = loop.create_future()
        self._queue.put(_Waiting(submission, outcome, loop))
        return await outcome

    def _validated(self, enrolment: Enrolment, actor: str, traceparent: str | None) -> Submission:
        enrolment.personal.validate(datetime.now(UTC).date())
        self._app.check_residence(enrolment.province_code, enrolment.commune_code)
        return Submission(enrolment, actor, None, traceparent)

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
            outcomes: list[Outcome] = list(
                self._app.enrol_submissions([w.submission for w in batch])
            )
        except Exception as e:  # the whole transaction failed: every caller hears why
            outcomes = [e] * len(batch)
        on_loops: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[UUID], Outcome]]]
        on_loops = {}
        for waiting, outcome in zip(batch, outcomes, strict=True):
            on_loops.setdefault(waiting.loop, []).append((waiting.future, outcome))
        for loop, settled in on_loops.items():
            loop.call_soon_threadsafe(_settle, settled)
