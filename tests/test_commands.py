"""Chat commands through the transport-agnostic router, and the docs that list them."""

import datetime as dt
from pathlib import Path

import pytest

from bot.chat import ChatRef, CommandContext
from bot.records import MatchRecord, NewItem
from bot.render.markup import render_plain
from bot.service import ChatService
from config.topics import load_topics
from handlers.registry import build_router
from storage import Storage

ROOT = Path(__file__).resolve().parent.parent
CHAT = ChatRef("test", "c1")


@pytest.fixture
def storage(database):
    storage = Storage.open(database)
    yield storage
    storage.close()


@pytest.fixture
def router(storage):
    return build_router(ChatService(storage, load_topics()))


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
        ("/latest 0", "Usage: /latest [n], n from 1 to 20"),
        ("/latest 21", "Usage: /latest [n], n from 1 to 20"),
        ("/latest five", "Usage: /latest [n], n from 1 to 20"),
        ("/latest 2 3", "Usage: /latest [n], n from 1 to 20"),
    ],
)
def test_bad_arguments_get_a_one_line_usage_reply(router, text, reply):
    answer = say(router, text)
    assert answer.startswith(reply)
    assert "\n" not in answer
    assert router.dispatch(text, CommandContext(CHAT)).private  # only the asker sees it (Slack)


def test_status_shows_the_topic_files_round_with_delegations(router):
    """No report yet: the round the topic file states (there is no seeding step)."""
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


def _story(storage: Storage, n: int, outlets: list[str], day: int) -> None:
    """One story (one event) reported by ``outlets``, an hour apart, the first of them first."""
    story_id = -1  # provisional until the first report is stored
    for k, outlet in enumerate(outlets):
        feed = storage.feeds.ensure(f"https://{outlet.lower().replace(' ', '')}.example/rss", outlet, "en")
        item = NewItem(
            feed.id,
            f"Story {n}: envoys meet in Muscat" if k == 0 else f"Story {n} as {outlet} tells it",
            "",
            f"https://{outlet.lower().replace(' ', '')}.example/{n}",
            None,
            None,
            "en",
            dt.datetime(2026, 2, day, 8 + k, tzinfo=dt.UTC).timestamp(),
            (f"guid:{outlet}:{n}",),
        )
        match = MatchRecord("iran-usa", True, 4.0, (), "r", "en", story_id)
        story_id = storage.items.store_many([(item, [match], {})]).stories.get(story_id, story_id)


def test_latest_lists_the_newest_stories_with_their_outlets_and_follow_ends_with_three(router, storage):
    assert say(router, "/latest") == "No reports on Iran–USA talks yet. New ones will arrive as alerts."
    for n, (outlets, day) in enumerate(
        [(["DW"], 7), (["BBC", "DW", "AFP", "IRNA", "Mehr"], 9), (["France 24", "DW"], 8), (["AP"], 10)]
    ):
        _story(storage, n, outlets, day)
    lines = say(router, "/latest").splitlines()
    assert lines[0] == "Latest on Iran–USA talks: 4 stories, newest first"
    assert lines[1] == "• 10 Feb 2026, 08:00 UTC · Story 3: envoys meet in Muscat <https://ap.example/3> · AP"
    assert lines[2].startswith("• 9 Feb 2026, 08:00 UTC · Story 1: envoys meet in Muscat")
    assert lines[2].endswith(" · BBC, DW, AFP +2")
    assert [line.split(" · ")[1].split(":")[0] for line in lines[3:]] == ["Story 2", "Story 0"]
    assert len(say(router, "/latest 2").splitlines()) == 3
    welcome = say(router, "/follow iran-usa").splitlines()
    assert welcome[0].startswith("Following Iran–USA talks (iran-usa).")
    assert welcome[2] == "The newest so far"
    assert [line.split(" · ")[1].split(":")[0] for line in welcome[3:]] == ["Story 3", "Story 1", "Story 2"]


def test_languages_and_settings(router):
    settings = say(router, "/settings").splitlines()
    assert settings == [
        "Settings of this chat",
        "Follows: nothing yet (/follow <topic>)",
        "Languages: all languages (/languages)",
        "Not muted (/mute <duration>)",
        "Quiet hours: none (/quiet)",
        "Digest: off, instant alerts (/digest)",
    ]
    assert say(router, "/languages") == (
        "Alerts here: all languages. Change with /languages en de, or /languages all."
    )
    assert say(router, "/languages DE fa").startswith(
        "Alerts here only for stories reported in Deutsch (de), فارسی (fa):"
    )
    say(router, "/follow iran-usa")
    say(router, "/mute 2h")
    settings = say(router, "/settings").splitlines()
    assert settings[1:3] == ["Follows: iran-usa", "Languages: Deutsch (de), فارسی (fa) (/languages)"]
    assert settings[3].startswith("Muted until ")
    assert say(router, "/languages all") == "Alerts here in all languages."
    assert "Languages: all languages" in say(router, "/settings")
    for wrong in ("/languages es", "/languages en all", "/settings now"):
        reply = router.dispatch(wrong, CommandContext(CHAT))
        assert render_plain(reply.document).startswith("Usage: ") and reply.private
