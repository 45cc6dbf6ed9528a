"""Run telegram-test-api (pinned in tests/telegram_emulator) as a real process on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

EMULATOR_DIR = Path(__file__).resolve().parent.parent / "telegram_emulator"


@dataclass
class TelegramEmulator:
    token: str = "111111:emulator-token-for-talkwatch-tests"
    base_url: str = ""
    process: asyncio.subprocess.Process | None = None

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/bot"

    async def start(self) -> None:
        node = shutil.which("node")
        if node is None or not (EMULATOR_DIR / "node_modules" / "telegram-test-api").is_dir():
            raise RuntimeError(
                "the Telegram emulator is not installed: run `npm ci --prefix tests/telegram_emulator` "
                "(the README's test command does)"
            )
        self.process = await asyncio.create_subprocess_exec(
            node,
            str(EMULATOR_DIR / "server.js"),
            cwd=EMULATOR_DIR,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout=30)
        if not line:
            err = await self.process.stderr.read() if self.process.stderr else b""
            raise RuntimeError(f"the Telegram emulator did not start: {err.decode()[-500:]}")
        self.base_url = f"http://127.0.0.1:{json.loads(line)['port']}"

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), timeout=10)

    async def send_command(self, chat_id: int, text: str, user_id: int = 2001) -> None:
        """A user types a command (the emulator wants a bot_command entity)."""
        command = text.split()[0]
        body = {
            "botToken": self.token,
            "from": {"id": user_id, "is_bot": False, "first_name": "Reader", "username": "reader"},
            "chat": {"id": chat_id, "type": "private", "first_name": "Reader", "username": "reader"},
            "date": int(time.time()),
            "text": text,
            "entities": [{"offset": 0, "length": len(command), "type": "bot_command"}],
        }
        async with httpx.AsyncClient() as client:
            response = await client.post(f"{self.base_url}/sendCommand", json=body)
            response.raise_for_status()

    async def bot_messages(self, chat_id: int) -> list[dict]:
        """What the bot sent to this chat, oldest first."""
        async with httpx.AsyncClient() as client:
            response = await client.post(f"{self.base_url}/getUpdatesHistory", json={"token": self.token})
        history = response.json()["result"]
        return [
            h["message"]
            for h in history
            if "chat_id" in h.get("message", {}) and str(h["message"]["chat_id"]) == str(chat_id)
        ]

    async def wait_for_reply(self, chat_id: int, count: int) -> list[dict]:
        """Poll the emulator's history (another process: nothing to await) until ``count`` arrived."""
        async with asyncio.timeout(15):
            while len(messages := await self.bot_messages(chat_id)) < count:  # noqa: ASYNC110 (another process)
                await asyncio.sleep(0.05)
        return messages
