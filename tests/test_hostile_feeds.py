"""Thirty-odd hostile and odd feeds served next to a good one: each fails alone with a clear
error (shown by `talkwatch feeds`), or is read safely; the good feed's new items are
queued; memory stays bounded. Every feed here is written for the test."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import io
import time
import tracemalloc
from contextlib import redirect_stdout

from bot.chat import ChatRef
from bot.cli import main as cli
from tests.helpers.feeds import RELEVANT, rss

ITEM = "<item><title>{t}</title><guid>{g}</guid><link>https://odd.example/{g}</link>{extra}</item>"


def rss_raw(items: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return f'{head}<rss version="2.0"><channel><title>Odd</title>{items}</channel></rss>'.encode()


def one(title: str, extra: str = "") -> bytes:
    """A feed of one item; each feed's item has its own link (a shared one would be one item)."""
    guid = hashlib.sha1(title.encode()).hexdigest()[:10]
    return rss_raw(ITEM.format(t=title, g=guid, extra=extra))


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<rss version="2.0"><channel><title>&b;</title></channel></rss>'
)
GZIP_BOMB = gzip.compress(b"<rss>" + b" " * 5_000_000 + b"</rss>")
MANY = rss_raw("".join(ITEM.format(t=f"Item {i}", g=f"m{i}", extra="") for i in range(2000)))

# name → (route options, expected error substring, or None for "read safely")
CASES: dict[str, tuple[dict, str | None]] = {
    "html page": (
        {"body": b"<!doctype html><html><body>Hi</body></html>", "content_type": "text/html"},
        "not a feed: the server sent an HTML page",
    ),
    "entity bomb": ({"body": BOMB}, "declares XML entities"),
    "gzip bomb": ({"body": GZIP_BOMB, "content_encoding": "gzip"}, "byte cap"),
    "too large": ({"body": b"<rss>" + b" " * 300_000 + b"</rss>"}, "exceeds the 200000-byte cap"),
    "redirect loop": ({"redirect_to": "/feeds/redirect loop"}, "redirects"),
    "slow drip": ({"body": rss(RELEVANT), "drip": 0.05}, "timed out after 1.5s"),
    "hang": ({"body": rss(RELEVANT), "delay": 5}, "timed out after 1.5s"),
    "404": ({"status": 404}, "HTTP 404"),
    "500": ({"status": 500}, "HTTP 500"),
    "502": ({"status": 502}, "HTTP 502"),
    "503 retry-after": (
        {"status": 503, "retry_after": "600"},
        "HTTP 503 Service Unavailable, retry after 600s",
    ),
    "429 retry-after": ({"status": 429, "retry_after": "60"}, "HTTP 429 Too Many Requests, retry after 60s"),
    "401": ({"status": 401}, "HTTP 401"),
    "empty body": ({"body": b""}, "malformed feed"),
    "truncated xml": ({"body": b"<rss><channel><title>broken</chan"}, "malformed feed"),
    "json instead of xml": (
        {"body": b'{"items": [{"title": "x"}]}', "content_type": "application/json"},
        "malformed feed",
    ),
    "binary garbage": (
        {"body": bytes(range(256)) * 40, "content_type": "application/octet-stream"},
        "malformed feed",
    ),
    "broken gzip": ({"body": b"\x1f\x8b\x08\x00garbage", "content_encoding": "gzip"}, "malformed feed"),
    "plain text": ({"body": b"just some words", "content_type": "text/plain"}, "malformed feed"),
    # Odd but readable: read safely.
    "wrong declared encoding": ({"body": one("Gespräche in Maskat").decode().encode("latin-1")}, None),
    "utf-16 with bom": (
        {
            "body": one("Talks in Muscat").decode().replace("utf-8", "utf-16").encode("utf-16"),
            "content_type": "application/rss+xml",  # no charset: the byte-order mark tells
        },
        None,
    ),
    "future dates": ({"body": one("Dated 9999", "<pubDate>Fri, 31 Dec 9999 23:00:00 GMT</pubDate>")}, None),
    "ancient dates": ({"body": one("Dated 1970", "<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>")}, None),
    "garbage dates": ({"body": one("Dated never", "<pubDate>yesterday-ish</pubDate>")}, None),
    "duplicate guids": ({"body": rss_raw(ITEM.format(t="Same", g="d", extra="") * 3)}, None),
    "items without titles": (
        {"body": rss_raw("<item><guid>n1</guid></item><item><link>https://x.example/</link></item>")},
        None,
    ),
    "script in titles": ({"body": one("&lt;script&gt;alert(1)&lt;/script&gt;Safe title")}, None),
    "bidi override": ({"body": one("Iran\u202e SU\u202c talks")}, None),
    "giant title": ({"body": one("T" * 100_000)}, None),
    "two thousand items": ({"body": MANY}, None),
    "rss 1.0 rdf": (
        {
            "body": (
                b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
                b' xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel>'
                b'<item rdf:about="https://r.example/1"><title>RDF item</title>'
                b"<link>https://r.example/1</link></item></rdf:RDF>"
            )
        },
        None,
    ),
    "atom xhtml": (
        {
            "body": (
                b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>a</id><entry>'
                b'<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">XHTML <b>title</b>'
                b"</div></title><id>urn:x</id><updated>2026-02-07T10:00:00Z</updated></entry></feed>"
            ),
            "content_type": "application/atom+xml",
        },
        None,
    ),
    "valid gzip": ({"body": gzip.compress(one("Gzipped item")), "content_encoding": "gzip"}, None),
    "redirect to a feed": ({"redirect_to": "/feeds/wrong declared encoding"}, None),
}


