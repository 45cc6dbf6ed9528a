"""The read-only web page (bot/web), served for real on 127.0.0.1: every route, its status
and headers, hostile headlines as text, the JSON the CLI prints, the Atom feed read back
with feedparser, the operators' token, and the page's link at the end of /status."""

from __future__ import annotations

import io
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import redirect_stdout
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import feedparser
import pytest

from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.cli import main as cli
from bot.demo.run import run_demo
from bot.render.markup import render_html, render_mrkdwn, render_plain
from bot.render.slack_blocks import document_messages
from bot.web.server import CSP
from config.opml import read_opml
from config.settings import Secret, Settings, WebSettings
from tests.helpers.feeds import rss
from tests.helpers.web import HOSTILE_STORY, OUTLETS, demo_then_series

TOPIC = "iran-usa"
TOKEN = "operator-token-0123456789abcdef"


class Elements(HTMLParser):
    """Every element a browser would build from a page, and the text it would show."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture
async def series(feed_server, tmp_path) -> AsyncIterator[Callable[..., object]]:
    """A bot that ran the demo and then a series of talks, serving its page; call it with
    the [web] settings wanted, get (app, base URL)."""
    apps: list[App] = []

    async def make(**web: object) -> tuple[App, str]:
        app = await demo_then_series(feed_server, tmp_path / "web.db", web=WebSettings(**web))
        apps.append(app)
        server = await app.start_web("127.0.0.1", 0)
        return app, f"http://127.0.0.1:{server.bound_port}"

    yield make
    for app in apps:
        await app.aclose()


async def get(url: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    async with aiohttp.ClientSession() as session, session.request(method, url, headers=headers) as response:
        return response.status, dict(response.headers), await response.read()


def dump(database: Path) -> list[str]:
    """Every row of the database, as SQL."""
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


async def test_the_topic_page_shows_the_round_the_timeline_drawn_and_the_stories(series):
    app, base = await series()
    status, headers, body = await get(f"{base}/topics/{TOPIC}")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode()
    seen = Elements(page)
    text = " ".join(" ".join(seen.text).split())
    # The round as /status shows it, with the state of the talks.
    assert "Iran–USA talks: latest round" in text
    assert "Round 3 (2026 series) · 24 Feb 2026 · Muscat" in text
    assert "Talks: collapsed since 2 Mar 2026" in text
    # The timeline, drawn: every round on the axis with its venue and state, the events,
    # the break since the collapse, and the day it is for.
    drawing = re.search(r'<svg [^>]*class="timeline".*?</svg>', page, re.S).group(0)
    for label in ("Round 1 · Muscat", "Round 2 · Geneva", "Round 3 · Muscat", "Talks collapsed", "Strikes"):
        assert f">{label}</text>" in drawing, label
    assert "17 Feb 2026 · held" in drawing and 'class="break"' in drawing
    assert "As of 3 Mar 2026" in drawing and "talks collapsed since 2 Mar 2026" in drawing
    # The latest stories, newest first, each with its outlets.
    stories = page.split('<ol class="stories">', 1)[1].split("</ol>", 1)[0]
    newest = app.service.latest(TOPIC, 20)
    assert stories.count("<li>") == len(newest) == 20
    first = "".join(Elements(stories.split("</li>")[0]).text)
    assert (
        first
        == "Frappes américaines et israéliennes contre l'Iran3 Mar 2026, 15:00 UTC · 1 outlet: Agency Desk"
    )
    # The search box is a plain GET form, and there is not one script on the page.
    assert not seen.named("script") and not seen.named("style")
    assert all(not name.startswith("on") for _, attrs in seen.tags for name in attrs)
    assert all("style" not in attrs for _, attrs in seen.tags)
    # The page links its feed and data, under the topic's own path.
    hrefs = {attrs.get("href") for attrs in seen.named("a")} | {a.get("href") for a in seen.named("link")}
    assert {f"/topics/{TOPIC}/stories.atom", f"/topics/{TOPIC}/status.json", "/style.css?v=1"} <= hrefs


async def test_the_index_lists_every_topic(series):
    _, base = await series()
    status, _, body = await get(f"{base}/")
    seen = Elements(body.decode())
    assert status == 200
    assert {a.get("href") for a in seen.named("a")} >= {f"/topics/{TOPIC}"}
    assert "Latest: Round 3, 2026-02-24, Muscat" in " ".join(seen.text)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", 200),
        (f"/topics/{TOPIC}", 200),
        (f"/topics/{TOPIC}/status.json", 200),
        (f"/topics/{TOPIC}/timeline.json", 200),
        (f"/topics/{TOPIC}/stories.atom", 200),
        ("/style.css", 200),
        ("/topics/no-such-topic", 404),
        ("/topics/no-such-topic/stories.atom", 404),
        ("/no/such/page", 404),
        ("/ops", 404),  # no token set: the operators' pages do not exist
        ("/ops/feeds.opml", 404),
    ],
)
async def test_every_answer_carries_the_security_headers(series, path, expected):
    _, base = await series()
    status, headers, _ = await get(base + path)
    assert status == expected
    assert headers["Content-Security-Policy"] == CSP
    for directive in (
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ):
        assert directive in headers["Content-Security-Policy"]
    assert "script-src" not in CSP  # default-src 'none' forbids every script
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"


async def test_only_get_and_head_are_answered_and_nothing_changes(series, tmp_path):
    _, base = await series()
    before = dump(tmp_path / "web.db")
    for path in ("/", f"/topics/{TOPIC}", f"/topics/{TOPIC}/stories.atom", f"/topics/{TOPIC}/status.json"):
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            status, headers, body = await get(base + path, method)
            assert status == 405, (method, path)
            assert headers["Allow"] == "GET,HEAD" and "only answers GET and HEAD" in body.decode()
        status, headers, body = await get(base + path, "HEAD")
        assert status == 200 and body == b"" and headers["Content-Security-Policy"] == CSP
    assert dump(tmp_path / "web.db") == before


async def test_hostile_headlines_are_shown_as_text_everywhere_on_the_page(series):
    """A feed's headline made of markup (<svg onload>, <input onfocus>) is text: in the
    stories, in /status's "since then", in the drawing and in the Atom feed."""
    _, base = await series()
    _, _, body = await get(f"{base}/topics/{TOPIC}")
    page = body.decode()
    seen = Elements(page)
    assert "&lt;svg onload=alert(1)&gt;&lt;input autofocus onfocus=alert(2)&gt;" in page
    assert HOSTILE_STORY in " ".join(seen.text)
    # The only svg is the drawing, the only input the search box; no handler anywhere.
    assert [a.get("class") for a in seen.named("svg")] == ["timeline"]
    assert [a.get("name") for a in seen.named("input")] == ["q"]
    assert seen.named("form") == [
        {"class": "search", "role": "search", "method": "get", "action": f"/topics/{TOPIC}/search"}
    ]
    assert not any(name.startswith("on") for _, attrs in seen.tags for name in attrs)
    _, _, atom = await get(f"{base}/topics/{TOPIC}/stories.atom")
    parsed = feedparser.parse(atom)
    assert not parsed.bozo
    assert HOSTILE_STORY in [e.title for e in parsed.entries]
    assert b"<svg" not in atom and b"&lt;svg onload=alert(1)&gt;" in atom


