"""Plain records that go in and out of storage (no cursors leave this package)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FeedState:
    id: int
    url: str
    name: str
    lang: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    primed: bool
    consecutive_failures: int
    healthy: bool
    next_poll_at: float
    last_polled_at: float | None
    last_success_at: float | None
    last_error: str | None
    last_error_at: float | None


@dataclass(frozen=True)
class NewItem:
    """A parsed feed entry on its way into the database."""

    feed_id: int
    title: str
    summary: str
    link: str | None
    canonical_link: str | None
    guid: str | None
    lang: str | None
    published_at: float | None
    keys: tuple[str, ...]  # every identity: guid, canonical link, title hash


@dataclass(frozen=True)
class MatchRecord:
    topic: str
    relevant: bool
    score: float
    actors: tuple[str, ...]
    reason: str
    lang: str | None = None
    story_id: int | None = None


@dataclass(frozen=True)
class Subscription:
    id: int
    transport: str
    chat_id: str
    thread_id: str
    topic: str
    active: bool


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    subscription_id: int
    transport: str
    chat_id: str
    thread_id: str
    topic: str
    item_id: int | None
    kind: str
    payload: dict
    status: str
    attempts: int
    next_attempt_at: float
    last_error: str | None


@dataclass(frozen=True)
class RoundRecord:
    topic: str
    series: str
    number: int | None
    date: str | None  # ISO date
    venue: str | None
    format: str | None
    mediator: str | None
    state: str
    participants: tuple[str, ...] = ()
    summary: str = ""
    next_step: str = ""
    sources: tuple[dict, ...] = field(default=())
    origin: str = "baseline"
    evidence: dict = field(default_factory=dict)
