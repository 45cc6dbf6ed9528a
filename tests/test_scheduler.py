"""The running app: one scheduler polls and drains; alerts arrive without a manual step."""

import asyncio
from dataclasses import replace

from bot.app import App
from bot.chat import ChatRef
from tests.helpers.feeds import RELEVANT, hour_of, report_at, rss
from tests.helpers.transports import RecordingTransport


async def test_scheduled_jobs_poll_and_deliver(feed_server, settings_for):
    url = feed_server.set("/s.xml", body=rss([]))
    transport = RecordingTransport()
    settings = replace(settings_for(url), poll_interval_seconds=1, drain_interval_seconds=0.2)
    app = App.build(settings, [transport])
    app.service.follow(ChatRef("test", "c"), "iran-usa")
    await app.poller.poll_once()  # primed
    feed_server.set("/s.xml", body=rss(RELEVANT))
    app.start()
    try:
        async with asyncio.timeout(10):
            await transport.wait_for(2)
    finally:
        await app.aclose()
    assert [t.splitlines()[0] for t in transport.texts("c")] == [RELEVANT[0]["title"], RELEVANT[1]["title"]]


async def test_feeds_polled_together_deliver_together_in_publication_order(feed_server, settings_for):
    fast = feed_server.set("/fast.xml", body=rss([]))
    slow = feed_server.set("/slow.xml", body=rss([]))
    transport = RecordingTransport()
    app = App.build(settings_for(fast, slow), [transport])
    try:
        app.service.follow(ChatRef("test", "c"), "iran-usa")
        await app.poller.poll_once()  # primed
        feed_server.set("/fast.xml", body=rss([report_at("08:15", 1), report_at("12:00", 2)]))
        # The other feed answers half a second later.
        feed_server.set("/slow.xml", body=rss([report_at("10:00", 3), report_at("07:00", 4)]), delay=0.5)
        app.storage.db.execute("UPDATE feeds SET next_poll_at = 0")  # both due at the next tick
        await app._poll_job()  # the scheduler's tick: both feeds start
        async with asyncio.timeout(10):
            while len(app.storage.outbox.all()) < 2:  # noqa: ASYNC110
                await asyncio.sleep(0.02)  # the first feed's reports are queued: nothing to await
        await app._drain_job()  # the scheduler's drain, while the other feed is still fetched
    finally:
        await app.aclose()
    assert [hour_of(t) for t in transport.texts("c")] == ["07:00", "08:15", "10:00", "12:00"]


async def test_a_serving_bot_hands_the_interpreter_over_often_and_restores_it(feed_server, settings_for):
    """While the pipeline runs, the event loop waits at most a millisecond for the ingest
    and HTTP threads, and the long-lived objects are out of the collector's walks; after
    the bot closes, the process is as it was (the effect is measured in bench.status_latency)."""
    import gc
    import sys

    from bot.app import SWITCH_INTERVAL_SECONDS

    url = feed_server.set("/s.xml", body=rss([]))
    app = App.build(settings_for(url), [RecordingTransport()])
    before = sys.getswitchinterval()
    assert before != SWITCH_INTERVAL_SECONDS and gc.get_freeze_count() == 0
    app.start()
    assert sys.getswitchinterval() == SWITCH_INTERVAL_SECONDS
    assert gc.get_freeze_count() > 10_000  # the modules, topics and matchers at least
    await app.aclose()
    assert sys.getswitchinterval() == before and gc.get_freeze_count() == 0
