"""The rounds of a series of talks and the state of the talks, from every reading at once
(pure logic).

Each report was read on its own (bot.news.rounds): a round under way, held or paused
somewhere on some day, announced for a day, postponed; a number, if it gave one; or
something that happened to the talks as a whole. Here all of a topic's readings are
weighed together, so the same reports in any order give the same timeline and no early
report decides alone:

1. **Meetings.** Reports of talks under way, paused or ended are grouped by day and place:
   reports at most ``GAP_DAYS`` apart, at places that may be the same ("talks in Oman" and
   "talks in Muscat" are one meeting), are one meeting. A report that talks *ended*, with
   no day of their own, closes a meeting that began up to ``LOOSE_DAYS`` before.
   Reports about an earlier round ("last week's talks in Geneva") neither open a meeting
   nor move one.
2. **Announcements** go to the meeting that fulfils them (held within ``ANNOUNCED_DAYS``
   of the day announced, at a place that may be the same); the others wait as what comes
   next, postponed or cancelled if a later report says so.
3. **Confirmed.** A meeting two outlets report (announcements included), or one official
   source, is confirmed; one reported by a single outlet is shown as such and takes no
   number.
4. **Numbers.** The confirmed meetings are numbered in order, one after the topic's
   baseline, as a whole (:func:`_numbering`): a number the press states wins over the
   count; a meeting whose reports say it went on after a pause keeps its round's number
   when the press numbers it so; a meeting that the press's numbers leave no room for is
   shown without a number; a meeting of experts ("technical talks") is never a round.
5. **The talks.** Collapsed or suspended (confirmed events) since a day; resumed when a
   round follows a break (such an event, or a pause: more than ``BREAK_DAYS`` without a
   round, and more than ``PAUSE_FACTOR`` times the series' usual time between rounds).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import itertools
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from bot.records import PlaceRef, ReadingRecord

GAP_DAYS = 3  # reports of one meeting are at most this many days apart
LOOSE_DAYS = 10  # an undated "talks ended" closes a meeting that began up to this many days before
ANNOUNCED_DAYS = 4  # a meeting within this many days of the day announced fulfils the announcement
UNDATED_DAYS = 45  # an undated announcement is fulfilled by a meeting within this many days
ECHO_DAYS = 2  # reports of talks going on, this many days after they were told ended, echo them
STALE_DAYS = 14  # a round reported under way and not since for this long is shown as held
REPLANNED_DAYS = 7  # a meeting announced after this long without reports is a new round
BREAK_DAYS = 90  # this long without a round is a break: the next round resumes the talks
# ... unless the series meets that seldom as a rule: a pause is also this many times longer
# than the usual time between its rounds (talks that meet every four months do not pause).
PAUSE_FACTOR = 2.0
SAME_EVENT_DAYS = 1  # reports of one kind of event this many days apart are one event
# ... or this many, for talks suspended or collapsed: a state that lasts, which outlets report
# days apart ("formally frozen", then "Washington froze the dialogue").
SAME_STATE_DAYS = 7
SOURCES = 10  # reports a round cites
RECENT_PLANS = 7  # announcements this many days before the newest still compete with it
HAPPENING = ("under_way", "paused", "held")
# Meetings that are no round: experts' talks, and a mediator's with one side alone
# ("Ashton met Jalili in Istanbul"; see bot.ingest.analysis).
NOT_ROUNDS = ("technical", "consultation")
BREAKS = ("collapsed", "suspended")
# Of two breaks on one day, the graver is what the talks are.
_GRAVITY = {"pause": 0, "strikes": 1, "suspended": 2, "collapsed": 3}
# What ends the prospect of an announced round.
ENDS_PROSPECT = ("collapsed", "suspended", "strikes")
# Scores of the numbering: an outlet stating a number; a meeting left unnumbered; a number
# skipped; a meeting that goes on with its round's number (after a round still open,
# paused, or ended).
VOTE = 3.0
SKIP = -2.5
JUMP = -3.0
GOES_ON_OPEN = 2.0
GOES_ON_PAUSED = 1.0
GOES_ON_ENDED = -2.0
AGREE = 0.5  # for each further outlet stating the same number
# Numbering afresh after a break (talks broken off, suspended, a war, or months without a
# round), as the press does for talks that resume in a new format ("the first round of the
# ceasefire talks"): more than one outlet's number must ask for it.
RESTART = -2.0
NEW_ROUND_CUE = -1.5  # each outlet saying "a new round", against going on


@dataclass(frozen=True)
class Source:
    """A report a round or an event cites."""

    title: str
    url: str | None
    outlet: str


@dataclass(frozen=True)
class Baseline:
    """A round the topic file states (its facts outweigh any report)."""

    series: str
    number: int | None
    date: dt.date | None
    venue: PlaceRef | None
    state: str
    format: str | None = None
    mediator: PlaceRef | None = None
    participants: tuple[str, ...] = ()
    summary: str = ""
    next_step: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Meeting:
    """A round of the timeline, a meeting it does not number, or one announced."""

    series: str
    number: int | None
    date: str | None  # ISO, its first day
    end_date: str | None  # ISO, its last day when later than the first
    venue: PlaceRef | None
    state: str  # announced, under_way, paused, held, postponed, cancelled
    outlets: tuple[str, ...] = ()  # every outlet that reported it, the first first
    official: bool = False
    technical: bool = False  # experts' talks: not a round
    baseline: bool = False
    host: PlaceRef | None = None
    mediator: PlaceRef | None = None
    format: str | None = None
    sources: tuple[Source, ...] = ()
    participants: tuple[str, ...] = ()
    summary: str = ""
    next_step: str = ""
    resumes: bool = False  # announced: the round that paused goes on
    known_by: str = "day"  # "week" or "month" when its day is not known (date: the period's first)

    @property
    def confirmed(self) -> bool:
        """Two outlets or an official source (or the topic file) stand behind it."""
        return self.baseline or self.official or len(self.outlets) >= 2


@dataclass(frozen=True)
class Event:
    """Something that happened to the talks, with the reports that said so."""

    kind: str
    date: str  # ISO, the earliest report's day
    title: str  # the first report's headline
    sources: tuple[Source, ...]
    official: bool = False

    @property
    def confirmed(self) -> bool:
        return self.official or len({s.outlet for s in self.sources}) >= 2


@dataclass(frozen=True)
class Talks:
    """The state of the talks as a whole."""

    state: str = "active"  # active, suspended, collapsed, resumed
    since: str | None = None  # ISO
    break_kind: str | None = None  # before "resumed": suspended, collapsed, or "pause" (no round for long)
    break_since: str | None = None  # ISO: when that break began


@dataclass(frozen=True)
class Timeline:
    """A series of talks as the reports tell it, on a given day."""

    series: str | None
    meetings: tuple[Meeting, ...]  # rounds, unnumbered meetings and announcements, by day
    latest: Meeting | None  # the latest confirmed round that took place or is under way
    unconfirmed: Meeting | None  # a later meeting only one outlet reported
    next: Meeting | None  # announced (or postponed, cancelled) and still ahead
    called_off: Meeting | None  # announced, and the talks broke off since
    events: tuple[Event, ...]
    talks: Talks
    today: dt.date

    def since_latest(self) -> tuple[Event, ...]:
        """The confirmed events since the latest round began."""
        start = self.latest.date if self.latest else None
        return tuple(e for e in self.events if e.confirmed and (start is None or e.date >= start))


# ---------------------------------------------------------------- grouping


def iso_day(iso: str | None) -> dt.date | None:
    """The day an ISO date or timestamp names; None for none or a malformed one."""
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _published(reading: ReadingRecord) -> dt.date:
    return dt.datetime.fromtimestamp(reading.published, dt.UTC).date()


def _canonical(reading: ReadingRecord) -> tuple:
    """An order that does not depend on when reports arrived or were stored."""
    return (
        reading.published,
        reading.outlet,
        reading.url or "",
        reading.title,
        reading.kind,
        reading.state or "",
        reading.date or "",
        reading.number or 0,
        # The rest of the reading: two readings equal on all of it are interchangeable.
        reading.end_date or "",
        reading.venue.id if reading.venue else "",
        reading.host.id if reading.host else "",
        reading.mediator.id if reading.mediator else "",
        reading.official,
        reading.new_round,
        reading.resumes,
        reading.goes_on,
        reading.begins,
        reading.retrospective,
        reading.dated or "",
        reading.format or "",
        reading.lang or "",
    )


def compatible(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    """Reports at these places may speak of one meeting: the same place, one within the
    other, or one of them names none."""
    return a is None or b is None or a.within(b) or b.within(a)


@dataclass
class _Cluster:
    """Reports of one meeting, as they are grouped."""

    first: dt.date
    last: dt.date
    sightings: list[ReadingRecord] = field(default_factory=list)
    anchors: list[dt.date] = field(default_factory=list)
    announcements: list[ReadingRecord] = field(default_factory=list)
    mentions: list[ReadingRecord] = field(default_factory=list)  # a number said in passing
    baseline: Baseline | None = None
    known_by: str = "day"  # "week" or "month": its reports name the period it took place in, no day

    def venue(self) -> PlaceRef | None:
        if self.baseline is not None and self.baseline.venue is not None:
            return self.baseline.venue
        return _best_place(r.venue for r in [*self.sightings, *self.announcements])

    def outlets(self) -> tuple[str, ...]:
        """The outlets that reported it: its reports, and those that named its round in
        passing at its place ("the fifth round opened this week in Vienna")."""
        venue = self.venue()
        said = [r for r in self.mentions if r.venue is not None and compatible(venue, r.venue)]
        # (An announcement that names no day, place or number, "talks will go on", foretold
        # no meeting in particular: it does not vouch for this one.)
        told = [r for r in self.announcements if r.date or r.venue or r.number is not None]
        return tuple(dict.fromkeys(r.outlet for r in [*self.sightings, *told, *said]))

    def official(self) -> bool:
        return any(r.official for r in [*self.sightings, *self.announcements])

    def technical(self) -> bool:
        """No round: experts' talks, or a mediator's meeting with one side that no report
        announced as talks of both (a round announced between the sides and reported only
        as "Bagheri met the EU coordinator" is still that round)."""
        if self.baseline is not None or not self.sightings:
            return False
        if all(r.format == "technical" for r in self.sightings):
            return True
        return all(r.format in NOT_ROUNDS for r in self.sightings) and all(
            r.format in NOT_ROUNDS for r in self.announcements
        )

    def confirmed(self) -> bool:
        return self.baseline is not None or self.official() or len(self.outlets()) >= 2

    def ended(self) -> bool:
        """Its latest report says it ended or paused (the topic file's round: as it says)."""
        if self.baseline is not None:
            return self.baseline.state in ("held", "cancelled", "postponed")
        return _last_state(self) in ("held", "paused")

    def votes(self) -> dict[int, float]:
        """Each number reports state for this meeting, weighed by outlet (official twice)."""
        weight: dict[tuple[str, int], float] = {}

        # A number equal to the day of the meeting it is said on, after the first, counts
        # its sessions ("resume a second round of talks today", on the second day): no vote.
        def a_session(r: ReadingRecord) -> bool:
            day = iso_day(r.date) or _published(r)
            return r.number is not None and r.number > 1 and r.number == (day - self.first).days + 1

        for r in [*self.sightings, *self.announcements, *self.mentions]:
            if r.number is not None and not a_session(r):
                key = (r.outlet, r.number)
                weight[key] = max(weight.get(key, 0.0), VOTE * (2.0 if r.official else 1.0))
        # Outlets agreeing on a number outweigh as many numbers skipped: two saying "the
        # fourth round" after round 1 settle the rounds the reports missed.
        votes: dict[int, float] = {}
        outlets: Counter[int] = Counter()
        for (_, number), w in weight.items():
            votes[number] = votes.get(number, 0.0) + w
            outlets[number] += 1
        return {number: vote + AGREE * (outlets[number] - 1) for number, vote in votes.items()}

    def new_round_cues(self) -> int:
        """Outlets that call it a new round (or announced it as the next)."""
        return len({r.outlet for r in [*self.sightings, *self.announcements] if r.new_round})

    def goes_on_cues(self) -> int:
        """Outlets that say the talks go on ("continue", "reconvene to continue"), or pause
        them (a pause begins no round)."""
        return len({r.outlet for r in self.sightings if r.goes_on or r.state == "paused"})


def _best_place(places: Iterable[PlaceRef | None]) -> PlaceRef | None:
    """The place most reports name, as precisely as any names it: the country with the
    most support, then its city with the most (ties: the first named)."""
    named = [p for p in places if p is not None]
    if not named:
        return None
    by_country: Counter[str] = Counter()
    for p in named:
        by_country[p.country or p.id] += 1
    country = max(
        by_country,
        key=lambda c: (by_country[c], -min(i for i, p in enumerate(named) if (p.country or p.id) == c)),
    )
    ours = [p for p in named if (p.country or p.id) == country]
    cities = [p for p in ours if p.kind != "country"]
    pool = cities or ours
    counts = Counter(p.id for p in pool)
    best = max(counts, key=lambda i: (counts[i], -next(n for n, p in enumerate(pool) if p.id == i)))
    return next(p for p in pool if p.id == best)


def _happening(r: ReadingRecord) -> bool:
    return r.kind == "round" and r.state in HAPPENING and not r.retrospective


def _loose(r: ReadingRecord) -> bool:
    """A report that talks ended or paused: its day is the meeting's last, which may have
    begun days before."""
    return r.state in ("held", "paused")


def _reach(cluster: _Cluster, reading: ReadingRecord) -> int:
    """How many days after a meeting's last report ``reading`` may still be of it: a report
    that talks ended, or go on, closes or continues a meeting that began days before and is
    still shown under way (reported so within ``STALE_DAYS``) however long its reports fell
    silent."""
    going_on = cluster.sightings and _last_state(cluster) == "under_way"
    if not _loose(reading):
        # Talks said to go on ("the fifth round, begun on Monday, continues") go on with a
        # meeting still under way, as an end closes one.
        return (
            max(LOOSE_DAYS, STALE_DAYS)
            if going_on and reading.goes_on and not reading.new_round
            else GAP_DAYS
        )
    if going_on:
        return max(LOOSE_DAYS, STALE_DAYS)
    return LOOSE_DAYS


def _anchor(r: ReadingRecord) -> dt.date:
    """The day a report speaks of: its date, or the day it counted from the first
    ("the fourth day of talks on Thursday": Thursday), or its own."""
    if r.dated == "counted" and (told := iso_day(r.end_date)) is not None:
        return told
    return iso_day(r.date) or _published(r)


def _first_day(r: ReadingRecord, anchor: dt.date) -> dt.date:
    """The first day of talks a report gives: the day it counted back to, or its anchor."""
    counted = iso_day(r.date) if r.dated == "counted" else None
    return min(counted, anchor) if counted is not None else anchor


def _ended_before(cluster: _Cluster) -> dt.date | None:
    """The day the meeting ended when two outlets or more told it ended and one alone tells
    of it the day after as going on ("met today", written the evening before and published
    after midnight), or when a report told the round ended by its number and after it, for
    ``ECHO_DAYS``, only reports of talks going on that name no day: those days are no days
    of the meeting. None otherwise."""
    pairs = list(zip(cluster.sightings, cluster.anchors, strict=True))
    ends = [a for r, a in pairs if r.state == "held"]
    if not ends:
        return None
    after = [(r, a) for r, a in pairs if a > max(ends)]
    if not after or any(r.state != "under_way" or r.resumes or r.goes_on for r, _ in after):
        return None
    if len({r.outlet for r in cluster.sightings if r.state == "held"}) >= 2 and (
        len({r.outlet for r, _ in after}) == 1
        and all(r.dated != "counted" and (a - max(ends)).days == 1 for r, a in after)
    ):
        return max(ends)
    # A round told ended by its number ("انتهاء الجولة الثانية"), then reports in the present
    # that name no day ("Iran, US hold second round of talks in Oman", the next day): echoes.
    numbered_end = any(r.state == "held" and r.number is not None for r, a in pairs if a == max(ends))
    if numbered_end and all(
        r.dated in (None, "report") and (a - max(ends)).days <= ECHO_DAYS for r, a in after
    ):
        return max(ends)
    return None


def _told_ended_the_day_before(cluster: _Cluster) -> dt.date | None:
    """The day a report dates the meeting's end by ("Saturday's talks were constructive"),
    when on the day after it only reports that name no day tell it ended ("انتهاء الجولة
    الثانية", the end of the second round, published the next morning): that end, not the
    day they were published. None otherwise."""
    if not cluster.sightings:
        return None
    pairs = list(zip(cluster.sightings, cluster.anchors, strict=True))
    last = max(cluster.anchors)
    newest = [r for r, a in pairs if a == last]
    dated = [a for r, a in pairs if r.state == "held" and r.dated in ("relative", "explicit") and a < last]
    if (
        dated
        and (last - max(dated)).days == 1
        and all(r.state == "held" and r.dated in (None, "report") and r.end_date is None for r in newest)
    ):
        return max(dated)
    return None


def _last_state(cluster: _Cluster) -> str | None:
    """The state most outlets give on its last day: an end outweighs talks going on when as
    many say each ("the talks in Doha ended" beside "continue"); talks that ended a day
    after others reported them paused are paused (to resume)."""
    if not cluster.sightings:
        return None
    rank = {"under_way": 0, "held": 1, "paused": 2}
    pairs = list(zip(cluster.sightings, cluster.anchors, strict=True))
    ends = [a for r, a in pairs if r.state == "held"]
    if ends and all(
        r.dated in (None, "report")
        and r.end_date is None
        and not r.resumes
        and not r.goes_on
        and r.state != "paused"  # "negotiators announced a pause": news of it, no comment
        for r, a in pairs
        if a > max(ends)
    ):
        # Talks said to have ended, and after that only reports that name no day of talks
        # ("talks stall", "made little progress this week"): comment on the meeting that ended.
        later = [a for _, a in pairs if a > max(ends)]
        if later:
            return "held"
    if _ended_before(cluster) is not None:
        return "held"
    last = max(cluster.anchors)
    today = [r for r, a in zip(cluster.sightings, cluster.anchors, strict=True) if a == last and r.state]
    # Told on a later day that the talks resumed that day ("resumed on Tuesday after a
    # five-month pause", the day after): news that the talks are back, not that that day's
    # meeting goes on, once a report says it ended.
    if any(r.state in ("held", "paused") for r in today):
        today = [r for r in today if not (r.state == "under_way" and r.resumes and _published(r) > last)]
    said: dict[str, set[str]] = {}
    official: set[str] = set()
    for r in today:
        if r.state is not None:
            said.setdefault(r.state, set()).add(r.outlet)
            if r.official:
                official.add(r.state)
    # An official source counts twice.
    state = max(said, key=lambda s: (len(said[s]) + (s in official), rank.get(s, -1)))
    newest = max(today, key=lambda r: r.published)
    if (
        state == "under_way"
        and newest.state in ("held", "paused")
        and not any(r.state == "under_way" and r.published >= newest.published for r in today)
    ):
        state = newest.state  # the talks were under way this morning and ended this evening
    # Told over after its last day ("concluded the second cycle, held on Wednesday and
    # Thursday", the day after): it is over, unless it is told going on again after that.
    over = [r for r in cluster.sightings if r.state in ("held", "paused") and _published(r) > last]
    if state == "under_way" and over:
        told = max(over, key=lambda r: r.published)
        if not any(r.state == "under_way" and r.published > told.published for r in cluster.sightings):
            state = told.state or state
    if state == "held" and any(
        r.state == "paused" and (last - a).days == 1
        for r, a in zip(cluster.sightings, cluster.anchors, strict=True)
    ):
        return "paused"
    return state


def _state_on(cluster: _Cluster, day: dt.date) -> str | None:
    """The meeting's state as the reports published by ``day`` give it."""
    pairs = [(r, a) for r, a in zip(cluster.sightings, cluster.anchors, strict=True) if _published(r) <= day]
    if not pairs:
        return None
    return _last_state(replace(cluster, sightings=[r for r, _ in pairs], anchors=[a for _, a in pairs]))


def _cluster(
    baseline: Sequence[Baseline], readings: Sequence[ReadingRecord]
) -> tuple[list[_Cluster], list[ReadingRecord]]:
    """Group the reports of talks taking place into meetings (the baseline's rounds first);
    with them, the reports of talks paused months after the last round, which open none: the
    talks halted."""
    clusters = [_Cluster(b.date, b.date, baseline=b) for b in baseline if b.date is not None]
    halted: list[ReadingRecord] = []
    plans = [r for r in readings if r.kind == "round" and r.state == "announced" and r.date]
    happening = sorted((r for r in readings if _happening(r)), key=lambda r: (_anchor(r), _canonical(r)))
    for reading in happening:
        day = _anchor(reading)
        if reading.dated in ("month", "week"):
            # Talks in a month named, or last week, with no day ("held talks in Oman in May",
            # "met in Qatar last week"): the meeting of that period at that place, whose days
            # it neither moves nor stretches; else a meeting known by its period alone, until
            # a report gives its day.
            period_end = _period_end(reading.dated, day)
            known = [
                c
                for c in clusters
                if c.first <= period_end and c.last >= day and compatible(c.venue(), reading.venue)
            ]
            if known:
                cluster = max(known, key=lambda c: (c.last, c.first))
            else:
                cluster = _Cluster(day, day, known_by=reading.dated)
                clusters.append(cluster)
            cluster.sightings.append(reading)
            cluster.anchors.append(min(max(cluster.first, day), cluster.last))
            continue
        fits = [
            c
            for c in clusters
            if (
                c.first - dt.timedelta(days=GAP_DAYS) <= day <= c.last + dt.timedelta(days=_reach(c, reading))
                or (c.known_by != "day" and c.first <= day <= _period_end(c.known_by, c.first))
            )
            and (compatible(c.venue(), reading.venue) or _numbered_alike(c, reading))
            and not (day > c.last + dt.timedelta(days=GAP_DAYS) and _planned_afresh(c, day, reading, plans))
        ]
        told = [] if fits else _told_days_ago(clusters, reading)
        if told:
            # Talks said to have been held, on no day, in the days others revealed a meeting
            # at that place weeks before ("US held secret talks with Iran in Oman", the day
            # after "Oman hosted talks in January"): that meeting, its days unmoved.
            cluster = max(told, key=lambda c: (c.last, c.first))
            cluster.sightings.append(reading)
            cluster.anchors.append(cluster.last)
            continue
        if fits:
            cluster = max(fits, key=lambda c: (c.last, c.first))
            if (
                cluster.known_by != "day"
                and reading.dated in (None, "report")
                and reading.state == "held"
                and day > _period_end(cluster.known_by, cluster.first)
            ):
                # A meeting known by its week or month, told held again after it, with no day
                # of its own ("held a fourth round in Baghdad", the day after "the meeting
                # held last week"): that meeting, still known by its period. (Talks reported
                # going on within the period give it their day.)
                cluster.sightings.append(reading)
                cluster.anchors.append(cluster.last)
                continue
        elif _halts_the_talks(clusters, reading):
            halted.append(reading)  # the channel stops: no meeting of its own
            continue
        elif _channel(reading):
            continue  # the channel goes on: no meeting of its own, none to go on with
        else:
            cluster = _Cluster(day, day)
            clusters.append(cluster)
        if cluster.known_by != "day":
            # The day of a meeting known by its period: its reports so far are of that day.
            cluster.known_by = "day"
            cluster.first = cluster.last = day
            cluster.anchors = [day for _ in cluster.anchors]
        cluster.sightings.append(reading)
        cluster.anchors.append(day)
        if cluster.baseline is None:  # the topic file's round keeps the day it states
            cluster.first, cluster.last = min(cluster.first, _first_day(reading, day)), max(cluster.last, day)
    return sorted(clusters, key=lambda c: (c.first, c.last, c.baseline is None)), halted


def _numbered_alike(cluster: _Cluster, reading: ReadingRecord) -> bool:
    """``reading`` gives the number the meeting's own reports give it, at another city of
    the same country: outlets that disagree on the city ("the second round ended in Ankara";
    "held the second round in Istanbul this week"), not a second meeting."""
    venue = cluster.venue()
    return (
        reading.number is not None
        and venue is not None
        and reading.venue is not None
        and venue.country is not None
        and venue.country == reading.venue.country
        and any(r.number == reading.number for r in cluster.sightings)
    )


def _planned_afresh(
    cluster: _Cluster, day: dt.date, reading: ReadingRecord, plans: Sequence[ReadingRecord]
) -> bool:
    """A meeting was announced for about ``day``, at the reading's place, after ``cluster``'s
    last report: a report of talks ended that day is of that meeting, not a late word of the
    one before ("the second round ended in Islamabad", a week after the first ended there
    and days after the second was set for Saturday)."""
    return any(
        _published(plan) > cluster.last
        and abs(((iso_day(plan.date) or day) - day).days) <= ANNOUNCED_DAYS
        and compatible(plan.venue, reading.venue)
        for plan in plans
    )


def _told_days_ago(clusters: Sequence[_Cluster], reading: ReadingRecord) -> list[_Cluster]:
    """The earlier meetings at ``reading``'s place that other reports told of in the days
    it was published, when it says talks were held, or are going on, and gives no day (the
    topic file's round too, once reports tell of it: "Saudi and Iranian officials have been
    holding talks in Baghdad", the day the first round of 9 April was revealed)."""
    if (
        reading.state not in ("held", "under_way")
        or reading.dated not in (None, "report")
        or reading.venue is None
    ):
        return []
    said = _published(reading)
    return [
        c
        for c in clusters
        if c.last < said
        and compatible(c.venue(), reading.venue)
        and any(abs((_published(r) - said).days) <= GAP_DAYS for r in c.sightings)
    ]


def _halts_the_talks(clusters: Sequence[_Cluster], reading: ReadingRecord) -> bool:
    """Talks reported paused long after the last round (more than ``BREAK_DAYS``): no
    round paused, the talks halted ("Iran halts the indirect talks", months on)."""
    if reading.state != "paused":
        return False
    day = _anchor(reading)
    before = [c for c in clusters if c.first <= day and c.confirmed()]
    if not before:
        return False
    return (day - max(c.last for c in before)).days > BREAK_DAYS


def _channel(reading: ReadingRecord) -> bool:
    """A report of talks going on or paused that names no place, no day of a meeting of
    its own, no number and no "new round" ("the indirect talks through the mediator
    continue", "the envoy met Iran's UN ambassador on several occasions"): the channel,
    which opens no meeting."""
    return (
        reading.state in ("under_way", "paused")
        and reading.venue is None
        and (reading.dated == "report" or _anchor(reading) == _published(reading))
        and reading.number is None
        and not reading.new_round
    )


def _month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _period_end(period: str, first: dt.date) -> dt.date:
    """The last day of the week or month that begins on ``first``."""
    return first + dt.timedelta(days=6) if period == "week" else _month_end(first)


def _attach_announcements(clusters: list[_Cluster], readings: Sequence[ReadingRecord]) -> list[ReadingRecord]:
    """Give each announcement to the meeting that fulfils it; the rest wait (returned)."""
    waiting = []
    for reading in sorted((r for r in readings if r.kind == "round" and not r.retrospective), key=_canonical):
        if reading.state == "announced":
            said = _published(reading)
            target = iso_day(reading.date)
            fits = [
                c
                for c in clusters
                if compatible(c.venue(), reading.venue)
                and (
                    # Announced for a day of a meeting that began already ("the third round
                    # resumes today"), or fulfilled by one within days of the day announced.
                    (c.first - dt.timedelta(days=1) <= target <= c.last)
                    or (c.first >= said and abs((c.first - target).days) <= ANNOUNCED_DAYS)
                    if target is not None
                    else c.first >= said and (c.first - said).days <= UNDATED_DAYS
                )
            ]
            if (
                not fits
                and target is not None
                and 0 <= (target - said).days <= 7
                and not (reading.resumes or reading.new_round)
            ):
                # Said of a meeting under way ("until the end of this round, on Friday"), or
                # of a meeting's next day, told that day ("a daylong meeting on Monday", then
                # on Tuesday "talks today on the bases").
                fits = [
                    c
                    for c in clusters
                    if c.first <= said <= c.last + dt.timedelta(days=GAP_DAYS)
                    and (_last_state(c) == "under_way" or target == said == c.last + dt.timedelta(days=1))
                    and compatible(c.venue(), reading.venue)
                ]
            if not fits and target is None and not (reading.resumes or reading.new_round):
                # An arrival while a round is under way ("Kerry lands in Vienna for the talks").
                fits = [
                    c
                    for c in clusters
                    if c.first <= said <= c.last + dt.timedelta(days=STALE_DAYS)
                    and _state_on(c, said) == "under_way"
                    and c.venue() is not None
                    and compatible(c.venue(), reading.venue)
                ]
            if fits:
                min(fits, key=lambda c: c.first).announcements.append(reading)
            else:
                waiting.append(reading)
        elif reading.state in ("postponed", "cancelled"):
            waiting.append(reading)
        elif reading.state is None and reading.number is not None:
            said = _published(reading)
            near = [
                c
                for c in clusters
                if c.first - dt.timedelta(days=GAP_DAYS) <= said <= c.last + dt.timedelta(days=GAP_DAYS)
            ]
            if near:
                max(near, key=lambda c: c.last).mentions.append(reading)
    return waiting


# ---------------------------------------------------------------- numbering


def _goes_on(previous: _Cluster, cluster: _Cluster) -> float:
    """How likely ``cluster`` is its round going on after ``previous`` (a score): likely
    after a round still under way, somewhat after one paused for consultations, unlikely
    after one that ended or was silent for weeks, unless the reports say the talks go on
    ("reconvene to continue"); less so with every outlet that calls it a new round."""
    state = "held" if previous.baseline is not None and previous.ended() else _last_state(previous)
    gap = (cluster.first - previous.last).days
    # Weeks of silence, or a week and then a meeting announced afresh, or talks said to
    # resume (they had stopped, unreported): the round had ended.
    replanned = gap >= REPLANNED_DAYS and (
        any(_published(r) > previous.last for r in cluster.announcements)
        or any(
            r.resumes and r.state == "under_way"
            for r, day in zip(cluster.sightings, cluster.anchors, strict=True)
            if day == cluster.first
        )
    )
    silent = gap > STALE_DAYS or replanned
    if state == "held":
        # A meeting set afresh, days after one that ended, is a meeting of its own.
        afresh = gap > GAP_DAYS and any(_published(r) > previous.last for r in cluster.announcements)
        score = GOES_ON_ENDED + (JUMP if afresh else 0.0)
    elif state == "paused":
        score = GOES_ON_PAUSED
    else:
        score = GOES_ON_ENDED if silent and not cluster.goes_on_cues() else GOES_ON_OPEN
    score += NEW_ROUND_CUE * min(3, cluster.new_round_cues())
    if (cluster.first - previous.last).days > 30:
        score += JUMP
    return score


_Key = tuple[int, int, bool]  # last number, index of the last numbered meeting, restart unproven
_Way = tuple[float, tuple[int | None, ...], tuple[int, ...]]  # score, numbers, restarts


def _offer(states: dict[_Key, _Way], key: _Key, way: _Way) -> None:
    """Keep the better way to reach a state of the numbering (the first of equals)."""
    if key not in states or way[0] > states[key][0]:
        states[key] = way


def _leaders(states: dict[_Key, _Way]) -> set[_Key]:
    """Of the ways that end on each number, proven or not, the best (the first of equals)."""
    best: dict[tuple[int, bool], _Key] = {}
    for key, way in states.items():
        group = (key[0], key[2])
        if group not in best or way[0] > states[best[group]][0]:
            best[group] = key
    return set(best.values())


def _after_a_break(previous: _Cluster, cluster: _Cluster, breaks: Sequence[dt.date]) -> bool:
    """The talks broke off, were suspended or struck at, or paused for months, between the
    two meetings."""
    return (cluster.first - previous.last).days > BREAK_DAYS or any(
        previous.last <= day <= cluster.first for day in breaks
    )


def _numbering(
    clusters: list[_Cluster], breaks: Sequence[dt.date] = ()
) -> tuple[dict[int, int | None], frozenset[int]]:
    """Numbers for the confirmed meetings (by their index), chosen together: the press's
    numbers against the count, so a number stated later settles earlier meetings too; and
    the meetings at which the count begins afresh.

    A search over the meetings in order: each goes on with the last round's number, takes
    the next, jumps ahead (a cost for each number skipped), or stays unnumbered (a cost).
    After a break (``breaks``: the days of confirmed events that broke the talks off, or
    months without a round) the count may begin afresh, as the press numbers talks that
    resumed in a new format ("the second round of the ceasefire talks"): only if two
    outlets agree on a number of the new count, one outlet's number never outweighing the
    count. Each outlet that states the number a meeting takes scores. The baseline's rounds
    keep their numbers. Ties go to the earlier choice, so the answer is deterministic."""
    order = [i for i, c in enumerate(clusters) if c.confirmed() and not c.technical()]
    ceiling = (
        max(
            [len(order)]
            + [n for i in order for n in clusters[i].votes()]
            + [c.baseline.number or 0 for c in clusters if c.baseline]
        )
        + 2
    )
    # What the search asks again and again, worked out once: each meeting's place, and how
    # likely one goes on after another.
    venues = {i: clusters[i].venue() for i in order}
    going_on: dict[tuple[int, int], float] = {}

    def goes_on(j: int, i: int) -> float:
        if (j, i) not in going_on:
            going_on[j, i] = _goes_on(clusters[j], clusters[i])
        return going_on[j, i]

    states: dict[_Key, _Way] = {(0, -1, False): (0.0, (), ())}
    for i in order:
        cluster = clusters[i]
        votes = cluster.votes()
        agreed = {n for n, v in votes.items() if v >= 2 * VOTE}  # two outlets at least
        fixed = cluster.baseline.number if cluster.baseline is not None else None
        after: dict[_Key, _Way] = {}
        offer = functools.partial(_offer, after)
        # Ways that end on the same number, as proven, reach a new number with the same step,
        # and so do those after a break for a count begun afresh: only the best of them (the
        # first of equals) can win it, so only it is tried.
        broke = {j: _after_a_break(clusters[j], cluster, breaks) for _, j, _ in states if j >= 0}
        leading = _leaders(states)
        restarting = _leaders({k: w for k, w in states.items() if fixed is None and broke.get(k[1])})

        for (last, j, unproven), (score, choices, fresh) in states.items():
            if fixed is None:
                offer((last, j, unproven), (score + SKIP, (*choices, None), fresh))
            if (last, j, unproven) in restarting:
                for n in range(1, last + 1):  # the count begins afresh
                    step = RESTART + JUMP * (n - 1) + votes.get(n, 0.0)
                    # (A count begun afresh before, and not yet borne out, stays unproven.)
                    offer((n, i, unproven or n not in agreed), (score + step, (*choices, n), (*fresh, i)))
            numbers = [fixed] if fixed is not None else range(max(1, last), ceiling + 1)
            for n in numbers:
                if n is None or n < last:
                    continue
                if n == last:
                    if j < 0 or fixed is not None or not compatible(venues[j], venues[i]):
                        continue
                    step = goes_on(j, i)
                elif (last, j, unproven) not in leading:
                    break
                else:
                    step = JUMP * (n - last - 1) if fixed is None else 0.0
                proven = not unproven or n in agreed
                offer((n, i, not proven), (score + step + votes.get(n, 0.0), (*choices, n), fresh))
        states = after
    # A count begun afresh that no two outlets bore out is no count.
    done = [way for (_, _, unproven), way in states.items() if not unproven]
    best = max(done, key=lambda way: way[0], default=(0.0, (), ()))
    return dict(zip(order, best[1], strict=True)), frozenset(best[2])


def _news_of_a_round(clusters: list[_Cluster], numbers: dict[int, int | None]) -> dict[int, int | None]:
    """A meeting one outlet alone reported, days after a round that had not ended (under
    way or paused) and at its place, is news of that round: it opens no round of its own."""
    numbers = dict(numbers)
    for i, cluster in enumerate(clusters):
        if numbers.get(i) is not None or cluster.confirmed() or cluster.technical():
            continue
        before = [j for j in range(i) if numbers.get(j) is not None and not clusters[j].technical()]
        if not before:
            continue
        j = max(before, key=lambda k: (clusters[k].last, k))
        previous = clusters[j]
        if (
            _last_state(previous) in ("under_way", "paused")
            and compatible(previous.venue(), cluster.venue())
            and (cluster.first - previous.last).days <= 30
        ):
            numbers[i] = numbers[j]
    return numbers


# ---------------------------------------------------------------- rounds


def _start(cluster: _Cluster) -> dt.date:
    """A meeting's first day, as most reports say: the earliest day reported, unless one
    outlet alone reports a day well before the others; an announced day just before an
    undated report of talks under way, unless that report says they begin now."""
    if cluster.baseline is not None and cluster.baseline.date is not None:
        return cluster.baseline.date
    # Every report's day counts, an end's too: talks that "ended yesterday" were under way then.
    dated = sorted(
        (_first_day(r, a), r.outlet) for r, a in zip(cluster.sightings, cluster.anchors, strict=True)
    )
    start = dated[0][0]
    others = [
        a
        for r, a in zip(cluster.sightings, cluster.anchors, strict=True)
        if r.outlet != dated[0][1] and not _loose(r)
    ]
    # Another outlet's end before that day says the meeting began earlier ("ends today").
    ended_before = any(
        _loose(r) and r.outlet != dated[0][1] and others and a <= min(others)
        for r, a in zip(cluster.sightings, cluster.anchors, strict=True)
    )
    if (
        others
        and not ended_before
        and (min(others) - start).days > 2
        and sum(1 for a, _ in dated if a == start) == 1
    ):
        start = min(others)
    first_reports = [
        r for r, a in zip(cluster.sightings, cluster.anchors, strict=True) if _first_day(r, a) == start
    ]
    # An undated report of talks under way may speak of talks that began the day before, as
    # announced (published after midnight); one that says they begin now does not.
    if all(r.dated in (None, "report") for r in first_reports) and not any(r.begins for r in first_reports):
        said = [iso_day(r.date) for r in cluster.announcements]
        announced = [d for d in said if d is not None and 0 < (start - d).days <= 2]
        if announced:
            start = min(announced)
    return start


def _majority(values: Iterable[PlaceRef | str | None]) -> PlaceRef | str | None:
    named = [v for v in values if v is not None]
    if not named:
        return None
    counts = Counter(v.id if isinstance(v, PlaceRef) else v for v in named)
    best = max(
        counts,
        key=lambda k: (
            counts[k],
            -next(i for i, v in enumerate(named) if (v.id if isinstance(v, PlaceRef) else v) == k),
        ),
    )
    return next(v for v in named if (v.id if isinstance(v, PlaceRef) else v) == best)


def _sources(readings: Iterable[ReadingRecord]) -> tuple[Source, ...]:
    """The first report of each of the first ``SOURCES`` outlets, and an official source's
    first report even when more outlets came before it (it takes the last place)."""
    ordered = sorted(readings, key=_canonical)
    seen: dict[str, Source] = {}
    for r in ordered:
        if r.outlet not in seen and len(seen) < SOURCES:
            seen[r.outlet] = Source(r.title, r.url, r.outlet)
    official = next((r for r in ordered if r.official), None)
    if official is not None and official.outlet not in seen:
        kept = list(seen.values())[: SOURCES - 1]
        return (*kept, Source(official.title, official.url, official.outlet))
    return tuple(seen.values())


def _meeting(series: str, clusters: Sequence[_Cluster], number: int | None, today: dt.date) -> Meeting:
    """One round (or an unnumbered meeting) from its meetings' reports."""
    first = clusters[0]
    sightings = [r for c in clusters for r in c.sightings]
    announced = [r for c in clusters for r in c.announcements]
    everything = [*sightings, *announced]
    start = _start(first)
    last = max(c.last for c in clusters)
    ended = _ended_before(clusters[-1]) or _told_ended_the_day_before(clusters[-1])
    if ended is not None and all(c.last <= ended for c in clusters[:-1]):
        last = ended
    base = first.baseline
    # The topic file's round keeps the state it states: a report days later that "talks are
    # taking place" does not reopen it.
    state = base.state if base is not None else (_last_state(clusters[-1]) or "held")
    if state == "under_way" and (today - last).days > STALE_DAYS:
        state = "held"
    # The day the reports said it would end ("until the end of this round, on Friday"; "talks
    # on 15 and 16 October", announced) has come.
    ends = [
        d
        for r in sightings
        if r.state == "under_way" and r.dated != "counted" and (d := iso_day(r.end_date)) is not None
    ]
    ends += [
        d
        for r in announced
        if (d := iso_day(r.end_date)) is not None and (s := iso_day(r.date)) is not None and s <= start <= d
    ]
    if state == "under_way" and ends and max(ends) <= today and max(ends) >= last:
        state = "held"
        last = max(ends)
    mediator = _majority(r.mediator for r in everything)
    fmt = _majority(r.format for r in sightings if r.format not in NOT_ROUNDS) or _majority(
        r.format for r in sightings
    )
    return Meeting(
        series=series,
        number=number,
        date=start.isoformat(),
        end_date=last.isoformat() if last > start else None,
        venue=_best_place([*(c.venue() for c in clusters)]) if base is None else base.venue,
        state=state,
        outlets=tuple(dict.fromkeys(o for c in clusters for o in c.outlets())),
        official=any(c.official() for c in clusters),
        technical=all(c.technical() for c in clusters),
        baseline=base is not None,
        host=_majority(r.host for r in everything),  # type: ignore[arg-type]
        mediator=(base.mediator if base is not None and base.mediator else mediator),  # type: ignore[arg-type]
        format=(base.format if base is not None and base.format else fmt),  # type: ignore[arg-type]
        sources=(base.sources if base is not None else ()) + _sources(everything),
        participants=base.participants if base is not None else (),
        summary=base.summary if base is not None else "",
        next_step=base.next_step if base is not None else "",
        known_by=first.known_by,
    )


def _events(readings: Sequence[ReadingRecord]) -> tuple[Event, ...]:
    """Reports of the same kind within a day of each other are one event, oldest first."""
    events: list[Event] = []
    for r in sorted(
        (r for r in readings if r.kind != "round" and r.date), key=lambda r: (r.date or "", _canonical(r))
    ):
        day = iso_day(r.date)
        match = next(
            (
                i
                for i, e in enumerate(events)
                if e.kind == r.kind
                and day is not None
                and abs(((iso_day(e.date) or day) - day).days)
                <= (SAME_STATE_DAYS if r.kind in ("suspended", "collapsed") else SAME_EVENT_DAYS)
            ),
            None,
        )
        source = Source(r.title, r.url, r.outlet)
        if match is None:
            events.append(Event(r.kind, r.date or "", r.title, (source,), r.official))
            continue
        event = events[match]
        if all(s.outlet != r.outlet for s in event.sources):
            events[match] = replace(
                event, sources=(*event.sources, source), official=event.official or r.official
            )
    return tuple(sorted(events, key=lambda e: e.date))


def _day_planned(plans: Sequence[ReadingRecord]) -> str | None:
    """The day a meeting to come is set for: the one most outlets give; among equals, the
    one said last (a day said later may have moved it: "on 25 February", then "on the 26th")."""
    outlets: dict[str, set[str]] = {}
    newest: dict[str, tuple] = {}
    for r in plans:
        if r.date:
            outlets.setdefault(r.date, set()).add(r.outlet)
            newest[r.date] = max(newest.get(r.date, ()), _canonical(r))
    return max(outlets, key=lambda day: (len(outlets[day]), newest[day]), default=None)


def _next(
    series: str,
    waiting: Sequence[ReadingRecord],
    latest: Meeting | None,
    events: Sequence[Event],
    today: dt.date,
) -> Meeting | None:
    """What comes next: the newest announcement not fulfilled, overtaken or past; postponed
    or cancelled if a later report says so; "called off" when the talks broke off since."""
    after = iso_day(latest.date) if latest else None
    live = []
    for r in waiting:
        said = _published(r)
        if after is not None and said < after:
            continue
        target = iso_day(r.date)
        if r.state == "announced" and target is not None and (today - target).days > 2:
            continue  # its day has passed and no report of the meeting came
        if r.state == "announced" and target is None and (today - said).days > UNDATED_DAYS:
            continue
        if (
            r.state == "announced"
            and r.number is not None
            and latest is not None
            and r.number == latest.number
            and latest.state in HAPPENING
            and (
                (target is not None and target <= (iso_day(latest.end_date or latest.date) or target))
                or (said - (iso_day(latest.date) or said)).days <= RECENT_PLANS
            )
        ):
            # "A second cycle is to begin on Wednesday", published the day after the second
            # round began: that round is the latest, no meeting to come (but a number the
            # press gives apart from the count, weeks later, may be of the next: "the second
            # round on 30 September", when the count is at 2 since July).
            continue
        if (
            r.state == "announced"
            and target is None
            and r.venue is not None
            and not (r.new_round or r.number or r.resumes)
            and latest is not None
            and compatible(r.venue, latest.venue)
            and (
                latest.state == "under_way"
                or (
                    latest.state in HAPPENING
                    and (said - (iso_day(latest.end_date or latest.date) or said)).days <= GAP_DAYS
                )
            )
        ):
            # A delegation arriving, or bound, for talks already going on at that place, or
            # just held there ("the Sanaa delegation reaches Geneva", the day after the round
            # opened there): those talks, no meeting to come.
            continue
        if r.format == "consultation" and r.venue is None and not (r.resumes or r.new_round or r.number):
            # A mediator's visit to one side, at no venue of the talks and with no word of
            # talks resuming ("the Sultan of Oman arrives in Tehran"): no meeting is planned.
            continue
        if (
            r.state == "announced"
            and target is None
            and r.goes_on
            and not r.new_round
            and r.number is None
            and not (latest is not None and latest.state == "paused")
        ):
            continue  # "agree to continue discussions": the talks go on, no meeting is set
        live.append(r)
    if not live:
        return None
    newest = max(live, key=_canonical)
    put_off = [r for r in live if r.state in ("postponed", "cancelled")]
    if (
        newest.state == "announced"
        and newest.date is None
        and put_off
        and compatible(newest.venue, _best_place(r.venue for r in put_off))
    ):
        # "The new round must bring results": talk of the meeting put off sets it no day;
        # it stays put off until a report gives it one (a meeting planned elsewhere is
        # another: "to meet soon in Cairo", months after one in Geneva was called off).
        latest_put_off = max(put_off, key=_canonical)
        later = (r for r in waiting if _canonical(r) > _canonical(latest_put_off))
        if not any(r.state == "announced" and r.date for r in later):
            newest = latest_put_off
    plans = [r for r in live if r.state == "announced"]
    if newest.state == "announced":
        # Plans for different places said within days of each other: the place more outlets
        # give wins, an official source counting as three; among equals, the newest.
        recent = [
            r
            for r in plans
            if r.venue is not None and (_published(newest) - _published(r)).days <= RECENT_PLANS
        ]

        def weight(lead: ReadingRecord) -> tuple[int, tuple]:
            group = [r for r in recent if compatible(r.venue, lead.venue)]
            return len({r.outlet for r in group}) + 2 * any(r.official for r in group), _canonical(lead)

        newest = max(recent, key=weight, default=newest)
        agreeing = [r for r in plans if compatible(r.venue, newest.venue)]
    else:
        # Postponed or cancelled: the outlets that say so, and those that announced it (its
        # day gone by or not: what was put off keeps the day and place it had).
        since = [r for r in waiting if after is None or _published(r) >= after]
        agreeing = [
            r for r in since if compatible(r.venue, newest.venue) and r.state in ("announced", newest.state)
        ]
    # Experts' talks and a round are different meetings: the newest report says which.
    agreeing = [r for r in agreeing if (r.format == "technical") == (newest.format == "technical")]
    # Talks that broke off since the newest report called the meeting off; so they did when
    # it was planned before the break and the reports since only tell again that it was put
    # off (Trump's meeting at Camp David, "cancelled", two days after the talks were
    # declared dead). A day set for it after the break is a plan.
    planned = min((_published(r) for r in agreeing), default=_published(newest)).isoformat()
    broke = [e.date for e in events if e.kind in ENDS_PROSPECT and e.confirmed and e.date >= planned]
    overtaken = any(day >= _published(newest).isoformat() for day in broke) or (
        newest.state in ("postponed", "cancelled")
        and bool(broke)
        and not any(
            r.state == "announced" and r.date and _published(r).isoformat() > min(broke) for r in agreeing
        )
    )
    date = _day_planned(agreeing)
    venue = _best_place(r.venue for r in agreeing)
    outlets = tuple(dict.fromkeys(r.outlet for r in agreeing))
    official = any(r.official for r in agreeing)
    stated = Counter(r.number for r in agreeing if r.number is not None)
    resumes = latest is not None and latest.state == "paused" and any(r.resumes for r in agreeing)
    number: int | None = max(stated, key=lambda n: (stated[n], n)) if stated else None
    confirmed = official or len(outlets) >= 2
    # Experts' talks announced (or put off) are no round: they take no number.
    technical = all(r.format == "technical" for r in agreeing) and number is None
    if number is None and latest is not None and latest.number is not None and confirmed and not technical:
        number = latest.number if resumes else latest.number + 1
    if newest.state == "announced" and not (confirmed or date or venue or number):
        # One outlet's word of another round, with no day, no place and no number ("another
        # round is expected soon"): too thin to show as what comes next.
        return None
    return Meeting(
        series=series,
        number=number,
        date=date if isinstance(date, str) else None,
        end_date=None,
        venue=venue,
        state="called off" if overtaken else newest.state or "announced",
        outlets=outlets,
        official=official,
        host=_majority(r.host for r in agreeing),  # type: ignore[arg-type]
        mediator=_majority(r.mediator for r in agreeing),  # type: ignore[arg-type]
        sources=_sources(agreeing),
        resumes=resumes,
        technical=technical,
        format="technical" if technical else None,
    )


def _talks(rounds: Sequence[Meeting], events: Sequence[Event]) -> Talks:
    """Active, suspended or collapsed since a confirmed event, or resumed since the first
    round after a break (such an event, strikes — a war —, or a pause between rounds:
    :func:`pauses`; strikes with no round since leave the talks as they were)."""
    happened = [m for m in rounds if m.number is not None and m.state in HAPPENING and m.date]
    breaks: list[tuple[str, str]] = [(e.date, e.kind) for e in events if e.kind in BREAKS and e.confirmed]
    resumed_after = [m.date for m in happened if m.date and not m.baseline]
    breaks += [
        (e.date, e.kind)
        for e in events
        if e.kind == "strikes" and e.confirmed and any(day > e.date for day in resumed_after)
    ]
    # A meeting many outlets confirmed is a meeting, numbered or not (the press's count left
    # it out): months without a round are counted from it.
    met = [
        m
        for m in rounds
        if (m.number is not None or (m.confirmed and not m.technical)) and m.state in HAPPENING and m.date
    ]
    pairs = list(itertools.pairwise(sorted(met, key=lambda m: m.date or "")))
    ends = [before.end_date or before.date or "" for before, _ in pairs]
    gaps = [
        ((iso_day(after.date) or dt.date.min) - (iso_day(end) or dt.date.min)).days
        for end, (_, after) in zip(ends, pairs, strict=True)
    ]
    # A break within the time between two rounds explains it: no pause, nor the usual time.
    explained = [
        any(end < day < (after.date or "") for day, _ in breaks)
        for end, (_, after) in zip(ends, pairs, strict=True)
    ]
    paused = pauses(gaps, explained)
    breaks += [(end, "pause") for end, pause in zip(ends, paused, strict=True) if pause]
    if not breaks:
        return Talks()
    # The newest break; of two on one day, the graver ("broke down" over "suspended").
    since, kind = max(breaks, key=lambda b: (b[0], _GRAVITY.get(b[1], 0)))
    later = [m for m in happened if (m.date or "") > since and not m.baseline]
    if later:
        first = min(later, key=lambda m: m.date or "")
        return Talks("resumed", first.date, kind, since)
    if kind == "pause":
        return Talks()
    return Talks(kind, since)


# ---------------------------------------------------------------- the series


def pauses(gaps: Sequence[int], explained: Sequence[bool] = ()) -> list[bool]:
    """Which of the times between a series' rounds, in days and in order, are pauses of the
    talks: longer than ``BREAK_DAYS`` and than ``PAUSE_FACTOR`` times the usual time
    between its rounds (the median of the earlier times that were no break; judged by
    ``BREAK_DAYS`` alone while there are none). A format that meets every four months as
    a rule does not pause between its rounds; talks that met weekly and then not for months
    did. A time that another break ``explained`` (a collapse, a suspension, a war within
    it) is no pause, nor the series' usual time."""
    usual: list[int] = []
    found = []
    for n, gap in enumerate(gaps):
        other = n < len(explained) and explained[n]
        paused = (
            not other and gap > BREAK_DAYS and (not usual or gap > PAUSE_FACTOR * statistics.median(usual))
        )
        found.append(paused)
        if not (paused or other):
            usual.append(gap)
    return found


def _series_of(baseline: Sequence[Baseline], day: dt.date) -> str | None:
    dated = sorted((b.date, b.series) for b in baseline if b.date is not None)
    before = [series for date, series in dated if date <= day]
    if before:
        return before[-1]
    return dated[0][1] if dated else None


def build(
    baseline: Sequence[Baseline], readings: Sequence[ReadingRecord], today: dt.date | None = None
) -> Timeline:
    """The current series of talks from the topic's baseline and every reading of it.

    ``today`` is the day the timeline is for: the newest reading's day or ``today``,
    whichever is later (the service gives the day of the newest report the topic found
    relevant, so that an answer depends on the reports alone)."""
    ordered = sorted(readings, key=_canonical)
    newest = max((_published(r) for r in ordered), default=None)
    known = [d for d in (today, newest) if d is not None]
    today = max(known) if known else max((b.date for b in baseline if b.date), default=dt.date.today())
    latest_day = max([*(_anchor(r) for r in ordered), *(b.date for b in baseline if b.date)], default=today)
    series = _series_of(baseline, latest_day) or str(latest_day.year)
    ours = [r for r in ordered if (_series_of(baseline, _anchor(r)) or series) == series]
    base = [b for b in baseline if b.series == series]
    clusters, halted = _cluster(base, ours)
    waiting = _attach_announcements(clusters, ours)
    # Talks halted months after the last round: the talks suspended.
    suspended = [replace(r, kind="suspended", date=r.date or _published(r).isoformat()) for r in halted]
    events = _events([*ours, *suspended])
    breaks = [d for e in events if e.confirmed and e.kind in ENDS_PROSPECT and (d := iso_day(e.date))]
    counted, fresh = _numbering(clusters, breaks)
    numbers = _news_of_a_round(clusters, counted)
    meetings: list[Meeting] = []
    # The rounds by number, each count apart (the talks resumed after a break and the press
    # numbers them anew: its first round is not the first before the break).
    by_number: dict[tuple[int, int], list[_Cluster]] = {}
    count = 0
    for i, cluster in enumerate(clusters):
        count += i in fresh
        number = numbers.get(i)
        if number is not None:
            by_number.setdefault((count, number), []).append(cluster)
    for (_, number), group in by_number.items():
        meetings.append(_meeting(series, group, number, today))
    for i, cluster in enumerate(clusters):
        if numbers.get(i) is None:
            meetings.append(_meeting(series, [cluster], None, today))
    meetings.sort(key=lambda m: (m.date or "9999", m.number or 0))
    # A round that a later round followed is over.
    numbered = [m for m in meetings if m.number is not None and not m.technical]
    for k, meeting in enumerate(numbered[:-1]):
        if meeting.state in ("under_way", "paused"):
            index = meetings.index(meeting)
            meetings[index] = numbered[k] = replace(meeting, state="held")
    rounds = [m for m in meetings if m.number is not None and not m.technical and m.state in HAPPENING]
    latest = max(rounds, key=lambda m: (m.date or "", m.number or 0), default=None)
    later = [
        m
        for m in meetings
        if m.number is None
        and not m.technical
        and not m.confirmed
        and (latest is None or (m.date or "") > (latest.end_date or latest.date or ""))
    ]
    unconfirmed = max(later, key=lambda m: m.date or "", default=None)
    upcoming = _next(series, waiting, latest, events, today)
    entries = [m for m in meetings if m.confirmed or m is unconfirmed]
    return Timeline(
        series=series,
        meetings=tuple(entries),
        latest=latest,
        unconfirmed=unconfirmed,
        next=upcoming if upcoming is None or upcoming.state != "called off" else None,
        called_off=upcoming if upcoming is not None and upcoming.state == "called off" else None,
        events=events,
        talks=_talks(meetings, events),
        today=today,
    )
