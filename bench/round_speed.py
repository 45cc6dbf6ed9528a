"""Round reading speed: reports read per second, anchored phrase search vs every regex.

    python3 -m bench.round_speed [--runs 3]

The texts: the labelled round headlines (``tests/fixtures/rounds``), the matcher's
labelled corpus (title and summary, five languages) and 4,000 items of the poll
benchmark's synthetic feeds. talkwatch reads each with :func:`bot.news.rounds.read`;
the naive way is the same reader with each phrase set's regex searched over the whole
text, as before the anchors (``Phrases.search`` replaced by ``regex.search``). Both
must read every text alike; one core, CPU time, each run of each side in turn.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from bot.news import rounds
from bot.news.language import detect_language
from bot.news.phrases import Phrases
from bot.news.places import PlaceReader
from config.topics import load_topics
from tests.helpers.feedgen import feed_items

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
PUBLISHED = 1_770_336_000.0  # 6 Feb 2026


def texts() -> list[str]:
    found = []
    for path in sorted((ROOT / "rounds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                found.append(line.split(" | ")[3])
    for path in sorted((ROOT / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            found.append(f"{row['title']}\n{row.get('summary') or ''}")
    for feed in range(200):
        found.extend(f"{i['title']}\n{i['summary']}" for i in feed_items(feed, 20))
    return found


def read_all(items: list[tuple[str, str]], places: PlaceReader) -> list[rounds.Reading]:
    """Each text read as a polled item is: in its detected language, places from the topic
    and the gazetteer."""
    return [
        rounds.read(text, PUBLISHED, official=False, outlet="bench", lang=lang, places=places)
        for text, lang in items
    ]


class Unanchored:
    """Every phrase set searched over the whole text, while in use."""

    def __enter__(self) -> None:
        self.saved = Phrases.search, Phrases.sub, Phrases.finditer
        Phrases.search = lambda self, text: self.regex.search(text)  # type: ignore[method-assign]
        Phrases.sub = lambda self, replacement, text: self.regex.sub(replacement, text)  # type: ignore[method-assign]
        Phrases.finditer = lambda self, text: list(self.regex.finditer(text))  # type: ignore[method-assign]

    def __exit__(self, *exc: object) -> None:
        Phrases.search, Phrases.sub, Phrases.finditer = self.saved  # type: ignore[method-assign]


def rate(run: Callable[[], object], count: int) -> float:
    started = time.process_time()
    run()
    return count / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    items = [(text, detect_language(text)) for text in texts()]
    places = PlaceReader(load_topics()["iran-usa"])
    anchored = read_all(items, places)
    with Unanchored():
        plain = read_all(items, places)
    differ = sum(a != b for a, b in zip(anchored, plain, strict=True))
    ours, naive = [], []
    for _ in range(args.runs):
        ours.append(rate(lambda: read_all(items, places), len(items)))
        with Unanchored():
            naive.append(rate(lambda: read_all(items, places), len(items)))
    print(f"\nRound reading: {len(items):,} texts, one core (CPU time), {args.runs} runs\n")
    print("| reader | reports/s (each run) |")
    print("|---|---:|")
    for name, rates in (
        ("every phrase set's regex over the whole text", naive),
        ("talkwatch: regexes tried only where their anchors occur", ours),
    ):
        print(f"| {name} | {'; '.join(f'{r:,.0f}' for r in rates)} |")
    print(f"\nreadings that differ between the two: {differ}")


if __name__ == "__main__":
    main()
