"""Rounds over a series of talks (pure logic): which round a report belongs to, and
what state the talks are in.

A report that names no round is placed by what it says and when: talks under way
or ended at a venue belong to the round in progress there (same venue, within a
couple of days of its start), else to the round announced next, else they open
the next number after the latest round when they are clearly later. An
announcement without a number is the next round. A number a report states wins
when it agrees; an inferred round that a report numbers otherwise takes that
number when it is free.

The talks as a whole are active, suspended or collapsed (resumed when a round is
under way, held or announced after a collapse or suspension). Escalation (strikes,
an ultimatum, a carrier sent) is recorded beside the rounds; a collapse or strikes
after the latest round mean no round is shown as next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.news.rounds import RoundReport
from storage.records import EventRecord, RoundRecord

# A report this many days from a round's start (or its last day) is about that round.
SAME_ROUND_DAYS = 2
# Events of one kind reported within this many days of each other are one event.
SAME_EVENT_DAYS = 1
# What ends the prospect of a next round.
BREAKING = ("collapsed", "suspended", "strikes")


def _day(iso: str | None) -> dt.date | None:
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def last_day(record: RoundRecord) -> dt.date | None:
    """A round's last day (its start for a one-day round)."""
    return _day(record.end_date) or _day(record.date)


@dataclass(frozen=True)
class Placement:
    """The round a report is about: an existing one, or one to create."""

    series: str
    number: int
    create: bool


def current_series(rounds: Sequence[RoundRecord]) -> str | None:
    """The series the talks are in now: that of the latest-dated round."""
    dated = [r for r in rounds if r.date]
    if not dated:
        return max((r.series for r in rounds), default=None)
    return max(dated, key=lambda r: (r.date or "", r.series)).series


def _near(record: RoundRecord, day: dt.date | None, days: int = SAME_ROUND_DAYS) -> bool:
    start, end = _day(record.date), last_day(record)
    if day is None or start is None or end is None:
        return day is None or start is None
    return start - dt.timedelta(days=days) <= day <= end + dt.timedelta(days=days)


def _same_venue(record: RoundRecord, venue: str | None) -> bool:
    return venue is None or record.venue is None or record.venue == venue


def place(report: RoundReport, rounds: Sequence[RoundRecord]) -> Placement | None:
    """The round of the series that ``report`` is about, or None when it says nothing placeable."""
    if report.number is not None:
        series = report.series
        existing = next((r for r in rounds if r.series == series and r.number == report.number), None)
        if existing is not None:
            return Placement(series, report.number, create=False)
        if report.state is None:
            return None  # "before any second round": a round mentioned, not announced
        # A round talkwatch counted itself at the same venue and time is this one under
        # another number: the report joins it, and the numbers are weighed (the tracker).
        day = _day(report.date) or dt.datetime.fromtimestamp(report.published, dt.UTC).date()
        twin = next(
            (
                r
                for r in rounds
                if r.series == series
                and r.origin == "inferred"
                and r.venue is not None
                and r.venue == report.venue
                and _near(r, day)
            ),
            None,
        )
        if twin is not None and twin.number is not None:
            return Placement(series, twin.number, create=False)
        return Placement(series, report.number, create=True)

    current = current_series(rounds)
    if current is None or report.state is None:
        return None
    series = current
    ours = sorted(
        (r for r in rounds if r.series == series and r.number is not None), key=lambda r: r.number or 0
    )
    if not ours:
        return None
    latest = max(ours, key=lambda r: (r.date or "", r.number or 0))
    pending = [r for r in ours if r.state in ("announced", "postponed")]
    day = _day(report.date) or dt.datetime.fromtimestamp(report.published, dt.UTC).date()
    next_number = (ours[-1].number or 0) + 1
    in_progress = [
        r for r in ours if r.state in ("under_way", "held") and _same_venue(r, report.venue) and _near(r, day)
    ]

    if report.state in ("under_way", "held"):
        if in_progress and not report.new_round:
            return Placement(series, max(in_progress, key=lambda r: r.date or "").number or 0, create=False)
        upcoming = [r for r in pending if _same_venue(r, report.venue) and _near(r, day, days=3)]
        if not upcoming:
            upcoming = [r for r in pending if _same_venue(r, report.venue) and r.date is None]
        if upcoming:
            return Placement(series, upcoming[0].number or 0, create=False)
        end = last_day(latest)
        if end is not None and day > end + dt.timedelta(days=1) and (report.venue or report.new_round):
            return Placement(series, next_number, create=True)
        return None
    if report.state == "announced":
        if in_progress and not report.new_round and report.date is None:
            return None  # "talks to continue": the round in progress, nothing new to announce
        if pending:
            target = next((r for r in pending if r.venue == report.venue and report.venue), pending[0])
            return Placement(series, target.number or 0, create=False)
        if report.venue or report.date or report.new_round:
            end = last_day(latest)
            if report.date is None or end is None or (_day(report.date) or day) > end:
                return Placement(series, next_number, create=True)
        return None
    # Postponed or cancelled: the round that was coming.
    if pending:
        return Placement(series, pending[0].number or 0, create=False)
    return None


