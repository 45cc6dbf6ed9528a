"""What chat commands can ask of the bot: subscriptions and status, over storage."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from bot.chat import ChatRef
from bot.news.matcher import Matcher, build_matchers
from bot.news.places import PlaceReader
from bot.news.search_query import parse_query
from bot.news.status import StatusView, TimelineView, baseline, build_status, build_timeline
from bot.news.timeline import Timeline, build
from bot.records import (
    ChatSettings,
    FailedDelivery,
    FeedState,
    Pause,
    ReadingRecord,
    SearchResult,
    StoryRecord,
)
from config.topics import Topic, require_topic
from storage import Storage


class ChatService:
    """The one place command handlers go for data; handlers hold no SQL."""

    def __init__(
        self,
        storage: Storage,
        topics: dict[str, Topic],
        matchers: dict[str, Matcher] | None = None,
        *,
        page_base: str | None = None,
    ) -> None:
        self.storage = storage
        self.topics = topics
        # The web page's public address ([web] public_base_url): /status and /timeline link
        # the topic's page under it.
        self.page_base = page_base.rstrip("/") if page_base else None
        self.matchers = matchers if matchers is not None else build_matchers(topics)
        self._places = {topic_id: PlaceReader(topic) for topic_id, topic in topics.items()}
        # Each topic's timeline, computed from all its readings, kept until a reading is added.
        self._timelines: dict[str, tuple[tuple[int, int, int], Timeline, list[ReadingRecord]]] = {}

    def topic(self, name: str) -> Topic:
        """The topic called ``name``; UnknownTopic (its message lists the topics) otherwise."""
        return require_topic(self.topics, name)

    def page(self, topic_id: str) -> str | None:
        """The topic's web page, when the page has a public address."""
        if self.page_base is None:
            return None
        return f"{self.page_base}/topics/{quote(topic_id, safe='')}"

    def example_topic(self) -> str:
        """A topic id to show in usage examples."""
        return min(self.topics)

    def topic_list(self) -> str:
        """The topic ids, for usage replies."""
        return ", ".join(sorted(self.topics))

    def follow(self, chat: ChatRef, topic_id: str) -> bool:
        return self.storage.subscriptions.follow(chat.transport, chat.chat_id, topic_id, chat.thread_id)

    def unfollow(self, chat: ChatRef, topic_id: str) -> bool:
        return self.storage.subscriptions.unfollow(chat.transport, chat.chat_id, topic_id, chat.thread_id)

    def followed(self, chat: ChatRef) -> list[str]:
        return self.storage.subscriptions.topics_of(chat.transport, chat.chat_id)

    def default_topic(self, chat: ChatRef) -> str | None:
        """The chat's topic if it follows exactly one, else the only topic there is."""
        followed = [t for t in self.followed(chat) if t in self.topics]
        if len(followed) == 1:
            return followed[0]
        if len(self.topics) == 1:
            return next(iter(self.topics))
        return None

    def chat_settings(self, chat: ChatRef) -> ChatSettings:
        return self.storage.subscriptions.chat_settings(chat.transport, chat.chat_id)

    def set_languages(self, chat: ChatRef, languages: tuple[str, ...] | None) -> None:
        self.storage.subscriptions.set_languages(chat.transport, chat.chat_id, languages)

    def set_quiet(self, chat: ChatRef, quiet: str | None) -> None:
        self.storage.subscriptions.set_quiet(chat.transport, chat.chat_id, quiet)

    def set_digest(self, chat: ChatRef, digest: str | None) -> None:
        self.storage.subscriptions.set_digest(chat.transport, chat.chat_id, digest)

    def mute(self, chat: ChatRef, until: float) -> None:
        self.storage.subscriptions.mute(chat.transport, chat.chat_id, until)

    def unmute(self, chat: ChatRef) -> bool:
        return self.storage.subscriptions.unmute(chat.transport, chat.chat_id)

    # ---- operators (admin commands)

    def stats(self) -> dict[str, Any]:
        """Subscribers per topic, alerts sent since midnight UTC, outbox depth."""
        midnight = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
        return self.storage.stats(since=midnight)

    def feeds(self) -> list[FeedState]:
        return self.storage.feeds.all()

    def failures(self, limit: int) -> tuple[int, list[FailedDelivery]]:
        """Deliveries given up: how many in all, and the newest ``limit`` of them."""
        return self.storage.outbox.failures(limit)

    def pause_polling(self, by: str) -> bool:
        """Pause polling for every instance (stored: the leader obeys it, now and after a
        restart or a failover); False when it was paused already."""
        return self.storage.instances.pause(by)

    def resume_polling(self) -> bool:
        """Resume polling for every instance; False when it was not paused."""
        return self.storage.instances.resume()

    def polling_pause(self) -> Pause | None:
        """The pause standing now, whichever instance made it."""
        return self.storage.instances.paused()

    def _timeline(self, topic_id: str) -> tuple[Timeline, list[ReadingRecord]]:
        """The topic's timeline from every reading stored, as of the day of the newest
        report the topic found relevant (so a round reported under way and then quiet for
        weeks is shown held even when no report since spoke of rounds; the answer still
        depends on the reports alone). Computed again only when a reading or that day
        changed: a cheap count and one indexed row tell."""
        newest = self.storage.items.matched(topic_id, limit=1)
        today = dt.datetime.fromtimestamp(newest[0].moment, dt.UTC).date() if newest else None
        version = (*self.storage.readings.version(topic_id), today.toordinal() if today else 0)
        known = self._timelines.get(topic_id)
        if known is not None and known[0] == version:
            return known[1], known[2]
        readings = self.storage.readings.all(topic_id)
        places = self._places[topic_id]
        timeline = build(baseline(self.topics[topic_id], places.topic_place), readings, today)
        self._timelines[topic_id] = (version, timeline, readings)
        return timeline, readings

    def status(self, topic_id: str, lang: str | None = None) -> StatusView:
        """The /status view of a topic: its latest round, what comes next, what happened since."""
        timeline, readings = self._timeline(topic_id)
        return build_status(
            self.topics[topic_id],
            timeline,
            readings,
            recent=self.storage.items.matched(topic_id, limit=3),
            cited=lambda urls: self.storage.items.by_links(list(urls)),
            matcher=self.matchers[topic_id],
            lang=lang,
        )

    def latest(self, topic_id: str, count: int) -> list[StoryRecord]:
        """The newest ``count`` stories of a topic, newest first."""
        return self.storage.items.latest_stories(topic_id, count)

    def search(self, text: str, topic_id: str | None = None, limit: int = 10) -> SearchResult:
        """/search: the stories whose reports best match ``text`` (at most ``limit``), over
        every stored report or one topic's. Raises QueryError (a one-line message for the
        user) for an empty, too short, too long or malformed query."""
        return self.storage.search.find(parse_query(text), topic_id, limit)

    def timeline(self, topic_id: str) -> TimelineView:
        """The /timeline view: every round of the current series and the events between them."""
        timeline, readings = self._timeline(topic_id)
        return build_timeline(self.topics[topic_id], timeline, readings)
