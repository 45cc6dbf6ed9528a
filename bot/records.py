"""Plain records that go in and out of storage (no cursors leave this package)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any


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
    interval: float | None = None  # this feed's own polling interval (None: the configured one)


@dataclass(frozen=True)
class FeedSuccess:
    """A fetch that got a usable answer (200 parsed, 304, or an unchanged body)."""

    feed_id: int
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    next_poll_at: float
    primed: bool = False
    interval: float | None = None  # the feed's polling interval from now on


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
class Pause:
    """An operator's /pause, stored for every instance: who asked (transport and user), when."""

    paused_by: str
    paused_at: float


@dataclass(frozen=True)
class ChatSettings:
    """A chat's own settings (the topics it follows are its subscriptions)."""

    languages: tuple[str, ...] | None = None  # None: alerts in every language
    muted_until: float | None = None
    quiet: str | None = None  # quiet hours as set: "22:00-07:00 Europe/Berlin breaking"
    digest: str | None = None  # a daily digest as set: "daily 08:00 Europe/Berlin"


@dataclass(frozen=True)
class StoryRecord:
    """A story as /latest lists it: its first report, and every outlet that reported it."""

    story_id: int
    title: str
    link: str | None
    first_seen: float  # when its first report was published (else fetched)
    outlets: tuple[str, ...]  # feed names, the first reporter first
    reports: int
    # When the last of its outlets joined it (that outlet's first report was stored), and
    # when the story was opened: the web page's Atom feed dates and names entries by them.
    updated: float = 0.0
    created_at: float = 0.0


@dataclass(frozen=True)
class ReportRecord:
    """A stored item as /status quotes and lists it."""

    id: int
    title: str
    summary: str
    link: str | None
    lang: str | None
    source: str  # the feed's name
    published_at: float | None
    fetched_at: float

    @property
    def moment(self) -> float:
        """When it was published, else when it was fetched."""
        return self.published_at if self.published_at is not None else self.fetched_at


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
class AlertPayload:
    """What an alert needs to be rendered later by any transport's formatter.

    Stored as JSON in the outbox row, so it survives restarts and is rendered in
    the chat network's own markup only when it is sent.
    """

    topic: str
    topic_name: str
    title: str
    summary: str = ""
    link: str | None = None
    source: str = ""
    published: str | None = None  # ISO 8601, UTC
    actors: tuple[str, ...] = ()  # display names of the people involved
    lang: str | None = None
    update: str | None = None  # "new round details (…)", "official statement"
    item_id: int | None = None
    # A later copy of a story alerted already: queued only for the chats that take alerts
    # in its language only and have had no report of the story yet.
    copy: bool = False
    # A round held or under way, the talks collapsing, strikes: passes quiet hours set
    # with "breaking".
    breaking: bool = False
    # The outlets reporting the story so far, the first first (an edit of the alert shows them
    # once there are two or more), and which of them are official sources.
    outlets: tuple[str, ...] = ()
    official: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        data = asdict(self)
        for name in ("actors", "outlets", "official"):
            data[name] = list(getattr(self, name))
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AlertPayload:
        """Read a stored payload; unknown keys (from a newer version) are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("actors", "outlets", "official"):
            values[name] = tuple(values.get(name) or ())
        values.setdefault("topic", "")
        values.setdefault("topic_name", "")
        values.setdefault("title", "")
        return cls(**values)


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
    payload: AlertPayload
    status: str
    attempts: int
    next_attempt_at: float
    last_error: str | None
    message_ref: str | None = None  # the chat's id of the sent message (an edit: the one it edits)
    parts_sent: int = 0  # a long message's parts the chat has (their first one's id is message_ref)


@dataclass(frozen=True)
class ChatMove:
    """What moved with a chat to its new id: active subscriptions, and waiting alerts."""

    subscriptions: int
    alerts: int


@dataclass(frozen=True)
class FailedDelivery:
    """An outbox row given up, as operators see it (/failures, ``talkwatch failures``)."""

    id: int
    transport: str
    chat_id: str
    thread_id: str
    topic: str
    kind: str  # alert or edit
    title: str
    attempts: int
    error: str
    queued_at: float
    failed_at: float
    status: str = "failed"  # or "unconfirmed": went out during a stop, no answer came


@dataclass(frozen=True)
class SourceRecord:
    """A report a round cites: shown under "Sources" in /status."""

    title: str
    url: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class Evidence:
    """One outlet's support for one value of a round's field (a venue, a date …)."""

    outlet: str
    title: str
    url: str | None
    weight: float  # an official source weighs more
    official: bool = False
    published: float | None = None  # when the report was published (the status's "as of")


# field name → value → the outlets that reported it
EvidenceMap = dict[str, dict[str, tuple[Evidence, ...]]]


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
    sources: tuple[SourceRecord, ...] = ()
    origin: str = "baseline"  # "baseline" (the topic file) or "reports"
    evidence: EvidenceMap = field(default_factory=dict)
    end_date: str | None = None  # ISO: the last day of a multi-day round


@dataclass(frozen=True)
class EventRecord:
    """One outlet's report of something that happened to a series of talks."""

    topic: str
    series: str
    kind: str  # collapsed, suspended, resumed, strikes, ultimatum, deployment, extended
    date: str  # ISO
    outlet: str
    title: str
    url: str | None
    official: bool
    published: float


