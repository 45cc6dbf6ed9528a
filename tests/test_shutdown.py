"""SIGTERM while alerts go out: the sends in flight finish and are marked sent, so a restart
repeats nothing and loses nothing. `talkwatch run` runs as a real process against the strict
Bot API double, three stops in a row."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from pathlib import Path

from bot.records import AlertPayload, MatchRecord, NewItem
from storage import Storage
from tests.helpers.bot_api_double import BotApiDouble
from tests.helpers.feeds import rss
from tests.helpers.soak import bot_env

CHATS = [str(7000 + i) for i in range(50)]
REPORTS = 4  # 200 alerts: four to each of 50 chats


def queue_alerts(db: Path, feed_url: str) -> None:
    with Storage.open(db) as storage:
        for chat in CHATS:
            storage.subscriptions.follow("telegram", chat, "iran-usa")
        feed = storage.feeds.ensure(feed_url, "Quiet", "en")
        for n in range(REPORTS):
            storage.items.store(
                NewItem(
                    feed.id,
                    f"Report {n}",
                    "",
                    f"https://n.example/{n}",
                    None,
                    f"g{n}",
                    "en",
                    None,
                    (f"g:{n}",),
                ),
                [MatchRecord("iran-usa", True, 4.0, (), "test")],
                {"iran-usa": AlertPayload("iran-usa", "Iran–USA talks", f"Report {n}", source="Wire")},
            )
        assert storage.outbox.depth() == len(CHATS) * REPORTS


async def start_run(args: list[str], env: dict[str, str]) -> asyncio.subprocess.Process:
    """`talkwatch run` as a real process; it logs to stdout, read through a pipe."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )


async def run_until(double: BotApiDouble, env: dict[str, str], args: list[str], sent_before_stop: int) -> str:
    """Start `talkwatch run`, SIGTERM it once the double has accepted ``sent_before_stop``
    messages in all, and return what it logged."""
    proc = await start_run(args, env)
    async with asyncio.timeout(60):
        await double.wait_for(sent_before_stop)
    proc.send_signal(signal.SIGTERM)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    assert proc.returncode == 0, err.decode()
    return out.decode() + err.decode()


async def test_sigterm_during_delivery_loses_and_repeats_nothing(tmp_path, feed_server):
    # A slow API: every message is accepted at once but answered 0.4 s later, so there are
    # always sends in flight when the SIGTERM comes.
    double = BotApiDouble(private_interval=0.05, group_per_minute=1200, answer_delay=0.4)
    await double.start()
    try:
        url = feed_server.set("/quiet.xml", body=rss([]))
        db = tmp_path / "stop.db"
        queue_alerts(db, url)
        config = tmp_path / "tw.toml"
        config.write_text(f'[[feeds]]\nurl = "{url}"\nname = "Quiet"\n', "utf-8")
        env = bot_env(double)
        args = ["--config", str(config), "--db", str(db)]
        total = len(CHATS) * REPORTS
        logs = []
        # Three stops while delivering, then a last run that finishes the outbox.
        for stop_at in (25, 80, 140, total):
            logs.append(await run_until(double, env, args, stop_at))
        counts = Counter(s.chat_id for s in double.sent)
        assert sum(counts.values()) == total  # nothing lost, nothing repeated
        assert set(counts) == set(CHATS) and set(counts.values()) == {REPORTS}
        for err in logs:
            assert "shutting down" in err  # the log is read (it goes to stdout)
            assert "Traceback" not in err and "CancelledError" not in err
            assert "closed database" not in err
        with Storage.open(db) as storage:
            assert storage.outbox.depth() == 0
    finally:
        await double.stop()


LONG_CHATS = [str(7100 + i) for i in range(3)]
LONG_REPORTS = 2


def queue_long_alerts(db: Path, feed_url: str) -> None:
    """Alerts whose title alone is three messages long: each goes out in three parts."""
    with Storage.open(db) as storage:
        for chat in LONG_CHATS:
            storage.subscriptions.follow("telegram", chat, "iran-usa")
        feed = storage.feeds.ensure(feed_url, "Quiet", "en")
        for n in range(LONG_REPORTS):
            title = " ".join(f"r{n}w{i}" for i in range(1800))  # ~11,000 characters
            storage.items.store(
                NewItem(
                    feed.id, title, "", f"https://n.example/long{n}", None, f"L{n}", "en", None, (f"L:{n}",)
                ),
                [MatchRecord("iran-usa", True, 4.0, (), "test")],
                {"iran-usa": AlertPayload("iran-usa", "Iran–USA talks", title, source="Wire")},
            )


async def test_sigterm_with_a_slow_api_and_split_alerts_exits_within_10s_and_repeats_nothing(
    tmp_path, feed_server
):
    # Every request is answered 3 s after Telegram took it: a three-part alert takes 9 s,
    # longer than the grace period (8 s), and the read timeout (15 s) longer still.
    double = BotApiDouble(private_interval=0.05, group_per_minute=1200, answer_delay=3.0)
    await double.start()
    try:
        url = feed_server.set("/quiet.xml", body=rss([]))
        db = tmp_path / "slow.db"
        queue_long_alerts(db, url)
        config = tmp_path / "tw.toml"
        config.write_text(f'[[feeds]]\nurl = "{url}"\nname = "Quiet"\n', "utf-8")
        env = bot_env(double)
        args = ["--config", str(config), "--db", str(db)]
        proc = await start_run(args, env)
        async with asyncio.timeout(60):
            await double.wait_for(1)  # the first parts are on the wire
        stopped_at = asyncio.get_running_loop().time()
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=30)
        took = asyncio.get_running_loop().time() - stopped_at
        logs = out.decode() + err.decode()
        assert proc.returncode == 0, logs
        assert took < 10.0, f"the stop took {took:.1f}s\n{logs}"
        assert "Traceback" not in logs and "closed database" not in logs
        with Storage.open(db) as storage:
            counts = storage.outbox.counts()
        assert counts.get("unconfirmed", 0) >= 1, (counts, logs)  # cut off on the wire, recorded so

        # The restart sends what is left, and nothing a second time (the API answers
        # promptly again: what is tested now is what is sent, not how long it takes).
        double.answer_delay = 0.0
        proc = await start_run(args, env)
        async with asyncio.timeout(90):
            while True:
                await asyncio.sleep(0.5)
                with Storage.open(db) as storage:
                    if storage.outbox.depth() == 0:
                        break
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=30)
        assert proc.returncode == 0, err.decode()
        received = Counter((s.chat_id, s.text) for s in double.sent)
        assert received and max(received.values()) == 1, [k for k, v in received.items() if v > 1]
        with Storage.open(db) as storage:
            counts = storage.outbox.counts()
        # Nothing lost silently: every row is sent, or recorded as possibly sent.
        assert set(counts) <= {"sent", "unconfirmed"}
        assert sum(counts.values()) == len(LONG_CHATS) * LONG_REPORTS
    finally:
        await double.stop()
