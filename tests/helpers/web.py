"""A bot with something to show on its web page: the demo's reports, then a series of talks
told by two outlets (a round announced and held in Geneva, a round in Muscat, the talks
collapsing, strikes), and a story whose headline is hostile markup.

Every report is written for these tests.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from bot.app import App
from bot.demo.run import run_demo
from config.settings import FeedSettings, Settings, WebSettings
from tests.helpers.feed_server import FeedServer
from tests.helpers.feeds import rss

# A headline that would run scripts if a page took it for markup. (The feed reader already
# strips the tags it knows, <script> and <img> among them, from a title: these it keeps as
# the text they are, so they reach the page.)
HOSTILE = "<svg onload=alert(1)><input autofocus onfocus=alert(2)>"
HOSTILE_STORY = f"{HOSTILE} Araghchi and Witkoff trade prisoner lists in Muscat"

WIRE, AGENCY = "/wire.xml", "/agency.xml"
OUTLETS = {
    WIRE: ("Wire Service", "https://wire.example/"),
    AGENCY: ("Agency Desk", "https://agency.example/"),
}

# (feed, day, hour, headline): each step told by both outlets, as a reader would expect.
SERIES: list[tuple[str, str, int, str]] = [
    (WIRE, "2026-02-12", 9, "Iran and US to resume talks in Geneva next week, Oman says"),
    (AGENCY, "2026-02-12", 11, "Oman: Iran-US talks will resume in Geneva next week"),
    (WIRE, "2026-02-17", 8, "Iran und USA setzen Gespräche in Genf fort"),
    (AGENCY, "2026-02-17", 9, "Iranian and US negotiators meet in Geneva"),
    (WIRE, "2026-02-17", 15, "Iran-US talks in Geneva end after three hours"),
    (AGENCY, "2026-02-17", 16, "Geneva talks between Iran and US end after three hours"),
    (WIRE, "2026-02-24", 9, "Neue Runde der Iran-Gespräche in Maskat hat begonnen"),
    (AGENCY, "2026-02-24", 17, "Iran and US wrap up talks in Muscat"),
    (AGENCY, "2026-03-02", 8, f"{HOSTILE} Iran-US negotiations collapse"),
    (WIRE, "2026-03-02", 10, "Iran-US negotiations collapse, Tehran recalls its envoy"),
    (WIRE, "2026-03-03", 14, "US and Israel launch strikes on Iran, ending hopes for talks"),
    (AGENCY, "2026-03-03", 15, "Frappes américaines et israéliennes contre l'Iran"),
    (WIRE, "2026-02-25", 7, HOSTILE_STORY),
]


def at(date: str, hour: int) -> str:
    moment = dt.datetime.fromisoformat(f"{date}T{hour:02d}:00:00+00:00")
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


def feeds_of(reports: list[tuple[str, str, int, str]]) -> dict[str, bytes]:
    """Each outlet's RSS with its reports."""
    items: dict[str, list[dict]] = {WIRE: [], AGENCY: []}
    for n, (path, day, hour, title) in enumerate(reports):
        link = f"{OUTLETS[path][1]}{n}"
        items[path].append({"title": title, "guid": f"g{n}", "link": link, "date": at(day, hour)})
    return {path: rss(posted) for path, posted in items.items()}


async def demo_then_series(feed_server: FeedServer, database: Path, *, web: WebSettings | None = None) -> App:
    """Run the demo into ``database``, then a bot on it that polls the two outlets of the
    series (their first poll primes them, the second brings the reports). The caller closes
    the app."""
    await run_demo(Settings(database=database), out=io.StringIO())
    urls = [feed_server.set(path, body=rss([])) for path in (WIRE, AGENCY)]
    feeds = tuple(
        FeedSettings(url=url, name=OUTLETS[path][0]) for url, path in zip(urls, (WIRE, AGENCY), strict=True)
    )
    settings = Settings(database=database, feeds=feeds, web=web or WebSettings())
    app = App.build(settings, [])
    await app.poller.poll_once(force=True)
    for path, body in feeds_of(SERIES).items():
        feed_server.set(path, body=body)
    await app.poller.poll_once(force=True)
    return app
