"""Fan-out benchmark: one alert to 10,000 Telegram chats through the strict Bot API double.

    python3 -m bench.fanout [--chats 10000] [--limits 30,1000] [--chats-at-30 1000]
                            [--backends sqlite,postgresql]

The double runs in its own process and enforces the overall limit with 429s;
talkwatch's sender drains the outbox through the real Telegram transport
(python-telegram-bot) with its own pacing set to the same limit. Reported: the
rate achieved against the limit, 429s caused by our pacing, messages lost, and
the bot's peak memory. At Telegram's own 30/s, 10,000 chats take 5.5 minutes,
so that row uses --chats-at-30 chats unless told otherwise. Each row runs on SQLite
and on PostgreSQL (a throwaway server, `tests/helpers/pgserver.py`), where every send is
also claimed in the database first (as with several instances).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from tests.helpers.pgserver import PostgresServer

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event as ProcessEvent


def serve_double(rate: float, port: int, ready: ProcessEvent) -> None:
    from tests.helpers.bot_api_double import BotApiDouble

    async def main() -> None:
        double = BotApiDouble(rate=rate, private_interval=1.0)
        await double.start(port)
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def run_bot(base_url: str, token: str, chats: int, rate: float, database: str | None = None) -> dict:
    from bot.app import App
    from bot.records import AlertPayload, MatchRecord, NewItem
    from config.settings import DeliverySettings, Secret, Settings, TelegramSettings

    async def go() -> dict:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                database=database or Path(tmp) / "fanout.db",
                telegram=TelegramSettings(
                    token=Secret(token), api_base_url=f"{base_url}/bot", messages_per_second=rate
                ),
                delivery=DeliverySettings(concurrency=256),
            )
            app = App.build(settings, [])
            app.enable_telegram()
            # On PostgreSQL: take the lead (only the leader sends) and keep it, as `run` does.
            assert await app.lead_alone()
            db = app.storage.db
            with db.atomic():
                db.executemany(
                    "INSERT INTO subscriptions (transport, chat_id, thread_id, topic, active, created_at) "
                    "VALUES ('telegram', ?, '', 'iran-usa', 1, 0)",
                    [(str(10_000_000 + i),) for i in range(chats)],
                )
            app.storage.feeds.ensure("https://feeds.example/rss", "Wire", "en")
            payload = AlertPayload(
                topic="iran-usa",
                topic_name="Iran–USA talks",
                title="Araghchi and Witkoff agree to a second round in Muscat",
                summary="Oman will host the delegations again next week.",
                link="https://news.example/second-round",
                source="Wire",
                published="2026-02-10T09:00:00+00:00",
                actors=("Abbas Araghchi", "Steve Witkoff"),
            )
            app.storage.items.store(
                NewItem(1, payload.title, payload.summary, payload.link, None, "g1", "en", None, ("g:1",)),
                [MatchRecord("iran-usa", True, 4.0, ("araghchi", "witkoff"), "bench")],
                {"iran-usa": payload},
            )
            started = time.perf_counter()
            while app.storage.outbox.depth():
                report = await app.sender.drain()
                if not report.sent:
                    await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - started
            counts = app.storage.outbox.counts()
            await app.aclose()
        return {"elapsed": elapsed, "counts": counts}

    result = asyncio.run(go())
    result["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--chats-at-30", type=int, default=1_000, help="chats for the 30/s row")
    parser.add_argument("--limits", default="30,1000", help="the double's overall limits, messages/s")
    parser.add_argument("--port", type=int, default=18181)
    parser.add_argument(
        "--backends", default="sqlite,postgresql", help="databases (postgresql: a throwaway server)"
    )
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    token = "123456:TEST-token-for-the-double"
    if args.worker:
        base_url, chats, rate = args.worker
        print(json.dumps(run_bot(base_url, token, int(chats), float(rate), args.database)))
        return

    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    postgres = PostgresServer() if "postgresql" in backends else None
    if postgres is not None:
        postgres.start()
    rows = []
    limits = [float(x) for x in args.limits.split(",")]
    runs = [(backend, limit) for limit in limits for backend in backends]
    for i, (backend, limit) in enumerate(runs):
        chats = args.chats_at_30 if limit <= 30 else args.chats
        port = args.port + i
        extra = []
        if backend == "postgresql":
            assert postgres is not None
            extra = ["--database", postgres.new_database()]
        ctx = multiprocessing.get_context("spawn")
        ready = ctx.Event()
        double = ctx.Process(target=serve_double, args=(limit, port, ready), daemon=True)
        double.start()
        try:
            ready.wait(30)
            base_url = f"http://127.0.0.1:{port}"
            print(f"fan-out to {chats} chats at {limit:g}/s on {backend} …", file=sys.stderr, flush=True)
            out = subprocess.run(
                [sys.executable, "-m", "bench.fanout", "--worker", base_url, str(chats), str(limit), *extra],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            bot = json.loads(out.strip().splitlines()[-1])
            stats = httpx.get(f"{base_url}/_stats").json()
        finally:
            double.terminate()
            double.join()
        span = (stats["last"] - stats["first"]) or bot["elapsed"]
        achieved = (stats["sent"] - 1) / span if stats["sent"] > 1 else 0.0
        rows.append((backend, limit, chats, achieved, stats, bot))
    if postgres is not None:
        postgres.stop()

    print("\nFan-out of one alert through the strict Bot API double (real python-telegram-bot client)\n")
    print(
        "| database | double's limit | chats | delivered | achieved | of limit | 429s | lost | bot peak RSS |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for backend, limit, chats, achieved, stats, bot in rows:
        lost = chats - stats["chats"]
        print(
            f"| {backend} | {limit:g}/s | {chats:,} | {stats['sent']:,} | {achieved:,.1f}/s "
            f"| {achieved / limit:.0%} | {stats['too_many']} | {lost} | {bot['rss']:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
