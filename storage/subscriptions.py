"""Which chats follow which topics."""

from __future__ import annotations

import time

from storage.engine import Engine
from storage.records import ChatSettings, Subscription


def _sub(row: dict) -> Subscription:
    return Subscription(
        id=row["id"],
        transport=row["transport"],
        chat_id=row["chat_id"],
        thread_id=row["thread_id"],
        topic=row["topic"],
        active=bool(row["active"]),
    )


class SubscriptionRepository:
    """Reads and writes ``subscriptions``."""

    def __init__(self, db: Engine) -> None:
        self.db = db

    def follow(self, transport: str, chat_id: str, topic: str, thread_id: str = "") -> bool:
        """Subscribe a chat; True when it was not already following."""
        with self.db.atomic():
            row = self.db.one(
                "SELECT active FROM subscriptions WHERE transport = ? AND chat_id = ? "
                "AND thread_id = ? AND topic = ?",
                [transport, chat_id, thread_id, topic],
            )
            if row is not None and row["active"]:
                return False
            self.db.execute(
                "INSERT INTO subscriptions (transport, chat_id, thread_id, topic, active, created_at) "
                "VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (transport, chat_id, thread_id, topic) "
                "DO UPDATE SET active = 1, deactivated_at = NULL, deactivated_reason = NULL",
                [transport, chat_id, thread_id, topic, time.time()],
            )
        return True

    def unfollow(self, transport: str, chat_id: str, topic: str, thread_id: str = "") -> bool:
        """Unsubscribe a chat; True when it was following."""
        with self.db.atomic():
            changed = self.db.execute(
                "UPDATE subscriptions SET active = 0, deactivated_at = ?, "
                "deactivated_reason = 'unfollowed' WHERE transport = ? AND chat_id = ? "
                "AND thread_id = ? AND topic = ? AND active = 1",
                [time.time(), transport, chat_id, thread_id, topic],
            )
        return changed > 0

    def deactivate_chat(self, transport: str, chat_id: str, reason: str) -> int:
        """Stop every subscription of a chat the transport says is gone (403, archived)."""
        with self.db.atomic():
            return self.db.execute(
                "UPDATE subscriptions SET active = 0, deactivated_at = ?, deactivated_reason = ? "
                "WHERE transport = ? AND chat_id = ? AND active = 1",
                [time.time(), reason[:200], transport, chat_id],
            )

    def topics_of(self, transport: str, chat_id: str) -> list[str]:
        """Topics this chat follows (any thread)."""
        return [
            r["topic"]
            for r in self.db.query(
                "SELECT DISTINCT topic FROM subscriptions WHERE transport = ? AND chat_id = ? "
                "AND active = 1 ORDER BY topic",
                [transport, chat_id],
            )
        ]

    def all(self) -> list[Subscription]:
        """Every subscription, active or not (for operators)."""
        return [
            _sub(r) for r in self.db.query("SELECT * FROM subscriptions ORDER BY topic, transport, chat_id")
        ]

    def active(self, topic: str | None = None) -> list[Subscription]:
        sql = "SELECT * FROM subscriptions WHERE active = 1"
        params: list = []
        if topic is not None:
            sql += " AND topic = ?"
            params.append(topic)
        return [_sub(r) for r in self.db.query(sql + " ORDER BY id", params)]

    def mute(self, transport: str, chat_id: str, until: float) -> None:
        """Hold this chat's alerts until ``until``; they arrive as one digest after."""
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO chats (transport, chat_id, muted_until, digest_pending) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (transport, chat_id) DO UPDATE SET muted_until = excluded.muted_until, "
                "digest_pending = 1",
                [transport, chat_id, until],
            )

    def unmute(self, transport: str, chat_id: str) -> bool:
        """End a mute now; True when the chat was muted."""
        with self.db.atomic():
            changed = self.db.execute(
                "UPDATE chats SET muted_until = NULL WHERE transport = ? AND chat_id = ? "
                "AND muted_until IS NOT NULL AND muted_until > ?",
                [transport, chat_id, time.time()],
            )
        return changed > 0

    def take_digest(self, transport: str, chat_id: str) -> bool:
        """True once after a mute: the held alerts go out as one digest."""
        # Read first: most drains of most chats have no digest, and then nothing is written
        # (a drain must not need the write lock to send an ordinary alert).
        pending = self.db.one(
            "SELECT 1 AS one FROM chats WHERE transport = ? AND chat_id = ? AND digest_pending = 1",
            [transport, chat_id],
        )
        if pending is None:
            return False
        with self.db.atomic():
            changed = self.db.execute(
                "UPDATE chats SET digest_pending = 0 WHERE transport = ? AND chat_id = ? "
                "AND digest_pending = 1",
                [transport, chat_id],
            )
        return changed > 0

    def set_languages(self, transport: str, chat_id: str, languages: tuple[str, ...] | None) -> None:
        """Alerts for this chat only in these languages (None: every language)."""
        value = ",".join(languages) if languages else None
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO chats (transport, chat_id, languages) VALUES (?, ?, ?) "
                "ON CONFLICT (transport, chat_id) DO UPDATE SET languages = excluded.languages",
                [transport, chat_id, value],
            )

    def chat_settings(self, transport: str, chat_id: str) -> ChatSettings:
        """What /settings shows of a chat: its languages, its mute, its quiet hours."""
        row = self.db.one(
            "SELECT languages, muted_until, quiet, digest FROM chats WHERE transport = ? AND chat_id = ?",
            [transport, chat_id],
        )
        if row is None:
            return ChatSettings()
        languages = tuple(row["languages"].split(",")) if row["languages"] else None
        return ChatSettings(languages, row["muted_until"], row["quiet"], row["digest"])

    def set_quiet(self, transport: str, chat_id: str, quiet: str | None) -> None:
        """Set or clear a chat's quiet hours; cleared, what they held is due at once."""
        self._set_schedule("quiet", transport, chat_id, quiet)

    def set_digest(self, transport: str, chat_id: str, digest: str | None) -> None:
        """Set or clear a chat's daily digest; cleared, what it held is due at once."""
        self._set_schedule("digest", transport, chat_id, digest)

    def _set_schedule(self, column: str, transport: str, chat_id: str, value: str | None) -> None:
        assert column in ("quiet", "digest")
        with self.db.atomic():
            self.db.execute(
                f"INSERT INTO chats (transport, chat_id, {column}) VALUES (?, ?, ?) "
                f"ON CONFLICT (transport, chat_id) DO UPDATE SET {column} = excluded.{column}",
                [transport, chat_id, value],
            )
            if value is None:
                self.db.execute(
                    "UPDATE outbox SET next_attempt_at = 0 WHERE status = 'held' AND transport = ? "
                    "AND chat_id = ?",
                    [transport, chat_id],
                )

    def timed_chats(self) -> dict[tuple[str, str], tuple[str | None, str | None]]:
        """Every chat with quiet hours or a daily digest: (transport, chat id) → (quiet, digest)."""
        rows = self.db.query(
            "SELECT transport, chat_id, quiet, digest FROM chats "
            "WHERE quiet IS NOT NULL OR digest IS NOT NULL"
        )
        return {(r["transport"], r["chat_id"]): (r["quiet"], r["digest"]) for r in rows}

    def rearm_digest(self, transport: str, chat_id: str) -> None:
        """A digest that failed to send is tried again as a digest."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE chats SET digest_pending = 1 WHERE transport = ? AND chat_id = ?",
                [transport, chat_id],
            )
