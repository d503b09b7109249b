"""Encode and decode time per stored event: eventsourcing's JSONTranscoder against ours.

The events are intake's own: one enrolment (`Enrolled` with a disability category, consent,
a possible-duplicate flag) built by the `Beneficiary` aggregate, turned into the state dicts
the mapper hands its transcoder. Both transcoders get intake's transcodings.

    .venv/bin/python bench/transcoder.py [--number 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import timeit
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventsourcing.persistence import JSONTranscoder, Transcoder

from services.intake.application import IntakeApplication
from services.intake.domain.beneficiary import Beneficiary, category_entry
from services.intake.domain.reference import Category
from shared.eventstore import eventstore_env
from shared.transcoder import OrjsonTranscoder


def enrolment_states() -> list[dict[str, Any]]:
    person = Beneficiary.enrol(
        beneficiary_id=uuid4(),
        sealed_personal="gAAAAABn" + "x7Q2" * 60,  # about a real sealed record's length
        sex="F",
        province_code="LAR",
        commune_code="LAR-002",
        categories=[
            category_entry(Category.DISABILITY, evidence="شهادة طبية 12",
                           since=date(2026, 2, 10), disability_type="motor",
                           severity="severe"),
        ],
        actor="cw-lar",
        reason="bulk import 7f0c",
        traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    )  # fmt: skip
    person.record_consent("social support", date(2026, 2, 1), "cw-lar", None)
    person.flag_possible_duplicate(uuid4(), "cw-lar", "likely duplicate")
    states = []
    for event in person.collect_events():
        state = dict(vars(event))
        del state["originator_id"], state["originator_version"]
        states.append(state)
    return states


def registered(transcoder: Transcoder) -> Transcoder:
    with tempfile.TemporaryDirectory() as folder:
        env = eventstore_env(f"sqlite:///{folder}/t.sqlite") | {"LOOKUP_SECRET": "b"}
        app = IntakeApplication(env=env)
        assert isinstance(transcoder, JSONTranscoder)
        app.register_transcodings(transcoder)
        app.close()
    return transcoder


def per_event_us(work: Any, events: int, number: int, repeat: int) -> float:
    best = min(timeit.repeat(work, number=number, repeat=repeat))
    return best / (number * events) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--number", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    states = enrolment_states()
    standard = registered(JSONTranscoder())
    fast = registered(OrjsonTranscoder())
    stored = [standard.encode(s) for s in states]
    assert [fast.encode(s) for s in states] == stored
    assert [fast.decode(b) for b in stored] == [standard.decode(b) for b in stored]
    print(f"{len(states)} events, {sum(map(len, stored)) / len(stored):.0f} B on average")
    print(f"{'':>16} {'encode µs':>10} {'decode µs':>10}")
    results = {}
    for name, transcoder in (("JSONTranscoder", standard), ("OrjsonTranscoder", fast)):
        encode = per_event_us(lambda t=transcoder: [t.encode(s) for s in states],
                              len(states), args.number, args.repeat)  # fmt: skip
        decode = per_event_us(lambda t=transcoder: [t.decode(b) for b in stored],
                              len(states), args.number, args.repeat)  # fmt: skip
        results[name] = (encode, decode)
        print(f"{name:>16} {encode:>10.2f} {decode:>10.2f}")
    (se, sd), (fe, fd) = results["JSONTranscoder"], results["OrjsonTranscoder"]
    print(f"{'speed-up':>16} {se / fe:>9.1f}x {sd / fd:>9.1f}x")


if __name__ == "__main__":
    main()
