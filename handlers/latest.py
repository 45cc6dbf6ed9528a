"""/latest [n]: the newest stories of the chat's topic, one line each."""

from __future__ import annotations

from bot.chat import CommandContext, Reply, one_line
from bot.commands import Command, Router
from bot.render.alerts import latest_document
from bot.service import ChatService

DEFAULT = 5
MOST = 20


def latest(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    usage = f"Usage: /latest [n], n from 1 to {MOST} (default {DEFAULT}), for example /latest 10"
    if len(args) > 1 or (args and not (args[0].isdigit() and 1 <= int(args[0]) <= MOST)):
        return one_line(usage, private=True)
    topic = service.default_topic(ctx.chat)
    if topic is None:
        return one_line(f"Which topic? /follow one first. Topics: {service.topic_list()}.", private=True)
    count = int(args[0]) if args else DEFAULT
    return Reply(latest_document(service.topics[topic].name, service.latest(topic, count)))


def register(router: Router) -> None:
    router.add(
        Command("latest", "/latest [n]", f"the newest n stories (default {DEFAULT}), with outlets", latest)
    )
