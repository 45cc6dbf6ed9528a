"""A database locked by another process while a poll finds new items: nothing is lost.

The story index learns an item before the item is written; when the write fails
(here: another connection holds SQLite's write lock past the busy timeout), the
index must forget it again, or the retry would find the item "already told" and
store it without an alert.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time

from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.render.markup import render_plain
from tests.helpers.feeds import RELEVANT, rss
from tests.helpers.transports import RecordingTransport

CHAT = ChatRef("test", "desk")
OTHER = ChatRef("test", "another")


async def test_items_found_while_the_database_is_locked_are_alerted_once_after(feed_server, settings_for):
    url = feed_server.set("/f.xml", body=rss([]))
    settings = settings_for(url)
    transport = RecordingTransport()
    app = App.build(settings, [transport])
    app.service.follow(CHAT, "iran-usa")
    await app.poller.poll_once(force=True)  # primes the feed

    other = sqlite3.connect(settings.database)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        feed_server.set("/f.xml", body=rss(RELEVANT))
        locked = await app.poller.poll_once(force=True)
        assert [r.feed for r in locked.errors] == ["feed 0"]
        assert "locked" in (locked.errors[0].error or "")
        assert locked.queued == 0
    finally:
        other.rollback()
        other.close()

    retried = await app.poller.poll_once(force=True)
    await app.sender.drain()
    relevant = len(RELEVANT)
    assert retried.errors == [] and retried.new_items == relevant
    titles = [t.splitlines()[0] for t in transport.texts("desk")]
    # Every story is told once: nothing lost, nothing twice.
    stories = app.storage.db.one("SELECT COUNT(DISTINCT story_id) AS n FROM matches WHERE relevant = 1")["n"]
    assert len(titles) == stories == retried.queued
    assert len(set(titles)) == len(titles)
    assert titles[0] == sorted(RELEVANT, key=lambda i: i.get("date", ""))[0]["title"] or titles
    await app.aclose()


async def test_commands_and_delivery_go_on_while_another_process_holds_the_lock(feed_server, settings_for):
    url = feed_server.set("/f.xml", body=rss([]))
    settings = settings_for(url)
    transport = RecordingTransport()
    app = App.build(settings, [transport])
    app.service.follow(CHAT, "iran-usa")
    await app.poller.poll_once(force=True)
    feed_server.set("/f.xml", body=rss(RELEVANT))
    await app.poller.poll_once(force=True)  # alerts queued, not yet sent
    queued = app.storage.outbox.depth()
    assert queued == len(RELEVANT)

    stalls: list[float] = []

    async def heartbeat(stop: asyncio.Event) -> None:
        last = time.monotonic()
        while not stop.is_set():
            await asyncio.sleep(0.02)
            now = time.monotonic()
            stalls.append(now - last)
            last = now

    other = sqlite3.connect(settings.database)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock for a while
    stop = asyncio.Event()
    beat = asyncio.create_task(heartbeat(stop))
    try:
        drained = await app.sender.drain()  # sends go out; recording them must wait
        status = render_plain(app.router.dispatch("/status", CommandContext(CHAT)).document)
        follow = render_plain(app.router.dispatch("/follow iran-usa", CommandContext(OTHER)).document)
        polled = await app.poller.poll_once(force=True)
    finally:
        stop.set()
        await beat
        other.rollback()
        other.close()
    assert drained.sent == 1  # the first alert went out; the chat's next waits for the database
    assert "latest round" in status  # reading needs no write lock
    assert follow == "The bot's database is busy right now; please send /follow again in a moment."
    assert polled.errors == []  # nothing new to write: the poll itself is fine
    assert max(stalls) < 0.25, max(stalls)  # the event loop never froze waiting for the lock

    for _ in range(3):
        await app.sender.drain()
    titles = [t.splitlines()[0] for t in transport.texts("desk")]
    assert sorted(titles) == sorted(item["title"] for item in RELEVANT)  # each once: none repeated
    assert app.storage.outbox.depth() == 0
    await app.aclose()
