"""Words the yemen-2015 replay showed read wrong, in sentences written for these tests and
read by the real analyser for the iran-usa topic: a headline's "talks open in" (not "keeps
the door to talks open"); a day and month with no year, announced in December for January;
a round a sentence leaves unsettled ("no agreement on a date for a second round"), whose
number is not the number of the talks just ended; a delegation that "plans to leave the
negotiations" on Saturday (no meeting then); talks that "kickstart", "se sont ouverts", end
"at the end of a week of" talks, in the "اختتامیه" of the sessions; "مشاورات" as talks, and a
ceasefire ("وقف إطلاق النار") that is no suspension of them; efforts "to prevent a collapse"
(no collapse); a truce's day (no day of talks); a journey "to resume talks, amid threats"
(announced, not under way); German "beendet würden" (a possibility, the modal after the
verb); and in the timeline, a delegation that
arrives for talks going on at that place (no meeting to come). And, from the twelfth pass:
the day talks were called off for ("die für Sonntag abgesagten Gespräche"), which dates no
other meeting, and a country that backs one of the two at the table ("the Saudi-backed
government"), which is not at it."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.timeline import build
from bot.records import ReadingRecord
from tests.helpers.analysed import BASELINE, readings

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


@pytest.mark.parametrize(
    ("lang", "title", "state"),
    [
        ("en", "Iran-US talks kickstart in Muscat on Monday", "under_way"),
        ("fr", "Les pourparlers entre l'Iran et les États-Unis se sont ouverts lundi à Mascate", "under_way"),
        ("en", "Deal on prisoners at the end of a week of Iran-US talks in Muscat", "held"),
        ("fa", "عراقچی در اختتامیه نشست‌های ایران و آمریکا در مسقط سخن گفت", "held"),
        ("ar", "بدء المشاورات بين إيران والولايات المتحدة في مسقط اليوم", "under_way"),
    ],
)
def test_more_words_of_talks_begun_and_ended(lang: str, title: str, state: str) -> None:
    assert [s for s, _, _ in read(title, lang)] == [state]


def events(title: str, lang: str) -> list[str]:
    """The kinds of event (collapsed, suspended, ...) the report is read as telling of."""
    return [r.kind for r in readings("Desk", title, MONDAY, lang, "") if r.kind != "round"]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Oman steps in to prevent a collapse of the Iran-US talks"),
        ("de", "Oman will ein Scheitern der Atomgespräche zwischen Iran und den USA verhindern"),
        ("fr", "Oman tente d'éviter l'échec des pourparlers entre l'Iran et les États-Unis"),
        ("fa", "تلاش عمان برای جلوگیری از شکست مذاکرات ایران و آمریکا"),
        ("ar", "عمان تسعى لمنع انهيار المحادثات بين إيران والولايات المتحدة"),
        ("ar", "اتفاق على وقف إطلاق النار في ختام المشاورات بين إيران والولايات المتحدة"),
    ],
)
def test_efforts_against_a_collapse_and_a_ceasefire_end_no_talks(lang: str, title: str) -> None:
    assert not {"collapsed", "suspended"} & set(events(title, lang))


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Iran-US talks collapse in Muscat"),
        ("de", "Atomgespräche zwischen Iran und den USA in Maskat gescheitert"),
        ("ar", "انهيار المحادثات بين إيران والولايات المتحدة في مسقط"),
        ("fa", "شکست مذاکرات ایران و آمریکا در مسقط"),
    ],
)
def test_a_collapse_told_is_still_one(lang: str, title: str) -> None:
    assert "collapsed" in events(title, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Ceasefire from March 10, Iran-US talks on March 18 in Muscat"),
        ("de", "Waffenruhe ab dem 10. März, Atomgespräche zwischen Iran und USA am 18. März in Maskat"),
        ("ar", "وقف إطلاق النار في 10 مارس ومحادثات بين إيران والولايات المتحدة في 18 مارس في مسقط"),
    ],
)
def test_a_truces_day_is_no_day_of_the_talks(lang: str, title: str) -> None:
    assert [day for _, _, day in read(title, lang)] == ["2026-03-18"]
    # Talks about a ceasefire keep their own day.
    assert [day for _, _, day in read("Iran and US to hold ceasefire talks on March 10 in Muscat")] == [
        "2026-03-10"
    ]


def test_a_delegation_arriving_for_talks_just_held_there_is_no_meeting_to_come() -> None:
    # The day after the baseline's round in Muscat, a late delegation reaches Muscat.
    sunday = dt.date(2026, 2, 7)
    told: list[ReadingRecord] = readings("Khabar", "هیئت ایرانی وارد مسقط شد", sunday, "fa")
    assert [(r.state, r.venue.name if r.venue else None) for r in told] == [("announced", "Muscat")]
    timeline = build(BASELINE, told, sunday)
    assert timeline.latest is not None and timeline.latest.number == 1
    assert timeline.next is None
    # A week later the same words are a journey to talks to come.
    later = sunday + dt.timedelta(days=7)
    again = readings("Khabar", "هیئت ایرانی وارد مسقط شد", later, "fa")
    upcoming = build(BASELINE, again, later).next
    assert upcoming is not None and upcoming.venue is not None and upcoming.venue.name == "Muscat"


def test_a_journey_to_resume_talks_amid_threats_is_announced_not_under_way() -> None:
    told = (
        "Iran's negotiators have left for Muscat to resume Oman-mediated talks with the US, "
        "amid threats of a boycott by hardliners"
    )
    # The threat hedges the plan; the "resume" of "to resume" tells no talks going on.
    assert [s for s, _, _ in read(told)] == []
    assert [s for s, _, _ in read("Iran's negotiators head for Muscat to resume talks", "en", told)] == [
        "announced"
    ]
    # Talks told resumed, beside a threat, still are.
    assert [s for s, _, _ in read("Iran-US talks resumed in Muscat amid threats of new sanctions")] == [
        "under_way"
    ]


def test_a_german_verb_followed_by_its_modal_is_only_a_possibility() -> None:
    maybe = (
        "Araghtschi sagte, es sei durchaus möglich, dass die Gespräche mit den USA in Maskat "
        "rasch beendet würden"
    )
    assert read(maybe, "de") == []
    assert [
        s for s, _, _ in read("Die Atomgespräche zwischen Iran und den USA in Maskat wurden beendet", "de")
    ] == ["held"]


@pytest.mark.parametrize(
    ("title", "day", "expected"),
    [
        # The day the talks had been called off for is not the day they resume.
        (
            "Iran und die USA: die für Sonntag abgesagten Gespräche in Maskat werden noch heute fortgesetzt",
            MONDAY,
            [("under_way", None, "2026-03-02")],
        ),
        # Called off for Sunday, told on Saturday: that is the meeting, and its day.
        (
            "Gespräche zwischen Iran und den USA in Maskat am Sonntag abgesagt",
            MONDAY - dt.timedelta(days=2),
            [("cancelled", None, "2026-03-01")],
        ),
    ],
)
def test_a_day_talks_were_called_off_for_dates_no_other_meeting(
    title: str, day: dt.date, expected: list[tuple[str | None, int | None, str | None]]
) -> None:
    assert read(title, "de", day=day) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Who backs one of the two is not at the table ...
        (
            "Talks between Iranian negotiators and the Saudi-backed delegation end in Muscat",
            [("held", None, "2026-03-02")],
        ),
        # ... who sits at it is.
        ("Talks between Iranian negotiators and the Saudi delegation end in Muscat", []),
    ],
)
def test_a_country_that_backs_one_of_two_at_the_table_is_not_at_it(
    title: str, expected: list[tuple[str | None, int | None, str | None]]
) -> None:
    assert read(title) == expected


def test_arabic_talks_that_collapse_when_a_side_stays_away_were_never_held() -> None:
    # "The Muscat consultations collapse after the Americans stayed away": no meeting held.
    got = readings("Desk", "مشاورات مسقط بين إيران وأمريكا تنهار بعد تغيب الوفد الأمريكي", MONDAY, "ar")
    assert [r.state for r in got if r.kind == "round"] == ["cancelled"]
    assert [r.kind for r in got if r.kind != "round"] == ["collapsed"]
