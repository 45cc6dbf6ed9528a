"""A slow or hanging feed delays only itself: every feed is polled on its own schedule,
and a good feed's new items are queued within one interval (+2 s) of appearing."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

from bot.app import App
from bot.chat import ChatRef
from config.settings import DeliverySettings
from tests.helpers.feeds import RELEVANT, rss
from tests.helpers.transports import RecordingTransport

INTERVAL = 1


async def test_a_slow_drip_feed_does_not_hold_up_the_others(feed_server, settings_for):
    good = feed_server.set("/good.xml", body=rss([]))
    # One byte a second, for longer than the whole test: a feed that never finishes in time.
    slow = feed_server.set("/slow.xml", body=rss(RELEVANT) * 3, drip=1.0, validators=False)
    settings = replace(
        settings_for(good, slow, total_timeout=8.0),
        poll_interval_seconds=INTERVAL,
        delivery=DeliverySettings(shutdown_grace_seconds=0.5),  # then the slow poll is stopped
    )
    app = App.build(settings, [RecordingTransport()])
    app.service.follow(ChatRef("test", "desk"), "iran-usa")
    app.start()
    try:
        async with asyncio.timeout(10):
            while app.storage.feeds.by_url(good).last_success_at is None:  # noqa: ASYNC110
                await asyncio.sleep(0.05)  # another task's progress: nothing to await but the database
        appeared = time.monotonic()
        feed_server.set("/good.xml", body=rss(RELEVANT[:1]))
        async with asyncio.timeout(10):
            # Queued (it may be delivered at once: a drain goes as soon as the tick's good feed is in).
            while not app.storage.outbox.all():  # noqa: ASYNC110
                await asyncio.sleep(0.05)
        waited = time.monotonic() - appeared
        assert waited <= INTERVAL + 2, waited
        # The slow feed is still being fetched: it held nobody up.
        assert app.storage.feeds.by_url(slow).last_success_at is None
    finally:
        await app.aclose()
