"""The rounds of a series and the state of the talks, from every reading at once
(bot.news.timeline.build, pure tables).

Each case is a handful of readings as bot.news.rounds stores them (one outlet, the day it
published, what it says) and what a user then sees in /status and /timeline: the rounds
with their numbers, days, venues and states; the latest round; a meeting one outlet alone
reported; what comes next; the state of the talks. Every case is also built from its
readings in other orders, and must give the same timeline.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.news.timeline import Baseline, Meeting, Timeline, build
from bot.records import PlaceRef, ReadingRecord

GENEVA = PlaceRef("geneva", "Geneva", "city", "CH")
MUSCAT = PlaceRef("muscat", "Muscat", "city", "OM")
OMAN = PlaceRef("oman", "Oman", "country", "OM")
ROME = PlaceRef("rome", "Rome", "city", "IT")
ISLAMABAD = PlaceRef("gn:1176615", "Islamabad", "city", "PK")
MILAN = PlaceRef("gn:3173435", "Milan", "city", "IT")

# The topic file's round: the first, held in Muscat on 6 February 2026.
BASELINE = (Baseline("2026", 1, dt.date(2026, 2, 6), MUSCAT, "held", format="indirect"),)
ROUND_1 = (1, "02-06", None, "muscat", "held")


def day(mmdd: str) -> dt.date:
    return dt.date.fromisoformat(f"2026-{mmdd}")


def r(
    outlet: str,
    published: str,
    state: str | None = None,
    venue: PlaceRef | None = None,
    date: str | None = None,
    number: int | None = None,
    *,
    kind: str = "round",
    official: bool = False,
    dated: str | None = None,
    hour: int = 9,
    **more: Any,
) -> ReadingRecord:
    """One outlet's reading of one report published on ``published`` ("02-17": 2026), at 09:00
    unless ``hour`` says otherwise.

    As the reader stores it: talks under way, paused or ended with no day of their own are
    dated by the report's day; an event's day is the report's unless given."""
    if kind != "round":
        date = date or published
    elif date is None and state in ("under_way", "paused", "held"):
        date, dated = published, dated or "report"
    elif date is not None:
        dated = dated or "explicit"
    place = venue.id if venue else "-"
    return ReadingRecord(
        topic="iran-usa",
        kind=kind,
        outlet=outlet,
        official=official,
        published=dt.datetime.combine(day(published), dt.time(hour), dt.UTC).timestamp(),
        title=f"{outlet}: {kind} {state} {place} {date} {number}",
        url=f"https://{outlet}.example/{published}/{kind}/{state}/{place}/{date}/{number}",
        state=state,
        date=f"2026-{date}" if date else None,
        dated=dated,
        venue=venue,
        number=number,
        **more,
    )


def ev(kind: str, outlet: str, published: str, official: bool = False) -> ReadingRecord:
    """An event (collapsed, suspended, strikes, ultimatum …) reported on ``published``."""
    return r(outlet, published, kind=kind, official=official)


def both(published: str, state: str, venue: PlaceRef | None = None, **kw: Any) -> list[ReadingRecord]:
    """The same news from two outlets (A and B): a confirmed meeting."""
    return [r("A", published, state, venue, **kw), r("B", published, state, venue, **kw)]


def _short(iso: str | None) -> str | None:
    return iso[5:] if iso and iso.startswith("2026-") else iso


def view(m: Meeting | None) -> tuple[Any, ...] | None:
    """(number, first day, last day, venue, state), days as "MM-DD"."""
    if m is None:
        return None
    return (m.number, _short(m.date), _short(m.end_date), m.venue.id if m.venue else None, m.state)


def summary(t: Timeline) -> dict[str, Any]:
    return {
        "rounds": [view(m) for m in t.meetings if m.number is not None and not m.technical],
        "meetings": [view(m) for m in t.meetings],
        "latest": view(t.latest),
        "unconfirmed": view(t.unconfirmed),
        "next": view(t.next),
        "called_off": view(t.called_off),
        "talks": (t.talks.state, _short(t.talks.since)),
    }


@dataclass
class Case:
    id: str
    readings: list[ReadingRecord]
    expect: dict[str, Any]  # keys of summary(): only those are compared
    today: str | None = None  # default: the newest report's day
    baseline: tuple[Baseline, ...] = BASELINE
    bug: str | None = None  # a known wrong behaviour (the case asserts the right one)
    extra: dict[str, Any] = field(default_factory=dict)  # other attributes of the timeline

    def build(self, readings: list[ReadingRecord] | None = None) -> Timeline:
        return build(self.baseline, self.readings if readings is None else readings, self._today())

    def _today(self) -> dt.date | None:
        return day(self.today) if self.today else None


