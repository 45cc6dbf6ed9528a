"""The one APScheduler instance: every periodic job, whatever transports are on."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

if TYPE_CHECKING:
    from bot.app import App


def build_scheduler(app: App) -> AsyncIOScheduler:
    """Poll feeds every interval (first run now) and drain the outbox every few seconds."""
    scheduler = AsyncIOScheduler(timezone=dt.UTC)
    scheduler.add_job(
        app.poller.poll_once,
        "interval",
        seconds=app.settings.poll_interval_seconds,
        id="poll",
        next_run_time=dt.datetime.now(dt.UTC),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=app.settings.poll_interval_seconds,
    )
    scheduler.add_job(
        app.sender.drain,
        "interval",
        seconds=app.settings.drain_interval_seconds,
        id="drain",
        next_run_time=dt.datetime.now(dt.UTC),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=60,
    )
    return scheduler
