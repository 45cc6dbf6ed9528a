"""A real HTTP server on 127.0.0.1 that serves fixture feeds and hostile answers."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.helpers.loopback import serve


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    validators: bool = True  # send ETag and Last-Modified
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between 1-byte chunks (a slow-drip server)
    redirect_to: str | None = None
    content_encoding: str | None = None  # serve body as-is with this Content-Encoding
    retry_after: str | None = None  # a Retry-After header on an error status


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base_url: str = ""
    _runner: web.AppRunner | None = None

    def set(self, path: str, **kwargs: Any) -> str:
        self.routes[path] = Route(**kwargs)
        return self.base_url + path

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.path, dict(request.headers)))
        route = self.routes.get(request.path)
        if route is None:
            return web.Response(status=404, text="no such feed")
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.redirect_to is not None:
            raise web.HTTPFound(route.redirect_to)
        if route.status != 200:
            headers = {"Retry-After": route.retry_after} if route.retry_after else None
            return web.Response(status=route.status, text="server trouble", headers=headers)
        etag = '"' + hashlib.sha1(route.body).hexdigest()[:12] + '"'
        last_modified = "Fri, 06 Feb 2026 12:00:00 GMT"
        if route.validators and (
            request.headers.get("If-None-Match") == etag
            or (
                request.headers.get("If-Modified-Since") == last_modified
                and "If-None-Match" not in request.headers
            )
        ):
            return web.Response(status=304, headers={"ETag": etag})
        headers = {"Content-Type": route.content_type}
        if route.content_encoding:
            headers["Content-Encoding"] = route.content_encoding
        if route.validators:
            headers.update({"ETag": etag, "Last-Modified": last_modified})
        if route.drip:
            response = web.StreamResponse(headers=headers)
            await response.prepare(request)
            try:
                for byte in route.body:
                    await response.write(bytes([byte]))
                    await asyncio.sleep(route.drip)
            except ConnectionError:
                pass  # the client gave up, as it should
            return response
        return web.Response(body=route.body, headers=headers)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner, self.base_url = await serve(app)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
