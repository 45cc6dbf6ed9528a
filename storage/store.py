"""One database with a repository per table group (:class:`Storage`)."""

from __future__ import annotations

import shutil
import subprocess
import time
from contextlib import AbstractContextManager
from pathlib import Path

from storage.database import DatabaseUnavailable, another_sqlite_connection, open_engine
from storage.engine import DRIVER_ERRORS, Engine, LeaseLost, PostgresEngine, SqliteEngine, is_postgres_url
from storage.feeds import FeedRepository
from storage.instances import InstanceRepository
from storage.items import ItemRepository
from storage.outbox import OutboxRepository
from storage.readings import ReadingRepository
from storage.search import SearchIndex
from storage.subscriptions import SubscriptionRepository


class Storage:
    """One database with a repository per table group."""

    def __init__(self, db: Engine) -> None:
        self.db = db
        self.feeds = FeedRepository(db)
        self.outbox = OutboxRepository(db)
        self.items = ItemRepository(db, self.outbox)
        self.subscriptions = SubscriptionRepository(db)
        self.readings = ReadingRepository(db)
        self.instances = InstanceRepository(db)
        self.search = SearchIndex(db)

    @classmethod
    def open(cls, database: Path | str | None, busy_timeout_ms: int = 5000) -> Storage:
        """Open and migrate the database a setting names: a SQLite path (None: in memory)
        or a postgresql:// URL. Raises DatabaseUnavailable when it cannot be used."""
        return cls(open_engine(database, busy_timeout_ms))

    def for_thread(self, busy_timeout_ms: int = 5000) -> Storage | None:
        """The same database for another thread: PostgreSQL's pool serves every thread
        (itself); a SQLite file gets a second connection with its own, longer, busy
        timeout (that thread may wait for a lock; the event loop may not). None for
        SQLite in memory, which has no second connection."""
        if isinstance(self.db, PostgresEngine):
            return self
        assert isinstance(self.db, SqliteEngine)
        if self.db.path is None:
            return None
        other = Storage(another_sqlite_connection(self.db, busy_timeout_ms))
        other.outbox.edit_interval = self.outbox.edit_interval
        other.outbox.edit_window = self.outbox.edit_window
        other.outbox.official_outlets = self.outbox.official_outlets
        other.items.fence = self.items.fence
        return other

    def transaction(self) -> AbstractContextManager[None]:
        """The writes inside go in one transaction, whichever repositories make them:
        all of them, or none (a repository's own transaction inside is a savepoint)."""
        return self.db.atomic()

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.db.dialect

    def writable(self) -> bool:
        """Can the database take a write right now? (health check)"""
        try:
            with self.db.atomic():
                self.db.execute(
                    "INSERT INTO meta (key, value) VALUES ('health', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [str(time.time())],
                )
        except DRIVER_ERRORS:
            return False
        return True

    def backup(self, path: Path | str) -> None:
        """A consistent copy, safe while the bot writes: SQLite's online backup API, or
        PostgreSQL's pg_dump (custom format, for pg_restore)."""
        if isinstance(self.db, SqliteEngine):
            import sqlite3

            target = sqlite3.connect(str(path))
            try:
                self.db.conn.backup(target)
            finally:
                target.close()
            return
        assert isinstance(self.db, PostgresEngine)
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise DatabaseUnavailable(
                "backup: pg_dump is not on PATH (Debian: apt install postgresql-client)"
            )
        done = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", "--file", str(path), "--dbname", self.db.url],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            Path(path).unlink(missing_ok=True)
            raise DatabaseUnavailable(f"backup: pg_dump failed: {done.stderr.strip()[:500]}")

    def stats(self, since: float) -> dict:
        """Subscribers per topic, alerts sent since ``since``, outbox depth (for /stats)."""
        subscribers = {
            r["topic"]: r["n"]
            for r in self.db.query(
                "SELECT topic, COUNT(*) AS n FROM subscriptions WHERE active = 1 "
                "GROUP BY topic ORDER BY topic"
            )
        }
        row = self.db.one("SELECT COUNT(*) AS n FROM outbox WHERE status = 'sent' AND sent_at >= ?", [since])
        sent = 0 if row is None else row["n"]
        return {"subscribers": subscribers, "sent": sent, "outbox_depth": self.outbox.depth()}

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# What a storage call raises when the database cannot do it now (locked by another process,
# full, gone, unreachable): callers outside this package catch it without importing a driver.
StorageError = DRIVER_ERRORS

__all__ = ["DatabaseUnavailable", "LeaseLost", "Storage", "StorageError", "is_postgres_url"]
