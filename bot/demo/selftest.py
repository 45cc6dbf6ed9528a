"""``talkwatch healthcheck --self-test``: prove an installation works, with no bot running.

Opens a fresh database, runs the demo feeds through poll, match and delivery,
starts the health endpoint, and asks it. Used inside the Docker image build.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import httpx

from bot.app import App
from bot.demo.run import run_demo
from config.settings import Settings


async def self_test() -> tuple[bool, str]:
    with tempfile.TemporaryDirectory() as tmp:
        sent = await run_demo(Settings(database=Path(tmp) / "demo.db"), out=io.StringIO())
        if sent < 1:
            return False, "self-test failed: the demo delivered no alert"
        app = App.build(Settings(database=Path(tmp) / "health.db", poll_interval_seconds=60), [])
        try:
            app.start()
            server = await app.start_health(host="127.0.0.1", port=0)
            async with httpx.AsyncClient() as client:
                response = await client.get(f"http://127.0.0.1:{server.bound_port}/healthz")
        finally:
            await app.aclose()
    ok = response.status_code == 200
    return (
        ok,
        f"self-test {'passed' if ok else 'failed'}: demo delivered {sent} alerts; /healthz {response.text}",
    )
