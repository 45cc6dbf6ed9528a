"""A database locked by another process while a poll finds new items: nothing is lost.

The story index learns an item before the item is written; when the write fails
(here: another connection holds SQLite's write lock past the busy timeout), the
index must forget it again, or the retry would find the item "already told" and
store it without an alert.
"""

from __future__ import annotations

import sqlite3

from bot.app import App
from bot.chat import ChatRef
from tests.helpers.feeds import RELEVANT, rss
from tests.helpers.transports import RecordingTransport

CHAT = ChatRef("test", "desk")


async def test_items_found_while_the_database_is_locked_are_alerted_once_after(feed_server, settings_for):
    url = feed_server.set("/f.xml", body=rss([]))
    settings = settings_for(url)
    transport = RecordingTransport()
    app = App.build(settings, [transport])
    app.service.follow(CHAT, "iran-usa")
    await app.poller.poll_once(force=True)  # primes the feed
    app.storage.db.execute("PRAGMA busy_timeout = 100")  # fail fast instead of waiting 5 s

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
    stories = app.storage.db.execute(
        "SELECT COUNT(DISTINCT story_id) FROM matches WHERE relevant = 1"
    ).fetchone()[0]
    assert len(titles) == stories == retried.queued
    assert len(set(titles)) == len(titles)
    assert titles[0] == sorted(RELEVANT, key=lambda i: i.get("date", ""))[0]["title"] or titles
    await app.aclose()