CASES = [
    # ------------------------------------------------ which round a report belongs to
    # Two outlets announce talks in Geneva without a number: /status shows round 2 as next.
    Case(
        "announced-no-number-is-the-next-round",
        both("02-12", "announced", GENEVA),
        {"rounds": [ROUND_1], "latest": ROUND_1, "next": (2, None, None, "geneva", "announced")},
    ),
    # One outlet alone announces talks: shown as what comes next, but without a number (no
    # one confirms it is a round of this series).
    Case(
        "announced-by-one-outlet-takes-no-number",
        [r("A", "02-12", "announced", GENEVA)],
        {"next": (None, None, None, "geneva", "announced")},
    ),
    # Talks under way where a round was announced: that round is under way (the announcement
    # is fulfilled, nothing is left as next), and the two outlets confirm it.
    Case(
        "under-way-where-announced-fulfils-the-announcement",
        [r("A", "02-12", "announced", GENEVA, "02-17"), r("B", "02-17", "under_way", GENEVA)],
        {
            "rounds": [ROUND_1, (2, "02-17", None, "geneva", "under_way")],
            "latest": (2, "02-17", None, "geneva", "under_way"),
            "next": None,
            "unconfirmed": None,
        },
    ),
    # "Talks in Geneva entered a third day on Thursday": the round began on Tuesday, and is
    # under way on Thursday, the day told.
    Case(
        "a-counted-day-dates-the-round-from-its-first",
        [
            r("A", "02-19", "under_way", GENEVA, "02-17", dated="counted", end_date="2026-02-19"),
            r("B", "02-19", "under_way", GENEVA),
        ],
        {"latest": (2, "02-17", "02-19", "geneva", "under_way")},
    ),
    # Talks held on Sunday (one report), "a second day of talks on Monday" (another): under way
    # on Monday, the later day told, though both date the round from Sunday.
    Case(
        "a-counted-day-speaks-of-the-day-told",
        [
            r("A", "02-16", "held", GENEVA, "02-15", dated="relative"),
            r("B", "02-17", "under_way", GENEVA, "02-15", dated="counted", end_date="2026-02-16"),
        ],
        {"latest": (2, "02-15", "02-16", "geneva", "under_way")},
    ),
    # A long round: begun on the 17th (an official source calling it the third), told a
    # week later to go on as the second ("the second round, begun last Tuesday, continues"):
    # the same round, whose number the count and the later report agree on.
    Case(
        "talks-told-to-go-on-a-week-later-are-the-same-round",
        [
            r("A", "02-17", "under_way", GENEVA, number=3, official=True),
            r("B", "02-17", "under_way", GENEVA),
            r("C", "02-18", "under_way", GENEVA),
            r("D", "02-24", "under_way", GENEVA, "02-23", number=2, goes_on=True),
        ],
        {"rounds": [ROUND_1, (2, "02-17", "02-23", "geneva", "under_way")]},
    ),
    # Under way, then ended the same day: round 2 is shown as held, not a second round.
    Case(
        "ended-the-same-day-closes-the-round",
        [r("A", "02-17", "under_way", GENEVA), r("B", "02-17", "held", GENEVA)],
        {"rounds": [ROUND_1, (2, "02-17", None, "geneva", "held")]},
    ),
    # Two outlets report talks under way in the morning; in the evening the foreign ministry
    # (an official source) says the round concluded: round 2 is shown as held.
    Case(
        "an-official-end-later-the-same-day-ends-the-round",
        [*both("02-17", "under_way", GENEVA), r("M", "02-17", "held", GENEVA, official=True, hour=18)],
        {"rounds": [ROUND_1, (2, "02-17", None, "geneva", "held")]},
    ),
    # "Talks ended" the day after, naming no place: it closes round 2 in Geneva, it is not a
    # round of its own.
    Case(
        "an-end-reported-the-day-after-closes-the-round-in-progress",
        [*both("02-17", "under_way", GENEVA), r("C", "02-18", "held")],
        {"rounds": [ROUND_1, (2, "02-17", "02-18", "geneva", "held")], "unconfirmed": None},
    ),
    # An undated "talks ended" a week later still closes the round under way (not a new one).
    Case(
        "an-undated-end-a-week-later-closes-the-round",
        [*both("02-17", "under_way", GENEVA), r("C", "02-24", "held", GENEVA)],
        {"rounds": [ROUND_1, (2, "02-17", "02-24", "geneva", "held")], "unconfirmed": None},
    ),
    # A round reported under way for three days, then silent (the reports fell quiet, the
    # talks went on; ministers announced to join), then two outlets say the talks ended,
    # naming no place, 13 days after the last report: it closes that round, and opens no
    # round of its own.
    Case(
        "an-end-after-a-silence-closes-the-round-still-shown-under-way",
        [
            *both("03-03", "under_way", GENEVA, number=2),  # "the second round opens in Geneva"
            r("A", "03-05", "under_way", GENEVA, number=2),
            r("C", "03-14", "announced", GENEVA),  # "foreign ministers head to Geneva for the talks"
            *both("03-18", "held"),
        ],
        {
            "rounds": [ROUND_1, (2, "03-03", "03-18", "geneva", "held")],
            "unconfirmed": None,
        },
    ),
    # Talks in Muscat days after round 2 in Geneva: round 3; round 2 is over.
    Case(
        "a-round-elsewhere-later-is-the-next-number",
        [*both("02-17", "under_way", GENEVA), *both("02-21", "under_way", MUSCAT)],
        {
            "rounds": [
                ROUND_1,
                (2, "02-17", None, "geneva", "held"),
                (3, "02-21", None, "muscat", "under_way"),
            ],
            "latest": (3, "02-21", None, "muscat", "under_way"),
        },
    ),
    # The second day of a round: one round from the 26th to the 27th, not two.
    Case(
        "a-second-day-is-the-same-round",
        [*both("02-26", "under_way", GENEVA), r("A", "02-27", "under_way", GENEVA, goes_on=True)],
        {"rounds": [ROUND_1, (2, "02-26", "02-27", "geneva", "under_way")]},
    ),
    # "A new round" in Geneva a week after round 2 ended there: round 3.
    Case(
        "a-new-round-at-the-same-venue-a-week-later",
        [*both("02-17", "held", GENEVA), *both("02-26", "under_way", GENEVA, new_round=True)],
        {
            "rounds": [
                ROUND_1,
                (2, "02-17", None, "geneva", "held"),
                (3, "02-26", None, "geneva", "under_way"),
            ]
        },
    ),
    # Round 2 under way in Geneva (no end reported); nine days later two outlets report "a new
    # round" of talks in Geneva: round 3, not round 2 running from the 17th to the 26th.
    Case(
        "a-new-round-two-outlets-call-so-after-a-round-under-way",
        [*both("02-17", "under_way", GENEVA), *both("02-26", "under_way", GENEVA, new_round=True)],
        {
            "rounds": [
                ROUND_1,
                (2, "02-17", None, "geneva", "held"),
                (3, "02-26", None, "geneva", "under_way"),
            ]
        },
    ),
    # Round 2 paused in Geneva for consultations, the talks resume there a week later: still
    # round 2, from the 17th to the 24th.
    Case(
        "a-round-that-resumes-after-a-pause-keeps-its-number",
        [*both("02-17", "paused", GENEVA), *both("02-24", "under_way", GENEVA, resumes=True, goes_on=True)],
        {"rounds": [ROUND_1, (2, "02-17", "02-24", "geneva", "under_way")]},
    ),
    # On the second day of round 3 one outlet writes "a second round of talks today": the
    # day's session, no vote for round 2 (which was held in Geneva).
    Case(
        "a-number-equal-to-the-day-of-a-meeting-counts-its-sessions",
        [
            *both("02-17", "held", GENEVA),
            *both("03-02", "under_way", MUSCAT),
            r("C", "03-03", "under_way", MUSCAT, "03-03", number=2),
        ],
        {
            "rounds": [
                ROUND_1,
                (2, "02-17", None, "geneva", "held"),
                (3, "03-02", "03-03", "muscat", "under_way"),
            ]
        },
    ),
    # The mediator meets one side alone (two outlets: "Al-Busaidi received Araghchi in
    # Muscat"): consultations, no round; round 1 stays the latest.
    Case(
        "a-mediators-meeting-with-one-side-is-no-round",
        both("02-20", "under_way", MUSCAT, format="consultation"),
        {
            "rounds": [ROUND_1],
            "latest": ROUND_1,
            "meetings": [ROUND_1, (None, "02-20", None, "muscat", "under_way")],
        },
    ),
    # The same reports, of a round both sides were announced to hold there: that round.
    Case(
        "a-round-announced-between-the-sides-is-a-round-however-its-days-are-told",
        [
            *both("02-17", "announced", GENEVA, date="02-20"),
            *both("02-20", "under_way", GENEVA, format="consultation"),
        ],
        {"rounds": [ROUND_1, (2, "02-20", None, "geneva", "under_way")]},
    ),
    # Round 2 under way in Geneva, then nine days without a report, then two outlets say the
    # talks resumed there: they had stopped, unreported; the resumption is round 3.
    Case(
        "talks-that-resume-after-a-silence-are-the-next-round",
        [*both("03-15", "under_way", GENEVA), *both("03-26", "under_way", GENEVA, resumes=True)],
        {
            "rounds": [
                ROUND_1,
                (2, "03-15", None, "geneva", "held"),
                (3, "03-26", None, "geneva", "under_way"),
            ]
        },
    ),
    # The same silence after talks paused for consultations: the round resumes (round 2).
    Case(
        "talks-paused-that-resume-after-a-silence-keep-the-number",
        [*both("03-15", "paused", GENEVA), *both("03-26", "under_way", GENEVA, resumes=True)],
        {"rounds": [ROUND_1, (2, "03-15", "03-26", "geneva", "under_way")]},
    ),
    # A report that names round 2, the day after it ended: still the one round 2.
    Case(
        "a-stated-number-that-exists-is-that-round",
        [*both("02-17", "held", GENEVA), r("C", "02-17", "held", GENEVA, number=2)],
        {"rounds": [ROUND_1, (2, "02-17", None, "geneva", "held")]},
        extra={"outlets": ("A", "B", "C")},
    ),
    # Two outlets call the Geneva talks "the fourth round" when the reports so far hold only
    # round 1: the rounds the reports missed are settled by them (round 4, not 2).
    Case(
        "two-outlets-agreeing-on-a-number-settle-the-rounds-missed",
        both("03-20", "held", GENEVA, number=4),
        {"rounds": [ROUND_1, (4, "03-20", None, "geneva", "held")]},
    ),
    # One outlet calls the Geneva talks the "third round", two others give no number: the
    # count (round 2) stands; one outlet's number does not renumber the series.
    Case(
        "one-outlet-stating-a-number-does-not-outweigh-the-count",
        [*both("02-17", "held", GENEVA), r("C", "02-17", "held", GENEVA, number=3)],
        {"rounds": [ROUND_1, (2, "02-17", None, "geneva", "held")]},
    ),
    # Two outlets call it the third round: the number stated by the press wins over the count.
    Case(
        "a-number-two-outlets-state-wins-over-the-count",
        [
            r("A", "02-17", "under_way", GENEVA, resumes=True),
            r("B", "02-17", "held", GENEVA, number=3),
            r("C", "02-17", "held", GENEVA, number=3),
        ],
        {"rounds": [ROUND_1, (3, "02-17", None, "geneva", "held")]},
        extra={"outlets": ("A", "B", "C")},
    ),
    # An official source stating the number weighs as two outlets.
    Case(
        "a-number-an-official-source-states-wins-over-the-count",
        [*both("02-17", "held", GENEVA), r("M", "02-17", "held", GENEVA, number=3, official=True)],
        {"rounds": [ROUND_1, (3, "02-17", None, "geneva", "held")]},
    ),
    # A round named in passing, nothing said of it: no round appears, nothing is next.
    Case(
        "a-number-mentioned-alone-is-nothing",
        [r("A", "02-17", None, number=2), r("B", "02-17", None, number=2)],
        {"rounds": [ROUND_1], "latest": ROUND_1, "next": None, "unconfirmed": None},
    ),
    # "Talks postponed" with nothing announced: no round appears (the postponement is shown
    # as what comes next, with no number, day or place).
    Case(
        "postponed-with-nothing-announced-makes-no-round",
        [r("A", "02-17", "postponed")],
        {"rounds": [ROUND_1], "latest": ROUND_1, "next": (None, None, None, None, "postponed")},
    ),
    # Round 2 announced for Geneva on 5 March, then "talks postponed": round 2 is postponed.
    Case(
        "postponed-after-an-announcement-postpones-that-round",
        [*both("02-12", "announced", GENEVA, date="03-05"), r("C", "02-20", "postponed")],
        {"rounds": [ROUND_1], "next": (2, "03-05", None, "geneva", "postponed")},
    ),
    # Round 2 put off, then talk of "the new round" with no day: it stays put off; a day set
    # again announces it.
    Case(
        "talk-of-a-round-put-off-sets-it-no-day",
        [
            *both("02-12", "announced", GENEVA, date="03-05"),
            r("C", "02-20", "postponed"),
            r("D", "03-10", "announced", new_round=True),
        ],
        {"rounds": [ROUND_1], "next": (2, "03-05", None, "geneva", "postponed")},
    ),
    Case(
        "a-round-put-off-and-given-a-day-again-is-announced",
        [
            *both("02-12", "announced", GENEVA, date="03-05"),
            r("C", "02-20", "postponed"),
            r("D", "03-10", "announced", GENEVA, "03-20"),
            # Two outlets: one outlet's word of another round, with nothing set, is no next.
            r("E", "03-25", "announced", new_round=True),
            r("F", "03-25", "announced", new_round=True),
        ],
        {"rounds": [ROUND_1], "next": (2, None, None, None, "announced")},
    ),
    # Round 2 ends in Rome; round 3 is set for Rome a week later and reported ended there on
    # its day, first by two outlets naming no number: those reports are of round 3, not late
    # words of round 2 (which would have stretched round 2 over the week and swallowed round 3).
    Case(
        "an-end-reported-on-the-day-of-a-meeting-set-afresh-is-that-meeting",
        [
            *both("02-14", "held", ROME, number=2),
            *both("02-17", "announced", ROME, date="02-21", number=3),
            r("C", "02-21", "held", ROME, hour=8),
            r("D", "02-21", "held", ROME, hour=8),
            *both("02-21", "under_way", ROME, number=3),
        ],
        {
            "rounds": [ROUND_1, (2, "02-14", None, "rome", "held"), (3, "02-21", None, "rome", "held")],
            "next": None,
        },
    ),
    # A meeting in Rome ended; another is set there afresh for a week later and held, two
    # outlets calling it "the second round": that is round 2 (the press's number settles the
    # earlier meeting, left unnumbered), not the first meeting going on for a week.
    Case(
        "a-meeting-set-afresh-after-one-ended-is-a-meeting-of-its-own",
        [
            *both("02-14", "held", ROME),
            *both("02-17", "announced", ROME, date="02-21"),
            *both("02-21", "held", ROME, number=2),
        ],
        {
            "rounds": [ROUND_1, (2, "02-21", None, "rome", "held")],
            "meetings": [ROUND_1, (None, "02-14", None, "rome", "held"), (2, "02-21", None, "rome", "held")],
        },
    ),
    # ------------------------------------------------ a count begun afresh after a break
    # A war, then talks in Islamabad that two outlets call "the first round" (of the ceasefire
    # talks): round 1 of a new count, the talks resumed; the first round before the war stays.
    Case(
        "talks-resumed-after-strikes-and-numbered-afresh-begin-a-new-count",
        [
            ev("strikes", "A", "03-01"),
            ev("strikes", "B", "03-01"),
            *both("04-18", "held", ISLAMABAD, number=1),
        ],
        {
            "rounds": [ROUND_1, (1, "04-18", None, "gn:1176615", "held")],
            "latest": (1, "04-18", None, "gn:1176615", "held"),
            "talks": ("resumed", "04-18"),
        },
    ),
    # The same with one outlet saying "first round": one outlet's number does not outweigh
    # the count, which goes on (round 2).
    Case(
        "one-outlets-first-round-after-a-break-does-not-begin-a-new-count",
        [
            ev("strikes", "A", "03-01"),
            ev("strikes", "B", "03-01"),
            r("A", "04-18", "held", ISLAMABAD, number=1),
            r("B", "04-18", "held", ISLAMABAD),
        ],
        {"latest": (2, "04-18", None, "gn:1176615", "held"), "talks": ("resumed", "04-18")},
    ),
    # No number for the first meeting after the war; the next, set for a week later, is "the
    # second round" for two outlets: the count began afresh at the first (its number settled
    # later).
    Case(
        "a-later-number-settles-a-count-begun-afresh",
        [
            ev("strikes", "A", "03-01"),
            ev("strikes", "B", "03-01"),
            *both("04-18", "held", ISLAMABAD),
            *both("04-21", "announced", ISLAMABAD, date="04-25", number=2),
            *both("04-25", "held", ISLAMABAD, number=2),
        ],
        {
            "rounds": [
                ROUND_1,
                (1, "04-18", None, "gn:1176615", "held"),
                (2, "04-25", None, "gn:1176615", "held"),
            ],
            "talks": ("resumed", "04-18"),
        },
    ),
    # Two breaks: after the first, one outlet alone says "first round" (no new count: round
    # 2); after the second, two agree on it (round 1 of a new count). The second count does
    # not bear out the first outlet's number.
    Case(
        "a-count-borne-out-after-a-later-break-does-not-prove-an-earlier-one",
        [
            ev("strikes", "A", "03-01"),
            ev("strikes", "B", "03-01"),
            r("A", "03-20", "held", ISLAMABAD, number=1),
            r("B", "03-20", "held", ISLAMABAD),
            ev("collapsed", "A", "04-01"),
            ev("collapsed", "B", "04-01"),
            *both("05-10", "held", ROME, number=1),
        ],
        {
            "rounds": [
                ROUND_1,
                (2, "03-20", None, "gn:1176615", "held"),
                (1, "05-10", None, "rome", "held"),
            ]
        },
    ),
    # Guard: without a break, "the first round" said of a later meeting begins no new count.
    Case(
        "without-a-break-the-count-goes-on-whatever-is-said",
        [*both("02-20", "held", ROME, number=1)],
        {"rounds": [ROUND_1, (2, "02-20", None, "rome", "held")], "talks": ("active", None)},
    ),
    # Talks in Muscat on the topic file's own day: that is round 1, as the file says.
    Case(
        "under-way-on-the-baselines-day-is-the-baseline-round",
        [r("A", "02-06", "under_way", MUSCAT, "02-06"), r("B", "02-06", "under_way", MUSCAT)],
        {"rounds": [ROUND_1], "latest": ROUND_1, "unconfirmed": None},
    ),
    # Talks "under way", no place, weeks later, one outlet: no round 2, and with no place and
    # no day of its own no meeting to show as one outlet's either (the channel goes on).
    Case(
        "a-vague-report-weeks-later-is-no-round",
        [r("A", "03-20", "under_way")],
        {"rounds": [ROUND_1], "latest": ROUND_1, "unconfirmed": None},
    ),
    # One outlet alone, with a place: shown as that outlet's report.
    Case(
        "a-lone-report-with-a-place-is-shown-as-one-outlets",
        [r("A", "03-20", "under_way", GENEVA)],
        {"rounds": [ROUND_1], "latest": ROUND_1, "unconfirmed": (None, "03-20", None, "geneva", "under_way")},
    ),
    # Round 2 announced for 5 March; talks begin on the 6th, "a day later than planned", and go
    # on on the 7th: round 2 began on the 6th (what happened outweighs what was planned).
    Case(
        "an-announced-round-that-begins-a-day-late-takes-the-day-it-began",
        [
            r("A", "03-02", "announced", GENEVA, "03-05", number=2),
            r(
                "B", "03-06", "under_way", GENEVA, begins=True
            ),  # "Iran and US begin talks in Geneva, a day late"
            r("C", "03-07", "under_way", GENEVA, resumes=True, goes_on=True),
        ],
        {"rounds": [ROUND_1, (2, "03-06", "03-07", "geneva", "under_way")], "next": None},
    ),
    # Announced for 5 March; the first report, just after midnight on the 6th, says talks
    # "got under way" in Geneva (after the fact, no day given): they began on the 5th, and
    # were still on when the reports of the 6th were written.
    Case(
        "an-undated-report-after-midnight-of-talks-under-way-keeps-the-announced-day",
        [
            r("A", "03-02", "announced", GENEVA, "03-05", number=2),
            r("B", "03-06", "under_way", GENEVA, hour=0),
            r("C", "03-06", "under_way", GENEVA, hour=8),
        ],
        {"rounds": [ROUND_1, (2, "03-05", "03-06", "geneva", "under_way")], "next": None},
    ),
    # The same, with the day said ("began on Friday"): round 2 began on the 6th.
    Case(
        "an-announced-round-that-began-on-a-stated-later-day",
        [
            r("A", "03-02", "announced", GENEVA, "03-05", number=2),
            r("B", "03-06", "under_way", GENEVA, "03-06", dated="relative"),
            r("C", "03-07", "under_way", GENEVA, resumes=True, goes_on=True),
        ],
        {"rounds": [ROUND_1, (2, "03-06", "03-07", "geneva", "under_way")], "next": None},
    ),
    # ------------------------------------------------ confirmation
    # One outlet alone reports talks in Geneva: round 1 stays the latest; Geneva is shown as
    # one outlet's report, without a number.
    Case(
        "one-outlet-alone-is-unconfirmed",
        [r("A", "02-17", "under_way", GENEVA)],
        {
            "rounds": [ROUND_1],
            "latest": ROUND_1,
            "unconfirmed": (None, "02-17", None, "geneva", "under_way"),
        },
    ),
    # A second outlet reports the same talks: round 2, the latest.
    Case(
        "two-outlets-confirm-a-meeting",
        [r("A", "02-17", "under_way", GENEVA), r("B", "02-18", "under_way", GENEVA)],
        {
            "latest": (2, "02-17", "02-18", "geneva", "under_way"),
            "unconfirmed": None,
        },
    ),
    # The same outlet twice is still one outlet.
    Case(
        "one-outlet-twice-is-still-unconfirmed",
        [r("A", "02-17", "under_way", GENEVA), r("A", "02-18", "under_way", GENEVA)],
        {"latest": ROUND_1, "unconfirmed": (None, "02-17", "02-18", "geneva", "under_way")},
    ),
    # An official feed alone (a foreign ministry) confirms it.
    Case(
        "an-official-source-alone-confirms-a-meeting",
        [r("M", "02-17", "under_way", GENEVA, official=True)],
        {"latest": (2, "02-17", None, "geneva", "under_way"), "unconfirmed": None},
    ),
    # "Talks in Oman" and "talks in Muscat" the same day are one meeting, in Muscat.
    Case(
        "a-country-and-its-city-are-one-meeting",
        [r("A", "02-17", "under_way", OMAN), r("B", "02-17", "under_way", MUSCAT)],
        {"rounds": [ROUND_1, (2, "02-17", None, "muscat", "under_way")], "unconfirmed": None},
    ),
    # Talks in Geneva and in Rome the same day, each from one outlet: neither is a round.
    Case(
        "two-places-one-outlet-each-confirm-nothing",
        [r("A", "02-17", "under_way", GENEVA), r("B", "02-17", "under_way", ROME)],
        {"rounds": [ROUND_1], "latest": ROUND_1},
    ),
    # "Last week's talks in Geneva ended without a deal": no round is made of it.
    Case(
        "a-report-about-an-earlier-round-opens-none",
        both("03-10", "held", GENEVA, retrospective=True),
        {"rounds": [ROUND_1], "latest": ROUND_1, "unconfirmed": None},
    ),
    # Experts' ("technical") talks in Geneva are shown, but they are not round 2.
    Case(
        "technical-talks-are-not-a-round",
        both("02-17", "under_way", GENEVA, format="technical"),
        {
            "rounds": [ROUND_1],
            "latest": ROUND_1,
            "meetings": [ROUND_1, (None, "02-17", None, "geneva", "under_way")],
        },
    ),
    # Round 2 under way in Geneva; days later one outlet reports talks there again: news of
    # round 2, not a meeting of its own.
    Case(
        "one-outlets-later-report-of-a-round-under-way-is-news-of-it",
        [*both("02-17", "under_way", GENEVA), r("C", "02-23", "under_way", GENEVA)],
        {"rounds": [ROUND_1, (2, "02-17", "02-23", "geneva", "under_way")], "unconfirmed": None},
    ),
    # Round 2 reported under way and then nothing for weeks: shown as held.
    Case(
        "a-round-silent-for-weeks-is-held",
        both("02-17", "under_way", GENEVA),
        {"latest": (2, "02-17", None, "geneva", "held")},
        today="03-10",
    ),
    # Two outlets told the meeting in Geneva ended; a third, alone, tells the next morning of
    # envoys who "met today" (written the evening before): the meeting still ended.
    Case(
        "one-outlet-the-day-after-does-not-reopen-a-meeting-two-said-ended",
        [*both("02-17", "held", GENEVA), r("C", "02-18", "under_way", GENEVA, "02-18", dated="relative")],
        {"latest": (2, "02-17", None, "geneva", "held")},
    ),
    # Told by one outlet only, the end does not outweigh it: the talks go on.
    Case(
        "one-outlet-the-day-after-goes-on-when-one-said-ended",
        [
            r("A", "02-17", "under_way", GENEVA),
            r("B", "02-17", "under_way", GENEVA),
            r("A", "02-17", "held", GENEVA, hour=20),
            r("C", "02-18", "under_way", GENEVA, "02-18", dated="relative"),
        ],
        {"latest": (2, "02-17", "02-18", "geneva", "under_way")},
    ),
    # ------------------------------------------------ what comes next
    # Round 3 announced for Geneva after round 2: it is next.
    Case(
        "an-announced-round-is-next",
        [*both("02-17", "held", GENEVA), *both("02-20", "announced", GENEVA, date="03-05")],
        {"next": (3, "03-05", None, "geneva", "announced"), "called_off": None},
    ),
    # Two outlets give the next round two days, one each: the day said last holds (it may
    # have moved: "on 25 February", a week later "on the 26th").
    Case(
        "of-two-days-told-by-one-outlet-each-the-later-word-holds",
        [
            r("A", "02-12", "announced", MUSCAT, "02-25"),
            r("B", "02-19", "announced", MUSCAT, "02-26"),
        ],
        {"next": (2, "02-26", None, "muscat", "announced")},
    ),
    # More outlets outweigh the later word.
    Case(
        "the-day-more-outlets-give-holds",
        [
            *both("02-12", "announced", MUSCAT, date="02-25"),
            r("C", "02-19", "announced", MUSCAT, "02-26"),
        ],
        {"next": (2, "02-25", None, "muscat", "announced")},
    ),
    # Strikes after round 3 was announced: nothing is next; round 3 is shown called off.
    Case(
        "strikes-call-off-the-announced-round",
        [
            *both("02-17", "held", GENEVA),
            *both("02-20", "announced", GENEVA, date="03-05"),
            ev("strikes", "A", "02-28"),
            ev("strikes", "C", "02-28"),
        ],
        {"next": None, "called_off": (3, "03-05", None, "geneva", "called off")},
    ),
    # The talks collapse after round 3 was announced: the same.
    Case(
        "a-collapse-calls-off-the-announced-round",
        [
            *both("02-17", "held", GENEVA),
            *both("02-20", "announced", GENEVA, date="03-05"),
            ev("collapsed", "A", "02-28"),
            ev("collapsed", "C", "02-28"),
        ],
        {
            "next": None,
            "called_off": (3, "03-05", None, "geneva", "called off"),
            "talks": ("collapsed", "02-28"),
        },
    ),
    # The talks collapse, and for days after the outlets tell again that the meeting planned
    # before was cancelled: it stays called off, not next (Camp David, September 2019).
    Case(
        "a-meeting-told-cancelled-after-the-collapse-stays-called-off",
        [
            *both("02-17", "held", GENEVA),
            *both("02-20", "announced", GENEVA, date="03-05"),
            ev("collapsed", "A", "02-28"),
            ev("collapsed", "C", "02-28"),
            *both("03-02", "cancelled", GENEVA, date="03-05"),
        ],
        {"next": None, "called_off": (3, "03-05", None, "geneva", "called off")},
        today="03-08",
    ),
    # A meeting set again after the collapse is planned: it is next.
    Case(
        "a-meeting-set-after-the-collapse-is-next",
        [
            *both("02-17", "held", GENEVA),
            *both("02-20", "announced", GENEVA, date="03-05"),
            ev("collapsed", "A", "02-28"),
            ev("collapsed", "C", "02-28"),
            *both("03-02", "announced", GENEVA, date="03-05"),
        ],
        {"next": (3, "03-05", None, "geneva", "announced"), "called_off": None},
    ),
    # An ultimatum does not call off the announced round.
    Case(
        "an-ultimatum-leaves-the-announced-round",
        [
            *both("02-17", "held", GENEVA),
            *both("02-20", "announced", GENEVA, date="03-05"),
            ev("ultimatum", "A", "02-28"),
            ev("ultimatum", "C", "02-28"),
        ],
        {"next": (3, "03-05", None, "geneva", "announced"), "called_off": None},
    ),
    # A deadline extended on the round's last day: shown since the round began, and the
    # talks stay active, the announced round still next.
    Case(
        "an-extended-deadline-is-an-event-that-changes-nothing-else",
        [
            *both("02-17", "under_way", GENEVA),
            *both("02-20", "announced", GENEVA, date="03-05"),
            ev("extended", "A", "02-18"),
            ev("extended", "C", "02-18"),
        ],
        {"next": (3, "03-05", None, "geneva", "announced"), "called_off": None, "talks": ("active", None)},
        extra={"since": ("extended",)},
    ),
    # One outlet alone reporting strikes does not call the round off.
    Case(
        "one-outlets-strikes-leave-the-announced-round",
        [
            *both("02-17", "held", GENEVA),
            *both("02-20", "announced", GENEVA, date="03-05"),
            ev("strikes", "C", "02-28"),
        ],
        {"next": (3, "03-05", None, "geneva", "announced"), "called_off": None},
    ),
    # The announced day has passed with no report of the meeting: nothing is next.
    Case(
        "an-announcement-whose-day-passed-is-not-next",
        [*both("02-17", "held", GENEVA), *both("02-20", "announced", GENEVA, date="03-05")],
        {"next": None, "latest": (2, "02-17", None, "geneva", "held")},
        today="03-10",
    ),
    # ------------------------------------------------ the state of the talks
    # Rounds and no break: the talks are active.
    Case(
        "the-talks-are-active",
        both("02-17", "held", GENEVA),
        {"talks": ("active", None)},
    ),
    # Two outlets report the talks collapsed: collapsed since that day.
    Case(
        "the-talks-collapsed",
        [*both("02-17", "held", GENEVA), ev("collapsed", "A", "02-28"), ev("collapsed", "B", "02-28")],
        {"talks": ("collapsed", "02-28")},
    ),
    # An official source alone reports them suspended: suspended since that day.
    Case(
        "the-talks-suspended-by-an-official-source",
        [*both("02-17", "held", GENEVA), ev("suspended", "M", "03-01", official=True)],
        {"talks": ("suspended", "03-01")},
    ),
    # One outlet alone saying they collapsed: still active.
    Case(
        "one-outlets-collapse-leaves-the-talks-active",
        [*both("02-17", "held", GENEVA), ev("collapsed", "A", "02-28")],
        {"talks": ("active", None)},
    ),
    # A round after a collapse: the talks resumed with it.
    Case(
        "a-round-after-a-collapse-resumes-the-talks",
        [
            *both("02-17", "held", GENEVA),
            ev("collapsed", "A", "02-28"),
            ev("collapsed", "B", "02-28"),
            *both("04-10", "under_way", MUSCAT),
        ],
        {"talks": ("resumed", "04-10"), "latest": (3, "04-10", None, "muscat", "under_way")},
        extra={"break": ("collapsed", "2026-02-28")},
    ),
    # A round after the talks were suspended: the talks resumed with it.
    Case(
        "a-round-after-a-suspension-resumes-the-talks",
        [
            *both("02-17", "held", GENEVA),
            ev("suspended", "A", "03-01"),
            ev("suspended", "B", "03-02"),
            *both("03-20", "under_way", GENEVA),
        ],
        {"talks": ("resumed", "03-20"), "latest": (3, "03-20", None, "geneva", "under_way")},
        extra={"break": ("suspended", "2026-03-01")},
    ),
    # ------------------------------------------------ the channel, no meeting
    # Weeks after the first round, two outlets say talks through the mediator go on (no place,
    # no day): the channel, no second round.
    Case(
        "talks-said-to-go-on-through-the-mediator-open-no-round",
        both("03-02", "under_way", goes_on=True),
        {"rounds": [ROUND_1], "latest": ROUND_1, "unconfirmed": None},
    ),
    # Two outlets say the envoys met, with no place and no day of their own: no meeting to
    # number (the channel), until a report says where or when.
    Case(
        "a-meeting-with-no-place-and-no-day-opens-no-round",
        both("03-02", "under_way"),
        {"rounds": [ROUND_1], "latest": ROUND_1, "unconfirmed": None},
    ),
    # Months after the last round ended, two outlets say the talks were halted in Muscat: no
    # round paused there, the talks suspended.
    Case(
        "talks-paused-months-after-the-last-round-are-suspended",
        [*both("02-17", "held", GENEVA), *both("06-01", "paused", MUSCAT)],
        {
            "rounds": [ROUND_1, (2, "02-17", None, "geneva", "held")],
            "latest": (2, "02-17", None, "geneva", "held"),
            "talks": ("suspended", "06-01"),
        },
    ),
    # One outlet reveals talks held in Oman in March; the next day another says talks were
    # held there, on no day: one meeting, the second round, which it does not move.
    Case(
        "talks-held-told-the-day-after-a-revelation-are-that-meeting",
        [
            r("A", "04-14", "held", OMAN, date="03-01", dated="month"),
            r("B", "04-15", "held", OMAN),
        ],
        {"rounds": [ROUND_1, (2, "03-01", None, "oman", "held")], "unconfirmed": None},
    ),
    # After round 2, two outlets say the experts' talks set for Wednesday are put off: no
    # round 3 postponed, experts' talks without a number.
    Case(
        "experts-talks-put-off-are-no-round-put-off",
        [*both("02-17", "held", GENEVA), *both("02-23", "postponed", date="02-25", format="technical")],
        {"next": (None, "02-25", None, None, "postponed")},
    ),
    # The mediator's ruler is said to arrive in one side's capital on Sunday, with no word of
    # talks resuming: no meeting of the sides is next.
    Case(
        "a-mediators-visit-to-one-side-is-not-the-next-round",
        both("02-20", "announced", date="02-22", format="consultation"),
        {"next": None},
    ),
    # While a round is under way, the same words are of that round.
    Case(
        "talks-said-to-go-on-during-a-round-are-of-that-round",
        [*both("02-17", "under_way", GENEVA), *both("02-18", "under_way", goes_on=True)],
        {"latest": (2, "02-17", "02-18", "geneva", "under_way")},
    ),
    # ------------------------------------------------ a meeting known by its month
    # Reports weeks later that talks were held in Oman "in February": the first round, which
    # they neither move nor double.
    Case(
        "talks-said-held-in-a-month-are-that-months-round",
        both("03-10", "held", OMAN, date="02-01", dated="month"),
        {"rounds": [ROUND_1], "latest": ROUND_1, "unconfirmed": None},
    ),
    # Talks revealed weeks later, held "in March" in Oman: a second round known by its month,
    # until a report gives its day and city; then that day, still the second round.
    Case(
        "a-round-revealed-later-is-known-by-its-month",
        [*both("04-14", "held", OMAN, date="03-01", dated="month"), *both("04-20", "held", GENEVA)],
        {
            "rounds": [ROUND_1, (2, "03-01", None, "oman", "held"), (3, "04-20", None, "geneva", "held")],
            "latest": (3, "04-20", None, "geneva", "held"),
        },
    ),
    Case(
        "a-round-known-by-its-month-takes-the-day-a-report-gives",
        [
            *both("04-14", "held", OMAN, date="03-01", dated="month"),
            r("C", "04-16", "held", MUSCAT, date="03-10"),
        ],
        {"rounds": [ROUND_1, (2, "03-10", None, "muscat", "held")]},
        extra={"known_by": "day"},
    ),
    Case(
        "a-round-known-by-its-month-is-shown-so",
        both("04-14", "held", OMAN, date="03-01", dated="month"),
        {"latest": (2, "03-01", None, "oman", "held")},
        extra={"known_by": "month"},
    ),
    # One outlet's word of another round, no day, no place, no number ("another round is
    # expected soon"): no next round; a second outlet, or a day, or a place, makes it one.
    Case(
        "one-outlets-word-of-another-round-with-nothing-set-is-no-next",
        [*both("02-06", "held", MUSCAT), r("A", "02-20", "announced", new_round=True)],
        {"next": None},
    ),
    Case(
        "two-outlets-word-of-another-round-is-next",
        [*both("02-06", "held", MUSCAT), *both("02-20", "announced", new_round=True)],
        {"next": (2, None, None, None, "announced")},
    ),
    Case(
        "one-outlets-word-of-another-round-with-a-place-is-next",
        [*both("02-06", "held", MUSCAT), r("A", "02-20", "announced", GENEVA)],
        {"next": (None, None, None, "geneva", "announced")},
    ),
    # A round after more than three months without one: the talks resumed after a pause.
    Case(
        "a-round-after-months-without-one-resumes-the-talks",
        [*both("02-17", "held", GENEVA), *both("06-20", "under_way", MUSCAT)],
        {"talks": ("resumed", "06-20"), "latest": (3, "06-20", None, "muscat", "under_way")},
        extra={"break": ("pause", "2026-02-17")},
    ),
    # Talks that meet every few months as a rule do not pause between their rounds: four
    # months after rounds ten weeks apart is their cadence, not a break ...
    Case(
        "a-series-that-meets-every-few-months-does-not-pause-between-its-rounds",
        [*both("04-17", "held", GENEVA), *both("08-20", "under_way", MUSCAT)],
        {"talks": ("active", None), "latest": (3, "08-20", None, "muscat", "under_way")},
    ),
    # ... while four months after rounds two weeks apart is.
    Case(
        "a-series-that-met-every-two-weeks-pauses-when-months-pass",
        [*both("02-20", "held", GENEVA), *both("06-20", "under_way", MUSCAT)],
        {"talks": ("resumed", "06-20"), "latest": (3, "06-20", None, "muscat", "under_way")},
        extra={"break": ("pause", "2026-02-20")},
    ),
    # Round 2 paused in Geneva; the next day one outlet tells it as ended that day, and
    # another reports the pause (no day of its own): still paused, to resume.
    Case(
        "a-pause-reported-after-one-outlet-told-the-end-stays-paused",
        [
            *both("02-17", "paused", GENEVA),
            r("C", "02-18", "held", GENEVA, "02-17", dated="relative"),
            r("D", "02-18", "paused", GENEVA),
        ],
        {"latest": (2, "02-17", "02-18", "geneva", "paused")},
    ),
    # Round 2 ended in Rome, say two outlets; a third tells "the second round" held in Milan
    # that week: outlets that disagree on the city, one round (not a third in Milan).
    Case(
        "one-round-numbered-alike-at-two-cities-of-one-country",
        [*both("02-16", "held", ROME, number=2), r("C", "02-19", "held", MILAN, number=2)],
        {"rounds": [ROUND_1, (2, "02-16", "02-19", "rome", "held")]},
    ),
    # ... but another number there is another meeting.
    Case(
        "another-number-at-another-city-of-the-country-is-another-round",
        [*both("02-16", "held", ROME, number=2), *both("02-19", "held", MILAN, number=3)],
        {"rounds": [ROUND_1, (2, "02-16", None, "rome", "held"), (3, "02-19", None, "gn:3173435", "held")]},
    ),
    # Talks announced for the 17th and 18th, reported under way on the 17th and then no more:
    # on the 20th the round is over, on the day it was to end.
    Case(
        "a-round-announced-for-two-days-is-over-when-they-have-passed",
        [
            *both("02-10", "announced", GENEVA, date="02-17", end_date="2026-02-18"),
            *both("02-17", "under_way", GENEVA),
        ],
        {"latest": (2, "02-17", "02-18", "geneva", "held")},
        today="02-20",
    ),
]


