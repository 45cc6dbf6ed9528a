"""Talks revealed weeks later, with their month but not their day ("US and Iranian envoys
held indirect talks in Oman in March"): a round known by its month, placed where that
month falls in the series, shown as "Mar 2026"; a later report that gives the day dates
that round, and reports of a round already known neither move nor double it. Reports
written for these tests, read by the real analyser."""

from __future__ import annotations

import datetime as dt
import json

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
