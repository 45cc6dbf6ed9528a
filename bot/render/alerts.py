"""Render an alert (one matched item) as a document for any transport.

Links to reports are shown as ``shown_link`` makes them: without tracking parameters.
"""

from __future__ import annotations

import datetime as dt

from bot.feeds.identity import shown_link
from bot.news.textnorm import truncate
from bot.records import AlertPayload, StoryRecord
from bot.render.markup import Bold, Document, Italic, Line, Link, Text, visible_length_utf16

CONTEXT_CHARS = 280


def when(iso: str | None) -> str | None:
    """'6 Feb 2026, 10:00 UTC' from an ISO timestamp (None if missing or unreadable)."""
    if not iso:
        return None
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def outlets_line(payload: AlertPayload) -> str | None:
    """'Reported by 3 outlets: IRNA (official), DW, BBC' once a story has two or more (the
    alert is edited to show it as they come)."""
    if len(payload.outlets) < 2:
        return None
    named = [f"{o} (official)" if o in payload.official else o for o in payload.outlets]
    shown = ", ".join(named[:5]) + (f" +{len(named) - 5}" if len(named) > 5 else "")
    return f"Reported by {len(named)} outlets: {shown}"


def alert_document(payload: AlertPayload, *, with_context: bool = True) -> Document:
    """Title in bold; source, time and actors; a line of context; the link."""
    title = payload.title.strip() or "(untitled)"
    update = payload.update
    head: Line = (Bold(title),)
    if update:
        head = (Italic(f"update: {update}"), Text(" — "), Bold(title))
    meta = [payload.source or "unknown source"]
    stamp = when(payload.published)
    if stamp:
        meta.append(stamp)
    if payload.actors:
        meta.append(", ".join(payload.actors))
    paragraphs: list[tuple[Line, ...]] = [(head, (Text(" · ".join(meta)),))]
    reported = outlets_line(payload)
    if reported:
        paragraphs[0] = (*paragraphs[0], (Text(reported),))
    summary = payload.summary.strip()
    if with_context and summary:
        paragraphs.append(((Text(truncate(summary, CONTEXT_CHARS)),),))
    link = shown_link(payload.link)  # without utm_*, fbclid and the like
    if link:
        paragraphs.append(((Link(f"Read at {payload.source or 'source'}", link),),))
    return tuple(paragraphs)


def latest_lines(stories: list[StoryRecord]) -> list[Line]:
    """One line per story: when it was first reported, the headline (linked), the outlets."""
    lines: list[Line] = []
    for story in stories:
        stamp = when(dt.datetime.fromtimestamp(story.first_seen, dt.UTC).isoformat())
        outlets = ", ".join(story.outlets[:3]) + (
            f" +{len(story.outlets) - 3}" if len(story.outlets) > 3 else ""
        )
        title = story.title.strip() or "(untitled)"
        lines.append(
            (
                Text(f"• {stamp} · "),
                Link(title, link) if (link := shown_link(story.link)) else Text(title),
                Text(f" · {outlets}"),
            )
        )
    return lines


def latest_document(topic_name: str, stories: list[StoryRecord]) -> Document:
    """/latest: the newest stories of a topic, one line each."""
    if not stories:
        return (((Text(f"No reports on {topic_name} yet. New ones will arrive as alerts."),),),)
    head = f"Latest on {topic_name}: {len(stories)} stor{'y' if len(stories) == 1 else 'ies'}, newest first"
    return (((Bold(head),), *latest_lines(stories)),)


# Reports grouped as one message (a burst, a digest): each part is one message on every
# transport. At most this many reports (a Slack message holds 50 blocks), this many
# visible characters (Telegram: 4,096 UTF-16 code units), a headline cut at this length.
GROUP_REPORTS = 20
GROUP_CHARS = 3500
GROUP_TITLE_CHARS = 200


def report_line(payload: AlertPayload) -> Line:
    """'• headline (outlet · time)', the headline linked."""
    title = truncate(" ".join(payload.title.split()) or "(untitled)", GROUP_TITLE_CHARS)
    link = shown_link(payload.link)
    meta = " · ".join(x for x in (payload.source, when(payload.published)) if x)
    return (Text("• "), Link(title, link) if link else Text(title), Text(f" ({meta})" if meta else ""))


def group_documents(payloads: list[AlertPayload], head: str) -> list[tuple[int, Document]]:
    """Reports as few messages as the limits allow, in the order given: (how many of the
    payloads, in order, the part holds; the part). The head opens the first part; later
    parts say which they are ("(2/3)"). Each part goes as one message on every transport."""
    sizes: list[int] = []
    lines = [report_line(p) for p in payloads]
    probe = f"{head} (99/99)"
    start = 0
    while start < len(lines):
        end = start + 1
        while (
            end < len(lines)
            and end - start < GROUP_REPORTS
            and visible_length_utf16(_group(probe, lines[start : end + 1])) <= GROUP_CHARS
        ):
            end += 1
        sizes.append(end - start)
        start = end
    parts: list[tuple[int, Document]] = []
    start = 0
    for number, size in enumerate(sizes, 1):
        title = head if number == 1 else f"{head} ({number}/{len(sizes)})"
        parts.append((size, _group(title, lines[start : start + size])))
        start += size
    return parts


def _group(head: str, lines: list[Line]) -> Document:
    # One paragraph per ten reports, so a long part splits between them.
    all_lines: list[Line] = [(Bold(head),), *lines]
    rest = range(11, len(all_lines), 10)
    return (tuple(all_lines[:11]), *(tuple(all_lines[i : i + 10]) for i in rest))


def burst_head(payloads: list[AlertPayload]) -> str:
    """'5 new reports on Iran–USA talks, newest first'."""
    names = sorted({p.topic_name for p in payloads})
    about = names[0] if len(names) == 1 else ", ".join(names)
    return f"{len(payloads)} new reports on {about}, newest first"


def digest_head(count: int) -> str:
    return f"{count} report{'s' if count != 1 else ''} while alerts were held (mute or quiet hours)"
