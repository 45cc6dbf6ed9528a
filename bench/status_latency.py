"""/status latency while a 1,000-feed first cycle runs: ingest on its own thread vs on the loop.

    python3 -m bench.status_latency [--feeds 1000] [--runs 3] [--variants thread,loop]
                                    [--backends sqlite,postgresql]

A `talkwatch run`-like process (the real App, Telegram transport in long-polling mode)
talks to the strict Bot API double in this process; the feeds (20 items each, 100 ms
latency, 50 loopback hosts) come from a server process. A user sends `/status` every
0.3 s, each from a chat of its own; the latency is from the moment the double hands the
update out to the moment it accepts the bot's reply. "during" is while the first cycle
runs (until every feed is stored), "idle" the 10 s after it. Variant "loop" runs
ingest (matching, stories, rounds, writes) on the event loop, as before #15: the naive
way, side by side in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.poll import serve, urls
from tests.helpers.bot_api_double import BotApiDouble
from tests.helpers.pgserver import PostgresServer
from tests.helpers.soak import free_port

SEND_EVERY = 0.3
IDLE_SECONDS = 10.0


def run_bot(database: str, feed_urls: list[str], variant: str) -> None:
    """The bot process: what `talkwatch run` starts, with ingest moved back onto the loop
    for variant "loop"."""
    from bot.app import App
    from bot.ingest.worker import IngestWorker
    from bot.ops.logs import configure_logging
    from config.settings import FeedSettings, load_settings

    settings = load_settings(None)
    settings = dataclasses.replace(
        settings,
        database=database,
        poll_interval_seconds=3600,
        feeds=tuple(FeedSettings(url=u, name=f"feed {i}") for i, u in enumerate(feed_urls)),
    )
    configure_logging("WARNING", settings.secrets(), "text", stream=sys.stderr)

    async def forever() -> None:
        app = App.build(settings, [])
        if variant == "loop":
            # The same ingestor and connection, called on the event loop (as before #15).
            threaded = app.poller.worker
            app.poller.worker = IngestWorker(
                threaded.ingestor, threaded=False, own_storage=threaded.own_storage
            )
            threaded.own_storage = None
            threaded.close()
        app.enable_telegram()
        await app.start_transports()
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        app.start()
        await stop.wait()
        await app.aclose()

    asyncio.run(forever())


@dataclass
class Latencies:
    during: list[float] = field(default_factory=list)
    idle: list[float] = field(default_factory=list)
    cycle: float = 0.0
    unanswered: int = 0


def _primed(database: str) -> int:
    from storage import Storage

    with Storage.open(database) as storage:
        return sum(1 for f in storage.feeds.all() if f.primed)


async def measure(database: str, feed_urls: list[str], variant: str) -> Latencies:
    double = BotApiDouble(private_interval=0.05, group_per_minute=1200)
    await double.start()
    result = Latencies()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": double.token,
        "TELEGRAM_API_BASE_URL": double.api_url,
        "TALKWATCH_HEALTH_PORT": str(free_port()),
    }
    ctx = multiprocessing.get_context("spawn")
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        bot = ctx.Process(target=run_bot, args=(database, feed_urls, variant))
        bot.start()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    pushed: dict[int, tuple[str, float]] = {}  # chat → (phase, when handed out)
    try:
        deadline = time.monotonic() + 60
        while not double.pollers:
            if time.monotonic() > deadline or not bot.is_alive():
                raise RuntimeError("the bot did not start polling Telegram")
            await asyncio.sleep(0.05)
        started = time.monotonic()
        chat = 50_000
        phase = "during"
        idle_until: float | None = None
        checked = 0.0
        while idle_until is None or time.monotonic() < idle_until:
            chat += 1
            double.push_command(chat, "/status")
            pushed[chat] = (phase, time.monotonic())
            await asyncio.sleep(SEND_EVERY)
            if phase == "during" and time.monotonic() - started > 600:
                raise RuntimeError("the first cycle did not store every feed within 10 minutes")
            if phase == "during" and time.monotonic() - checked > 1.0:
                checked = time.monotonic()
                primed = await asyncio.to_thread(_primed, database)
                if primed >= len(feed_urls):
                    result.cycle = time.monotonic() - started
                    phase = "idle"
                    idle_until = time.monotonic() + IDLE_SECONDS
        await asyncio.sleep(3.0)  # the last replies
    finally:
        if bot.pid is not None:
            os.kill(bot.pid, signal.SIGTERM)
        await asyncio.to_thread(bot.join, 30)
        if bot.is_alive():
            bot.kill()
        await double.stop()
    # A reply's time is when the double accepted it; the update's, when it was pushed
    # (a long poll waiting for it wakes at once).
    replied: dict[str, float] = {}
    for sent in double.sent:
        replied.setdefault(sent.chat_id, sent.at)
    for chat_id, (phase, at) in pushed.items():
        answer = replied.get(str(chat_id))
        if answer is None:
            result.unanswered += 1
            continue
        (result.during if phase == "during" else result.idle).append(answer - at)
    return result


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def spread(values: list[float], scale: float = 1000.0, digits: int = 0) -> str:
    low, high = min(values) * scale, max(values) * scale
    return (
        f"{low:.{digits}f}"
        if f"{low:.{digits}f}" == f"{high:.{digits}f}"
        else f"{low:.{digits}f}–{high:.{digits}f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--port", type=int, default=18090)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", default="thread,loop")
    parser.add_argument("--backends", default="sqlite")
    args = parser.parse_args()
    feed_urls = urls(args.feeds, args.hosts, args.port)
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    server = ctx.Process(
        target=serve, args=(args.feeds, args.items, args.latency, args.hosts, args.port, ready), daemon=True
    )
    server.start()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    postgres = PostgresServer() if "postgresql" in backends else None
    rows: dict[tuple[str, str], list[Latencies]] = {}
    try:
        if not ready.wait(60):
            sys.exit("feed server did not start")
        if postgres is not None:
            postgres.start()
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(args.runs):
                for backend in backends:
                    for variant in args.variants.split(","):
                        if backend == "postgresql":
                            assert postgres is not None
                            database = postgres.new_database()
                        else:
                            database = str(Path(tmp) / f"{variant}-{run}.db")
                        print(
                            f"run {run + 1}: {backend}, ingest on the {variant} …",
                            file=sys.stderr,
                            flush=True,
                        )
                        got = asyncio.run(measure(database, feed_urls, variant))
                        rows.setdefault((backend, variant), []).append(got)
    finally:
        server.terminate()
        server.join()
        if postgres is not None:
            postgres.stop()

    print(
        f"\n/status every {SEND_EVERY} s during a {args.feeds}-feed first cycle, "
        f"spread of {args.runs} runs (ms)"
    )
    header = (
        f"{'database':<11}{'ingest on':<11}{'cycle s':>12}{'p50 during':>13}{'p99 during':>13}"
        f"{'max during':>13}{'p50 idle':>11}{'p99 idle':>11}{'unanswered':>12}"
    )
    print(header)
    print("-" * len(header))
    for (backend, variant), runs in rows.items():
        print(
            f"{backend:<11}{'its thread' if variant == 'thread' else 'the loop':<11}"
            f"{spread([r.cycle for r in runs], 1, 1):>12}"
            f"{spread([percentile(r.during, 50) for r in runs]):>13}"
            f"{spread([percentile(r.during, 99) for r in runs]):>13}"
            f"{spread([max(r.during, default=float('nan')) for r in runs]):>13}"
            f"{spread([percentile(r.idle, 50) for r in runs]):>11}"
            f"{spread([percentile(r.idle, 99) for r in runs]):>11}"
            f"{spread([float(r.unanswered) for r in runs], 1):>12}"
        )
    samples = [len(r.during) for runs in rows.values() for r in runs]
    print(f"\nreplies measured during the cycle, per run: {min(samples)}–{max(samples)}")


if __name__ == "__main__":
    main()
