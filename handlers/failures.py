"""/failures: the deliveries given up, for operators (admins listed in settings only)."""

from __future__ import annotations

from bot.chat import CommandContext, Reply, one_line
from bot.commands import Command, Router
from bot.render.failures import failures_document
from bot.service import ChatService

DEFAULT_SHOWN = 10
MOST_SHOWN = 50
USAGE = (
    f"Usage: /failures [n], n from 1 to {MOST_SHOWN}: the newest deliveries given up "
    f"(default {DEFAULT_SHOWN})."
)


def failures(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    if len(args) > 1 or (args and not (args[0].isdigit() and 1 <= int(args[0]) <= MOST_SHOWN)):
        return one_line(USAGE, private=True)
    total, shown = service.failures(int(args[0]) if args else DEFAULT_SHOWN)
    return Reply(failures_document(total, shown))


def register(router: Router) -> None:
    router.add(
        Command(
            "failures",
            "/failures [n]",
            "operators: the newest deliveries given up, with the chat API's answer",
            failures,
            operator_only=True,
        )
    )
