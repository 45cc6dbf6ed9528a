"""What the lede tells of the headline's talks, and words that look back, as the
iran-saudi-2021 replay showed them: a headline in the present whose lede says the talks
took place (this month, or last week, said on a day written out) or are to come; a count
of rounds held; ministers who met yesterday; a dateline city that is no place of a meeting
to come; mediators named by their help or initiative; talks reported going on, on no day,
the day a meeting was revealed. Reports written for these tests, read by the real
analyser for the iran-usa topic."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.timeline import build
from tests.helpers.analysed import BASELINE, readings

TUESDAY = dt.date(2026, 3, 3)


def first(title: str, summary: str = "", lang: str = "en", day: dt.date = TUESDAY):
    found = [r for r in readings("Desk", title, day, lang, summary) if r.kind == "round"]
    return found[0] if found else None


def test_talks_the_lede_says_took_place_this_month_are_that_months():
    reading = first(
        "Iranian and US officials hold talks to patch up relations",
        "The negotiations, which took place in Muscat this month, are the first in a year.",
    )
    assert reading is not None
    assert (reading.state, reading.date, reading.dated) == ("held", "2026-03-01", "month")


@pytest.mark.parametrize(
    ("lang", "title", "summary", "state"),
    [
        # The lede says the headline's talks were held: they were.
        (
            "en",
            "Iran, US reportedly hold new round of talks in Muscat",
            "Iranian and US envoys have recently held a new round of talks in Muscat, officials said.",
            "held",
        ),
        # The lede says they are to come ("will be held in public"): announced.
        (
            "fa",
            "وزیران خارجه ایران و آمریکا در مسقط با یکدیگر دیدار می کنند",
            "وزیر خارجه عمان گفت که نشست‌های آتی ایران و آمریکا علنی برگزار خواهد شد.",
            "announced",
        ),
        # A headline that says the talks resume keeps them going, whatever the lede adds.
        (
            "en",
            "Iran and US resume talks in Muscat",
            "Diplomats said the first round had concluded in Muscat with a joint statement.",
            "under_way",
        ),
    ],
)
def test_a_headlines_present_takes_the_tense_the_lede_tells(lang, title, summary, state):
    reading = first(title, summary, lang)
    assert reading is not None and reading.state == state, reading


def test_last_week_in_the_next_sentence_dates_the_meeting_not_the_day_it_was_said():
    # Monday 2 March: the day it was said; "last week" (Arabic: from Sunday 22 February).
    reading = first(
        "جولة مباحثات إيرانية أمريكية جديدة في مسقط",
        "قال مسؤولون عمانيون إن ممثلين من إيران والولايات المتحدة عقدوا جولة جديدة من المحادثات في مسقط. "
        "ونقلت وكالة عن مسؤول عماني اليوم الإثنين (2 مارس 2026) "
        "أن الاجتماع الذي عقد الأسبوع الماضي كان إيجابيا.",
        "ar",
        dt.date(2026, 3, 2),
    )
    assert reading is not None
    assert (reading.state, reading.date, reading.dated) == ("held", "2026-02-22", "week")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Five rounds of talks between Iran and the US in Muscat made progress, Tehran says"),
        ("de", "Fünf Runden der Gespräche zwischen Iran und den USA fanden in Maskat statt, sagt Teheran"),
        ("ar", "طهران: انعقاد خمس جولات من المفاوضات بين إيران والولايات المتحدة في مسقط حقق تقدما"),
    ],
)
def test_a_count_of_rounds_held_looks_back_and_opens_none(lang, title):
    reports = readings("Desk", title, TUESDAY, lang) + readings("Wire", title, TUESDAY, lang)
    assert all(r.retrospective for r in reports if r.kind == "round" and r.state in ("under_way", "held")), (
        reports
    )
    latest = build(BASELINE, reports).latest
    assert latest is not None and latest.number == 1


def test_ministers_who_met_yesterday_met():
    reading = first(
        "Die Außenminister Irans und der USA trafen sich in Maskat",
        "Gestern trafen sich die Außenminister Irans und der USA erstmals in Maskat.",
        "de",
    )
    assert reading is not None and (reading.state, reading.date) == ("held", "2026-03-02"), reading


def test_a_dateline_city_is_no_place_of_a_meeting_to_come_but_is_of_talks_going_on():
    to_come = first(
        "Iran suspends talks with the US before the next round",
        "DUBAI (Reuters) - Iran has suspended its talks with the United States, a website said on Tuesday, "
        "as the next round was due to begin this week.",
    )
    assert to_come is not None and to_come.state == "announced" and to_come.venue is None, to_come
    going_on = first(
        "Iran and US negotiators hold talks",
        "GENEVA (Reuters) - Iranian and US negotiators began talks on Tuesday, officials said.",
    )
    assert going_on is not None and going_on.venue is not None and going_on.venue.name == "Geneva", going_on


@pytest.mark.parametrize(
    ("lang", "title", "mediator"),
    [
        ("en", "Iran and US held talks in Doha with the help of Qatar", "Qatar"),
        ("fr", "L'Iran et les Etats-Unis ont tenu des pourparlers à Doha à l'initiative du Qatar", "Qatar"),
        ("ar", "عقدت إيران والولايات المتحدة محادثات في بكين بمبادرة صينية", "China"),
    ],
)
def test_a_mediator_named_by_its_help_or_initiative(lang, title, mediator):
    reading = first(title, "", lang)
    assert reading is not None and reading.mediator is not None and reading.mediator.name == mediator, reading


def test_a_side_is_no_mediator_of_its_own_talks():
    reading = first("Iran and US held talks in Geneva on Monday, negotiated with Iran's allies")
    assert reading is not None and reading.venue is not None and reading.venue.name == "Geneva", reading
    assert reading.mediator is None, reading


def test_talks_going_on_on_no_day_the_day_a_meeting_was_revealed_are_that_meeting():
    # The topic file's round (Muscat, 6 February) revealed weeks later: a report the same
    # days that talks "have been going on" in Muscat opens no second round.
    later = dt.date(2026, 2, 20)
    reports = [
        *readings("Desk", "Iran and US held talks in Muscat on 6 February, officials reveal", later),
        *readings(
            "Wire", "Iranian and US officials have been holding talks in Muscat", later + dt.timedelta(days=1)
        ),
        *readings(
            "Paper",
            "Iran and the United States are holding secret talks in Muscat",
            later + dt.timedelta(days=1),
        ),
    ]
    timeline = build(BASELINE, reports)
    numbered = [(m.number, m.date) for m in timeline.meetings if m.number]
    assert numbered == [(1, "2026-02-06")], numbered


@pytest.mark.parametrize(
    ("text", "lang", "state"),
    [
        # "getroffen" alone is a decision made, not a meeting held.
        (
            "Iran hat die Gespräche mit den USA ausgesetzt, eine Entscheidung, die getroffen wurde, "
            "als eine fünfte Verhandlungsrunde diese Woche beginnen sollte",
            "de",
            "announced",
        ),
        ("Die fünfte Gesprächsrunde zwischen Teheran und Washington beginnt bald", "de", "announced"),
        ("Die Außenminister Irans und der USA haben sich am Montag in Oslo getroffen", "de", "held"),
        # A pause the talks resumed after is no state of them.
        (
            "L'Iran et les Etats-Unis ont repris leurs pourparlers à Mascate après une brève suspension",
            "fr",
            "under_way",
        ),
        # Talks begun on Thursday, told in the past: no meeting announced for the next one.
        (
            "Les pourparlers entamés jeudi constituent le cinquième cycle de négociations à Mascate",
            "fr",
            None,
        ),
        (
            "قال مسؤولون إن ممثلين من إيران والولايات المتحدة عقدوا جولة جديدة من المحادثات في مسقط",
            "ar",
            "held",
        ),
        (
            "مع اقتراب الموعد المقرر لبدء الجولة الخامسة من المفاوضات بين إيران والولايات المتحدة",
            "ar",
            "announced",
        ),
        ("مسقط لاحتضان لقاء إيراني أمريكي رفيع", "ar", "announced"),
        ("دبلوماسيون يستعدون لختام المفاوضات النووية مع إيران", "ar", None),
        # A deal carried out (embassies reopened) is no meeting, nor one to come.
        ("An Iranian delegation arrives in Washington to discuss the reopening of the embassy", "en", None),
        ("Iranische Delegation reist nach Washington zur Wiedereröffnung der Botschaft", "de", None),
        ("Une délégation iranienne arrive à Washington, l'ambassade de Téhéran rouverte", "fr", None),
        ("هیئت دیپلماتیک ایران برای بازگشایی سفارت وارد واشنگتن شد", "fa", None),
        ("وفد إيراني يصل إلى واشنطن لبحث إعادة فتح السفارة", "ar", None),
    ],
)
def test_the_words_of_the_iran_saudi_reports(text, lang, state):
    from bot.news.rounds import read

    monday = 1772442000.0  # Monday 2 March 2026, 09:00 UTC
    reading = read(text, monday, official=False, outlet="Desk", lang=lang)
    assert next((r.state for r in reading.rounds), None) == state, reading.rounds


def test_a_meeting_known_by_its_week_told_again_on_no_day_keeps_its_week():
    monday = dt.date(2026, 3, 2)
    reports = [
        *readings("Desk", "Iran and US officials held talks in Muscat last week, Tehran confirmed", monday),
        *readings("Wire", "Iran und die USA haben vergangene Woche in Maskat verhandelt", monday, "de"),
        # The next day, with no day of its own: that meeting, not one of that day.
        *readings("Paper", "Iran and the US reportedly held a new round of talks in Muscat", TUESDAY),
    ]
    latest = build(BASELINE, reports).latest
    assert latest is not None and (latest.number, latest.date, latest.known_by) == (2, "2026-02-23", "week")


def test_the_city_that_hosts_before_a_place_merely_named():
    reading = first(
        "Muscat will host the next round of Iran-US talks on Wednesday, the Omani minister said "
        "at a forum in Antalya, Turkey on Saturday"
    )
    assert reading is not None and reading.venue is not None and reading.venue.name == "Muscat", reading
