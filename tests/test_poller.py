"""The poller against a real HTTP server on loopback: what gets stored and queued."""

from __future__ import annotations

import gzip
import time

from bot.chat import ChatRef
from bot.records import FeedSuccess
from tests.helpers.feeds import IRRELEVANT, RELEVANT, rss
from tests.helpers.transports import RecordingTransport

CHAT = ChatRef("test", "chat-1")


def follow(app, chat: ChatRef = CHAT) -> None:
    app.service.follow(chat, "iran-usa")


async def test_first_poll_stores_backlog_without_alerting_then_new_items_alert(feed_server, app_for):
    url = feed_server.set("/a.xml", body=rss(RELEVANT[:1] + IRRELEVANT))
    transport = RecordingTransport()
    app = app_for(url, transport=transport)
    follow(app)

    first = await app.poller.poll_once()
    assert (first.new_items, first.matched, first.queued) == (2, 1, 0)
    assert app.storage.outbox.all() == []

    feed_server.set("/a.xml", body=rss(RELEVANT + IRRELEVANT))
    second = await app.poller.poll_once(force=True)
    assert (second.new_items, second.matched, second.queued) == (1, 1, 1)
    await app.sender.drain()
    assert len(transport.delivered) == 1
    assert "Neue Gesprächsrunde in Maskat" in transport.texts("chat-1")[0]


async def test_conditional_get_sends_validators_and_304_does_nothing(feed_server, app_for):
    url = feed_server.set("/v.xml", body=rss(RELEVANT))
    app = app_for(url)
    await app.poller.poll_once()
    report = await app.poller.poll_once(force=True)

    assert report.not_modified == 1 and report.fetched == 0
    second_request = feed_server.hits("/v.xml")[1]
    assert second_request["If-None-Match"].startswith('"')
    assert second_request["If-Modified-Since"] == "Fri, 06 Feb 2026 12:00:00 GMT"


async def test_unchanged_body_without_validators_is_not_parsed_again(feed_server, app_for):
    url = feed_server.set("/nv.xml", body=rss(RELEVANT), validators=False)
    app = app_for(url)
    await app.poller.poll_once()
    report = await app.poller.poll_once(force=True)
    assert report.unchanged == 1 and report.new_items == 0
    assert "If-None-Match" not in feed_server.hits("/nv.xml")[1]


async def test_same_item_is_stored_once_across_feeds_and_tracking_parameters(feed_server, app_for):
    item = dict(RELEVANT[0])
    copy = {**item, "guid": "other-guid", "link": item["link"] + "?utm_source=twitter&utm_medium=social"}
    a = feed_server.set("/a.xml", body=rss([]))
    b = feed_server.set("/b.xml", body=rss([]))
    transport = RecordingTransport()
    app = app_for(a, b, transport=transport)
    follow(app)
    await app.poller.poll_once()  # prime both feeds (empty)
    feed_server.set("/a.xml", body=rss([item]))
    feed_server.set("/b.xml", body=rss([copy]))
    report = await app.poller.poll_once(force=True)
    await app.sender.drain()
    assert report.new_items == 1
    assert len(transport.delivered) == 1


async def test_restart_on_same_database_queues_nothing_new(feed_server, app_for, settings_for, tmp_path):
    url = feed_server.set("/r.xml", body=rss([]))
    first = app_for(url)
    follow(first)
    await first.poller.poll_once()
    feed_server.set("/r.xml", body=rss(RELEVANT), validators=False)
    report = await first.poller.poll_once(force=True)
    assert report.queued == 2
    await first.aclose()

    # A restart: new process, same database, the feed still serves the same items.
    second = app_for(url)
    again = await second.poller.poll_once(force=True)
    assert again.queued == 0 and again.new_items == 0
    assert len(second.storage.outbox.all()) == 2


