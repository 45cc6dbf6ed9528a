"""A mediator's meeting with one side is no round: "Al-Busaidi received Araghchi in
Muscat" is read as the mediator's consultations (reports written for these tests), and
/timeline names it so; a report of both sides at the table is a round as before, and so
are talks one side and the mediator call indirect, and the next round one side announces
with the mediator named."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.feeds.parse import Entry
from bot.ingest.analysis import Analyser, FeedRef, Prepared
from bot.ingest.ingestor import records
from bot.news.matcher import build_matchers
from bot.news.rounds import Reading
from bot.news.status import build_timeline
from bot.news.timeline import Baseline, build
from bot.records import PlaceRef, ReadingRecord
from bot.render.markup import render_plain
from bot.render.status import timeline_document
from bot.web.drawing import draw_timeline
from config.topics import load_topics

TOPIC = load_topics()["iran-usa"]
ANALYSER = Analyser(build_matchers({TOPIC.id: TOPIC}))
FEB_20 = dt.datetime(2026, 2, 20, 9, tzinfo=dt.UTC).timestamp()


BASELINE = (Baseline("2026", 1, dt.date(2026, 2, 6), PlaceRef("muscat", "Muscat", "city", "OM"), "held"),)


def _reading(outlet: str, title: str) -> Reading:
    """What the analyser reads in one report, an English headline published on 20 February."""
    entry = Entry(title, "", f"https://{outlet}.example/{hash(title)}", title, FEB_20, "en")
    analysis = ANALYSER.analyse(Prepared(entry, (title,), None, FEB_20), FeedRef(1, "u", outlet, "en"))
    return analysis.views[TOPIC.id].reading


def formats(title: str) -> list[str | None]:
    return [r.format for r in _reading("Desk", title).rounds]


def stored(*told: tuple[str, str]) -> list[ReadingRecord]:
    """The readings stored for each (outlet, headline)."""
    return [r for outlet, title in told for r in records(TOPIC.id, _reading(outlet, title))]


@pytest.mark.parametrize(
    ("title", "consultation"),
    [
        ("Al-Busaidi and Araghchi hold talks in Muscat on the nuclear file", True),
        ("Al-Busaidi and Witkoff hold talks in Muscat on the nuclear programme", True),
        ("Araghchi and Witkoff hold talks in Muscat, with Al-Busaidi mediating", False),
        # A meeting with the mediator about a round: still no round of the sides.
        ("Al-Busaidi and Araghchi hold talks in Muscat on the third round", True),
        # The sides' round to come, told by one side with the mediator named.
        ("Araghchi says the next round of talks will be held in Rome on Saturday, Oman mediating", False),
        ("Araghchi says Al-Busaidi will host the fourth round of talks in Muscat on Sunday", False),
        ("Araghchi: indirect talks through Oman go ahead in Muscat", False),
        # The sides' round told ended, with one side and the mediator's country named.
        ("Araghchi says the third round of talks ended in Muscat, Al-Busaidi thanked", False),
    ],
)
def test_a_mediator_with_one_side_is_read_as_consultations(title: str, consultation: bool) -> None:
    got = formats(title)
    assert got, title
    assert (got[0] == "consultation") == consultation


def test_timeline_names_the_consultations_and_numbers_no_round() -> None:
    readings = stored(
        ("Desk", "Al-Busaidi and Araghchi hold talks in Muscat on the nuclear file"),
        ("Wire", "Araghchi holds talks with Al-Busaidi in Muscat on the nuclear file"),
    )
    timeline = build(BASELINE, readings)
    assert timeline.latest is not None and timeline.latest.number == 1
    view = build_timeline(TOPIC, timeline, readings)
    text = render_plain(timeline_document(view))
    assert "Consultations with the mediator (2026 series) · 20 Feb 2026 · Muscat" in text, text
    # The web page's drawing names it the same way.
    assert "Consultations with the mediator · Muscat" in draw_timeline(view)


def test_indirect_talks_told_by_one_side_and_the_mediator_are_a_round() -> None:
    # Both reports name Iran and Oman alone; the talks are indirect, so the sides' round.
    readings = stored(
        ("Desk", "Araghchi: indirect talks through Oman go ahead in Muscat"),
        ("Wire", "Indirect talks mediated by Al-Busaidi begin in Muscat, Araghchi says"),
    )
    latest = build(BASELINE, readings).latest
    assert latest is not None
    got = (latest.number, latest.date, latest.state, latest.technical)
    assert got == (2, "2026-02-20", "under_way", False)
