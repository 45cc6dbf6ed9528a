"""Per-field precision and recall of round reading on the real reports of the replays.

Each report of a replay (``tests/fixtures/replays/*/items.jsonl``) carries a label written
from the report itself: what it says of a round (its number, venue, day and state) and
the event it reports. The report goes through the analysis a polled item goes through
(the replay topic's matcher, then the reader), and its first round reading and first
event are compared with the label, field by field: a wrong value counts as a false
positive and a false negative at once.

Two readers are measured on the same reports in one run: this checkout's, and the one of
an earlier commit (default: the commit before the reader was rewritten), checked out in
a temporary git worktree and run in a process of its own. Replays tuned against and held
out are counted apart; the held-out reports' mistakes are never printed.

    python3 -m bench.replay_reading                 # this reader beside 6bdd63e's
    python3 -m bench.replay_reading --against HEAD  # beside the last commit's
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.checkout import ROOT, earlier
from tests.helpers.replay import HELD_OUT, REPLAYS, TUNED

FIELDS = ("number", "venue", "date", "state", "event")
BEFORE = "6bdd63e"  # the last commit of the reader this work replaced

# Run inside a checkout (this one or an earlier commit's): reads every report of the named
# replays with the APIs both readers share, and prints one JSON line per report.
READER = r"""
import datetime as dt, json, sys
from pathlib import Path
from bot.feeds.parse import Entry
from bot.ingest.analysis import Analyser, FeedRef
from bot.news.matcher import build_matchers
from config.topics import load_topic

root, names = Path(sys.argv[1]), sys.argv[2:]
for name in names:
    topic = load_topic(root / name / "topics" / f"{name}.toml")
    places = {p.id: p.name for p in topic.places}
    analyser = Analyser(build_matchers({topic.id: topic}))
    lines = (root / name / "items.jsonl").read_text("utf-8").splitlines()
    for n, raw in enumerate(map(json.loads, lines)):
        day = dt.date.fromisoformat(raw["published"])
        moment = dt.datetime.combine(day, dt.time(6), dt.UTC).timestamp() + 60 * n
        feed = FeedRef(1, "https://replay.example/" + name, raw["outlet"], raw["lang"])
        entry = Entry(raw["title"], raw["lede"], raw["url"], raw["id"], moment, raw["lang"])
        item = analyser.prepare(feed, [entry], fetched=moment + 60)[0]
        view = analyser.analyse(item, feed).views.get(topic.id)
        got = {"number": None, "venue": None, "date": None, "state": None, "event": None}
        if view is not None:
            first = next(iter(view.reading.rounds), None)
            if first is not None:
                venue = first.venue
                got["number"] = first.number
                got["venue"] = getattr(venue, "name", None) or places.get(venue, venue)
                # A day the report states. Both readers date a report of talks going on by
                # its own day as a last resort, which is no reading of the text: such a day
                # is not counted (unless the reader says the text gave it).
                fallback = first.date == day.isoformat() and first.state in ("under_way", "held", "paused")
                stated = getattr(first, "dated", None) in ("explicit", "relative")
                got["date"] = None if fallback and not stated else first.date
                got["state"] = first.state
            got["event"] = view.reading.events[0].kind if view.reading.events else None
        print(json.dumps({"replay": name, "id": raw["id"], "got": got}))
"""


def expected(label: dict[str, object]) -> dict[str, object]:
    return {
        "number": label.get("number"),
        "venue": label.get("venue"),
        "date": label.get("round_date"),
        "state": label.get("state"),
        "event": label.get("event"),
    }


def _same(field: str, want: object, got: object) -> bool:
    if field == "venue" and isinstance(want, str) and isinstance(got, str):
        return want.casefold() == got.casefold() or want.casefold() in got.casefold()
    return want == got


def read_with(checkout: Path, names: Sequence[str]) -> dict[tuple[str, str], dict[str, object]]:
    """What the reader of ``checkout`` reads in each report of the replays."""
    done = subprocess.run(
        [sys.executable, "-c", READER, str(REPLAYS), *names],
        cwd=checkout,
        env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin", **_cache_env()},
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {(r["replay"], r["id"]): r["got"] for r in rows}


def _cache_env() -> dict[str, str]:
    import os

    keep = ("HOME", "TALKWATCH_CACHE_DIR", "XDG_CACHE_HOME")
    return {k: os.environ[k] for k in keep if k in os.environ}


def score(
    names: Sequence[str], got: dict[tuple[str, str], dict[str, object]]
) -> dict[str, tuple[int, int, int]]:
    """Per field: true positives, false positives, false negatives."""
    counts = {f: [0, 0, 0] for f in FIELDS}
    for name in names:
        for raw in map(json.loads, (REPLAYS / name / "items.jsonl").read_text("utf-8").splitlines()):
            want = expected(raw["label"])
            have = got[(name, raw["id"])]
            for f in FIELDS:
                w, g = want[f], have[f]
                if w is not None and g is not None and _same(f, w, g):
                    counts[f][0] += 1
                    continue
                if g is not None:
                    counts[f][1] += 1
                if w is not None:
                    counts[f][2] += 1
    return {f: (tp, fp, fn) for f, (tp, fp, fn) in counts.items()}


def _pr(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return f"{p:.2f}/{r:.2f}"


def table(results: dict[str, dict[str, dict[str, tuple[int, int, int]]]]) -> str:
    """Rows: fields; columns: (reader, replays) → precision/recall."""
    columns = [(reader, group) for reader in results for group in results[reader]]
    head = "| field | " + " | ".join(f"{reader}, {group}" for reader, group in columns) + " |"
    rule = "|---|" + "---|" * len(columns)
    rows = [
        f"| {f} | " + " | ".join(_pr(*results[reader][group][f]) for reader, group in columns) + " |"
        for f in FIELDS
    ]
    return "\n".join([head, rule, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m bench.replay_reading", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--against", default=BEFORE, help=f"the earlier commit's reader (default {BEFORE})")
    parser.add_argument(
        "--mistakes", action="store_true", help="list this reader's mistakes on tuned replays"
    )
    args = parser.parse_args(argv)
    names = [*TUNED, *HELD_OUT]
    groups = {"tuned": TUNED, "held out": HELD_OUT}
    results: dict[str, dict[str, dict[str, tuple[int, int, int]]]] = {}
    with earlier(args.against) as worktree:
        readers = {
            "this reader": read_with(ROOT, names),
            f"reader at {args.against}": read_with(worktree, names),
        }
    for reader, got in readers.items():
        results[reader] = {group: score(members, got) for group, members in groups.items()}
    counts = {
        group: sum(len((REPLAYS / n / "items.jsonl").read_text("utf-8").splitlines()) for n in m)
        for group, m in groups.items()
    }
    print(
        f"reports: {counts['tuned']} tuned ({', '.join(TUNED)}), "
        f"{counts['held out']} held out ({', '.join(HELD_OUT)})"
    )
    print("precision/recall per field (first round reading and first event of each report):\n")
    print(table(results))
    if args.mistakes:
        got = readers["this reader"]
        for name in TUNED:
            for raw in map(json.loads, (REPLAYS / name / "items.jsonl").read_text("utf-8").splitlines()):
                want, have = expected(raw["label"]), got[(name, raw["id"])]
                wrong = [
                    f"{f}: {want[f]} ≠ {have[f]}"
                    for f in FIELDS
                    if not (want[f] is None and have[f] is None)
                    and not (want[f] is not None and have[f] is not None and _same(f, want[f], have[f]))
                ]
                if wrong:
                    print(f"{name} {raw['id']}: {'; '.join(wrong)} | {raw['title'][:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
