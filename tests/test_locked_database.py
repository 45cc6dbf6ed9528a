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


def test_round_readings_the_database_cannot_take_wait_and_are_applied_whole_later(tmp_path, caplog):
    from bot.feeds.parse import Entry
    from bot.ingest.analysis import Analyser, FeedRef
    from bot.ingest.baseline import seed_baseline
    from bot.ingest.tracker import Tracker
    from bot.news.matcher import build_matchers
    from config.topics import load_topics
    from storage import Storage

    topics = load_topics()
    path = tmp_path / "rounds.db"
    storage = Storage.open(path, busy_timeout_ms=50)
    seed_baseline(storage, topics.values())
    tracker = Tracker(storage, topics)
    analyser = Analyser(build_matchers(topics))
    feeds = [
        FeedRef(1, "https://wire.example/feed", "Wire", "en"),
        FeedRef(2, "https://agency.example/", "Agency", "en"),
    ]
    texts = [
        "Second round of Iran-US talks to be held in Geneva on 17 February, Oman says",
        "Iran and US wrap up second round of talks in Geneva",
    ]
    days = [1770714000.0, 1771351200.0]  # 10 February, 9:00; 17 February, 18:00
    readings = []
    for n, (text, published, feed) in enumerate(zip(texts, days, feeds, strict=True)):
        entry = Entry(
            text, "Araghchi and Witkoff met through Omani mediators.", None, f"g{n}", published, "en"
        )
        item = analyser.prepare(feed, [entry], fetched=1771372800.0)[0]
        view = analyser.analyse(item, feed).views["iran-usa"]
        readings.append(("iran-usa", view.reading))
    assert all(reading.rounds for _, reading in readings)
    before = storage.rounds.all("iran-usa")

    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        tracker.apply(readings[:1])
        tracker.apply(readings[1:])
    finally:
        other.rollback()
        other.close()
    assert storage.rounds.all("iran-usa") == before  # nothing half-applied
    assert "round reading(s) wait for the database" in caplog.text

    tracker.apply([])  # the database is back: what waited is applied, in order
    second = [r for r in storage.rounds.all("iran-usa") if (r.series, r.number) == ("2026", 2)]
    assert len(second) == 1 and second[0].venue == "geneva" and second[0].state == "held"
    assert {s.title for s in second[0].sources} == set(texts)
    storage.close()


async def test_a_feed_body_whose_rounds_cannot_be_written_is_stored_whole_on_the_retry(
    feed_server, settings_for, monkeypatch
):
    """The items, their alerts, the rounds they change and the feed's validators are one
    transaction: a rounds write that fails leaves none of the body stored (not items
    without their rounds), and the retry fetches and stores all of it."""
    app, transport, _ = await primed_app(feed_server, settings_for)
    rounds_before = app.storage.rounds.all("iran-usa")

    feed_server.set("/f.xml", body=rss(RELEVANT))
    new_etag = '"' + hashlib.sha1(rss(RELEVANT)).hexdigest()[:12] + '"'  # as the feed server makes it
    writes = app.poller.worker.ingestor.storage.rounds
    tried = []

    def broken_save(record):
        tried.append(record)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(writes, "save", broken_save)
    failed = await app.poller.poll_once(force=True)
    assert tried, "the body reached the rounds write"
    assert [r.feed for r in failed.errors] == ["feed 0"]
    assert "disk I/O error" in (failed.errors[0].error or "")
    assert app.storage.items.count() == 0 and app.storage.outbox.depth() == 0
    assert app.storage.rounds.all("iran-usa") == rounds_before
    assert app.poller.worker.tracker.waiting() == []  # the retry brings the readings again: once
    feed = app.storage.db.one("SELECT etag FROM feeds")
    # Not recorded: the retry is answered with the body, not a 304.
    assert feed is not None and feed["etag"] not in (None, new_etag)

    monkeypatch.undo()
    retried = await app.poller.poll_once(force=True)
    await app.sender.drain()
    assert retried.errors == [] and retried.new_items == len(RELEVANT) and retried.not_modified == 0
    learnt = [r for r in app.storage.rounds.all("iran-usa") if r not in rounds_before]
    assert [(r.series, r.number, r.venue) for r in learnt] == [("2026", 2, "muscat")]
    assert RELEVANT[0]["title"] in {s.title for s in learnt[0].sources}
    titles = [t.splitlines()[0] for t in transport.texts("desk")]
    stories = app.storage.db.one("SELECT COUNT(DISTINCT story_id) AS n FROM matches WHERE relevant = 1")["n"]
    assert len(titles) == len(set(titles)) == stories == retried.queued > 0
    await app.aclose()
