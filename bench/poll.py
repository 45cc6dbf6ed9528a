"""Poll benchmark: 1,000 feeds behind ~100 ms of latency, talkwatch vs sequential feedparser.parse(url).

    python3 -m bench.poll [--feeds 1000] [--items 20] [--latency 0.1] [--hosts 50]
                          [--backends sqlite,postgresql]

The feed server runs in its own process on 50 loopback addresses (127.0.0.10…),
so a per-host limit behaves as it would across real publishers. Each approach
runs in its own subprocess so that its peak memory is its own. talkwatch does
more than the naive loop in the same time: it stores, deduplicates and matches
every item — in SQLite, and in PostgreSQL (a throwaway server from the binaries
on this machine, `tests/helpers/pgserver.py`) for the side-by-side.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tests.helpers.feedgen import feed_items, rss

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event as ProcessEvent


def serve(feeds: int, items: int, latency: float, hosts: int, port: int, ready: ProcessEvent) -> None:
    """The feed server process: every response (200 or 304) waits ``latency`` seconds."""
    from aiohttp import web

    bodies = {f"/feed/{i}.xml": rss(feed_items(i, items), f"Feed {i}") for i in range(feeds)}
    etags = {path: '"' + hashlib.sha1(body).hexdigest()[:16] + '"' for path, body in bodies.items()}

    async def handle(request: web.Request) -> web.Response:
        await asyncio.sleep(latency)
        body = bodies.get(request.path)
        if body is None:
            return web.Response(status=404)
        etag = etags[request.path]
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, headers={"ETag": etag, "Content-Type": "application/rss+xml"})

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{name}", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for h in range(hosts):
            await web.TCPSite(runner, f"127.0.0.{10 + h}", port, backlog=1024).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def urls(feeds: int, hosts: int, port: int) -> list[str]:
    return [f"http://127.0.0.{10 + i % hosts}:{port}/feed/{i}.xml" for i in range(feeds)]


class TreeMemory:
    """Samples the resident memory of a process and all its descendants (the parser
    processes) four times a second, from outside it (the benchmark's parent process, so
    the sampling costs the measured process nothing); ``peak`` is the largest sum seen,
    in MiB."""

    def __init__(self, root: int) -> None:
        import threading

        self.root = root
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree_rss(self) -> float:
        import os

        total, todo = 0, [self.root]
        while todo:
            pid = todo.pop()
            try:
                with open(f"/proc/{pid}/statm", "rb") as statm:
                    total += int(statm.read().split()[1]) * resource.getpagesize()
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children", "rb") as children:
                        todo.extend(int(child) for child in children.read().split())
            except (OSError, ValueError):
                continue  # the process ended meanwhile
        return total / 2**20

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, self._tree_rss())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def worker(command: list[str]) -> dict:
    """Run one approach in a process of its own; its result, with its tree's peak memory."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    out, err = process.communicate()
    peak = memory.stop()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    result["tree"] = peak
    return result


def peak_rss_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run_talkwatch(
    feed_urls: list[str], database: str | None = None, parse_processes: int | None = None
) -> dict:
    from bot.app import App
    from config.settings import FeedSettings, Settings

    async def go() -> dict:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                database=database or Path(tmp) / "bench.db",
                feeds=tuple(FeedSettings(url=u, name=f"feed {i}") for i, u in enumerate(feed_urls)),
                parse_processes=parse_processes,
            )
            app = App.build(settings, [])
            try:
                # On PostgreSQL: take the lead (only the leader ingests) and keep it, as `run` does.
                assert await app.lead_alone()
                first = await app.poller.poll_once()
                second = await app.poller.poll_once(force=True)
            finally:
                await app.aclose()
        return {
            "first": first.duration,
            "second": second.duration,
            "items": first.new_items,
            "matched": first.matched,
            "not_modified": second.not_modified,
            "errors": len(first.errors) + len(second.errors),
        }

    result = asyncio.run(go())
    result["rss"], result["rss_children"] = peak_rss_mib()
    return result


