"""Talks first told a week later, by their week but not their day ("the Taliban confirmed
on Monday that talks with US officials were held in Qatar last week"): a round known by
its week, shown as "week of 23 Feb 2026"; a later report that gives the day dates that
round, and a report of a round already known neither moves nor doubles it. The week is
the one before the report's, as the report's language counts weeks (from Saturday in
Persian). Reports written for these tests, read by the real analyser."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.rounds import read
from bot.news.status import build_timeline, round_view
from bot.news.timeline import build
from bot.render.markup import render_plain
from bot.render.status import timeline_document
from tests.helpers.analysed import BASELINE, PLACES, TOPIC, readings

TUESDAY = dt.date(2026, 3, 3)


REVEALED = [
    *readings(
        "Desk", "Iran and US officials held talks in Geneva last week, Tehran confirmed on Monday", TUESDAY
    ),
    *readings("Wire", "Iran und die USA haben vergangene Woche in Genf verhandelt", TUESDAY, "de"),
]


@pytest.mark.parametrize(
    ("lang", "text", "week"),
    [
        ("en", "Iran and the US held talks in Geneva last week, officials said", "2026-02-23"),
        # The day it was confirmed is this week's: the talks are last week's all the same.
        (
            "de",
            "Teheran bestätigte am Montag, dass vergangene Woche Gespräche mit den USA in Genf stattfanden",
            "2026-02-23",
        ),
        (
            "fr",
            "L'Iran et les Etats-Unis ont tenu des pourparlers à Genève la semaine dernière",
            "2026-02-23",
        ),
        # A Persian week begins on Saturday: last week, told on Tuesday 3 March, began on 21 February.
        ("fa", "ایران و آمریکا هفته گذشته در ژنو مذاکره کردند و مذاکرات به پایان رسید", "2026-02-21"),
        ("ar", "عقدت إيران والولايات المتحدة محادثات في جنيف الأسبوع الماضي", "2026-02-22"),
    ],
)
def test_talks_held_last_week_are_dated_by_that_week(lang, text, week):
    moment = dt.datetime.combine(TUESDAY, dt.time(9), dt.UTC).timestamp()
    rounds = read(text, moment, official=False, outlet="x", lang=lang, places=PLACES).rounds
    assert rounds and rounds[0].state == "held", rounds
    assert (rounds[0].date, rounds[0].dated, rounds[0].retrospective) == (week, "week", False)


def test_a_round_revealed_a_week_later_is_known_by_its_week():
    timeline = build(BASELINE, REVEALED)
    latest = timeline.latest
    assert latest is not None and (latest.number, latest.venue.name if latest.venue else None) == (
        2,
        "Geneva",
    )
    shown = round_view(TOPIC, latest).to_json()
    assert (shown["date"], shown["end_date"], shown["known_by"]) == ("2026-02-23", "2026-03-01", "week")
    text = render_plain(timeline_document(build_timeline(TOPIC, timeline, REVEALED)))
    assert "Round 2 (2026 series) · week of 23 Feb 2026 · Geneva" in text, text


def test_the_day_a_later_report_gives_dates_that_round():
    later = readings(
        "Paper", "Iran and US held talks in Geneva on 25 February, the paper reveals", dt.date(2026, 3, 5)
    )
    timeline = build(BASELINE, [*REVEALED, *later])
    rounds = [(m.number, m.date, m.venue.name if m.venue else None) for m in timeline.meetings if m.number]
    assert rounds == [(1, "2026-02-06", "Muscat"), (2, "2026-02-25", "Geneva")]
    assert timeline.latest is not None and timeline.latest.known_by == "day"


def test_a_report_of_a_round_already_known_neither_moves_nor_doubles_it():
    known = [
        *readings("Desk", "Iran and US begin talks in Geneva", dt.date(2026, 2, 25)),
        *readings("Wire", "Iran-US talks in Geneva end", dt.date(2026, 2, 25)),
    ]
    timeline = build(BASELINE, [*known, *REVEALED])
    rounds = [(m.number, m.date, m.venue.name if m.venue else None) for m in timeline.meetings if m.number]
    assert rounds == [(1, "2026-02-06", "Muscat"), (2, "2026-02-25", "Geneva")]
