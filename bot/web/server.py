"""The read-only web page: aiohttp on the ``[web]`` host and port, inside the bot.

Per topic: the latest round as /status shows it, the timeline drawn, the latest stories, a
search box; the stories as an Atom feed; ``status.json`` and ``timeline.json`` as
``talkwatch status --json`` and ``timeline --json`` print them. Only GET and HEAD are
answered and nothing changes state. Every answer carries a strict Content-Security-Policy
(no script at all, styles from this site only). The operators' page and the feed list as
OPML need the bearer token of ``TALKWATCH_WEB_TOKEN``; without one they do not exist.

It reads what it shows through the service chat commands use, so the page and the chat
always say the same.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable, Sequence
from importlib import resources
from urllib.parse import urlsplit

from aiohttp import web

from bot.news.search_query import QueryError
from bot.news.status import StatusView
from bot.ops.health import bound_port
from bot.render.search import search_document
from bot.render.status import view_json
from bot.service import ChatService
from bot.web import pages
from bot.web.atom import ATOM_TYPE, stories_feed
from bot.web.escape import xml_text
from config.opml import write_opml
from config.settings import FeedSettings, WebSettings
from config.topics import Topic
from storage import StorageError

log = logging.getLogger(__name__)

PAGE_STORIES = 20  # the latest stories on a topic's page
SEARCH_STORIES = 10  # stories a search shows, as /search (more: a hint to add words)
MAX_QUERY = 200  # characters of a query read
FEED_STORIES = 50  # entries in its Atom feed
# No script, no frame, no plug-in; styles and images from this site only (the timeline is
# SVG written into the page); a form may only send to this site.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
PUBLIC_CACHE = "public, max-age=60"  # a minute: the page changes at the pace of the feeds
HTML = "text/html"


def _style() -> bytes:
    return resources.files("bot.web").joinpath("style.css").read_bytes()


def _round_line(view: StatusView) -> str:
    """A topic's latest round in one line, for the index."""
    r = view.round
    if r is None:
        return "No round of talks is on record yet."
    label = f"Round {r.number}" if r.number else "Talks"
    where = r.venue or "venue unknown"
    state = "" if r.state == "held" else f" ({r.state.replace('_', ' ')})"
    return f"Latest: {label}, {r.date or 'date unknown'}, {where}{state}"


