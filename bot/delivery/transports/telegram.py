"""The Telegram transport: python-telegram-bot (v22, async) for commands and alerts.

Alerts are rendered as Telegram HTML by the pure formatters, split to fit
4,096 characters after entity parsing, paced by our own limiter (overall and
per chat, which PTB's AIORateLimiter lacks for private chats), and every
failure maps to a result the sender understands: 429 → wait as told; a group
upgraded to a supergroup (ChatMigrated) → the chat moves to its new id; missing
rights, 5xx and timeouts → retry with backoff; blocked, kicked, chat not found,
user deactivated → the chat is gone; 400 "can't parse entities" → resend as plain
text; a message refused as malformed → failed at once; any other 400 → refused,
tried a few times without holding the chat's later alerts. The token never
appears in logs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import warnings
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, Updater, filters
from telegram.request import HTTPXRequest

from bot.chat import ChatRef, CommandContext
from bot.commands import Router
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.transports.base import (
    NOT_MINE,
    ChatGone,
    ChatMoved,
    Deadline,
    Delivered,
    Gate,
    Refused,
    RetryLater,
    SendResult,
    passes,
    send_parts,
    unconfirmed,
)
from bot.delivery.transports.telegram_webhook import WebhookServer
from bot.records import OutboxMessage
from bot.render.alerts import alert_document
from bot.render.markup import Document, render_html, render_plain, split, visible_length_utf16
from config.settings import TelegramSettings
from storage import StorageError

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
# A handled update's record waits this long, in all, for a database lock held by a write
# on another thread (a feed body's transaction), without holding the event loop.
# During a stop a request ends this long before the grace period does.
STOP_MARGIN = 0.5
RECORD_ATTEMPTS = 20
RECORD_PAUSE = 0.05
# Answers to an edit that mean there is nothing left to do (not errors).
_NOTHING_TO_EDIT = (
    "message is not modified",
    "message to edit not found",
    "message can't be edited",
    "message_id_invalid",
)
# Errors that may heal: an admin can give the bot its right to post back, or reopen a
# forum topic. Retried with backoff (bounded), the chat's subscriptions untouched.
_MAY_HEAL = (
    "not enough rights",
    "have no rights",
    "need administrator rights",
    "chat_write_forbidden",
    "chat_restricted",
    "topic_closed",
)
# Errors that mean the chat will never take a message from this bot again (any 403 too).
_GONE = (
    "chat not found",
    "bot was kicked",
    "bot was blocked",
    "bot is not a member",
    "user is deactivated",
    "chat was deleted",
    "chat was deactivated",
    "group chat was upgraded",  # without the new id (ChatMigrated carries it)
    "peer_id_invalid",
)
# The message itself is at fault: sending it again cannot help.
_MALFORMED = (
    "message is too long",
    "message_too_long",
    "text is too long",
    "message text is empty",
    "text must be non-empty",
    "can't parse entities",
)


def retry_seconds(exc: RetryAfter) -> float:
    """The wait a 429 asked for, as seconds (PTB 22 returns int or timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def failure_result(exc: TelegramError) -> SendResult:
    """What a Bot API error means for the message and its chat (see the module docstring)."""
    if isinstance(exc, RetryAfter):
        seconds = retry_seconds(exc)
        return RetryLater(f"429 flood control: retry after {seconds:g}s", retry_after=seconds)
    if isinstance(exc, ChatMigrated):
        return ChatMoved(str(exc.new_chat_id), "400 group chat was upgraded to a supergroup")
    reason = exc.message.lower()
    code = "403" if isinstance(exc, Forbidden) else "400" if isinstance(exc, BadRequest) else ""
    if code and any(phrase in reason for phrase in _MAY_HEAL):
        return RetryLater(f"{code} {exc.message}")
    if isinstance(exc, Forbidden) or (code and any(phrase in reason for phrase in _GONE)):
        return ChatGone(f"{code} {exc.message}")
    if isinstance(exc, BadRequest):
        return Refused(f"400 {exc.message}", malformed=any(phrase in reason for phrase in _MALFORMED))
    # Timeouts, network errors, 5xx, and the rest (a token refused: the operator fixes it).
    return RetryLater(f"{type(exc).__name__}: {exc.message}")


class TelegramTransport:
    """Sends alerts and answers commands in Telegram chats."""

    name = "telegram"
    # Telegram's limits (Bot API FAQ): a message is at most 4,096 characters after
    # entity parsing; about 30 messages per second overall; about one per second
    # to one chat; 20 per minute to one group or channel.
    # Pacing (30/s overall, 1/s per chat, 20/min per group, 97% of that) is in
    # [telegram] settings, whose defaults are these limits.
    MAX_MESSAGE_LENGTH = 4096
    REPLY_RETRIES = 3
    # Sends are paced, so a few sockets carry hundreds per second; httpcore scans
    # its whole pool on every request, and a large pool costs more CPU than it saves.
    CONNECTIONS = 8

    def __init__(
        self,
        token: str,
        router: Router | None = None,
        settings: TelegramSettings | None = None,
        *,
        poll_interval: float = 0.0,
        poll_timeout: int = 30,
        first_time: Callable[[str], bool] | None = None,
        on_chat_moved: Callable[[ChatRef, str, str], object] | None = None,
    ) -> None:
        settings = settings or TelegramSettings()
        # Called with (the chat, its new id, why) when Telegram says a group became a
        # supergroup: its subscriptions, settings and queued alerts move (the sender's).
        self.on_chat_moved = on_chat_moved
        # Webhook mode when a URL is set: updates come to this instance's listener.
        self.webhook_url = settings.webhook_url
        self.webhook: WebhookServer | None = None
        if settings.webhook_url is not None:
            if settings.webhook_secret is None:
                raise ValueError("TELEGRAM_WEBHOOK_SECRET is not set (webhook mode needs it)")
            self.webhook = WebhookServer(
                settings.webhook_host,
                settings.webhook_port,
                urlsplit(settings.webhook_url).path or "/",
                settings.webhook_secret.value,
                self._enqueue,
            )
            self._webhook_secret = settings.webhook_secret.value
        # Long polling starts with start(), unless the app starts it only while leading.
        self.poll_on_start = True
        # Records an update as handled; False when it was (by any instance): Telegram
        # redelivers an update whose answer it did not get, and after a change of leader
        # getUpdates returns the ones the old leader did not confirm.
        self.first_time = first_time
        # PTB 22 warns on every 429 unless it may return retry_after as a
        # timedelta, which retry_seconds() reads either way.
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        self.router = router
        self.link_previews = settings.link_previews
        self.poll_interval = poll_interval
        self.poll_timeout = poll_timeout
        self.private_interval = settings.private_chat_interval
        self.group_interval = settings.group_chat_interval
        # Pace a little under the limit: network jitter bunches evenly spaced sends,
        # and a bunch over the limit costs a 429 and a pause for every chat.
        self.limiter = RateLimiter(
            settings.messages_per_second * settings.pacing_margin, per_key_interval=self.private_interval
        )
        self.application: Application = (
            ApplicationBuilder()
            .token(token)
            .base_url(settings.api_base_url or DEFAULT_BASE_URL)
            .request(
                HTTPXRequest(
                    connection_pool_size=self.CONNECTIONS,
                    read_timeout=settings.read_timeout,
                    pool_timeout=60.0,
                )
            )
            .get_updates_request(HTTPXRequest(read_timeout=poll_timeout + 10.0))
            .job_queue(None)  # one scheduler for the whole bot: talkwatch's own
            .build()
        )
        self.bot = self.application.bot
        self.application.add_handler(MessageHandler(filters.COMMAND, self._on_command))
        self.application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self._on_migrate))
        self.application.add_error_handler(self._on_error)
        self._running = False  # started: commands are handled
        self._polling = False
        self._ready = False
        # Waiting here is cheap; waiting in httpcore's queue is rescanned per request.
        self._in_flight = asyncio.Semaphore(self.CONNECTIONS)
        self.read_timeout = settings.read_timeout
        self.deadline: Deadline | None = None  # a stop under way must be over by then

    def stop_by(self, deadline: Deadline) -> None:
        """A stop: from now on a request waits for its answer no longer than what is left
        of the grace period (the read timeout, 15 s, would outlast it)."""
        self.deadline = deadline

    def _timeouts(self) -> dict[str, Any]:
        """Per-request timeouts: the configured ones, or during a stop what is left (less a
        margin, so the request ends by itself before the app stops what still runs)."""
        if self.deadline is None:
            return {}
        seconds = min(self.read_timeout, self.deadline.left(STOP_MARGIN + 0.1) - STOP_MARGIN)
        return {"read_timeout": seconds, "write_timeout": seconds, "connect_timeout": seconds}

    # ---------------------------------------------------------------- lifecycle

    async def _ensure_ready(self) -> None:
        if not self._ready:
            await self.application.initialize()
            self._ready = True

    async def start(self) -> None:
        """Connect, register the command list, and take updates: from the webhook, or by
        long polling (unless the app polls only while this instance leads)."""
        await self._ensure_ready()
        await self._register_commands()
        await self.application.start()
        self._running = True
        if self.webhook is not None:
            await self.webhook.start()
            await self._set_webhook()
        elif self.poll_on_start:
            await self.set_polling(True)

    async def set_polling(self, on: bool) -> None:
        """Start or stop long polling (getUpdates). Telegram answers 409 Conflict to a
        second poller, so only the leader polls; in webhook mode there is nothing to do."""
        if self.webhook is not None or on == self._polling or not self._running:
            return
        if on:
            await self._updater().start_polling(
                poll_interval=self.poll_interval,
                timeout=self.poll_timeout,
                allowed_updates=[Update.MESSAGE],
            )
            self._polling = True
            log.info("telegram: polling for commands as @%s", self.bot.username)
        else:
            self._polling = False
            await self._updater().stop()
            log.info("telegram: stopped polling for commands")

    async def _set_webhook(self) -> None:
        try:
            await self.bot.set_webhook(
                url=str(self.webhook_url),
                secret_token=self._webhook_secret,
                allowed_updates=[Update.MESSAGE],
            )
        except TelegramError as exc:
            # Another instance may have set it already; updates arrive either way once set.
            log.warning("telegram: setWebhook failed: %s", exc)
            return
        log.info("telegram: webhook set to %s", self.webhook_url)

    async def _enqueue(self, data: dict[str, Any]) -> None:
        """An update the webhook accepted: handled like one from getUpdates."""
        update = Update.de_json(data, self.bot)
        if update is not None:
            await self.application.update_queue.put(update)

    def _updater(self) -> Updater:
        updater = self.application.updater
        if updater is None:  # built without one; ours always has it
            raise RuntimeError("the Telegram application has no updater")
        return updater

    async def stop(self) -> None:
        """Stop taking updates and close every connection."""
        if self.webhook is not None:
            await self.webhook.stop()
        if self._polling:
            await self.set_polling(False)
        if self._running:
            self._running = False
            await self.application.stop()
        if self._ready:
            self._ready = False
            await self.application.shutdown()

    async def _register_commands(self) -> None:
        if self.router is None:
            return
        commands = [BotCommand(c.name, c.description[:256]) for c in self.router.commands.values()]
        try:
            await self.bot.set_my_commands(commands)
        except TelegramError as exc:
            # Clients then show no command menu; the commands still work.
            log.warning("telegram: setMyCommands failed: %s", exc)

    # ---------------------------------------------------------------- commands

    async def _on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        chat = update.effective_chat
        if self.router is None or message is None or chat is None or not message.text:
            return
        if not await self._first_time(update.update_id):
            log.info("telegram: update %d was handled already; ignored", update.update_id)
            return
        thread = (
            str(message.message_thread_id) if message.is_topic_message and message.message_thread_id else ""
        )
        ref = ChatRef(self.name, str(chat.id), thread)
        is_group = chat.type in ("group", "supergroup")
        user_id = str(update.effective_user.id) if update.effective_user else ""
        parsed = self.router.parse(message.text)
        is_admin = True
        if is_group and parsed is not None:
            command = self.router.commands.get(parsed[0])
            if command is not None and command.group_admin_only:
                is_admin = await self._is_chat_admin(chat.id, user_id)
        reply = self.router.dispatch(
            message.text,
            CommandContext(
                ref,
                user_id=user_id,
                is_group=is_group,
                is_chat_admin=is_admin,
                lang=(update.effective_user.language_code or "")[:2] or None
                if update.effective_user
                else None,
            ),
        )
        if reply is not None:
            await self.reply(ref, reply.document)

    async def _on_migrate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group upgraded to a supergroup: Telegram says so in the old group, with the new
        id. The chat moves now, before an alert to the old id would find out."""
        message = update.effective_message
        if message is None or not message.migrate_to_chat_id or self.on_chat_moved is None:
            return
        old = ChatRef(self.name, str(message.chat.id))
        try:
            self.on_chat_moved(old, str(message.migrate_to_chat_id), "group upgraded to a supergroup")
        except StorageError as exc:  # the next send to the old id moves it (ChatMigrated)
            log.warning("telegram: chat %s moved, but recording the move waits: %s", old.chat_id, exc)

    async def _first_time(self, update_id: int) -> bool:
        """Record the update as handled. A write fails fast while another connection holds
        the database's lock (the ingest thread writing a feed body): try again a few times,
        without holding the event loop, before answering unrecorded."""
        if self.first_time is None:
            return True
        error: Exception | None = None
        for _ in range(RECORD_ATTEMPTS):
            try:
                return self.first_time(f"telegram:{update_id}")
            except StorageError as exc:  # locked or away for a moment: wait, then again
                error = exc
                await asyncio.sleep(RECORD_PAUSE)
            except Exception as exc:  # better to answer twice than never
                error = exc
                break
        log.warning("telegram: could not record update %d: %s", update_id, error)
        return True

    async def _is_chat_admin(self, chat_id: int, user_id: str) -> bool:
        try:
            member = await self.bot.get_chat_member(chat_id, int(user_id))
        except Exception as exc:  # no answer means no rights: fail closed
            log.warning("telegram: could not check admin rights in %s: %s", chat_id, exc)
            return False
        return member.status in ("administrator", "creator")

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.warning("telegram: error while handling an update: %s", context.error)

    # ---------------------------------------------------------------- sending

    async def send(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        """Deliver one alert."""
        return await self.send_document(chat, alert_document(message.payload), gate)

    async def edit(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        """editMessageText on the alert's first message (an alert fits one message; if it
        did not, its first part is what is edited)."""
        parts = split(alert_document(message.payload), self.MAX_MESSAGE_LENGTH, visible_length_utf16)
        if not parts or not message.message_ref or not message.message_ref.isdigit():
            return Delivered(ref=message.message_ref)  # nothing that could be edited
        try:
            await self._ensure_ready()
        except TelegramError as exc:
            return RetryLater(f"cannot reach the Bot API: {exc.message}")
        await self.limiter.acquire(chat.chat_id, self._interval(chat))
        async with self._in_flight:
            await self.limiter.hold()
            if not passes(gate):
                return NOT_MINE
            try:
                await self.bot.edit_message_text(
                    text=render_html(parts[0]),
                    chat_id=chat.chat_id,
                    message_id=int(message.message_ref),
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=not self.link_previews),
                    **self._timeouts(),
                )
            except asyncio.CancelledError:
                unconfirmed(gate, "cut off by the stop")
                raise
            except BadRequest as exc:
                reason = exc.message.lower()
                if any(gone in reason for gone in _NOTHING_TO_EDIT):
                    log.info(
                        "telegram: edit of %s in %s not needed: %s", message.message_ref, chat.chat_id, exc
                    )
                    return Delivered(ref=message.message_ref)
                return self._failure(exc)
            except TelegramError as exc:
                if isinstance(exc, NetworkError):  # a timeout: it may have been applied
                    unconfirmed(gate, f"{type(exc).__name__}: {exc.message}")
                return self._failure(exc)
        return Delivered(ref=message.message_ref)

    def _failure(self, exc: TelegramError) -> SendResult:
        """A Bot API error as the sender's result (a 429 pauses every send first)."""
        if isinstance(exc, RetryAfter):
            seconds = retry_seconds(exc)
            self.limiter.pause(seconds)
        return failure_result(exc)

    async def reply(self, chat: ChatRef, document: Document) -> None:
        """Answer a command: a 429 is waited out and transient errors retried a few times.

        Replies are not queued in the outbox (a user waits for them now), but
        a multi-part reply resumes at the part that failed.
        """
        parts = split(document, self.MAX_MESSAGE_LENGTH, visible_length_utf16)
        attempts = 0
        while parts:
            result = await self._send_text(chat, render_html(parts[0]), render_plain(parts[0]))
            if isinstance(result, Delivered):
                parts.pop(0)
                continue
            attempts += 1
            if not isinstance(result, RetryLater) or attempts > self.REPLY_RETRIES:
                log.warning("telegram: reply to %s not delivered: %s", chat.chat_id, result)
                return
            await asyncio.sleep(result.retry_after if result.retry_after is not None else 0.5 * attempts)

    async def send_document(self, chat: ChatRef, document: Document, gate: Gate | None = None) -> SendResult:
        """Send a document, split on paragraph boundaries into messages of ≤ 4,096 characters."""
        parts = split(document, self.MAX_MESSAGE_LENGTH, visible_length_utf16)

        async def post(part: Document) -> SendResult:
            return await self._send_text(chat, render_html(part), render_plain(part), gate)

        return await send_parts(parts, post, gate)

    def _interval(self, chat: ChatRef) -> float:
        # Group, supergroup and channel ids are negative in the Bot API.
        return self.group_interval if chat.chat_id.startswith("-") else self.private_interval

    async def _send_text(self, chat: ChatRef, html: str, plain: str, gate: Gate | None = None) -> SendResult:
        try:
            await self._ensure_ready()
        except TelegramError as exc:
            return RetryLater(f"cannot reach the Bot API: {exc.message}")
        await self.limiter.acquire(chat.chat_id, self._interval(chat))
        kwargs: dict[str, Any] = {
            "chat_id": chat.chat_id,
            "link_preview_options": LinkPreviewOptions(is_disabled=not self.link_previews),
        }
        if chat.thread_id:
            kwargs["message_thread_id"] = int(chat.thread_id)
        async with self._in_flight:
            await self.limiter.hold()  # a 429 may have come while this send queued for a socket
            if not passes(gate):  # asked last: the pacing wait may have been long
                return NOT_MINE
            return await self._post(chat, html, plain, kwargs, gate)

    async def _post(
        self, chat: ChatRef, html: str, plain: str, kwargs: dict[str, Any], gate: Gate | None = None
    ) -> SendResult:
        try:
            try:
                sent = await self.bot.send_message(
                    text=html, parse_mode=ParseMode.HTML, **kwargs, **self._timeouts()
                )
            except BadRequest as exc:
                if "can't parse entities" not in exc.message.lower():
                    raise
                # Never lose the alert over markup: the same content as plain text.
                log.warning(
                    "telegram: HTML rejected for %s (%s); resending as plain text", chat.chat_id, exc.message
                )
                await self.limiter.acquire(chat.chat_id, self._interval(chat))
                sent = await self.bot.send_message(text=plain, **kwargs, **self._timeouts())
        except asyncio.CancelledError:
            # The stop's deadline came while the Bot API had the message: it may be delivered.
            unconfirmed(gate, "cut off by the stop")
            raise
        except TelegramError as exc:
            if isinstance(exc, NetworkError) and not isinstance(exc, BadRequest):
                # No answer (a timeout, a connection lost mid-request): it may be delivered.
                unconfirmed(gate, f"{type(exc).__name__}: {exc.message}")
            return self._failure(exc)
        return Delivered(ref=str(sent.message_id))