def run_naive(feed_urls: list[str]) -> dict:
    import feedparser

    started = time.perf_counter()
    seen = {}
    items = 0
    for url in feed_urls:
        parsed = feedparser.parse(url)
        items += len(parsed.entries)
        seen[url] = parsed.get("etag")
    first = time.perf_counter() - started
    started = time.perf_counter()
    not_modified = 0
    for url in feed_urls:
        parsed = feedparser.parse(url, etag=seen[url])
        not_modified += parsed.get("status") == 304
    second = time.perf_counter() - started
    own, children = peak_rss_mib()
    return {
        "first": first,
        "second": second,
        "items": items,
        "matched": 0,
        "not_modified": not_modified,
        "errors": 0,
        "rss": own,
        "rss_children": children,
    }  # one process: its peak RSS is the tree's


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20, help="items per feed")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every response")
    parser.add_argument("--hosts", type=int, default=50, help="loopback addresses the feeds spread over")
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument(
        "--backends",
        default="sqlite,postgresql",
        help="talkwatch's databases (postgresql: a throwaway server)",
    )
    parser.add_argument("--worker", choices=["talkwatch", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["talkwatch", "naive"], help="run one side (for profiling)")
    parser.add_argument(
        "--parse-processes", type=int, help="talkwatch's parser processes (default: the bot's own default)"
    )
    parser.add_argument(
        "--large",
        type=int,
        default=0,
        help="also poll this many feeds with talkwatch on SQLite (e.g. 10000); the naive loop's "
        "figure for it is its per-feed time from the main run",
    )
    args = parser.parse_args()
    feed_urls = urls(args.feeds, args.hosts, args.port)

    if args.worker:
        result = (
            run_talkwatch(feed_urls, args.database, args.parse_processes)
            if args.worker == "talkwatch"
            else run_naive(feed_urls)
        )
        print(json.dumps(result))
        return

    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    served = max(args.feeds, args.large)
    server = ctx.Process(
        target=serve, args=(served, args.items, args.latency, args.hosts, args.port, ready), daemon=True
    )
    server.start()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    # Imported here: the bot's parser processes import this module again (spawn), and
    # the bot's own command module imports no database driver either.
    from tests.helpers.pgserver import PostgresServer

    postgres = PostgresServer() if "postgresql" in backends and args.only != "naive" else None
    try:
        if not ready.wait(60):
            sys.exit("feed server did not start")
        if postgres is not None:
            postgres.start()
        results = {}
        runs = [("naive", None)] if args.only != "talkwatch" else []
        if args.only != "naive":
            runs += [("talkwatch", backend) for backend in backends]
        for approach, backend in runs:
            extra = []
            if backend == "postgresql":
                assert postgres is not None
                extra = ["--database", postgres.new_database()]
            print(f"running {approach} {backend or ''} …", file=sys.stderr, flush=True)
            results[backend or approach] = worker(
                [sys.executable, "-m", "bench.poll", "--worker", approach, *extra, *sys.argv[1:]]
            )
        if args.large:
            print(f"running talkwatch sqlite on {args.large} feeds …", file=sys.stderr, flush=True)
            results["large"] = worker(
                [
                    sys.executable,
                    "-m",
                    "bench.poll",
                    "--worker",
                    "talkwatch",
                    *sys.argv[1:],
                    "--feeds",
                    str(args.large),
                ]
            )
    finally:
        server.terminate()
        server.join()
        if postgres is not None:
            postgres.stop()

    if args.only:
        print(json.dumps(results, indent=1))
        return
    n = results["naive"]
    print(
        f"\nPoll benchmark: {args.feeds} feeds × {args.items} items, {args.latency * 1000:.0f} ms latency "
        f"per response, {args.hosts} loopback hosts\n"
    )
    print("| approach | first cycle | unchanged cycle (304s) | items stored | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| naive: sequential `feedparser.parse(url)` | {n['first']:.2f} s | {n['second']:.2f} s | "
        f"— (parsed {n['items']}) | {n['rss']:.0f} MiB |"
    )
    for backend in backends:
        t = results[backend]
        print(
            f"| talkwatch poller on {backend} (fetch, parse, store, match) | {t['first']:.2f} s "
            f"| {t['second']:.2f} s | {t['items']} ({t['matched']} matched) | "
            f"{t['tree']:.0f} MiB (process tree) |"
        )
        first, second = n["first"] / t["first"], n["second"] / t["second"]
        print(f"| speed-up on {backend} | {first:.1f}× | {second:.1f}× | | |")
    if args.large:
        t, scale = results["large"], args.large / args.feeds
        print(
            f"| naive, {args.large} feeds (its per-feed time × {args.large}) | {n['first'] * scale:.0f} s "
            f"| {n['second'] * scale:.0f} s | | |"
        )
        print(
            f"| talkwatch on sqlite, {args.large} feeds | {t['first']:.2f} s | {t['second']:.2f} s "
            f"| {t['items']} ({t['matched']} matched) | {t['tree']:.0f} MiB (process tree) |"
        )
    for backend in backends:
        t = results[backend]
        print(
            f"\n304s in the unchanged cycle: naive {n['not_modified']}, talkwatch on {backend} "
            f"{t['not_modified']}; errors: {t['errors']}"
        )
    if args.large:
        t = results["large"]
        print(f"\n{args.large} feeds on sqlite: 304s {t['not_modified']}, errors {t['errors']}")


if __name__ == "__main__":
    main()
