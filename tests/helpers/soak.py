"""The soak runner: `talkwatch run` killed with SIGKILL at random moments while alerts
go out through the strict Bot API double, then checked for lost and repeated messages;
and the environment such a run gets (``bot_env``). The tests run it short
(``tests/test_crash.py``); ``bench/soak.py`` runs it long and prints the table.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import socket
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bot.demo.feedserver import FeedServer
from storage import Storage
from tests.helpers.bot_api_double import BotApiDouble
from tests.helpers.feedgen import rss

TEMPLATES = [
    "Araghchi and Witkoff hold talks in Muscat on prisoner exchange, report {n}",
    "Iran und USA verhandeln in Genf über Sanktionen, Meldung {n}",
    "Téhéran et Washington négocient à Mascate sur l'enrichissement, dépêche {n}",
    "Rubio warns Iran over enrichment as envoys meet in Oman, update {n}",
    "Baghaei says Tehran and Washington will continue indirect talks, note {n}",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_env(double: BotApiDouble) -> dict[str, str]:
    """The environment of a `talkwatch run` that talks to ``double``, quickly paced."""
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": double.token,
        "TELEGRAM_API_BASE_URL": double.api_url,
        "TALKWATCH_TELEGRAM_PRIVATE_CHAT_INTERVAL": "0.05",
        "TALKWATCH_DRAIN_INTERVAL_SECONDS": "0.2",
        "TALKWATCH_HEALTH_PORT": str(free_port()),
    }


def item(n: int) -> dict:
    # One story per item: wording mostly its own, and a figure of its own (two reports
    # that carry different figures are never one event).
    words = " ".join(f"w{n}x{i}" for i in range(20)) + f" ref {1000 + n}"
    return {
        "title": TEMPLATES[n % len(TEMPLATES)].format(n=n) + " " + words,
        "guid": f"s{n}",
        "link": f"https://soak.example/{n}",
        "summary": "",
    }


async def soak(kills: int, chats: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    double = BotApiDouble(private_interval=0.05, group_per_minute=1200, answer_delay=0.05)
    await double.start()
    chat_ids = [str(9000 + i) for i in range(chats)]
    items: list[dict] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, FeedServer() as server:
        db = Path(tmp) / "soak.db"
        server.publish("/live.xml", rss([], "Live"))
        url = server.base_url + "/live.xml"
        with Storage.open(db) as storage:
            for chat in chat_ids:
                storage.subscriptions.follow("telegram", chat, "iran-usa")
        config = Path(tmp) / "tw.toml"
        config.write_text(f'poll_interval_seconds = 1\n[[feeds]]\nurl = "{url}"\nname = "Live"\n', "utf-8")
        env = bot_env(double)

        async def start() -> asyncio.subprocess.Process:
            return await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                "--config",
                str(config),
                "--db",
                str(db),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
                env=env,
            )

        stop = asyncio.Event()

        async def publish() -> None:
            while not stop.is_set():
                items.append(item(len(items)))
                server.publish("/live.xml", rss(items, "Live"))  # nothing scrolls out while the bot is down
                await asyncio.sleep(0.15)

        publisher = asyncio.create_task(publish())
        for _ in range(kills):
            proc = await start()
            await asyncio.sleep(rng.uniform(2.0, 3.5))
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
        stop.set()
        await publisher
        proc = await start()
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                with Storage.open(db) as storage:
                    if storage.items.count() == len(items) and storage.outbox.depth() == 0:
                        break
                await asyncio.sleep(0.3)
        finally:
            proc.send_signal(signal.SIGTERM)
            await proc.wait()
        with Storage.open(db) as storage:
            rows = storage.outbox.all()
            stored = storage.items.count()
    await double.stop()
    # Each alert's headline in the messages a chat received: alone ("<b>headline</b>…") or
    # in a burst sent as one message (one linked headline a line).
    # Each headline is known by its first word of its own ("w17x0"), which a headline
    # shortened to fit a burst still shows.
    marks = {re.search(r"\bw\d+x0\b", r.payload.title).group(): r.payload.title for r in rows}  # type: ignore[union-attr]
    delivered: Counter[tuple[str, str]] = Counter()
    repeats: Counter[str] = Counter()
    for sent in double.sent:
        told = [marks[m] for m in dict.fromkeys(re.findall(r"\bw\d+x0\b", sent.text)) if m in marks]
        # A message all of whose alerts the chat had already: a repeat (the one on the wire
        # at a kill).
        if told and all(delivered[(sent.chat_id, t)] for t in told):
            repeats[sent.chat_id] += 1
        for t in told:
            delivered[(sent.chat_id, t)] += 1
    lost = sum(1 for r in rows if delivered[(r.chat_id, r.payload.title)] == 0)
    return {
        "kills": kills,
        "published": len(items),
        "stored": stored,
        "queued": len(rows),
        "delivered": len(double.sent),
        "lost": lost,
        "repeats": sum(repeats.values()),
        "worst chat": max(repeats.values(), default=0),
        "allowed": kills * chats,
        "seconds": time.perf_counter() - started,
    }
