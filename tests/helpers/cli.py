"""Run the talkwatch command line as a real process."""

from __future__ import annotations

import asyncio
import os
import sys


async def talkwatch(*args: str, stdin: bytes | None = None, env: dict | None = None) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``python -m bot ARGS``."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin), timeout=60)
    assert proc.returncode is not None  # communicate() returns once the process has exited
    return proc.returncode, out.decode(), err.decode()
