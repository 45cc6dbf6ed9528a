"""Render the /status summary of a topic's latest round (pure formatter)."""

from __future__ import annotations

import datetime as dt

from bot.news.status import RoundView, StatusView
from bot.render.alerts import when
from bot.render.markup import Bold, Document, Line, Link, Paragraph, Text


def _date(iso: str | None) -> str:
    if not iso:
        return "date unknown"
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%b %Y}"


def _round_line(r: RoundView) -> str:
    number = f"Round {r.number}" if r.number else "Round"
    parts = [f"{number} ({r.series} series)", _date(r.date), r.venue or "venue unknown"]
    if r.state != "held":
        parts.append(r.state)
    return " · ".join(parts)


def status_document(view: StatusView) -> Document:
    """Round, where and when, format, mediator, delegations, outcome, next step, sources."""
    paragraphs: list[Paragraph] = []
    if view.round is None:
        return (((Bold(view.topic_name),), (Text("No round of talks is on record yet."),)),)
    r = view.round
    head: list[Line] = [(Bold(f"{view.topic_name}: latest round"),), (Text(_round_line(r)),)]
    facts = []
    if r.format:
        facts.append(f"Format: {r.format}")
    if r.mediator:
        facts.append(f"Mediator: {r.mediator.name}")
    if facts:
        head.append((Text(" · ".join(facts)),))
    paragraphs.append(tuple(head))
    delegation_lines: list[Line] = []
    for side, label in view.sides:
        people = [p for p in r.participants if p.side == side and (not r.mediator or p.id != r.mediator.id)]
        if people:
            names = ", ".join(p.name for p in people)
            delegation_lines.append((Bold(f"{label}: "), Text(names)))
    if delegation_lines:
        paragraphs.append(((Bold("Delegations"),), *delegation_lines))
    if r.summary:
        paragraphs.append(((Bold("Outcome"),), (Text(r.summary),)))
    if view.next is not None:
        n = view.next
        paragraphs.append(((Bold("Next: "), Text(_round_line(n))),))
    elif r.next_step:
        paragraphs.append(((Bold("Next: "), Text(r.next_step)),))
    if view.highlights:
        lines: list[Line] = [(Bold("From the reports"),)]
        for h in view.highlights:
            lines.append((Text(f"• {h.text} — "), Link(h.source, h.url) if h.url else Text(h.source)))
        paragraphs.append(tuple(lines))
    source_lines: list[Line] = []
    for s in r.sources:
        label = s.title or s.publisher or s.url
        source_lines.append((Text("• "), Link(label, s.url) if s.url else Text(label)))
    if source_lines:
        paragraphs.append(((Bold("Sources"),), *source_lines))
    if view.reports:
        lines = [(Bold("Latest reports"),)]
        for rep in view.reports:
            stamp = when(rep.published)
            suffix = f" ({rep.source}{', ' + stamp if stamp else ''})"
            lines.append((Text("• "), Link(rep.title, rep.url) if rep.url else Text(rep.title), Text(suffix)))
        paragraphs.append(tuple(lines))
    return tuple(paragraphs)
