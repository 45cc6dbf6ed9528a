"""The two feed parsers side by side: same entries? how fast?

    python3 -m bench.parse_compare [FOLDER ...]

For every .xml and .json file under the folders (default: the odd feeds of the tests,
generated), the feeds the fast path (feedparser-rs) takes are also read by feedparser
alone, and the entries compared field by field (title, summary, link, GUID, date,
language). Run it on feedparser's own test suite (its ``tests`` folder, from a clone of
github.com/kurtmckee/feedparser) to check it against more odd feeds. Then both parsers
read the poll benchmark's 20-item feed, one core, to show what the fast path saves.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bot.feeds.parse import FeedError, ParsedFeed, parse_common, parse_with_feedparser
from tests.helpers.feedgen import feed_items, rss

URL = "https://desk.example/feed.xml"


def compare(feeds: list[tuple[str, bytes, str]]) -> tuple[int, int, list[str]]:
    """(feeds the fast path took, identical, what differed)."""
    taken = same = 0
    different = []
    for name, body, content_type in feeds:
        fast = parse_common(body, content_type)
        if fast is None:
            continue
        taken += 1
        try:
            slow: ParsedFeed | str = parse_with_feedparser(body, {"content-type": content_type}, URL)
        except FeedError as exc:
            slow = str(exc)
        if isinstance(slow, ParsedFeed) and slow.entries == fast.entries and slow.title == fast.title:
            same += 1
        else:
            different.append(f"{name}: {slow if isinstance(slow, str) else 'entries differ'}"[:160])
    return taken, same, different


def per_feed_ms(parse: Callable[[bytes], ParsedFeed | None], body: bytes, rounds: int = 200) -> float:
    times = []
    for _ in range(3):
        started = time.process_time()
        for _ in range(rounds):
            parse(body)
        times.append((time.process_time() - started) / rounds * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args()
    sets: dict[str, list[tuple[str, bytes, str]]] = {}
    if not args.folders:
        from tests.helpers.odd_feeds import odd_feeds

        sets["the tests' odd feeds"] = list(odd_feeds())
    for folder in args.folders:
        files = sorted(
            p for p in folder.rglob("*") if p.suffix in (".xml", ".json") and "sanitize" not in p.parts
        )
        kinds = Counter(p.suffix for p in files)
        sets[f"{folder} ({kinds['.xml']} XML, {kinds['.json']} JSON)"] = [
            (
                str(p.relative_to(folder)),
                p.read_bytes(),
                "application/json" if p.suffix == ".json" else "application/xml",
            )
            for p in files
        ]
    print("\n| feeds | read | fast path took | identical | different |")
    print("|---|---:|---:|---:|---:|")
    notes = []
    for name, feeds in sets.items():
        taken, same, different = compare(feeds)
        print(f"| {name} | {len(feeds)} | {taken} | {same} | {len(different)} |")
        notes += different
    for note in notes:
        print(f"  different: {note}")
    body = rss(feed_items(1, 20), "Feed 1")
    slow = per_feed_ms(lambda b: parse_with_feedparser(b, {"content-type": "application/rss+xml"}, URL), body)
    fast = per_feed_ms(lambda b: parse_common(b, "application/rss+xml"), body)
    print(f"\nthe poll benchmark's 20-item feed ({len(body):,} bytes), one core (CPU time, median of 3):")
    print("| parser | ms per feed |\n|---|---:|")
    print(f"| feedparser | {slow:.2f} |\n| feedparser-rs (fast path) | {fast:.2f} |")
    print(f"| fast / feedparser | {slow / fast:.1f}× |")


if __name__ == "__main__":
    main()
