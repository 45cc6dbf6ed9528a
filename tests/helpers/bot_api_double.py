"""A strict Telegram Bot API double on 127.0.0.1, for what the emulator cannot do.

It accepts real python-telegram-bot requests and is stricter than a mock:
- HTML in ``parse_mode=HTML`` is validated the way Telegram does (allowed tags,
  nesting, entities) and rejected with 400 "can't parse entities";
- texts over 4,096 characters after entity parsing (UTF-16 units) get 400;
- the overall and per-chat rates are enforced with 429 and ``retry_after``;
- 403, 5xx and slow answers (client timeouts) can be injected;
- standing refusals (``Refusal``) answer every matching message until removed: a
  group upgraded to a supergroup (400 with ``parameters.migrate_to_chat_id``, as
  Telegram answers), a bot without the right to post, a message refused for good.
Every accepted message is recorded, so a test can assert what a user saw.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.helpers.loopback import serve

ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class ParseError(ValueError):
    pass


def parse_html(text: str) -> str:
    """Validate Telegram HTML; return the visible text. Raises ParseError like Telegram."""
    out = []
    stack: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        chunk = text[pos : m.start()]
        bad = next((c for c in "<>&" if c in chunk), None)
        if bad is not None:
            raise ParseError(
                f"can't parse entities: unexpected {bad!r} at byte offset {pos + chunk.index(bad)}"
            )
        out.append(chunk)
        pos = m.end()
        if m.group(4) is not None:
            entity = m.group(4)
            if entity.startswith("#"):
                code = int(entity[2:], 16) if entity[1] in "xX" else int(entity[1:])
                out.append(chr(code))
            elif entity in _NAMED:
                out.append(_NAMED[entity])
            else:
                raise ParseError(f"can't parse entities: unsupported HTML entity &{entity};")
            continue
        closing, tag, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3) or ""
        if tag not in ALLOWED_TAGS:
            raise ParseError(f'can\'t parse entities: unsupported start tag "{tag}"')
        if closing:
            if not stack or stack[-1] != tag:
                raise ParseError(f'can\'t parse entities: unmatched end tag "{tag}"')
            stack.pop()
            continue
        if tag == "a" and not re.fullmatch(r'\s+href="[^"<>]*"\s*', attrs):
            raise ParseError("can't parse entities: a tag needs exactly one quoted href")
        stack.append(tag)
    tail = text[pos:]
    if any(c in tail for c in "<>&"):
        raise ParseError("can't parse entities: unexpected end of the text")
    out.append(tail)
    if stack:
        raise ParseError(
            f"can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return "".join(out)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_message(text: str, parse_mode: str | None) -> str | None:
    """None if Telegram would accept the text, else the 400 description."""
    try:
        visible = parse_html(text) if parse_mode == "HTML" else text
    except ParseError as exc:
        return f"Bad Request: {exc}"
    if not visible.strip():
        return "Bad Request: message text is empty"
    if utf16_length(visible) > 4096:
        return "Bad Request: message is too long"
    return None


@dataclass
class Refusal:
    """An error the double answers to every message that matches, until the test removes it."""

    description: str  # as Telegram words it: "Bad Request: not enough rights to send text messages …"
    chat_id: str | None = None  # None: any chat
    containing: str = ""  # only messages whose text contains this
    status: int = 400
    parameters: dict[str, Any] = field(default_factory=dict)  # migrate_to_chat_id, retry_after
    answered: int = 0  # how many times it was answered

    def matches(self, chat_id: str, text: str) -> bool:
        return (self.chat_id is None or self.chat_id == chat_id) and self.containing in text


def migrated(old_chat_id: str | int, new_chat_id: int) -> Refusal:
    """What Telegram answers for a group upgraded to a supergroup: 400 with the new id."""
    return Refusal(
        "Bad Request: group chat was upgraded to a supergroup chat",
        chat_id=str(old_chat_id),
        parameters={"migrate_to_chat_id": new_chat_id},
    )


@dataclass
class Sent:
    chat_id: str
    text: str
    parse_mode: str | None
    thread_id: str | None
    link_preview_disabled: bool
    at: float
    instance: str = ""  # which bot process sent it (the path prefix of its base URL)


@dataclass
class BotApiDouble:
    token: str = "123456:TEST-token-for-the-double"
    rate: float = 30.0  # messages per second, all chats
    private_interval: float = 1.0  # seconds between messages to one private chat
    group_per_minute: int = 20
    enforce_limits: bool = True
    sent: list[Sent] = field(default_factory=list)
    faults: deque = field(default_factory=deque)  # (status, description) or ("timeout", seconds)
    force_parse_error: set[str] = field(default_factory=set)  # substrings that trigger a parse error
    too_many: int = 0  # 429s answered
    refused_at: list[float] = field(default_factory=list)  # when each 429 was answered (monotonic)
    answer_delay: float = 0.0  # seconds between accepting a message and answering (a slow API)
    calls: list[str] = field(default_factory=list)
    messages: dict[tuple[str, int], str] = field(default_factory=dict)  # (chat, id) → current text
    edits: list[tuple[str, int, str]] = field(default_factory=list)  # (chat, message id, new text)
    chat_members: dict[tuple[str, str], str] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)  # chats that blocked the bot
    refusals: list[Refusal] = field(default_factory=list)  # standing refusals, the first match answers
    base_url: str = ""
    webhook: dict[str, Any] | None = None  # what setWebhook set (url, secret_token)
    conflicts: int = 0  # getUpdates calls answered 409 (a second poller, or a webhook is set)
    pollers: set[str] = field(default_factory=set)  # instances that called getUpdates
    _poller: tuple[str, int] | None = None  # the getUpdates call waiting now: (instance, its number)
    _poll_seq: int = 0
    _updates: list[dict] = field(default_factory=list)
    _update_event: asyncio.Event = field(default_factory=asyncio.Event)
    _sent_event: asyncio.Event = field(default_factory=asyncio.Event)
    _window: deque = field(default_factory=deque)
    _last: dict[str, float] = field(default_factory=dict)
    _group_window: dict[str, deque] = field(default_factory=dict)
    _next_id: int = 1
    _runner: web.AppRunner | None = None

    @property
    def api_url(self) -> str:
        """python-telegram-bot's base_url form: the token is appended."""
        return f"{self.base_url}/bot"

    def api_url_for(self, instance: str) -> str:
        """The base URL for one of several bot processes: what it sends is marked with
        ``instance`` (Telegram sees one bot; the double tells the processes apart)."""
        return f"{self.base_url}/{instance}/bot"

    # ------------------------------------------------------------ test controls

    def push_command(self, chat_id: int, text: str, **options: Any) -> None:
        """A user sends a command to the bot (it waits for getUpdates); options as for
        ``command_update``."""
        self._updates.append(self.command_update(chat_id, text, **options))
        self._update_event.set()

    def command_update(
        self,
        chat_id: int,
        text: str,
        user_id: int = 1001,
        chat_type: str = "private",
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """The update Telegram makes of a user's command (for getUpdates or a webhook)."""
        command = text.split()[0]
        message: dict[str, Any] = {
            "message_id": self._next_id,
            "date": int(time.time()),
            "text": text,
            "from": {"id": user_id, "is_bot": False, "first_name": "Reader"},
            "chat": {"id": chat_id, "type": chat_type, "title": "Newsroom"}
            if chat_type != "private"
            else {"id": chat_id, "type": "private", "first_name": "Reader"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        self._next_id += 1
        return {"update_id": self._next_id, "message": message}

    def push_update(self, update: dict[str, Any]) -> None:
        """Any update Telegram would deliver (a service message …); it waits for getUpdates."""
        self._next_id += 1
        self._updates.append({"update_id": self._next_id, **update})
        self._update_event.set()

    def migrate_update(self, old_chat_id: int, new_chat_id: int) -> dict[str, Any]:
        """The service message a group's members (and its bots) get when it is upgraded to a
        supergroup: in the old group, naming the new id."""
        self._next_id += 1
        return {
            "message": {
                "message_id": self._next_id,
                "date": int(time.time()),
                "chat": {"id": old_chat_id, "type": "group", "title": "Newsroom"},
                "from": {"id": 1001, "is_bot": False, "first_name": "Reader"},
                "migrate_to_chat_id": new_chat_id,
            }
        }

    def _refusal(self, chat_id: str, text: str) -> web.Response | None:
        for refusal in self.refusals:
            if refusal.matches(chat_id, text):
                refusal.answered += 1
                return self._error(refusal.status, refusal.description, **refusal.parameters)
        return None

    def texts(self, chat_id: str | int | None = None) -> list[str]:
        return [s.text for s in self.sent if chat_id is None or s.chat_id == str(chat_id)]

    async def wait_for(self, count: int) -> None:
        """Wait until ``count`` messages were accepted (the caller bounds the wait)."""
        while len(self.sent) < count:
            self._sent_event.clear()
            await self._sent_event.wait()

    # ------------------------------------------------------------ the API

    def _ok(self, result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    def _error(self, status: int, description: str, **parameters: Any) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return await request.json()
        data = dict(await request.post())
        data.update(request.query)
        return data

    def _limited(self, chat_id: str, now: float) -> float | None:
        """Seconds to wait if this message breaks a limit, else None (and count it)."""
        if not self.enforce_limits:
            return None
        while self._window and now - self._window[0] > 1.0:
            self._window.popleft()
        # A small tolerance for network jitter between two evenly paced sends.
        if len(self._window) >= self.rate + max(1.0, self.rate * 0.05):
            return 1.0
        if chat_id.startswith("-"):
            window = self._group_window.setdefault(chat_id, deque())
            while window and now - window[0] > 60.0:
                window.popleft()
            if len(window) >= self.group_per_minute:
                return max(1.0, 60.0 - (now - window[0]))
        else:
            last = self._last.get(chat_id)
            if last is not None and now - last < self.private_interval * 0.8:
                return max(1.0, self.private_interval)
        self._window.append(now)
        self._last[chat_id] = now
        if chat_id.startswith("-"):
            self._group_window[chat_id].append(now)
        return None

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        instance = request.match_info.get("instance", "")
        self.calls.append(method)
        if token != self.token:
            return self._error(401, "Unauthorized")
        try:
            params = await self._params(request)
        except ConnectionResetError:  # the bot died mid-request (a soak's kill -9): nobody to answer
            return web.Response(status=499)
        if method == "setWebhook":
            secret = str(params.get("secret_token") or "")
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret or "x"):
                return self._error(400, "Bad Request: secret token contains unallowed characters")
            if not str(params.get("url") or "").startswith(("https://", "http://127.0.0.1")):
                return self._error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            self.webhook = {"url": params.get("url"), "secret_token": secret or None}
            return self._ok(True)
        if method == "deleteWebhook":
            self.webhook = None
            return self._ok(True)
        if method == "getMe":
            return self._ok(
                {
                    "id": 4242,
                    "is_bot": True,
                    "first_name": "talkwatch",
                    "username": "talkwatch_bot",
                    "can_join_groups": True,
                    "can_read_all_group_messages": False,
                    "supports_inline_queries": False,
                }
            )
        if method in ("setMyCommands", "deleteMyCommands"):
            return self._ok(True)
        if method == "getUpdates":
            self.pollers.add(instance)
            if self.webhook is not None:
                self.conflicts += 1
                return self._error(409, "Conflict: can't use getUpdates method while webhook is active")
            return await self._get_updates(params, instance)
        return await self._method(method, params, instance)

    async def _get_updates(self, params: dict[str, Any], instance: str) -> web.Response:
        """Long polling as Telegram does it: a newer getUpdates ends the one waiting (which
        gets 409). From the same process that is a restart of its own poll; from another
        process it is the conflict a bot must never cause, and is counted."""
        self._poll_seq += 1
        me = self._poll_seq
        if self._poller is not None and self._poller[0] != instance:
            self.conflicts += 1
        self._poller = (instance, me)
        self._update_event.set()  # wakes the older poll, if any: it has been terminated
        try:
            offset = int(params.get("offset") or 0)
            timeout = float(params.get("timeout") or 0)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout:
                self._update_event.clear()
                try:
                    async with asyncio.timeout(min(timeout, 2.0)):
                        await self._update_event.wait()
                except TimeoutError:
                    pass
            if self._poller is None or self._poller[1] != me:
                return self._error(409, "Conflict: terminated by other getUpdates request")
            return self._ok(self._updates[:100])
        finally:
            if self._poller is not None and self._poller[1] == me:
                self._poller = None

    def _flood(self, chat_id: str, now: float) -> web.Response | None:
        """429, as Telegram words it, when this message would break a limit; else None."""
        wait = self._limited(chat_id, now)
        if wait is None:
            return None
        self.too_many += 1
        self.refused_at.append(now)
        seconds = max(1, round(wait))
        return self._error(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)

    def _edit(self, params: dict[str, Any]) -> web.Response:
        """editMessageText, validated as strictly as sendMessage, and counted against the
        same limits."""
        chat_id = str(params.get("chat_id"))
        text = str(params.get("text") or "")
        try:
            message_id = int(params.get("message_id") or 0)
        except ValueError:
            return self._error(400, "Bad Request: message identifier is not specified")
        refused = self._refusal(chat_id, text)
        if refused is not None:
            return refused
        if (chat_id, message_id) not in self.messages:
            return self._error(400, "Bad Request: message to edit not found")
        problem = check_message(text, params.get("parse_mode"))
        if problem is not None:
            return self._error(400, problem)
        if self.messages[(chat_id, message_id)] == text:
            return self._error(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        now = time.monotonic()
        refused = self._flood(chat_id, now)
        if refused is not None:
            return refused
        self.messages[(chat_id, message_id)] = text
        self.edits.append((chat_id, message_id, text))
        chat = {"id": int(chat_id), "type": "supergroup" if chat_id.startswith("-") else "private"}
        return self._ok(
            {
                "message_id": message_id,
                "date": int(time.time()),
                "edit_date": int(time.time()),
                "chat": chat,
                "text": html.unescape(re.sub(r"<[^>]+>", "", text)),
            }
        )

    async def _method(self, method: str, params: dict[str, Any], instance: str) -> web.Response:
        if method == "getChatMember":
            key = (str(params.get("chat_id")), str(params.get("user_id")))
            status = self.chat_members.get(key, "member")
            member: dict[str, Any] = {
                "status": status,
                "user": {"id": int(key[1]), "is_bot": False, "first_name": "R"},
            }
            if status == "administrator":
                rights = (
                    "can_be_edited",
                    "is_anonymous",
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                )
                member.update(dict.fromkeys(rights, False))
            return self._ok(member)
        if method == "editMessageText":
            return self._edit(params)
        if method != "sendMessage":
            return self._error(400, f"Bad Request: method {method} is not supported by the double")

        chat_id = str(params.get("chat_id"))
        text = str(params.get("text") or "")
        if self.faults:
            fault = self.faults.popleft()
            if fault[0] == 429:  # (429, seconds): flood control, as Telegram words it
                self.too_many += 1
                self.refused_at.append(time.monotonic())
                return self._error(429, f"Too Many Requests: retry after {fault[1]}", retry_after=fault[1])
            if fault[0] == "timeout":
                await asyncio.sleep(fault[1])
                return self._error(504, "Gateway Timeout")
            return self._error(fault[0], fault[1])
        if chat_id in self.gone:
            return self._error(403, "Forbidden: bot was blocked by the user")
        refused = self._refusal(chat_id, text)
        if refused is not None:
            return refused
        parse_mode = params.get("parse_mode")
        problem = check_message(text, parse_mode)
        if problem is None and parse_mode == "HTML" and any(s in text for s in self.force_parse_error):
            problem = 'Bad Request: can\'t parse entities: unsupported start tag "forced"'
        if problem is not None:
            return self._error(400, problem)
        now = time.monotonic()
        refused = self._flood(chat_id, now)
        if refused is not None:
            return refused
        preview = params.get("link_preview_options")
        if isinstance(preview, str):
            preview = json.loads(preview)
        thread = params.get("message_thread_id")
        self.sent.append(
            Sent(
                chat_id,
                text,
                parse_mode,
                str(thread) if thread else None,
                bool((preview or {}).get("is_disabled")),
                now,
                instance,
            )
        )
        self._sent_event.set()
        self._next_id += 1
        message_id = self._next_id
        self.messages[(chat_id, message_id)] = text
        if self.answer_delay:
            # Accepted now, answered later: a client cut off meanwhile cannot know it was sent.
            await asyncio.sleep(self.answer_delay)
        chat = {"id": int(chat_id), "type": "supergroup" if chat_id.startswith("-") else "private"}
        return self._ok(
            {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat,
                "text": html.unescape(re.sub(r"<[^>]+>", "", text)) if parse_mode else text,
            }
        )

    async def _stats(self, request: web.Request) -> web.Response:
        """For benchmarks in another process: what was accepted and refused."""
        first = self.sent[0].at if self.sent else 0.0
        last = self.sent[-1].at if self.sent else 0.0
        chats = len({s.chat_id for s in self.sent})
        return web.json_response(
            {"sent": len(self.sent), "chats": chats, "too_many": self.too_many, "first": first, "last": last}
        )

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{instance}/bot{token}/{method}", self._handle)
        app.router.add_get("/_stats", self._stats)
        self._runner, self.base_url = await serve(app, port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
