"""What the astana-2018 replay showed read wrong, in sentences written for these tests and
read by the real analyser for the iran-usa topic (or the replay's topic, where its names
matter): the country an envoy is "special" for (Arabic "المبعوث الخاص بسوريا": the envoy
for Syria, no talks in Syria); the place a meeting to come "will be held in" against the
place of meetings before it ("like those held in Muscat", "sur le modèle de celles tenues
à Mascate"); a place in the talks' own name ("the Astana talks" held in Sochi); what the
talks are about ("the crisis in Syria", "un règlement pacifique en Syrie"); a day announced
with no year, months gone (next year's); "next … talks" (a meeting to come); French
"a démarré" (under way) and "se déroulera" (to come)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.places import PlaceReader
from bot.news.vocabulary import vocabulary
from config.topics import load_topic
from tests.helpers.analysed import PLACES, readings
from tests.helpers.replay import REPLAYS

MONDAY = dt.date(2026, 3, 2)
# The replay's topic, whose names hold places ("the Astana talks", "Regierung in Damaskus").
ASTANA = PlaceReader(load_topic(REPLAYS / "astana-2018" / "topics" / "astana-2018.toml"))


def venues(title: str, lang: str, lede: str = "") -> list[tuple[str | None, str | None]]:
    """(state, venue) of each round the report, published on a Monday, is read as."""
    return [
        (r.state, r.venue.name if r.venue else None)
        for r in readings("Desk", title, MONDAY, lang, lede)
        if r.kind == "round"
    ]


def test_the_country_an_envoy_is_special_for_is_no_venue() -> None:
    title = (
        "وصل المبعوث الأممي الخاص بسوريا إلى مسقط لحضور جولة المحادثات الإيرانية الأمريكية التي تبدأ اليوم"
    )
    assert venues(title, "ar") == [("under_way", "Muscat")]


@pytest.mark.parametrize(
    ("lang", "title", "venue"),
    [
        (
            "fr",
            "La prochaine réunion de l'Iran et des États-Unis, sur le modèle de celles tenues à Mascate, "
            "se tiendra à Genève le 30 mars",
            "Geneva",
        ),
        (
            "en",
            "The next round of Iran-US talks, like those held in Muscat, will be held in Rome on March 30",
            "Rome",
        ),
    ],
)
def test_a_meeting_to_come_is_where_it_will_be_held_not_where_others_were(
    lang: str, title: str, venue: str
) -> None:
    assert venues(title, lang) == [("announced", venue)]


@pytest.mark.parametrize(
    ("lang", "text", "venue"),
    [
        ("en", "The next meeting of the Astana talks will be held in Sochi in July", "Sochi"),
        ("en", "The ninth round of the Astana talks opened on Monday", "Astana"),
        ("de", "Die Regierung in Damaskus schickt eine Delegation nach Sotschi", "Sochi"),
    ],
)
def test_a_place_in_the_name_of_an_actor_is_the_venue_only_when_no_other_is(
    lang: str, text: str, venue: str
) -> None:
    """The replay's topic names the format "the Astana talks" (and the government "in
    Damaskus"): the city in the name is where the talks are only when no other place is."""
    said = ASTANA.read(text, vocabulary(lang))
    assert said.venue is not None and said.venue.name == venue


@pytest.mark.parametrize(
    ("lang", "text", "venue"),
    [
        ("en", "Iran and the US discuss the war in Yemen at talks in Muscat", "Muscat"),
        ("en", "Iran and the US hold talks on the crisis in Syria", None),
        ("fr", "L'Iran et les États-Unis négocient un règlement pacifique en Syrie", None),
        ("de", "Iran und die USA sprechen über die Lage in Syrien", None),
        ("fa", "مذاکرات ایران و آمریکا درباره بحران در سوریه", None),
        ("ar", "محادثات إيرانية أمريكية حول تسوية الأزمة في سورية", None),
        # Talks named for what they are about are held where they are said to be.
        ("en", "Pakistan to host the first round of US-Iran ceasefire talks in Islamabad", "Islamabad"),
        ("fr", "La crise politique en Syrie au menu", None),
    ],
)
def test_the_place_the_talks_are_about_is_not_where_they_are(lang: str, text: str, venue: str | None) -> None:
    said = PLACES.read(text, vocabulary(lang))
    assert (said.venue.name if said.venue else None) == venue


