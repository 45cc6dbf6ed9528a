"""/status [topic]: the latest round of talks, with sources."""

from __future__ import annotations

from bot.chat import CommandContext, Reply, one_line
from bot.commands import Command, Router
from bot.render.status import status_document
from bot.service import ChatService
from config.topics import UnknownTopic


def status(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    """/status [topic]: the latest round of the topic."""
    if len(args) > 1:
        return one_line(f"Usage: /status [topic], for example /status {service.example_topic()}")
    if not args:
        topic = service.default_topic(ctx.chat)
        if topic is None:
            return one_line(f"Which topic? Usage: /status <topic>. Topics: {service.topic_list()}.")
    else:
        try:
            topic = service.topic(args[0]).id
        except UnknownTopic as exc:
            return one_line(str(exc))
    return Reply(status_document(service.status(topic, lang=ctx.lang)))


def register(router: Router) -> None:
    router.add(Command("status", "/status [topic]", "the latest round of talks, with sources", status))
