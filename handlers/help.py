"""/start and /help: what the bot does, every command, and the topics."""

from __future__ import annotations

from bot.service import ChatService
from handlers.markup import Bold, Line, Text
from handlers.router import Command, CommandContext, Reply, Router


def make_help(router: Router):
    def help_(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
        intro = (
            (Bold("talkwatch"),),
            (
                Text(
                    "News alerts on the Iran–USA talks: one alert per new report that ties Iran "
                    "and the United States to talks, threats, sanctions or mediation."
                ),
            ),
        )
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
