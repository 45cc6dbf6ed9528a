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
        _every(scheduler, lead, lead_interval, "lead", grace=int(lead_interval))
    _every(scheduler, poll, poll_interval, "poll", grace=int(poll_interval))
    _every(scheduler, drain, drain_interval, "drain", grace=60)
    return scheduler


def _every(scheduler: AsyncIOScheduler, job: Job, seconds: float, name: str, *, grace: int) -> None:
    """Run ``job`` now and every ``seconds``: never two at once, missed runs coalesced."""
    scheduler.add_job(
        job,
        "interval",
        seconds=seconds,
        id=name,
        next_run_time=dt.datetime.now(dt.UTC),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=grace,
    )
