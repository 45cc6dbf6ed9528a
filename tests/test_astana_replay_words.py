"""Places the astana-2018 replay showed read wrong, in sentences written for these tests and
read by the real analyser for the iran-usa topic: the country an envoy is "special" for
(Arabic "المبعوث الخاص بسوريا": the envoy for Syria, no talks in Syria), and the place a
meeting to come "will be held in" against the place of meetings before it ("like those
held in Muscat", "sur le modèle de celles tenues à Mascate")."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.analysed import readings

MONDAY = dt.date(2026, 3, 2)


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
