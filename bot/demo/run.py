"""``talkwatch demo``: the whole pipeline on bundled sample feeds, printed to the console.

No token and no network: the sample feeds are served from 127.0.0.1, a console
chat follows the demo's topic, two poll cycles run (the first stores the backlog, the
second brings new reports), the alerts are delivered, and /status is answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import TextIO

import config
from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.delivery.transports.console import ConsoleTransport
from bot.demo.feedserver import FeedServer
from config.settings import FeedSettings, Settings

DEMO_DIR = Path(config.__file__).with_name("demo")
DEMO_CHAT = ChatRef("console", "demo-chat")


def _content_type(name: str) -> str:
    return (
        "application/atom+xml" if b"<feed" in (DEMO_DIR / name).read_bytes()[:300] else "application/rss+xml"
    )


async def run_demo(settings: Settings, out: TextIO | None = None, keep_going: bool = False) -> int:
    """Run the scripted demo; returns the number of alerts delivered."""
    out = out or sys.stdout
    demo = tomllib.loads((DEMO_DIR / "demo.toml").read_text(encoding="utf-8"))
    spec = demo["feeds"]

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    with contextlib.ExitStack() as stack:
        server = stack.enter_context(FeedServer())
        feeds = []
        for i, feed in enumerate(spec):
            path = f"/feeds/{i}.xml"
            server.publish(path, (DEMO_DIR / feed["first"]).read_bytes(), _content_type(feed["first"]))
            feeds.append(FeedSettings(url=server.base_url + path, name=feed["name"], lang=feed["lang"]))
        database = settings.database
        if database == Settings().database:
            # The demo uses a fresh database unless --db names one.
            database = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "demo.db"
        settings = replace(settings, feeds=tuple(feeds), database=database)
        console = ConsoleTransport(out)
        app = App.build(settings, [console])
        # The demo's five new reports are shown one by one, as alerts, not as one burst message.
        app.sender.burst_threshold = max(app.sender.burst_threshold, 5)
        try:
            say(
                f"talkwatch demo: {len(feeds)} sample feeds on {server.base_url}, a console chat, no token.\n"
            )

            async def user(text: str) -> None:
                say(f"[you] {text}")
                reply = app.router.dispatch(text, CommandContext(DEMO_CHAT))
                if reply is not None:
                    await console.reply(DEMO_CHAT, reply.document)

            await user(f"/follow {demo['topic']}")
            report = await app.poller.poll_once(force=True)
            say(f"\n[poll 1] {report.summary()}")
            say("         First poll of a new feed: its backlog is stored and matched, not alerted.\n")
            for i, feed in enumerate(spec):
                server.publish(
                    f"/feeds/{i}.xml", (DEMO_DIR / feed["later"]).read_bytes(), _content_type(feed["later"])
                )
            report = await app.poller.poll_once(force=True)
            say(f"[poll 2] {report.summary()}\n")
            drained = await app.sender.drain()
            say(
                f"\n[delivery] {drained.sent} alerts delivered, {drained.retried} retried, "
                f"{drained.failed} failed.\n"
            )
            await user("/status")
            if settings.web.enabled:
                web = await app.start_web()
                say(
                    f"\nThe web page: {web.address}topics/{demo['topic']}"
                    + ("" if keep_going else " (open while the demo runs: add --keep-going to keep it)")
                )
            if keep_going:
                say(f"\nKeeps polling every {settings.poll_interval_seconds}s; Ctrl-C to stop.")
                app.start()
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.Event().wait()
            return drained.sent
        finally:
            await app.aclose()
