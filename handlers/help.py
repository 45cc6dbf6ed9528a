"""/start and /help: what the bot does, every command, and the topics."""

from __future__ import annotations

from bot.chat import CommandContext, Reply
from bot.commands import Command, Handler, Router
from bot.render.markup import Bold, Line, Text
from bot.service import ChatService


def make_help(router: Router) -> Handler:
    """/help lists the router's commands as they are when it is asked (registration order)."""

    def help_(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
        # What the bot does comes from the topic files: each topic says it in one line.
        lines = [topic.help or f"News alerts on {topic.name}." for _, topic in sorted(service.topics.items())]
        intro: tuple[Line, ...] = ((Bold("talkwatch"),), *((Text(line),) for line in lines))
        commands: list[Line] = [(Bold("Commands"),)]
        for command in router.commands.values():
            commands.append((Text(f"{command.usage} — {command.description}"),))
        topics: list[Line] = [(Bold("Topics"),)]
        for topic_id, topic in sorted(service.topics.items()):
            topics.append((Text(f"{topic_id} — {topic.name}"),))
        return Reply((intro, tuple(commands), tuple(topics)))

    return help_


def register(router: Router) -> None:
    handler = make_help(router)
    router.add(Command("start", "/start", "what this bot does", handler))
    router.add(Command("help", "/help", "this list of commands", handler))