# ---------------------------------------------------------------- the series as a whole


@dataclass(frozen=True)
class Event:
    """One event of a series: reports of one kind within a day of each other, merged."""

    kind: str
    date: str  # ISO, the earliest report's day
    title: str  # the first report's headline (quoted, never invented)
    sources: tuple[tuple[str, str | None], ...]  # (outlet, url)


def merge_events(records: Sequence[EventRecord]) -> list[Event]:
    """Reports of the same kind within a day of each other are one event, oldest first."""
    events: list[Event] = []
    for record in sorted(records, key=lambda r: (r.date, r.published)):
        day = _day(record.date)
        match = next(
            (
                i
                for i, e in enumerate(events)
                if e.kind == record.kind
                and day is not None
                and abs(((_day(e.date) or day) - day).days) <= SAME_EVENT_DAYS
            ),
            None,
        )
        if match is None:
            events.append(Event(record.kind, record.date, record.title, ((record.outlet, record.url),)))
            continue
        event = events[match]
        if all(outlet != record.outlet for outlet, _ in event.sources):
            events[match] = Event(
                event.kind, event.date, event.title, (*event.sources, (record.outlet, record.url))
            )
    return sorted(events, key=lambda e: e.date)


def effective_state(record: RoundRecord, today: dt.date) -> str:
    """A round reported under way whose last day has passed was held."""
    end = last_day(record)
    if record.state == "under_way" and end is not None and end < today - dt.timedelta(days=1):
        return "held"
    return record.state


def talks_state(events: Sequence[Event], rounds: Sequence[RoundRecord]) -> tuple[str, str | None]:
    """(active | suspended | collapsed | resumed, since when) from the events and the rounds."""
    state, since = "active", None
    breaks = [e for e in events if e.kind in ("collapsed", "suspended")]
    if not breaks:
        return state, since
    last_break = breaks[-1]
    later_rounds = [
        r
        for r in rounds
        if r.state in ("announced", "under_way", "held")
        and r.date is not None
        and r.date > last_break.date
        and r.origin != "baseline"
    ]
    if later_rounds:
        return "resumed", min(r.date for r in later_rounds if r.date)
    return last_break.kind, last_break.date


def latest_round(rounds: Sequence[RoundRecord], today: dt.date) -> RoundRecord | None:
    """The most recent round that took place or is under way."""
    happened = [r for r in rounds if effective_state(r, today) in ("held", "under_way")]
    return max(happened, key=lambda r: (r.date or "", r.number or 0), default=None)


def next_round(
    rounds: Sequence[RoundRecord], latest: RoundRecord | None, events: Sequence[Event]
) -> RoundRecord | None:
    """The round announced after the latest, unless the talks broke off since it was announced."""
    after = latest.date if latest else None
    pending = [
        r
        for r in rounds
        if r.state in ("announced", "postponed")
        and (after is None or r.date is None or r.date > after)
        and (latest is None or (r.number or 0) > (latest.number or 0) or r.series != latest.series)
    ]
    if not pending:
        return None
    upcoming = min(pending, key=lambda r: (r.date or "9999", r.number or 0))
    announced = _announced_on(upcoming)
    for event in events:
        if event.kind in BREAKING and (announced is None or event.date >= announced):
            return None
    return upcoming


def _announced_on(record: RoundRecord) -> str | None:
    """The day the first report of a round was published."""
    stamps = [
        e.published for values in record.evidence.values() for g in values.values() for e in g if e.published
    ]
    if not stamps:
        return None
    return dt.datetime.fromtimestamp(min(stamps), dt.UTC).date().isoformat()


def since(events: Sequence[Event], latest: RoundRecord | None) -> list[Event]:
    """The collapse, suspension and escalation since the latest round began."""
    start = latest.date if latest else None
    return [
        e
        for e in events
        if e.kind in ("collapsed", "suspended", "strikes", "ultimatum", "deployment")
        and (start is None or e.date >= start)
    ]
