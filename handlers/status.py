"""/status and /timeline [topic]: the latest round of talks, and every round with the events between."""

from __future__ import annotations

from bot.chat import CommandContext, Reply, one_line
from bot.commands import Command, Router
from bot.render.status import status_document, timeline_document
from bot.service import ChatService
from config.topics import UnknownTopic


def _topic(service: ChatService, ctx: CommandContext, args: list[str], command: str) -> str | Reply:
    """The topic named, or the chat's own; a usage reply otherwise."""
    if len(args) > 1:
        return one_line(
            f"Usage: /{command} [topic], for example /{command} {service.example_topic()}", private=True
        )
    if not args:
        topic = service.default_topic(ctx.chat)
        if topic is None:
            return one_line(
                f"Which topic? Usage: /{command} <topic>. Topics: {service.topic_list()}.", private=True
            )
        return topic
    try:
        return service.topic(args[0]).id
    except UnknownTopic as exc:
        return one_line(str(exc), private=True)


def status(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    """/status [topic]: the latest round of the topic and the state of the talks."""
    topic = _topic(service, ctx, args, "status")
    if isinstance(topic, Reply):
        return topic
    # Key sentences in the chat's chosen language first, else the asker's.
    chosen = service.chat_settings(ctx.chat).languages
    view = service.status(topic, lang=chosen[0] if chosen else ctx.lang)
    return Reply(status_document(view, page=service.page(topic)))


def timeline(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    """/timeline [topic]: every round of the current series and the events between them."""
    topic = _topic(service, ctx, args, "timeline")
    if isinstance(topic, Reply):
        return topic
    return Reply(timeline_document(service.timeline(topic), page=service.page(topic)))


def register(router: Router) -> None:
    router.add(Command("status", "/status [topic]", "the latest round of talks, with sources", status))
    router.add(
        Command("timeline", "/timeline [topic]", "every round of the talks and the events between", timeline)
    )
