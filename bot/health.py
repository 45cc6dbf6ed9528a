"""A small HTTP endpoint for operators: /healthz and /metrics (aiohttp, off the chat path)."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)


def health(app: App, now: float | None = None) -> tuple[bool, dict]:
    """Healthy when the scheduler runs, the database takes writes, and a poll
    cycle finished within two intervals (or the app started less than two ago)."""
    now = time.time() if now is None else now
    scheduler = app.scheduler is not None and getattr(app.scheduler, "running", False)
    writable = app.storage.writable()
    window = 2 * app.settings.poll_interval_seconds
    last = app.poller.last_cycle_finished
    recent = (last is not None and now - last <= window) or (last is None and now - app.started_at <= window)
    checks = {
        "scheduler": "running" if scheduler else "stopped",
        "database": "writable" if writable else "not writable",
        "last_poll": "never" if last is None else f"{now - last:.0f}s ago",
        "polling": "paused" if app.poller.paused else "active",
    }
    return scheduler and writable and recent, checks


class HealthServer:
    """Serves /healthz (200 or 503, JSON) and /metrics (Prometheus text)."""

    def __init__(self, app: App, host: str, port: int) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.bound_port: int | None = None
        self._runner: web.AppRunner | None = None

    async def _healthz(self, request: web.Request) -> web.Response:
        ok, checks = health(self.app)
        return web.json_response({"healthy": ok, **checks}, status=200 if ok else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=self.app.metrics.render(), content_type="text/plain", charset="utf-8")

    async def start(self) -> None:
        server = web.Application()
        server.router.add_get("/healthz", self._healthz)
        server.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.bound_port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        log.info("health and metrics on http://%s:%d/healthz and /metrics", self.host, self.bound_port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
