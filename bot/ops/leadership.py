"""Which instance leads: polls the feeds, ingests, groups stories, tracks rounds, sends alerts.

Every instance answers chat commands; only the leader runs the pipeline, so the
story index, Telegram's 30 messages a second and each chat's order stay with
one sender.

- On SQLite there is one instance: ``SoleInstance`` takes an exclusive lock on a
  file beside the database, and a second ``talkwatch run`` on the same file is
  refused at start with a message saying so.
- On PostgreSQL, ``Lease`` keeps a lease row (``storage.instances``) renewed every
  heartbeat. It counts itself leader only until its last successful renewal *began*
  plus the lease, less a margin, by its own monotonic clock: a leader that cannot
  renew (killed, host gone, network cut) stops acting before the lease runs out in
  the database, so no other instance can take over while it still acts.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Protocol

from storage import StorageError
from storage.instances import InstanceRepository

log = logging.getLogger(__name__)
LEASE_NAME = "leader"


class AlreadyRunning(Exception):
    """Another talkwatch process runs on this SQLite database."""


def default_instance_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Leadership(Protocol):
    name: str

    def holds(self) -> bool:
        """May this instance act as leader right now?"""
        ...

    async def beat(self) -> bool:
        """Take or renew leadership; whether this instance leads now."""
        ...

    async def release(self) -> None:
        """Give leadership up (clean shutdown): another instance may lead at once."""
        ...


class SoleInstance:
    """The only instance on a SQLite file, held by an exclusive lock on ``<file>.lock``.

    The operating system drops the lock when the process ends, however it ends, so a
    killed bot never blocks its own restart."""

    def __init__(self, database: Path | None, name: str | None = None) -> None:
        self.name = name or default_instance_name()
        self._file: IO[str] | None = None
        if database is None:  # in memory: nothing to share
            return
        path = database.with_name(database.name + ".lock")
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the process's life
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise AlreadyRunning(
                f"database: {database} is in use by {holder}; SQLite serves one talkwatch "
                "instance (stop the other, or share a PostgreSQL database between instances)"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"talkwatch {self.name}\n")
        handle.flush()
        self._file = handle

    def holds(self) -> bool:
        return True

    async def beat(self) -> bool:
        return True

    async def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class Lease:
    """Leadership among instances sharing one PostgreSQL, through a lease row."""

    def __init__(
        self,
        instances: InstanceRepository,
        *,
        seconds: float,
        name: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        renew_every: float | None = None,
    ) -> None:
        self.instances = instances
        self.seconds = seconds
        self.renew_every = renew_every if renew_every is not None else seconds / 3
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None
        self.name = name or default_instance_name()
        self.clock = clock
        # Stop acting this long before the lease runs out in the database: covers a
        # renewal that took long to answer, and clocks that tick at slightly different rates.
        self.margin = min(2.0, seconds / 5)
        self._until: float | None = None

    def holds(self) -> bool:
        until = self._until
        return until is not None and self.clock() < until

    def _renew(self) -> bool:
        """One renewal attempt (any thread); whether this instance leads now."""
        began = self.clock()
        try:
            held = self.instances.acquire(LEASE_NAME, self.name, self.seconds)
        except StorageError as exc:
            log.warning("leader lease: database unreachable: %s", exc)
            return self.holds()  # still leader until the last lease runs out, then not
        self._until = began + self.seconds - self.margin if held else None
        return self.holds()

    async def beat(self) -> bool:
        # In a thread: a database that stopped answering must not freeze chat commands.
        leads = await asyncio.to_thread(self._renew)
        if leads and self._renewer is None:
            # The lead is kept by a thread of its own too: an event loop busy with a large
            # poll cycle must not let the lease run out (and the beat job starts late then).
            self._renewer = threading.Thread(target=self._keep, name="talkwatch-lease", daemon=True)
            self._renewer.start()
        return leads

    def _keep(self) -> None:
        while not self._stop.wait(self.renew_every):
            if self._until is not None and not self._stop.is_set():
                self._renew()

    async def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            await asyncio.to_thread(self._renewer.join, 5)
        if self._until is None:
            return
        self._until = None
        try:
            await asyncio.to_thread(self.instances.release, LEASE_NAME, self.name)
        except StorageError as exc:
            log.warning("leader lease: not released (it runs out by itself): %s", exc)
