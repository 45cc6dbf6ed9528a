"""Talks revealed weeks later, with their month but not their day ("US and Iranian envoys
held indirect talks in Oman in March"): a round known by its month, placed where that
month falls in the series, shown as "Mar 2026"; a later report that gives the day dates
that round, and reports of a round already known neither move nor double it. Reports
written for these tests, read by the real analyser."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.news.status import build_timeline, round_view
from bot.news.timeline import build
from bot.render.markup import render_plain
from bot.render.status import timeline_document
from tests.helpers.analysed import BASELINE, TOPIC, readings

APRIL_14 = dt.date(2026, 4, 14)
REVEALED = [
    *readings("Desk", "Report: US and Iranian envoys held indirect talks in Oman in March", APRIL_14),
    *readings("Wire", "Iran and the US held secret indirect talks in Oman in March, sources say", APRIL_14),
]


def test_a_round_revealed_later_is_known_by_its_month():
    timeline = build(BASELINE, REVEALED)
    latest = timeline.latest
    assert latest is not None and (latest.number, latest.venue.name if latest.venue else None) == (2, "Oman")
    view = round_view(TOPIC, latest)
    assert view.to_json()["date"] == "2026-03"
    text = render_plain(timeline_document(build_timeline(TOPIC, timeline, REVEALED)))
    assert "Round 2 (2026 series) · Mar 2026 · Oman" in text, text


def test_the_day_a_later_report_gives_dates_that_round():
    later = readings(
        "Paper", "US and Iran held talks in Muscat on 10 March, the paper reveals", dt.date(2026, 4, 17)
    )
    timeline = build(BASELINE, [*REVEALED, *later])
    rounds = [(m.number, m.date, m.venue.name if m.venue else None) for m in timeline.meetings if m.number]
    assert rounds == [(1, "2026-02-06", "Muscat"), (2, "2026-03-10", "Muscat")]
    assert timeline.latest is not None and timeline.latest.known_by == "day"
    assert json.loads(json.dumps(round_view(TOPIC, timeline.latest).to_json()))["date"] == "2026-03-10"


def test_reports_of_a_round_already_known_neither_move_nor_double_it():
    told = [
        *readings(
            "Desk", "US and Iranian envoys held indirect talks in Oman in February, a site reports", APRIL_14
        ),
        *readings("Wire", "Iran and the US held indirect talks in Oman in February, sources say", APRIL_14),
    ]
    timeline = build(BASELINE, told)
    rounds = [(m.number, m.date, m.venue.name if m.venue else None) for m in timeline.meetings if m.number]
    assert rounds == [(1, "2026-02-06", "Muscat")]


SINCE = [
    (
        "en",
        "US and Iranian delegations held talks in Islamabad",
        "The talks were the first since the war broke out in March.",
    ),
    (
        "de",
        "Delegationen der USA und Irans haben in Islamabad verhandelt",
        "Es waren die ersten Gespräche, seit der Krieg im März ausbrach.",
    ),
    (
        "fr",
        "Les délégations américaine et iranienne ont tenu des pourparlers à Islamabad",
        "Les premières discussions depuis que la guerre a éclaté en mars.",
    ),
    (
        "ar",
        "وفدا إيران والولايات المتحدة عقدا محادثات في إسلام آباد",
        "وهي أول محادثات منذ اندلاع الحرب في مارس.",
    ),
]


@pytest.mark.parametrize(("lang", "title", "lede"), SINCE, ids=[s[0] for s in SINCE])
def test_a_month_of_something_else_since_dates_no_meeting(lang: str, title: str, lede: str) -> None:
    # "The first talks since the war broke out in March": the meeting is of the days it is
    # reported, in April, not one of March.
    told = [
        *readings("Desk", title, APRIL_14, lang, lede),
        *readings("Wire", title + ".", APRIL_14, lang, lede),
    ]
    latest = build(BASELINE, told, APRIL_14).latest
    assert latest is not None and latest.number == 2 and latest.known_by == "day"
    assert latest.date is not None and latest.date.startswith("2026-04")
    assert latest.venue is not None and latest.venue.name == "Islamabad"


def test_pakistan_brokered_is_no_past_tense() -> None:
    # "Pakistan-brokered talks": an adjective, not a verb that puts the meeting in the past
    # (it would be dated by the month the lede names for the war).
    told = readings(
        "Desk",
        "US and Iranian delegations meet in Islamabad for Pakistan-brokered ceasefire talks",
        APRIL_14,
        "en",
        "The war broke out in March.",
    )
    assert [(r.state, r.date) for r in told if r.kind == "round"] == [("under_way", "2026-04-14")]
