"""What instances sharing one database agree on: who leads, which chat updates were
handled, and whether an operator paused polling.

The lease is a row with an expiry read from the database's clock, so every
instance judges it by one clock. Taking it succeeds when nobody holds it, when
its holder let it expire, or when the caller holds it already (a renewal).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.records import Pause
from storage.engine import Engine


@dataclass(frozen=True)
class Lease:
    holder: str
    acquired_at: float
    expires_at: float
    now: float  # the database's clock when it was read


POLLING = "polling"  # the one thing /pause pauses


class InstanceRepository:
    """Reads and writes ``leases``, ``chat_updates`` and ``pauses``."""

    def __init__(self, db: Engine) -> None:
        self.db = db

    def acquire(self, name: str, holder: str, seconds: float) -> bool:
        """Take or renew the lease ``name`` for ``seconds``; False when another holds it."""
        now = self.db.now_sql
        with self.db.atomic():
            row = self.db.one(
                "INSERT INTO leases (name, holder, acquired_at, expires_at) "
                f"VALUES (?, ?, {now}, {now} + ?) "
                "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at, acquired_at = CASE WHEN leases.holder = "
                "excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END "
                f"WHERE leases.holder = excluded.holder OR leases.expires_at < {now} "
                "RETURNING holder",
                [name, holder, seconds],
            )
        return row is not None

    def release(self, name: str, holder: str) -> bool:
        """Give the lease up (a clean shutdown hands over at once); False when not held."""
        with self.db.atomic():
            return self.db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", [name, holder]) > 0

    def lease(self, name: str) -> Lease | None:
        """Who holds ``name`` and until when (by the database's clock)."""
        row = self.db.one(
            f"SELECT holder, acquired_at, expires_at, {self.db.now_sql} AS now FROM leases WHERE name = ?",
            [name],
        )
        if row is None:
            return None
        return Lease(row["holder"], float(row["acquired_at"]), float(row["expires_at"]), float(row["now"]))

    def first_time(self, key: str, now: float | None = None) -> bool:
        """Record a chat update as handled; False when some instance handled it already."""
        with self.db.atomic():
            return (
                self.db.execute(
                    "INSERT INTO chat_updates (key, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [key, time.time() if now is None else now],
                )
                > 0
            )

    def forget_updates(self, before: float) -> int:
        """Drop handled-update records older than ``before`` (Telegram redelivers for a day)."""
        with self.db.atomic():
            return self.db.execute("DELETE FROM chat_updates WHERE received_at < ?", [before])

    def pause(self, by: str, name: str = POLLING, now: float | None = None) -> bool:
        """Pause ``name`` for every instance; False when it was paused already (the first
        pause, and who made it, stands)."""
        with self.db.atomic():
            return (
                self.db.execute(
                    "INSERT INTO pauses (name, paused_by, paused_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [name, by, time.time() if now is None else now],
                )
                > 0
            )

    def resume(self, name: str = POLLING) -> bool:
        """End the pause of ``name``; False when it was not paused."""
        with self.db.atomic():
            return self.db.execute("DELETE FROM pauses WHERE name = ?", [name]) > 0

    def paused(self, name: str = POLLING) -> Pause | None:
        """The pause of ``name`` standing now, if any."""
        row = self.db.one("SELECT paused_by, paused_at FROM pauses WHERE name = ?", [name])
        return None if row is None else Pause(row["paused_by"], float(row["paused_at"]))
