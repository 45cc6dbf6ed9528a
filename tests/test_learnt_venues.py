"""Venues learnt from reports: talks move to a city the topic file does not list
("Lausanne"); once two outlets report talks under way or held there, a report naming one
party, the talks and that place is relevant, as it would be for a venue of the topic's.
All reports are written for these tests."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.app import App
from bot.chat import ChatRef
from bot.feeds.parse import Entry
from bot.ingest.analysis import Analyser, FeedRef, Prepared
from bot.news.learnt_venues import HELD, learnt_venues, names_one
from bot.news.matcher import build_matchers
from bot.records import PlaceRef, ReadingRecord
from config.topics import load_topics
from storage import Storage
from tests.helpers.feeds import rss
from tests.helpers.transports import RecordingTransport

LAUSANNE = PlaceRef("gn:2659994", "Lausanne", "city", "CH")
SWITZERLAND = PlaceRef("cc:CH", "Switzerland", "country", "CH")
BAKU = PlaceRef("gn:587084", "Baku", "city", "AZ")
CHAT = ChatRef("test", "newsroom")


def said(outlet: str, state: str, venue: PlaceRef | None = LAUSANNE, official: bool = False) -> ReadingRecord:
    return ReadingRecord(
        topic="iran-usa",
        kind="round",
        outlet=outlet,
        official=official,
        published=0.0,
        state=state,
        venue=venue,
    )


def learnt_from(storage, readings: list[ReadingRecord]) -> tuple[PlaceRef, ...]:
    storage.readings.replace("iran-usa", readings)
    return learnt_venues(storage.readings.venues_reported("iran-usa", sorted(HELD)))


def test_a_venue_is_learnt_from_two_outlets_or_one_official_source(database):
    storage = Storage.open(database)
    try:
        assert learnt_from(storage, [said("A", "under_way")]) == ()
        assert learnt_from(storage, [said("A", "under_way"), said("A", "held")]) == ()  # one outlet twice
        assert learnt_from(storage, [said("A", "under_way"), said("B", "held")]) == (LAUSANNE,)
        assert learnt_from(storage, [said("M", "held", official=True)]) == (LAUSANNE,)
        # Announced, postponed or cancelled there: no talks were held there (yet).
        assert learnt_from(storage, [said("A", "announced"), said("B", "cancelled")]) == ()
        assert learnt_from(storage, [said("A", "under_way", None), said("B", "under_way", None)]) == ()
    finally:
        storage.close()


def test_a_place_that_holds_or_lies_in_a_learnt_venue_names_it():
    assert names_one([None, SWITZERLAND], [LAUSANNE]) == SWITZERLAND  # "talks in Switzerland"
    assert names_one([LAUSANNE], [SWITZERLAND]) == LAUSANNE
    assert names_one([BAKU], [LAUSANNE]) is None
    assert names_one([None], [LAUSANNE]) is None


def test_the_topics_own_places_keep_their_weight():
    # Geneva is in the topic file at half a venue's weight: talks learnt to be held there do
    # not make one side and the talks in Geneva relevant; Lausanne, not listed, does.
    analyser = Analyser(build_matchers({"iran-usa": load_topics()["iran-usa"]}))
    geneva = PlaceRef("geneva", "Geneva", "city", "CH")
    feed = FeedRef(1, "https://desk.example/feed", "Desk", "de")

    def relevant(title: str, learnt: list[PlaceRef]) -> bool:
        entry = Entry(title, "", "https://desk.example/1", "1", 0.0, "de")
        analysis = analyser.analyse(Prepared(entry, ("1",), None, 0.0), feed, lambda topic: learnt)
        return dict(analysis.results)["iran-usa"].relevant

    assert not relevant("Iran-Gespräche in Genf gehen weiter", [geneva])
    assert not relevant("Iran-Gespräche in Genf gehen weiter", [SWITZERLAND])
    assert relevant("Iran-Gespräche in Lausanne gehen weiter", [LAUSANNE])
    assert relevant("Iran-Gespräche in Lausanne gehen weiter", [SWITZERLAND])


def item(guid: str, title: str, summary: str, hour: int) -> dict:
    moment = dt.datetime(2026, 3, 16, hour, tzinfo=dt.UTC)
    return {
        "title": title,
        "summary": summary,
        "guid": guid,
        "link": f"https://outlet.example/{guid}",
        "date": moment.strftime("%a, %d %b %Y %H:%M:%S GMT"),
    }


UNDER_WAY = [
    item(
        "w1",
        "Iran and US hold a new round of talks in Lausanne",
        "Araghchi and Witkoff met on Monday in the Swiss city.",
        8,
    ),
    item(
        "a1",
        "Iran-US talks under way in Lausanne",
        "Delegations of Iran and the United States began a new round in Lausanne on Monday.",
        9,
    ),
]
ONE_PARTY = [
    item(
        "d1",
        "Iran-Verhandlungen: Große Runde in Lausanne",
        "In Lausanne kamen am Montag die Delegationen zu weiteren Gesprächen zusammen.",
        10,
    ),
    item("d2", "Iran talks in Baku enter a second day", "Delegations met again in Baku on Monday.", 11),
]


@pytest.mark.parametrize("processes", [0, 1], ids=["ingest thread", "parser process"])
async def test_a_report_of_one_party_at_a_learnt_venue_is_alerted(feed_server, settings_for, processes):
    wire = feed_server.set("/wire.xml", body=rss([]))
    agency = feed_server.set("/agency.xml", body=rss([]))
    desk = feed_server.set("/desk.xml", body=rss([]))
    settings = dataclasses.replace(settings_for(wire, agency, desk), parse_processes=processes)
    transport = RecordingTransport()
    app = App.build(settings, [transport])
    try:
        app.service.follow(CHAT, "iran-usa")
        await app.poller.poll_once()  # prime the feeds
        # Before any report of talks in Lausanne, the one-party report is not relevant.
        feed_server.set("/desk.xml", body=rss([ONE_PARTY[0]]))
        await app.poller.poll_once(force=True)
        await app.sender.drain()
        assert transport.delivered == []
        # Two outlets report talks under way there: Lausanne is learnt, and the next
        # one-party report from there is alerted; one from Baku, where no talks were, is not.
        feed_server.set("/wire.xml", body=rss(UNDER_WAY[:1]))
        feed_server.set("/agency.xml", body=rss(UNDER_WAY[1:]))
        await app.poller.poll_once(force=True)
        feed_server.set("/desk.xml", body=rss([ONE_PARTY[0], *ONE_PARTY[1:], _again(ONE_PARTY[0])]))
        await app.poller.poll_once(force=True)
        await app.sender.drain()
        titles = [text.splitlines()[0] for _, text, _ in transport.delivered]
        assert "Iran-Verhandlungen: Große Runde in Lausanne (update)" in titles, titles
        assert not any("Baku" in t for t in titles), titles
        reason = app.storage.db.one(
            "SELECT m.reason FROM matches AS m JOIN items AS i ON i.id = m.item_id WHERE i.guid = 'd1-again'"
        )
        assert reason is not None and "venue Lausanne (learnt from reports)" in reason["reason"]
    finally:
        await app.aclose()


def _again(report: dict) -> dict:
    """The same outlet's follow-up from the same place, an hour later."""
    return {
        **report,
        "title": f"{report['title']} (update)",
        "guid": f"{report['guid']}-again",
        "link": f"{report['link']}-again",
        "date": report["date"].replace("10:00:00", "12:00:00"),
    }
