"""The web page's HTML (pure formatters): the topics, a topic's page, the operators' page.

Plain HTML and one style sheet, no script: every text that came from a feed, a topic file
or the request is escaped (bot.web.escape), links are only ever http(s), and the page
reads the same with scripts off, since it has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from bot.feeds.identity import shown_link
from bot.news.status import StatusView, TimelineView
from bot.records import FeedState, Pause, StoryRecord
from bot.render.alerts import when
from bot.render.markup import Bold, Document, Italic, Line, Link, safe_url
from bot.render.status import status_document, timeline_document
from bot.web.drawing import draw_timeline
from bot.web.escape import xml_attr, xml_text

STYLE_VERSION = "1"  # changes with style.css, so a browser's cached copy is not used


@dataclass(frozen=True)
class Site:
    """Where the pages live: ``root`` is the path every link starts with ("" at the top of
    the host, "/talkwatch" behind a proxy that serves the page under that path)."""

    root: str = ""

    def href(self, path: str) -> str:
        return f"{self.root}{path}"

    def topic(self, topic_id: str, tail: str = "") -> str:
        return self.href(f"/topics/{quote(topic_id, safe='')}{tail}")


def _link(text: str, url: str | None, *, external: bool = True) -> str:
    safe = safe_url(url)
    if safe is None:
        return xml_text(text)
    rel = ' rel="nofollow noopener noreferrer"' if external else ""
    return f'<a href="{xml_attr(safe)}"{rel}>{xml_text(text)}</a>'


def _span(span: Any) -> str:
    if isinstance(span, Bold):
        return f"<strong>{xml_text(span.text)}</strong>"
    if isinstance(span, Italic):
        return f"<em>{xml_text(span.text)}</em>"
    if isinstance(span, Link):
        return _link(span.text, span.url)
    return xml_text(span.text)


def _line(line: Line) -> str:
    return "".join(_span(s) for s in line)


def document_html(document: Document) -> str:
    """A chat reply's document as HTML: a paragraph each, a line that is one bold phrase as
    its heading, lines that start with "• " as a list."""
    out = []
    for paragraph in document:
        parts: list[str] = []
        items: list[str] = []
        for line in paragraph:
            first = line[0] if line else None
            if first is not None and not isinstance(first, Link) and first.text.startswith("• "):
                rest = (type(first)(first.text[2:]), *line[1:])
                items.append(f'<li dir="auto">{_line(rest)}</li>')
                continue
            if items:
                parts.append(f"<ul>{''.join(items)}</ul>")
                items = []
            if len(line) == 1 and isinstance(first, Bold):
                parts.append(f'<p class="head">{xml_text(first.text)}</p>')
            else:
                parts.append(f'<p dir="auto">{_line(line)}</p>')
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
        out.append(f'<div class="para">{"".join(parts)}</div>')
    return "".join(out)


def layout(site: Site, title: str, main: str, *, head: str = "", nav: str = "") -> str:
    """The frame every page shares."""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{xml_text(title)}</title>"
        f'<link rel="stylesheet" href="{xml_attr(site.href("/style.css"))}?v={STYLE_VERSION}">'
        f"{head}</head><body>"
        f'<header class="site"><a class="brand" href="{xml_attr(site.href("/"))}">talkwatch</a>{nav}</header>'
        f"<main>{main}</main>"
        '<footer class="site">Read-only. talkwatch reads public news feeds and groups their reports '
        "into stories; the headlines and links are the outlets' own.</footer>"
        "</body></html>\n"
    )


def search_form(site: Site, topic_id: str, query: str = "") -> str:
    """A plain GET form: it works without scripts."""
    action = site.topic(topic_id, "/search")
    return (
        f'<form class="search" role="search" method="get" action="{xml_attr(action)}">'
        '<label for="q">Search the reports</label>'
        f'<span class="row"><input id="q" name="q" type="search" value="{xml_attr(query)}" '
        'placeholder="e.g. Araghchi enrichment" maxlength="200" required>'
        "<button type=submit>Search</button></span></form>"
    )


def _stamp(moment: float) -> str:
    iso = dt.datetime.fromtimestamp(moment, dt.UTC).isoformat()
    return f'<time datetime="{xml_attr(iso)}">{xml_text(when(iso) or iso)}</time>'


def outlets_text(story: StoryRecord) -> str:
    """ "DW, BBC Persian and 2 more" style: who carried it, the first reporter first."""
    shown = ", ".join(story.outlets[:6])
    more = len(story.outlets) - 6
    count = len(story.outlets)
    return f"{count} outlet{'s' if count != 1 else ''}: {shown}" + (f" +{more}" if more > 0 else "")


def stories_html(stories: Sequence[StoryRecord]) -> str:
    """The latest stories, newest first: headline linked, when first reported, the outlets."""
    if not stories:
        return '<p class="empty">No story has been reported yet.</p>'
    items = []
    for story in stories:
        headline = _link(story.title.strip() or "(untitled)", shown_link(story.link))
        items.append(
            f'<li><span class="headline" dir="auto">{headline}</span>'
            f'<span class="meta">{_stamp(story.first_seen)} · {xml_text(outlets_text(story))}</span></li>'
        )
    return f'<ol class="stories">{"".join(items)}</ol>'


def topic_page(
    site: Site,
    status: StatusView,
    timeline: TimelineView,
    stories: Sequence[StoryRecord],
) -> str:
    """A topic's page: the latest round as /status shows it, the timeline drawn (and as the
    list /timeline sends, with its links), the latest stories, the search box."""
    topic_id = status.topic_id
    feeds = (
        f'<link rel="alternate" type="application/atom+xml" title="{xml_attr(status.topic_name)}: stories" '
        f'href="{xml_attr(site.topic(topic_id, "/stories.atom"))}">'
    )
    main = [
        f"<h1>{xml_text(status.topic_name)}</h1>",
        search_form(site, topic_id),
        # The round as /status sends it: its first line is the heading.
        f'<section id="status" aria-label="Latest round">{document_html(status_document(status))}</section>',
        '<section id="timeline"><h2>Timeline</h2>'
        f'<div class="drawing">{draw_timeline(timeline)}</div>'
        "<details><summary>The timeline as text, with sources</summary>"
        f"{document_html(timeline_document(timeline))}</details></section>",
        f'<section id="stories"><h2>Latest stories</h2>{stories_html(stories)}</section>',
        '<section id="data"><h2>Follow and reuse</h2><ul class="data">'
        f'<li><a href="{xml_attr(site.topic(topic_id, "/stories.atom"))}">Atom feed of stories</a> '
        "(one entry per story, updated as outlets join it)</li>"
        f'<li><a href="{xml_attr(site.topic(topic_id, "/status.json"))}">status.json</a> and '
        f'<a href="{xml_attr(site.topic(topic_id, "/timeline.json"))}">timeline.json</a> '
        "(what <code>talkwatch status --json</code> and <code>timeline --json</code> print)</li>"
        "</ul></section>",
    ]
    return layout(site, f"{status.topic_name} · talkwatch", "".join(main), head=feeds)


def search_page(site: Site, topic_id: str, topic_name: str, query: str, found: str) -> str:
    """A search's answer under the search box (``found``: its HTML, escaped already)."""
    title = f"Search: {query}" if query else "Search"
    main = (
        f'<h1><a href="{xml_attr(site.topic(topic_id))}">{xml_text(topic_name)}</a></h1>'
        f'{search_form(site, topic_id, query)}<section id="results">{found}</section>'
    )
    return layout(site, f"{title} · {topic_name} · talkwatch", main)


