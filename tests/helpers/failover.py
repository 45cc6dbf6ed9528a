"""The failover runner: three `talkwatch run` processes on one PostgreSQL, the leader
killed twice during delivery, every alert checked against what the Bot API double
received. ``tests/test_failover.py`` runs it once; ``bench/failover.py`` runs it three
times and prints the table.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bot.demo.feedserver import FeedServer
from bot.ops.leadership import LEASE_NAME
from storage import Storage
from tests.helpers.bot_api_double import BotApiDouble
from tests.helpers.feedgen import rss
from tests.helpers.soak import TEMPLATES, free_port


@dataclass
class FailoverResult:
    chats: int
    items: int
    expected: int  # alerts that must arrive: chats × items
    delivered: int = 0
    lost: int = 0
    repeats: int = 0
    takeovers: list[float] = field(default_factory=list)  # kill → the lease held by another
    first_sends: list[float] = field(default_factory=list)  # kill → the new leader's first message
    sender_runs: list[str] = field(default_factory=list)  # the sending instance, run by run
    overlaps: int = 0  # messages by an instance after another had started sending
    conflicts: int = 0  # 409s: two getUpdates callers at once
    seconds: float = 0.0


def _item(n: int) -> dict:
    # One story per item: wording mostly its own, and a figure of its own (two reports
    # that carry different figures are never one event).
    words = " ".join(f"f{n}y{i}" for i in range(20)) + f" ref {1000 + n}"
    return {
        "title": TEMPLATES[n % len(TEMPLATES)].format(n=n) + " " + words,
        "guid": f"f{n}",
        "link": f"https://failover.example/{n}",
        "summary": "",
    }


async def failover(database: str, *, chats: int = 50, items: int = 8, kills: int = 2) -> FailoverResult:
    double = BotApiDouble(private_interval=0.05, group_per_minute=1200, answer_delay=0.05)
    await double.start()
    result = FailoverResult(chats, items, chats * items)
    started = time.perf_counter()
    procs: dict[str, asyncio.subprocess.Process] = {}
    logs: dict[str, IO[bytes]] = {}
    with tempfile.TemporaryDirectory() as tmp, FeedServer() as server, Storage.open(database) as storage:
        server.publish("/live.xml", rss([], "Live"))
        url = server.base_url + "/live.xml"
        chat_ids = [str(7000 + i) for i in range(chats)]
        for chat in chat_ids:
            storage.subscriptions.follow("telegram", chat, "iran-usa")
        config = Path(tmp) / "tw.toml"
        config.write_text(f'poll_interval_seconds = 1\n[[feeds]]\nurl = "{url}"\nname = "Live"\n', "utf-8")

        async def start(name: str) -> None:
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": double.token,
                "TELEGRAM_API_BASE_URL": double.api_url_for(name),
                "TALKWATCH_TELEGRAM_PRIVATE_CHAT_INTERVAL": "0.05",
                "TALKWATCH_DRAIN_INTERVAL_SECONDS": "0.2",
                # Every alert alone: this run counts the messages each leader sent, so a
                # chat's eight alerts are not grouped into one (bursts: docs/delivery.md).
                "TALKWATCH_DELIVERY_BURST_THRESHOLD": "1000",
                "TALKWATCH_HEALTH_PORT": str(free_port()),
                "TALKWATCH_CLUSTER_INSTANCE_NAME": name,
                "TALKWATCH_DB": database,
            }
            log = logs[name] = (Path(tmp) / f"{name}.log").open("wb")
            procs[name] = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--config", str(config), stdout=log, stderr=log, env=env
            )

        def leader() -> str | None:
            lease = storage.instances.lease(LEASE_NAME)
            return lease.holder if lease is not None and lease.expires_at > lease.now else None

        async def until(condition: Callable[[], object], seconds: float, what: str) -> None:
            deadline = time.monotonic() + seconds
            while not condition():
                if time.monotonic() > deadline:
                    tails = {n: (Path(tmp) / f"{n}.log").read_text("utf-8", "replace")[-2000:] for n in procs}
                    raise TimeoutError(f"{what} within {seconds:g}s; logs: {tails}")
                await asyncio.sleep(0.1)

        try:
            for name in ("i1", "i2", "i3"):
                await start(name)
            await until(lambda: leader() is not None, 60, "a leader")
            await until(lambda: storage.feeds.by_url(url).primed, 60, "the feed primed")
            server.publish("/live.xml", rss([_item(n) for n in range(items)], "Live"))
            for _ in range(kills):
                # Kill while delivering: a share of the alerts has arrived, more are queued.
                mark = len(double.sent) + result.expected // (kills + 2)

                def delivering(m: int = mark) -> bool:
                    return len(double.sent) >= m

                await until(delivering, 120, "delivery under way")
                victim = leader()
                assert victim is not None
                procs[victim].send_signal(signal.SIGKILL)
                await procs[victim].wait()
                killed_at = time.monotonic()
                sent_before = len(double.sent)

                def new_leader(v: str = victim) -> bool:
                    return leader() not in (None, v)

                await until(new_leader, 60, "a new leader")
                result.takeovers.append(time.monotonic() - killed_at)

                def resumed(n: int = sent_before) -> bool:
                    return len(double.sent) > n

                await until(resumed, 90, "sending resumed")
                first = next(s for s in double.sent[sent_before:] if s.instance != victim)
                result.first_sends.append(first.at - killed_at)
            await until(lambda: storage.outbox.depth() == 0, 180, "the outbox drained")
        finally:
            for proc in procs.values():
                if proc.returncode is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in procs.values():
                await proc.wait()
            for log in logs.values():
                log.close()
        rows = [r for r in storage.outbox.all() if r.kind == "alert"]
    await double.stop()
    result.seconds = time.perf_counter() - started
    delivered = Counter((s.chat_id, s.text.split("</b>")[0].removeprefix("<b>")) for s in double.sent)
    result.delivered = sum(delivered.values())
    result.lost = sum(1 for r in rows if delivered[(r.chat_id, r.payload.title)] == 0) + (
        result.expected - len(rows)
    )
    result.repeats = sum(n - 1 for n in delivered.values())
    # Who sent, in the order the double accepted the messages: one run per leader.
    for sent in sorted(double.sent, key=lambda s: s.at):
        if not result.sender_runs or result.sender_runs[-1] != sent.instance:
            if sent.instance in result.sender_runs:
                result.overlaps += 1  # an earlier sender sent again after another began
            result.sender_runs.append(sent.instance)
    result.conflicts = double.conflicts
    return result
