"""The only package that talks to SQLite (through sqlite-utils)."""

from __future__ import annotations

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
    def open(cls, path: Path | str | None) -> Storage:
        """Open and migrate the database at ``path`` (None: in memory)."""
        return cls(open_database(path))

    def close(self) -> None:
        self.db.close()


__all__ = ["Storage"]
