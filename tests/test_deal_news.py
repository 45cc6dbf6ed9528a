"""News of the talks that is no meeting, as the lebanon-israel-2020 replay showed it: a
deal announced at no meeting the report names, a deal "struck" (no strike), talks that
"entered a new phase", a hope of "reaching an agreement"; and a plan that names no day,
place or number, which vouches for no meeting in particular. Reports written for these
tests, read by the real analyser for the iran-usa topic."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.timeline import build
from tests.helpers.analysed import BASELINE, readings

DAY = dt.date(2026, 3, 3)  # a Tuesday


def read_as(title: str, lang: str = "en") -> list[tuple[str, str | None, str | None]]:
    return [(r.kind, r.state, r.venue.name if r.venue else None) for r in readings("Desk", title, DAY, lang)]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Iran, US reach historic deal on nuclear programme"),
        (
            "en",
            "Iran has reached a historic agreement with the US after months of Omani-brokered negotiations",
        ),
        ("en", "Iran says 'historic' nuclear deal struck with US"),
        ("de", "Iran und die USA einigen sich auf ein Abkommen"),
        ("fr", "L'Iran et les États-Unis ont conclu un accord historique"),
        ("ar", "إيران والولايات المتحدة تتوصلان إلى اتفاق تاريخي"),
        # The talks in a new phase, a hope of reaching an agreement: no meeting either.
        ("en", "Talks between Iran and the US have entered a new phase"),
        ("fa", "مذاکرات ایران و آمریکا وارد فاز تازه ای شده است"),
        (
            "ar",
            "قال عراقجي إن المحادثات مع الجانب الأمريكي كانت ممتازة وإنه متفائل في الوصول إلى اتفاق",
        ),
    ],
)
def test_a_deal_announced_at_no_meeting_named_is_no_round_and_no_strike(lang, title):
    assert read_as(title, lang) == []


@pytest.mark.parametrize(
    ("title", "venue"),
    [
        ("Iran and US reach historic deal in Muscat", "Muscat"),
        ("Iran and US reached a nuclear deal at talks in Geneva", "Geneva"),
    ],
)
def test_a_deal_struck_at_a_meeting_named_is_that_meeting_held(title, venue):
    assert read_as(title) == [("round", "held", venue)]


def test_talks_expected_to_resume_next_week_are_announced():
    assert read_as("Iran, US expected to resume talks next week") == [("round", "announced", None)]


def test_a_plan_with_no_day_place_or_number_vouches_for_no_meeting():
    plan = readings("Wire", "Iran and US expected to resume talks, officials say", DAY)
    assert [(r.state, r.date, r.venue) for r in plan] == [("announced", None, None)]
    # The next week one outlet alone tells of a meeting in Geneva on Monday: no other names it.
    met = readings(
        "Paper", "Iran's deputy foreign minister met US officials in Geneva on Monday", DAY + dt.timedelta(8)
    )
    assert [(r.state, r.date) for r in met] == [("held", "2026-03-09")]
    timeline = build(BASELINE, plan + met)
    assert timeline.latest is not None and timeline.latest.number == 1
    assert timeline.unconfirmed is not None and timeline.unconfirmed.venue is not None
    assert timeline.unconfirmed.venue.name == "Geneva"
