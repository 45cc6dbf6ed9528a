"""A topic is data: a second topic with other sides, actors, venues and rounds works end to end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.render.markup import render_plain
from tests.helpers.feeds import rss
from tests.helpers.transports import RecordingTransport

TOPICS = Path(__file__).parent / "fixtures" / "topics"
RIVER_CHAT = ChatRef("test", "river-desk")
IRAN_CHAT = ChatRef("test", "iran-desk")

WATER = [
    {
        "title": "Berg and Reyes agree to a second round of water talks in Harbor City",
        "summary": "Lakeland's envoy Mara Quill will again chair the negotiations on river quotas.",
        "link": "https://river.example/1",
        "guid": "r1",
        "date": "Tue, 10 Mar 2026 09:00:00 GMT",
    },
    {
        # The same report, reworded by a second outlet: one story, one alert.
        "title": "Berg and Reyes agree to a second round of water talks in Harbor City, Lakeland says",
        "summary": "Lakeland's envoy Mara Quill will again chair the negotiations on river quotas.",
        "link": "https://other-river.example/a",
        "guid": "r2",
        "date": "Tue, 10 Mar 2026 10:00:00 GMT",
    },
    {
        "title": "Second round of Norland-Sudmark water talks held in Harbor City",
        "summary": "Ida Berg and Tomas Reyes met for six hours; Mara Quill mediated.",
        "link": "https://river.example/2",
        "guid": "r3",
        "date": "Thu, 12 Mar 2026 18:00:00 GMT",
    },
    {
        # Names one side only and no talks: not relevant to either topic.
        "title": "Norland opens a new ferry line",
        "link": "https://river.example/3",
        "guid": "r4",
        "date": "Thu, 12 Mar 2026 19:00:00 GMT",
    },
]


def say(app: App, text: str, chat: ChatRef) -> str:
    reply = app.router.dispatch(text, CommandContext(chat))
    assert reply is not None
    return render_plain(reply.document)


async def test_a_second_topic_is_followed_matched_grouped_and_summarised(feed_server, settings_for):
    url = feed_server.set("/river.xml", body=rss([]))
    other = feed_server.set("/other-river.xml", body=rss([]))
    transport = RecordingTransport()
    app = App.build(replace(settings_for(url, other), topics_dirs=(TOPICS,)), [transport])
    try:
        assert "river-accord — Norland–Sudmark water talks" in say(app, "/topics", RIVER_CHAT)
        assert "Norland–Sudmark water talks over the Vessa river" in say(app, "/help", RIVER_CHAT)
        assert say(app, "/follow river-accord", RIVER_CHAT).startswith("Following Norland–Sudmark")
        say(app, "/follow iran-usa", IRAN_CHAT)

        # Before any report: the topic file's own baseline round, with its own side labels.
        status = say(app, "/status", RIVER_CHAT)
        assert "Round 1 (2026 series) · 2 Mar 2026 · Lakeport" in status
        assert "Norland: Ida Berg" in status and "Sudmark: Tomas Reyes" in status
        assert "Mediator: Mara Quill" in status

        await app.poller.poll_once(force=True)  # primes the feeds
        # Two outlets: a round one outlet alone reports is shown as unconfirmed.
        feed_server.set("/river.xml", body=rss([w for i, w in enumerate(WATER) if i != 1]))
        feed_server.set("/other-river.xml", body=rss([WATER[1]]))
        report = await app.poller.poll_once(force=True)
        await app.sender.drain()
        assert report.new_items == 4 and report.matched == 3

        texts = transport.texts("river-desk")
        assert [t.splitlines()[0] for t in texts] == [WATER[0]["title"], WATER[2]["title"]]
        # The alert lists the people and the institution, not the countries.
        assert "Ida Berg, Tomas Reyes, Mara Quill" in texts[0]
        assert transport.texts("iran-desk") == []

        status = say(app, "/status river-accord", RIVER_CHAT)
        assert "Round 2 (2026 series) · 12 Mar 2026 · Harbor City" in status
        reason = app.service.matchers["river-accord"].match("Norland opens a new ferry line").reason
        assert "no Sudmark-side signal" in reason
    finally:
        await app.aclose()


def test_the_cli_needs_a_topic_when_there_are_two(tmp_path):
    from bot.cli import main

    config = tmp_path / "tw.toml"
    config.write_text(f'topics_dirs = ["{TOPICS}"]\n', encoding="utf-8")
    assert main(["status", "--config", str(config), "--db", str(tmp_path / "t.db")]) == 2
    assert (
        main(["status", "--topic", "river-accord", "--config", str(config), "--db", str(tmp_path / "t.db")])
        == 0
    )
