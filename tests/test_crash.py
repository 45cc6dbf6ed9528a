"""kill -9 at random moments while feeds gain items and alerts go out: nothing is lost,
and a chat sees at most one repeat per kill (the message that was on the wire to it).
`talkwatch run` is a real process; the Bot API double counts every message."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import sys
from collections import Counter

from bench.bot_api_double import BotApiDouble
from storage import Storage
from tests.helpers.feeds import rss

CHATS = ["8001", "8002", "8003"]
KILLS = 5
# Distinct reports (one story each), written for this test.
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


def item(n: int) -> dict:
    title = TEMPLATES[n % len(TEMPLATES)].format(n=n) + " " + " ".join(f"w{n}x{i}" for i in range(6))
    return {"title": title, "guid": f"c{n}", "link": f"https://crash.example/{n}"}


async def test_kill_9_loses_nothing_and_repeats_at_most_one_per_chat_per_kill(tmp_path, feed_server):
    rng = random.Random(20260226)
    double = BotApiDouble(private_interval=0.05, group_per_minute=1200, answer_delay=0.05)
    await double.start()
    items: list[dict] = []
    url = feed_server.set("/live.xml", body=rss([]))
    db = tmp_path / "crash.db"
    with Storage.open(db) as storage:
        for chat in CHATS:
            storage.subscriptions.follow("telegram", chat, "iran-usa")
    config = tmp_path / "tw.toml"
    config.write_text(f'poll_interval_seconds = 1\n[[feeds]]\nurl = "{url}"\nname = "Live"\n', "utf-8")
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": double.token,
        "TELEGRAM_API_BASE_URL": double.api_url,
        "TALKWATCH_TELEGRAM_PRIVATE_CHAT_INTERVAL": "0.05",
        "TALKWATCH_DRAIN_INTERVAL_SECONDS": "0.2",
        "TALKWATCH_HEALTH_PORT": str(free_port()),
    }

    async def publish(until: asyncio.Event) -> None:
        while not until.is_set():
            items.append(item(len(items)))
            feed_server.set("/live.xml", body=rss(items[-30:]), validators=False)
            await asyncio.sleep(0.15)

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

    try:
        stop = asyncio.Event()
        publisher = asyncio.create_task(publish(stop))
        for _ in range(KILLS):
            proc = await start()
            await asyncio.sleep(rng.uniform(2.0, 3.5))  # long enough to start, poll and send
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
        stop.set()
        await publisher
        # A last run that is allowed to finish: every queued alert goes out.
        proc = await start()
        try:
            async with asyncio.timeout(60):
                while True:
                    with Storage.open(db) as storage:
                        stored = storage.items.count()
                        depth = storage.outbox.depth()
                    if stored == len(items) and depth == 0:
                        break
                    await asyncio.sleep(0.3)  # another process: nothing to await but its database
        finally:
            proc.send_signal(signal.SIGTERM)
            await proc.wait()

        with Storage.open(db) as storage:
            rows = storage.outbox.all()
        assert rows and all(r.status == "sent" for r in rows)
        delivered = Counter((s.chat_id, s.text.split("</b>")[0].removeprefix("<b>")) for s in double.sent)
        # Nothing lost: every alert the bot queued reached its chat.
        for row in rows:
            assert delivered[(row.chat_id, row.payload.title)] >= 1, row.payload.title
        # At most the message on the wire to each chat is repeated, once per kill.
        repeats = Counter(chat for (chat, _), n in delivered.items() for _ in range(n - 1))
        assert all(n <= KILLS for n in repeats.values()), repeats
        assert sum(delivered.values()) - len(delivered) <= KILLS * len(CHATS)
    finally:
        await double.stop()
