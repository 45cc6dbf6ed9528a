"""Render /status (the latest round and the state of the talks) and /timeline (pure formatters).

Links to reports are shown without tracking parameters (``shown_link``)."""

from __future__ import annotations

import datetime as dt
import json

from bot.feeds.identity import shown_link
from bot.news.status import Age, EventView, RoundView, StatusView, TimelineView
from bot.render.alerts import when
from bot.render.markup import Bold, Document, Line, Link, Paragraph, Text


def _link(label: str, url: str | None) -> Text | Link:
    """A report's link as readers see it (no tracking parameters), or the label alone."""
    shown = shown_link(url)
    return Link(label, shown) if shown else Text(label)


def _date(iso: str | None) -> str:
    if not iso:
        return "date unknown"
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%b %Y}"


STATE_LABELS = {
    "under_way": "under way",
    "announced": "announced",
    "postponed": "postponed",
    "paused": "paused",
    "cancelled": "cancelled",
    "called off": "called off",
}
BREAK_LABELS = {"suspended": "talks suspended", "collapsed": "talks collapsed", "pause": "no round"}
EVENT_LABELS = {
    "collapsed": "talks collapsed",
    "suspended": "talks suspended",
    "resumed": "talks resumed",
    "strikes": "strikes",
    "ultimatum": "ultimatum",
    "deployment": "military deployment",
    "extended": "deadline extended",
}


def _dates(r: RoundView) -> str:
    """ "6 Feb 2026", or "26–27 Feb 2026" for a round of several days, or "Jan 2024" or
    "week of 12 Nov 2018" for one whose day no report gave."""
    if r.known_by == "month" and r.date:
        return f"{dt.date.fromisoformat(r.date[:10]):%b %Y}"
    if r.known_by == "week" and r.date:
        return f"week of {_date(r.date)}"
    if not r.end_date or not r.date:
        return _date(r.date)
    start, end = dt.date.fromisoformat(r.date[:10]), dt.date.fromisoformat(r.end_date[:10])
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    return f"{_date(r.date)} – {_date(r.end_date)}"


def meeting_label(r: RoundView) -> str:
    """A meeting's name: its round, or, for one the timeline does not number, what it is
    (experts' talks, a mediator's consultations with one side, talks not counted)."""
    if r.number:
        return f"Round {r.number}" + (" resumes" if r.resumes else "")
    if r.technical:
        return "Consultations with the mediator" if r.format == "consultation" else "Technical talks"
    return "Talks"


def _round_line(r: RoundView) -> str:
    parts = [f"{meeting_label(r)} ({r.series} series)", _dates(r), r.venue or "venue unknown"]
    if r.state != "held":
        parts.append(STATE_LABELS.get(r.state, r.state))
    return " · ".join(parts)


def _confidence(r: RoundView) -> str | None:
    """How many outlets stand behind a round: "unconfirmed" when one does."""
    if not r.confirmed:
        return "Unconfirmed: reported by one outlet."
    if r.outlets:
        return f"Reported by {r.outlets} outlet{'s' if r.outlets != 1 else ''}."
    return None


def _event_line(e: EventView) -> Line:
    label = EVENT_LABELS.get(e.kind, e.kind)
    first = e.sources[0] if e.sources else None
    quote = _link(e.title, first.url if first else None)
    outlets = ", ".join(s.publisher for s in e.sources[:3]) + (
        f" +{len(e.sources) - 3}" if len(e.sources) > 3 else ""
    )
    return (Text(f"• {_date(e.date)} — {label}: "), quote, Text(f" ({outlets})" if outlets else ""))


def _talks_line(
    talks: str,
    since: str | None,
    break_kind: str | None = None,
    break_since: str | None = None,
    resumed: RoundView | None = None,
) -> Line | None:
    """ "Talks: suspended since 11 Mar 2022"; "Talks: resumed on 28 Jun 2022 in Doha, hosted
    by Qatar, mediated by Enrique Mora, after a break since 11 Mar 2022 (talks suspended)"."""
    if talks == "active":
        return None
    if talks != "resumed":
        return (Bold("Talks: "), Text(f"{talks} since {_date(since)}" if since else talks))
    text = f"resumed on {_date(since)}" if since else "resumed"
    if resumed is not None and resumed.date == since:
        if resumed.venue:
            text += f" in {resumed.venue}"
        if resumed.host and resumed.host != resumed.venue:
            text += f", hosted by {resumed.host}"
        if resumed.mediator:
            text += f", mediated by {resumed.mediator.name}"
    if break_since:
        text += f", after a break since {_date(break_since)}"
        if break_kind in BREAK_LABELS:
            text += f" ({BREAK_LABELS[break_kind]})"
    return (Bold("Talks: "), Text(text))


def age_line(age: Age) -> Line:
    """How old the answer is: the newest report's day, or that it rests on the baseline alone."""
    if age.baseline_only:
        day = f"As of {_date(age.as_of)}, " if age.as_of else ""
        return (
            Text(f"{day}from the bundled baseline only: no report has said anything about the rounds yet."),
        )
    plural = "s" if age.reports != 1 else ""
    return (Text(f"As of {_date(age.as_of)}, from {age.reports} report{plural}."),)


