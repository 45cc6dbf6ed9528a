"""Ingest off the event loop: one thread of its own, one feed body at a time.

Story placement, the rounds and the database writes of a feed body (and its matching
and round reading, when no parser process did them: see ``bot.ingest.analysis``) are
CPU and I/O the event loop must not wait for: it also answers chat commands, health
checks and sends alerts. They run here, in order, on one thread, which alone touches
the story index and the round tracker, with a database connection of its own. A
SQLite database in memory has no second connection: there ingest runs on the loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from bot.feeds.parse import Entry
from bot.ingest.analysis import Analysis, Prepared
from bot.ingest.ingestor import Ingestor, IngestReport
from bot.ingest.tracker import Tracker
from bot.records import FeedState, FeedSuccess
from storage import Storage

log = logging.getLogger(__name__)

T = TypeVar("T")


class IngestWorker:
    """Runs an Ingestor on a thread of its own (``threaded``) or on the caller's loop."""

    def __init__(self, ingestor: Ingestor, *, threaded: bool, own_storage: Storage | None = None) -> None:
        self.ingestor = ingestor
        self.threaded = threaded
        # A connection opened for the thread alone (SQLite), closed with the worker.
        self.own_storage = own_storage
        self._executor: ThreadPoolExecutor | None = (
            ThreadPoolExecutor(1, thread_name_prefix="ingest") if threaded else None
        )

    @classmethod
    def for_storage(cls, storage: Storage, build: Callable[[Storage], Ingestor]) -> IngestWorker:
        """A worker whose ingestor writes through ``storage`` for its thread (see
        ``Storage.for_thread``), or inline when the database has no second connection."""
        threaded = storage.for_thread()
        if threaded is None:
            return cls(build(storage), threaded=False)
        return cls(build(threaded), threaded=True, own_storage=threaded if threaded is not storage else None)

    @property
    def tracker(self) -> Tracker:
        return self.ingestor.tracker

    async def run(self, call: Callable[[], T]) -> T:
        """Run ``call`` where ingest runs (the tracker's state is the worker's alone)."""
        if self._executor is None:
            return call()
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def ingest(
        self,
        feed: FeedState,
        entries: Iterable[Entry],
        *,
        alert: bool,
        now: float | None = None,
        success: FeedSuccess | None = None,
        analysed: list[tuple[Prepared, Analysis]] | None = None,
    ) -> IngestReport:
        """Store, match and queue one feed body, off the event loop, and record the feed's
        ``success`` (its validators, next poll) in the same transaction. ``analysed``: the
        entries as a parser process analysed them (see ``bot.ingest.analysis``)."""
        entries = list(entries)

        ingestor = self.ingestor
        return await self.run(
            lambda: ingestor.ingest(feed, entries, alert=alert, now=now, analysed=analysed, success=success)
        )

    async def aclose(self, grace: float) -> bool:
        """A stop: drop the bodies waiting, wait at most ``grace`` seconds for the one being
        ingested (its transaction), then close the worker's connection. False when the
        thread is still at work then: its connection is left open (the process exits without
        it; the transaction it did not commit is rolled back, as after a crash)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
            threads = list(executor._threads)
            await asyncio.to_thread(_join, threads, grace)
            if any(t.is_alive() for t in threads):
                log.warning("shutdown: the ingest thread is still at work after %.1fs; left behind", grace)
                return False
        if self.own_storage is not None:
            self.own_storage.close()
            self.own_storage = None
        return True

    def close(self) -> None:
        """Wait for the feed body being ingested, then close the worker's connection."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        if self.own_storage is not None:
            self.own_storage.close()
            self.own_storage = None


def _join(threads: list[threading.Thread], timeout: float) -> None:
    """Join threads, all of them within ``timeout`` seconds in all."""
    end = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(end - time.monotonic(), 0.0))
