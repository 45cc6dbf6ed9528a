"""When a round is over, as the lebanon-israel-2020 replay showed it: a round told concluded
after its last day, a resumption reported the day after beside a report that the day's
meeting ended, and a relative clause of beginning ("which began on Tuesday") that is no
state of its own. Reports written for these tests, read by the real analyser for the
iran-usa topic."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.timeline import build
from tests.helpers.analysed import BASELINE, readings

TUESDAY = dt.date(2026, 3, 3)
WEDNESDAY = TUESDAY + dt.timedelta(days=1)
THURSDAY = TUESDAY + dt.timedelta(days=2)


def latest_on(day: dt.date, reports: list[tuple[str, str, dt.date]]):
    found = [r for outlet, title, published in reports for r in readings(outlet, title, published)]
    return build(BASELINE, found, day).latest


def test_a_round_told_concluded_after_its_last_day_is_over():
    reports = [
        ("A", "Iran and US begin second round of talks in Muscat", TUESDAY),
        ("B", "Iran and US envoys hold talks in Muscat", TUESDAY),
        ("A", "Iran-US talks in Muscat enter second day", WEDNESDAY),
        ("B", "Iran and US talks continue in Muscat for a second day", WEDNESDAY),
        ("C", "Iran and US envoys resumed talks in Muscat on Wednesday", WEDNESDAY),
    ]
    going_on = latest_on(WEDNESDAY, reports)
    assert going_on is not None and (going_on.number, going_on.state) == (2, "under_way")
    # The day after, one outlet tells the round (by its first day) concluded.
    told = (
        "D",
        "Iran and US concluded the second round of talks, held on Tuesday and Wednesday in Muscat",
        THURSDAY,
    )
    over = latest_on(THURSDAY, [*reports, told])
    assert over is not None
    assert (over.number, over.date, over.end_date, over.state) == (2, "2026-03-03", "2026-03-04", "held")


def test_a_resumption_told_the_day_after_does_not_reopen_a_meeting_that_ended():
    reports = [
        ("A", "Iran and US resume talks in Muscat after a five-month pause", TUESDAY),
        ("B", "Iran-US talks in Muscat ended after five hours", TUESDAY),
        ("C", "Iran and US resumed talks in Muscat on Tuesday after a five-month pause", WEDNESDAY),
        ("D", "Talks between Iran and the US resumed in Muscat on Tuesday", WEDNESDAY),
    ]
    latest = latest_on(WEDNESDAY, reports)
    assert latest is not None and (latest.date, latest.state) == ("2026-03-03", "held")
    # Told again going on, on a day of its own, it is.
    again = ("E", "Iran-US talks in Muscat enter a second day", WEDNESDAY)
    latest = latest_on(WEDNESDAY, [*reports, again])
    assert latest is not None and latest.state == "under_way"


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        (
            "en",
            "Talks between Iran and the US in Muscat, which began on Tuesday morning, ended by noon",
        ),
        (
            "fr",
            "Le round de pourparlers entre l'Iran et les États-Unis à Mascate, qui avait débuté mardi matin,"
            " a pris fin cet après-midi",
        ),
        ("fr", "Fin du deuxième round de pourparlers entre l'Iran et les États-Unis à Mascate"),
        ("ar", "جولة المحادثات بين إيران والولايات المتحدة التي بدأت صباح الثلاثاء في مسقط انتهت بعد الظهر"),
    ],
)
def test_a_clause_of_beginning_is_no_state_the_end_is(lang, title):
    found = [r for r in readings("Desk", title, TUESDAY, lang) if r.kind == "round"]
    assert found and found[0].state == "held", found
