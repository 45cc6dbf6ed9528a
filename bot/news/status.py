"""The /status and /timeline views of a topic's talks, from its timeline (pure logic).

The service reads a topic's readings from storage and builds its timeline
(bot.news.timeline); this module decides what a user is shown: the latest round that
took place or is under way and how many outlets stand behind it, a later meeting one
outlet alone reported, what comes next (nothing, when the talks broke off since it was
announced), what happened since, the state of the talks (resumed after a break: where,
under whom, and the break), and how old the evidence is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from bot.news.fingerprint import shingles
from bot.news.matcher import Matcher
from bot.news.timeline import Baseline, Event, Meeting, Source, Timeline
from bot.records import PlaceRef, ReadingRecord, ReportRecord
from config.topics import Topic


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


def _week_end(date: str | None) -> str | None:
    """The last day of the week that begins on ``date``."""
    return (dt.date.fromisoformat(date[:10]) + dt.timedelta(days=6)).isoformat() if date else None


@dataclass(frozen=True)
class RoundView:
    series: str
    number: int | None  # None: a meeting talkwatch does not count as a round (see technical)
    date: str | None
    end_date: str | None
    venue: str | None  # its name in English (the topic's, else the gazetteer's)
    venue_id: str | None
    format: str | None
    mediator: Person | None
    state: str
    participants: tuple[Person, ...]
    summary: str
    next_step: str
    sources: tuple[SourceRef, ...]
    host: str | None = None  # the country that hosts the talks
    outlets: int = 0  # how many outlets reported it
    confirmed: bool = True  # two outlets or an official source (or the topic file)
    technical: bool = False  # experts' talks, not a round
    resumes: bool = False  # next: the round that paused goes on
    known_by: str = "day"  # "week" or "month" when only that is known (date: the period's first day)

    def to_json(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "number": self.number,
            # A round known by its month alone gives the month ("2024-01"), as ISO 8601 does;
            # one known by its week, the week's first and last days.
            "date": self.date[:7] if self.known_by == "month" and self.date else self.date,
            "end_date": _week_end(self.date) if self.known_by == "week" else self.end_date,
            "known_by": self.known_by,
            "venue": self.venue,
            "host": self.host,
            "format": self.format,
            "mediator": self.mediator.name if self.mediator else None,
            "mediator_id": self.mediator.id if self.mediator else None,
            "state": self.state,
            "outlets": self.outlets,
            "confirmed": self.confirmed,
            "technical": self.technical,
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

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "evidence_reports": self.reports,
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
    # A meeting after the latest round that one outlet alone reported (not a round yet).
    unconfirmed: RoundView | None = None
    # Before "resumed": what broke the talks off (suspended, collapsed, "pause": no round for
    # months) and since when.
    break_kind: str | None = None
    break_since: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"topic": self.topic_id, "round": self.round.to_json() if self.round else None}
        if data["round"] is not None:
            data["round"]["highlights"] = [asdict(h) for h in self.highlights]
        if self.next is not None:
            data["next"] = self.next.to_json()
        if self.unconfirmed is not None:
            data["unconfirmed"] = self.unconfirmed.to_json()
        data["reports"] = [asdict(r) for r in self.reports]
        data["talks"] = {"state": self.talks, "since": self.talks_since}
        if self.break_kind is not None:
            data["talks"]["break"] = {"kind": self.break_kind, "since": self.break_since}
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
    break_kind: str | None = None
    break_since: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic_id,
            "series": self.series,
            "rounds": [e.to_json() for e in self.entries if isinstance(e, RoundView)],
            "events": [e.to_json() for e in self.entries if isinstance(e, EventView)],
            "talks": {"state": self.talks, "since": self.talks_since},
            **self.age.to_json(),
        }


def _person(topic: Topic, ref: PlaceRef | str) -> Person:
    """A person or institution of the topic; a country or body the topic does not list."""
    actor_id = ref if isinstance(ref, str) else ref.id
    actor = topic.actor(actor_id)
    if actor is not None:
        return Person(actor.id, actor.name, actor.role, actor.side)
    name = actor_id if isinstance(ref, str) else ref.name
    return Person(actor_id, name, "", "")


def _place_name(topic: Topic, place: PlaceRef | None) -> str | None:
    if place is None:
        return None
    known = topic.place(place.id)
    return known.name if known else place.name


def round_view(topic: Topic, meeting: Meeting) -> RoundView:
    """What /status and /timeline show of one round, meeting or announcement."""
    return RoundView(
        series=meeting.series,
        number=meeting.number,
        date=meeting.date,
        end_date=meeting.end_date,
        venue=_place_name(topic, meeting.venue),
        venue_id=meeting.venue.id if meeting.venue else None,
        format=meeting.format,
        mediator=_person(topic, meeting.mediator) if meeting.mediator else None,
        state=meeting.state,
        participants=tuple(_person(topic, p) for p in meeting.participants),
        summary=meeting.summary,
        next_step=meeting.next_step,
        sources=tuple(SourceRef(s.title, s.url or "", s.outlet) for s in meeting.sources),
        host=_place_name(topic, meeting.host),
        outlets=len(meeting.outlets),
        confirmed=meeting.confirmed,
        technical=meeting.technical,
        resumes=meeting.resumes,
        known_by=meeting.known_by,
    )


def baseline(topic: Topic, place: Callable[[str], PlaceRef | None]) -> list[Baseline]:
    """The topic file's rounds, for the timeline; ``place`` makes a place of a place id."""
    return [
        Baseline(
            series=r.series,
            number=r.number,
            date=r.date,
            venue=place(r.venue) if r.venue else None,
            state=r.state,
            format=r.format,
            mediator=PlaceRef(r.mediator, _person(topic, r.mediator).name, "person") if r.mediator else None,
            participants=r.participants,
            summary=r.summary,
            next_step=r.next_step,
            sources=tuple(Source(s.title, s.url or None, s.publisher) for s in r.sources),
        )
        for r in topic.rounds
    ]


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
        tuple(SourceRef(event.title, s.url or "", s.outlet) for s in event.sources),
    )


