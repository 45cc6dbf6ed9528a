"""Chat commands through the transport-agnostic router, and the docs that list them."""

from pathlib import Path

import pytest

from bot.chat import ChatRef, CommandContext
from bot.ingest.baseline import seed_baseline
from bot.render.markup import render_plain
from bot.service import ChatService
from config.topics import load_topics
from handlers.registry import build_router
from storage import Storage

ROOT = Path(__file__).resolve().parent.parent
CHAT = ChatRef("test", "c1")


@pytest.fixture
def router(database):
    storage = Storage.open(database)
    topics = load_topics()
    seed_baseline(storage, topics.values())
    yield build_router(ChatService(storage, topics))
    storage.close()


def say(router, text: str, ctx: CommandContext | None = None) -> str:
    reply = router.dispatch(text, ctx or CommandContext(CHAT))
    assert reply is not None
    return render_plain(reply.document)


def test_follow_topics_unfollow(router):
    assert say(router, "/follow iran-usa").startswith("Following Iran–USA talks")
    assert "already follows" in say(router, "/follow IRAN-USA")
    assert "✓ iran-usa" in say(router, "/topics")
    assert say(router, "/unfollow iran-usa").startswith("Stopped following")
    assert "• iran-usa" in say(router, "/topics")


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("/follow", "Usage: /follow <topic>"),
        ("/follow mars", "Unknown topic 'mars'"),
        ("/follow a b", "Usage: /follow <topic>"),
        ("/unfollow", "Usage: /unfollow <topic>"),
        ("/status mars", "Unknown topic 'mars'"),
        ("/status a b", "Usage: /status [topic]"),
        ("/dance", "Unknown command /dance. Send /help"),
    ],
)
def test_bad_arguments_get_a_one_line_usage_reply(router, text, reply):
    answer = say(router, text)
    assert answer.startswith(reply)
    assert "\n" not in answer


def test_status_shows_the_seeded_round_with_delegations(router):
    text = say(router, "/status")
    assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in text
    assert "Mediator: Badr al-Busaidi" in text
    assert "Iran: Abbas Araghchi" in text and "Steve Witkoff" in text


def test_commands_with_a_bot_name_suffix_work(router):
    assert "Round 1" in say(router, "/status@talkwatch_bot iran-usa")


def test_only_group_admins_may_follow_in_a_group(router):
    member = CommandContext(ChatRef("test", "g1"), is_group=True, is_chat_admin=False)
    assert say(router, "/follow iran-usa", member).startswith("Only chat administrators")
    assert "Round 1" in say(router, "/status", member)  # anyone may ask
    admin = CommandContext(ChatRef("test", "g1"), is_group=True, is_chat_admin=True)
    assert say(router, "/follow iran-usa", admin).startswith("Following")


def test_plain_messages_are_not_commands(router):
    assert router.dispatch("hello there", CommandContext(CHAT)) is None


def test_every_command_is_in_help_and_in_the_readme(router):
    help_text = say(router, "/help")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in router.commands:
        assert f"/{name}" in help_text, name
        assert f"`/{name}" in readme, name
