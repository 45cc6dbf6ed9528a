"""Hostile run: how long a good report takes to reach every chat while hostile and odd feeds
are polled beside it, the start-up backlog included.

    python3 -m bench.hostile_run [--seconds 60] [--chats 3] [--backlog 30]

`talkwatch run` runs as a real process (one-second polling) against the strict Bot API
double. One loopback server serves a good feed, the odd feeds of
`tests/helpers/odd_feeds.py` and hostile ones: a server that never answers, one that
drips a byte a second, a 30 MB body, a gzip bomb, 500s, a redirect loop, HTML instead of
XML, broken XML. The good
feed starts with a backlog, then gains a report every two seconds. The backlog: reports
published in the hour the bot was down (after a first run that got to know every feed;
a feed's first poll alerts nothing). For each good report and chat, the time from its
publication (the restart, for the backlog) to the chat receiving it, alone or in a
burst message. Prints a row for bursts sent as one message (the default) and one for each alert sent
alone (the way before): reports, alerts, lost, median, p95 and worst latency.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gzip
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path

from aiohttp import web

from storage import Storage
from tests.helpers.bot_api_double import BotApiDouble
from tests.helpers.loopback import serve
from tests.helpers.odd_feeds import odd_feeds
from tests.helpers.soak import bot_env

TEMPLATES = [
    "Araghchi and Witkoff hold talks in Muscat on the nuclear file, report {n}",
    "Iran und USA verhandeln in Genf über Sanktionen, Meldung {n}",
    "Téhéran et Washington négocient à Mascate sur l'enrichissement, dépêche {n}",
]
TARGET = 14.0  # seconds from publication to every chat


@dataclass
class Result:
    reports: int
    backlog: int
    alerts: int
    messages: int
    lost: int
    missing: list[int]  # the good reports some chat did not get
    median: float
    p95: float
    worst: float


def good_item(n: int, published: float) -> dict:
    # A story of its own: wording and a figure of its own; marked by its own word ("k17x0").
    words = " ".join(f"k{n}x{i}" for i in range(20)) + f" ref {2000 + n}"
    return {"title": TEMPLATES[n % len(TEMPLATES)].format(n=n) + " " + words, "n": n, "at": published}


def rfc822(stamp: float) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def good_feed(items: list[dict]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(i['title'])}</title><link>https://live.example/{i['n']}</link>"
        f'<guid isPermaLink="false">live-{i["n"]}</guid>'
        f"<pubDate>{rfc822(i['at'])}</pubDate>"
        "</item>"
        for i in reversed(items)  # newest first, as publishers list them
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Live</title>'
        f"<link>https://live.example/</link><description>live</description>{entries}</channel></rss>"
    ).encode()


def hostile_app(items: list[dict]) -> web.Application:
    odd = {name: (body, ctype) for name, body, ctype in odd_feeds()}
    bomb = gzip.compress(b"<rss>" + b" " * 200_000_000)  # 200 MB once unpacked

    async def live(_: web.Request) -> web.Response:
        return web.Response(body=good_feed(items), content_type="application/rss+xml")

    async def odd_feed(request: web.Request) -> web.Response:
        body, ctype = odd[request.match_info["name"]]
        return web.Response(body=body, headers={"Content-Type": ctype})

    async def hang(_: web.Request) -> web.Response:
        await asyncio.sleep(3600)
        return web.Response(text="late")

    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        with contextlib.suppress(ConnectionError):  # the bot gave up on it: as it should
            for _ in range(3600):
                await response.write(b" ")
                await asyncio.sleep(1.0)
        return response

    async def huge(_: web.Request) -> web.Response:
        return web.Response(body=b"<rss>" + b"x" * 30_000_000, content_type="application/rss+xml")

    async def gzip_bomb(_: web.Request) -> web.Response:
        return web.Response(
            body=bomb, headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
        )

    async def error(_: web.Request) -> web.Response:
        return web.Response(status=500, text="upstream down")

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound("/hostile/loop")

    async def html_page(_: web.Request) -> web.Response:
        return web.Response(text="<html><body>Not a feed</body></html>", content_type="text/html")

    async def broken(_: web.Request) -> web.Response:
        return web.Response(body=b"<rss><channel><item><title>half", content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/live.xml", live)
    app.router.add_get("/odd/{name}", odd_feed)
    for name, handler in {
        "hang": hang,
        "drip": drip,
        "huge": huge,
        "bomb": gzip_bomb,
        "error": error,
        "loop": loop,
        "html": html_page,
        "broken": broken,
    }.items():
        app.router.add_get(f"/hostile/{name}", handler)
    return app


def feeds_toml(base: str) -> str:
    lines = ["poll_interval_seconds = 1", "", "[[feeds]]", f'url = "{base}/live.xml"', 'name = "Live"', ""]
    names = [f"odd/{name}" for name, _, _ in odd_feeds()]
    names += [f"hostile/{n}" for n in ("hang", "drip", "huge", "bomb", "error", "loop", "html", "broken")]
    for name in names:
        lines += ["[[feeds]]", f'url = "{base}/{name}"', f'name = "{name}"', ""]
    return "\n".join(lines)


async def run(seconds: float, chats: int, backlog: int, burst_threshold: int | None = None) -> Result:
    double = BotApiDouble(private_interval=1.0, group_per_minute=20, answer_delay=0.05)
    await double.start()
    chat_ids = [str(9100 + i) for i in range(chats)]
    items: list[dict] = []
    runner, base = await serve(hostile_app(items))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "hostile.db"
            with Storage.open(db) as storage:
                for chat in chat_ids:
                    storage.subscriptions.follow("telegram", chat, "iran-usa")
            config = Path(tmp) / "tw.toml"
            config.write_text(feeds_toml(base), "utf-8")
            env = bot_env(double)
            env["TALKWATCH_TELEGRAM_PRIVATE_CHAT_INTERVAL"] = "1.0"  # Telegram's own pace
            if burst_threshold is not None:
                env["TALKWATCH_DELIVERY_BURST_THRESHOLD"] = str(burst_threshold)

            async def start_bot() -> asyncio.subprocess.Process:
                return await asyncio.create_subprocess_exec(
                    *(sys.executable, "-m", "bot", "run", "--config", str(config), "--db", str(db)),
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL,
                    env=env,
                )

            # A first run knows every feed (a feed's first poll alerts nothing: its old
            # items are no news); then the bot is down for an hour's reports.
            proc = await start_bot()
            await asyncio.sleep(8.0)
            proc.terminate()
            await proc.wait()
            down = time.time()
            items.extend(good_item(n, down - 3600 + n * 3600 / max(backlog, 1)) for n in range(backlog))
            started = time.time()
            proc = await start_bot()
            try:
                published: dict[int, float] = {i["n"]: started for i in items}
                while time.time() - started < seconds:
                    await asyncio.sleep(2.0)
                    n = len(items)
                    now = time.time()
                    items.append(good_item(n, now))
                    published[n] = now
                await asyncio.sleep(TARGET + 5)  # the last report's time to arrive
            finally:
                proc.terminate()
                await proc.wait()
    finally:
        await runner.cleanup()
        await double.stop()
    # Sent.at is monotonic: turn it into wall-clock time.
    offset = time.time() - time.monotonic()
    arrived: dict[tuple[str, int], float] = {}
    for sent in double.sent:
        for n in {int(m) for m in re.findall(r"\bk(\d+)x0\b", sent.text)}:
            arrived.setdefault((sent.chat_id, n), sent.at + offset)
    latencies = []
    lost = 0
    missing: set[int] = set()
    for n, at in published.items():
        for chat in chat_ids:
            got = arrived.get((chat, n))
            if got is None:
                lost += 1
                missing.add(n)
            else:
                latencies.append(got - at)
    latencies.sort()
    return Result(
        reports=len(published),
        backlog=backlog,
        alerts=len(published) * chats,
        messages=len(double.sent),
        lost=lost,
        missing=sorted(missing),
        median=statistics.median(latencies) if latencies else float("nan"),
        p95=latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        worst=latencies[-1] if latencies else float("nan"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="how long new reports come (default 60)")
    parser.add_argument("--chats", type=int, default=3)
    parser.add_argument("--backlog", type=int, default=30, help="reports waiting at the start (default 30)")
    args = parser.parse_args()
    rows = [
        ("bursts as one message (default)", asyncio.run(run(args.seconds, args.chats, args.backlog))),
        (
            "each alert alone (burst_threshold = 1000)",
            asyncio.run(run(args.seconds, args.chats, args.backlog, burst_threshold=1000)),
        ),
    ]
    print("| delivery | reports (backlog) | alerts | messages | lost | median | p95 | worst | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        print(
            f"| {name} | {r.reports} ({r.backlog}) | {r.alerts} | {r.messages} | {r.lost} "
            f"| {r.median:.1f} s | {r.p95:.1f} s | {r.worst:.1f} s | ≤ {TARGET:.0f} s |"
        )
        if r.missing:
            print(f"{name}: reports some chat did not get:", ", ".join(map(str, r.missing)))


if __name__ == "__main__":
    main()