async def test_status_and_timeline_json_are_what_the_cli_prints(series, tmp_path):
    _, base = await series()
    for name in ("status", "timeline"):
        status, headers, body = await get(f"{base}/topics/{TOPIC}/{name}.json")
        out = io.StringIO()
        with redirect_stdout(out):
            assert cli([name, "--json", "--db", str(tmp_path / "web.db"), "--topic", TOPIC]) == 0
        assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"
        assert body.decode() == out.getvalue()
    assert '"state": "collapsed"' in body.decode()


async def test_the_atom_feed_has_one_entry_per_story_and_updates_when_an_outlet_joins(
    feed_server, settings_for, database
):
    """On both backends."""
    wire, agency = feed_server.set("/a.xml", body=rss([])), feed_server.set("/b.xml", body=rss([]))
    app = App.build(settings_for(wire, agency, db=database), [])
    try:
        assert await app.heartbeat()  # on PostgreSQL this instance takes the lead
        server = await app.start_web("127.0.0.1", 0)
        atom = f"http://127.0.0.1:{server.bound_port}/topics/{TOPIC}/stories.atom"
        await app.poller.poll_once(force=True)  # primes both feeds
        story = {
            "title": "Araghchi and Witkoff agree to meet again in Muscat next week",
            "summary": "Oman's foreign minister will carry messages between the two delegations again.",
            "link": "https://a.example/talks",
            "guid": "a1",
            "date": "Tue, 10 Feb 2026 09:00:00 GMT",
        }
        other = {
            "title": "Rubio warns Iran over enrichment as envoys prepare for talks",
            "summary": "The secretary of state repeated Washington's red lines.",
            "link": "https://a.example/rubio",
            "guid": "a2",
            "date": "Tue, 10 Feb 2026 10:00:00 GMT",
        }
        feed_server.set("/a.xml", body=rss([story, other]))
        await app.poller.poll_once(force=True)
        _, headers, first = await get(atom)
        assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"
        before = feedparser.parse(first)
        assert not before.bozo and before.feed.title == "Iran–USA talks: stories"
        assert len(before.entries) == 2 == len({e.id for e in before.entries})
        entry = next(e for e in before.entries if e.title == story["title"])
        assert entry.link == story["link"]
        assert entry.content[0].value.startswith("Reported by 1 outlet: feed 0.")

        # The other outlet carries the same story: still one entry, the same id, updated
        # later, and its content names both outlets.
        copy = {**story, "link": "https://b.example/muscat-talks", "guid": "b1"}
        feed_server.set("/b.xml", body=rss([copy]))
        await app.poller.poll_once(force=True)
        _, _, second = await get(atom)
        after = feedparser.parse(second)
        assert not after.bozo and len(after.entries) == 2
        joined = next(e for e in after.entries if e.id == entry.id)
        assert joined.title == story["title"] and joined.published == entry.published
        assert joined.updated > entry.updated
        assert joined.content[0].value.startswith("Reported by 2 outlets: feed 0, feed 1.")
        unchanged = next(e for e in after.entries if e.id != entry.id)
        assert unchanged.updated == next(e for e in before.entries if e.id == unchanged.id).updated
        assert after.feed.updated == joined.updated  # the feed changed when the story did
    finally:
        await app.aclose()


