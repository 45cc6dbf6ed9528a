"""The one place that wires the parts: settings → storage → services → transports → jobs.

Nothing runs at import time; ``App.build`` assembles, ``App.start`` starts the
scheduler, ``App.aclose`` shuts down gracefully.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import httpx

from bot.delivery import Sender
from bot.fetcher import Fetcher
from bot.health import HealthServer
from bot.ingest import Ingestor
from bot.matcher import Matcher
from bot.metrics import Metrics
from bot.poller import Poller
from bot.scheduler import build_scheduler
from bot.service import ChatService
from bot.status import round_records
from bot.tracker import Tracker
from bot.transports.base import Transport
from config.settings import Settings
from config.topics import Topic, load_topics
from handlers.router import Router, build_router
from storage import Storage

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    topics: dict[str, Topic]
    storage: Storage
    fetcher: Fetcher
    poller: Poller
    sender: Sender
    service: ChatService
    router: Router
    transports: dict[str, Transport] = field(default_factory=dict)
    scheduler: object | None = None
    metrics: Metrics | None = None
    health_server: HealthServer | None = None
    started_at: float = field(default_factory=time.time)
    _closed: bool = False

    @classmethod
    def build(
        cls,
        settings: Settings,
        transports: list[Transport] | None = None,
        *,
        http_transport: httpx.AsyncBaseTransport | None = None,
    ) -> App:
        """Open the database, load topics, seed baseline rounds, and connect the parts."""
        topics = load_topics(list(settings.topics_dirs))
        storage = Storage.open(settings.database)
        for topic in topics.values():
            storage.rounds.seed(round_records(topic))
        matchers = {topic_id: Matcher(topic) for topic_id, topic in topics.items()}
        fetcher = Fetcher(settings.http, transport=http_transport)
        metrics = Metrics(storage)
        tracker = Tracker(
            storage,
            topics,
            threshold=settings.story_threshold,
            corroboration=settings.story_corroboration,
            official_feeds=frozenset(f.url for f in settings.feeds if f.official),
        )
        tracker.rebuild()
        poller = Poller(storage, fetcher, Ingestor(storage, matchers, tracker), settings, metrics=metrics)
        poller.register(settings.feeds)
        by_name = {t.name: t for t in transports or []}
        sender = Sender(storage, by_name, metrics=metrics)
        service = ChatService(storage, topics, poller=poller)
        return cls(
            settings,
            topics,
            storage,
            fetcher,
            poller,
            sender,
            service,
            build_router(service),
            by_name,
            metrics=metrics,
        )

    def attach(self, transport: Transport) -> None:
        """Add a transport after build (Telegram and Slack need the router to exist)."""
        self.transports[transport.name] = transport
        self.sender.transports[transport.name] = transport

    def enable_telegram(self, **options: object) -> Transport:
        """Attach the Telegram transport from settings (the token comes from the environment)."""
        from bot.transports.telegram import TelegramTransport

        if self.settings.telegram_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        transport = TelegramTransport(
            self.settings.telegram_token.value,
            self.router,
            base_url=self.settings.telegram_api_base_url,
            link_previews=self.settings.telegram_link_previews,
            admins=self.settings.telegram_admins,
            **options,  # type: ignore[arg-type]
        )
        self.attach(transport)
        return transport

    def enable_slack(self, **options: object) -> Transport:
        """Attach the Slack transport: Socket Mode with SLACK_APP_TOKEN, else HTTP mode."""
        from bot.transports.slack import SlackTransport

        s = self.settings
        if s.slack_bot_token is None:
            raise ValueError("SLACK_BOT_TOKEN is not set")
        options.setdefault("host", s.slack_host)
        options.setdefault("port", s.slack_port)
        transport = SlackTransport(
            s.slack_bot_token.value,
            self.router,
            signing_secret=s.slack_signing_secret.value if s.slack_signing_secret else None,
            app_token=s.slack_app_token.value if s.slack_app_token else None,
            base_url=s.slack_api_base_url,
            restrict_follow=s.slack_restrict_follow,
            follow_users=s.slack_follow_users,
            admins=s.slack_admins,
            **options,  # type: ignore[arg-type]
        )
        self.attach(transport)
        return transport

    async def start_transports(self) -> None:
        """Start the transports that listen for commands (long polling, sockets)."""
        for transport in self.transports.values():
            start = getattr(transport, "start", None)
            if start is not None:
                await start()

    def start(self) -> None:
        """Start the scheduler (poll and drain jobs) on the running event loop."""
        self.scheduler = build_scheduler(self)
        self.scheduler.start()

    async def start_health(self, host: str | None = None, port: int | None = None) -> HealthServer:
        """Serve /healthz and /metrics."""
        self.health_server = HealthServer(
            self, host or self.settings.health_host, self.settings.health_port if port is None else port
        )
        await self.health_server.start()
        return self.health_server

    async def aclose(self) -> None:
        """Stop jobs, let the send in flight finish, close HTTP and the database."""
        if self._closed:
            return
        self._closed = True
        self.sender.stop()
        for transport in self.transports.values():
            stop = getattr(transport, "stop", None)
            if stop is not None:
                await stop()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.sender.finished()
        if self.health_server is not None:
            await self.health_server.stop()
        await self.fetcher.aclose()
        self.poller.close()
        self.storage.close()
