"""Feeds: their HTTP validators, priming state and health."""

from __future__ import annotations

import time

from bot.records import FeedState, FeedSuccess
from storage.engine import Engine


def _state(row: dict) -> FeedState:
    return FeedState(
        id=row["id"],
        url=row["url"],
        name=row["name"],
        lang=row["lang"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        body_hash=row["body_hash"],
        primed=bool(row["primed"]),
        consecutive_failures=row["consecutive_failures"],
        healthy=bool(row["healthy"]),
        next_poll_at=row["next_poll_at"],
        last_polled_at=row["last_polled_at"],
        last_success_at=row["last_success_at"],
        last_error=row["last_error"],
        last_error_at=row["last_error_at"],
        interval=row.get("interval"),
    )


class FeedRepository:
    """Reads and writes the ``feeds`` table."""

    def __init__(self, db: Engine) -> None:
        self.db = db

    def ensure(self, url: str, name: str, lang: str | None) -> FeedState:
        """Register a configured feed (or update its name/lang) and return its state."""
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO feeds (url, name, lang, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET name = excluded.name, lang = excluded.lang",
                [url, name, lang, time.time()],
            )
        return self.by_url(url)

    def by_url(self, url: str) -> FeedState:
        row = self.db.one("SELECT * FROM feeds WHERE url = ?", [url])
        if row is None:
            raise KeyError(url)
        return _state(row)

    def get(self, feed_id: int) -> FeedState:
        row = self.db.one("SELECT * FROM feeds WHERE id = ?", [feed_id])
        if row is None:
            raise KeyError(feed_id)
        return _state(row)

    def all(self) -> list[FeedState]:
        return [_state(r) for r in self.db.query("SELECT * FROM feeds ORDER BY id")]

    def due(self, now: float) -> list[FeedState]:
        """The feeds whose next poll is at ``now`` or before (through an index: the poller
        asks every two seconds, and with 10,000 feeds reading them all would hold the
        event loop for a tenth of a second or more each time)."""
        return [
            _state(r) for r in self.db.query("SELECT * FROM feeds WHERE next_poll_at <= ? ORDER BY id", [now])
        ]

    def record_successes(self, updates: list[FeedSuccess], now: float | None = None) -> None:
        """Many successes in one transaction: a 1,000-feed cycle of 304s is one commit, not 1,000."""
        if not updates:
            return
        now = time.time() if now is None else now
        with self.db.atomic():
            self.db.executemany(
                "UPDATE feeds SET etag = ?, last_modified = ?, body_hash = ?, "
                "consecutive_failures = 0, healthy = 1, next_poll_at = ?, last_polled_at = ?, "
                'last_success_at = ?, primed = CASE WHEN ? = 1 THEN 1 ELSE primed END, "interval" = ? '
                "WHERE id = ?",
                [
                    (
                        u.etag,
                        u.last_modified,
                        u.body_hash,
                        u.next_poll_at,
                        now,
                        now,
                        int(u.primed),
                        u.interval,
                        u.feed_id,
                    )
                    for u in updates
                ],
            )

    def record_failure(
        self,
        feed_id: int,
        error: str,
        *,
        next_poll_at: float,
        unhealthy_after: int,
        now: float | None = None,
    ) -> FeedState:
        """Count a failure, keep the error for operators, and schedule the retry."""
        now = time.time() if now is None else now
        with self.db.atomic():
            self.db.execute(
                "UPDATE feeds SET consecutive_failures = consecutive_failures + 1, "
                "healthy = CASE WHEN consecutive_failures + 1 >= ? THEN 0 ELSE healthy END, "
                "last_error = ?, last_error_at = ?, last_polled_at = ?, next_poll_at = ? "
                "WHERE id = ?",
                [unhealthy_after, error[:500], now, now, next_poll_at, feed_id],
            )
        return self.get(feed_id)