def test_a_day_announced_with_no_year_months_gone_is_next_years() -> None:
    november = dt.date(2026, 11, 20)
    title = "The next round of Iran-US talks will be held in Muscat on February 3"
    assert [(r.state, r.date) for r in readings("Desk", title, november) if r.kind == "round"] == [
        ("announced", "2027-02-03")
    ]
    # A year written is the year meant, even one gone ("a round set for 3 February 2026").
    title = "The round of Iran-US talks set for February 3, 2026 will be held in Muscat"
    assert [r.date for r in readings("Desk", title, november) if r.kind == "round"] == ["2026-02-03"]


def test_the_next_talks_are_a_meeting_to_come() -> None:
    (reading,) = [
        r for r in readings("Desk", "Next Iran-US talks to be held in Muscat", MONDAY) if r.kind == "round"
    ]
    assert (reading.state, reading.new_round) == ("announced", True)


@pytest.mark.parametrize(
    ("title", "state", "day"),
    [
        # Told on Thursday: the round began on Wednesday (not next Wednesday).
        (
            "Le 3e round des pourparlers entre l'Iran et les États-Unis a démarré mercredi",
            "under_way",
            "2026-03-04",
        ),
        (
            "Le 3e round des pourparlers entre l'Iran et les États-Unis se déroulera à Mascate",
            "announced",
            None,
        ),
    ],
)
def test_french_talks_that_have_started_or_will_take_place(title: str, state: str, day: str | None) -> None:
    thursday = MONDAY + dt.timedelta(days=3)
    got = [(r.state, r.date) for r in readings("Desk", title, thursday, "fr") if r.kind == "round"]
    assert got == [(state, day)]


def test_a_city_preparing_to_host_talks_set_for_tomorrow_announces_them() -> None:
    """Arabic "تستعد مسقط لاستضافة" (prepares to host: no talks hosted yet), "المزمع" (set
    for), "يوم غد" (tomorrow), told on a Wednesday."""
    wednesday = MONDAY + dt.timedelta(days=2)
    title = "تستعد مسقط لاستضافة المحادثات الإيرانية الأمريكية المزمع انطلاقها يوم غد"
    got = [(r.state, r.date) for r in readings("Desk", title, wednesday, "ar") if r.kind == "round"]
    assert got == [("announced", "2026-03-05")]
    # "المزمع عقدها": talks set to be held, with no day.
    title = "المحادثات الإيرانية الأمريكية المزمع عقدها في مسقط"
    assert [
        (r.state, r.venue.name if r.venue else None) for r in readings("Desk", title, wednesday, "ar")
    ] == [("announced", "Muscat")]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "L'Iran et les États-Unis, avec les autres pays garants en Syrie, reprennent les pourparlers"),
        ("en", "Iran and the US, with the other guarantors in Syria, resume their talks"),
        (
            "de",
            "Iran und die USA, mit den übrigen Garantiemächten in Syrien, nehmen die Gespräche wieder auf",
        ),
    ],
)
def test_where_guarantors_guarantee_a_truce_is_no_venue(lang: str, text: str) -> None:
    assert PLACES.read(text, vocabulary(lang)).venue is None


def test_an_agreement_on_holding_the_next_meeting_told_with_the_round_that_agreed_it() -> None:
    """The headline's meeting to come and the lede's round held are two meetings."""
    title = "Iran and the US reached an agreement on holding the next high-level meeting in Muscat in July"
    lede = "The decision came during the third round of Iran-US talks, held in Geneva."
    got = [
        (r.state, r.venue.name if r.venue else None, r.number)
        for r in readings("Desk", title, MONDAY, "en", lede)
    ]
    assert sorted(got, key=str) == [("announced", "Muscat", None), ("held", "Geneva", 3)]
