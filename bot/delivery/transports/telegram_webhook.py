"""Telegram's webhook: updates POSTed to every instance behind a load balancer.

Telegram sends the secret given to ``setWebhook`` in the
``X-Telegram-Bot-Api-Secret-Token`` header of every request; a request without
it, or with another, is answered 403 and never read further. An accepted update
is answered 200 at once and handled after (Telegram waits for the answer before
it sends the next update to the same chat); one that is not JSON gets 400, one
larger than any update, 413.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.ops.health import bound_port

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # a message update is a few KiB


class WebhookServer:
    """Listens on host:port at ``path``; hands each accepted update to ``handle``."""

    def __init__(
        self,
        host: str,
        port: int,
        path: str,
        secret: str,
        handle: Callable[[dict[str, Any]], Awaitable[None]],
    ) -> None:
        self.host = host
        self.port = port
        self.path = path or "/"
        self._secret = secret.encode()
        self._handle = handle
        self.bound_port: int | None = None
        self._runner: web.AppRunner | None = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning(
                "telegram webhook: refused a request from %s: wrong or missing secret", request.remote
            )
            return web.Response(status=403, text="forbidden")
        if request.content_length is not None and request.content_length > MAX_UPDATE_BYTES:
            return web.Response(status=413, text="too large")
        body = await request.content.read(MAX_UPDATE_BYTES + 1)
        if len(body) > MAX_UPDATE_BYTES:
            return web.Response(status=413, text="too large")
        try:
            update = json.loads(body)
        except ValueError:
            return web.Response(status=400, text="not JSON")
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.Response(status=400, text="not an update")
        await self._handle(update)
        return web.Response(text="ok")

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_UPDATE_BYTES + 1)
        app.router.add_post(self.path, self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.bound_port = bound_port(site)
        log.info("telegram: webhook listening on %s:%d%s", self.host, self.bound_port, self.path)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
