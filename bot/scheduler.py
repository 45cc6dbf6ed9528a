"""The one APScheduler instance: every periodic job, whatever transports are on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

Job = Callable[[], Awaitable[Any]]


def build_scheduler(
    *, poll: Job, poll_interval: float, drain: Job, drain_interval: float
) -> AsyncIOScheduler:
    """Poll feeds every interval (first run now) and drain the outbox every few seconds."""
    scheduler = AsyncIOScheduler(timezone=dt.UTC)
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