async def test_hostile_feeds_fail_alone_and_the_good_one_delivers(feed_server, app_for, capsys):
    assert len(CASES) >= 30
    good = feed_server.set("/good.xml", body=rss([]))
    urls = {name: feed_server.set(f"/feeds/{name}", **options) for name, (options, _) in CASES.items()}
    app = app_for(good, *urls.values(), max_bytes=200_000, total_timeout=1.5)
    app.service.follow(ChatRef("test", "desk"), "iran-usa")
    names = {f.url: f.name for f in app.storage.feeds.all()}

    await app.poller.poll_once()  # the first poll primes the good feed
    feed_server.set("/good.xml", body=rss(RELEVANT))
    tracemalloc.start()
    report = await app.poller.poll_once(force=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert report.queued == len(RELEVANT)  # the good feed's new items are queued
    assert peak < 64 * 1024 * 1024, peak  # bombs and big bodies are capped, not held
    errors = {r.feed: r.error or "" for r in report.errors}
    for name, (_, expected) in CASES.items():
        feed = names[urls[name]]
        if expected is None:
            assert feed not in errors, (name, errors.get(feed))
        else:
            assert expected in errors.get(feed, "(no error)"), (name, errors.get(feed))

    # What was read from the odd feeds is safe to show.
    titles = {row["title"] for row in app.storage.db.query("SELECT title FROM items")}
    assert "Gespräche in Maskat" in titles and "Iran SU talks" in titles and "Safe title" in titles
    assert "XHTML title" in titles and "RDF item" in titles and "Gzipped item" in titles
    assert max(len(t) for t in titles) <= 500
    assert sum(t == "Same" for t in titles) == 1
    future = next(
        iter(app.storage.db.query("SELECT published_at, fetched_at FROM items WHERE title = 'Dated 9999'"))
    )
    assert future["published_at"] <= future["fetched_at"] + 1

    # `talkwatch feeds` shows each hostile feed's error, in the operator's table.
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli(["feeds", "--db", str(app.settings.database)]) == 0
    table = out.getvalue()
    for name, (_, expected) in CASES.items():
        if expected is not None:
            line = next(row for row in table.splitlines() if row.startswith(names[urls[name]][:32]))
            assert expected[:40] in line or "retry after" in line, (name, line)


async def test_good_items_are_queued_within_an_interval_while_hostile_feeds_are_polled(
    feed_server, settings_for
):
    from dataclasses import replace

    from bot.app import App
    from config.settings import DeliverySettings

    good = feed_server.set("/good2.xml", body=rss([]))
    urls = [feed_server.set(f"/hostile/{name}", **options) for name, (options, _) in CASES.items()]
    settings = replace(
        settings_for(good, *urls, max_bytes=200_000, total_timeout=1.5),
        poll_interval_seconds=1,
        delivery=DeliverySettings(shutdown_grace_seconds=0.5),
    )
    app = App.build(settings, [])
    app.service.follow(ChatRef("test", "desk"), "iran-usa")
    app.start()
    try:
        async with asyncio.timeout(10):
            while app.storage.feeds.by_url(good).last_success_at is None:  # noqa: ASYNC110
                await asyncio.sleep(0.05)  # the scheduler's progress: nothing to await but the database
        published = time.monotonic()
        feed_server.set("/good2.xml", body=rss(RELEVANT))
        async with asyncio.timeout(10):
            while app.storage.outbox.depth() < len(RELEVANT):  # noqa: ASYNC110
                await asyncio.sleep(0.05)
        assert time.monotonic() - published <= 1 + 2  # one interval + 2 s
    finally:
        await app.aclose()
