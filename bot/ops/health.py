"""A small HTTP endpoint for operators: /healthz and /metrics (aiohttp, off the chat path).

It reads what it reports through callables handed to it by the app, so it
knows nothing of the app's parts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HealthProbes:
    """What health is judged on, each read when asked."""

    scheduler_running: Callable[[], bool]
    database_writable: Callable[[], bool]
    last_poll_finished: Callable[[], float | None]
    polling_paused: Callable[[], bool]
    poll_interval: float
    started_at: float
    leading: Callable[[], bool] = lambda: True
    instance: str = ""


def health(probes: HealthProbes, now: float | None = None) -> tuple[bool, dict[str, Any]]:
    """Healthy when the scheduler runs, the database takes writes, and (on the leader) a
    poll cycle finished within two intervals (or the app started less than two ago). An
    instance that does not lead is healthy without polling: it answers chats, and
    stands by to lead."""
    now = time.time() if now is None else now
    scheduler = probes.scheduler_running()
    writable = probes.database_writable()
    window = 2 * probes.poll_interval
    last = probes.last_poll_finished()
    leading = probes.leading()
    recent = (
        not leading
        or (last is not None and now - last <= window)
        or (last is None and now - probes.started_at <= window)
    )
    checks = {
        "scheduler": "running" if scheduler else "stopped",
        "database": "writable" if writable else "not writable",
        "last_poll": "never" if last is None else f"{now - last:.0f}s ago",
        "polling": "paused" if probes.polling_paused() else "active" if leading else "by the leader",
        "leader": leading,
        "instance": probes.instance,
    }
    return scheduler and writable and recent, checks


class HealthServer:
    """Serves /healthz (200 or 503, JSON) and /metrics (Prometheus text)."""

    def __init__(self, probes: HealthProbes, metrics: Callable[[], bytes], host: str, port: int) -> None:
        self.probes = probes
        self.metrics = metrics
        self.host = host
        self.port = port
        self.bound_port: int | None = None
        self._runner: web.AppRunner | None = None

    async def _healthz(self, request: web.Request) -> web.Response:
        ok, checks = health(self.probes)
        return web.json_response({"healthy": ok, **checks}, status=200 if ok else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=self.metrics(), content_type="text/plain", charset="utf-8")

    async def start(self) -> None:
        """Listen on host:port (port 0: any free port, then ``bound_port`` tells which)."""
        server = web.Application()
        server.router.add_get("/healthz", self._healthz)
        server.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.bound_port = bound_port(site)
        log.info("health and metrics on http://%s:%d/healthz and /metrics", self.host, self.bound_port)

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def bound_port(site: web.TCPSite) -> int:
    """The port a started site listens on (the one the OS chose for port 0)."""
    server = site._server
    sockets = getattr(server, "sockets", None)
    if not sockets:
        raise RuntimeError("the site is not listening")
    return int(sockets[0].getsockname()[1])