async def test_broken_slow_and_hostile_feeds_do_not_stop_the_good_one(feed_server, app_for):
    good = feed_server.set("/good.xml", body=rss([]))
    bad = {
        "500": feed_server.set("/500.xml", status=500),
        "malformed": feed_server.set("/bad.xml", body=b"<rss><channel><title>broken</chan"),
        "html": feed_server.set(
            "/page.html", body=b"<!doctype html><html><body>Hi</body></html>", content_type="text/html"
        ),
        "huge": feed_server.set("/huge.xml", body=b"<rss>" + b" " * 300_000 + b"</rss>"),
        "slow": feed_server.set("/slow.xml", body=rss(RELEVANT), drip=0.05),
        "bomb": feed_server.set(
            "/bomb.xml",
            body=(
                b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel>'
                b"<title>&b;</title></channel></rss>"
            ),
        ),
    }
    transport = RecordingTransport()
    app = app_for(good, *bad.values(), transport=transport, max_bytes=100_000, total_timeout=1.0)
    follow(app)
    report = await app.poller.poll_once()
    feed_server.set("/good.xml", body=rss(RELEVANT))
    report = await app.poller.poll_once(force=True)

    assert report.queued == 2  # the good feed still delivers
    errors = {r.feed: r.error for r in report.errors}
    names = {f.url: f.name for f in app.storage.feeds.all()}
    assert "HTTP 500" in errors[names[bad["500"]]]
    assert errors[names[bad["malformed"]]].startswith("malformed feed")
    assert errors[names[bad["html"]]].startswith("not a feed: the server sent an HTML page")
    assert "exceeds the 100000-byte cap" in errors[names[bad["huge"]]]
    assert errors[names[bad["slow"]]] == "timed out after 1s"
    assert "entity" in errors[names[bad["bomb"]]]
    # Nothing from the broken feeds was stored; the good feed's items were.
    assert app.storage.items.count() == 2


async def test_gzip_bomb_is_capped_on_its_decompressed_size(feed_server, app_for):
    body = gzip.compress(b"<rss>" + b" " * 2_000_000 + b"</rss>")
    assert len(body) < 10_000
    url = feed_server.set("/gz.xml", body=body, content_encoding="gzip")
    app = app_for(url, max_bytes=100_000)
    report = await app.poller.poll_once()
    assert [(r.feed, r.error) for r in report.errors] == [("feed 0", "body exceeds the 100000-byte cap")]


async def test_failing_feed_backs_off_and_turns_unhealthy_with_last_error(feed_server, app_for):
    url = feed_server.set("/down.xml", status=503)
    app = app_for(url)
    for _ in range(3):
        await app.poller.poll_once(force=True)
    state = app.storage.feeds.by_url(url)
    assert state.consecutive_failures == 3
    assert not state.healthy
    assert state.last_error == "HTTP 503 Service Unavailable"
    # Backed off: not due on a regular cycle now.
    report = await app.poller.poll_once()
    assert report.skipped == 1 and len(feed_server.hits("/down.xml")) == 3
    # Recovery resets the count and health.
    feed_server.set("/down.xml", body=rss([]))
    await app.poller.poll_once(force=True)
    state = app.storage.feeds.by_url(url)
    assert state.healthy and state.consecutive_failures == 0


async def test_redirect_loop_is_capped(feed_server, app_for):
    url = feed_server.set("/loop.xml", redirect_to="/loop.xml")
    app = app_for(url, max_redirects=3)
    report = await app.poller.poll_once()
    assert [(r.feed, r.error) for r in report.errors] == [("feed 0", "more than 3 redirects")]


async def test_dates_from_the_future_or_the_distant_past_are_not_believed(feed_server, app_for):
    url = feed_server.set("/d.xml", body=rss([]))
    app = app_for(url)
    follow(app)
    await app.poller.poll_once()
    future = {**RELEVANT[0], "date": "Fri, 31 Dec 9999 23:00:00 GMT"}
    ancient = {**RELEVANT[1], "date": "Thu, 01 Jan 1970 00:00:00 GMT"}
    feed_server.set("/d.xml", body=rss([future, ancient]))
    before = time.time()
    await app.poller.poll_once(force=True)
    rows = {r["title"]: r for r in app.storage.db.query("SELECT title, published_at, fetched_at FROM items")}
    dated = rows[future["title"]]
    assert before - 1 <= dated["published_at"] <= time.time() + 1  # the fetch time, not 9999
    assert rows[ancient["title"]]["published_at"] is None  # unknown, shown with its fetch time
    # The story index's window did not jump to the year 9999.
    index = app.poller.worker.tracker.indexes["iran-usa"]
    assert all(published <= time.time() + 1 for published, _ in index._recent)


