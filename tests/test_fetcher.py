"""The fetcher's guards that need no real server: redirects into the internal network, and
Retry-After. An in-process httpx transport plays the publishers (nothing leaves the process)."""

from __future__ import annotations

import httpx

from bot.feeds.fetcher import Fetcher, is_internal, retry_after
from config.settings import HttpSettings

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'


def publisher(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/to-loopback":
        return httpx.Response(302, headers={"location": "http://127.0.0.1:9/admin"})
    if request.url.path == "/to-metadata":
        return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/meta-data"})
    if request.url.path == "/to-public":
        return httpx.Response(301, headers={"location": "https://mirror.example/feed"})
    if request.url.path == "/busy":
        return httpx.Response(429, headers={"retry-after": "120"})
    if request.url.path == "/down":
        return httpx.Response(503, headers={"retry-after": "Wed, 21 Oct 2099 07:28:00 GMT"})
    return httpx.Response(200, content=FEED, headers={"content-type": "application/rss+xml"})


async def fetch(url: str, **settings: object):
    async with Fetcher(HttpSettings(**settings), transport=httpx.MockTransport(publisher)) as fetcher:  # type: ignore[arg-type]
        return await fetcher.fetch(url)


async def test_a_public_feed_may_not_redirect_into_the_internal_network():
    for path, host in (("/to-loopback", "127.0.0.1"), ("/to-metadata", "169.254.169.254")):
        result = await fetch(f"https://news.example{path}")
        assert result.body is None
        assert result.error == (
            f"refused redirect to internal address {host} "
            "(set [http] allow_private_redirects = true to allow)"
        )


async def test_public_redirects_and_the_operators_choice_are_followed():
    assert (await fetch("https://news.example/to-public")).body == FEED
    allowed = await fetch("https://news.example/to-loopback", allow_private_redirects=True)
    assert allowed.error is None and allowed.body == FEED


async def test_a_feed_on_an_internal_address_may_redirect_inside():
    assert (await fetch("http://10.1.2.3/to-loopback")).body == FEED


async def test_retry_after_is_read_from_429_and_503():
    busy = await fetch("https://news.example/busy")
    assert (busy.status, busy.retry_after) == (429, 120.0)
    assert busy.error == "HTTP 429 Too Many Requests, retry after 120s"
    down = await fetch("https://news.example/down")
    assert down.status == 503 and down.retry_after is not None and down.retry_after > 86400


def test_internal_addresses():
    assert all(map(is_internal, ["127.0.0.1", "10.0.0.1", "192.168.1.1", "169.254.1.1", "::1", "fd00::1"]))
    assert not any(map(is_internal, ["8.8.8.8", "2a00:1450::1", "news.example"]))
    assert retry_after("30", 0) == 30.0 and retry_after("soon", 0) is None
