"""/follow, /unfollow and /topics."""

from __future__ import annotations

from bot.service import ChatService
from handlers.markup import Bold, Line, Text
from handlers.router import Command, CommandContext, Reply, Router, one_line


def _topic_arg(service: ChatService, args: list[str], usage: str) -> str | Reply:
    if len(args) != 1:
        return one_line(f"Usage: {usage}. Topics: {', '.join(sorted(service.topics))}.")
    topic = args[0].lower()
    if topic not in service.topics:
        return one_line(f"Unknown topic {args[0]!r}. Topics: {', '.join(sorted(service.topics))}.")
    return topic


def follow(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    topic = _topic_arg(service, args, "/follow <topic>, for example /follow iran-usa")
    if isinstance(topic, Reply):
        return topic
    name = service.topics[topic].name
    if service.follow(ctx.chat, topic):
        return one_line(
            f"Following {name} ({topic}). New reports will arrive here; /status shows the latest round."
        )
    return one_line(f"This chat already follows {name} ({topic}).")


def unfollow(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    topic = _topic_arg(service, args, "/unfollow <topic>, for example /unfollow iran-usa")
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