async def test_a_feed_servers_retry_after_is_respected(feed_server, app_for):
    url = feed_server.set("/busy.xml", status=429, retry_after="7200")
    app = app_for(url)
    before = time.time()
    report = await app.poller.poll_once()
    assert [r.error for r in report.errors] == ["HTTP 429 Too Many Requests, retry after 7200s"]
    [feed] = app.storage.feeds.all()
    assert feed.next_poll_at >= before + 7200  # longer than our own 60 s backoff
    assert (await app.poller.poll_once()).feeds == 1 and len(feed_server.hits("/busy.xml")) == 1


async def test_a_quiet_feed_is_polled_less_often_until_it_has_news(feed_server, app_for):
    url = feed_server.set("/quiet.xml", body=rss(RELEVANT[:1]))
    app = app_for(url)

    def interval() -> float | None:
        return app.storage.feeds.by_url(url).interval

    await app.poller.poll_once()
    assert interval() == 60  # news (here: the first body): the configured interval
    seen = []
    for _ in range(5):
        await app.poller.poll_once(force=True)  # 304 every time
        seen.append(interval())
    # The ceiling: max_poll_interval_seconds, unset here, so six intervals.
    assert seen == [90, 135, 202.5, 303.75, 360]
    feed = app.storage.feeds.by_url(url)
    assert feed.next_poll_at >= time.time() + 360 * 0.9
    feed_server.set("/quiet.xml", body=rss(RELEVANT))  # news again
    await app.poller.poll_once(force=True)
    assert interval() == 60


async def test_a_tick_polls_the_feeds_that_are_due_and_no_other(feed_server, app_for):
    """Each tick (every two seconds in a running bot) starts exactly the feeds whose time
    has come: one that answered a moment ago is not asked again, one that is due is."""
    due_url = feed_server.set("/due.xml", body=rss(RELEVANT))
    later_url = feed_server.set("/later.xml", body=rss(IRRELEVANT))
    app = app_for(due_url, later_url)
    assert await app.poller.tick() == 2  # new feeds are due at once
    await app.poller.finish(grace=5)  # the polls it started, each a task of its own, end
    assert len(feed_server.hits("/due.xml")) == len(feed_server.hits("/later.xml")) == 1

    # Both answered; make the first due again (its interval is over), the other not.
    due = app.storage.feeds.by_url(due_url)
    app.storage.feeds.record_successes([FeedSuccess(due.id, None, None, None, time.time() - 1, True, 60)])
    assert [f.url for f in app.storage.feeds.due(time.time())] == [due_url]
    assert await app.poller.tick() == 1
    await app.poller.finish(grace=5)
    assert len(feed_server.hits("/due.xml")) == 2
    assert len(feed_server.hits("/later.xml")) == 1


async def test_a_cycle_and_a_tick_take_one_path_and_never_poll_a_feed_twice(feed_server, app_for):
    """`talkwatch poll` (poll_once) polls through the same per-feed path as the running
    bot's ticks: a feed a tick is polling already is waited for, not fetched a second time,
    and the cycle's report counts it once, with what it found."""
    slow_url = feed_server.set("/slow.xml", body=rss(RELEVANT), delay=0.5)
    quick_url = feed_server.set("/quick.xml", body=rss(IRRELEVANT))
    app = app_for(slow_url, quick_url)
    assert await app.poller.tick() == 2
    report = await app.poller.poll_once(force=True)  # both are still on their way
    assert len(feed_server.hits("/slow.xml")) == len(feed_server.hits("/quick.xml")) == 1
    assert report.feeds == 2 and len(report.results) == 2 and not report.errors
    assert report.new_items == len(RELEVANT) + len(IRRELEVANT)
    await app.poller.poll_once(force=True)  # nothing in flight now: each is fetched again
    assert len(feed_server.hits("/slow.xml")) == len(feed_server.hits("/quick.xml")) == 2