class WebServer:
    """Serves the page; ``start`` listens, ``stop`` closes (the app calls both)."""

    def __init__(
        self,
        service: ChatService,
        settings: WebSettings,
        feeds: Sequence[FeedSettings],
        *,
        host: str | None = None,
        port: int | None = None,
    ) -> None:
        self.service = service
        self.settings = settings
        self.feeds = tuple(feeds)
        self.host = settings.host if host is None else host
        self.port = settings.port if port is None else port
        self.bound_port: int | None = None
        self.site = pages.Site(
            urlsplit(settings.public_base_url).path.rstrip("/") if settings.public_base_url else ""
        )
        self._token = settings.token.value.encode() if settings.token is not None else None
        self._style = _style()
        self._runner: web.AppRunner | None = None

    # ---- serving

    def application(self) -> web.Application:
        """The aiohttp application (tests may serve it themselves)."""
        app = web.Application(middlewares=[self._errors])
        app.on_response_prepare.append(_secure)
        # add_get answers HEAD too; any other method gets 405 (aiohttp), so nothing can post.
        app.router.add_get("/", self._index)
        app.router.add_get("/style.css", self._stylesheet)
        app.router.add_get("/topics/{topic}", self._topic_page)
        app.router.add_get("/topics/{topic}/status.json", self._status_json)
        app.router.add_get("/topics/{topic}/timeline.json", self._timeline_json)
        app.router.add_get("/topics/{topic}/stories.atom", self._atom)
        app.router.add_get("/topics/{topic}/search", self._search)
        app.router.add_get("/ops", self._ops)
        app.router.add_get("/ops/feeds.opml", self._opml)
        return app

    async def start(self) -> None:
        """Listen on host:port (port 0: any free port, then ``bound_port`` tells which)."""
        self._runner = web.AppRunner(self.application(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.bound_port = bound_port(site)
        log.info("web page on %s", self.address)

    @property
    def address(self) -> str:
        """Where the page is reached: the public base URL, else the address it listens on."""
        if self.settings.public_base_url:
            return self.settings.public_base_url + "/"
        host = self.host if self.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.bound_port or self.port}/"

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- pages

    def _topic(self, request: web.Request) -> Topic:
        name = request.match_info["topic"]
        topic = self.service.topics.get(name)
        if topic is None:
            raise web.HTTPNotFound(
                text=pages.message_page(
                    self.site,
                    "No such topic",
                    f"There is no topic {name!r}. Topics: {self.service.topic_list()}.",
                ),
                content_type=HTML,
            )
        return topic

    def _html(self, body: str, *, cache: str = PUBLIC_CACHE) -> web.Response:
        return web.Response(text=body, content_type=HTML, charset="utf-8", headers={"Cache-Control": cache})

    async def _index(self, request: web.Request) -> web.Response:
        summaries = [
            pages.TopicSummary(t.id, t.name, _round_line(self.service.status(t.id)))
            for t in sorted(self.service.topics.values(), key=lambda t: t.name)
        ]
        return self._html(pages.index_page(self.site, summaries))

    async def _stylesheet(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self._style,
            content_type="text/css",
            charset="utf-8",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    async def _topic_page(self, request: web.Request) -> web.Response:
        topic = self._topic(request)
        page = pages.topic_page(
            self.site,
            self.service.status(topic.id),
            self.service.timeline(topic.id),
            self.service.latest(topic.id, PAGE_STORIES),
        )
        return self._html(page)

    def _json(self, text: str) -> web.Response:
        # The same text `talkwatch status --json` prints (it ends in a newline there too).
        return web.Response(
            text=text + "\n",
            content_type="application/json",
            charset="utf-8",
            headers={"Cache-Control": PUBLIC_CACHE},
        )

    async def _status_json(self, request: web.Request) -> web.Response:
        return self._json(view_json(self.service.status(self._topic(request).id)))

    async def _timeline_json(self, request: web.Request) -> web.Response:
        return self._json(view_json(self.service.timeline(self._topic(request).id)))

    def _absolute(self, request: web.Request, path: str) -> str:
        if self.settings.public_base_url:
            return self.settings.public_base_url + path
        return f"{request.scheme}://{request.host}{path}"

    async def _atom(self, request: web.Request) -> web.Response:
        topic = self._topic(request)
        tail = f"/topics/{topic.id}"
        body = stories_feed(
            topic.id,
            topic.name,
            self.service.latest(topic.id, FEED_STORIES),
            self_url=self._absolute(request, f"{tail}/stories.atom"),
            page_url=self._absolute(request, tail),
        )
        return web.Response(
            body=body, content_type=ATOM_TYPE, charset="utf-8", headers={"Cache-Control": PUBLIC_CACHE}
        )

    async def _search(self, request: web.Request) -> web.Response:
        """The topic's reports that match ``q``, as /search answers (the search service), one
        story a line, best first; a bad query gets its one-line reason."""
        topic = self._topic(request)
        query = request.query.get("q", "").strip()[:MAX_QUERY]
        if not query:
            found = '<p class="empty">Type words to search for: "a phrase" in quotes, -word to leave out.</p>'
        else:
            try:
                result = self.service.search(query, topic.id, SEARCH_STORIES)
            except QueryError as exc:
                found = f'<p class="empty">{xml_text(str(exc))}</p>'
            else:
                found = pages.document_html(search_document(result, topic.name))
        page = pages.search_page(self.site, topic.id, topic.name, query, found)
        return self._html(page)

    # ---- operators

    def _operator(self, request: web.Request) -> None:
        """Let an operator through (the bearer token, compared in constant time); 404 when no
        token is set (the pages do not exist), 401 for a missing or wrong one."""
        if self._token is None:
            raise web.HTTPNotFound(
                text=pages.message_page(self.site, "Not found", "There is no such page."), content_type=HTML
            )
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self._token):
            return
        # Who asked, never what they sent.
        log.warning("refused %s from %s: no or wrong operator token", request.path, request.remote or "?")
        raise web.HTTPUnauthorized(
            text=pages.message_page(self.site, "Operators only", "This page needs the operator token."),
            content_type=HTML,
            headers={"WWW-Authenticate": 'Bearer realm="talkwatch operators"'},
        )

    async def _ops(self, request: web.Request) -> web.Response:
        self._operator(request)
        page = pages.ops_page(
            self.site, self.service.stats(), self.service.feeds(), self.service.polling_pause()
        )
        return self._html(page, cache="no-store")

    async def _opml(self, request: web.Request) -> web.Response:
        self._operator(request)
        return web.Response(
            body=write_opml(self.feeds),
            content_type="text/x-opml",
            charset="utf-8",
            headers={
                "Cache-Control": "no-store",
                "Content-Disposition": 'attachment; filename="talkwatch-feeds.opml"',
            },
        )

    # ---- every answer

    @web.middleware
    async def _errors(
        self, request: web.Request, handler: Callable[[web.Request], object]
    ) -> web.StreamResponse:
        try:
            response = await handler(request)  # type: ignore[misc]
        except web.HTTPException as exc:
            if exc.status == 404 and exc.content_type != HTML:
                return self._not_found(exc)
            if exc.status == 405 and exc.content_type != HTML:
                raise web.HTTPMethodNotAllowed(
                    request.method,
                    exc.headers.get("Allow", "GET,HEAD").split(","),
                    text=pages.message_page(self.site, "Read-only", "This site only answers GET and HEAD."),
                    content_type=HTML,
                ) from None
            raise
        except StorageError as exc:
            log.warning("web %s: database busy: %s", request.path, exc)
            raise web.HTTPServiceUnavailable(
                text=pages.message_page(self.site, "Busy", "The database is busy; try again in a moment."),
                content_type=HTML,
                headers={"Retry-After": "5"},
            ) from None
        assert isinstance(response, web.StreamResponse)
        return response

    def _not_found(self, exc: web.HTTPException) -> web.Response:
        return web.Response(
            status=404,
            text=pages.message_page(self.site, "Not found", "There is no such page."),
            content_type=HTML,
            charset="utf-8",
        )


async def _secure(request: web.Request, response: web.StreamResponse) -> None:
    """The security headers, on every answer (errors too)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
