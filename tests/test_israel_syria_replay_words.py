"""What the israel-syria-2008 replay showed read wrong, in sentences written for these tests
and read by the real analyser for the iran-usa topic: a dateline of a report that leads
with a plan ("OSLO (Reuters) - ... agreed to hold more rounds in July"), or a dateline
with a day and no agency ("MUSCAT, May 3:"); an ambassador "in" a capital; the day of an
election beside talks frozen for it; a round "concluded" while the talks "continue"; talks
that begin the day the report is published; German "verlegt" with no place or day; Arabic
"أنهت" (concluded) against "الغير مباشرة" (indirect) and "تنفيذ" (carrying out); the talks
"so far"; French "tour de dialogue"; the next round's number in the lede; "Turkey" as the
press writes it; a side meeting the mediator about the talks "between" the two."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.gazetteer import _names_of_countries, gazetteer
from bot.news.textnorm import normalize
from bot.news.vocabulary import vocabulary
from tests.helpers.analysed import PLACES, readings

MONDAY = dt.date(2026, 3, 2)


def rounds(title: str, lang: str = "en", lede: str = "") -> list[tuple[object, ...]]:
    """(number, state, venue, first day, format) of each round the report, published on a
    Monday, is read as."""
    return [
        (r.number, r.state, r.venue.name if r.venue else None, r.date, r.format)
        for r in readings("Desk", title, MONDAY, lang, lede)
        if r.kind == "round"
    ]


def test_the_dateline_of_a_report_that_leads_with_a_plan_is_no_venue() -> None:
    lede = (
        "OSLO (Reuters) - Iran and the United States agreed this week to hold more rounds of indirect "
        "talks in April, Oman's foreign minister said on Sunday. Iran and the United States concluded "
        "a second round of indirect talks on Saturday and agreed to keep negotiating, officials said."
    )
    got = rounds("More US-Iran talks in April, says Oman", "en", lede)
    assert got and all(venue is None for _, _, venue, _, _ in got), got
    # The reporter's city is still where talks under way are.
    assert rounds("OSLO (Reuters) - Iran and the United States hold a second round of indirect talks") == [
        (2, "under_way", "Oslo", "2026-03-02", "indirect")
    ]


def test_a_dateline_with_a_day_and_no_agency_dates_no_meeting() -> None:
    title = "MUSCAT, March 1: Iran and the US will hold their next indirect talks in Oman later this month"
    assert [(state, day) for _, state, _, day, _ in rounds(title)] == [("announced", None)]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        (
            "fr",
            "L'ambassadeur iranien à Paris assure que les pourparlers indirects avec les Etats-Unis "
            "reprendront bientôt",
        ),
        ("en", "Iran's ambassador in Paris says the indirect talks with the United States will resume soon"),
    ],
)
def test_an_ambassador_in_a_capital_places_no_talks_there(lang: str, title: str) -> None:
    assert [venue for _, _, venue, _, _ in rounds(title, lang)] == [None]


def test_the_day_of_an_election_is_no_day_of_talks() -> None:
    title = (
        "Les négociations indirectes entre l'Iran et les Etats-Unis sont gelées à l'approche de "
        "l'élection présidentielle en Iran, prévue le 18 juin."
    )
    assert all(day is None for _, _, _, day, _ in rounds(title, "fr"))


def test_a_round_concluded_while_the_talks_continue_is_held() -> None:
    title = (
        "Iran and the United States concluded a second round of indirect talks on Saturday and agreed "
        "to continue the negotiations, officials said."
    )
    got = [(n, state) for n, state, _, _, _ in rounds(title)]
    # (The plan to go on, no day and no place, may be read beside it; no pause.)
    assert got[0] == (2, "held") and all(state != "paused" for _, state in got), got


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("de", "Iran und die USA wollen heute in Maskat die vierte Runde indirekter Gespräche einläuten"),
        ("en", "Iran and the US set to begin a fourth round of indirect talks in Muscat today"),
    ],
)
def test_talks_that_begin_the_day_of_the_report_are_under_way(lang: str, title: str) -> None:
    assert [(n, state, venue, day) for n, state, venue, day, _ in rounds(title, lang)] == [
        (4, "under_way", "Muscat", "2026-03-02")
    ]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # Today is when it was said, or when a delegation left: the talks are still to come.
        (
            "ar",
            "أعلن وزير الخارجية العماني اليوم الاثنين أن الجولة المقبلة من المحادثات "
            "بين إيران وأمريكا ستعقد في مسقط",
        ),
        (
            "ar",
            "غادر فريق التفاوض الإيراني برئاسة عراقجي طهران اليوم الاثنين متوجها إلى مسقط "
            "لمناقشة الملف النووي مع الولايات المتحدة",
        ),
        ("en", "Iran's negotiators left Tehran for Muscat today, ahead of the talks with the United States"),
        # Later that day: still to come.
        ("de", "Iran und die USA wollen heute Abend in Maskat die vierte Gesprächsrunde beginnen"),
    ],
)
def test_today_said_of_something_else_leaves_the_talks_ahead(lang: str, title: str) -> None:
    assert [state for _, state, _, _, _ in rounds(title, lang)] == ["announced"]


def test_german_talks_put_off_until_further_notice_are_postponed_with_no_day() -> None:
    lede = (
        "Die indirekten Gespräche zwischen Iran und den USA sind bis auf weiteres verschoben worden. "
        "Das teilte der iranische Außenminister Abbas Araghtschi am Mittwoch bei einem Treffen mit "
        "seinem spanischen Kollegen in Teheran mit."
    )
    assert [
        (state, day) for _, state, _, day, _ in rounds("Gespräche zwischen Iran und USA verlegt", "de", lede)
    ] == [("postponed", None)]


def test_arabic_concluded_is_an_end_and_indirect_is_no_cancellation() -> None:
    assert [
        (n, state)
        for n, state, _, _, _ in rounds("أنهت إيران والولايات المتحدة جولة ثالثة من المحادثات في مسقط", "ar")
    ] == [(3, "held")]
    words = vocabulary("ar")
    # "غير مباشرة" (indirect) with its article, and "تنفيذ" (carrying out): no "ألغى", no "تنفي".
    assert not words.state("cancelled").search(normalize("المفاوضات الغير مباشرة"))
    assert not words["denied"].search(normalize("بتنفيذ الاتفاق"))
    assert words.state("cancelled").search(normalize("ألغى الوزير الاجتماع"))
    assert words["denied"].search(normalize("تنفي طهران"))


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        (
            "en",
            "The talks so far have been held in a constructive atmosphere between Iran and the United "
            "States, Oman's minister said, adding that a fourth round will take place in Muscat "
            "in a few weeks.",
        ),
        (
            "fr",
            "Les pourparlers entre l'Iran et les Etats-Unis se sont déroulés jusqu'à présent dans un bon "
            "climat, a dit le ministre omanais, ajoutant qu'un quatrième tour de dialogue aura lieu "
            "à Mascate.",
        ),
    ],
)
def test_the_talks_so_far_are_no_meeting(lang: str, title: str) -> None:
    assert [(n, state, venue) for n, state, venue, _, _ in rounds(title, lang)] == [
        (4, "announced", "Muscat")
    ]


def test_the_next_rounds_number_may_come_from_the_lede_that_announces_it() -> None:
    lede = "Iran and the United States agreed to hold a fifth round of indirect talks in Oman in mid-April."
    title = "Next round of US-Iran talks to take place in April"
    assert [(n, state) for n, state, _, _, _ in rounds(title, "en", lede)] == [(5, "announced")]


def test_the_gazetteer_knows_a_country_by_the_name_the_press_writes() -> None:
    # CLDR's English name is "Türkiye"; GeoNames still says "Turkey", as the press does.
    names = {place.country: list(spelled) for place, spelled in _names_of_countries()}
    assert "Turkey" in names["TR"] and "Türkiye" in names["TR"] and "Ivory Coast" in names["CI"]
    assert [p.country for p in gazetteer().lookup("turkey") if p.kind == "country"] == ["TR"]
    assert [p.country for p in gazetteer().lookup("ivory coast") if p.kind == "country"] == ["CI"]
    said = PLACES.read("Iran and the United States will hold talks in Turkey next week", vocabulary("en"))
    assert said.venue is not None and said.venue.country == "TR"


def test_a_side_meeting_the_mediator_about_the_talks_between_the_two_is_no_round() -> None:
    title = (
        "Araghchi met Oman's foreign minister Badr Albusaidi on Monday for talks that centered on the "
        "indirect negotiations between Iran and the United States"
    )
    assert [fmt for _, _, _, _, fmt in rounds(title)] == ["consultation"]
    # A meeting "between" those who meet is theirs.
    title = "Meeting between Araghchi, Albusaidi and Witkoff in Muscat on the indirect talks"
    assert [fmt for _, _, _, _, fmt in rounds(title)] != ["consultation"]
