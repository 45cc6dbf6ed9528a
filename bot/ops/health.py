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


# How long feed bodies may wait to be parsed and stored, none being stored, before the bot
# is unhealthy, in poll intervals: by then each waiting feed has come due again twice with
# its last answer still not stored. A body takes milliseconds to seconds (a 5 MiB feed);
# the slowest first cycle measured (10,000 feeds) stores bodies every few milliseconds.
INGEST_BOUND_INTERVALS = 2


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
    # Since when fetched feed bodies have waited with none stored (None: none waits), how
    # many wait, and when a body was last stored.
    ingest_stalled_since: Callable[[], float | None] = lambda: None
    bodies_waiting: Callable[[], int] = lambda: 0
    last_ingest_finished: Callable[[], float | None] = lambda: None


def _ago(now: float, stamp: float | None) -> str:
    return "never" if stamp is None else f"{now - stamp:.0f}s ago"


def health(probes: HealthProbes, now: float | None = None) -> tuple[bool, dict[str, Any]]:
    """Healthy when the scheduler runs, the database takes writes, and (on the leader) the
    poller looked for due feeds within two intervals (or the app started less than two
    ago) and no fetched feed body has waited longer than ``INGEST_BOUND_INTERVALS``
    intervals with none stored (the ingest thread stuck, the parser processes dead). An
    instance that does not lead is healthy without polling: it answers chats, and stands
    by to lead. When unhealthy, ``reasons`` says why in words."""
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
    bound = INGEST_BOUND_INTERVALS * probes.poll_interval
    stalled_since = probes.ingest_stalled_since() if leading else None
    stalled = stalled_since is not None and now - stalled_since > bound
    stored = probes.last_ingest_finished()
    reasons = []
    if not scheduler:
        reasons.append("the scheduler is stopped")
    if not writable:
        reasons.append("the database takes no writes")
    if not recent:
        reasons.append(f"the poller has not looked for due feeds for more than {window:.0f}s")
    if stalled and stalled_since is not None:
        waiting = probes.bodies_waiting()
        reasons.append(
            f"ingest stalled: no feed body stored for {now - stalled_since:.0f}s "
            f"(bound {bound:.0f}s) while feeds had new bodies"
            + (f" ({waiting} waiting to be parsed and stored)" if waiting else "")
        )
    checks: dict[str, Any] = {
        "scheduler": "running" if scheduler else "stopped",
        "database": "writable" if writable else "not writable",
        "last_poll": _ago(now, last),
        "ingest": ("stalled, " if stalled else "ok, ")
        + ("no feed body stored yet" if stored is None else f"last feed body stored {_ago(now, stored)}"),
        "polling": "paused" if probes.polling_paused() else "active" if leading else "by the leader",
        "leader": leading,
        "instance": probes.instance,
    }
    if reasons:
        checks["reasons"] = reasons
    return not reasons, checks


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
