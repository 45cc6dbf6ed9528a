"""The fetcher's guards: redirects into the internal network, Retry-After, validators.

A real HTTP server on 127.0.0.1 plays the publishers; a resolver sends every host name
there (news.example, mirror.example), so a public-looking feed can be served from
loopback. Whether a host is internal is still decided as in production: by resolving it
(names under .example resolve nowhere here, so they count as public)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.feeds.fetcher import Fetcher, is_internal, retry_after
from config.settings import HttpSettings
from tests.helpers.loopback import serve

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'


class Loopback(AbstractResolver):
    """Every host name resolves to 127.0.0.1."""

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        return None


@pytest.fixture
async def port() -> AsyncIterator[int]:
    async def publisher(request: web.Request) -> web.StreamResponse:
        port = request.url.port
        if request.path == "/to-loopback":
            raise web.HTTPFound(f"http://127.0.0.1:{port}/admin")
        if request.path == "/to-metadata":
            raise web.HTTPFound("http://169.254.169.254/latest/meta-data")
        if request.path == "/to-public":
            raise web.HTTPMovedPermanently(f"http://mirror.example:{port}/feed")
        if request.path.endswith("/relative"):
            raise web.HTTPFound("../feed?moved=1")
        if request.path == "/busy":
            return web.Response(status=429, headers={"retry-after": "120"})
        if request.path == "/down":
            return web.Response(status=503, headers={"retry-after": "Wed, 21 Oct 2099 07:28:00 GMT"})
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(body=FEED, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    app = web.Application()
    app.router.add_get("/{tail:.*}", publisher)
    runner, base = await serve(app)
    yield int(base.rsplit(":", 1)[1])
    await runner.cleanup()


async def fetch(url: str, etag: str | None = None, **settings: object):
    async with Fetcher(HttpSettings(**settings), resolver=Loopback()) as fetcher:  # type: ignore[arg-type]
        return await fetcher.fetch(url, etag)


async def test_a_public_feed_may_not_redirect_into_the_internal_network(port):
    for path, host in (("/to-loopback", "127.0.0.1"), ("/to-metadata", "169.254.169.254")):
        result = await fetch(f"http://news.example:{port}{path}")
        assert result.body is None
        assert result.error == (
            f"refused redirect to internal address {host} "
            "(set [http] allow_private_redirects = true to allow)"
        )


async def test_public_redirects_and_the_operators_choice_are_followed(port):
    moved = await fetch(f"http://news.example:{port}/to-public")
    assert moved.body == FEED and moved.final_url == f"http://mirror.example:{port}/feed"
    relative = await fetch(f"http://news.example:{port}/a/relative")
    assert relative.body == FEED and relative.final_url == f"http://news.example:{port}/feed?moved=1"
    allowed = await fetch(f"http://news.example:{port}/to-loopback", allow_private_redirects=True)
    assert allowed.error is None and allowed.body == FEED


async def test_a_feed_on_an_internal_address_may_redirect_inside(port):
    assert (await fetch(f"http://127.0.0.1:{port}/to-loopback")).body == FEED


async def test_retry_after_is_read_from_429_and_503(port):
    busy = await fetch(f"http://news.example:{port}/busy")
    assert (busy.status, busy.retry_after) == (429, 120.0)
    assert busy.error == "HTTP 429 Too Many Requests, retry after 120s"
    down = await fetch(f"http://news.example:{port}/down")
    assert down.status == 503 and down.retry_after is not None and down.retry_after > 86400


async def test_a_validator_that_still_holds_gets_a_304_and_no_body(port):
    first = await fetch(f"http://news.example:{port}/feed")
    assert first.status == 200 and first.etag == '"v1"' and first.body == FEED
    again = await fetch(f"http://news.example:{port}/feed", etag=first.etag)
    assert again.not_modified and again.body is None and again.etag == '"v1"'


async def test_an_unreachable_host_is_an_error_not_an_exception():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        free = closed.getsockname()[1]
    result = await fetch(f"http://127.0.0.1:{free}/feed")
    assert result.body is None and result.error and "ClientConnectorError" in result.error


def test_internal_addresses():
    assert all(map(is_internal, ["127.0.0.1", "10.0.0.1", "192.168.1.1", "169.254.1.1", "::1", "fd00::1"]))
    assert not any(map(is_internal, ["8.8.8.8", "2a00:1450::1", "news.example"]))
    assert retry_after("30", 0) == 30.0 and retry_after("soon", 0) is None


async def test_the_proxy_the_environment_names_is_used_and_no_proxy_exempts(port, monkeypatch):
    asked: list[str] = []

    async def proxy(request: web.Request) -> web.Response:
        asked.append(str(request.url))  # a proxy is asked for the whole URL
        return web.Response(body=FEED, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/{tail:.*}", proxy)
    runner, base = await serve(app)
    try:
        monkeypatch.setenv("HTTP_PROXY", base)
        monkeypatch.setenv("NO_PROXY", "direct.example")
        # Through the proxy: the resolver would have sent it to the publisher's /busy.
        via = await fetch(f"http://news.example:{port}/busy")
        assert via.body == FEED and asked == [f"http://news.example:{port}/busy"]
        direct = await fetch(f"http://direct.example:{port}/busy")
        assert direct.status == 429 and len(asked) == 1
    finally:
        await runner.cleanup()
