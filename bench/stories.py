"""Story grouping benchmark: 100,000 items over a simulated month, talkwatch vs exact-title dedup.

    python3 -m bench.stories [--items 100000] [--days 30]

The generator makes distinct events (a pair of named actors, a venue, a day, a
kind — a round of talks, strikes, an ultimatum… or nothing a reader can name — and
the figures it involves) and reports them through several outlets: same-language
copies reworded a little (a word or three replaced, inserted or dropped, an
attribution added), and copies in "other languages" (other words entirely, same
actors, venue and time). A copy says what kind of event it was four times in five
(the round reader finds it); same-language copies carry the original's figures, a
translation each of them seven times in ten, as digits. Ground truth is which event
each item reports. Measured: duplicates grouped with their event (recall), distinct events wrongly merged into
another, items/s, and memory — for talkwatch before #15 (two people, a venue, a day:
the same items without kind and figures, one 24-hour window) and now.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from bot.news.fingerprint import figures
from bot.news.stories import StoryIndex, StoryItem

KINDS = {
    "round": 45,
    "strikes": 10,
    "ultimatum": 10,
    "deployment": 10,
    "suspended": 5,
    "collapsed": 5,
    None: 15,
}
VOCAB = [f"w{i}" for i in range(6000)]
OTHER_VOCAB = [f"x{i}" for i in range(6000)]  # the words of another language


def generate(items: int, days: int, seed: int = 7) -> list[tuple[StoryItem, int]]:
    rng = random.Random(seed)
    out: list[tuple[StoryItem, int]] = []
    event = 0
    while len(out) < items:
        event += 1
        start = rng.uniform(0, days * 86400)
        actors = frozenset(rng.sample([f"a{i}" for i in range(40)], 2))
        venue = f"v{rng.randrange(12)}"
        kind = rng.choices(list(KINDS), list(KINDS.values()))[0]
        numbers = [
            "2026" if rng.random() < 0.25 else str(int(10 ** rng.uniform(1, 5)))
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3)))
        ]
        # The figures are in the original's text, so every same-language copy has them.
        headline = rng.sample(VOCAB, 14) + numbers
        summary = rng.sample(VOCAB, 18)
        copies = min(1 + int(rng.expovariate(1 / 6)), 40)
        for c in range(copies):
            when = start + rng.uniform(0, 20 * 3600) * (c > 0)
            if c > 0 and rng.random() < 0.25:  # another language: other words, same event
                words = rng.sample(OTHER_VOCAB, 30)
                lang = "de"
            else:
                words = headline + summary
                lang = "en"
                if c > 0 and rng.random() < 0.6:  # reworded; the rest are exact wire copies
                    words = list(words)
                    for _ in range(rng.randint(1, 3)):
                        op = rng.random()
                        i = rng.randrange(len(words))
                        if op < 0.4:
                            words[i] = rng.choice(VOCAB)
                        elif op < 0.7:
                            words.insert(i, rng.choice(VOCAB))
                        else:
                            del words[i]
                    if rng.random() < 0.3:
                        words += ["officials", "said"]
            if lang != "en":  # a translation keeps each figure seven times in ten
                words = [*words, *(n for n in numbers if rng.random() < 0.7)]
            said = kind if kind is not None and rng.random() < 0.8 else None
            item = StoryItem(
                f"i{len(out)}",
                " ".join(words),
                lang,
                actors,
                venue,
                when,
                f"o{c}",
                kind=said,
                figures=figures(" ".join(words)),  # as the tracker reads them (years left out)
            )
            out.append((item, event))
    out.sort(key=lambda pair: pair[0].published)
    return out[:items]


def group_talkwatch(stream: list[tuple[StoryItem, int]], before: bool = False) -> dict[str, int]:
    # Before #15 the same-event rule knew nothing of what happened, allowed a day, and
    # held only across languages.
    index = StoryIndex(unconfirmed_window_hours=24.0, related_threshold=2.0) if before else StoryIndex()
    assigned: dict[str, int] = {}
    next_id = 0
    for item, _ in stream:
        if before:
            item = replace(item, kind=None, figures=frozenset())
        a = index.assign(item)
        if a.story_id is None:
            next_id += 1
        story = a.story_id if a.story_id is not None else next_id
        index.add(item, story)
        assigned[item.key] = story
    return assigned


def group_exact(stream: list[tuple[StoryItem, int]]) -> dict[str, int]:
    seen: dict[str, int] = {}
    return {item.key: seen.setdefault(item.text, len(seen) + 1) for item, _ in stream}


def measure(
    group: Callable[[list[tuple[StoryItem, int]]], dict[str, int]], stream: list[tuple[StoryItem, int]]
) -> tuple[dict[str, int], float, float]:
    """Group once timed (CPU), once under tracemalloc (it slows Python down) for peak memory."""
    started = time.process_time()
    assigned = group(stream)
    elapsed = time.process_time() - started
    tracemalloc.start()
    group(stream)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return assigned, elapsed, peak / 2**20


def score(stream: list[tuple[StoryItem, int]], assigned: dict[str, int]) -> tuple[float, float]:
    """(duplicates grouped with their event's first item, distinct events wrongly merged)."""
    first_of_event: dict[int, str] = {}
    duplicates = grouped = 0
    events = merged = 0
    owner: dict[int, int] = {}  # story id → the event that created it
    for item, event in stream:
        story = assigned[item.key]
        if event not in first_of_event:
            first_of_event[event] = item.key
            events += 1
            if story in owner and owner[story] != event:
                merged += 1
            owner.setdefault(story, event)
            continue
        duplicates += 1
        grouped += story == assigned[first_of_event[event]]
    return grouped / max(1, duplicates), merged / max(1, events)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    stream = generate(args.items, args.days)
    events = len({e for _, e in stream})
    rows = []
    for name, group in (
        ("exact-title dedup", group_exact),
        (
            "talkwatch before #15: MinHash LSH + two people, a venue, a day",
            partial(group_talkwatch, before=True),
        ),
        ("talkwatch: MinHash LSH + same event, the story's kind and figures agreeing", group_talkwatch),
    ):
        assigned, elapsed, peak = measure(group, stream)
        recall, merged = score(stream, assigned)
        rows.append((name, len(stream) / elapsed, recall, merged, peak))
    print(
        f"\nStory grouping: {len(stream):,} items, {events:,} distinct events over {args.days} days, "
        "one core (CPU time)\n"
    )
    print("| grouping | items/s | duplicates grouped | events wrongly merged | peak memory |")
    print("|---|---:|---:|---:|---:|")
    for name, rate, recall, merged, peak in rows:
        print(f"| {name} | {rate:,.0f} | {recall:.1%} | {merged:.2%} | {peak:.0f} MiB |")


if __name__ == "__main__":
    main()
