"""The /status and /timeline views of a topic's talks, built from plain records (pure logic).

The service reads the records (rounds, events, reports) from storage; this module
decides what a user is shown: the latest round that took place or is under way,
what comes next (nothing, when the talks broke off since it was announced), what
happened since, the state of the talks, and how old the evidence is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from bot.news.evidence import EVIDENCE_PER_VALUE
from bot.news.fingerprint import shingles
from bot.news.matcher import Matcher
from bot.news.series import (
    Event,
    current_series,
    effective_state,
    latest_round,
    merge_events,
    next_round,
    since,
    talks_state,
)
from config.topics import Topic
from storage.records import EventRecord, ReportRecord, RoundRecord


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    side: str


@dataclass(frozen=True)
class SourceRef:
    title: str
    url: str
    publisher: str = ""


@dataclass(frozen=True)
class RoundView:
    series: str
    number: int | None
    date: str | None
    end_date: str | None
    venue: str | None  # English name from the gazetteer
    venue_id: str | None
    format: str | None
    mediator: Person | None
    state: str
    participants: tuple[Person, ...]
    summary: str
    next_step: str
    sources: tuple[SourceRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "number": self.number,
            "date": self.date,
            "end_date": self.end_date,
            "venue": self.venue,
            "format": self.format,
            "mediator": self.mediator.name if self.mediator else None,
            "mediator_id": self.mediator.id if self.mediator else None,
            "state": self.state,
            "participants": [p.id for p in self.participants],
            "summary": self.summary,
            "next_step": self.next_step,
            "sources": [asdict(s) for s in self.sources],
        }


@dataclass(frozen=True)
class Highlight:
    """A sentence quoted from a cited report, with where it came from."""

    text: str
    source: str
    url: str | None
    lang: str | None


@dataclass(frozen=True)
class Report:
    title: str
    source: str
    url: str | None
    published: str | None


@dataclass(frozen=True)
class EventView:
    """Something that happened to the talks, with the reports that said so."""

    kind: str
    date: str
    title: str
    sources: tuple[SourceRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "date": self.date,
            "title": self.title,
            "sources": [asdict(s) for s in self.sources],
        }


@dataclass(frozen=True)
class Age:
    """How old what the view rests on is: the newest report's day and how many reports."""

    as_of: str | None  # ISO date
    reports: int
    baseline_only: bool
    # More reports than counted: a value kept only its weightiest sources (EVIDENCE_PER_VALUE).
    more: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "evidence_reports": self.reports,
            "evidence_reports_more": self.more,
            "baseline_only": self.baseline_only,
        }


@dataclass(frozen=True)
class StatusView:
    topic_id: str
    topic_name: str
    round: RoundView | None
    next: RoundView | None
    reports: tuple[Report, ...]
    highlights: tuple[Highlight, ...] = ()
    # (side id, label) in the topic file's order: how /status heads each delegation.
    sides: tuple[tuple[str, str], ...] = ()
    talks: str = "active"  # active, suspended, collapsed, resumed
    talks_since: str | None = None
    since: tuple[EventView, ...] = ()  # collapse, suspension and escalation since the latest round
    age: Age = Age(None, 0, True)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"topic": self.topic_id, "round": self.round.to_json() if self.round else None}
        if data["round"] is not None:
            data["round"]["highlights"] = [asdict(h) for h in self.highlights]
        if self.next is not None:
            data["next"] = self.next.to_json()
        data["reports"] = [asdict(r) for r in self.reports]
        data["talks"] = {"state": self.talks, "since": self.talks_since}
        data["events"] = [e.to_json() for e in self.since]
        data.update(self.age.to_json())
        return data


@dataclass(frozen=True)
class TimelineView:
    """Every round of the current series and the major events between them, oldest first."""

    topic_id: str
    topic_name: str
    series: str | None
    entries: tuple[RoundView | EventView, ...]
    talks: str
    talks_since: str | None
    age: Age

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic_id,
            "series": self.series,
            "rounds": [e.to_json() for e in self.entries if isinstance(e, RoundView)],
            "events": [e.to_json() for e in self.entries if isinstance(e, EventView)],
            "talks": {"state": self.talks, "since": self.talks_since},
            **self.age.to_json(),
        }


def _person(topic: Topic, actor_id: str) -> Person:
    actor = topic.actor(actor_id)
    if actor is None:
        return Person(actor_id, actor_id, "", "")
    return Person(actor.id, actor.name, actor.role, actor.side)


def round_view(topic: Topic, record: RoundRecord, state: str | None = None) -> RoundView:
    place = topic.place(record.venue) if record.venue else None
    return RoundView(
        series=record.series,
        number=record.number,
        date=record.date,
        end_date=record.end_date,
        venue=place.name if place else record.venue,
        venue_id=record.venue,
        format=record.format,
        mediator=_person(topic, record.mediator) if record.mediator else None,
        state=state or record.state,
        participants=tuple(_person(topic, p) for p in record.participants),
        summary=record.summary,
        next_step=record.next_step,
        sources=tuple(SourceRef(s.title, s.url, s.publisher) for s in record.sources),
    )


_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")


