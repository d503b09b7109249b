"""Group commit for SMS claims arriving together: the gateway's surge. One writer thread takes
whatever claims are waiting (up to `max_batch`) and receives them with
`ClaimBatches.receive_many`, one transaction for all; each HTTP caller awaits its own answer
on its event loop, holding no worker thread. Under no load a batch is a single claim."""

from __future__ import annotations

import asyncio
import queue
import threading
from dataclasses import dataclass

from services.intake.application.claim_records import ClaimAnswer, Sms
from services.intake.application.relief_claim_batches import ClaimBatches


@dataclass
class _Waiting:
    sms: Sms
    future: asyncio.Future[ClaimAnswer]
    loop: asyncio.AbstractEventLoop


def _settle(settled: list[tuple[asyncio.Future[ClaimAnswer], ClaimAnswer | BaseException]]) -> None:
    for future, outcome in settled:
        if future.done():  # a caller that went away
            continue
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


class ClaimGroupCommit:
    def __init__(self, batches: ClaimBatches, max_batch: int = 200) -> None:
        self._batches = batches
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Waiting] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write, name="claim-writer", daemon=True)
        self._writer.start()

    async def receive(self, sms: Sms) -> ClaimAnswer:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[ClaimAnswer] = loop.create_future()
        self._queue.put(_Waiting(sms, answer, loop))
        return await answer

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
        outcomes: list[ClaimAnswer | BaseException]
        try:
            outcomes = list(self._batches.receive_many([w.sms for w in batch]))
        except Exception as e:  # the whole batch failed: every caller hears why (a 500)
            outcomes = [e] * len(batch)
        on_loops: dict[
            asyncio.AbstractEventLoop,
            list[tuple[asyncio.Future[ClaimAnswer], ClaimAnswer | BaseException]],
        ] = {}
        for waiting, outcome in zip(batch, outcomes, strict=True):
            on_loops.setdefault(waiting.loop, []).append((waiting.future, outcome))
        for loop, settled in on_loops.items():
            loop.call_soon_threadsafe(_settle, settled)