def _params(cases: list[Case], xfail: bool) -> list[Any]:
    return [
        pytest.param(
            c,
            id=c.id,
            marks=[pytest.mark.xfail(strict=True, reason=c.bug)] if (xfail and c.bug) else [],
        )
        for c in cases
    ]


@pytest.mark.parametrize("case", _params(CASES, xfail=True))
def test_the_timeline_the_readings_give(case: Case) -> None:
    timeline = case.build()
    got = summary(timeline)
    assert {k: got[k] for k in case.expect} == case.expect
    if "outlets" in case.extra:
        assert timeline.latest is not None and timeline.latest.outlets == case.extra["outlets"]
    if "break" in case.extra:
        assert (timeline.talks.break_kind, timeline.talks.break_since) == case.extra["break"]
    if "known_by" in case.extra:
        assert timeline.latest is not None and timeline.latest.known_by == case.extra["known_by"]
    if "since" in case.extra:
        assert tuple(e.kind for e in timeline.since_latest()) == case.extra["since"]


@pytest.mark.parametrize("case", _params(CASES, xfail=False))
def test_the_order_of_the_readings_does_not_matter(case: Case) -> None:
    expected = case.build()
    orders = [list(reversed(case.readings))]
    for seed in range(12):
        shuffled = list(case.readings)
        random.Random(seed).shuffle(shuffled)
        orders.append(shuffled)
    for readings in orders:
        assert case.build(readings) == expected
