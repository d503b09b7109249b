"""What the projection lag bench prints once the measured commands are all seen."""

from __future__ import annotations

import argparse
import itertools

from bench.lag_load import Sent, percentiles, shown
from bench.lag_topics import TopicWatch, split
from bench.lag_watch import ReportingWatch, Sightings

SLICE_SECONDS = 10.0


def report(
    args: argparse.Namespace, sent: Sent, watch: ReportingWatch, topics: TopicWatch, start: float
) -> None:
    """`start`: when the measured load began (monotonic), for the lag slice by slice."""
    print(f"load: {sent.due:,} commands due over {args.seconds:.0f} s at {args.rate:.0f}/s; "
          f"sent at {sent.rate():,.1f}/s, {sent.accepted:,} accepted, {len(sent.failed)} failed "
          f"{sent.failed[:3]}; the last answered {sent.seconds:.1f} s after the first was due "
          f"({sent.accepted / sent.seconds:,.1f} answers/s)")  # fmt: skip
    print(f"  sent after their due time: {shown(sent.late)}")
    print(f"  intake's answers (send to answer): {shown(sent.answered_in.get(False, []))}")
    print(f"  grants' answers: {shown(sent.answered_in.get(True, []))}")
    mean, longest = watch.resolution()
    print(f"resolution: reporting polled every {args.poll_ms:g} ms ({watch.polls:,} polls; "
          f"mean gap {mean * 1000:.1f} ms, longest {longest * 1000:.1f} ms)")  # fmt: skip
    commits = [(t, n) for t, n in watch.found if start <= t <= start + sent.seconds]
    if commits:
        rows = [float(n) for _, n in commits]
        between = [b - a for (a, _), (b, _) in itertools.pairwise(commits)]
        print(f"reporting's commits seen while measuring: {len(commits):,}, rows each "
              f"p50 {percentiles(rows)['p50']:.0f}, max {max(rows):.0f}; "
              f"between two: {shown(between)}")  # fmt: skip
    kinds = (("enrolments", watch.enrolments, topics.enrolments),
             ("approvals", watch.approvals, topics.approvals))  # fmt: skip
    for name, sightings, on_kafka in kinds:
        lags = sightings.lags()
        print(f"lag, {name} ({len(lags):,} seen, {sightings.missing()} never): {shown(lags)}")
        relay, consumer = split(sightings, on_kafka)
        print(f"  accepted -> on Kafka ({len(relay):,}): {shown(relay)}")
        print(f"  on Kafka -> visible in reporting: {shown(consumer)}")
    both = watch.enrolments.lags() + watch.approvals.lags()
    print(f"lag, all commands ({len(both):,}): {shown(both)}")
    for begun, lags in slices(start, watch.enrolments, watch.approvals):
        print(f"  accepted {begun:3.0f}-{begun + SLICE_SECONDS:.0f} s: {shown(lags)}")
    proposals = watch.proposals
    print(f"beside it, an enrolment to its first proposal in reporting (intake's relay, grants' "
          f"consumer, grants' relay; {len(proposals.lags()):,} seen, {proposals.missing()} not "
          f"yet): {shown(proposals.lags())}")  # fmt: skip
    if args.baseline:
        base, ours = percentiles(args.baseline), percentiles(both)
        ratios = ", ".join(f"{k} {ours[k] / base[k]:.1f}x" for k in ("p50", "p99") if base[k])
        print(f"ratio to the Kafka round trip: {ratios}")


def slices(start: float, *kinds: Sightings) -> list[tuple[float, list[float]]]:
    """The lags by when their command was accepted, SLICE_SECONDS at a time: a lag that grows
    slice after slice is a backlog (the path does not keep up), a steady one is the path's."""
    by_slice: dict[int, list[float]] = {}
    for sightings in kinds:
        for key, accepted in sightings.expected.items():
            if key in sightings.seen:
                n = int((accepted - start) // SLICE_SECONDS)
                by_slice.setdefault(n, []).append(sightings.seen[key] - accepted)
    return [(n * SLICE_SECONDS, by_slice[n]) for n in sorted(by_slice)]
