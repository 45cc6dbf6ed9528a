"""Timeline speed: what /status computes after a new report, on the longest real series.

    python3 -m bench.timeline_speed [--against REF] [--runs 3] [--replays a,b]

Each replay (default: the three with the most reports) is served once through the real
poller (tests.helpers.replay), which stores every reading. Then, for each day a report
came, the timeline is built from the readings stored by that day, as the service builds
it when a reading was added and a user asks /status or /timeline (it is kept until the
next reading). Two checkouts build the same timelines in the same run, each in a process
of its own: this one, and an earlier commit's (default: the commit before the numbering
stopped asking every way for every number) checked out in a temporary git worktree. The
runs take turns. Printed: CPU seconds for all days, the slowest single build (what a
user waits for at most), and whether both checkouts built the same timelines.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.checkout import ROOT, earlier
from tests.helpers.replay import REPLAYS, TUNED, load, run

BEFORE = "d8ff7d7"  # the numbering before it kept each meeting's place and tried only the best ways
LONGEST = ("vienna-2021", "doha-2019", "iran-saudi-2021")

# Run inside a checkout: builds each day's timeline from a stored replay and prints one
# JSON line per replay (CPU seconds in all, the slowest build, a digest of the timelines).
BUILDER = r"""
import datetime as dt, hashlib, json, sys, time
from pathlib import Path
from bot.news.status import baseline
from bot.news.places import PlaceReader
from bot.news.timeline import build
from config.topics import load_topic
from storage import Storage

root = Path(sys.argv[1])
for pair in sys.argv[2:]:
    name, db = pair.split("=", 1)
    topic = load_topic(root / name / "topics" / f"{name}.toml")
    base = baseline(topic, PlaceReader(topic).topic_place)
    with Storage.open(Path(db)) as storage:
        readings = storage.readings.all(topic.id)
    day = lambda r: dt.datetime.fromtimestamp(r.published, dt.UTC).date()
    digest, total, slowest = hashlib.sha256(), 0.0, 0.0
    for today in sorted({day(r) for r in readings}):
        known = [r for r in readings if day(r) <= today]
        start = time.process_time()
        timeline = build(base, known, today)
        took = time.process_time() - start
        total, slowest = total + took, max(slowest, took)
        digest.update(repr(timeline).encode())
    print(json.dumps({"name": name, "cpu": total, "slowest": slowest, "digest": digest.hexdigest()}))
"""


def stored(names: list[str], directory: Path) -> dict[str, Path]:
    """Each replay served once through the real poller into a database of its own."""
    databases = {}
    for name in names:
        databases[name] = directory / f"{name}.db"
        asyncio.run(run(load(name), databases[name]))
    return databases


def measure(checkout: Path, databases: dict[str, Path]) -> dict[str, dict]:
    out = subprocess.run(
        [sys.executable, "-c", BUILDER, str(REPLAYS), *(f"{n}={db}" for n, db in databases.items())],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        capture_output=True,
        text=True,
        check=True,
    )
    return {row["name"]: row for row in map(json.loads, out.stdout.splitlines())}


def spread(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    return f"{min(values) * scale:.{digits}f}–{max(values) * scale:.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default=BEFORE, help=f"the earlier commit (default {BEFORE})")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--replays", default=",".join(LONGEST), help="tuned replays, comma-separated")
    args = parser.parse_args()
    names = [n for n in args.replays.split(",") if n]
    unknown = [n for n in names if n not in TUNED]
    if unknown:
        parser.error(f"not a tuned replay: {', '.join(unknown)} (choose from {', '.join(TUNED)})")
    with tempfile.TemporaryDirectory() as tmp, earlier(args.against) as worktree:
        databases = stored(names, Path(tmp))
        sides = {"this checkout": ROOT, f"at {args.against}": worktree}
        runs: dict[str, list[dict[str, dict]]] = {side: [] for side in sides}
        for _ in range(args.runs):
            for side, checkout in sides.items():
                runs[side].append(measure(checkout, databases))
    print(f"timelines built day by day, {args.runs} runs each, min–max")
    print(f"{'replay':<18} {'checkout':<16} {'CPU s, all days':>16} {'slowest build, ms':>18}  same")
    for name in names:
        digests = {run[name]["digest"] for side in sides for run in runs[side]}
        for side in sides:
            cpu = [run[name]["cpu"] for run in runs[side]]
            slowest = [run[name]["slowest"] for run in runs[side]]
            print(
                f"{name:<18} {side:<16} {spread(cpu):>16} {spread(slowest, 1000, 0):>18}  "
                f"{'yes' if len(digests) == 1 else 'NO'}"
            )
        ratio = statistics.median(r[name]["cpu"] for r in runs["this checkout"]) / statistics.median(
            r[name]["cpu"] for r in runs[f"at {args.against}"]
        )
        print(f"{'':<18} {'ratio (median)':<16} {ratio:>16.2f}")


if __name__ == "__main__":
    main()
