"""Replays of real reporting: a series of talks served day by day, /status checked each day.

Each replay under ``tests/fixtures/replays/<name>/`` holds real published reports
(``items.jsonl``: each headline and lede as published, its day, language, outlet and
address), a topic file whose ``[[rounds]]`` hold the series' first round only, and a
truth table (``truth.toml``) written from the reports: the latest round, the next one and
the state of the talks, day by day.

A replay starts the bot on a fresh database with one feed per outlet on a loopback HTTP
server. Day by day it adds that day's reports to their outlets' feeds, polls them through
the real poller, and asks what a chat user or an operator would: ``/status``,
``/timeline`` and ``talkwatch status --json``. Each day the truth table names is scored
field by field.

    python3 -m bench.replay                  # every replay, a line a checked day
    python3 -m bench.replay vienna-2021 -q   # one replay, its summary only
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from tests.helpers.replay import FIELDS, HELD_OUT, TUNED, DayResult, Expected, run_many


def _round(status: dict[str, Any]) -> str:
    r = status.get("round")
    if not r:
        return "-"
    return f"R{r.get('number') or '?'} {r.get('date')} {r.get('venue') or '?'} {r.get('state')}"


def _expected_round(expected: Expected) -> str:
    r = expected.latest or {}
    parts = [
        f"R{r.get('number', '?')}",
        str(r.get("date", "?")),
        str(r.get("venue", "?")),
        str(r.get("state", "?")),
    ]
    return " ".join(p.replace(", ", "|") for p in parts)


def table(results: Iterable[DayResult]) -> str:
    """A line a checked day: right or not, what was expected, what talkwatch said."""
    lines = [f"{'day':<10}  ok  {'expected':<44}  {'talkwatch said':<44}  wrong"]
    for r in results:
        wrong = ",".join(name for name, ok in r.fields.items() if not ok)
        nxt = r.got.get("next")
        said = _round(r.got) + (f" · next {nxt.get('date')} {nxt.get('venue')}" if nxt else "")
        lines.append(
            f"{r.day.isoformat():<10}  {'✓ ' if r.right else '✗ '}  {_expected_round(r.expected)[:44]:<44}  "
            f"{said[:44]:<44}  {wrong}"
        )
    return "\n".join(lines)


def summary(name: str, results: Sequence[DayResult]) -> str:
    """Days right, and each field's days right."""
    right = sum(r.right for r in results)
    per_field = {f: sum(r.fields.get(f, True) for r in results) for f in FIELDS}
    fields = ", ".join(f"{f} {n}/{len(results)}" for f, n in per_field.items())
    return f"{name}: {right}/{len(results)} checked days right ({fields})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.replay", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help=f"replays (default: all: {', '.join(TUNED + HELD_OUT)})")
    parser.add_argument("-q", "--quiet", action="store_true", help="the summaries only")
    parser.add_argument("--every-day", action="store_true", help="check days without reports too")
    args = parser.parse_args(argv)
    names = args.names or [*TUNED, *HELD_OUT]
    summaries = []
    for name, results, seconds in run_many(names, every_day=args.every_day):
        if not args.quiet:
            print(f"\n== {name} ({'held out' if name in HELD_OUT else 'tuned against'})")
            print(table(results))
        summaries.append(summary(name, results) + f" [{seconds:.0f} s]")
    print()
    print("\n".join(summaries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
