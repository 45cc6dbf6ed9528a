"""Fetch feed bytes over HTTP: conditional GET, limits, timeouts and a size cap."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from config.settings import HttpSettings

log = logging.getLogger(__name__)

ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class FetchResult:
    """What one fetch brought back: a body, a 304, or an error for operators."""

    url: str
    status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One shared httpx client with a global and a per-host concurrency limit."""

    def __init__(self, settings: HttpSettings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self._global = asyncio.Semaphore(settings.max_connections)
        self._per_host: dict[str, asyncio.Semaphore] = {}
        self._client = httpx.AsyncClient(
            headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=None,  # waiting for a pooled socket is bounded by the semaphores
            ),
            limits=httpx.Limits(
                max_connections=settings.max_connections,
                max_keepalive_connections=min(settings.max_connections, 50),
            ),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _host_limit(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        if host not in self._per_host:
            self._per_host[host] = asyncio.Semaphore(self.settings.max_per_host)
        return self._per_host[host]

    async def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET a feed, sending validators; never raises for network or HTTP trouble."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with self._global, self._host_limit(url):
            try:
                # The deadline starts once a slot is held, so queueing behind
                # other feeds never counts against this one.
                async with asyncio.timeout(self.settings.total_timeout):
                    return await self._get(url, headers)
            except TimeoutError:
                return FetchResult(url, error=f"timed out after {self.settings.total_timeout:g}s")
            except httpx.TooManyRedirects:
                return FetchResult(url, error=f"more than {self.settings.max_redirects} redirects")
            except httpx.TimeoutException as exc:
                return FetchResult(url, error=f"timeout ({type(exc).__name__})")
            except httpx.HTTPError as exc:
                return FetchResult(url, error=f"{type(exc).__name__}: {exc}"[:300] or type(exc).__name__)

    async def _get(self, url: str, headers: dict[str, str]) -> FetchResult:
        async with self._client.stream("GET", url, headers=headers) as response:
            final_url = str(response.url)
            if response.status_code == 304:
                return FetchResult(
                    url,
                    status=304,
                    final_url=final_url,
                    etag=etag_of(response),
                    last_modified=response.headers.get("last-modified"),
                )
            if response.status_code >= 400:
                return FetchResult(
                    url,
                    status=response.status_code,
                    final_url=final_url,
                    error=f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.settings.max_bytes:
                return FetchResult(
                    url,
                    status=response.status_code,
                    final_url=final_url,
                    error=f"body of {int(declared)} bytes exceeds the {self.settings.max_bytes}-byte cap",
                )
            chunks = []
            size = 0
            # aiter_bytes decompresses, so a gzip bomb is capped on its real size.
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.settings.max_bytes:
                    return FetchResult(
                        url,
                        status=response.status_code,
                        final_url=final_url,
                        error=f"body exceeds the {self.settings.max_bytes}-byte cap",
                    )
                chunks.append(chunk)
            return FetchResult(
                url,
                status=response.status_code,
                body=b"".join(chunks),
                headers=dict(response.headers),
                final_url=final_url,
                etag=etag_of(response),
                last_modified=response.headers.get("last-modified"),
            )


def etag_of(response: httpx.Response) -> str | None:
    return response.headers.get("etag")
