"""Tick benchmark: how long the poller's tick holds the event loop to find the due feeds.

    python3 -m bench.tick [--feeds 10000] [--spread 300] [--ticks 20] [--runs 3]
                          [--backends sqlite,postgresql]

A running bot ticks every two seconds and starts the feeds whose next poll has come;
each feed keeps its own schedule, so with 10,000 feeds polled every five minutes a
tick finds a few dozen due. The feeds' next polls are spread evenly over ``--spread``
seconds from now. The naive way, as the tick did before: read every feed and keep the
due ones; talkwatch asks the database for the due ones (``FeedRepository.due``, through
an index on ``next_poll_at``). Both find the same feeds (checked). The figures are the
wall time of the read, on the thread that runs the event loop — the time a chat command
arriving then waits — per tick: median and slowest of ``--ticks`` ticks, each run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.records import FeedState, FeedSuccess
from storage import Storage
from tests.helpers.pgserver import PostgresServer


def fill(storage: Storage, feeds: int, spread: float, now: float) -> None:
    """``feeds`` feeds, their next polls evenly over the next ``spread`` seconds."""
    db = storage.db
    with db.atomic():
        db.insert_rows(
            "INSERT INTO feeds (url, name, lang, created_at)",
            [(f"https://feeds{i % 40}.example/{i}.xml", f"feed {i}", None, now) for i in range(feeds)],
        )
    ids = [f.id for f in storage.feeds.all()]
    storage.feeds.record_successes(
        [
            FeedSuccess(feed_id, '"etag"', None, "0" * 64, now + spread * i / feeds, True, spread)
            for i, feed_id in enumerate(ids)
        ]
    )


def ticks(read: Callable[[], list[FeedState]], count: int) -> list[float]:
    """The wall time of ``count`` reads of the due feeds."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        read()
        times.append(time.perf_counter() - started)
    return times


def run(database: str | Path, args: argparse.Namespace) -> dict[str, list[tuple[float, float, int]]]:
    storage = Storage.open(database)
    try:
        now = time.time()
        fill(storage, args.feeds, args.spread, now)
        # The moment of a tick two seconds on: the feeds due by then.
        at = now + 2.0
        ways: dict[str, Callable[[], list[FeedState]]] = {
            "naive: read every feed, keep the due ones": lambda: [
                f for f in storage.feeds.all() if f.next_poll_at <= at
            ],
            "talkwatch: the due feeds from the database": lambda: storage.feeds.due(at),
        }
        found = {name: [f.id for f in read()] for name, read in ways.items()}
        assert len(set(map(tuple, found.values()))) == 1, "both ways find the same feeds"
        results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in ways}
        for _ in range(args.runs):
            for name, read in ways.items():
                times = ticks(read, args.ticks)
                results[name].append((statistics.median(times), max(times), len(found[name])))
        return results
    finally:
        storage.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=10000)
    parser.add_argument("--spread", type=float, default=300.0, help="seconds the next polls spread over")
    parser.add_argument("--ticks", type=int, default=20, help="ticks timed per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    print(
        f"\nTick benchmark: {args.feeds} feeds due over {args.spread:g} s, {args.ticks} ticks a run, "
        f"{args.runs} runs; milliseconds the event loop is held per tick (median / slowest, each run)\n"
    )
    print("| database | way | due per tick | median per tick | slowest tick |")
    print("|---|---|---:|---:|---:|")
    postgres = PostgresServer() if "postgresql" in backends else None
    try:
        if postgres is not None:
            postgres.start()
        for backend in backends:
            with tempfile.TemporaryDirectory() as tmp:
                if backend == "postgresql":
                    assert postgres is not None
                    database: str | Path = postgres.new_database()
                else:
                    database = Path(tmp) / "tick.db"
                results = run(database, args)
            for name, rows in results.items():
                medians = "; ".join(f"{m * 1000:.1f}" for m, _, _ in rows)
                slowest = "; ".join(f"{s * 1000:.1f}" for _, s, _ in rows)
                print(f"| {backend} | {name} | {rows[0][2]} | {medians} | {slowest} |")
    finally:
        if postgres is not None:
            postgres.stop()


if __name__ == "__main__":
    main()
