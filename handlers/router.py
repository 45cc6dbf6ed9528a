"""Transport-agnostic command routing: parse "/command args", call its handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.service import ChatService
from bot.transports.base import ChatRef
from handlers.markup import Document, Text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommandContext:
    """Who asked, where: enough for permission checks without a transport object."""

    chat: ChatRef
    user_id: str = ""
    is_group: bool = False
    is_chat_admin: bool = True  # private chats: the user owns the chat
    is_bot_admin: bool = False  # listed as an operator in settings
    lang: str | None = None  # the user's language, when the chat network tells it


@dataclass(frozen=True)
class Reply:
    document: Document


Handler = Callable[[ChatService, CommandContext, list[str]], Reply]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    description: str
    handler: Handler
    group_admin_only: bool = False
    operator_only: bool = False  # /stats, /feeds, /pause, /resume: admins listed in settings


def one_line(text: str) -> Reply:
    return Reply((((Text(text),),),))


@dataclass
class Router:
    """Holds the registered commands; every transport dispatches through it."""

    service: ChatService
    commands: dict[str, Command] = field(default_factory=dict)

    def add(self, command: Command) -> None:
        self.commands[command.name] = command

    @staticmethod
    def parse(text: str) -> tuple[str, list[str]] | None:
        """'/follow@talkwatch_bot iran-usa' → ('follow', ['iran-usa']); None if not a command."""
        text = text.strip()
        if not text.startswith("/"):
            return None
        head, *args = text.split()
        name = head[1:].split("@", 1)[0].lower()
        return name, args

    def dispatch(self, text: str, ctx: CommandContext) -> Reply | None:
        """Run the command in ``text``; None when the text is not a command at all."""
        parsed = self.parse(text)
        if parsed is None:
            return None
        name, args = parsed
        command = self.commands.get(name)
        if command is None:
            return one_line(f"Unknown command /{name}. Send /help for the list of commands.")
        if command.group_admin_only and ctx.is_group and not ctx.is_chat_admin:
            return one_line(f"Only chat administrators can use /{name} in a group.")
        if command.operator_only and not ctx.is_bot_admin:
            log.warning(
                "refused /%s from %s user %s in chat %s: not an operator",
                name,
                ctx.chat.transport,
                ctx.user_id or "?",
                ctx.chat.chat_id,
            )
            return one_line(f"Sorry, /{name} is for the bot's operators.")
        return command.handler(self.service, ctx, args)


def build_router(service: ChatService) -> Router:
    """A router with every command group registered."""
    from handlers import admin, follow, help, mute, status

    router = Router(service)
    for module in (help, follow, status, mute, admin):
        module.register(router)
    return router