def highlights(
    cited: list[ReportRecord], matcher: Matcher, lang: str | None, limit: int = 3
) -> tuple[Highlight, ...]:
    """Key sentences from the reports the round cites (extractive: no invented text).

    Sentences are scored by how many actors and talk terms they name; a sentence
    too close to one already picked is dropped; the chat's language comes first.
    """
    candidates: list[tuple[tuple[bool, int, int], Highlight]] = []
    for order, item in enumerate(cited):
        for sentence in [item.title, *_SENTENCE_END.split(item.summary or "")]:
            sentence = sentence.strip()
            if len(sentence) < 20:
                continue
            hits = {(h.kind, h.ref) for h in matcher.scan(sentence) if h.kind in ("actor", "place", "term")}
            key = (item.lang != lang if lang else False, -len(hits), order)
            candidates.append((key, Highlight(sentence, item.source, item.link, item.lang)))
    picked: list[Highlight] = []
    for _, candidate in sorted(candidates, key=lambda c: c[0]):
        words = shingles(candidate.text, 2)
        if any(
            len(words & shingles(p.text, 2)) / max(1, len(words | shingles(p.text, 2))) >= 0.5 for p in picked
        ):
            continue
        picked.append(candidate)
        if len(picked) == limit:
            break
    return tuple(picked)


def _event_view(event: Event) -> EventView:
    return EventView(
        event.kind,
        event.date,
        event.title,
        tuple(SourceRef(event.title, url or "", outlet) for outlet, url in event.sources),
    )


def age(rounds: Sequence[RoundRecord], events: Sequence[EventRecord]) -> Age:
    """The newest report the view rests on, and how many reports there are."""
    seen: dict[tuple[str, str], float] = {}
    more = False
    for record in rounds:
        for values in record.evidence.values():
            for group in values.values():
                more = more or len(group) >= EVIDENCE_PER_VALUE
                for e in group:
                    if e.published is not None:
                        seen[(e.outlet, e.url or e.title)] = e.published
    for event in events:
        seen[(event.outlet, event.url or event.title)] = event.published
    if not seen:
        dated = [r.date for r in rounds if r.date]
        return Age(max(dated) if dated else None, 0, True)
    newest = dt.datetime.fromtimestamp(max(seen.values()), dt.UTC).date().isoformat()
    return Age(newest, len(seen), False, more)


def _today(view_age: Age) -> dt.date:
    return dt.date.fromisoformat(view_age.as_of) if view_age.as_of else dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class _SeriesFacts:
    """What both views read from the current series: its rounds and events, the latest and
    the next round, the state of the talks, and the age of the evidence."""

    series: str | None
    rounds: list[RoundRecord]
    events: list[Event]
    age: Age
    today: dt.date
    latest: RoundRecord | None
    upcoming: RoundRecord | None
    talks: str
    talks_since: str | None

    @classmethod
    def of(cls, rounds: Sequence[RoundRecord], events: Sequence[EventRecord]) -> _SeriesFacts:
        series = current_series(rounds)
        ours = [r for r in rounds if r.series == series]
        reported = [e for e in events if e.series == series]
        merged = merge_events(reported)
        view_age = age(ours, reported)
        today = _today(view_age)
        latest = latest_round(ours, today)
        talks, talks_since = talks_state(merged, ours)
        return cls(
            series,
            ours,
            merged,
            view_age,
            today,
            latest,
            next_round(ours, latest, merged),
            talks,
            talks_since,
        )


def build_status(
    topic: Topic,
    rounds: Sequence[RoundRecord],
    events: Sequence[EventRecord],
    recent: list[ReportRecord],
    cited: Callable[[RoundRecord], list[ReportRecord]],
    matcher: Matcher,
    lang: str | None = None,
) -> StatusView:
    """The latest round that took place or is under way, what comes next, what happened
    since, the state of the talks, key sentences, the newest reports and the view's age."""
    s = _SeriesFacts.of(rounds, events)
    latest, upcoming, today = s.latest, s.upcoming, s.today
    view_age = s.age
    if recent:
        # The newest report read tells how recent the answer is, even if it said nothing new.
        newest = dt.datetime.fromtimestamp(max(r.moment for r in recent), dt.UTC).date().isoformat()
        view_age = replace(view_age, as_of=max(view_age.as_of or newest, newest))
    return StatusView(
        topic_id=topic.id,
        topic_name=topic.name,
        round=round_view(topic, latest, effective_state(latest, today)) if latest else None,
        next=round_view(topic, upcoming) if upcoming else None,
        reports=tuple(
            Report(
                title=row.title,
                source=row.source,
                url=row.link,
                published=dt.datetime.fromtimestamp(row.moment, dt.UTC).isoformat(),
            )
            for row in recent
        ),
        highlights=highlights(cited(latest), matcher, lang) if latest else (),
        sides=tuple((side.id, side.label) for side in topic.sides),
        talks=s.talks,
        talks_since=s.talks_since,
        since=tuple(_event_view(e) for e in since(s.events, latest)),
        age=view_age,
    )


def build_timeline(
    topic: Topic, rounds: Sequence[RoundRecord], events: Sequence[EventRecord]
) -> TimelineView:
    """Every round of the current series with its dates, venue, format, mediator and state,
    and the major events between them; a round announced before the talks broke off is
    shown as called off."""
    s = _SeriesFacts.of(rounds, events)
    entries: list[tuple[str, int, RoundView | EventView]] = []
    for record in s.rounds:
        state = effective_state(record, s.today)
        if state in ("announced", "postponed") and (s.upcoming is None or s.upcoming.number != record.number):
            state = "called off"
        entries.append((record.date or "9999", 0, round_view(topic, record, state)))
    for event in s.events:
        entries.append((event.date, 1, _event_view(event)))
    return TimelineView(
        topic_id=topic.id,
        topic_name=topic.name,
        series=s.series,
        entries=tuple(entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))),
        talks=s.talks,
        talks_since=s.talks_since,
        age=s.age,
    )
