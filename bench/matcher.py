"""Matcher benchmark: items per second per core, talkwatch vs one regex per alias.

    python3 -m bench.matcher [--items 20000]

Both matchers see the same items: the labelled corpus (title plus four summaries, about
300 characters, five languages) cycled up to ``--items``. The naive matcher is what
most RSS bots do: one compiled, case-insensitive, word-bounded regex per alias of
the same topic file, run in a loop, alerting on any hit. Its quality on the
corpus is printed beside talkwatch's, from the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from bot.news.matcher import Matcher
from config.topics import load_topics

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


class NaiveMatcher:
    """One regex per alias; relevant when any actor alias occurs."""

    def __init__(self, topic) -> None:
        self.patterns = []
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


def quality(predict, rows) -> tuple[float, float]:
    tp = sum(1 for r in rows if r["relevant"] and predict(r))
    fp = sum(1 for r in rows if not r["relevant"] and predict(r))
    fn = sum(1 for r in rows if r["relevant"] and not predict(r))
    return tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0


def throughput(predict, items) -> float:
    started = time.process_time()
    for title, summary in items:
        predict(title, summary)
    return len(items) / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=20000)
    args = parser.parse_args()
    topic = load_topics()["iran-usa"]
    rows = [
        json.loads(line) for p in sorted(CORPUS.glob("*.jsonl")) for line in p.read_text("utf-8").splitlines()
    ]
    # About 300 characters each: the item's summary followed by its neighbours' summaries.
    items = [
        (r["title"], " ".join(rows[(i + k) % len(rows)]["summary"] for k in range(4)))
        for i, r in enumerate(rows)
    ]
    items = (items * (args.items // len(items) + 1))[: args.items]
    avg_chars = sum(len(t) + len(s) + 1 for t, s in items) / len(items)

    started = time.process_time()
    smart = Matcher(topic)
    build_smart = time.process_time() - started
    started = time.process_time()
    naive = NaiveMatcher(topic)
    build_naive = time.process_time() - started

    naive_rate = throughput(naive.match, items)
    smart_rate = throughput(lambda t, s: smart.match(t, s), items)
    naive_q = quality(lambda r: naive.match(r["title"], r["summary"]), rows)
    smart_q = quality(lambda r: smart.match(r["title"], r["summary"]).relevant, rows)

    print(
        f"\nMatcher benchmark: {len(items)} items of {avg_chars:.0f} characters on average, "
        f"{smart.alias_count} aliases and terms, one core (CPU time)\n"
    )
    print("| matcher | items/s | build | precision | recall |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| naive: one regex per alias ({len(naive.patterns)} regexes), any hit alerts | {naive_rate:,.0f} | "
        f"{build_naive * 1000:.0f} ms | {naive_q[0]:.2f} | {naive_q[1]:.2f} |"
    )
    print(
        f"| talkwatch: Aho-Corasick, boundaries, rules, scoring, language, reason | {smart_rate:,.0f} | "
        f"{build_smart * 1000:.0f} ms | {smart_q[0]:.2f} | {smart_q[1]:.2f} |"
    )
    print(f"| talkwatch / naive | {smart_rate / naive_rate:.1f}× | | | |")
    print(f"\nprecision and recall on the labelled corpus ({len(rows)} items)")


if __name__ == "__main__":
    main()
