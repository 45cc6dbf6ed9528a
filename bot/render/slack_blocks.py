"""Render alerts and replies as Slack Block Kit (pure formatter).

Slack's limits, as named constants: a message holds at most 50 blocks, a
section's text at most 3,000 characters, a header's plain text at most 150.
All feed text is escaped for mrkdwn (&, <, >); links use Slack's <url|label>.
"""

from __future__ import annotations

from bot.feeds.identity import shown_link
from bot.news.textnorm import truncate
from bot.records import AlertPayload
from bot.render.alerts import CONTEXT_CHARS, outlets_line, when
from bot.render.markup import Document, mrkdwn_escape, mrkdwn_link, render_mrkdwn, render_plain, split

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_FALLBACK_TEXT = 3000  # the notification text; Slack truncates far later, readers earlier


def _section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def alert_blocks(payload: AlertPayload) -> tuple[list[dict], str]:
    """Blocks for one alert (header, context, summary, link) and its notification text."""
    title = " ".join(payload.title.split()) or "(untitled)"
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": truncate(title, MAX_HEADER_TEXT)}}
    ]
    if len(title) > MAX_HEADER_TEXT:
        blocks.append(_section(truncate(mrkdwn_escape(title), MAX_SECTION_TEXT)))
    meta = [mrkdwn_escape(payload.source or "unknown source")]
    stamp = when(payload.published)
    if stamp:
        meta.append(stamp)
    if payload.actors:
        meta.append(mrkdwn_escape(", ".join(payload.actors)))
    if payload.update:
        meta.insert(0, "_update: " + mrkdwn_escape(payload.update) + "_")
    reported = outlets_line(payload)
    if reported:
        meta.append(mrkdwn_escape(reported))
    blocks.append(
        {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(" · ".join(meta), 2000)}]}
    )
    summary = " ".join(payload.summary.split())
    if summary:
        blocks.append(_section(mrkdwn_escape(truncate(summary, CONTEXT_CHARS))))
    link = mrkdwn_link(f"Read at {payload.source or 'source'}", shown_link(payload.link))
    if link:
        blocks.append(_section(truncate(link, MAX_SECTION_TEXT)))
    return blocks, mrkdwn_escape(truncate(title, MAX_FALLBACK_TEXT))


def document_messages(document: Document) -> list[tuple[list[dict], str]]:
    """A reply as one or more messages: a section per paragraph, split to Slack's limits."""
    messages: list[tuple[list[dict], str]] = []
    blocks: list[dict] = []
    for part in split(document, MAX_SECTION_TEXT, lambda d: len(render_mrkdwn(d))):
        for paragraph in part:
            blocks.append(_section(render_mrkdwn((paragraph,))))
            if len(blocks) == MAX_BLOCKS:
                messages.append((blocks, ""))
                blocks = []
    if blocks or not messages:
        messages.append((blocks or [_section(" ")], ""))
    # The notification text: the plain rendering of each message's first section.
    plain = mrkdwn_escape(truncate(render_plain(document), MAX_FALLBACK_TEXT))
    return [(b, plain if i == 0 else truncate(plain, 200)) for i, (b, _) in enumerate(messages)]
