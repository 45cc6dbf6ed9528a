"""Matcher benchmark: items per second per core, talkwatch vs one regex per alias.

    python3 -m bench.matcher [--items 20000] [--runs 3]

Both matchers see the same items, in two sets: the labelled corpus (title plus four
summaries, about 300 characters, five languages, half of it relevant) cycled up to
``--items``; and a realistic mix, as a broadcaster's feed is: 5 % relevant corpus items
among general news in the same five languages (``tests/helpers/general_news.py``), one in ten
naming the US or Iran in passing. talkwatch is also run without its quick check (the
test for a party's name that rejects an item before it is read closely). The naive matcher is what
most RSS bots do: one compiled, case-insensitive, word-bounded regex per alias of
the same topic file, run in a loop, alerting on any hit. Its quality on the
corpus is printed beside talkwatch's, from the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.news.matcher import Matcher, MatchResult
from bot.news.textnorm import normalize
from config.topics import Topic, load_topics
from tests.helpers.general_news import realistic_mix

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


class NaiveMatcher:
    """One regex per alias; relevant when any actor alias occurs."""

    def __init__(self, topic: Topic) -> None:
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        for actor in topic.actors:
            for alias in (*actor.aliases, *actor.weak_aliases):
                body = re.escape(alias.rstrip("*")) + (r"\w*" if alias.endswith("*") else r"\b")
                self.patterns.append((actor.id, re.compile(r"\b" + body, re.IGNORECASE)))
            for alias in actor.aliases_cs:
                self.patterns.append((actor.id, re.compile(r"\b" + re.escape(alias) + r"(?!\w)")))

    def match(self, title: str, summary: str) -> bool:
        text = f"{title}\n{summary}"
        found = set()
        for actor_id, pattern in self.patterns:
            if pattern.search(text):
                found.add(actor_id)
        return bool(found)


class WithoutQuickCheck(Matcher):
    """talkwatch's matcher reading every item closely (normalisation, scan, scoring)."""

    def _quick_check(self, text: str) -> tuple[str, str | None] | None:
        return normalize(text), None  # every item passes, normalised as the close reading needs


def quality(predict: Callable[[dict[str, Any]], bool], rows: list[dict[str, Any]]) -> tuple[float, float]:
    tp = sum(1 for r in rows if r["relevant"] and predict(r))
    fp = sum(1 for r in rows if not r["relevant"] and predict(r))
    fn = sum(1 for r in rows if r["relevant"] and not predict(r))
    return tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0


def throughput(predict: Callable[[str, str], object], items: list[tuple[str, str]]) -> float:
    started = time.process_time()
    for title, summary in items:
        predict(title, summary)
    return len(items) / (time.process_time() - started)


def runs(values: list[float]) -> str:
    """Each run's figure, in the order they ran: the spread shows, and how many reach a target."""
    return "; ".join(f"{value:,.0f}" for value in values)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3, help="each of this many runs is shown")
    args = parser.parse_args()
    topic = load_topics()["iran-usa"]
    rows = [
        json.loads(line) for p in sorted(CORPUS.glob("*.jsonl")) for line in p.read_text("utf-8").splitlines()
    ]
    # About 300 characters each: the item's summary followed by its neighbours' summaries.
    corpus = [
        (r["title"], " ".join(rows[(i + k) % len(rows)]["summary"] for k in range(4)))
        for i, r in enumerate(rows)
    ]
    relevant = [item for item, r in zip(corpus, rows, strict=True) if r["relevant"]]
    sets = {
        "labelled corpus (50 % relevant)": (corpus * (args.items // len(corpus) + 1))[: args.items],
        "realistic mix (5 % relevant)": realistic_mix(relevant, args.items),
    }
    relevant_set = set(relevant)

    started = time.process_time()
    smart = Matcher(topic)
    build_smart = time.process_time() - started
    started = time.process_time()
    naive = NaiveMatcher(topic)
    build_naive = time.process_time() - started
    slow = WithoutQuickCheck(topic)

    matchers: dict[str, Callable[[str, str], bool | MatchResult]] = {
        f"naive: one regex per alias ({len(naive.patterns)} regexes), any hit alerts": naive.match,
        "talkwatch reading every item closely (no quick check)": lambda t, s: slow.match(t, s),
        "talkwatch: quick check, Aho-Corasick, boundaries, rules, scoring": lambda t, s: smart.match(t, s),
    }
    rates: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.runs):
        for set_name, items in sets.items():
            for name, predict in matchers.items():
                rates.setdefault((set_name, name), []).append(throughput(predict, items))

    def alerts(result: bool | MatchResult) -> bool:
        return result if isinstance(result, bool) else result.relevant

    print(
        f"\nMatcher benchmark: {args.items} items per set, {smart.alias_count} aliases and terms, "
        f"one core (CPU time), each of {args.runs} runs; build: talkwatch {build_smart * 1000:.0f} ms, "
        f"naive {build_naive * 1000:.0f} ms\n"
    )
    print("| items | matcher | items/s | precision | recall |")
    print("|---|---|---:|---:|---:|")
    for set_name, items in sets.items():
        labelled = [(t, s, (t, s) in relevant_set) for t, s in items[: min(len(items), 5000)]]
        for name, predict in matchers.items():
            tp = sum(1 for t, s, want in labelled if want and alerts(predict(t, s)))
            fp = sum(1 for t, s, want in labelled if not want and alerts(predict(t, s)))
            fn = sum(1 for t, s, want in labelled if want and not alerts(predict(t, s)))
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(
                f"| {set_name} | {name} | {runs(rates[(set_name, name)])} | {precision:.2f} | {recall:.2f} |"
            )
        base = statistics.median(rates[(set_name, next(iter(matchers)))])
        best = statistics.median(rates[(set_name, list(matchers)[-1])])
        print(f"| {set_name} | talkwatch / naive (medians) | {best / base:.1f}× | | |")
    naive_q = quality(lambda r: naive.match(r["title"], r["summary"]), rows)
    smart_q = quality(lambda r: smart.match(r["title"], r["summary"]).relevant, rows)
    print(
        f"\nheadlines alone, the labelled corpus ({len(rows)} items): talkwatch precision "
        f"{smart_q[0]:.2f} recall {smart_q[1]:.2f}; naive {naive_q[0]:.2f} / {naive_q[1]:.2f}"
    )


if __name__ == "__main__":
    main()
