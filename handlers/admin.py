"""Operator commands: /stats, /feeds, /pause, /resume (admins listed in settings only)."""

from __future__ import annotations

import datetime as dt

from bot.chat import CommandContext, Reply, one_line
from bot.commands import Command, Router
from bot.render.markup import Bold, Line, Text
from bot.service import ChatService


def _ago(stamp: float | None) -> str:
    if stamp is None:
        return "never"
    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%-d %b %H:%M UTC")


def stats(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    data = service.stats()
    lines: list[Line] = [(Bold("talkwatch stats"),)]
    for topic, count in data["subscribers"].items() or [("(no topic)", 0)]:
        lines.append((Text(f"{topic}: {count} subscribed chat{'s' if count != 1 else ''}"),))
    lines.append((Text(f"Alerts delivered today (UTC): {data['sent']}"),))
    lines.append((Text(f"Outbox depth: {data['outbox_depth']}"),))
    lines.append((Text(_pause_line(service)),))
    return Reply((tuple(lines),))


def feeds(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    lines: list[Line] = [(Bold("Feeds"),)]
    for feed in service.feeds():
        health = "ok" if feed.healthy else "UNHEALTHY"
        line = f"{feed.name}: {health}, last success {_ago(feed.last_success_at)}"
        if feed.last_error:
            line += f", last error {feed.last_error[:120]} ({_ago(feed.last_error_at)})"
        lines.append((Text(line),))
    if len(lines) == 1:
        lines.append((Text("No feeds configured."),))
    return Reply((tuple(lines),))


def _pause_line(service: ChatService) -> str:
    """Whether polling is paused, as every instance reads it from the database."""
    pause = service.polling_pause()
    if pause is None:
        return "Polling: active."
    return f"Polling: paused since {_ago(pause.paused_at)}, by {pause.paused_by}."


def pause(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    by = f"{ctx.chat.transport} {ctx.user_id or ctx.chat.chat_id}"
    if service.pause_polling(by):
        return one_line(
            "Polling paused for every instance. Queued alerts are still delivered; /resume to poll again."
        )
    pause = service.polling_pause()
    since = f" (since {_ago(pause.paused_at)}, by {pause.paused_by})" if pause is not None else ""
    return one_line(f"Polling is already paused{since}.")


def resume(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    if service.resume_polling():
        return one_line("Polling resumed.")
    return one_line("Polling is not paused.")


def register(router: Router) -> None:
    router.add(
        Command(
            "stats",
            "/stats",
            "operators: subscribers, alerts today, outbox depth, polling paused or not",
            stats,
            operator_only=True,
        )
    )
    router.add(
        Command("feeds", "/feeds", "operators: each feed's health and last error", feeds, operator_only=True)
    )
    router.add(
        Command("pause", "/pause", "operators: pause polling (every instance)", pause, operator_only=True)
    )
    router.add(
        Command("resume", "/resume", "operators: resume polling (every instance)", resume, operator_only=True)
    )
