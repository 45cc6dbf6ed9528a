"""Drain the outbox: at-least-once delivery, retried with backoff, never dropped silently.

What each answer of a chat API leads to (wait, retry, refused, gone, a chat that moved)
is described in docs/delivery.md; a row given up is kept as failed, for operators.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.chat import ChatRef
from bot.delivery.transports.base import (
    ChatGone,
    ChatMoved,
    Delivered,
    Gate,
    LeftPending,
    Refused,
    RetryLater,
    SendResult,
    Transport,
)
from bot.news.quiet import (
    DailyDigest,
    QuietError,
    QuietHours,
    digest_moments,
    parse_digest,
    parse_quiet,
    quiet_until,
)
from bot.ops.metrics import Metrics
from bot.records import OutboxMessage
from bot.render.alerts import burst_head, digest_head, group_documents
from config.settings import DeliverySettings
from storage import Storage, StorageError

log = logging.getLogger(__name__)
# A chat that moves more than this often in one drain is not followed further this time.
MAX_MOVES = 2


@dataclass
class DrainReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    waits: int = 0  # flood-control waits the API asked for


class Sender:
    """Sends due outbox rows through their transports.

    Rows of one chat go in order, one at a time; different chats proceed
    concurrently and the transport's own rate limiter paces them. A row is
    marked sent only after the transport confirms it.

    With several instances on one database, only the leader drains (``may_send`` says
    whether this one still leads, and is asked before every send), and each row is
    claimed for ``claim_seconds`` before it goes on the wire, so an instance that lost
    the lead mid-drain cannot send a row the next leader sends. ``claim_seconds=None``:
    the only instance (SQLite), no claims needed.
    """

    def __init__(
        self,
        storage: Storage,
        transports: dict[str, Transport],
        settings: DeliverySettings | None = None,
        *,
        clock: Callable[[], float] = time.time,
        metrics: Metrics | None = None,
        holder: str = "",
        may_send: Callable[[], bool] = lambda: True,
        claim_seconds: float | None = None,
    ) -> None:
        settings = settings or DeliverySettings()
        self.metrics = metrics
        self.storage = storage
        self.transports = transports
        self.clock = clock
        self.base_backoff = settings.backoff_seconds
        self.max_backoff = settings.max_backoff_seconds
        self.batch = settings.batch
        self.concurrency = settings.concurrency
        self.refused_attempts = settings.refused_attempts
        self.retry_attempts = settings.retry_attempts
        self.burst_threshold = settings.burst_threshold
        self.holder = holder
        self.may_send = may_send
        self.claim_seconds = claim_seconds
        self._stopping = False
        self._lock = asyncio.Lock()
        self._rearm: set[tuple[str, str]] = set()  # chats whose held rows go as a digest later
        self._no_digest_now: set[tuple[str, str]] = set()  # chats in quiet hours this drain
        # Delivered, but the database could not record it yet (locked): row id → message ref.
        # Never sent again; recorded at the next drain.
        self._unrecorded: dict[int, str | None] = {}
        # The parts of long messages delivered, whose recording waits for the database:
        # rows (by the first id) → (parts delivered, the first part's id), and the rows.
        self._parts: dict[int, tuple[int, str | None]] = {}
        self._parts_rows: dict[int, list[int]] = {}

    def stop(self) -> None:
        """Finish the sends in flight, start no new ones (graceful shutdown).

        A message already on its way (its first part went) may send its later parts; the
        transports cut a request off at the stop's deadline, and a row whose part went on
        the wire with no answer by then is recorded as possibly sent (``unconfirmed``), so a
        restart does not send it again (see ``_RowGate``)."""
        self._stopping = True

    def resume(self) -> None:
        """Send again (this instance leads again)."""
        self._stopping = False

    def _gate(self, messages: list[OutboxMessage]) -> Gate:
        """What the transport asks right before these rows go on the wire (after its pacing
        wait): does this instance still lead, and may it claim them (no other holds them)?
        Claimed only then, so a claim never outlives a long wait in the rate limiter."""
        return _RowGate(self, messages)

    def _may_go(self, ids: list[int], started: bool) -> bool:
        # A stop lets the later parts of a message whose first part went finish.
        if (self._stopping and not started) or not self.may_send():
            return False
        if self.claim_seconds is None:
            return True
        try:
            if not self.storage.outbox.claim(ids, self.holder, self.claim_seconds):
                return False
        except StorageError as exc:  # cannot claim: do not send
            log.warning("outbox claim failed, the send waits: %s", exc)
            return False
        if not self.may_send():  # the claim took so long that the lease ran out meanwhile
            with contextlib.suppress(*StorageError):
                self.storage.outbox.release(self.holder)
            return False
        return True

    def _unconfirmed(self, ids: list[int], error: str, transport: str) -> None:
        """During a stop, a part of these rows went on the wire and no answer came before the
        deadline: the chat may have it. Recorded as possibly sent, never sent again (outside
        a stop such a row is retried: at least once)."""
        if not self._stopping:
            return
        try:
            self.storage.outbox.mark_unconfirmed(ids, f"stopped before the chat API answered: {error}")
        except StorageError as exc:
            log.error("rows %s may have been delivered, and could not be recorded so: %s", ids, exc)
            return
        if self.metrics is not None:
            self.metrics.observe_unconfirmed(transport, len(ids))
        log.warning(
            "shutdown: alert(s) %s went out with no answer before the deadline; recorded as "
            "possibly sent (unconfirmed), not sent again",
            ", ".join(map(str, ids)),
        )

    async def finished(self) -> None:
        """Wait until the drain in flight, if any, has finished its current sends."""
        async with self._lock:
            pass

    def _record_parts(self, ids: list[int], parts: int, first_ref: str | None) -> None:
        """The first ``parts`` parts of these rows' message are delivered: recorded now, so a
        stop, a failover or a database error between parts sends none of them again (held
        in memory meanwhile if the database takes no writes)."""
        self._parts[ids[0]] = (parts, first_ref)
        self._parts_rows[ids[0]] = ids
        try:
            self.storage.outbox.mark_parts_sent(ids, parts, first_ref)
        except StorageError as exc:
            log.warning(
                "part %d of alert(s) %s delivered; recording it waits for the database: %s",
                parts,
                ", ".join(map(str, ids)),
                exc,
            )
            return
        del self._parts[ids[0]], self._parts_rows[ids[0]]

    def _record_delivered(self) -> bool:
        """Record the deliveries the database could not take before; True when all are in."""
        for first, (parts, first_ref) in list(self._parts.items()):
            try:
                self.storage.outbox.mark_parts_sent(self._parts_rows[first], parts, first_ref)
            except StorageError:
                return False
            del self._parts[first], self._parts_rows[first]
        for message_id, ref in list(self._unrecorded.items()):
            try:
                self.storage.outbox.mark_sent(message_id, ref, now=self.clock())
            except StorageError:
                return False
            del self._unrecorded[message_id]
        return True

    def backoff(self, attempts: int) -> float:
        """Exponential backoff with jitter, capped."""
        delay = min(self.base_backoff * 2 ** max(attempts - 1, 0), self.max_backoff)
        return delay * random.uniform(0.8, 1.2)

    async def drain(self) -> DrainReport:
        """Send everything due now; returns what happened."""
        report = DrainReport()
        if self._lock.locked() or self._stopping or not self.may_send():
            return report  # the previous drain is still running, or another instance sends
        async with self._lock:
            if not self._record_delivered():
                return report  # the database still takes no writes: send nothing we could not record
            now = self.clock()
            self.storage.outbox.release_held(now)  # quiet hours that ended: their alerts are due
            timed = self._timed_chats()
            due = self.storage.outbox.due(
                list(self.transports), limit=self.batch, now=now, holder=self.holder
            )
            by_chat: dict[tuple[str, str, str], list[OutboxMessage]] = {}
            for message in due:
                by_chat.setdefault((message.transport, message.chat_id, message.thread_id), []).append(
                    message
                )
            gate = asyncio.Semaphore(self.concurrency)

            async def run(chat: ChatRef, messages: list[OutboxMessage]) -> None:
                async with gate:
                    try:
                        messages = self._hold_back(chat, messages, *timed.get(chat.key, (None, None)))
                        await self._drain_chat(chat, messages, report)
                    except StorageError as exc:  # locked or full: this chat waits for the next drain
                        log.warning(
                            "%s: delivery to %s paused: database: %s", chat.transport, chat.chat_id, exc
                        )

            await asyncio.gather(*(run(ChatRef(*key), msgs) for key, msgs in by_chat.items()))
        return report

    def _timed_chats(self) -> dict[tuple[str, str], tuple[QuietHours | None, DailyDigest | None]]:
        """Chats with quiet hours or a daily digest (one query per drain, not one per chat)."""
        timed = {}
        for key, (quiet, digest) in self.storage.subscriptions.timed_chats().items():
            try:
                timed[key] = (
                    parse_quiet(quiet.split()) if quiet else None,
                    parse_digest(digest.split()) if digest else None,
                )
            except QuietError as exc:  # stored by a command that checked it: a zone gone from tzdata
                log.warning("%s chat %s: quiet hours or digest ignored: %s", *key, exc)
        return timed

    def _hold_back(
        self,
        chat: ChatRef,
        messages: list[OutboxMessage],
        quiet: QuietHours | None,
        digest: DailyDigest | None,
    ) -> list[OutboxMessage]:
        """What may go now. A daily digest takes what was queued before its last moment and
        holds what came since for the next; quiet hours hold alerts until they end (breaking
        ones pass when asked for). Held rows go out as one digest when released."""
        now = self.clock()
        held: list[OutboxMessage] = []
        if digest is not None:
            last, following = digest_moments(digest, now)
            later = [m for m in messages if m.kind == "alert" and m.next_attempt_at > last]
            self.storage.outbox.hold([m.id for m in later], following)
            held += later
        until = quiet_until(quiet, now) if quiet is not None else None
        if quiet is not None and until is not None:
            quiet_held = [
                m
                for m in messages
                if m.kind == "alert" and m not in held and not (quiet.breaking and m.payload.breaking)
            ]
            self.storage.outbox.hold([m.id for m in quiet_held], until)
            held += quiet_held
            # In quiet hours what passes (breaking news) goes one by one, never as the digest.
            self._no_digest_now.add(chat.key)
        if held:
            self._rearm.add(chat.key)
        return [m for m in messages if m not in held]

    async def _drain_chat(self, chat: ChatRef, messages: list[OutboxMessage], report: DrainReport) -> None:
        ended_at = chat  # where the chat is at the end (a chat that moved: its new id)
        try:
            ended_at = await self._send_chat(chat, messages, report)
        finally:
            # Rows held back just now go out as one digest when released.
            if chat.key in self._rearm:
                self._rearm.discard(chat.key)
                self.storage.subscriptions.rearm_digest(ended_at.transport, ended_at.chat_id)
            self._no_digest_now.discard(chat.key)

    def move_chat(self, chat: ChatRef, new_chat_id: str, why: str) -> ChatRef:
        """The chat lives on under another id: its subscriptions, settings and waiting alerts
        move there in one transaction, and the log says so. Returns the chat at its new id."""
        moved = self.storage.subscriptions.move_chat(chat.transport, chat.chat_id, new_chat_id)
        log.warning(
            "%s chat %s moved to %s (%s): %d subscription(s), its settings and %d waiting alert(s) "
            "moved there; delivery goes on there",
            chat.transport,
            chat.chat_id,
            new_chat_id,
            why,
            moved.subscriptions,
            moved.alerts,
        )
        return ChatRef(chat.transport, new_chat_id, chat.thread_id)

    async def _send_chat(self, chat: ChatRef, messages: list[OutboxMessage], report: DrainReport) -> ChatRef:
        """Send one chat's due rows in order; returns the chat as it is known at the end."""
        transport = self.transports[chat.transport]
        alerts = [m for m in messages if m.kind == "alert"]
        # The first drain after a mute, quiet hours or a digest moment: what was held goes
        # out as one digest (a single alert goes out as itself); the flag is used up either way.
        if (
            chat.key not in self._no_digest_now
            and alerts
            and self.storage.subscriptions.take_digest(chat.transport, chat.chat_id)
            and len(alerts) > 1
        ):
            return (await self._send_group(transport, chat, alerts, report, digest=True))[0]
        queue = list(messages)
        if len(alerts) > self.burst_threshold:
            # A burst: the alerts go as one message (or a few, within the limits), newest first;
            # the edits of alerts sent before go on one by one after it.
            chat, done = await self._send_group(transport, chat, alerts, report, digest=False)
            if not done:
                return chat
            queue = [m for m in messages if m.kind != "alert"]
        moves = 0
        while queue:
            message = queue[0]
            if self._stopping:
                return chat
            try:
                if message.kind == "edit":
                    result: SendResult = await transport.edit(chat, message, self._gate([message]))
                else:
                    result = await transport.send(chat, message, self._gate([message]))
            except Exception as exc:  # a transport bug must not lose the row
                log.exception("%s: send to %s raised", chat.transport, chat.chat_id)
                result = RetryLater(f"{type(exc).__name__}: {exc}")
            if isinstance(result, LeftPending):
                return chat  # stopping, no longer leading, or another instance holds the row
            if isinstance(result, ChatMoved) and moves < MAX_MOVES:
                moves += 1
                chat = self.move_chat(chat, result.chat_id, result.error)
                if message.kind == "edit":
                    # The message it would edit stays in the old chat's history: nothing to do.
                    self.storage.outbox.mark_sent(message.id, message.message_ref, now=self.clock())
                    queue.pop(0)
                continue  # the same alert, at once, at the new id
            if isinstance(result, Delivered):
                report.sent += 1
                self._observe(chat, "sent")
                try:
                    self.storage.outbox.mark_sent(message.id, result.ref, now=self.clock())
                except StorageError as exc:
                    # Sent, but not recorded: remember it, so it is never sent twice.
                    self._unrecorded[message.id] = result.ref
                    log.warning(
                        "alert %d delivered; recording it waits for the database: %s", message.id, exc
                    )
                    return chat  # this chat's later alerts wait, to keep their order
                queue.pop(0)
                continue
            if not self._handle_failure(chat, message, result, report):
                return chat
            queue.pop(0)  # given up, or waiting apart: the chat's later alerts go on
        return chat

    async def _send_group(
        self,
        transport: Transport,
        chat: ChatRef,
        alerts: list[OutboxMessage],
        report: DrainReport,
        *,
        digest: bool,
    ) -> tuple[ChatRef, bool]:
        """Several alerts as one message: the ones held during a mute or quiet hours (a
        digest, in the order queued), or a burst (newest first). Split into parts only to
        stay within the message limits; each part is one message, and its rows are marked
        sent as soon as it is delivered, so a stop or a database error between parts sends
        no part twice. Returns the chat as known at the end, and whether all went."""
        ordered = list(alerts) if digest else list(reversed(alerts))
        head = digest_head(len(ordered)) if digest else burst_head([m.payload for m in ordered])
        parts = group_documents([m.payload for m in ordered], head)
        start = 0
        spans = []
        for size, document in parts:
            spans.append((ordered[start : start + size], document))
            start += size
        moved = False
        for rows, document in spans:
            while True:
                try:
                    result: SendResult = await transport.send_document(chat, document, self._gate(rows))
                except Exception as exc:
                    log.exception("%s: grouped alerts to %s raised", chat.transport, chat.chat_id)
                    result = RetryLater(f"{type(exc).__name__}: {exc}")
                if isinstance(result, ChatMoved) and not moved:
                    moved = True
                    chat = self.move_chat(chat, result.chat_id, result.error)
                    continue
                break
            if not isinstance(result, Delivered):
                # Not delivered: these rows and the later parts' stay pending.
                if digest:
                    self.storage.subscriptions.rearm_digest(chat.transport, chat.chat_id)
                if not isinstance(result, LeftPending):
                    oldest = min(rows, key=alerts.index)
                    self._handle_failure(chat, oldest, result, report)
                return chat, False
            report.sent += len(rows)
            self._observe(chat, "sent")
            # No message ref: the message holds several alerts, so none of them is edited.
            for i, message in enumerate(rows):
                try:
                    self.storage.outbox.mark_sent(message.id, None, now=self.clock())
                except StorageError as exc:
                    # Delivered, not recorded: never sent again (recorded at the next drain).
                    for unrecorded in rows[i:]:
                        self._unrecorded[unrecorded.id] = None
                    log.warning(
                        "%d grouped alerts to %s delivered; recording them waits for the database: %s",
                        len(rows) - i,
                        chat.chat_id,
                        exc,
                    )
                    return chat, False
        return chat, True

    def _observe(self, chat: ChatRef, outcome: str, waited: bool = False) -> None:
        if self.metrics is not None:
            self.metrics.observe_delivery(chat.transport, outcome, waited)

    def _handle_failure(
        self, chat: ChatRef, message: OutboxMessage, result: SendResult, report: DrainReport
    ) -> bool:
        """Record a failed send. True when the chat's later rows may go on now (this one was
        given up, or waits apart); False when they wait behind it, to keep their order."""
        now = self.clock()
        attempts = message.attempts + 1
        if isinstance(result, ChatGone):
            self.storage.subscriptions.deactivate_chat(chat.transport, chat.chat_id, result.error)
            self.storage.outbox.mark_failed(message.id, result.error, now)
            dropped = self.storage.outbox.fail_pending_for_chat(
                chat.transport, chat.chat_id, result.error, now
            )
            log.warning(
                "%s chat %s is gone (%s): subscriptions deactivated, %d queued alerts cancelled",
                chat.transport,
                chat.chat_id,
                result.error,
                dropped + 1,
            )
            report.failed += 1 + dropped
            self._observe(chat, "failed")
            self._count_failures(chat, "chat_gone", 1 + dropped)
            return False
        if isinstance(result, Refused):
            if result.malformed:
                self._give_up(chat, message, result.error, "malformed", report)
                log.warning(
                    "%s: alert %d to %s refused as malformed (%s): marked failed at once, kept for "
                    "operators (/failures); the chat's later alerts go on",
                    chat.transport,
                    message.id,
                    chat.chat_id,
                    result.error,
                )
                return True
            if attempts >= self.refused_attempts:
                self._give_up(chat, message, result.error, "refused", report)
                log.warning(
                    "%s: alert %d to %s refused %d times (%s): marked failed, kept for operators "
                    "(/failures); the chat's later alerts go on",
                    chat.transport,
                    message.id,
                    chat.chat_id,
                    attempts,
                    result.error,
                )
                return True
            wait = self.backoff(attempts)
            self.storage.outbox.defer(message.id, result.error, now + wait)
            report.retried += 1
            self._observe(chat, "retried")
            log.warning(
                "%s: alert %d to %s refused (%s), attempt %d of %d; tried again in %.1fs, "
                "the chat's later alerts go on meanwhile",
                chat.transport,
                message.id,
                chat.chat_id,
                result.error,
                attempts,
                self.refused_attempts,
                wait,
            )
            return True
        # Errors that may heal; a chat that keeps moving within one drain is tried again later.
        retry = RetryLater(result.error) if isinstance(result, ChatMoved) else result
        assert isinstance(retry, RetryLater)
        if retry.retry_after is not None:
            wait = retry.retry_after
            report.waits += 1
            self.storage.outbox.mark_retry(message.id, retry.error, now + wait, count_attempt=False)
        elif attempts >= self.retry_attempts:
            self._give_up(chat, message, retry.error, "retries", report)
            log.warning(
                "%s: alert %d to %s not delivered after %d attempts (%s): marked failed, kept for "
                "operators (/failures); the chat's later alerts go on",
                chat.transport,
                message.id,
                chat.chat_id,
                attempts,
                retry.error,
            )
            return True
        else:
            wait = self.backoff(attempts)
            self.storage.outbox.mark_retry(message.id, retry.error, now + wait)
        report.retried += 1
        self._observe(chat, "retried", waited=retry.retry_after is not None)
        log.warning(
            "%s: alert %d to %s not delivered (%s); retry in %.1fs",
            chat.transport,
            message.id,
            chat.chat_id,
            retry.error,
            wait,
        )
        return False

    def _give_up(
        self, chat: ChatRef, message: OutboxMessage, error: str, reason: str, report: DrainReport
    ) -> None:
        """Mark a row failed: kept, with its error, for operators; it holds nothing back."""
        self.storage.outbox.mark_failed(message.id, error, self.clock())
        report.failed += 1
        self._observe(chat, "failed")
        self._count_failures(chat, reason, 1)

    def _count_failures(self, chat: ChatRef, reason: str, count: int) -> None:
        if self.metrics is not None:
            self.metrics.observe_failures(chat.transport, reason, count)


class _RowGate:
    """The gate of one outbox row (or a digest's rows): asked before each part goes on the
    wire; told when a part of a long message is delivered (``part_delivered``), and when a
    part went and no answer came (``unconfirmed``)."""

    def __init__(self, sender: Sender, messages: list[OutboxMessage]) -> None:
        self.sender = sender
        self.ids = [m.id for m in messages]
        self.transport = messages[0].transport if messages else ""
        self.started = False  # a part passed: the message is on its way
        first = messages[0] if messages else None
        self._done = (
            (0, None)
            if first is None
            else (first.parts_sent, first.message_ref if first.parts_sent else None)
        )

    def parts_done(self) -> tuple[int, str | None]:
        """The parts the chat has: as stored, or as delivered since (the database was locked)."""
        return self.sender._parts.get(self.ids[0], self._done) if self.ids else self._done

    def part_delivered(self, parts: int, first_ref: str | None) -> None:
        self.sender._record_parts(self.ids, parts, first_ref)

    def __call__(self) -> bool:
        if not self.sender._may_go(self.ids, self.started):
            return False
        self.started = True
        return True

    def unconfirmed(self, error: str) -> None:
        self.sender._unconfirmed(self.ids, error, self.transport)
