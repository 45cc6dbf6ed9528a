"""Talks of others are no round of the topic's: one side at the table with someone the
topic does not seat there ("talks between Iran and Saudi Arabia", "talks with the IAEA"),
and a summit or conference of many ("leaders hold Baghdad summit"). The iran-saudi-2021
replay showed both: the Saudi-Houthi talks in Sanaa and the Baghdad summit of August 2021
opened rounds of the Iran-Saudi talks. Reports written for these tests, read by the real
analyser for the iran-usa topic (which lists Saudi Arabia, Qatar and the IAEA as others)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.timeline import build
from tests.helpers.analysed import BASELINE, readings

DAY = dt.date(2026, 3, 3)  # a Tuesday


def rounds_read(title: str, lang: str = "en", summary: str = "") -> list[tuple[str | None, str | None]]:
    return [
        (r.state, r.venue.name if r.venue else None)
        for r in readings("Desk", title, DAY, lang, summary)
        if r.kind == "round"
    ]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Talks between Iran and Saudi Arabia resumed in Baghdad on Monday, as the US watches"),
        ("en", "Iran held talks with the IAEA in Vienna on Monday amid stalled US diplomacy"),
        ("de", "Gespräche zwischen Iran und Saudi-Arabien in Bagdad begonnen, während die USA zuschauen"),
        (
            "fr",
            "Les pourparlers entre l'Iran et l'Arabie saoudite ont repris lundi à Bagdad, "
            "sous l'œil des Etats-Unis",
        ),
        ("fa", "مذاکرات میان ایران و عربستان در بغداد آغاز شد و آمریکا نظاره‌گر است"),
        ("ar", "انطلاق المحادثات بين إيران والسعودية في بغداد والولايات المتحدة تراقب"),
        ("ar", "عقدت إيران محادثات مع قطر في الدوحة بينما تتعثر المفاوضات مع الولايات المتحدة"),
        ("en", "Iran's foreign minister held talks with his Saudi counterpart in Jeddah as US talks stall"),
    ],
)
def test_talks_of_one_side_with_someone_else_open_no_round(lang, title):
    assert rounds_read(title, lang) == []


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Talks between Iran and the United States resumed in Muscat on Monday"),
        ("en", "Iran holds talks with the US in Muscat, with Oman mediating"),
        ("de", "Gespräche zwischen Iran und den USA in Maskat begonnen"),
        ("fr", "Les pourparlers entre l'Iran et les Etats-Unis ont repris lundi à Mascate"),
        ("fa", "مذاکرات میان ایران و آمریکا در مسقط آغاز شد"),
        ("ar", "انطلاق المحادثات بين إيران والولايات المتحدة في مسقط"),
        # One side named at length: the other is not named, nobody else is.
        (
            "en",
            "Talks between Iran's deputy foreign minister for political affairs and the envoy "
            "began in Muscat on Monday, the US said",
        ),
    ],
)
def test_the_topics_own_talks_between_the_sides_still_are_a_round(lang, title):
    read = rounds_read(title, lang)
    assert read and read[0][1] == "Muscat", read


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Leaders of Iran, the US and Iraq's neighbours meet at a summit in Baghdad"),
        ("de", "Der Gipfel der Nachbarländer in Bagdad hat begonnen, mit Delegationen aus Iran und den USA"),
        (
            "fr",
            "Le sommet régional de Bagdad s'est ouvert lundi avec des délégations "
            "de l'Iran et des Etats-Unis",
        ),
        ("fa", "نشست سران کشورهای همسایه عراق با حضور ایران و آمریکا در بغداد آغاز شد"),
        ("ar", "انطلقت القمة في بغداد بحضور وفد إيران ووفد الولايات المتحدة"),
    ],
)
def test_a_summit_of_many_is_no_round(lang, title):
    assert rounds_read(title, lang) == []


@pytest.mark.parametrize(
    ("lang", "title", "state"),
    [
        # The sides' own summits (us-nk-2018): one of their series, or held with or between
        # them, is a meeting of the two; a summit of many still is none (above).
        ("en", "Trump and Pezeshkian will hold a second summit in Muscat on Friday", "announced"),
        ("en", "Trump says his summit with Pezeshkian will go ahead in Muscat on Friday", "announced"),
        ("de", "Zweites Gipfeltreffen zwischen Trump und Peseschkian in Maskat begonnen", "under_way"),
        (
            "fr",
            "Le second sommet entre Donald Trump et Massoud Pezeshkian se tiendra à Mascate vendredi",
            "announced",
        ),
        ("ar", "انطلقت القمة الثانية بين ترامب وبزشكيان في مسقط", "under_way"),
    ],
)
def test_a_summit_of_the_two_sides_is_their_meeting(lang, title, state):
    read = rounds_read(title, lang)
    assert read and read[0] == (state, "Muscat"), read


def test_the_sides_meeting_on_the_sidelines_of_a_summit_is_a_meeting():
    read = rounds_read("Araghchi and Witkoff met on the sidelines of the Baghdad summit on Monday")
    assert read and read[0][1] == "Baghdad", read


def test_a_week_of_others_talks_leaves_status_on_the_topics_round():
    # Each reported by two outlets: a round of the topic's, were they the sides' talks.
    reports = [
        *readings("Desk", "Talks between Iran and Saudi Arabia began in Baghdad on Monday", DAY),
        *readings("Wire", "Gespräche zwischen Iran und Saudi-Arabien in Bagdad begonnen", DAY, "de"),
        *readings("Paper", "Leaders of Iran, the US and Iraq's neighbours meet at a summit in Baghdad", DAY),
        *readings("Radio", "انطلقت القمة في بغداد بحضور وفد إيران ووفد الولايات المتحدة", DAY, "ar"),
    ]
    latest = build(BASELINE, reports).latest
    assert latest is not None and (latest.number, latest.venue.name if latest.venue else None) == (
        1,
        "Muscat",
    )


TOPIC_WITH_A_GROUP = """
id = "alpha-beta"
name = "Alpha-Beta talks"
description = "Talks of Alpha and Beta, written for a test."
help = "Alpha-Beta talks."

