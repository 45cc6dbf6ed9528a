"""Deterministic synthetic feeds for benchmarks (titles assembled from short phrases)."""

from __future__ import annotations

import random
from html import escape

SUBJECTS = [
    "Araghchi",
    "Witkoff",
    "Iran's foreign ministry",
    "The White House",
    "Baghaei",
    "Oman's foreign minister",
    "Araghtschi",
    "Trump",
    "Tehran",
    "Washington",
]
VERBS = [
    "says talks with",
    "warns",
    "plans a second round with",
    "rejects demands from",
    "sends a message to",
    "weighs sanctions relief for",
    "signals flexibility towards",
]
OBJECTS = ["the United States", "Iran", "the US delegation", "the Iranian side", "Washington", "Tehran"]
PLACES = ["in Muscat", "in Geneva", "after the Muscat meeting", "before the next round", "in Rome", ""]
OTHER = [
    "Local elections: turnout rises in the north",
    "Bradley Cooper starts shooting a new film",
    "Central bank holds interest rates",
    "Storm closes ports along the coast",
    "Witkoff meets Russian officials in Moscow",
    "US and China resume trade talks in Geneva",
    "Football: league leaders drop points at home",
    "New museum opens in the old town",
]
SUMMARIES = (
    "Diplomats from both sides are expected to review the outcome with their governments.",
    "Officials said on condition of anonymity that no date had been set.",
    "The statement followed a day of meetings and several phone calls.",
    "Analysts said the move could shift the tone of the negotiations.",
    "Markets reacted calmly to the news in early trading.",
    "The report could not be independently verified.",
)


def feed_items(feed: int, count: int, generation: int = 0) -> list[dict]:
    """Items of one feed; a later generation adds new items at the top."""
    rng = random.Random(feed * 7919 + generation)
    items = []
    for j in range(count):
        n = generation * count + j
        if rng.random() < 0.4:
            words = (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(PLACES))
            title = " ".join(words).strip()
        else:
            title = rng.choice(OTHER)
        items.append(
            {
                "title": f"{title} ({feed}-{n})",
                "summary": f"{rng.choice(SUMMARIES)} {rng.choice(SUMMARIES)} (ref {feed}-{n})",
                "guid": f"f{feed}-i{n}",
                "link": f"https://site{feed % 97}.example/news/{feed}/{n}",
            }
        )
    return items


def rss(items: list[dict], title: str) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>https://example.org/</link><description>bench</description>",
    ]
    for item in items:
        parts.append(
            f"<item><title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
            f'<guid isPermaLink="false">{item["guid"]}</guid>'
            f"<description>{escape(item['summary'])}</description>"
            "<pubDate>Sat, 07 Feb 2026 08:00:00 GMT</pubDate></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()
