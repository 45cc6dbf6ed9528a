"""Words of a meeting held, under way or called off, as the us-russia-2021 replay showed
them missing: talks that "were constructive", a meeting that "a duré trois heures", "after
his meeting with", envoys who "beraten über", "hat ... getroffen"; talks held "at the
request" of one side (no wish for talks); a meeting a minister "will not" attend "as
planned"; a headline's present that the lede tells was held the day before; meetings "are
held" in a format (no meeting); talks that "were productive" and resume "next month" (held,
not paused); and in the timeline, a meeting's next day announced that day, and a meeting
the press's count leaves out, which still breaks a pause. Sentences written for these
tests, read by the real analyser for the iran-usa topic."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.timeline import build
from bot.records import ReadingRecord
from tests.helpers.analysed import BASELINE, readings

MONDAY = dt.date(2026, 3, 2)


def rounds(title: str, lang: str = "en", lede: str = "", day: dt.date = MONDAY) -> list[ReadingRecord]:
    """The rounds the report, published on ``day``, is read as telling of."""
    return [r for r in readings("Desk", title, day, lang, lede) if r.kind == "round"]


def read(
    title: str, lang: str, lede: str = "", day: dt.date = MONDAY
) -> list[tuple[str | None, str | None, str | None]]:
    """(state, venue, first day) of each round the report, published on ``day``, is read as."""
    return [(r.state, r.venue.name if r.venue else None, r.date) for r in rounds(title, lang, lede, day)]


@pytest.mark.parametrize(
    ("lang", "title", "state"),
    [
        ("en", "Araghchi said the talks with Witkoff in Muscat on Saturday were constructive", "held"),
        ("fr", "La rencontre entre Araghchi et Witkoff a duré trois heures samedi à Mascate", "held"),
        ("ar", "قال عراقجي بعد اجتماعه مع ويتكوف في مسقط اليوم إن المحادثات كانت بناءة", "held"),
        (
            "de",
            "Der US-Gesandte Witkoff hat den iranischen Außenminister Araghtschi in Maskat getroffen",
            "held",
        ),
        ("de", "Iran und die USA beraten in Maskat über das Atomprogramm", "under_way"),
        ("fa", "مذاکرات ایران و آمریکا بنا به درخواست واشنگتن در مسقط برگزار شد", "held"),
        (
            "fr",
            "À la demande de Washington, les pourparlers entre l'Iran et les États-Unis "
            "se sont tenus à Mascate",
            "held",
        ),
        ("en", "Araghchi will not meet Witkoff in Rome on Saturday as planned", "cancelled"),
        ("fr", "Araghchi ne rencontrera pas Witkoff samedi à Rome comme prévu", "cancelled"),
        ("de", "Araghtschi wird Witkoff am Samstag nicht wie geplant in Rom treffen", "cancelled"),
        ("en", "Talks between Iran and the US are being held in Muscat", "under_way"),
    ],
)
def test_a_meeting_held_under_way_or_called_off(lang: str, title: str, state: str) -> None:
    assert [s for s, _, _ in read(title, lang)] == [state]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A decision made, no meeting held.
        ("de", "Die USA haben noch keine Entscheidung über neue Gespräche mit Iran getroffen"),
        # How the meetings are held, not that one was.
        ("en", "Iran and US negotiators say their meetings are held in a closed format"),
    ],
)
def test_no_meeting_in_a_decision_or_a_format(lang: str, title: str) -> None:
    assert read(title, lang) == []


def test_to_confer_is_no_meeting_under_way() -> None:
    # "wollten ... beraten" (meant to confer), then put off: the meeting is postponed.
    title = (
        "Iran und die USA wollten ab heute in Maskat über das Atomprogramm beraten. "
        "Das Treffen wurde verschoben."
    )
    assert [s for s, _, _ in read(title, "de")] == ["postponed"]


def test_a_headline_present_the_lede_tells_held_the_day_before() -> None:
    got = read(
        "Iranian and US envoys meet in Muscat",
        "en",
        "The envoys held a secret meeting in the Omani capital on Sunday.",
    )
    assert got == [("held", "Muscat", "2026-03-01")]


def test_an_envoy_to_a_capital_is_a_post_not_a_venue() -> None:
    got = read("The Swiss envoy to Vienna met Iranian and US negotiators on Monday", "en")
    assert [v for _, v, _ in got] == [None]


@pytest.mark.parametrize(
    ("title", "state"),
    [
        # A new round next month: this one was held.
        ("Iran-US talks in Muscat were productive and are expected to resume next month, Oman says", "held"),
        # Back next week: a pause of the round.
        ("Iran-US talks in Muscat ended and are expected to resume next week, Oman says", "paused"),
    ],
)
def test_resuming_next_month_is_no_pause(title: str, state: str) -> None:
    assert [s for s, _, _ in read(title, "en")] == [state]


@pytest.mark.parametrize(
    ("lang", "title", "state"),
    [
        # A meeting that "does not take place", whatever words stand between: called off.
        (
            "de",
            "Die für Samstag in Rom geplante Runde zwischen Iran und den USA findet aus logistischen Gründen"
            " nicht statt",
            "cancelled",
        ),
        (
            "de",
            "Die Gespräche zwischen Iran und den USA in Rom werden am Samstag nicht stattfinden",
            "cancelled",
        ),
        ("en", "Fourth round of Iran-US talks in Rome will now not take place on Saturday", "cancelled"),
        ("en", "Iran-US talks in Rome set for Saturday will no longer go ahead", "cancelled"),
        (
            "fr",
            "Le cycle de négociations entre l'Iran et les Etats-Unis ne se tiendra finalement pas à Rome",
            "cancelled",
        ),
        (
            "fr",
            "Les pourparlers entre l'Iran et les Etats-Unis n'auront finalement pas lieu samedi à Rome",
            "cancelled",
        ),
        # Talks that go ahead are under way.
        ("en", "Iran-US talks go ahead in Rome despite tensions", "under_way"),
    ],
)
def test_a_meeting_that_does_not_take_place_is_called_off(lang: str, title: str, state: str) -> None:
    assert [s for s, _, _ in read(title, lang)] == [state]


@pytest.mark.parametrize(
    ("lang", "title", "lede"),
    [
        (
            "en",
            "Iran-US talks held in Islamabad",
            "The delegations met in the Pakistani capital on Sunday under Pakistani mediation.",
        ),
        (
            "de",
            "Erste Gespräche seit dem Krieg: Iran und USA verhandeln in Islamabad",
            "Unter Vermittlung Pakistans sind Delegationen beider Länder am Sonntag zusammengekommen.",
        ),
        (
            "fr",
            "Iran et Etats-Unis renouent le dialogue à Islamabad sous l'égide du Pakistan",
            "Les délégations se sont réunies dimanche dans la capitale pakistanaise.",
        ),
        (
            "fa",
            "نخستین دور مذاکرات ایران و آمریکا پس از جنگ در اسلام‌آباد برگزار شد",
            "هیئت‌های دو کشور روز یکشنبه با میانجیگری پاکستان در اسلام‌آباد دیدار کردند.",
        ),
    ],
)
def test_talks_told_the_day_after_are_dated_by_the_meeting_the_lede_tells(
    lang: str, title: str, lede: str
) -> None:
    # Told on Monday: the headline says talks were held (or go on, or the dialogue is
    # renewed), the lede that the delegations met on Sunday: the talks were on Sunday.
    assert [(venue, date) for _, venue, date in read(title, lang, lede)] == [("Islamabad", "2026-03-01")]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Iranian, US experts begin technical talks in Muscat ahead of fourth round"),
        ("de", "Iranische und US-Experten beginnen in Maskat technische Gespräche vor der vierten Runde"),
        (
            "fr",
            "Des experts iraniens et américains entament des discussions techniques à Mascate"
            " avant le quatrième cycle",
        ),
        ("ar", "خبراء إيرانيون وأمريكيون يبدأون محادثات فنية في مسقط قبل الجولة الرابعة"),
        ("fa", "کارشناسان ایران و آمریکا پیش از دور چهارم مذاکرات در مسقط گفتگوهای فنی را آغاز کردند"),
    ],
)
def test_experts_at_work_ahead_of_a_numbered_round_are_not_that_round(lang: str, title: str) -> None:
    assert [(r.number, r.format, r.state) for r in rounds(title, lang)] == [(None, "technical", "under_way")]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A meeting set for a weekday ahead beside talks "last week": the day ahead is its own.
        ("en", "After last week's talks in Muscat, Iran and US to meet in Rome on Saturday"),
        # The verbs of meeting again, in the future or the feminine dual.
        ("fr", "Après Mascate, l'Iran et les Etats-Unis se retrouveront samedi à Rome"),
        ("ar", "بعد محادثات مسقط، إيران والولايات المتحدة تلتقيان السبت في روما"),
    ],
)
def test_the_meeting_after_talks_last_week_is_on_its_own_day(lang: str, title: str) -> None:
    assert read(title, lang) == [("announced", "Rome", "2026-03-07")]


@pytest.mark.parametrize(
    ("lang", "title", "venue"),
    [
        # An envoy on his way to talks: a meeting to come, at the place he goes to.
        ("en", "Vance leads US delegation to Islamabad for talks with Iran", "Islamabad"),
        ("en", "Witkoff travels to Oman for talks with Iran", "Oman"),
        ("en", "Iran's Araghchi flies to Muscat for talks with US envoy", "Muscat"),
        ("fa", "عراقچی برای دور دوم مذاکرات با آمریکا عازم مسقط شد", "Muscat"),
    ],
)
def test_an_envoy_on_his_way_to_talks_announces_them(lang: str, title: str, venue: str) -> None:
    assert read(title, lang) == [("announced", venue, None)]


def test_a_meeting_told_held_goes_on_the_next_day_it_is_announced_for() -> None:
    # A daylong meeting on Monday, told held on Tuesday; another outlet on Tuesday: talks in
    # Muscat today. One meeting of two days, two outlets: a round, not a meeting to come.
    tuesday = MONDAY + dt.timedelta(days=1)
    told = [
        *readings(
            "Wire",
            "Iran, US hold talks in Muscat",
            tuesday,
            "en",
            "Iranian and US envoys held a daylong meeting in Muscat on Monday.",
        ),
        *readings("Paper", "Iran and US negotiators will meet again in Muscat today", tuesday, "en"),
    ]
    timeline = build(BASELINE, told, tuesday)
    assert timeline.latest is not None and timeline.latest.number == 2
    assert (timeline.latest.date, timeline.latest.venue.name if timeline.latest.venue else None) == (
        "2026-03-02",
        "Muscat",
    )
    assert timeline.next is None


def test_a_round_told_by_the_journeys_to_it_is_shown_on_its_own_day() -> None:
    # Thursday: the Iranian team leaves for Geneva "today, Thursday", for the second round
    # on the second of Esfand (Saturday). Friday: Witkoff "arrived on Friday and will meet
    # Araghchi on Saturday". Saturday: the talks began. Sunday: they ended on Saturday
    # evening. /status shows the round to come on Saturday, never on the day of a journey.
    thursday = dt.date(2026, 2, 19)
    friday, saturday, sunday = (thursday + dt.timedelta(days=n) for n in (1, 2, 3))
    days = {
        thursday: [
            (
                "Mehr",
                "عراقچی امروز پنجشنبه راهی ژنو شد و قرار است دور دوم مذاکرات با آمریکا دوم اسفند برگزار شود",
                "fa",
            ),
            ("Wire", "Araghchi left for Geneva on Thursday for a second round of talks with Witkoff", "en"),
        ],
        friday: [
            (
                "Agentur",
                "Witkoff ist am Freitag in Genf eingetroffen und wird am Samstag mit Araghtschi verhandeln",
                "de",
            ),
            ("Wakala", "وصل المبعوث الأمريكي ويتكوف الجمعة إلى جنيف على أن يلتقي عراقجي السبت", "ar"),
        ],
        saturday: [
            (
                "Agentur",
                "Die Gespräche zwischen Iran und den USA in Genf haben am Samstagvormittag begonnen",
                "de",
            ),
            ("Wire", "Iran and US begin second round of talks in Geneva", "en"),
        ],
        sunday: [
            (
                "Dépêche",
                "Les pourparlers entre l'Iran et les Etats-Unis se sont achevés samedi soir à Genève",
                "fr",
            ),
            ("Wire", "Second round of Iran-US talks in Geneva ended on Saturday evening", "en"),
        ],
    }
    told: list[ReadingRecord] = []
    seen: dict[dt.date, tuple[object, object]] = {}
    for day, reports in days.items():
        told += [r for outlet, title, lang in reports for r in readings(outlet, title, day, lang)]
        timeline = build(BASELINE, told, day)
        latest, coming = timeline.latest, timeline.next
        seen[day] = (
            (latest.number, latest.date, latest.state) if latest else None,
            (coming.number, coming.date, coming.venue.name if coming.venue else None) if coming else None,
        )
    saturday_iso = saturday.isoformat()
    assert seen == {
        thursday: ((1, "2026-02-06", "held"), (2, saturday_iso, "Geneva")),
        friday: ((1, "2026-02-06", "held"), (2, saturday_iso, "Geneva")),
        saturday: ((2, saturday_iso, "under_way"), None),
        sunday: ((2, saturday_iso, "held"), None),
    }


def test_a_meeting_the_press_count_leaves_out_still_breaks_a_pause() -> None:
    # One outlet calls March's meeting "the first round" of a new dialogue (the count of the
    # press, not the series'), so the numbering leaves it out; three outlets report it. Two
    # months later "the second round": the talks went on all along, they did not resume
    # after months without a meeting.
    march, may = dt.date(2026, 3, 20), dt.date(2026, 5, 22)
    told = [
        *readings(
            "Desk", "Iranian and US envoys held the first round of a new dialogue in Geneva on Friday", march
        ),
        *readings("Wire", "Iranian and US envoys held talks in Geneva on Friday", march),
        *readings("Paper", "Iran and the US held talks in Geneva on Friday, diplomats said", march),
        *readings("Post", "US and Iranian negotiators held talks in Geneva on Friday", march),
        *readings("Desk", "Iran and US hold second round of their dialogue in Geneva", may),
        *readings("Wire", "Iranian and US envoys hold second round of talks in Geneva", may),
        *readings("Paper", "Second round of Iran-US dialogue under way in Geneva", may),
    ]
    timeline = build(BASELINE, told, may)
    held = [(m.number, m.date) for m in timeline.meetings if m.date and m.date >= "2026-03"]
    assert ("2026-03-20" in [d for _, d in held]) and timeline.latest is not None
    assert timeline.latest.date == "2026-05-22"
    assert timeline.talks.state is None or timeline.talks.state == "active", timeline.talks


@pytest.mark.parametrize(
    ("lang", "title", "events"),
    [
        # Talks frozen, whatever that put at risk.
        ("en", "Washington froze the talks with Iran, putting the nuclear deal at risk", ["suspended"]),
        # A summit named in passing leaves the freeze to be read.
        ("ar", "جمدت واشنطن من جانب واحد الحوار مع طهران الذي انطلق في قمة مسقط", ["suspended"]),
        # A freeze of enrichment is no freeze of the talks.
        ("en", "Iran froze enrichment ahead of talks with the US", []),
        # An attack "conceivable" is none.
        ("de", "Ein Angriff der USA auf den Iran sei in den kommenden Tagen denkbar, sagte Araghtschi", []),
    ],
)
def test_talks_frozen(lang: str, title: str, events: list[str]) -> None:
    got = [r.kind for r in readings("Desk", title, MONDAY, lang) if r.kind != "round"]
    assert got == events


@pytest.mark.parametrize(
    ("lang", "title", "state", "date"),
    [
        # Told on Tuesday: the cycle ended on Monday evening (no cycle to come "lundi").
        (
            "fr",
            "Un nouveau cycle de pourparlers entre l'Iran et les États-Unis "
            "s'est conclu lundi soir à Mascate",
            "held",
            "2026-03-02",
        ),
        # "He cancelled his meeting set for tomorrow in Rome".
        ("ar", "ألغى عراقجي اجتماعه مع ويتكوف الذي كان مقررا غدا في روما", "cancelled", "2026-03-04"),
    ],
)
def test_a_cycle_concluded_and_a_meeting_cancelled(lang: str, title: str, state: str, date: str) -> None:
    tuesday = MONDAY + dt.timedelta(days=1)
    assert [(r.state, r.date) for r in rounds(title, lang, day=tuesday)] == [(state, date)]


def test_talks_said_frozen_by_two_outlets_days_apart_are_suspended() -> None:
    # A lasting state, reported five days apart by two outlets: confirmed.
    told = [
        *readings("Desk", "Iran says talks with the US are frozen", MONDAY),
        *readings(
            "Wire",
            "Talks between Iran and the US remain frozen, officials say",
            MONDAY + dt.timedelta(days=5),
        ),
    ]
    timeline = build(BASELINE, told, MONDAY + dt.timedelta(days=5))
    assert timeline.talks.state == "suspended"


@pytest.mark.parametrize(
    ("title", "state", "date"),
    [
        # A meeting rescheduled is put off.
        ("Meeting of the Iran-US commission on START rescheduled for later", "postponed", None),
        # The day of saying is no day of the meeting.
        (
            "Iran and the US will meet soon in Rome, Araghchi was quoted as saying on Friday",
            "announced",
            None,
        ),
    ],
)
def test_a_meeting_rescheduled_and_a_day_of_saying(title: str, state: str, date: str | None) -> None:
    assert [(r.state, r.date) for r in rounds(title, day=MONDAY + dt.timedelta(days=4))] == [(state, date)]


def test_a_meeting_planned_elsewhere_months_after_one_called_off_is_next() -> None:
    february, november = dt.date(2026, 2, 24), dt.date(2026, 11, 11)
    told = [
        *readings("Desk", "Araghchi cancels his meeting with Witkoff set for Thursday in Geneva", february),
        *readings(
            "Wire",
            "Iran's foreign minister called off Thursday's meeting with the US envoy in Geneva",
            february,
        ),
        *readings("Paper", "Iran and the US will meet soon in Rome, a diplomat says", november),
    ]
    upcoming = build(BASELINE, told, november).next
    assert upcoming is not None and upcoming.state == "announced"
    assert upcoming.venue is not None and upcoming.venue.name == "Rome"


@pytest.mark.parametrize(
    "title",
    [
        # The New START treaty is no start of talks.
        "Iran-US talks on New START in Geneva",
        # What has been paused since the war is no round paused.
        "Iran-US talks on inspections that have been paused since the war",
    ],
)
def test_a_treaty_named_or_a_standstill_is_no_state_of_a_meeting(title: str) -> None:
    assert [r.state for r in rounds(title)] == []


def test_talks_broken_down_and_suspended_on_one_day_are_shown_broken_down() -> None:
    # One side says the talks broke down, the other suspends them, the same day: the graver
    # of the two is what the talks are.
    saturday = dt.date(2026, 3, 7)
    told = [
        *readings("Desk", "Iran says its talks with the US broke down in Muscat", saturday),
        *readings("Wire", "Iran-US talks collapse in Muscat, Tehran says", saturday),
        *readings("Paper", "US suspends talks with Iran after Muscat meeting", saturday),
        *readings("Post", "Washington halts talks with Tehran", saturday),
    ]
    assert build(BASELINE, told, saturday).talks.state == "collapsed"


def test_a_round_its_sentence_numbers_is_no_experts_meeting_for_the_lede() -> None:
    # The third round begins; experts talk beside it: round 3, not a technical meeting.
    got = [
        (r.number, r.format)
        for r in readings(
            "Desk",
            "L'Iran et les États-Unis entament un troisième cycle de pourparlers à Mascate",
            MONDAY,
            "fr",
            "Des discussions techniques ont commencé dans la matinée.",
        )
        if r.kind == "round"
    ]
    assert got == [(3, None)]


@pytest.mark.parametrize(
    ("lang", "title", "kinds"),
    [
        ("en", "Israel strikes Iran; sixth round of Iran-US talks in doubt", ["strikes"]),
        ("fr", "Israël frappe l'Iran, les pourparlers avec Washington suspendus", ["suspended", "strikes"]),
        ("ar", "إسرائيل تضرب إيران والمحادثات مع واشنطن معلقة", ["suspended", "strikes"]),
        # Talks that hinge on a decision are not suspended.
        ("ar", "قال عراقجي إن المحادثات مع واشنطن لا تزال معلقة على قرار المرشد", []),
    ],
)
def test_strikes_on_iran_and_talks_suspended(lang: str, title: str, kinds: list[str]) -> None:
    assert [r.kind for r in readings("Desk", title, MONDAY, lang) if r.kind != "round"] == kinds


@pytest.mark.parametrize(
    ("title", "lede"),
    [
        ("Iran says talks with US are meaningless after Israeli strikes, Sunday meeting off", ""),
        ("Oman confirms Iran-US talks would not take place on Sunday", ""),
    ],
)
def test_a_round_that_would_not_take_place_is_cancelled(title: str, lede: str) -> None:
    got = readings("Desk", title, MONDAY, "en", lede)
    assert [r.state for r in got if r.kind == "round"] == ["cancelled"]


def test_technically_at_war_is_no_experts_meeting() -> None:
    # "Techniquement en guerre" (technically at war): the round is a round.
    got = [
        r.format
        for r in readings(
            "Desk",
            "Toujours techniquement en guerre, l'Iran et les États-Unis ont tenu des pourparlers à Mascate",
            MONDAY,
            "fr",
        )
        if r.kind == "round"
    ]
    assert got == [None]


def test_the_next_round_takes_no_number_from_the_round_held() -> None:
    got = [
        (r.state, r.number, r.date)
        for r in readings(
            "Desk",
            "Conclusion du deuxième cycle de pourparlers entre l'Iran et les États-Unis",
            MONDAY,
            "fr",
            "Le prochain cycle de négociations devrait avoir lieu le 11 mars.",
        )
        if r.kind == "round"
    ]
    assert ("announced", None, "2026-03-11") in got


def test_an_announcement_of_the_round_under_way_is_no_meeting_to_come() -> None:
    # Round 2 is held on Saturday; a report of Sunday still says "the second round is to
    # begin on Saturday" (written before): nothing comes next.
    saturday, sunday = dt.date(2026, 3, 7), dt.date(2026, 3, 8)
    told = [
        *readings("Desk", "Second round of Iran-US talks held in Rome", saturday),
        *readings("Wire", "Iran and the US held a second round of talks in Rome", saturday),
        *readings("Paper", "Iran-US talks: the second round is to begin on Saturday", sunday),
    ]
    timeline = build(BASELINE, told, sunday)
    assert timeline.latest is not None and timeline.latest.number == 2
    assert timeline.next is None


def test_a_number_the_press_gives_weeks_later_may_be_of_the_next_meeting() -> None:
    # The count is at 2 since a meeting weeks ago; the press, counting apart, announces "the
    # second round" for a day ahead: that is the next meeting.
    saturday, later = dt.date(2026, 3, 7), dt.date(2026, 4, 14)
    told = [
        *readings("Desk", "Second round of Iran-US talks held in Rome", saturday),
        *readings("Wire", "Iran and the US held a second round of talks in Rome", saturday),
        *readings("Paper", "Iran and US to hold second round of their dialogue in Geneva on 30 April", later),
    ]
    upcoming = build(BASELINE, told, later).next
    assert upcoming is not None and upcoming.date == "2026-04-30"


@pytest.mark.parametrize(
    ("lang", "title", "state", "date"),
    [
        # Told on Saturday 7 March: the delegation arrived on Friday, the talks are at hand.
        (
            "en",
            "The Iranian delegation arrived in Muscat on Friday for talks with the United States",
            "under_way",
            "2026-03-06",
        ),
        (
            "de",
            "Die iranische Delegation ist am Freitag in Maskat eingetroffen, um mit den USA zu verhandeln",
            "under_way",
            "2026-03-06",
        ),
        (
            "fr",
            "La délégation iranienne est arrivée vendredi à Mascate pour des pourparlers avec les États-Unis",
            "under_way",
            "2026-03-06",
        ),
        (
            "ar",
            "وصل الوفد الإيراني الجمعة إلى مسقط لإجراء محادثات مع الولايات المتحدة",
            "under_way",
            "2026-03-06",
        ),
        ("fa", "هیئت ایرانی روز جمعه وارد مسقط شد تا با آمریکا مذاکره کند", "under_way", "2026-03-06"),
        # An arrival to come, or one before talks set for a day of their own: announced.
        (
            "en",
            "An Iranian negotiating team arrives in Muscat on Tuesday for talks with the US",
            "announced",
            "2026-03-10",
        ),
        ("en", "Witkoff has arrived in Muscat ahead of talks with Iran tomorrow", "announced", "2026-03-08"),
        # Talks set after the arrival, on a day of their own: that day, ahead.
        ("en", "Araghchi arrived in Muscat ahead of Sunday's talks with Witkoff", "announced", "2026-03-08"),
        # Arrived on one day, to meet on another: the meeting's day (told on Saturday, the
        # Friday gone is the arrival's, the Sunday ahead the talks').
        (
            "en",
            "Witkoff arrived in Muscat on Friday and will meet Araghchi on Sunday, Omani officials said",
            "announced",
            "2026-03-08",
        ),
        (
            "en",
            "Araghchi arrived in Muscat on Friday ahead of talks with Witkoff on Sunday",
            "announced",
            "2026-03-08",
        ),
        (
            "de",
            "Araghtschi ist am Freitag in Maskat eingetroffen und wird am Sonntag mit Witkoff verhandeln",
            "announced",
            "2026-03-08",
        ),
        (
            "fr",
            "Araghchi est arrivé vendredi à Mascate et rencontrera Witkoff dimanche",
            "announced",
            "2026-03-08",
        ),
        ("fa", "عراقچی روز جمعه وارد مسقط شد و روز یکشنبه با ویتکاف مذاکره می‌کند", "announced", "2026-03-08"),
        (
            "ar",
            "وصل وزير الخارجية الإيراني عباس عراقجي الجمعة إلى مسقط على أن يلتقي ويتكوف الأحد",
            "announced",
            "2026-03-08",
        ),
        # Arrived ahead of talks that have no day: the talks are to come, on no day told.
        (
            "en",
            "The Iranian delegation arrived in Muscat on Friday ahead of the talks with the US",
            "announced",
            None,
        ),
    ],
)
def test_a_delegation_that_arrived_on_a_weekday_arrived_then(
    lang: str, title: str, state: str, date: str | None
) -> None:
    saturday = MONDAY + dt.timedelta(days=5)
    assert read(title, lang, day=saturday) == [(state, "Muscat", date)]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "The Iranian delegation arrived in Muscat on Friday and the talks began on Saturday"),
        ("en", "The Iranian team left for Muscat on Friday and the talks began on Saturday"),
        # (What the talks will do next does not make them an announcement.)
        (
            "en",
            "The Iranian team arrived in Muscat on Friday; the talks began on Saturday and will go on today",
        ),
        (
            "de",
            "Die iranische Delegation ist am Freitag in Maskat eingetroffen,"
            " die Gespräche begannen am Samstag",
        ),
        (
            "fr",
            "La délégation iranienne est arrivée vendredi à Mascate et les pourparlers ont commencé samedi",
        ),
        ("fa", "هیئت ایرانی روز جمعه وارد مسقط شد و مذاکرات روز شنبه آغاز شد"),
        ("ar", "وصل الوفد الإيراني الجمعة إلى مسقط وبدأت المحادثات السبت"),
    ],
)
def test_talks_that_began_after_the_arrival_began_on_their_own_day(lang: str, title: str) -> None:
    # Told on Sunday: the arrival was Friday, the talks began on Saturday.
    sunday = MONDAY + dt.timedelta(days=6)
    assert read(title, lang, day=sunday) == [
        ("under_way", "Muscat", (sunday - dt.timedelta(days=1)).isoformat())
    ]


@pytest.mark.parametrize(
    ("lang", "title", "date"),
    [
        # The day of a departure is the journey's: the talks it is for have no day told.
        ("en", "Araghchi left for Muscat on Friday for talks with Witkoff", None),
        ("de", "Araghtschi ist am Freitag nach Maskat abgereist, wo er mit Witkoff verhandeln soll", None),
        ("fr", "Araghchi est parti vendredi pour Mascate, où il doit rencontrer Witkoff", None),
        ("fa", "مذاکره‌کنندگان ایرانی امروز جمعه راهی مسقط شدند و قرار است با آمریکا مذاکره کنند", None),
        ("ar", "غادر عراقجي طهران الجمعة متوجها إلى مسقط لإجراء محادثات مع ويتكوف", None),
        # Talks set a day of their own: that day.
        ("en", "Araghchi left for Muscat on Friday for talks with Witkoff on Saturday", "2026-03-07"),
        # (Nearer the departure in words, but in a clause of its own: the talks' day.)
        (
            "de",
            "Araghtschi ist am Freitag nach Maskat abgereist, wo er am Samstag mit Witkoff verhandeln soll",
            "2026-03-07",
        ),
    ],
)
def test_the_day_of_a_departure_for_talks_is_not_theirs(lang: str, title: str, date: str | None) -> None:
    friday = MONDAY + dt.timedelta(days=4)
    assert read(title, lang, day=friday) == [("announced", "Muscat", date)]


def test_a_headline_of_an_arrival_for_talks_is_dated_by_the_arrival_its_lede_tells() -> None:
    # "arrives ... for talks", and the lede: arrived today. The talks are at hand, on the
    # day of the arrival, not on no day.
    saturday = MONDAY + dt.timedelta(days=5)
    lede = (
        "The Iranian foreign minister arrived in Oman on Saturday, state media said,"
        " for indirect talks with Witkoff."
    )
    assert read("Araghchi arrives in Muscat for talks with the US", "en", lede, saturday) == [
        ("announced", "Muscat", saturday.isoformat())
    ]


@pytest.mark.parametrize(
    ("lang", "title", "technical"),
    [
        # Experts' talks beside the round its sentence numbers: the round is the round.
        (
            "en",
            "Iran and the United States began a third round of talks in Muscat on Monday, "
            "with expert-level talks also under way",
            False,
        ),
        (
            "fr",
            "L'Iran et les États-Unis entament à Mascate un troisième cycle de pourparlers, "
            "tandis que des discussions techniques ont commencé",
            False,
        ),
        # A round of experts' talks, numbered: the experts' round.
        ("en", "Iran and the US hold the second round of technical talks in Muscat", True),
        ("de", "Iran und die USA beginnen in Maskat die zweite Runde der Expertengespräche", True),
        (
            "fr",
            "L'Iran et les États-Unis entament à Mascate un deuxième cycle de discussions techniques",
            True,
        ),
        ("fa", "دور دوم مذاکرات فنی ایران و آمریکا در مسقط آغاز شد", True),
        ("ar", "بدء الجولة الثانية من المحادثات الفنية بين إيران والولايات المتحدة في مسقط", True),
    ],
)
def test_a_numbered_round_is_of_experts_only_when_its_words_say_so(
    lang: str, title: str, technical: bool
) -> None:
    assert [(r.number is not None, r.format == "technical") for r in rounds(title, lang)] == [
        (True, technical)
    ]


def test_expert_talks_put_off_are_experts_talks() -> None:
    title = "Iran-US expert talks due on Saturday were pushed back to next week, Oman said"
    assert [(r.state, r.format) for r in rounds(title)] == [("postponed", "technical")]


@pytest.mark.parametrize(
    ("lang", "title", "state", "venue"),
    [
        # A meeting announced after talks held elsewhere: at the place it is announced for.
        (
            "en",
            "After talks in Muscat, Iran and the US will meet again in Rome next Saturday",
            "announced",
            "Rome",
        ),
        (
            "de",
            "Nach den Gesprächen in Maskat treffen sich Iran und die USA am kommenden Samstag in Rom",
            "announced",
            "Rome",
        ),
        (
            "fr",
            "Après les pourparlers de Mascate, l'Iran et les États-Unis se retrouveront "
            "samedi prochain à Rome",
            "announced",
            "Rome",
        ),
        (
            "fa",
            "پس از مذاکرات مسقط، ایران و آمریکا شنبه آینده در رم دوباره دیدار می‌کنند",
            "announced",
            "Rome",
        ),
        (
            "ar",
            "بعد محادثات مسقط، تلتقي إيران والولايات المتحدة مجددا في روما السبت المقبل",
            "announced",
            "Rome",
        ),
        # The place before the word for talks ("a week after Muscat talks").
        (
            "en",
            "Iran says fourth round with US will be held in Rome, a week after Muscat talks",
            "announced",
            "Rome",
        ),
        # A meeting under way after talks elsewhere: at its own place too.
        ("en", "Iran and US hold talks in Muscat after Geneva talks stall", "under_way", "Muscat"),
        ("de", "Iran und USA verhandeln in Maskat, nach den Gesprächen in Genf", "under_way", "Muscat"),
        # Only the place of the talks before named: the meeting to come has none yet.
        (
            "en",
            "Iran and US agree to hold a second round after Muscat meeting, Araghchi says",
            "announced",
            None,
        ),
        # Talks told held: their place, whatever word comes before it.
        (
            "en",
            "After talks in Muscat, Araghchi said Iran and the US held constructive discussions",
            "held",
            "Muscat",
        ),
    ],
)
def test_a_meeting_announced_after_talks_elsewhere_is_at_its_own_place(
    lang: str, title: str, state: str, venue: str | None
) -> None:
    assert [(s, v) for s, v, _ in read(title, lang)] == [(state, venue)]


@pytest.mark.parametrize(
    ("lang", "title", "states"),
    [
        # "were", "waren": told in the past, the weekday is the one gone by.
        (
            "en",
            "Araghchi says Saturday's talks with Witkoff in Muscat were a good start",
            ("under_way", "held"),
        ),
        ("en", "Araghchi says the talks in Muscat on Saturday were constructive", ("held",)),
        # A meeting judged in the past tense was held.
        ("de", "Das Treffen am Samstag in Maskat war konstruktiv, sagte Araghtschi", ("held",)),
        ("fr", "Les discussions de samedi à Mascate ont été constructives, selon Araghchi", ("held",)),
        ("fa", "عراقچی: مذاکرات روز شنبه در مسقط سازنده بود", ("held",)),
        ("ar", "عراقجي: محادثات السبت في مسقط كانت بناءة", ("held",)),
    ],
)
def test_talks_judged_after_the_weekday_were_on_the_weekday_gone_by(
    lang: str, title: str, states: tuple[str, ...]
) -> None:
    # Told on Monday 2 March: the Saturday is 28 February, not the Saturday to come.
    [(state, venue, day)] = read(title, lang)
    assert (state in states, venue, day) == (True, "Muscat", "2026-02-28")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        (
            "en",
            "The meeting of Iran and the US planned for Saturday in Muscat will take place at a later date",
        ),
        (
            "fr",
            "La rencontre entre l'Iran et les États-Unis prévue samedi à Mascate aura lieu "
            "à une date ultérieure",
        ),
        ("de", "Das für Samstag in Maskat geplante Treffen zwischen Iran und den USA findet später statt"),
        ("ar", "الجولة المقررة السبت في مسقط بين إيران والولايات المتحدة ستعقد في موعد لاحق"),
        ("fa", "دور مذاکرات ایران و آمریکا که قرار بود شنبه در مسقط برگزار شود به زمان دیگری موکول شد"),
    ],
)
def test_a_meeting_to_take_place_later_than_planned_is_put_off(lang: str, title: str) -> None:
    # Told on Friday 6 March: the meeting of Saturday 7 March is put off, not announced.
    assert read(title, lang, day=dt.date(2026, 3, 6)) == [("postponed", "Muscat", "2026-03-07")]


@pytest.mark.parametrize(
    ("lang", "title", "number"),
    [
        # German compounds of "Runde", and "the next round" with no verb, beside its day.
        ("de", "Dritte Atomgesprächsrunde zwischen Iran und USA am Samstag in Rom", 3),
        ("de", "Nächste Gesprächsrunde zwischen Iran und USA am Samstag in Rom", None),
        ("fr", "Iran-USA : le prochain tour de négociations samedi à Rome", None),
        ("ar", "الجولة التالية من المحادثات الإيرانية الأمريكية السبت في روما", None),
        ("fa", "دور آینده مذاکرات ایران و آمریکا شنبه در رم", None),
    ],
)
def test_the_next_round_named_beside_its_day_is_announced(lang: str, title: str, number: int | None) -> None:
    got = [(r.state, r.number, r.new_round, r.date) for r in rounds(title, lang)]
    assert got == [("announced", number, number is None, "2026-03-07")]


def test_the_next_round_someone_calls_for_with_no_day_is_no_plan() -> None:
    title = "Neue Atomgespräche zwischen Iran und den USA in der Türkei?"
    lede = (
        "Präsident Ahmadinedschad hat zu neuen Verhandlungen aufgerufen. "
        "Die nächste Gesprächsrunde solle in der Türkei stattfinden, sagte er."
    )
    assert read(title, "de", lede) == []


@pytest.mark.parametrize(
    ("lang", "title", "lede"),
    [
        (
            "en",
            "Since the talks in Muscat on 28 February, Iran and the US have exchanged messages through Oman",
            "No date has been set for a new round.",
        ),
        (
            "fr",
            "Depuis les discussions de Mascate du 28 février, l'Iran et Washington échangent des messages",
            "Aucune date n'a été fixée pour un nouveau cycle.",
        ),
        (
            "de",
            "Seit den Gesprächen in Maskat am 28. Februar tauschen Iran und die USA Botschaften aus",
            "Ein Termin für eine neue Runde steht noch nicht fest.",
        ),
    ],
)
def test_a_new_round_with_no_date_set_is_no_plan(lang: str, title: str, lede: str) -> None:
    # Told on Wednesday 4 March: nothing is announced, and the talks of 28 February are
    # not a meeting to come.
    assert [s for s, _, _ in read(title, lang, lede, day=dt.date(2026, 3, 4))] in ([], ["held"])


@pytest.mark.parametrize(
    ("lang", "title", "number"),
    [
        ("en", "Iran, US to hold round two of talks in Rome on Saturday", 2),
        ("en", "Round three of Iran-US talks begins in Muscat", 3),
        ("de", "Runde drei der Atomgespräche zwischen Iran und USA beginnt in Maskat", 3),
        # "round" that is no round of talks
        ("en", "Iran and US negotiators work round the clock in Muscat", None),
    ],
)
def test_a_round_numbered_by_a_word_after_it(lang: str, title: str, number: int | None) -> None:
    got = [r.number for r in rounds(title, lang)]
    assert got[:1] == [number] or (number is None and got == [])


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Iran, US to hold delayed third round in Geneva on Thursday"),
        ("de", "Iran und USA holen verschobene dritte Runde am Donnerstag in Genf nach"),
    ],
)
def test_a_round_put_off_before_and_now_set_is_announced(lang: str, title: str) -> None:
    # Told on Tuesday 24 February: "delayed" is what happened before; the round is set.
    got = [(r.state, r.number, r.date) for r in rounds(title, lang, day=dt.date(2026, 2, 24))]
    assert got == [("announced", 3, "2026-02-26")]


@pytest.mark.parametrize(
    ("lang", "title", "state"),
    [
        ("en", "Araghchi says last week's talks with Witkoff in Geneva were constructive", "held"),
        (
            "de",
            "Araghtschi: Die Gespräche mit Witkoff in Genf in der vergangenen Woche waren konstruktiv",
            "held",
        ),
        # Talks elsewhere looked back on: the meeting in Geneva is not told over.
        ("en", "Araghchi says last week's talks with Witkoff in Muscat were constructive", "under_way"),
    ],
)
def test_a_meeting_under_way_looked_back_on_as_held_is_over(lang: str, title: str, state: str) -> None:
    thursday = dt.date(2026, 2, 26)
    told = [
        *readings("Wire", "Third round of Iran-US talks opens in Geneva", thursday),
        *readings("Agentur", "Dritte Runde der Gespräche zwischen Iran und USA in Genf", thursday, "de"),
    ]
    assert build(BASELINE, told, thursday).latest.state == "under_way"  # type: ignore[union-attr]
    told += readings("Paper", title, dt.date(2026, 3, 3), lang)
    latest = build(BASELINE, told, dt.date(2026, 3, 3)).latest
    assert latest is not None
    assert (latest.number, latest.date, latest.venue and latest.venue.name, latest.state) == (
        3,
        "2026-02-26",
        "Geneva",
        state,
    )


def test_an_end_told_the_next_morning_does_not_lengthen_a_meeting_dated_by_another() -> None:
    saturday, sunday = dt.date(2026, 2, 14), dt.date(2026, 2, 15)
    told = [
        *readings("Wire", "Iran and US begin second round of indirect talks in Oman", saturday),
        *readings(
            "Agentur",
            "Zweite Runde der Atomgespräche zwischen Iran und USA in Maskat begonnen",
            saturday,
            "de",
        ),
        # The next day: one report dates the meeting by its day, one tells only that it ended.
        *readings("Paper", "Araghchi says Saturday's talks in Muscat were constructive", sunday),
        *readings("Wakala", "انتهاء الجولة الثانية من المحادثات الإيرانية الأمريكية في مسقط", sunday, "ar"),
    ]
    latest = build(BASELINE, told, sunday).latest
    assert latest is not None
    assert (latest.number, latest.date, latest.end_date, latest.state) == (2, "2026-02-14", None, "held")


@pytest.mark.parametrize(
    ("lang", "title", "day", "date"),
    [
        # Said on a Thursday: the Thursday of next week, not today.
        (
            "en",
            "Second round of Iran-US talks will be held in Geneva on Thursday next week",
            "2026-02-12",
            "2026-02-19",
        ),
        (
            "en",
            "Second round of Iran-US talks will be held in Geneva next Thursday",
            "2026-02-12",
            "2026-02-19",
        ),
        (
            "de",
            "Zweite Runde der Gespräche zwischen Iran und USA am Donnerstag nächster Woche in Genf",
            "2026-02-12",
            "2026-02-19",
        ),
        (
            "fr",
            "Le deuxième cycle de pourparlers Iran-USA se tiendra jeudi de la semaine prochaine à Genève",
            "2026-02-12",
            "2026-02-19",
        ),
        (
            "ar",
            "الجولة الثانية من المحادثات الإيرانية الأمريكية الخميس من الأسبوع المقبل في جنيف",
            "2026-02-12",
            "2026-02-19",
        ),
        (
            "fa",
            "دور دوم مذاکرات ایران و آمریکا پنجشنبه هفته آینده در ژنو برگزار می‌شود",
            "2026-02-12",
            "2026-02-19",
        ),
        # Said on a Monday: "Thursday next week" is the Thursday after this week's.
        (
            "en",
            "Second round of Iran-US talks will be held in Geneva on Thursday next week",
            "2026-02-09",
            "2026-02-19",
        ),
        # The Persian week begins on Saturday: said on Friday, next week's Thursday is six days on.
        (
            "fa",
            "دور دوم مذاکرات ایران و آمریکا پنجشنبه هفته آینده در ژنو برگزار می‌شود",
            "2026-02-13",
            "2026-02-19",
        ),
    ],
)
def test_a_weekday_of_next_week_is_in_the_week_after_this_one(
    lang: str, title: str, day: str, date: str
) -> None:
    assert read(title, lang, day=dt.date.fromisoformat(day)) == [("announced", "Geneva", date)]


@pytest.mark.parametrize(
    ("lang", "title", "lede", "next_venue"),
    [
        # The next round, in a sentence of its own that names no place: no place yet.
        (
            "en",
            "Second round of Iran-US talks ends in Geneva",
            "Araghchi said the next round will be held after consultations in the capitals.",
            None,
        ),
        (
            "ar",
            "اختتام الجولة الثانية من المحادثات بين طهران وواشنطن في جنيف",
            "قال عراقجي إن المحادثات كانت جادة وإن الجولة المقبلة ستعقد بعد مشاورات.",
            None,
        ),
        # Talks that resume may resume where they were.
        ("en", "Second round of Iran-US talks ends in Geneva", "The talks will resume next week.", "Geneva"),
    ],
)
def test_a_new_round_announced_beside_one_held_is_not_at_its_place_unless_said(
    lang: str, title: str, lede: str, next_venue: str | None
) -> None:
    got = read(title, lang, lede, day=dt.date(2026, 2, 20))
    assert [(s, v) for s, v, _ in got] == [("held", "Geneva"), ("announced", next_venue)]


def test_an_arabic_report_of_the_negotiating_team_is_about_the_talks() -> None:
    # "Iran's negotiating team left Tehran for Muscat to discuss the nuclear file with
    # Washington": no word for the talks but the team's.
    title = "غادر فريق التفاوض الإيراني طهران متوجها إلى مسقط لبحث الملف النووي مع واشنطن"
    assert [(s, v) for s, v, _ in read(title, "ar")] == [("announced", "Muscat")]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Iranian delegation leaves Tehran for Muscat ahead of talks with US"),
        ("en", "Araghchi departs Tehran for Muscat for talks with Witkoff"),
        ("fr", "Araghchi a quitté Téhéran pour Mascate en vue des pourparlers avec Washington"),
        ("de", "Irans Außenminister ist zu Gesprächen mit den USA nach Maskat aufgebrochen"),
        ("fa", "عراقچی تهران را به مقصد مسقط ترک کرد تا با آمریکا مذاکره کند"),
        ("fa", "عراقچی برای مذاکره با آمریکا راهی مسقط شد"),
        ("ar", "عراقجي يغادر طهران إلى مسقط للمشاركة في المحادثات مع واشنطن"),
    ],
)
def test_a_journey_to_the_talks_announces_them_at_its_destination(lang: str, title: str) -> None:
    # The city left is no venue; the city travelled to is where the talks will be.
    assert read(title, lang) == [("announced", "Muscat", None)]


def test_a_journey_to_talks_under_way_announces_nothing() -> None:
    # He went to follow talks that are going on: no new meeting.
    title = "Iran's deputy foreign minister left Tehran for Muscat to follow the talks with the US"
    lede = (
        "The second round of indirect talks between Iran and the United States, "
        "begun last week, went on until yesterday."
    )
    assert [s for s, _, _ in read(title, "en", lede)] == ["under_way"]


@pytest.mark.parametrize(
    ("lang", "title", "state"),
    [
        # A meeting judged, in the past: it was held.
        ("en", "Araghchi: Saturday's talks with Witkoff in Muscat were positive", "held"),
        ("de", "Araghtschi: Die Gespräche mit den USA in Maskat waren positiv", "held"),
        ("de", "Die Gespräche zwischen Iran und den USA in Maskat verliefen in guter Atmosphäre", "held"),
        ("fr", "Selon Araghchi, les discussions avec Washington à Mascate ont été positives", "held"),
        ("fa", "عراقچی: مذاکرات با آمریکا در مسقط مثبت بود", "held"),
        ("ar", "عراقجي: المحادثات مع واشنطن في مسقط كانت إيجابية", "held"),
        # "A good start": a meeting that was, not one that starts.
        ("en", "Araghchi: Saturday's talks in Muscat with US were a good start", "held"),
        ("de", "Araghtschi: Die Gespräche mit den USA in Maskat waren ein guter Anfang", "held"),
        ("fr", "Araghchi : les discussions avec Washington à Mascate ont été un bon début", "held"),
        ("fa", "عراقچی: مذاکرات با آمریکا در مسقط شروع خوبی بود", "held"),
        ("ar", "عراقجي: المحادثات مع واشنطن في مسقط كانت بداية جيدة", "held"),
        # Delegations that met.
        ("fr", "Les délégations iranienne et américaine se sont retrouvées à Islamabad", "under_way"),
        # A German compound of talks ("Expertengespräche"), and a verb of going on negotiating.
        ("de", "Expertengespräche zwischen Iran und den USA in Genf begonnen", "under_way"),
        ("de", "Iran und USA wollen am Samstag in Maskat weiterverhandeln", "announced"),
        # The end of "a" round, as of "the" round.
        (
            "fr",
            "Nucléaire : fin d'un troisième round de discussions entre Téhéran et Washington à Mascate",
            "held",
        ),
    ],
)
def test_talks_judged_going_on_or_planned_in_everyday_words(lang: str, title: str, state: str) -> None:
    assert [s for s, _, _ in read(title, lang)] == [state]


def test_a_headline_of_talks_judged_and_experts_to_meet_tells_two_meetings() -> None:
    # Said on Sunday: Saturday's round was held; the experts' meeting is on Wednesday, in Geneva.
    title = "Araghchi: Saturday's talks in Muscat were positive; experts to meet in Geneva on Wednesday"
    assert read(title, "en", day=dt.date(2026, 2, 15)) == [
        ("held", "Muscat", "2026-02-14"),
        ("announced", "Geneva", "2026-02-18"),
    ]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Oman: venue of Iran-US talks changed to Muscat"),
        ("de", "Vierte Verhandlungsrunde zwischen Iran und USA nach Maskat verlegt"),
        ("fr", "Le quatrième cycle de pourparlers entre l'Iran et les États-Unis déplacé de Rome à Mascate"),
        ("fa", "دور چهارم مذاکرات ایران و آمریکا از رم به مسقط منتقل شد"),
        ("ar", "نقل الجولة الرابعة من المحادثات الإيرانية الأمريكية من روما إلى مسقط"),
    ],
)
def test_talks_moved_to_another_city_are_announced_there(lang: str, title: str) -> None:
    assert read(title, lang) == [("announced", "Muscat", None)]


def test_talks_going_on_told_in_the_days_after_the_round_ended_do_not_lengthen_it() -> None:
    saturday = dt.date(2026, 2, 14)
    told = [
        *readings("Khabar", "دور دوم مذاکرات غیرمستقیم ایران و آمریکا امروز در مسقط آغاز شد", saturday, "fa"),
        *readings("Wakala", "انتهاء الجولة الثانية من المحادثات الإيرانية الأمريكية في مسقط", saturday, "ar"),
        # Late reports, in the present, naming no day: the round they tell of is over.
        *readings("Paper", "Iran, US hold second round of talks in Oman", saturday + dt.timedelta(days=1)),
        *readings("Agentur", "Iran und USA verhandeln in Oman", saturday + dt.timedelta(days=1), "de"),
        *readings(
            "Post", "Iran and US hold talks in Oman as tensions simmer", saturday + dt.timedelta(days=2)
        ),
    ]
    latest = build(BASELINE, told, saturday + dt.timedelta(days=2)).latest
    assert latest is not None
    assert (latest.number, latest.date, latest.end_date, latest.state) == (2, "2026-02-14", None, "held")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # The day is the journey's: the talks to come have no day yet.
        ("ar", "غادر فريق التفاوض الإيراني اليوم إلى مسقط للمشاركة في المحادثات مع واشنطن"),
        ("en", "Iran's negotiating team left Tehran today for Muscat for talks with US envoys"),
        ("en", "Araghchi left Tehran for Muscat on Friday for talks with the US"),
    ],
)
def test_the_day_a_team_left_for_the_talks_is_not_the_talks_day(lang: str, title: str) -> None:
    assert read(title, lang, day=dt.date(2026, 3, 13)) == [("announced", "Muscat", None)]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Araghchi: Saturday's talks in Muscat were serious; experts to meet in Geneva on Wednesday"),
        ("fa", "عراقچی: مذاکرات شنبه در مسقط جدی بود؛ نشست کارشناسان چهارشنبه در ژنو برگزار می‌شود"),
    ],
)
def test_a_semicolon_ends_a_clause_and_its_day(lang: str, title: str) -> None:
    # Said on Sunday: Saturday is the day of the talks told first, not of the experts'
    # meeting the next clause announces, which is on Wednesday.
    told = [(s, d) for s, _, d in read(title, lang, day=dt.date(2026, 2, 15))]
    assert ("announced", "2026-02-18") in told
    assert ("announced", "2026-02-21") not in told


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        (
            "fr",
            "La délégation iranienne a quitté Genève pour Téhéran à l'issue des discussions avec Washington",
        ),
        ("ar", "الوفد الإيراني يغادر جنيف إلى طهران بعد المحادثات مع واشنطن"),
    ],
)
def test_a_journey_home_from_the_talks_announces_no_meeting(lang: str, title: str) -> None:
    assert [s for s, _, _ in read(title, lang)] in ([], ["held"])
