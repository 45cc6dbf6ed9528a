"""The only package that talks to SQLite (through sqlite-utils)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import sqlite_utils

from storage.database import open_database
from storage.feeds import FeedRepository
from storage.items import ItemRepository
from storage.outbox import OutboxRepository
from storage.rounds import RoundRepository
from storage.subscriptions import SubscriptionRepository


class Storage:
    """One database with a repository per table group."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.feeds = FeedRepository(db)
        self.items = ItemRepository(db)
        self.subscriptions = SubscriptionRepository(db)
        self.outbox = OutboxRepository(db)
        self.rounds = RoundRepository(db)

    @classmethod
    def open(cls, path: Path | str | None, busy_timeout_ms: int = 5000) -> Storage:
        """Open and migrate the database at ``path`` (None: in memory)."""
        return cls(open_database(path, busy_timeout_ms))

    def writable(self) -> bool:
        """Can the database take a write right now? (health check)"""
        try:
            with self.db.atomic():
                self.db.execute(
                    "INSERT INTO meta (key, value) VALUES ('health', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [str(time.time())],
                )
        except sqlite3.Error:
            return False
        return True

    def backup(self, path: Path | str) -> None:
        """A consistent copy through SQLite's online backup API, safe while the bot writes."""
        target = sqlite3.connect(str(path))
        try:
            self.db.conn.backup(target)
        finally:
            target.close()

    def stats(self, since: float) -> dict:
        """Subscribers per topic, alerts sent since ``since``, outbox depth (for /stats)."""
        subscribers = {
            r["topic"]: r["n"]
            for r in self.db.query(
                "SELECT topic, COUNT(*) AS n FROM subscriptions WHERE active = 1 "
                "GROUP BY topic ORDER BY topic"
            )
        }
        sent = next(
            self.db.query("SELECT COUNT(*) AS n FROM outbox WHERE status = 'sent' AND sent_at >= ?", [since])
        )["n"]
        return {"subscribers": subscribers, "sent": sent, "outbox_depth": self.outbox.depth()}

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# What a storage call raises when the database cannot do it now (locked by another process,
# full, gone): callers outside this package catch it without importing sqlite3.
StorageError = sqlite3.Error

__all__ = ["Storage", "StorageError"]
