"""/mute <duration> and /unmute: hold alerts, then get them as one digest."""

from __future__ import annotations

import datetime as dt
import re
import time

from bot.chat import CommandContext, Reply, one_line
from bot.commands import Command, Router
from bot.service import ChatService

_DURATION = re.compile(r"^(\d{1,4})([mhdw])$")
_UNIT = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
MAX_MUTE = 30 * 86400


def parse_duration(text: str) -> int | None:
    """'90m', '2h', '1d', '1w' → seconds; None when it is not such a duration."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        return None
    seconds = int(match.group(1)) * _UNIT[match.group(2)]
    return seconds if 0 < seconds <= MAX_MUTE else None


def mute(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    seconds = parse_duration(args[0]) if len(args) == 1 else None
    if seconds is None:
        return one_line(
            "Usage: /mute <duration>, for example /mute 2h or /mute 1d (at most 30d).", private=True
        )
    until = time.time() + seconds
    service.mute(ctx.chat, until)
    stamp = dt.datetime.fromtimestamp(until, dt.UTC).strftime("%-d %b %Y, %H:%M UTC")
    return one_line(f"Muted until {stamp}. Alerts are held and arrive as one digest when the mute ends.")


def unmute(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    if service.unmute(ctx.chat):
        return one_line("Unmuted. Alerts held during the mute arrive now as one digest.")
    return one_line("This chat is not muted.")


def register(router: Router) -> None:
    router.add(
        Command(
            "mute",
            "/mute <duration>",
            "hold alerts for a while (2h, 1d); a digest follows",
            mute,
            group_admin_only=True,
        )
    )
    router.add(Command("unmute", "/unmute", "end the mute now", unmute, group_admin_only=True))