@dataclass(frozen=True)
class TopicSummary:
    """A topic as the index lists it."""

    id: str
    name: str
    latest: str  # its latest round in one line, or that there is none


def index_page(site: Site, topics: Sequence[TopicSummary]) -> str:
    """Every topic, linked, with its latest round."""
    items = "".join(
        f'<li><a href="{xml_attr(site.topic(t.id))}">{xml_text(t.name)}</a>'
        f'<span class="meta">{xml_text(t.latest)}</span></li>'
        for t in topics
    )
    main = f'<h1>Topics</h1><ul class="topics">{items}</ul>'
    return layout(site, "talkwatch", main)


def message_page(site: Site, title: str, message: str) -> str:
    """A page that says one thing (not found, busy)."""
    return layout(site, f"{title} · talkwatch", f"<h1>{xml_text(title)}</h1><p>{xml_text(message)}</p>")


def _ago(stamp: float | None) -> str:
    if stamp is None:
        return "never"
    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def ops_page(site: Site, stats: dict[str, Any], feeds: Sequence[FeedState], pause: Pause | None) -> str:
    """For operators: what /stats and /feeds say (subscribers per topic, alerts today, the
    outbox, polling paused or not; each feed's health and last error)."""
    subscribers = (
        "".join(
            f"<tr><td>{xml_text(topic)}</td><td class=num>{count}</td></tr>"
            for topic, count in stats["subscribers"].items()
        )
        or '<tr><td colspan="2">No chat follows a topic.</td></tr>'
    )
    polling = "active" if pause is None else f"paused since {_ago(pause.paused_at)}, by {pause.paused_by}"
    rows = (
        "".join(
            f'<tr class="{"ok" if f.healthy else "unhealthy"}"><td>{_link(f.name, f.url)}</td>'
            f"<td>{'ok' if f.healthy else 'UNHEALTHY'}</td><td class=num>{f.consecutive_failures}</td>"
            f"<td>{_ago(f.last_success_at)}</td><td>{xml_text((f.last_error or '')[:300])}</td></tr>"
            for f in feeds
        )
        or '<tr><td colspan="5">No feeds configured.</td></tr>'
    )
    main = (
        "<h1>Operators</h1>"
        "<section><h2>Subscribers</h2><table><thead><tr><th>topic</th><th class=num>chats</th></tr></thead>"
        f"<tbody>{subscribers}</tbody></table>"
        f"<p>Alerts delivered today (UTC): {int(stats['sent'])} · "
        f"Outbox depth: {int(stats['outbox_depth'])} · Polling: {xml_text(polling)}</p></section>"
        f'<section><h2>Feeds</h2><p><a href="{xml_attr(site.href("/ops/feeds.opml"))}">'
        "The feed list as OPML</a> (with the same token)</p>"
        '<div class="wide"><table><thead><tr><th>feed</th><th>health</th><th class=num>fails</th>'
        f"<th>last success</th><th>last error</th></tr></thead><tbody>{rows}</tbody></table></div></section>"
    )
    return layout(site, "Operators · talkwatch", main)
