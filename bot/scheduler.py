"""The one APScheduler instance: every periodic job, whatever transports are on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

Job = Callable[[], Awaitable[Any]]


def build_scheduler(
    *,
    poll: Job,
    poll_interval: float,
    drain: Job,
    drain_interval: float,
    lead: Job | None = None,
    lead_interval: float = 5.0,
) -> AsyncIOScheduler:
    """Poll feeds every interval (first run now), drain the outbox every few seconds, and
    (with several instances) take or renew the lead every heartbeat."""
    scheduler = AsyncIOScheduler(timezone=dt.UTC)
    if lead is not None:
        scheduler.add_job(
            lead,
            "interval",
            seconds=lead_interval,
            id="lead",
            next_run_time=dt.datetime.now(dt.UTC),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(lead_interval),
        )
    scheduler.add_job(
        poll,
        "interval",
        seconds=poll_interval,
        id="poll",
        next_run_time=dt.datetime.now(dt.UTC),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=int(poll_interval),
    )
    scheduler.add_job(
        drain,
        "interval",
        seconds=drain_interval,
        id="drain",
        next_run_time=dt.datetime.now(dt.UTC),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=60,
    )
    return scheduler
