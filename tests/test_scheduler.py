"""The running app: one scheduler polls and drains; alerts arrive without a manual step."""

import asyncio
from dataclasses import replace

from bot.app import App
from bot.chat import ChatRef
from tests.helpers.feeds import RELEVANT, rss
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