@dataclass(frozen=True)
class PlaceRef:
    """A place (or a mediating person or institution) as a report names it: an id (the
    topic's, else the gazetteer's), its name in English, its kind, and its country."""

    id: str
    name: str
    kind: str  # "city", "country", "place" (a topic place the gazetteer does not know); an
    # actor's kind ("person", "institution") for a mediator of the topic
    country: str | None = None  # ISO 3166-1 alpha-2

    def within(self, other: PlaceRef) -> bool:
        """This place is ``other`` or lies in it (Muscat in Oman)."""
        return self.id == other.id or (
            other.kind == "country" and self.country is not None and self.country == other.country
        )


@dataclass(frozen=True)
class StoredReport:
    """A stored item a topic found relevant, as it is read again for rounds."""

    item_id: int
    title: str
    summary: str
    link: str | None
    lang: str | None  # the language its match detected
    published: float  # its date, or when it was fetched
    outlet: str  # its feed's name
    feed_url: str
    actors: tuple[str, ...]  # the topic's actors its match found


@dataclass(frozen=True)
class ReadingRecord:
    """What one report says about a round of talks or about the talks as a whole, as stored.

    The rounds, their numbers and dates and the state of the talks are computed from all of
    a topic's readings at once (bot.news.timeline), never kept: the same reports in any
    order give the same answer."""

    topic: str
    kind: str  # "round", or an event: collapsed, suspended, strikes, ultimatum, deployment, extended
    outlet: str
    official: bool
    published: float
    title: str = ""
    url: str | None = None
    lang: str | None = None
    item_id: int | None = None
    number: int | None = None
    new_round: bool = False
    resumes: bool = False
    goes_on: bool = False
    retrospective: bool = False
    begins: bool = False  # talks said to begin now: the day it speaks of is the round's first
    state: str | None = None  # announced, under_way, paused, held, postponed, cancelled
    date: str | None = None  # ISO; an event's day
    end_date: str | None = None
    dated: str | None = None  # explicit, relative, report
    format: str | None = None
    venue: PlaceRef | None = None
    host: PlaceRef | None = None
    mediator: PlaceRef | None = None
    id: int | None = None  # the row's, once stored


@dataclass(frozen=True)
class SearchHit:
    """One story a search found: its first report that matches, and every outlet that
    carried the story. A report that belongs to no story is a hit of its own."""

    story_id: int | None  # None: a report of no story
    title: str
    link: str | None
    lang: str | None
    published: float  # when that report was published (else fetched), Unix seconds
    outlets: tuple[str, ...]  # feed names, the first reporter first
    reports: int  # reports of the story (1 for a report of no story)
    score: float  # how well the story's best report matches: higher is better

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "outlets": list(self.outlets)}


@dataclass(frozen=True)
class SearchResult:
    """A search's answer: the best stories first (recency breaking ties)."""

    query: str  # as searched, normalised ("genf verhandl -wien")
    topic: str | None  # the topic searched within; None: every stored report
    hits: tuple[SearchHit, ...]
    more: bool  # more stories match than ``hits`` shows
    matched: int  # reports that match (of the newest ``window`` when ``capped``)
    capped: bool  # more reports matched than the window ranks: the newest of them were

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "topic": self.topic,
            "hits": [h.to_json() for h in self.hits],
            "more": self.more,
            "matched": self.matched,
            "capped": self.capped,
        }
