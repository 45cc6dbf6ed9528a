"""One poll cycle over every due feed: fetch → parse → ingest, each feed isolated."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

from bot.feeds.fetcher import Fetcher, FetchResult, ThreadedFetcher
from bot.feeds.parse import FeedError, parse_feed
from bot.feeds.report import FeedOutcome, FeedResult, PollReport
from bot.ingest.analysis import FeedRef, parse_and_analyse, start_process
from bot.ingest.worker import IngestWorker
from bot.ops.metrics import Metrics
from bot.records import FeedState, FeedSuccess, Pause
from config.settings import FeedSettings, Settings
from storage import LeaseLost, Storage, StorageError

log = logging.getLogger(__name__)


class Poller:
    """Polls the configured feeds; a broken, slow or hostile feed never stalls the others."""

    # Feed bodies fetched and not yet stored, at most (about): when ingest falls behind,
    # new fetches wait, so a first cycle of 10,000 feeds holds a few dozen bodies and
    # their entries in memory instead of thousands. Fetches already under way, slow or
    # hanging, take no room: they hold back nothing but themselves.
    BACKLOG = 64

    def __init__(
        self,
        storage: Storage,
        fetcher: Fetcher | ThreadedFetcher,
        worker: IngestWorker,
        settings: Settings,
        clock: Callable[[], float] = time.time,
        metrics: Metrics | None = None,
    ) -> None:
        self.storage = storage
        self.metrics = metrics
        self.stopped = False  # shutting down: no feed is started any more
        self._pause: Pause | None = None  # the operators' pause as last read (``current_pause``)
        self.fetcher = fetcher
        self.worker = worker  # matching, stories, rounds and their writes, off the loop
        self.settings = settings
        self.clock = clock
        self.last_cycle_finished: float | None = None
        # Ingest progress, for /healthz: when a feed body was last stored, which bodies wait
        # to be parsed and stored (feed id → when its body arrived), and since when bodies
        # have failed inside the bot (a parser pool that died) with none stored since.
        self.last_ingest_finished: float | None = None
        self._in_hand: dict[int, float] = {}
        self._failing_since: float | None = None
        # The feeds the latest tick started, and when (monotonic): a drain waits briefly
        # for them, so alerts of feeds polled together go out together, in order.
        self._tick_started = 0.0
        self._tick_tasks: list[asyncio.Task[PollReport]] = []
        self._pool: Executor | None = None
        self._warmed = False
        self._successes: list[FeedSuccess] = []
        self._in_flight: dict[int, asyncio.Task[PollReport]] = {}  # feed id → its poll
        self._backlog = 0  # bodies fetched, not yet stored
        self._room = asyncio.Event()  # set while the backlog is below BACKLOG
        self._room.set()
        # As many fetches as the fetcher has connections: a fetch waits for room in the
        # backlog only when it could start, not all of them at once before any did.
        self._fetching = asyncio.Semaphore(settings.http.max_connections)

    def _parse_processes(self) -> int:
        configured = self.settings.parse_processes
        if configured is not None:
            return configured
        if len(self.settings.feeds) < 100:
            return 0
        # One core is the bot's own (ingest, the event loop, the fetches): on two cores one
        # parser process polls as fast as two (bench.poll), in 34 MiB less.
        return max(1, min((os.cpu_count() or 1) - 1, 4))

    def _executor(self) -> Executor | None:
        """A process pool for parsing, created on first use; None means a thread."""
        processes = self._parse_processes()
        if processes and self._pool is None:
            # spawn: forking a process that runs threads (the event loop's executor) is unsafe.
            # Each process builds the ingest's analyser once: it matches and reads what it parses.
            self._pool = ProcessPoolExecutor(
                processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_process,
                initargs=(self.worker.ingestor.analyser.spec(),),
            )
        return self._pool

    def _warm_up(self, due: int) -> None:
        """Start the parser processes while the first fetches are still in flight."""
        executor = self._executor() if due else None
        if executor is not None and not self._warmed:
            self._warmed = True
            for _ in range(self._parse_processes()):
                executor.submit(int)

    async def aclose(self, grace: float) -> bool:
        """A stop: the ingest worker and the parser processes, within ``grace`` seconds in
        all (parser processes still at work then are terminated). False when the ingest
        thread is still at work (the process exits without it)."""
        end = time.monotonic() + grace
        done = await self.worker.aclose(grace)
        pool, self._pool = self._pool, None
        if isinstance(pool, ProcessPoolExecutor):
            processes = list((pool._processes or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            await asyncio.to_thread(_join_processes, processes, max(end - time.monotonic(), 0.0))
            late = [p for p in processes if p.is_alive()]
            for process in late:
                process.terminate()
            if late:
                log.warning("shutdown: %d parser process(es) still at work; terminated", len(late))
        elif pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        return done

    def close(self) -> None:
        """Stop the parser processes, if any, and the ingest worker (after its feed body)."""
        self.worker.close()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def current_pause(self) -> Pause | None:
        """The operators' pause standing now (``/pause``, stored in the database, so every
        instance sees the same, through restarts and failovers); the last one read when the
        database cannot answer."""
        try:
            self._pause = self.storage.instances.paused()
        except StorageError as exc:
            log.warning("whether polling is paused could not be read; as last read: %s", exc)
        return self._pause

    @property
    def paused(self) -> bool:
        """An operator paused polling, or the bot is shutting down."""
        return self.stopped or self.current_pause() is not None

    def stalled_since(self) -> float | None:
        """Since when feed bodies have waited to be parsed and stored with none stored (the
        ingest thread stuck, the parser pool dead); None when none waits."""
        waiting = list(self._in_hand.values())
        if self._failing_since is not None:
            waiting.append(self._failing_since)
        if not waiting:
            return None
        return max(min(waiting), self.last_ingest_finished or 0.0)

    def bodies_waiting(self) -> int:
        """Feed bodies fetched and not yet stored (or failed)."""
        return len(self._in_hand)

    async def settled(self, bound: float, at_most: float) -> None:
        """Wait until the feeds the latest tick started have been stored (or have failed),
        but no longer than ``bound`` seconds after that tick began, nor ``at_most`` seconds
        from now: a feed slower than that holds back no one's alerts."""
        running = [t for t in self._tick_tasks if not t.done()]
        left = min(self._tick_started + bound - time.monotonic(), at_most)
        if running and left > 0:
            await asyncio.wait(running, timeout=left)

    def register(self, feeds: tuple[FeedSettings, ...] | list[FeedSettings]) -> list[FeedState]:
        """Make sure every configured feed has a row; returns their states."""
        return [self.storage.feeds.ensure(f.url, f.name, f.lang) for f in feeds]

    def backoff(self, failures: int) -> float:
        """Seconds to wait after ``failures`` consecutive failures (exponential, capped)."""
        return float(
            min(
                self.settings.poll_interval_seconds * 2 ** max(failures - 1, 0),
                self.settings.max_backoff_seconds,
            )
        )

    def interval(self, feed: FeedState, changed: bool) -> float:
        """A feed's next polling interval: the configured one after news; half as long
        again after each answer that brought nothing new, up to the configured maximum
        (as feed readers do, so quiet feeds cost their publishers less)."""
        base = float(self.settings.poll_interval_seconds)
        if changed:
            return base
        return min((feed.interval or base) * 1.5, float(self.settings.longest_poll_interval))

    def _next_poll(self, now: float, interval: float | None = None) -> float:
        """When a feed that answered is due again: one interval on (a little early, so a
        scheduler tick that comes a moment before the interval ends still takes it)."""
        return now + (interval or self.settings.poll_interval_seconds) * 0.95

    async def tick(self) -> int:
        """Start polling every due feed that is not being polled already, each on its own,
        and return at once: a slow or hanging feed delays only itself (each has its own
        deadline, ``[http] total_timeout``). Returns how many feeds were started."""
        self._flush_successes()
        self.last_cycle_finished = self.clock()  # the poller is alive: it looked at its feeds
        if self.paused:
            return 0
        now = self.clock()
        configured = {f.url for f in self.settings.feeds}
        due = [f for f in self.storage.feeds.due(now) if f.url in configured and f.id not in self._in_flight]
        self._warm_up(len(due))
        started = self._start(due)
        if started:
            self._tick_started, self._tick_tasks = time.monotonic(), started
        return len(due)

    def _start(self, feeds: list[FeedState]) -> list[asyncio.Task[PollReport]]:
        """Start polling each of these feeds on its own (the one path every poll takes)."""
        started = []
        for feed in feeds:
            task = asyncio.create_task(self._poll_alone(feed), name=f"poll {feed.name}")
            self._in_flight[feed.id] = task
            task.add_done_callback(functools.partial(self._done, feed.id))
            started.append(task)
        return started

    def _done(self, feed_id: int, _: asyncio.Task[PollReport]) -> None:
        self._in_flight.pop(feed_id, None)

    async def _poll_alone(self, feed: FeedState) -> PollReport:
        started = time.perf_counter()
        report = PollReport(feeds=1)
        await self._poll_feed(feed, report)
        report.duration = time.perf_counter() - started
        if self.metrics is not None:
            self.metrics.observe_poll(report)
        if report.new_items or report.errors:
            log.info("feed %s: %s", feed.name, report.summary())
        return report

    async def finish(self, grace: float) -> None:
        """Shutdown: let the feeds being polled finish within ``grace`` seconds, then stop them."""
        running = set(self._in_flight.values())
        if running:
            _, late = await asyncio.wait(running, timeout=grace)
            for task in late:
                task.cancel()
            if late:
                log.warning("shutdown: stopped %d feed poll(s) still running after %gs", len(late), grace)
                await asyncio.gather(*late, return_exceptions=True)
        self._flush_successes()

    def _flush_successes(self) -> None:
        """Feeds that answered 304 or an unchanged body since the last flush: one commit."""
        successes, self._successes = self._successes, []
        if not successes:
            return
        try:
            self.storage.feeds.record_successes(successes)
        except Exception as exc:  # they are fetched again; nothing is lost
            log.error("could not record %d unchanged feeds: %s", len(successes), exc)

    async def poll_once(self, *, force: bool = False) -> PollReport:
        """Poll every feed that is due (all of them with ``force``)."""
        started = time.perf_counter()
        now = self.clock()
        report = PollReport()
        if not force and self.paused:
            log.info("poll cycle skipped: polling is paused")
            self.last_cycle_finished = self.clock()
            return report
        configured = {f.url for f in self.settings.feeds}
        feeds = [f for f in self.storage.feeds.all() if f.url in configured]
        due = [f for f in feeds if force or f.next_poll_at <= now]
        report.skipped = len(feeds) - len(due)
        self._warm_up(len(due))
        # The same path as the running bot's ticks: each feed polled on its own (a feed a
        # tick is polling already is waited for, not polled twice).
        running = [self._in_flight[f.id] for f in due if f.id in self._in_flight]
        tasks = running + self._start([f for f in due if f.id not in self._in_flight])
        try:
            for feed_report in await asyncio.gather(*tasks):
                report.add(feed_report)
        finally:
            # Feeds that answered 304 or an unchanged body: one commit for all of them.
            self._flush_successes()
        report.feeds = len(feeds)
        report.duration = time.perf_counter() - started
        self.last_cycle_finished = self.clock()
        if self.metrics is not None:
            self.metrics.observe_cycle(report.duration)
        log.info("poll cycle: %s", report.summary())
        return report

    async def _poll_feed(self, feed: FeedState, report: PollReport) -> None:
        try:
            await self._poll(feed, report)
        except LeaseLost:
            # Another instance leads now: the feed is its to poll; nothing is recorded here
            # (a failure would push the feed's next poll back for the new leader too).
            log.info("feed %s: not stored, this instance no longer leads", feed.name)
            report.results.append(FeedResult(feed.name, FeedOutcome.ERROR, "not leading"))
        except StorageError as exc:  # locked by another process: this feed is polled again later
            self._failed(feed, f"database busy: {exc}", report)
        except Exception as exc:  # one feed's bug must not end the cycle
            log.exception("feed %s: unexpected error", feed.name)
            self._failed(feed, f"internal error: {type(exc).__name__}: {exc}", report)

    async def _poll(self, feed: FeedState, report: PollReport) -> None:
        async with self._fetching:
            await self._room.wait()  # ingest is behind: fetch no more bodies until it catches up
            result = await self.fetcher.fetch(feed.url, feed.etag, feed.last_modified)
        if result.error is None and not result.not_modified:
            self._backlog += 1
            if self._backlog >= self.BACKLOG:
                self._room.clear()
            try:
                await self._store(feed, result, report)
            finally:
                self._backlog -= 1
                if self._backlog < self.BACKLOG:
                    self._room.set()
            return
        await self._store(feed, result, report)

    async def _store(self, feed: FeedState, result: FetchResult, report: PollReport) -> None:
        """Record a fetch's outcome: an error, a 304, an unchanged body, or new entries."""
        now = self.clock()
        if result.error is not None:
            self._failed(feed, result.error, report, wait=result.retry_after)
            return
        if result.not_modified:
            report.not_modified += 1
            report.results.append(FeedResult(feed.name, FeedOutcome.NOT_MODIFIED))
            etag, modified = result.etag or feed.etag, result.last_modified or feed.last_modified
            self._nothing_new(feed, etag, modified, feed.body_hash, now, feed.primed)
            return
        body = result.body or b""
        body_hash = hashlib.sha256(body).hexdigest()
        report.fetched += 1
        if feed.body_hash == body_hash and feed.primed:
            # No validators, or validators that changed for an identical body.
            report.unchanged += 1
            report.results.append(FeedResult(feed.name, FeedOutcome.UNCHANGED))
            self._nothing_new(feed, result.etag, result.last_modified, body_hash, now, True)
            return
        self._in_hand[feed.id] = self.clock()
        try:
            await self._parse_and_store(feed, result, body_hash, now, report)
        except StorageError:
            raise  # the database or the lease, not the ingest (/healthz checks the database)
        except Exception:
            if self._failing_since is None:  # a parser process died, a bug: nothing stored
                self._failing_since = self.clock()
            raise
        finally:
            self._in_hand.pop(feed.id, None)

    async def _parse_and_store(
        self, feed: FeedState, result: FetchResult, body_hash: str, now: float, report: PollReport
    ) -> None:
        """Parse a new body and store its entries (off the event loop)."""
        body = result.body or b""
        headers, final_url = result.headers or {}, result.final_url or feed.url
        analysed = None
        try:
            executor = self._executor()
            if executor is None:
                parsed = await asyncio.to_thread(parse_feed, body, headers, final_url, feed.lang)
            else:
                # The process matches, reads and fingerprints the entries too (the second core).
                parsed, analysed = await asyncio.get_running_loop().run_in_executor(
                    executor,
                    parse_and_analyse,
                    body,
                    headers,
                    final_url,
                    FeedRef(feed.id, feed.url, feed.name, feed.lang),
                    now,
                )
        except FeedError as exc:
            self._ingested()  # the parser answered: the feed is at fault, not the bot
            self._failed(feed, str(exc), report)
            return
        if parsed.warning:
            log.info("feed %s parsed with a warning: %s", feed.name, parsed.warning)
        # Primed from now on: the first successful poll stores the backlog without alerts.
        # Recorded in the body's own transaction, by the ingest thread.
        success = FeedSuccess(
            feed.id,
            result.etag,
            result.last_modified,
            body_hash,
            next_poll_at=self._next_poll(now),
            primed=True,
            interval=self.interval(feed, changed=True),
        )
        ingest = await self.worker.ingest(
            feed, parsed.entries, alert=feed.primed, now=now, success=success, analysed=analysed
        )
        self._ingested()
        report.results.append(FeedResult(feed.name, FeedOutcome.OK))  # stored: not before
        report.new_items += ingest.new
        report.matched += ingest.matched
        report.queued += ingest.queued
        report.withheld.update(ingest.withheld)
        if not feed.primed:
            log.info("feed %s primed with %d items (no alerts for old news)", feed.name, ingest.new)

    def _ingested(self) -> None:
        self.last_ingest_finished = self.clock()
        self._failing_since = None

    def _nothing_new(
        self,
        feed: FeedState,
        etag: str | None,
        modified: str | None,
        body_hash: str | None,
        now: float,
        primed: bool,
    ) -> None:
        """A 304 or an unchanged body: recorded with the next batch, and the feed slows down."""
        slower = self.interval(feed, changed=False)
        self._successes.append(
            FeedSuccess(feed.id, etag, modified, body_hash, self._next_poll(now, slower), primed, slower)
        )

    def _failed(self, feed: FeedState, error: str, report: PollReport, wait: float | None = None) -> None:
        report.results.append(FeedResult(feed.name, FeedOutcome.ERROR, error))
        failures = feed.consecutive_failures + 1
        try:
            state = self.storage.feeds.record_failure(
                feed.id,
                error,
                # A server's Retry-After wins when it asks for longer than our backoff.
                next_poll_at=self.clock() + max(self.backoff(failures), wait or 0.0),
                unhealthy_after=self.settings.unhealthy_after_failures,
            )
        except Exception as exc:  # the database itself is the trouble (locked, full): retry next cycle
            log.error("feed %s failed (%s), and its failure could not be recorded: %s", feed.name, error, exc)
            return
        level = logging.WARNING if state.healthy else logging.ERROR
        log.log(
            level,
            "feed %s failed (%d in a row%s): %s",
            feed.name,
            state.consecutive_failures,
            "" if state.healthy else ", unhealthy",
            error,
        )


def _join_processes(processes: Sequence[multiprocessing.process.BaseProcess], timeout: float) -> None:
    """Join processes, all of them within ``timeout`` seconds in all."""
    end = time.monotonic() + timeout
    for process in processes:
        process.join(max(end - time.monotonic(), 0.0))
