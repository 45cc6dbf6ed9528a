"""Start an aiohttp application on 127.0.0.1 (a free port): the benchmarks' and tests' fakes."""

from __future__ import annotations

from aiohttp import web


async def serve(app: web.Application, port: int = 0) -> tuple[web.AppRunner, str]:
    """Run ``app`` on 127.0.0.1 (a free port unless given); returns the runner and its base URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    # The runner's one site, one socket: its (host, port), the port bound when ``port`` is 0.
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"
