"""Which chats follow which topics."""

from __future__ import annotations

import time

from bot.records import ChatMove, ChatSettings, Subscription
from storage.engine import Engine


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

    def move_chat(self, transport: str, old: str, new: str) -> ChatMove:
        """A chat lives on under another id (a Telegram group upgraded to a supergroup, a
        Slack channel shared outside the workspace): its subscriptions, its settings (languages,
        mute, quiet hours, digest) and its waiting alerts move there, in one transaction.

        Where the new id follows a topic already, that subscription stays (active if either
        was) and takes the old one's waiting alerts, but for those it has itself (the chat
        gets each alert once); the old subscription is deactivated. Settings the new id has
        of its own win. Sent and failed rows stay as they were (their messages are in the old
        chat's history), and so do waiting edits: the message they would edit stays there.
        """
        if old == new:
            return ChatMove(0, 0)
        now = time.time()
        subscriptions = alerts = 0
        with self.db.atomic():
            olds = self.db.query(
                "SELECT id, thread_id, topic, active FROM subscriptions WHERE transport = ? AND chat_id = ?",
                [transport, old],
            )
            for sub in olds:
                there = self.db.one(
                    "SELECT id FROM subscriptions WHERE transport = ? AND chat_id = ? AND thread_id = ? "
                    "AND topic = ?",
                    [transport, new, sub["thread_id"], sub["topic"]],
                )
                if there is None:
                    self.db.execute("UPDATE subscriptions SET chat_id = ? WHERE id = ?", [new, sub["id"]])
                    alerts += self.db.execute(
                        "UPDATE outbox SET chat_id = ? WHERE subscription_id = ? AND kind <> 'edit' "
                        "AND status IN ('pending', 'held')",
                        [new, sub["id"]],
                    )
                    subscriptions += int(bool(sub["active"]))
                    continue
                if sub["active"]:
                    self.db.execute(
                        "UPDATE subscriptions SET active = 1, deactivated_at = NULL, "
                        "deactivated_reason = NULL WHERE id = ?",
                        [there["id"]],
                    )
                    subscriptions += 1
                # The new id has some of these alerts queued already: those are not moved.
                self.db.execute(
                    "DELETE FROM outbox WHERE subscription_id = ? AND kind <> 'edit' "
                    "AND status IN ('pending', 'held') AND EXISTS (SELECT 1 FROM outbox AS n "
                    "WHERE n.subscription_id = ? AND n.item_id = outbox.item_id AND n.kind = outbox.kind)",
                    [sub["id"], there["id"]],
                )
                alerts += self.db.execute(
                    "UPDATE outbox SET subscription_id = ?, chat_id = ? WHERE subscription_id = ? "
                    "AND kind <> 'edit' AND status IN ('pending', 'held')",
                    [there["id"], new, sub["id"]],
                )
                self.db.execute(
                    "UPDATE subscriptions SET active = 0, deactivated_at = ?, deactivated_reason = ? "
                    "WHERE id = ?",
                    [now, f"moved to {new}"[:200], sub["id"]],
                )
            self._move_settings(transport, old, new)
        return ChatMove(subscriptions, alerts)

    def _move_settings(self, transport: str, old: str, new: str) -> None:
        settings = self.db.one(
            "SELECT languages, muted_until, digest_pending, quiet, digest FROM chats "
            "WHERE transport = ? AND chat_id = ?",
            [transport, old],
        )
        if settings is None:
            return
        self.db.execute(
            "INSERT INTO chats (transport, chat_id, languages, muted_until, digest_pending, quiet, digest) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (transport, chat_id) DO UPDATE SET "
            "languages = COALESCE(chats.languages, excluded.languages), "
            "muted_until = COALESCE(chats.muted_until, excluded.muted_until), "
            "digest_pending = CASE WHEN excluded.digest_pending > chats.digest_pending "
            "THEN excluded.digest_pending ELSE chats.digest_pending END, "
            "quiet = COALESCE(chats.quiet, excluded.quiet), digest = COALESCE(chats.digest, excluded.digest)",
            [
                transport,
                new,
                settings["languages"],
                settings["muted_until"],
                settings["digest_pending"],
                settings["quiet"],
                settings["digest"],
            ],
        )
        self.db.execute("DELETE FROM chats WHERE transport = ? AND chat_id = ?", [transport, old])

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
