"""The one place that wires the parts: settings → storage → services → transports → jobs.

Nothing runs at import time; ``App.build`` assembles, ``App.start`` starts the
scheduler, ``App.aclose`` shuts down gracefully. This is also the only module of
``bot/`` that imports ``handlers/``: it registers the command groups.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from aiohttp.abc import AbstractResolver
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.commands import Operators, Router
from bot.delivery.sender import Sender
from bot.delivery.transports.base import Deadline, Transport, stop_by
from bot.feeds.fetcher import Fetcher, ThreadedFetcher
from bot.ingest.analysis import Analyser
from bot.ingest.ingestor import Ingestor
from bot.ingest.reread import reread_stale
from bot.ingest.tracker import Tracker
from bot.ingest.worker import IngestWorker
from bot.news.matcher import build_matchers
from bot.ops.health import HealthProbes, HealthServer
from bot.ops.leadership import LEASE_NAME, Leadership, Lease, SoleInstance
from bot.ops.metrics import Metrics
from bot.poller import Poller
from bot.scheduler import build_scheduler
from bot.service import ChatService
from bot.web.server import WebServer
from config.settings import Settings
from config.topics import Topic, load_topics
from handlers.registry import build_router
from storage import Storage, StorageError
from storage.engine import SqliteEngine

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 25  # the longest a write may hold the event loop waiting for a lock
UPDATES_KEPT_SECONDS = 2 * 86400  # handled chat updates remembered (Telegram redelivers for a day)
TICK_SECONDS = 2.0  # how often the poller looks for due feeds (each feed keeps its own interval)
# A drain waits for the feeds the latest tick started, up to this long after the tick began
# (and half a drain interval at most, so that a drain never runs into the next), so the
# alerts of feeds polled together go out together, in publication order; a feed slower
# than that holds back no one's alerts.
ORDER_WAIT_SECONDS = 2.0


# How long a thread holding the interpreter runs before one waiting for it may take over
# (Python's default is 5 ms): the event loop answers chats while the ingest and HTTP
# threads work, and every step it takes waits for one of them to let go.
SWITCH_INTERVAL_SECONDS = 0.001


class _Serving:
    """The process-wide settings a serving bot changes, undone when the last one closes
    (tests run several bots in one process)."""

    bots = 0
    switch_interval = 0.0

    @classmethod
    def enter(cls) -> None:
        """Make the event loop's waits short while other threads work.

        Everything built so far (modules, topics, matchers, transports: what lives as
        long as the bot) is moved out of the garbage collector's sight: a full collection
        stops every thread for as long as it walks the tracked objects, and then walks
        only what the polls made. And the interpreter passes between threads every
        millisecond instead of every five. bench.status_latency measures the effect
        (README: "/status while a poll runs")."""
        gc.collect()
        gc.freeze()
        if cls.bots == 0:
            cls.switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
        cls.bots += 1

    @classmethod
    def leave(cls) -> None:
        cls.bots -= 1
        if cls.bots == 0:
            gc.unfreeze()  # what the bots built may now be collected
            sys.setswitchinterval(cls.switch_interval)


@dataclass
class App:
    settings: Settings
    topics: dict[str, Topic]
    storage: Storage
    fetcher: Fetcher | ThreadedFetcher
    poller: Poller
    sender: Sender
    service: ChatService
    router: Router
    metrics: Metrics
    tracker: Tracker
    leadership: Leadership
    transports: dict[str, Transport] = field(default_factory=dict)
    scheduler: AsyncIOScheduler | None = None
    health_server: HealthServer | None = None
    web_server: WebServer | None = None
    started_at: float = field(default_factory=time.time)
    _closed: bool = False
    left_behind: bool = False  # aclose: the ingest thread was still at work at its end
    _serving: bool = False  # start() set the process up for serving (_Serving)
    _jobs: set[asyncio.Task[None]] = field(default_factory=set)  # scheduled jobs running now
    leading: bool = False  # this instance runs the pipeline (always, on SQLite)
    _pruned_at: float = 0.0
    # Called with True when this instance starts leading, False when it stops (Telegram's
    # long polling: only the leader may call getUpdates).
    _lead_listeners: list[Callable[[bool], Awaitable[None]]] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        settings: Settings,
        transports: Sequence[Transport] | None = None,
        *,
        resolver: AbstractResolver | None = None,
    ) -> App:
        """Open the database, load topics, seed baseline rounds, and connect the parts."""
        topics = load_topics(list(settings.topics_dirs))
        # A lock held by another process makes a write fail fast and be retried later,
        # instead of freezing the event loop that also serves chats.
        storage = Storage.open(settings.database, busy_timeout_ms=BUSY_TIMEOUT_MS)
        cluster = settings.cluster
        leadership: Leadership
        try:
            if storage.backend == "postgresql":
                leadership = Lease(
                    storage.instances,
                    seconds=cluster.lease_seconds,
                    name=cluster.instance_name,
                    renew_every=cluster.heartbeat_seconds,
                )
                storage.items.fence = (LEASE_NAME, leadership.name)
            else:
                file = storage.db.path if isinstance(storage.db, SqliteEngine) else None
                leadership = SoleInstance(file, cluster.instance_name)
        except Exception:
            storage.close()
            raise
        storage.outbox.edit_interval = settings.delivery.edit_interval_seconds
        storage.outbox.official_outlets = frozenset(f.name for f in settings.feeds if f.official)
        matchers = build_matchers(topics)
        metrics = Metrics(storage)
        official_feeds = frozenset(f.url for f in settings.feeds if f.official)
        # Reports a different reader read are read again before anything is shown.
        reread_stale(storage, Analyser(matchers, official_feeds), topics)

        def ingestor(through: Storage) -> Ingestor:
            tracker = Tracker(through, topics, settings.stories, official_feeds=official_feeds)
            tracker.rebuild()
            return Ingestor(through, matchers, tracker)

        # Matching, stories, rounds and their writes run on a thread of their own.
        worker = IngestWorker.for_storage(storage, ingestor)
        tracker = worker.tracker
        # HTTP on a loop of its own: a thousand responses at once never queue before a chat.
        fetcher = ThreadedFetcher(settings.http, resolver)
        poller = Poller(storage, fetcher, worker, settings, metrics=metrics)
        poller.register(settings.feeds)
        by_name = {t.name: t for t in transports or []}
        sender = Sender(
            storage,
            by_name,
            settings.delivery,
            metrics=metrics,
            holder=leadership.name,
            may_send=leadership.holds,
            claim_seconds=cluster.claim_seconds if storage.backend == "postgresql" else None,
        )
        service = ChatService(storage, topics, matchers, page_base=settings.web.public_base_url)
        router = build_router(service, Operators.from_settings(settings.admins))
        app = cls(
            settings,
            topics,
            storage,
            fetcher,
            poller,
            sender,
            service,
            router,
            metrics,
            tracker,
            leadership,
            by_name,
        )
        # The only instance leads from the start; instances sharing PostgreSQL lead once
        # their first heartbeat takes the lease.
        app.leading = isinstance(leadership, SoleInstance)
        metrics.leader.set(int(app.leading))
        return app

    def attach(self, transport: Transport) -> None:
        """Add a transport after build (Telegram and Slack need the router to exist)."""
        self.transports[transport.name] = transport
        self.sender.transports[transport.name] = transport

    def enable_telegram(self, *, poll_interval: float = 0.0, poll_timeout: int = 30) -> Transport:
        """Attach the Telegram transport from settings (the token comes from the environment)."""
        from bot.delivery.transports.telegram import TelegramTransport

        telegram = self.settings.telegram
        if telegram.token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        transport = TelegramTransport(
            telegram.token.value,
            self.router,
            telegram,
            poll_interval=poll_interval,
            poll_timeout=poll_timeout,
            first_time=self.storage.instances.first_time,
            on_chat_moved=self.sender.move_chat,
        )
        # Long polling by the leader only (a second getUpdates caller gets 409 Conflict).
        transport.poll_on_start = False
        self.on_lead(transport.set_polling)
        self.attach(transport)
        return transport

    def enable_slack(self, *, host: str | None = None, port: int | None = None) -> Transport:
        """Attach the Slack transport: Socket Mode with SLACK_APP_TOKEN, else HTTP mode."""
        from bot.delivery.transports.slack import SlackTransport

        slack = self.settings.slack
        if slack.bot_token is None:
            raise ValueError("SLACK_BOT_TOKEN is not set")
        transport = SlackTransport(
            slack.bot_token.value,
            self.router,
            slack,
            host=slack.host if host is None else host,
            port=slack.port if port is None else port,
            on_chat_moved=self.sender.move_chat,
        )
        self.attach(transport)
        return transport

    async def start_transports(self) -> None:
        """Start the transports that listen for commands (webhooks, sockets; long polling
        only while this instance leads)."""
        for transport in self.transports.values():
            await transport.start()
        if self.leading:
            for listener in self._lead_listeners:
                await listener(True)

    def on_lead(self, listener: Callable[[bool], Awaitable[None]]) -> None:
        """Call ``listener(True)`` when this instance starts leading, ``(False)`` when it stops."""
        self._lead_listeners.append(listener)

    async def lead_alone(self) -> bool:
        """Take the lead for a one-off task (`talkwatch poll`, a benchmark) and keep it by the
        heartbeat alone, polling and sending nothing by schedule; False when another
        instance leads."""
        if not await self.heartbeat():
            return False
        self.start(pipeline=False)
        return True

    def start(self, *, pipeline: bool = True) -> None:
        """Start the scheduler (poll and drain jobs, and the lease's heartbeat) on the
        running event loop; ``pipeline=False``: the heartbeat only."""
        self.scheduler = build_scheduler(
            poll=self._poll_job,
            # Each feed is due on its own schedule; the tick only starts the due ones.
            poll_interval=min(self.settings.poll_interval_seconds, TICK_SECONDS),
            drain=self._drain_job,
            drain_interval=self.settings.drain_interval_seconds,
            lead=None if isinstance(self.leadership, SoleInstance) else self._lead_job,
            lead_interval=self.settings.cluster.heartbeat_seconds,
        )
        if not pipeline:
            self.scheduler.remove_job("poll")
            self.scheduler.remove_job("drain")
        self.scheduler.start()
        if pipeline:
            _Serving.enter()
            self._serving = True

    # APScheduler runs coroutine functions on the loop (a lambda would go to a thread).
    async def _poll_job(self) -> None:
        if self.leading and self.leadership.holds():
            await self._tracked(self.poller.tick)

    async def _drain_job(self) -> None:
        if self.leading and self.leadership.holds():
            await self._tracked(self._drain)
            self._forget_old_updates()

    async def _drain(self) -> None:
        # The feeds of one tick answer at different moments: their alerts go in one drain,
        # in publication order (storage.outbox), unless a feed is slower than the wait.
        await self.poller.settled(ORDER_WAIT_SECONDS, self.settings.drain_interval_seconds / 2)
        await self.sender.drain()

    def _forget_old_updates(self, now: float | None = None) -> None:
        """Handled chat updates are kept two days (Telegram redelivers for one), pruned hourly."""
        now = time.time() if now is None else now
        if now - self._pruned_at < 3600:
            return
        self._pruned_at = now
        try:
            self.storage.instances.forget_updates(before=now - UPDATES_KEPT_SECONDS)
        except StorageError as exc:
            log.warning("old chat updates not pruned: %s", exc)

    async def _lead_job(self) -> None:
        await self._tracked(self.heartbeat)

    async def heartbeat(self) -> bool:
        """Take or renew the lead; start or stop the pipeline when that changed."""
        leads = await self.leadership.beat() if not self._closed else False
        if leads and not self.leading:
            await self._take_lead()
        elif not leads and self.leading:
            await self._give_up_lead()
        return self.leading

    async def _take_lead(self) -> None:
        # Another instance may have stored reports and stories meanwhile: read them again.
        count = await self.poller.worker.run(self.tracker.reload)
        self.sender.resume()
        self.leading = True
        self.metrics.leader.set(1)
        log.info(
            "leading as %s: polling, ingesting and sending (%d recent items indexed)",
            self.leadership.name,
            count,
        )
        for listener in self._lead_listeners:
            await listener(True)

    async def _give_up_lead(self) -> None:
        self.leading = False
        self.metrics.leader.set(0)
        log.warning("%s no longer leads: polling and sending stop here", self.leadership.name)
        self.sender.stop()
        await self.sender.finished()
        self._release_claims()
        for listener in self._lead_listeners:
            await listener(False)

    def _release_claims(self) -> None:
        """Rows this instance claimed but did not send go to the next leader at once."""
        if self.sender.claim_seconds is None:
            return
        try:
            self.storage.outbox.release(self.leadership.name)
        except StorageError as exc:
            log.warning("claims not released (they run out by themselves): %s", exc)

    async def _tracked(self, job: Callable[[], Awaitable[object]]) -> None:
        """Run a scheduled job so that shutdown can wait for it, or stop it cleanly."""
        task = asyncio.current_task()
        assert task is not None
        self._jobs.add(task)
        try:
            await job()
        except asyncio.CancelledError:
            if not self._closed:
                raise
            log.info("shutdown: a job was stopped at the end of the grace period")
        finally:
            self._jobs.discard(task)

    def probes(self) -> HealthProbes:
        """What /healthz reads, as callables over this app's parts."""
        return HealthProbes(
            scheduler_running=lambda: self.scheduler is not None and bool(self.scheduler.running),
            database_writable=self.storage.writable,
            last_poll_finished=lambda: self.poller.last_cycle_finished,
            polling_paused=lambda: self.poller.current_pause() is not None,
            leading=lambda: self.leading,
            instance=self.leadership.name,
            poll_interval=self.settings.poll_interval_seconds,
            started_at=self.started_at,
            ingest_stalled_since=self.poller.stalled_since,
            bodies_waiting=self.poller.bodies_waiting,
            last_ingest_finished=lambda: self.poller.last_ingest_finished,
        )

    async def start_health(self, host: str | None = None, port: int | None = None) -> HealthServer:
        """Serve /healthz and /metrics."""
        health = self.settings.health
        self.health_server = HealthServer(
            self.probes(),
            self.metrics.render,
            host or health.host,
            health.port if port is None else port,
        )
        await self.health_server.start()
        return self.health_server

    async def start_web(self, host: str | None = None, port: int | None = None) -> WebServer:
        """Serve the read-only web page (``[web]``): status, the timeline drawn, stories."""
        self.web_server = WebServer(
            self.service, self.settings.web, self.settings.feeds, host=host, port=port
        )
        await self.web_server.start()
        return self.web_server

    async def aclose(self) -> None:
        """Shut down in order: no new jobs and no new sends; the sends and the poll in flight
        finish; then the transports, HTTP, the ingest thread, the parser processes and the
        database close. One grace period (``[delivery] shutdown_grace_seconds``, shorter than
        Docker's 10 s) bounds it all: every step waits only for what is left of it, and the
        transports' requests too. A send that finished is marked sent; one the deadline cut
        off on the wire is recorded as possibly sent (``unconfirmed``): a restart repeats
        neither. ``left_behind``: the ingest thread was still at work at the end."""
        if self._closed:
            return
        self._closed = True
        deadline = Deadline(self.settings.delivery.shutdown_grace_seconds)
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.pause()  # no job starts from now on; the running ones go on
        self.poller.stopped = True
        self.sender.stop()
        for transport in self.transports.values():
            stop_by(transport, deadline)
        running = set(self._jobs)
        if running:
            _, late = await asyncio.wait(running, timeout=deadline.left())
            if late:
                log.warning(
                    "shutdown: %d job(s) still running after %gs; stopping them", len(late), deadline.seconds
                )
                for task in late:
                    task.cancel()
                await asyncio.wait(late, timeout=deadline.left(CLOSE_SECONDS))
        await self.poller.finish(deadline.left())
        await _bounded(self.sender.finished(), deadline.left(CLOSE_SECONDS), "the sends")
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        # Hand over at once: the next instance need not wait for the lease to run out.
        if self.leading:
            self._release_claims()
        await _bounded(self.leadership.release(), deadline.left(CLOSE_SECONDS), "the lease")
        for transport in self.transports.values():
            await _bounded(transport.stop(), deadline.left(CLOSE_SECONDS), f"{transport.name}")
        if self.health_server is not None:
            await _bounded(self.health_server.stop(), deadline.left(CLOSE_SECONDS), "/healthz")
        if self.web_server is not None:
            await _bounded(self.web_server.stop(), deadline.left(CLOSE_SECONDS), "the web page")
        await _bounded(self.fetcher.aclose(), deadline.left(CLOSE_SECONDS), "the feed fetcher")
        self.left_behind = not await self.poller.aclose(deadline.left(CLOSE_SECONDS))
        self.storage.close()
        if self._serving:
            _Serving.leave()


# Every closing step gets at least this long, even past the deadline (Docker's 10 s leave
# 2 s after the default grace of 8 s).
CLOSE_SECONDS = 0.25


async def _bounded(step: Awaitable[object], seconds: float, what: str) -> None:
    """Wait for a step of the shutdown at most ``seconds``; then go on without it."""
    try:
        await asyncio.wait_for(step, seconds)
    except TimeoutError:
        log.warning("shutdown: %s did not close within %.2fs; going on without", what, seconds)
    except Exception as exc:  # one part failing to close must not keep the rest open
        log.warning("shutdown: closing %s failed: %s", what, exc)