def age(readings: Sequence[ReadingRecord], timeline: Timeline) -> Age:
    """The newest report the view rests on, and how many reports there are."""
    if not readings:
        dated = [m.date for m in timeline.meetings if m.date]
        return Age(max(dated) if dated else None, 0, True)
    newest = dt.datetime.fromtimestamp(max(r.published for r in readings), dt.UTC).date().isoformat()
    return Age(newest, len({(r.outlet, r.url or r.title) for r in readings}), False)


def build_status(
    topic: Topic,
    timeline: Timeline,
    readings: Sequence[ReadingRecord],
    recent: list[ReportRecord],
    cited: Callable[[Sequence[str]], list[ReportRecord]],
    matcher: Matcher,
    lang: str | None = None,
) -> StatusView:
    """The latest round that took place or is under way, what comes next, what happened
    since, the state of the talks, key sentences, the newest reports and the view's age."""
    latest = timeline.latest
    view_age = age(readings, timeline)
    if recent:
        # The newest report read tells how recent the answer is, even if it said nothing new.
        newest = dt.datetime.fromtimestamp(max(r.moment for r in recent), dt.UTC).date().isoformat()
        view_age = replace(view_age, as_of=max(view_age.as_of or newest, newest))
    talks = timeline.talks
    return StatusView(
        topic_id=topic.id,
        topic_name=topic.name,
        round=round_view(topic, latest) if latest else None,
        next=round_view(topic, timeline.next) if timeline.next else None,
        reports=tuple(
            Report(
                title=row.title,
                source=row.source,
                url=row.link,
                published=dt.datetime.fromtimestamp(row.moment, dt.UTC).isoformat(),
            )
            for row in recent
        ),
        highlights=(
            highlights(cited([s.url for s in latest.sources if s.url]), matcher, lang) if latest else ()
        ),
        sides=tuple((side.id, side.label) for side in topic.sides),
        talks=talks.state,
        talks_since=talks.since,
        since=tuple(_event_view(e) for e in timeline.since_latest()),
        age=view_age,
        unconfirmed=round_view(topic, timeline.unconfirmed) if timeline.unconfirmed else None,
        break_kind=talks.break_kind,
        break_since=talks.break_since,
    )


def build_timeline(topic: Topic, timeline: Timeline, readings: Sequence[ReadingRecord]) -> TimelineView:
    """Every round of the current series with its dates, venue, format, mediator and state,
    the meetings it does not number, and the major events between them; a round announced
    before the talks broke off is shown as called off."""
    entries: list[tuple[str, int, RoundView | EventView]] = []
    for meeting in timeline.meetings:
        entries.append((meeting.date or "9999", 0, round_view(topic, meeting)))
    for coming in (timeline.next, timeline.called_off):
        if coming is not None:
            entries.append((coming.date or "9999", 0, round_view(topic, coming)))
    for event in timeline.events:
        if event.confirmed:
            entries.append((event.date, 1, _event_view(event)))
    talks = timeline.talks
    return TimelineView(
        topic_id=topic.id,
        topic_name=topic.name,
        series=timeline.series,
        entries=tuple(entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))),
        talks=talks.state,
        talks_since=talks.since,
        age=age(readings, timeline),
        break_kind=talks.break_kind,
        break_since=talks.break_since,
    )
