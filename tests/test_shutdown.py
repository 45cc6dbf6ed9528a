"""SIGTERM while alerts go out: the sends in flight finish and are marked sent, so a restart
repeats nothing and loses nothing. `talkwatch run` runs as a real process against the strict
Bot API double, three stops in a row."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from pathlib import Path

from bench.bot_api_double import BotApiDouble
from bench.soak import bot_env
from storage import Storage
from storage.records import AlertPayload, MatchRecord, NewItem
from tests.helpers.feeds import rss

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


async def run_until(double: BotApiDouble, env: dict[str, str], args: list[str], sent_before_stop: int) -> str:
    """Start `talkwatch run`, SIGTERM it once the double has accepted ``sent_before_stop``
    messages in all, and return what it logged."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        *args,
        stdout=asyncio.subprocess.PIPE,  # `talkwatch run` logs to stdout
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
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
