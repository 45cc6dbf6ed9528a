"""Build the /status view of a topic's latest round from storage and the topic baseline."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from bot.news.matcher import Matcher
from bot.news.stories import shingles
from config.topics import Topic
from storage.records import ReportRecord, RoundRecord


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
    venue: str | None  # English name from the gazetteer
    venue_id: str | None
    format: str | None
    mediator: Person | None
    state: str
    participants: tuple[Person, ...]
    summary: str
    next_step: str
    sources: tuple[SourceRef, ...]

    def to_json(self) -> dict:
        return {
            "series": self.series,
            "number": self.number,
            "date": self.date,
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
class StatusView:
    topic_id: str
    topic_name: str
    round: RoundView | None
    next: RoundView | None
    reports: tuple[Report, ...]
    highlights: tuple[Highlight, ...] = ()
    # (side id, label) in the topic file's order: how /status heads each delegation.
    sides: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict:
        data: dict = {"topic": self.topic_id, "round": self.round.to_json() if self.round else None}
        if data["round"] is not None:
            data["round"]["highlights"] = [asdict(h) for h in self.highlights]
        if self.next is not None:
            data["next"] = self.next.to_json()
        data["reports"] = [asdict(r) for r in self.reports]
        return data


def _person(topic: Topic, actor_id: str) -> Person:
    actor = topic.actor(actor_id)
    if actor is None:
        return Person(actor_id, actor_id, "", "")
    return Person(actor.id, actor.name, actor.role, actor.side)


def round_view(topic: Topic, record: RoundRecord) -> RoundView:
    place = topic.place(record.venue) if record.venue else None
    return RoundView(
        series=record.series,
        number=record.number,
        date=record.date,
        venue=place.name if place else record.venue,
        venue_id=record.venue,
        format=record.format,
        mediator=_person(topic, record.mediator) if record.mediator else None,
        state=record.state,
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


def build_status(
    topic: Topic,
    latest: RoundRecord | None,
    upcoming: RoundRecord | None,
    recent: list[ReportRecord],
    cited: list[ReportRecord],
    matcher: Matcher,
    lang: str | None = None,
) -> StatusView:
    """The latest held round, the next announced one, key sentences, and the newest reports."""
    return StatusView(
        topic_id=topic.id,
        topic_name=topic.name,
        round=round_view(topic, latest) if latest else None,
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
        highlights=highlights(cited, matcher, lang) if latest else (),
        sides=tuple((side.id, side.label) for side in topic.sides),
    )