def view_json(view: StatusView | TimelineView) -> str:
    """The JSON of /status or /timeline, as `talkwatch status --json` and `timeline --json`
    print it and the web page serves it."""
    return json.dumps(view.to_json(), ensure_ascii=False, indent=2)


def page_line(page: str) -> Paragraph:
    """The last paragraph of /status and /timeline when the web page has a public address."""
    return ((Text("On the web: "), Link(page, page)),)


def status_document(view: StatusView, page: str | None = None) -> Document:
    """Round, where and when, format, mediator, delegations, outcome, next step, sources;
    ``page``: the topic's web page, linked at the end."""
    paragraphs: list[Paragraph] = []
    if view.round is None:
        empty: Paragraph = (
            (Bold(view.topic_name),),
            (Text("No round of talks is on record yet."),),
            age_line(view.age),
        )
        return (empty, page_line(page)) if page else (empty,)
    r = view.round
    head: list[Line] = [(Bold(f"{view.topic_name}: latest round"),), (Text(_round_line(r)),)]
    facts = []
    if r.format:
        facts.append(f"Format: {r.format}")
    if r.mediator:
        facts.append(f"Mediator: {r.mediator.name}")
    if r.host and r.host != r.venue:
        facts.append(f"Host: {r.host}")
    if facts:
        head.append((Text(" · ".join(facts)),))
    confidence = _confidence(r)
    if confidence:
        head.append((Text(confidence),))
    talks = _talks_line(view.talks, view.talks_since, view.break_kind, view.break_since, r)
    if talks is not None:
        head.append(talks)
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
    if view.unconfirmed is not None:
        u = view.unconfirmed
        source = next((x for x in u.sources if x.url), None)
        line: list[Text | Bold | Link] = [Bold("Reported by one outlet, unconfirmed: "), Text(_round_line(u))]
        if source is not None:
            line += [Text(" — "), _link(source.publisher or source.title, source.url)]
        paragraphs.append((tuple(line),))
    if view.next is not None:
        n = view.next
        coming = _round_line(n) + ("" if n.confirmed else " (reported by one outlet)")
        paragraphs.append(((Bold("Next: "), Text(coming)),))
    elif view.talks in ("collapsed", "suspended") or any(
        e.kind in ("collapsed", "strikes") for e in view.since
    ):
        paragraphs.append(((Bold("Next: "), Text("no round is in prospect.")),))
    elif r.next_step:
        paragraphs.append(((Bold("Next: "), Text(r.next_step)),))
    if view.since:
        paragraphs.append(((Bold("Since then"),), *(_event_line(e) for e in view.since)))
    if view.highlights:
        lines: list[Line] = [(Bold("From the reports"),)]
        for h in view.highlights:
            lines.append((Text(f"• {h.text} — "), _link(h.source, h.url)))
        paragraphs.append(tuple(lines))
    source_lines: list[Line] = []
    for s in r.sources:
        label = s.title or s.publisher or s.url
        source_lines.append((Text("• "), _link(label, s.url)))
    if source_lines:
        paragraphs.append(((Bold("Sources"),), *source_lines))
    if view.reports:
        lines = [(Bold("Latest reports"),)]
        for rep in view.reports:
            stamp = when(rep.published)
            suffix = f" ({rep.source}{', ' + stamp if stamp else ''})"
            lines.append((Text("• "), _link(rep.title, rep.url), Text(suffix)))
        paragraphs.append(tuple(lines))
    paragraphs.append((age_line(view.age),))
    if page:
        paragraphs.append(page_line(page))
    return tuple(paragraphs)


def timeline_document(view: TimelineView, page: str | None = None) -> Document:
    """Every round of the series and the events between them, a paragraph each (so a long
    timeline splits between entries), each with a source link; ``page``: the topic's web
    page, linked at the end."""
    title = f"{view.topic_name}: timeline" + (f" of the {view.series} series" if view.series else "")
    paragraphs: list[Paragraph] = [((Bold(title),),)]
    for entry in view.entries:
        if isinstance(entry, EventView):
            paragraphs.append((_event_line(entry),))
            continue
        parts = [_round_line(entry)]
        if entry.format and entry.format != "consultation":  # the label says it
            parts.append(entry.format)
        if entry.mediator:
            parts.append(f"mediator {entry.mediator.name}")
        if not entry.confirmed:
            parts.append("reported by one outlet")
        line: list[Text | Bold | Link] = [Text("• "), Bold(" · ".join(parts))]
        source = next((s for s in entry.sources if s.url), None) or (
            entry.sources[0] if entry.sources else None
        )
        if source is not None:
            label = source.publisher or source.title or source.url
            line += [Text(" — "), _link(label, source.url)]
        paragraphs.append((tuple(line),))
    if len(paragraphs) == 1:
        paragraphs.append(((Text("No round of talks is on record yet."),),))
    closing: list[Line] = []
    resumed = next(
        (e for e in view.entries if isinstance(e, RoundView) and e.number and e.date == view.talks_since),
        None,
    )
    talks = _talks_line(view.talks, view.talks_since, view.break_kind, view.break_since, resumed)
    if talks is not None:
        closing.append(talks)
    closing.append(age_line(view.age))
    paragraphs.append(tuple(closing))
    if page:
        paragraphs.append(page_line(page))
    return tuple(paragraphs)
