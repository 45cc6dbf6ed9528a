"""Transport-agnostic command routing: parse "/command args", check who may, call the handler.

Command groups register themselves (``handlers/<area>.py`` each has ``register``);
the router never imports them, so there is no circle between it and the handlers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from bot.chat import CommandContext, Reply, one_line
from bot.service import ChatService
from config.settings import AdminSettings
from storage import StorageError

log = logging.getLogger(__name__)

Handler = Callable[[ChatService, CommandContext, list[str]], Reply]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    description: str
    handler: Handler
    group_admin_only: bool = False
    operator_only: bool = False  # /stats, /feeds, /pause, /resume: admins listed in settings


@dataclass(frozen=True)
class Operators:
    """Who may use the operator commands: ids per transport (user ids; on Telegram chat ids too)."""

    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, admins: AdminSettings) -> Operators:
        """The ``[admins]`` settings, one set of ids per transport."""
        return cls({name: admins.of(name) for name in ("telegram", "slack")})

    def allow(self, ctx: CommandContext) -> bool:
        """Is the user who asked (or the chat asked in) listed for this transport?"""
        listed = self.ids.get(ctx.chat.transport, frozenset())
        return bool(ctx.user_id and ctx.user_id in listed) or ctx.chat.chat_id in listed


@dataclass
class Router:
    """Holds the registered commands; every transport dispatches through it.

    Permission rules live here, once for every transport: group-admin-only
    commands (the transport tells whether the user administers the chat) and
    operator commands (the ``[admins]`` settings decide).
    """

    service: ChatService
    operators: Operators = field(default_factory=Operators)
    commands: dict[str, Command] = field(default_factory=dict)

    def add(self, command: Command) -> None:
        """Register a command (a later one with the same name replaces it)."""
        self.commands[command.name] = command

    @staticmethod
    def parse(text: str) -> tuple[str, list[str]] | None:
        """'/follow@talkwatch_bot some-topic' → ('follow', ['some-topic']); None if not a command."""
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
            return one_line(f"Unknown command /{name}. Send /help for the list of commands.", private=True)
        if command.group_admin_only and ctx.is_group and not ctx.is_chat_admin:
            return one_line(f"Only chat administrators can use /{name} in a group.", private=True)
        if command.operator_only and not self.operators.allow(ctx):
            log.warning(
                "refused /%s from %s user %s in chat %s: not an operator",
                name,
                ctx.chat.transport,
                ctx.user_id or "?",
                ctx.chat.chat_id,
            )
            return one_line(f"Sorry, /{name} is for the bot's operators.", private=True)
        try:
            reply = command.handler(self.service, ctx, args)
        except StorageError as exc:  # locked by another process for longer than a moment
            log.warning(
                "/%s from %s chat %s: database busy: %s", name, ctx.chat.transport, ctx.chat.chat_id, exc
            )
            return one_line(
                f"The bot's database is busy right now; please send /{name} again in a moment.", private=True
            )
        # What operators see of the bot's insides is theirs alone.
        return replace(reply, private=True) if command.operator_only else reply
