"""Per-field precision and recall of round reading on a labelled set of headlines.

Each line of ``tests/fixtures/rounds/*.txt`` is ``id | lang | published | text |
number | venue | date | state | events`` ("-" for nothing). The text goes through
the same code path as a feed item: the topic's matcher finds the places and
mediators, and :func:`bot.news.rounds.read` reads the round and the events.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers.round_quality import FIELDS, evaluate, load, report

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "rounds"
    for part in ("dev", "heldout"):
        result = evaluate(load(root / f"{part}.txt"))
        print(report(result, f"\nround reading, {part} (precision/recall)"))
        if part == "dev":  # the held-out part's mistakes stay unread: it is never tuned against
            for name in FIELDS:
                for mistake in result[name]["all"].mistakes:
                    print("  ", mistake)
