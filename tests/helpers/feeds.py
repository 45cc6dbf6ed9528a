"""Build small RSS documents for tests (text written for the tests)."""

from __future__ import annotations

from html import escape


def rss(items: list[dict], title: str = "Test Feed", lang: str = "en") -> bytes:
    """An RSS 2.0 document; each item has title, and optionally summary, link, guid, date."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>https://feeds.example/</link>",
        f"<description>test</description><language>{lang}</language>",
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item['title'])}</title>")
        if "summary" in item:
            parts.append(f"<description>{escape(item['summary'])}</description>")
        if "link" in item:
            parts.append(f"<link>{escape(item['link'])}</link>")
        if "guid" in item:
            parts.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        parts.append(f"<pubDate>{item.get('date', 'Sat, 07 Feb 2026 08:00:00 GMT')}</pubDate>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


RELEVANT = [
    {
        "title": "Araghchi and Witkoff to meet again in Muscat for a second round of talks",
        "summary": "Oman will again carry messages between the two delegations.",
        "link": "https://news.example/2026/02/10/second-round",
        "guid": "n-1",
    },
    {
        "title": "Iran und USA: Neue Gesprächsrunde in Maskat angekündigt",
        "summary": "Araghtschi bestätigte den Termin.",
        "link": "https://news.example/de/runde-2",
        "guid": "n-2",
    },
]
IRRELEVANT = [
    {
        "title": "Bradley Cooper to direct a new film",
        "summary": "Shooting starts in spring.",
        "link": "https://news.example/culture/cooper",
        "guid": "n-3",
    },
]


ONE_STORY_EACH = (
    "Araghchi and Witkoff hold talks in Muscat on prisoner exchange, report {n}",
    "Rubio warns Iran over enrichment as envoys meet in Oman, update {n}",
    "Baghaei says Tehran and Washington will continue indirect talks, note {n}",
)


def report_at(hhmm: str, n: int) -> dict:
    """A relevant report published on 7 Feb 2026 at ``hhmm`` UTC, a story of its own (its
    wording mostly its own, and a figure of its own), its time in its title."""
    words = " ".join(f"w{n}x{i}" for i in range(20))
    title = ONE_STORY_EACH[n % len(ONE_STORY_EACH)].format(n=n)
    return {
        "title": f"{title} at {hhmm} {words} ref {1000 + n}",
        "guid": f"at-{n}",
        "link": f"https://order.example/{n}",
        "date": f"Sat, 07 Feb 2026 {hhmm}:00 GMT",
    }


def hour_of(alert: str) -> str:
    """The ``hhmm`` a ``report_at`` alert's title carries."""
    return alert.split(" at ", 1)[1][:5]
