"""A fake Slack Web API (and Socket Mode server) on 127.0.0.1, recording what the app sends.

It answers auth.test, chat.postMessage, users.info and apps.connections.open;
takes the app's replies on a response_url of its own; can inject 429 with
Retry-After and ok:false errors, once each or (``refuse``) for every message that
matches until removed; and serves a WebSocket that plays Slack's side
of Socket Mode (hello, then the envelopes a test queues).
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.helpers.loopback import serve


@dataclass
class SlackFake:
    base_url: str = ""
    posted: list[dict] = field(default_factory=list)  # chat.postMessage calls accepted
    updated: list[dict] = field(default_factory=list)  # chat.update calls accepted
    responses: list[dict] = field(default_factory=list)  # replies through response_url
    acks: list[dict] = field(default_factory=list)  # Socket Mode acknowledgements
    calls: list[str] = field(default_factory=list)
    faults: deque = field(default_factory=deque)  # ("429", seconds) or ("error", code)
    refuse: dict[str, str] = field(default_factory=dict)  # text substring → error, every matching post
    refused: list[str] = field(default_factory=list)  # the errors answered for ``refuse``
    admins: set[str] = field(default_factory=set)
    answer_delay: float = 0.0  # seconds between accepting a post and answering (a slow API)
    envelopes: deque = field(default_factory=deque)
    _runner: web.AppRunner | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _envelope_ready: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    @property
    def response_url(self) -> str:
        return f"{self.base_url}/respond/1"

    async def wait(self, predicate: Callable[[], object], what: str = "") -> None:
        """Wait until predicate() holds (the caller bounds the wait)."""
        while not predicate():
            self._changed.clear()
            await self._changed.wait()

    def _note(self) -> None:
        self._changed.set()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls.append(method)
        if request.method == "GET":
            params: dict[str, Any] = dict(request.query)
        elif request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post())
        if method == "auth.test":
            return web.json_response(
                {
                    "ok": True,
                    "user_id": "UBOT",
                    "bot_id": "BBOT",
                    "team_id": "T1",
                    "user": "talkwatch",
                    "team": "Newsroom",
                    "url": "https://newsroom.example/",
                }
            )
        if method == "apps.connections.open":
            ws = self.base_url.replace("http://", "ws://") + "/socket"
            return web.json_response({"ok": True, "url": ws})
        if method == "users.info":
            user = params.get("user", "")
            return web.json_response(
                {"ok": True, "user": {"id": user, "is_admin": user in self.admins, "is_owner": False}}
            )
        if method == "chat.update":
            ts = str(params.get("ts"))
            if ts not in {f"{n}.0001" for n in range(1, len(self.posted) + 1)}:
                return web.json_response({"ok": False, "error": "message_not_found"})
            blocks = params.get("blocks")
            self.updated.append(
                {
                    "channel": params.get("channel"),
                    "ts": ts,
                    "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks,
                    "text": params.get("text"),
                }
            )
            self._note()
            return web.json_response({"ok": True, "channel": params.get("channel"), "ts": ts})
        if method != "chat.postMessage":
            return web.json_response({"ok": False, "error": "unknown_method"})
        if self.faults:
            kind, value = self.faults.popleft()
            if kind == "429":
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(value)}
                )
            return web.json_response({"ok": False, "error": value})
        for words, error in self.refuse.items():
            if words in str(params.get("text") or ""):
                self.refused.append(error)
                return web.json_response({"ok": False, "error": error})
        blocks = params.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        self.posted.append(
            {
                "channel": params.get("channel"),
                "blocks": blocks,
                "text": params.get("text"),
                "unfurl_links": params.get("unfurl_links"),
                "thread_ts": params.get("thread_ts"),
            }
        )
        self._note()
        ts = f"{len(self.posted)}.0001"
        if self.answer_delay:
            # Posted now, answered later: a client cut off meanwhile cannot know it was posted.
            await asyncio.sleep(self.answer_delay)
        return web.json_response({"ok": True, "channel": params.get("channel"), "ts": ts})

    async def _respond(self, request: web.Request) -> web.Response:
        self.responses.append(await request.json())
        self._note()
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake", "approximate_connection_time": 3600},
            }
        )
        reader = asyncio.create_task(self._read_acks(ws))
        try:
            while not ws.closed:
                while self.envelopes:
                    await ws.send_json(self.envelopes.popleft())
                self._envelope_ready.clear()
                await self._envelope_ready.wait()
        finally:
            reader.cancel()
        return ws

    def send_envelope(self, envelope: dict) -> None:
        """Slack's side of Socket Mode pushes an event to the connected app."""
        self.envelopes.append(envelope)
        self._envelope_ready.set()

    async def _read_acks(self, ws: web.WebSocketResponse) -> None:
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
                self._note()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{id}", self._respond)
        app.router.add_get("/socket", self._socket)
        self._runner, self.base_url = await serve(app)

    async def stop(self) -> None:
        self._envelope_ready.set()
        if self._runner is not None:
            await self._runner.cleanup()
