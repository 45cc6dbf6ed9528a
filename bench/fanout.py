"""Fan-out benchmark: one alert to 10,000 Telegram chats through the strict Bot API double.

    python3 -m bench.fanout [--chats 10000] [--limits 30,1000] [--chats-at-30 1000]

The double runs in its own process and enforces the overall limit with 429s;
talkwatch's sender drains the outbox through the real Telegram transport
(python-telegram-bot) with its own pacing set to the same limit. Reported: the
rate achieved against the limit, 429s caused by our pacing, messages lost, and
the bot's peak memory. At Telegram's own 30/s, 10,000 chats take 5.5 minutes,
so that row uses --chats-at-30 chats unless told otherwise.
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

import httpx


def serve_double(rate: float, port: int, ready) -> None:
    from bench.bot_api_double import BotApiDouble

    async def main() -> None:
        double = BotApiDouble(rate=rate, private_interval=1.0)
        await double.start(port)
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def run_bot(base_url: str, token: str, chats: int, rate: float) -> dict:
    from bot.app import App
    from config.settings import DeliverySettings, Secret, Settings, TelegramSettings
    from storage.records import AlertPayload, MatchRecord, NewItem

    async def go() -> dict:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                database=Path(tmp) / "fanout.db",
                telegram=TelegramSettings(
                    token=Secret(token), api_base_url=f"{base_url}/bot", messages_per_second=rate
                ),
                delivery=DeliverySettings(concurrency=256),
            )
            app = App.build(settings, [])
            app.enable_telegram()
            db = app.storage.db
            with db.atomic():
                db.conn.executemany(
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
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    token = "123456:TEST-token-for-the-double"
    if args.worker:
        base_url, chats, rate = args.worker
        print(json.dumps(run_bot(base_url, token, int(chats), float(rate))))
        return

    rows = []
    for i, limit in enumerate(float(x) for x in args.limits.split(",")):
        chats = args.chats_at_30 if limit <= 30 else args.chats
        port = args.port + i
        ctx = multiprocessing.get_context("spawn")
        ready = ctx.Event()
        double = ctx.Process(target=serve_double, args=(limit, port, ready), daemon=True)
        double.start()
        try:
            ready.wait(30)
            base_url = f"http://127.0.0.1:{port}"
            print(f"fan-out to {chats} chats at {limit:g}/s …", file=sys.stderr, flush=True)
            out = subprocess.run(
                [sys.executable, "-m", "bench.fanout", "--worker", base_url, str(chats), str(limit)],
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
        rows.append((limit, chats, achieved, stats, bot))

    print("\nFan-out of one alert through the strict Bot API double (real python-telegram-bot client)\n")
    print("| double's limit | chats | delivered | achieved | of limit | 429s | lost | bot peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for limit, chats, achieved, stats, bot in rows:
        lost = chats - stats["chats"]
        print(
            f"| {limit:g}/s | {chats:,} | {stats['sent']:,} | {achieved:,.1f}/s | {achieved / limit:.0%} | "
            f"{stats['too_many']} | {lost} | {bot['rss']:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
