"""The topic files' rounds as the baseline that /status shows before any report arrives."""

from __future__ import annotations

from collections.abc import Iterable

from config.topics import Round, Topic
from storage import Storage
from storage.records import RoundRecord, SourceRecord


def baseline_rounds(topic: Topic) -> list[RoundRecord]:
    """The topic file's rounds as storage records."""
    return [_record(topic.id, r) for r in topic.rounds]


def seed_baseline(storage: Storage, topics: Iterable[Topic]) -> None:
    """Store every topic's baseline rounds (the one place they are seeded; idempotent)."""
    for topic in topics:
        storage.rounds.seed(baseline_rounds(topic))


def _record(topic_id: str, r: Round) -> RoundRecord:
    return RoundRecord(
        topic=topic_id,
        series=r.series,
        number=r.number,
        date=r.date.isoformat() if r.date else None,
        venue=r.venue,
        format=r.format,
        mediator=r.mediator,
        state=r.state,
        participants=r.participants,
        summary=r.summary,
        next_step=r.next_step,
        sources=tuple(SourceRecord(s.title, s.url, s.publisher) for s in r.sources),
    )
