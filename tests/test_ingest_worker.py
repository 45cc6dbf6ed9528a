"""Ingest runs on a thread of its own: chats are answered while a feed body is stored."""

from __future__ import annotations

import asyncio
import threading

from tests.helpers.feeds import RELEVANT, rss
from tests.test_telegram import CHAT, telegram_app  # noqa: F401  (the fixture)


def hold_ingest(app) -> tuple[threading.Event, threading.Event]:
    """Make the next feed body wait in the ingest thread until ``release`` is set."""
    entered, release = threading.Event(), threading.Event()
    ingest = app.poller.worker.ingestor.ingest

    def held(*args, **kwargs):
        entered.set()
        assert release.wait(10), "never released"
        return ingest(*args, **kwargs)

    app.poller.worker.ingestor.ingest = held
    return entered, release


async def test_status_is_answered_while_a_feed_body_is_being_ingested(double, telegram_app, feed_server):  # noqa: F811
    app, _ = await telegram_app()
    assert app.poller.worker.threaded
    feed_server.set("/tg.xml", body=rss(RELEVANT))
    entered, release = hold_ingest(app)
    poll = asyncio.create_task(app.poller.poll_once(force=True))
    try:
        assert await asyncio.to_thread(entered.wait, 5)
        double.push_command(CHAT, "/status")
        async with asyncio.timeout(5):
            await double.wait_for(1)
        assert not poll.done()  # answered while the feed body was still being stored
        assert "Iran" in double.texts(CHAT)[0]
    finally:
        release.set()
    report = await poll
    assert report.new_items == len(RELEVANT) and not report.errors
    assert app.storage.items.count() == len(RELEVANT)


async def test_shutdown_waits_for_the_feed_body_being_ingested(double, telegram_app, feed_server):  # noqa: F811
    app, _ = await telegram_app()
    feed_server.set("/tg.xml", body=rss(RELEVANT))
    entered, release = hold_ingest(app)
    app.start()
    assert await asyncio.to_thread(entered.wait, 10)
    closing = asyncio.create_task(app.aclose())
    await asyncio.sleep(0.2)
    assert not closing.done()
    release.set()
    await closing
    # The body was stored in full before the database closed: nothing to poll again.
    from storage import Storage

    with Storage.open(app.settings.database) as storage:
        assert storage.items.count() == len(RELEVANT)
        assert all(feed.primed for feed in storage.feeds.all())


async def test_an_in_memory_database_ingests_on_the_loop(app_for, feed_server):
    url = feed_server.set("/m.xml", body=rss(RELEVANT))
    app = app_for(url, db=":memory:")
    assert not app.poller.worker.threaded
    report = await app.poller.poll_once(force=True)
    assert report.new_items == len(RELEVANT)


async def test_when_ingest_falls_behind_fetching_waits_and_nothing_is_lost(app_for, feed_server):
    """A first cycle of many feeds holds a bounded number of bodies while ingest is behind
    (memory), then stores every one of them once it catches up."""
    urls = [
        feed_server.set(
            f"/f{i}.xml", body=rss([{**RELEVANT[0], "guid": f"g{i}", "link": f"https://o{i}.example/a"}])
        )
        for i in range(30)
    ]
    app = app_for(*urls, max_connections=2)
    assert app.poller.worker.threaded
    app.poller.BACKLOG = 3
    entered, release = hold_ingest(app)
    poll = asyncio.create_task(app.poller.poll_once(force=True))
    try:
        assert await asyncio.to_thread(entered.wait, 5)
        await asyncio.sleep(0.5)  # ample time for all thirty fetches, were they not held back
        # Three bodies in the backlog (one of them in the ingest thread), two fetches that
        # could start before room ran out: no more.
        assert len(feed_server.requests) <= 3 + 2
    finally:
        release.set()
    report = await poll
    assert len(feed_server.requests) == 30
    assert report.new_items == 30 and not report.errors
    assert app.storage.items.count() == 30
