"""Render a search's answer (/search, ``talkwatch search``): one line per story.

Each line: when the story's first matching report was published, its headline linked,
and the outlets that carried the story. At most ten lines (the search's limit) of at
most ``TITLE_CHARS`` a headline and ``OUTLET_CHARS`` an outlet name keep the message
within one Telegram message (4,096 characters) and one Slack message whatever the feeds
wrote; the transports escape every string for their markup.
"""

from __future__ import annotations

import datetime as dt

from bot.feeds.identity import shown_link
from bot.news.textnorm import truncate
from bot.records import SearchHit, SearchResult
from bot.render.alerts import when
from bot.render.markup import Bold, Document, Line, Link, Text

TITLE_CHARS = 160
OUTLET_CHARS = 40
OUTLETS_SHOWN = 3
QUERY_CHARS = 80


def _quoted(query: str) -> str:
    return f"“{truncate(query, QUERY_CHARS)}”"


def hit_line(hit: SearchHit) -> Line:
    """'• 6 Feb 2026, 10:00 UTC · headline (linked) · DW, BBC +2'."""
    stamp = when(dt.datetime.fromtimestamp(hit.published, dt.UTC).isoformat())
    title = truncate(" ".join(hit.title.split()) or "(untitled)", TITLE_CHARS)
    names = [truncate(" ".join(o.split()), OUTLET_CHARS) for o in hit.outlets]
    outlets = ", ".join(names[:OUTLETS_SHOWN]) + (
        f" +{len(names) - OUTLETS_SHOWN}" if len(names) > OUTLETS_SHOWN else ""
    )
    link = shown_link(hit.link)
    return (
        Text(f"• {stamp} · "),
        Link(title, link) if link else Text(title),
        Text(f" · {outlets}" if outlets else ""),
    )


def no_result_line(result: SearchResult, topic_name: str | None = None) -> str:
    """The one-line answer when nothing matches."""
    where = f" on {topic_name}" if topic_name else ""
    return f"No reports{where} match {_quoted(result.query)}."


def search_document(result: SearchResult, topic_name: str | None = None) -> Document:
    """The answer as one message: a head line, a line per story, and a hint when there is more."""
    if not result.hits:
        return (((Text(no_result_line(result, topic_name)),),),)
    count = len(result.hits)
    stories = f"{count}{'+' if result.more else ''} stor{'y' if count == 1 and not result.more else 'ies'}"
    where = f" in {topic_name}" if topic_name else ""
    head = f"Search {_quoted(result.query)}{where}: {stories}, best match first"
    lines: list[Line] = [(Bold(head),), *(hit_line(hit) for hit in result.hits)]
    if result.capped:
        lines.append(
            (
                Text(
                    f"More than {result.matched:,} reports match: the newest {result.matched:,} were ranked. "
                    "Add words to narrow the search."
                ),
            )
        )
    elif result.more:
        lines.append((Text("More stories match: add words to narrow the search."),))
    return (tuple(lines),)
