"""What chat commands can ask of the bot: subscriptions and status, over storage."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.matcher import Matcher
from bot.status import StatusView, build_status
from bot.transports.base import ChatRef
from config.topics import Topic
from storage import Storage
from storage.records import FeedState

if TYPE_CHECKING:
    from bot.poller import Poller


class ChatService:
    """The one place command handlers go for data; handlers hold no SQL."""

    def __init__(self, storage: Storage, topics: dict[str, Topic], poller: Poller | None = None) -> None:
        self.storage = storage
        self.topics = topics
        self.poller = poller
        self._matchers: dict[str, Matcher] = {}

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

    def mute(self, chat: ChatRef, until: float) -> None:
        self.storage.subscriptions.mute(chat.transport, chat.chat_id, until)

    def unmute(self, chat: ChatRef) -> bool:
        return self.storage.subscriptions.unmute(chat.transport, chat.chat_id)

    # ---- operators (admin commands)

    def stats(self) -> dict:
        """Subscribers per topic, alerts sent since midnight UTC, outbox depth."""
        midnight = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
        return self.storage.stats(since=midnight)

    def feeds(self) -> list[FeedState]:
        return self.storage.feeds.all()

    def set_polling(self, paused: bool) -> bool:
        """Pause or resume polling; True when that changed anything."""
        if self.poller is None or self.poller.paused == paused:
            return False
        self.poller.paused = paused
        return True

    def status(self, topic_id: str, lang: str | None = None) -> StatusView:
        if topic_id not in self._matchers:
            self._matchers[topic_id] = Matcher(self.topics[topic_id])
        return build_status(self.storage, self.topics[topic_id], matcher=self._matchers[topic_id], lang=lang)
