"""The Slack transport: slash commands and Block Kit alerts through Bolt (async).

Commands are acknowledged at once (Slack allows three seconds) and answered
after through the command's response_url, so a slow /status never times out.
Alerts go out with chat.postMessage, paced at one per second per channel;
429 is waited out as Retry-After says; channel_not_found, not_in_channel and
is_archived deactivate the channel; a private channel shared outside the
workspace gets a new id (the channel_id_changed event), and its subscriptions,
settings and queued alerts move there. Errors that may heal (5xx, a token or a
workspace setting an admin can fix) are retried with backoff; a message Slack
refuses as malformed is failed at once; any other error is refused and tried a
few times without holding the channel's later alerts.
Runs in HTTP mode (signed requests verified by Bolt) or Socket Mode.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.chat import ChatRef, CommandContext
from bot.commands import Router
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.transports.base import (
    NOT_MINE,
    ChatGone,
    Delivered,
    Gate,
    Refused,
    RetryLater,
    SendResult,
    passes,
    send_parts,
    unconfirmed,
)
from bot.ops.health import bound_port
from bot.records import OutboxMessage
from bot.render.markup import Document
from bot.render.slack_blocks import alert_blocks, document_messages
from config.settings import SlackSettings
from storage import StorageError

log = logging.getLogger(__name__)

# The channel will never take a message from this app again: deleted or unknown, the app
# removed from it, archived.
GONE_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived"})
# Errors that may heal: Slack's own trouble, and what a workspace admin or the operator can
# fix (a token, a scope, a posting restriction). Retried with backoff, subscriptions untouched.
MAY_HEAL_ERRORS = frozenset(
    {
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "ratelimited",
        "account_inactive",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "no_permission",
        "access_denied",
        "ekm_access_denied",
        "team_access_not_granted",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "messages_tab_disabled",
    }
)
# The message itself is at fault: sending it again cannot help.
MALFORMED_ERRORS = frozenset(
    {
        "msg_too_long",
        "no_text",
        "invalid_blocks",
        "invalid_blocks_format",
        "too_many_attachments",
        "invalid_attachments",
        "invalid_arguments",
        "invalid_arg_name",
        "invalid_array_arg",
        "invalid_charset",
        "invalid_form_data",
        "invalid_post_type",
        "missing_post_type",
        "json_not_object",
    }
)
# chat.update answers that leave nothing to do: the message was deleted, or is too old to edit.
NOTHING_TO_UPDATE = frozenset({"message_not_found", "cant_update_message", "edit_window_closed"})


def api_base_url(configured: str | None) -> str:
    """The Web API base URL with its trailing slash: slack_sdk joins the method name to it
    with urljoin, so "…/api" would post to "…/chat.postMessage", outside the API."""
    if not configured:
        return AsyncWebClient.BASE_URL
    return configured if configured.endswith("/") else configured + "/"


def failure_result(status: int, error: str | None, detail: str) -> SendResult:
    """What a Web API error (other than a 429) means for the message and its channel."""
    if error in GONE_ERRORS:
        return ChatGone(str(error))
    if status >= 500 or not error or error in MAY_HEAL_ERRORS:
        return RetryLater(f"{status} {error or detail}")
    return Refused(str(error), malformed=error in MALFORMED_ERRORS)


class SlackTransport:
    """Sends alerts and answers slash commands in Slack channels and DMs."""

    name = "slack"
    # Slack's chat.postMessage allows about one message per second per channel,
    # with short bursts; the workspace-wide tier is far higher.
    MESSAGES_PER_SECOND = 20.0  # per channel pacing is [slack] channel_interval
    UMBRELLA = "talkwatch"  # /talkwatch <command> [args], for workspaces with name clashes

    def __init__(
        self,
        bot_token: str,
        router: Router,
        settings: SlackSettings | None = None,
        *,
        host: str | None = None,
        port: int | None = None,
        on_chat_moved: Callable[[ChatRef, str, str], object] | None = None,
    ) -> None:
        settings = settings or SlackSettings()
        self.router = router
        # Called with (the channel, its new id, why) when Slack says a channel's id changed.
        self.on_chat_moved = on_chat_moved
        signing_secret = settings.signing_secret.value if settings.signing_secret else None
        app_token = settings.app_token.value if settings.app_token else None
        self.app_token = app_token
        self.host = settings.host if host is None else host
        self.port = settings.port if port is None else port
        self.restrict_follow = settings.restrict_follow
        self.follow_users = frozenset(settings.follow_users)
        self.client = AsyncWebClient(token=bot_token, base_url=api_base_url(settings.api_base_url))
        self.app = AsyncApp(
            client=self.client,
            signing_secret=signing_secret,
            # Socket Mode has no HTTP requests to verify.
            request_verification_enabled=app_token is None,
        )
        self.limiter = RateLimiter(self.MESSAGES_PER_SECOND, per_key_interval=settings.channel_interval)
        for name in [*router.commands, self.UMBRELLA]:
            self.app.command(f"/{name}")(self._on_command)
        self.app.event("channel_id_changed")(self._on_channel_id_changed)
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self.bound_port: int | None = None

    # ---------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Socket Mode when an app-level token is set, else HTTP mode on host:port."""
        if self.app_token:
            self._socket = AsyncSocketModeHandler(self.app, self.app_token)
            await self._socket.connect_async()
            log.info("slack: connected in Socket Mode")
            return
        self._runner = web.AppRunner(self.app.web_app(path="/slack/events", port=self.port), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.bound_port = bound_port(site)
        log.info("slack: listening for slash commands on %s:%d/slack/events", self.host, self.bound_port)

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---------------------------------------------------------------- commands

    async def _on_command(self, ack: Any, command: dict, respond: Any) -> None:
        await ack()  # within Slack's three seconds; the answer follows
        name = command.get("command", "").lstrip("/")
        text = (command.get("text") or "").strip()
        line = f"/{text}" if name == self.UMBRELLA else f"/{name} {text}"
        if name == self.UMBRELLA and not text:
            line = "/help"
        channel = command.get("channel_id", "")
        user = command.get("user_id", "")
        is_group = not channel.startswith("D")  # D…: a direct message
        is_admin = True
        parsed = self.router.parse(line)
        if self.restrict_follow and is_group and parsed is not None:
            target = self.router.commands.get(parsed[0])
            if target is not None and target.group_admin_only:
                is_admin = await self._may_manage(user)
        reply = self.router.dispatch(
            line,
            CommandContext(
                ChatRef(self.name, channel), user_id=user, is_group=is_group, is_chat_admin=is_admin
            ),
        )
        if reply is None:
            return
        # Usage errors, refusals and operator output: only the asker sees them.
        visibility = "ephemeral" if reply.private else "in_channel"
        for blocks, fallback in document_messages(reply.document):
            try:
                await respond(blocks=blocks, text=fallback, response_type=visibility, replace_original=False)
            except Exception as exc:  # the user sees nothing; the operator sees why
                log.warning("slack: reply in %s failed: %s", channel, exc)
                return

    async def _on_channel_id_changed(self, event: dict) -> None:
        """A private channel shared outside the workspace (Slack Connect) gets a new id for
        good: its subscriptions, settings and queued alerts move there."""
        old, new = event.get("old_channel_id"), event.get("new_channel_id")
        if not old or not new or self.on_chat_moved is None:
            return
        try:
            self.on_chat_moved(ChatRef(self.name, str(old)), str(new), "channel id changed")
        except StorageError as exc:  # Slack sends the event once: say so, loudly
            log.error("slack: channel %s is now %s, but the move was not recorded: %s", old, new, exc)

    async def _may_manage(self, user_id: str) -> bool:
        """Listed in settings, or a workspace admin or owner."""
        if user_id in self.follow_users:
            return True
        try:
            info = await self.client.users_info(user=user_id)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: could not check %s's role: %s", user_id, exc)
            return False
        user = info.get("user") or {}
        return bool(user.get("is_admin") or user.get("is_owner"))

    # ---------------------------------------------------------------- sending

    async def send(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        blocks, fallback = alert_blocks(message.payload)
        return await self._post(chat, blocks, fallback, gate)

    async def send_document(self, chat: ChatRef, document: Document, gate: Gate | None = None) -> SendResult:
        async def post(message: tuple[list[dict], str]) -> SendResult:
            return await self._post(chat, message[0], message[1], gate)

        return await send_parts(document_messages(document), post, gate)

    async def reply(self, chat: ChatRef, document: Document) -> None:
        result = await self.send_document(chat, document)
        if not isinstance(result, Delivered):
            log.warning("slack: message to %s not delivered: %s", chat.chat_id, result)

    async def edit(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        """chat.update of the alert's message with its story's outlets so far."""
        if not message.message_ref:
            return Delivered()
        blocks, fallback = alert_blocks(message.payload)
        return await self._post(chat, blocks, fallback, gate, update=message.message_ref)

    async def _post(
        self,
        chat: ChatRef,
        blocks: list[dict],
        fallback: str,
        gate: Gate | None = None,
        *,
        update: str | None = None,
    ) -> SendResult:
        await self.limiter.acquire(chat.chat_id)
        if not passes(gate):
            return NOT_MINE
        try:
            if update is not None:
                response = await self.client.chat_update(
                    channel=chat.chat_id, ts=update, blocks=blocks, text=fallback
                )
            else:
                response = await self.client.chat_postMessage(
                    channel=chat.chat_id,
                    blocks=blocks,
                    text=fallback,
                    unfurl_links=False,
                    unfurl_media=False,
                    thread_ts=chat.thread_id or None,
                )
        except SlackApiError as exc:
            status = exc.response.status_code
            error = exc.response.get("error") if exc.response is not None else None
            if status == 429:
                wait = float(
                    exc.response.headers.get("Retry-After", exc.response.headers.get("retry-after", 1))
                )
                self.limiter.pause(wait)
                return RetryLater(f"429 rate limited: retry after {wait:g}s", retry_after=wait)
            if update is not None and error in NOTHING_TO_UPDATE:
                return Delivered(ref=update)  # the message is gone or may no longer be edited
            return failure_result(status, error, str(exc))
        except asyncio.CancelledError:
            # The stop's deadline came while Slack had the message: it may be posted.
            unconfirmed(gate, "cut off by the stop")
            raise
        except (aiohttp.ClientError, TimeoutError) as exc:
            if not isinstance(exc, aiohttp.ClientConnectorError):
                # Sent, and no answer (a timeout, a connection lost mid-request): it may be posted.
                unconfirmed(gate, f"{type(exc).__name__}: {exc}")
            return RetryLater(f"{type(exc).__name__}: {exc}")
        return Delivered(ref=str(response.get("ts")))
