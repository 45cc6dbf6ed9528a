"""A database locked by another process while a poll finds new items: nothing is lost.

The story index learns an item before the item is written; when the write fails
(here: another connection holds SQLite's write lock past the busy timeout), the
index must forget it again, or the retry would find the item "already told" and
store it without an alert.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import time

import pytest

from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.render.markup import render_plain
from config.settings import Settings
from tests.helpers.feeds import RELEVANT, rss
from tests.helpers.transports import RecordingTransport

CHAT = ChatRef("test", "desk")
OTHER = ChatRef("test", "another")


async def primed_app(feed_server, settings_for) -> tuple[App, RecordingTransport, Settings]:
    """A bot whose chat follows iran-usa, with one feed (/f.xml) polled once, empty."""
    url = feed_server.set("/f.xml", body=rss([]))
    settings = settings_for(url)
    transport = RecordingTransport()
    app = App.build(settings, [transport])
    app.service.follow(CHAT, "iran-usa")
    await app.poller.poll_once(force=True)  # primes the feed
    return app, transport, settings


async def test_items_found_while_the_database_is_locked_are_alerted_once_after(feed_server, settings_for):
    app, transport, settings = await primed_app(feed_server, settings_for)

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


def test_round_reports_found_while_the_database_is_locked_are_stored_whole_on_the_retry(tmp_path):
    """What reports say of the rounds is stored with their items, in the feed body's
    transaction: while another process holds the lock nothing of the bodies is written
    (and /status still answers), the retry stores each body whole, /status shows the round
    the reports describe, and bodies fetched again add nothing twice."""
    from bot.feeds.parse import Entry
    from bot.ingest.ingestor import Ingestor
    from bot.ingest.tracker import Tracker
    from bot.news.matcher import build_matchers
    from bot.service import ChatService
    from config.topics import load_topics
    from handlers.registry import build_router
    from storage import Storage

    topics = load_topics()
    path = tmp_path / "rounds.db"
    storage = Storage.open(path, busy_timeout_ms=50)
    ingestor = Ingestor(storage, build_matchers(topics), Tracker(storage, topics))
    router = build_router(ChatService(storage, topics))

    def status() -> str:
        return render_plain(router.dispatch("/status", CommandContext(CHAT)).document)

    feeds = [
        storage.feeds.ensure("https://wire.example/feed", "Wire", "en"),
        storage.feeds.ensure("https://agency.example/", "Agency", "en"),
    ]
    texts = [
        "Second round of Iran-US talks to be held in Geneva on 17 February, Oman says",
        "Iran and US wrap up second round of talks in Geneva",
    ]
    days = [1770714000.0, 1771351200.0]  # 10 February, 9:00; 17 February, 18:00
    fetched = 1771372800.0  # 18 February
    bodies = [
        (
            feed,
            [
                Entry(
                    text,
                    "Araghchi and Witkoff met through Omani mediators.",
                    f"{feed.url}{n}",
                    f"g{n}",
                    published,
                    "en",
                )
            ],
        )
        for n, (text, published, feed) in enumerate(zip(texts, days, feeds, strict=True))
    ]
    before = status()
    assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in before and "Geneva" not in before

    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        for feed, entries in bodies:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                ingestor.ingest(feed, entries, alert=True, now=fetched)
        assert status() == before  # reading needs no write lock; nothing of the reports shows
    finally:
        other.rollback()
        other.close()
    # Nothing half-written: neither the items nor what they say of the rounds.
    assert storage.items.count() == 0
    assert storage.readings.all("iran-usa") == []

    # The database is back: the retry (the poller fetches the bodies again) stores them whole.
    assert [ingestor.ingest(feed, entries, alert=True, now=fetched).new for feed, entries in bodies] == [1, 1]
    text = status()
    assert "Round 2 (2026 series) · 17 Feb 2026 · Geneva\n" in text  # held: no state shown
    assert "Reported by 2 outlets." in text
    sources = text.split("\nSources\n")[1].split("\n\n")[0]
    assert all(title in sources for title in texts)
    readings = storage.readings.all("iran-usa")
    items = {row["id"]: row["title"] for row in storage.db.query("SELECT id, title FROM items")}
    assert sorted(items.values()) == sorted(texts)
    # Each report's reading once, with its item.
    assert sorted((items[r.item_id], r.outlet) for r in readings) == sorted(
        zip(texts, ["Wire", "Agency"], strict=True)
    )

    # The same bodies once more: nothing new, nothing twice.
    assert [ingestor.ingest(feed, entries, alert=True, now=fetched).new for feed, entries in bodies] == [0, 0]
    assert storage.readings.all("iran-usa") == readings
    assert status() == text
    storage.close()


async def test_a_feed_body_whose_readings_cannot_be_written_is_stored_whole_on_the_retry(
    feed_server, settings_for, monkeypatch
):
    """The items, their alerts, what they say of the rounds and the feed's validators are
    one transaction: a readings write that fails leaves none of the body stored (not items
    without their readings), and the retry fetches and stores all of it, once."""
    app, transport, _ = await primed_app(feed_server, settings_for)
    status_before = render_plain(app.router.dispatch("/status", CommandContext(CHAT)).document)
    assert "Muscat" in status_before and "Next: Round 2" not in status_before

    feed_server.set("/f.xml", body=rss(RELEVANT))
    new_etag = '"' + hashlib.sha1(rss(RELEVANT)).hexdigest()[:12] + '"'  # as the feed server makes it
    writes = app.poller.worker.ingestor.storage.readings
    tried = []

    def broken_add(readings, now=None):
        tried.extend(readings)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(writes, "add", broken_add)
    failed = await app.poller.poll_once(force=True)
    assert {r.title for r in tried} == {item["title"] for item in RELEVANT}, (
        "the body reached the readings write"
    )
    assert [r.feed for r in failed.errors] == ["feed 0"]
    assert "disk I/O error" in (failed.errors[0].error or "")
    assert app.storage.items.count() == 0 and app.storage.outbox.depth() == 0
    assert app.storage.readings.all("iran-usa") == []
    assert render_plain(app.router.dispatch("/status", CommandContext(CHAT)).document) == status_before
    feed = app.storage.db.one("SELECT etag FROM feeds")
    # Not recorded: the retry is answered with the body, not a 304.
    assert feed is not None and feed["etag"] not in (None, new_etag)

    monkeypatch.undo()
    retried = await app.poller.poll_once(force=True)
    await app.sender.drain()
    assert retried.errors == [] and retried.new_items == len(RELEVANT) and retried.not_modified == 0
    # Each report's reading stored once, with its item.
    readings = app.storage.readings.all("iran-usa")
    items = {row["id"]: row["title"] for row in app.storage.db.query("SELECT id, title FROM items")}
    assert sorted(items[r.item_id] for r in readings) == sorted(item["title"] for item in RELEVANT)
    # /status shows what the reports said: the second round, announced for Muscat (by one
    # outlet, this test's only feed).
    status = render_plain(app.router.dispatch("/status", CommandContext(CHAT)).document)
    assert (
        "Next: Round 2 (2026 series) · date unknown · Muscat · announced (reported by one outlet)" in status
    )
    titles = [t.splitlines()[0] for t in transport.texts("desk")]
    stories = app.storage.db.one("SELECT COUNT(DISTINCT story_id) AS n FROM matches WHERE relevant = 1")["n"]
    assert len(titles) == len(set(titles)) == stories == retried.queued > 0
    await app.aclose()