async def test_operator_pages_need_the_token(series, caplog):
    caplog.set_level(logging.DEBUG)
    app, base = await series(token=Secret(TOKEN))
    for path in ("/ops", "/ops/feeds.opml"):
        for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": f"Basic {TOKEN}"}):
            status, answer, body = await get(base + path, **headers)
            assert status == 401, (path, headers)
            assert answer["WWW-Authenticate"].startswith("Bearer") and b"Wire Service" not in body
    status, headers, body = await get(f"{base}/ops", Authorization=f"Bearer {TOKEN}")
    page = " ".join(Elements(body.decode()).text)
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert "Wire Service" in page and "Agency Desk" in page and "Gulf Dispatch" in page
    assert "iran-usa 1" in " ".join(page.split())  # the demo's console chat follows the topic
    assert "Polling: active" in page
    status, headers, body = await get(f"{base}/ops/feeds.opml", Authorization=f"Bearer {TOKEN}")
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert [f.url for f in read_opml(body)] == [f.url for f in app.settings.feeds]
    assert [f.name for f in read_opml(body)] == [name for name, _ in OUTLETS.values()]
    refusals = [r for r in caplog.records if "operator token" in r.getMessage()]
    assert len(refusals) == 6
    assert not any(TOKEN in r.getMessage() or "wrong-token" in r.getMessage() for r in caplog.records)


async def test_status_and_timeline_in_chat_end_with_the_page_link(feed_server, settings_for, tmp_path):
    from dataclasses import replace

    url = feed_server.set("/a.xml", body=rss([]))
    chat = CommandContext(ChatRef("test", "desk"))
    plain = App.build(settings_for(url), [])
    linked = App.build(
        replace(
            settings_for(url, db=tmp_path / "linked.db"),
            web=WebSettings(public_base_url="https://talks.example.org/news"),
        ),
        [],
    )
    try:
        page = f"https://talks.example.org/news/topics/{TOPIC}"
        for command in ("/status", "/timeline"):
            reply = linked.router.dispatch(command, chat)
            assert reply is not None
            assert render_plain(reply.document).endswith(f"On the web: {page}")
            assert render_html(reply.document).endswith(f'On the web: <a href="{page}">{page}</a>')
            assert render_mrkdwn(reply.document).endswith(f"On the web: <{page}|{page}>")
            blocks = [b for blocks, _ in document_messages(reply.document) for b in blocks]
            assert f"<{page}|{page}>" in blocks[-1]["text"]["text"]
            without = plain.router.dispatch(command, chat)
            assert without is not None and "On the web" not in render_plain(without.document)
    finally:
        await plain.aclose()
        await linked.aclose()


async def test_the_demo_prints_the_page_address_when_the_page_is_on(tmp_path):
    out = io.StringIO()
    sent = await run_demo(
        Settings(database=tmp_path / "demo.db", web=WebSettings(enabled=True, port=0)), out=out
    )
    text = out.getvalue()
    assert sent == 5
    line = next(line for line in text.splitlines() if line.startswith("The web page: "))
    address = line.split()[3]
    assert address.startswith("http://127.0.0.1:") and address.endswith(f"/topics/{TOPIC}")
    # It served while the demo ran, and closed with it.
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(address)
    quiet = io.StringIO()
    await run_demo(Settings(database=tmp_path / "other.db"), out=quiet)
    assert "The web page" not in quiet.getvalue()


async def test_the_search_box_searches_the_topics_reports(series):
    _, base = await series()
    status, headers, body = await get(f"{base}/topics/{TOPIC}/search?q=Geneva%20talks")
    seen = Elements(body.decode())
    text = " ".join(" ".join(seen.text).split())
    assert status == 200 and headers["Content-Security-Policy"] == CSP
    assert "Geneva talks between Iran and US end after three hours" in text
    assert [a.get("value") for a in seen.named("input")] == ["Geneva talks"]  # the query stays in the box
    # A query that cannot run gets its reason in one line; a hostile one is text.
    _, _, body = await get(f"{base}/topics/{TOPIC}/search?q=a")
    assert "too short" in body.decode().lower()
    _, _, body = await get(f"{base}/topics/{TOPIC}/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert not Elements(body.decode()).named("script") and "&lt;script&gt;" in body.decode()
    status, _, _ = await get(f"{base}/topics/no-such-topic/search?q=Geneva")
    assert status == 404
