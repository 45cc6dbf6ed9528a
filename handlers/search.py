"""/search <words>: every stored report, grouped by story, best match first."""

from __future__ import annotations

from bot.chat import CommandContext, Reply, one_line
from bot.commands import Command, Router
from bot.news.search_query import QueryError
from bot.render.search import search_document
from bot.service import ChatService

USAGE = 'Usage: /search <words>, e.g. /search Genf Verhandlungen ("a phrase" in quotes, -word to leave out)'


def search(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    """/search <words>: the best ten stories, one line each; a one-line answer otherwise."""
    if not args:
        return one_line(USAGE, private=True)
    try:
        result = service.search(" ".join(args))
    except QueryError as exc:
        return one_line(str(exc), private=True)
    # No result is an answer, not a usage error: the chat sees it like any other.
    return Reply(search_document(result))


def register(router: Router) -> None:
    router.add(Command("search", "/search <words>", "search every stored report; best stories first", search))
