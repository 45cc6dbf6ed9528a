"""Render an alert (one matched item) as a document for any transport."""

from __future__ import annotations

import datetime as dt

from handlers.markup import Bold, Document, Italic, Line, Link, Text, render_plain

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


def alert_document(payload: dict, *, with_context: bool = True, update: str | None = None) -> Document:
    """Title in bold; source, time and actors; a line of context; the link."""
    title = (payload.get("title") or "").strip() or "(untitled)"
    update = update or payload.get("update")
    head: Line = (Bold(title),)
    if update:
        head = (Italic(f"update: {update}"), Text(" — "), Bold(title))
    meta = [payload.get("source") or "unknown source"]
    stamp = when(payload.get("published"))
    if stamp:
        meta.append(stamp)
    actors = payload.get("actors") or []
    if actors:
        meta.append(", ".join(actors))
    paragraphs: list[tuple[Line, ...]] = [(head, (Text(" · ".join(meta)),))]
    summary = (payload.get("summary") or "").strip()
    if with_context and summary:
        if len(summary) > CONTEXT_CHARS:
            summary = summary[: CONTEXT_CHARS - 1].rstrip() + "…"
        paragraphs.append(((Text(summary),),))
    link = payload.get("link")
    if link:
        paragraphs.append(((Link(f"Read at {payload.get('source') or 'source'}", link),),))
    return tuple(paragraphs)


def format_alert_text(payload: dict) -> str:
    """Plain-text alert, as the console transport prints it."""
    return render_plain(alert_document(payload))


def digest_document(payloads: list[dict], *, muted: bool = True) -> Document:
    """Alerts held while a chat was muted, as one message: a line per report, linked."""
    count = len(payloads)
    head = (
        f"{count} report{'s' if count != 1 else ''} while this chat was muted"
        if muted
        else f"{count} reports"
    )
    lines: list[Line] = [(Bold(head),)]
    for payload in payloads:
        title = (payload.get("title") or "").strip() or "(untitled)"
        link = payload.get("link")
        meta = " · ".join(x for x in (payload.get("source"), when(payload.get("published"))) if x)
        lines.append(
            (Text("• "), Link(title, link) if link else Text(title), Text(f" ({meta})" if meta else ""))
        )
    # One paragraph per ten reports, so a long digest splits between them.
    paragraphs = [tuple(lines[:11])] + [tuple(lines[i : i + 10]) for i in range(11, len(lines), 10)]
    return tuple(paragraphs)
