"""/follow, /unfollow and /topics."""

from __future__ import annotations

from bot.chat import CommandContext, Reply, one_line
from bot.commands import Command, Router
from bot.render.alerts import latest_lines
from bot.render.markup import Bold, Line, Text
from bot.service import ChatService
from config.topics import UnknownTopic


def _topic_arg(service: ChatService, args: list[str], usage: str) -> str | Reply:
    if len(args) != 1:
        return one_line(f"Usage: {usage}. Topics: {service.topic_list()}.", private=True)
    try:
        return service.topic(args[0]).id
    except UnknownTopic as exc:
        return one_line(str(exc), private=True)


def follow(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    topic = _topic_arg(service, args, f"/follow <topic>, for example /follow {service.example_topic()}")
    if isinstance(topic, Reply):
        return topic
    name = service.topics[topic].name
    if service.follow(ctx.chat, topic):
        welcome: Line = (
            Text(
                f"Following {name} ({topic}). New reports will arrive here; /status shows the latest round."
            ),
        )
        # A new follower is not left waiting for the next report: the newest three so far.
        newest = latest_lines(service.latest(topic, 3))
        if not newest:
            return Reply(((welcome,),))
        return Reply(((welcome,), ((Bold("The newest so far"),), *newest)))
    return one_line(f"This chat already follows {name} ({topic}).")


def unfollow(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    topic = _topic_arg(service, args, f"/unfollow <topic>, for example /unfollow {service.example_topic()}")
    if isinstance(topic, Reply):
        return topic
    if service.unfollow(ctx.chat, topic):
        return one_line(f"Stopped following {topic}. No more alerts for it here.")
    return one_line(f"This chat does not follow {topic}.")


def topics(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    followed = set(service.followed(ctx.chat))
    lines: list[Line] = [(Bold("Topics"),)]
    for topic_id, topic in sorted(service.topics.items()):
        mark = "✓ " if topic_id in followed else "• "
        lines.append((Text(mark), Bold(topic_id), Text(f" — {topic.name}")))
    lines.append((Text("✓ marks the topics this chat follows. /follow <topic> to add one."),))
    return Reply((tuple(lines),))


def register(router: Router) -> None:
    router.add(
        Command("follow", "/follow <topic>", "follow a topic in this chat", follow, group_admin_only=True)
    )
    router.add(
        Command("unfollow", "/unfollow <topic>", "stop following a topic", unfollow, group_admin_only=True)
    )
    router.add(Command("topics", "/topics", "list topics; marks the ones this chat follows", topics))