[[sides]]
id = "alpha"
label = "Alpha"
role = "party"

[[sides]]
id = "beta"
label = "Beta"
role = "party"

[[sides]]
id = "others"
label = "Also present"
role = "other"

[[actors]]
id = "alpha"
name = "Alpha"
kind = "country"
side = "alpha"
aliases = ["Alpha"]

[[actors]]
id = "beta"
name = "Beta"
kind = "country"
side = "beta"
aliases = ["Beta"]

[[actors]]
id = "contact-group"
name = "Contact Group"
kind = "institution"
role = "A group that Beta sits in (the file does not say so)"
side = "others"
aliases = ["Contact Group"]

[[actors]]
id = "gammaland"
name = "Gammaland"
kind = "country"
side = "others"
aliases = ["Gammaland"]

[terms]
talks = ["talks"]
"""


def test_an_institution_named_with_one_side_may_seat_the_other(tmp_path):
    # A group or body listed as "also present" may be the other side's format (the P5+1 in
    # a topic file that does not say it stands for the US side): its talks with one side
    # are not taken for others' talks. A country that is no side's is someone else.
    from bot.feeds.parse import Entry
    from bot.ingest.analysis import Analyser, FeedRef, Prepared
    from bot.news.matcher import build_matchers
    from config.topics import load_topic

    path = tmp_path / "alpha-beta.toml"
    path.write_text(TOPIC_WITH_A_GROUP, "utf-8")
    topic = load_topic(path)
    analyser = Analyser(build_matchers({topic.id: topic}))
    moment = dt.datetime.combine(DAY, dt.time(9), dt.UTC).timestamp()

    def states(title: str) -> list[str | None]:
        entry = Entry(title, "", f"https://x.example/{hash(title)}", title, moment, "en")
        analysis = analyser.analyse(Prepared(entry, (title,), None, moment), FeedRef(1, "u", "Desk", "en"))
        return [r.state for r in analysis.views[topic.id].reading.rounds]

    assert states("Talks between Alpha and the Contact Group resumed in Geneva on Monday, Beta said") == [
        "under_way"
    ]
    assert states("Talks between Alpha and Gammaland resumed in Geneva on Monday, Beta said") == []
