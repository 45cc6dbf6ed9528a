"""Words the yemen-2015 replay showed read wrong, in sentences written for these tests and
read by the real analyser for the iran-usa topic: a headline's "talks open in" (not "keeps
the door to talks open"); a day and month with no year, announced in December for January;
a round a sentence leaves unsettled ("no agreement on a date for a second round"), whose
number is not the number of the talks just ended; a delegation that "plans to leave the
negotiations" on Saturday (no meeting then)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.analysed import readings

MONDAY = dt.date(2026, 3, 2)


def read(
    title: str, lang: str = "en", lede: str = "", day: dt.date = MONDAY
) -> list[tuple[str | None, int | None, str | None]]:
    """(state, number, first day) of each round the report, published on ``day``, is read as."""
    return [
        (r.state, r.number, r.date) for r in readings("Desk", title, day, lang, lede) if r.kind == "round"
    ]


def test_talks_that_open_in_a_city_are_under_way_and_a_door_left_open_is_no_meeting() -> None:
    assert read("Iran-US talks open in Muscat") == [("under_way", None, "2026-03-02")]
    assert read("Indirect Iran-US negotiations open in Oman") == [("under_way", None, "2026-03-02")]
    assert read("Iran keeps the door to talks with the US open, Araghchi says") == []
    assert read("Iran is open to talks with the US in Muscat, Araghchi says") == []


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Iran and the US will resume talks on January 14, Oman says"),
        ("de", "Iran und die USA wollen die Gespräche am 14. Jänner fortsetzen"),
        ("fr", "L'Iran et les États-Unis reprendront les pourparlers le 14 janvier"),
    ],
)
def test_a_january_day_announced_in_december_is_next_years(lang: str, title: str) -> None:
    december = dt.date(2025, 12, 20)
    assert [day for _, _, day in read(title, lang, day=december)] == ["2026-01-14"]


@pytest.mark.parametrize(
    ("lang", "title", "lede"),
    [
        (
            "ar",
            "انتهت المحادثات الإيرانية الأمريكية في مسقط دون التوصل إلى اتفاق",
            "وقال عراقجي: لا اتفاق على موعد جديد لجولة ثانية من المحادثات.",
        ),
        (
            "en",
            "Iran-US talks end in Muscat without agreement",
            "No date has been set for a second round, Araghchi said.",
        ),
    ],
)
def test_a_round_left_unsettled_lends_no_number_to_the_talks_just_ended(
    lang: str, title: str, lede: str
) -> None:
    assert read(title, lang, lede) == [("held", None, "2026-03-02")]


def test_a_delegation_that_plans_to_leave_the_negotiations_announces_no_meeting() -> None:
    lede = (
        "Araghchi said on Monday that his delegation plans to leave the negotiations in Muscat "
        "and return to Tehran on Saturday."
    )
    assert [state for state, _, _ in read("Iran-US talks in Muscat collapse", "en", lede)] == []
