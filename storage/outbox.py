"""The outbox: one row per subscriber per alert, drained by the sender.

A row stays ``pending`` until the transport confirms delivery; only then is it
``sent``. A crash between sending and marking re-sends at most the rows that
were in flight. ``held`` rows wait until their ``next_attempt_at`` without holding
the chat's later rows back (quiet hours, a digest, a message the chat API refused
and that is tried again later). ``failed`` rows are kept, never deleted: a chat
that is gone (blocked bot, archived channel), a message the chat API refused for
good, or one whose retries ran out; a failed row's ``next_attempt_at`` is when it
was given up. ``unconfirmed`` rows went on the wire during a stop and no answer
came before its deadline: the chat may have them, so they are never sent again (a
stop repeats nothing); kept for operators like failed ones. A crash (kill -9, power)
still repeats the message on the wire: its row is ``pending`` then.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

from bot.records import AlertPayload, FailedDelivery, NewItem, OutboxMessage
from storage.engine import Engine, Row, chunks

# One outbox row per subscription selected after it (as s); the caller adds the conditions.
# published_at: when the report was published (else fetched), the order a chat gets it in.
_QUEUE = (
    "INSERT INTO outbox (subscription_id, transport, chat_id, thread_id, topic, item_id, story_id, kind, "
    "payload, status, next_attempt_at, created_at, published_at) SELECT s.id, s.transport, s.chat_id, "
    "s.thread_id, s.topic, ?, ?, 'alert', ?, 'pending', ?, ?, ? FROM subscriptions AS s"
)


class _ClaimLost(Exception):
    """Another instance holds a row of the claim."""


def _message(row: dict) -> OutboxMessage:
    return OutboxMessage(
        id=row["id"],
        subscription_id=row["subscription_id"],
        transport=row["transport"],
        chat_id=row["chat_id"],
        thread_id=row["thread_id"],
        topic=row["topic"],
        item_id=row["item_id"],
        kind=row["kind"],
        payload=AlertPayload.from_json(json.loads(row["payload"])),
        status=row["status"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        last_error=row["last_error"],
        message_ref=row["message_ref"],
        parts_sent=row["parts_sent"],
    )


class OutboxRepository:
    """Reads and writes ``outbox``: the fan-out of a stored item's alerts (one row per
    chat), the edits that show a story's outlets, and every delivery's outcome."""

    def __init__(self, db: Engine) -> None:
        self.db = db
        # An alert already sent is edited to show the outlets of its story at most this often,
        # and only during the day after it was sent; the outlets named "(official)".
        self.edit_interval = 300.0
        self.edit_window = 86400.0
        self.official_outlets: frozenset[str] = frozenset()

    def queue_alerts(
        self,
        item_id: int,
        item: NewItem,
        stories: dict[str, int | None],
        alert_payloads: dict[str, AlertPayload],
        now: float,
    ) -> int:
        """A stored item's alerts, one row per chat that is to have it (inside the caller's
        transaction: the item, its matches and its alerts are written together); ``stories``:
        the item's story in each topic. The rows queued."""
        queued = 0
        # A chat that takes alerts in some languages only matches this one ("%,de,%").
        in_its_languages = f"%,{item.lang or 'und'},%"
        published = item.published_at if item.published_at is not None else now
        for topic, payload in alert_payloads.items():
            body = json.dumps({**payload.to_json(), "item_id": item_id}, ensure_ascii=False)
            if not payload.copy:
                # A new story: every subscriber, but chats that chose other languages.
                queued += self.db.execute(
                    f"{_QUEUE} WHERE s.topic = ? AND s.active = 1 AND NOT EXISTS (SELECT 1 FROM chats AS c "
                    "WHERE c.transport = s.transport AND c.chat_id = s.chat_id AND c.languages IS NOT NULL "
                    "AND (',' || c.languages || ',') NOT LIKE ?) ON CONFLICT DO NOTHING",
                    [item_id, stories.get(topic), body, now, now, published, topic, in_its_languages],
                )
            elif (story := stories.get(topic)) is not None:
                # A later copy: the chats that chose its language and have had no report of
                # the story (its first report was in a language they did not choose).
                queued += self.db.execute(
                    f"{_QUEUE} JOIN chats AS c ON c.transport = s.transport AND c.chat_id = s.chat_id "
                    "WHERE s.topic = ? AND s.active = 1 AND c.languages IS NOT NULL "
                    "AND (',' || c.languages || ',') LIKE ? AND NOT EXISTS (SELECT 1 FROM outbox AS o "
                    "WHERE o.subscription_id = s.id AND o.story_id = ?) ON CONFLICT DO NOTHING",
                    [item_id, story, body, now, now, published, topic, in_its_languages, story],
                )
        return queued

    def sent_alerts(self, stories: set[tuple[str, int]], now: float) -> dict[tuple[str, int], list[Row]]:
        """The alerts sent within the edit window of each of these (topic, story) that had
        any (their item and payload): one query for a feed body's stories, most of which
        have none to edit. ``status || ''`` keeps SQLite, which has no statistics, from
        scanning every alert ever sent by status instead of the stories' few."""
        sent: dict[tuple[str, int], list[Row]] = {}
        for chunk, marks in chunks(sorted({story_id for _, story_id in stories})):
            for row in self.db.query(
                "SELECT DISTINCT a.topic, a.story_id, a.item_id, a.payload FROM outbox AS a "
                f"WHERE a.story_id IN ({marks}) AND a.kind = 'alert' AND a.status || '' = 'sent' "
                "AND a.message_ref IS NOT NULL AND a.sent_at > ?",
                [*chunk, now - self.edit_window],
            ):
                if (row["topic"], row["story_id"]) in stories:
                    sent.setdefault((row["topic"], row["story_id"]), []).append(row)
        return sent

    def queue_edits(
        self, topic: str, story_id: int, originals: list[Row], outlets: tuple[str, ...], now: float
    ) -> None:
        """One pending edit per chat that was sent the story's alert (``originals``: those
        alerts, sent within the edit window), to show the story's ``outlets``, replaced by
        the newest outlet count; an edit
        sent less than ``edit_interval`` ago holds the next one back until then (inside the
        caller's transaction)."""
        if len(outlets) < 2:
            return
        official = tuple(o for o in outlets if o in self.official_outlets)
        for original in originals:
            payload = replace(
                AlertPayload.from_json(json.loads(original["payload"])), outlets=outlets, official=official
            )
            body = json.dumps(payload.to_json(), ensure_ascii=False)
            self.db.execute(
                "INSERT INTO outbox (subscription_id, transport, chat_id, thread_id, topic, item_id, "
                "story_id, kind, payload, status, next_attempt_at, created_at, message_ref, published_at) "
                "SELECT a.subscription_id, a.transport, a.chat_id, a.thread_id, a.topic, a.item_id, "
                "a.story_id, 'edit', ?, 'pending', ?, ?, a.message_ref, a.published_at FROM outbox AS a "
                "WHERE a.kind = 'alert' "
                "AND a.item_id = ? AND a.topic = ? "
                "AND a.status = 'sent' AND a.message_ref IS NOT NULL AND a.sent_at > ? "
                "ON CONFLICT (subscription_id, item_id, kind) DO UPDATE SET payload = excluded.payload, "
                "status = 'pending', attempts = 0, next_attempt_at = CASE WHEN outbox.sent_at IS NOT NULL "
                "AND outbox.sent_at + ? > excluded.next_attempt_at THEN outbox.sent_at + ? "
                "ELSE excluded.next_attempt_at END",
                [
                    body,
                    now,
                    now,
                    original["item_id"],
                    topic,
                    now - self.edit_window,
                    self.edit_interval,
                    self.edit_interval,
                ],
            )

    def due(
        self, transports: list[str], limit: int = 500, now: float | None = None, holder: str = ""
    ) -> list[OutboxMessage]:
        """Pending rows that are due, for these transports, in the order a chat gets them:
        by when their report was published (else fetched), then as queued. Alerts found
        by one poll, in one feed or several, thus arrive in publication order, not in the
        order the feeds listed them or answered.

        A chat's rows wait behind its first waiting row in that order (a flood wait, a
        backoff, or a row another instance has claimed and may be sending), so a retry
        never lets a later report overtake an earlier one; a muted chat's rows wait until
        the mute ends. Rows claimed by ``holder`` itself are due again (it died or gave up
        mid-send).
        """
        if not transports:
            return []
        now = time.time() if now is None else now
        clock = self.db.now_sql
        marks = ",".join("?" * len(transports))
        rows = self.db.query(
            f"SELECT * FROM outbox AS o WHERE o.status = 'pending' AND o.next_attempt_at <= ? "
            f"AND o.transport IN ({marks}) "
            f"AND (o.claimed_until IS NULL OR o.claimed_until < {clock} OR o.claimed_by = ?) "
            "AND NOT EXISTS (SELECT 1 FROM outbox AS w "
            "WHERE w.status = 'pending' AND w.transport = o.transport AND w.chat_id = o.chat_id "
            "AND w.thread_id = o.thread_id AND (w.published_at < o.published_at "
            "OR (w.published_at = o.published_at AND w.id < o.id)) "
            "AND w.kind <> 'edit' AND (w.next_attempt_at > ? "
            f"OR (w.claimed_until >= {clock} AND w.claimed_by <> ?))) "
            "AND NOT EXISTS (SELECT 1 FROM chats AS c WHERE c.transport = o.transport "
            "AND c.chat_id = o.chat_id AND c.muted_until > ?) "
            "ORDER BY o.published_at, o.id LIMIT ?",
            [now, *transports, holder, now, holder, now, limit],
        )
        return [_message(r) for r in rows]

    def hold(self, message_ids: list[int], until: float) -> None:
        """Keep these rows back until ``until`` (a chat's quiet hours): they neither go out
        nor hold the chat's later rows back (a breaking alert may pass)."""
        if not message_ids:
            return
        marks = ",".join("?" * len(message_ids))
        with self.db.atomic():
            self.db.execute(
                "UPDATE outbox SET status = 'held', next_attempt_at = ?, claimed_by = NULL, "
                f"claimed_until = NULL WHERE id IN ({marks}) AND status = 'pending'",
                [until, *message_ids],
            )

    def release_held(self, now: float | None = None) -> int:
        """Rows whose quiet hours ended are pending again (in their order, as queued)."""
        now = time.time() if now is None else now
        due = self.db.one("SELECT 1 AS one FROM outbox WHERE status = 'held' AND next_attempt_at <= ?", [now])
        if due is None:
            return 0  # the usual case: no write
        with self.db.atomic():
            return self.db.execute(
                "UPDATE outbox SET status = 'pending' WHERE status = 'held' AND next_attempt_at <= ?", [now]
            )

    def claim(self, message_ids: list[int], holder: str, seconds: float) -> bool:
        """Claim rows for sending, all or none: True when none of them is sent or claimed
        by another instance. A claim lasts ``seconds`` by the database's clock, so an
        instance that stops leading mid-send cannot send a row the next leader sends."""
        if not message_ids:
            return True
        clock = self.db.now_sql
        marks = ",".join("?" * len(message_ids))
        try:
            with self.db.atomic():
                changed = self.db.execute(
                    f"UPDATE outbox SET claimed_by = ?, claimed_until = {clock} + ? "
                    f"WHERE id IN ({marks}) AND status = 'pending' "
                    f"AND (claimed_until IS NULL OR claimed_until < {clock} OR claimed_by = ?)",
                    [holder, seconds, *message_ids, holder],
                )
                if changed != len(message_ids):
                    raise _ClaimLost  # roll back the part that was claimed
        except _ClaimLost:
            return False
        return True

    def release(self, holder: str) -> int:
        """Give up this instance's claims on rows it did not send (it stops leading)."""
        with self.db.atomic():
            return self.db.execute(
                "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL "
                "WHERE claimed_by = ? AND status = 'pending'",
                [holder],
            )

    def mark_sent(self, message_id: int, message_ref: str | None = None, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self.db.atomic():
            self.db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
                "message_ref = ?, last_error = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                [now, message_ref, message_id],
            )

    def mark_parts_sent(self, message_ids: list[int], parts: int, first_ref: str | None) -> None:
        """The first ``parts`` parts of a long message are delivered (the first one's id is
        ``first_ref``): a later attempt sends only the rest."""
        if not message_ids:
            return
        marks = ",".join("?" * len(message_ids))
        with self.db.atomic():
            self.db.execute(
                "UPDATE outbox SET parts_sent = ?, message_ref = COALESCE(message_ref, ?) "
                f"WHERE id IN ({marks}) AND status = 'pending' AND kind = 'alert'",
                [parts, first_ref, *message_ids],
            )

    def mark_unconfirmed(self, message_ids: list[int], error: str, now: float | None = None) -> None:
        """Went on the wire during a stop, no answer before the deadline: possibly sent,
        never sent again (see the module docstring)."""
        if not message_ids:
            return
        now = time.time() if now is None else now
        marks = ",".join("?" * len(message_ids))
        with self.db.atomic():
            self.db.execute(
                "UPDATE outbox SET status = 'unconfirmed', attempts = attempts + 1, last_error = ?, "
                "next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL "
                f"WHERE id IN ({marks}) AND status = 'pending'",
                [error[:500], now, *message_ids],
            )

    def mark_retry(
        self, message_id: int, error: str, next_attempt_at: float, *, count_attempt: bool = True
    ) -> None:
        """Keep the row pending and try again later; flood waits don't count as attempts."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE outbox SET attempts = attempts + ?, last_error = ?, next_attempt_at = ?, "
                "claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                [int(count_attempt), error[:500], next_attempt_at, message_id],
            )

    def defer(self, message_id: int, error: str, next_attempt_at: float) -> None:
        """Refused by the chat API: count the attempt and try again at ``next_attempt_at``,
        held meanwhile, so the chat's later rows go on without it."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE outbox SET status = 'held', attempts = attempts + 1, last_error = ?, "
                "next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL "
                "WHERE id = ? AND status = 'pending'",
                [error[:500], next_attempt_at, message_id],
            )

    def mark_failed(self, message_id: int, error: str, now: float | None = None) -> None:
        """Given up after an attempt (the chat is gone, the message refused for good, or its
        retries ran out): kept, with the error, for operators."""
        now = time.time() if now is None else now
        with self.db.atomic():
            self.db.execute(
                "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, "
                "next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                [error[:500], now, message_id],
            )

    def fail_pending_for_chat(
        self, transport: str, chat_id: str, error: str, now: float | None = None
    ) -> int:
        """A gone chat's other waiting rows (held ones too) cannot be delivered either."""
        now = time.time() if now is None else now
        with self.db.atomic():
            return self.db.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?, next_attempt_at = ? "
                "WHERE transport = ? AND chat_id = ? AND status IN ('pending', 'held')",
                [error[:500], now, transport, chat_id],
            )

    def failures(self, limit: int = 20) -> tuple[int, list[FailedDelivery]]:
        """Rows given up, and rows possibly sent during a stop (for operators): how many in
        all, and the newest ``limit`` of them."""
        row = self.db.one("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('failed', 'unconfirmed')")
        total = 0 if row is None else row["n"]
        rows = self.db.query(
            "SELECT id, transport, chat_id, thread_id, topic, kind, payload, attempts, last_error, "
            "created_at, next_attempt_at, status FROM outbox "
            "WHERE status IN ('failed', 'unconfirmed') "
            "ORDER BY next_attempt_at DESC, id DESC LIMIT ?",
            [limit],
        )
        return total, [
            FailedDelivery(
                id=r["id"],
                transport=r["transport"],
                chat_id=r["chat_id"],
                thread_id=r["thread_id"],
                topic=r["topic"],
                kind=r["kind"],
                title=AlertPayload.from_json(json.loads(r["payload"])).title,
                attempts=r["attempts"],
                error=r["last_error"] or "",
                queued_at=r["created_at"],
                failed_at=r["next_attempt_at"],
                status=r["status"],
            )
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        """Rows per status."""
        return {
            r["status"]: r["n"]
            for r in self.db.query("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
        }

    def depth(self) -> int:
        return self.counts().get("pending", 0)

    def oldest_pending_age(self, now: float | None = None) -> float:
        now = time.time() if now is None else now
        row = self.db.one("SELECT MIN(created_at) AS t FROM outbox WHERE status = 'pending'")
        return 0.0 if row is None or row["t"] is None else now - row["t"]

    def get(self, message_id: int) -> OutboxMessage:
        row = self.db.one("SELECT * FROM outbox WHERE id = ?", [message_id])
        if row is None:
            raise KeyError(message_id)
        return _message(row)

    def all(self) -> list[OutboxMessage]:
        return [_message(r) for r in self.db.query("SELECT * FROM outbox ORDER BY id")]
