"""What one report says about the rounds of talks and the talks as a whole (pure logic).

The press rarely writes "the second round was held in Geneva". It writes that
talks *resume* in a city, *begin* or *end* there, that delegations *arrive*, that
a *new round* is *set for* Thursday, that the talks *collapsed*, or that strikes
began. This module reads those phrasings in English, German, French, Persian and
Arabic (the words of each in ``bot/news/words/<lang>.toml``, chosen by the report's
language) and returns plain facts:

- a :class:`RoundReport` per round the text speaks of: an ordinal when there is
  one, "a new/another/next round", the venue (from the topic's gazetteer), the
  dates (explicit, relative to the publication day, or the publication day for a
  round under way), the format, the mediator and the state (announced, under way,
  held, postponed, cancelled);
- a :class:`SeriesEvent` for what happens to the talks as a whole: collapsed,
  suspended, and escalation (strikes, an ultimatum, a carrier sent). That talks
  resumed is inferred over the series, from a round after the break.

Which round a report without a number belongs to is decided over the series, in
:mod:`bot.news.series`. Patterns are written as the press writes them and go
through the same normalisation as the text (so "Gespräche" is "gespraeche" and
Persian and Arabic letter variants agree).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from bot.news import jalali
from bot.news.places import PlaceReader
from bot.news.textnorm import normalize
from bot.news.vocabulary import Vocabulary, vocabulary
from bot.records import PlaceRef

ROUND_STATES = ("announced", "under_way", "paused", "held", "postponed", "cancelled")
# resumption is inferred; "extended": a deadline of the talks moved ("extended until 24
# November", "Frist verlängert"), not a round's second day
EVENT_KINDS = ("collapsed", "suspended", "strikes", "ultimatum", "deployment", "extended")
# How a report's date of a round was found: written out ("29 November"), relative to its
# publication ("on Tuesday", "tomorrow"), or the report's own day (talks under way).
DATED = ("explicit", "relative", "report")

# ---------------------------------------------------------------- reading

# How many words after a round word may say what it is a round of ("round of US strikes").
OTHER_ROUND_WORDS = 3
# The strongest fact wins: a cancelled round is not also announced.
_STATE_ORDER = ("cancelled", "postponed", "announced", "held", "paused", "under_way")


@dataclass(frozen=True)
class RoundReport:
    """What one report says about one round."""

    number: int | None  # stated by the report
    new_round: bool  # "a new / another / the next round"
    venue: PlaceRef | None
    date: str | None  # ISO: the round's (first) day
    end_date: str | None  # ISO: its last day, for a multi-day round
    format: str | None
    mediator: PlaceRef | None  # a mediating person or institution of the topic, or a country
    state: str | None  # one of ROUND_STATES; None: a round mentioned, nothing said of it
    official: bool
    outlet: str
    published: float
    title: str = ""
    url: str | None = None
    host: PlaceRef | None = None  # the country that hosts the talks
    dated: str | None = None  # one of DATED, when ``date`` is set
    resumes: bool = False  # "talks resume": a round may go on after a pause, or a new one begin
    goes_on: bool = False  # "talks continue", "reconvene to continue": the round goes on
    begins: bool = False  # "talks begin" (said now, not after the fact): the day is its first
    retrospective: bool = False  # it speaks of an earlier round ("last week's talks")
    lang: str | None = None


@dataclass(frozen=True)
class SeriesEvent:
    """Something that happened to the talks as a whole, with the report that said so."""

    kind: str  # one of EVENT_KINDS
    date: str  # ISO
    official: bool
    outlet: str
    published: float
    title: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Reading:
    rounds: tuple[RoundReport, ...] = ()
    events: tuple[SeriesEvent, ...] = ()


BREAKING_EVENTS = frozenset({"collapsed", "strikes"})


def is_breaking(reading: Reading) -> bool:
    """News that passes quiet hours set with "breaking": a round under way or held, the
    talks collapsing, military strikes."""
    return any(r.state in ("under_way", "held") for r in reading.rounds) or any(
        e.kind in BREAKING_EVENTS for e in reading.events
    )


def _number(folded: str, words: Vocabulary) -> int | None:
    """The round's ordinal the text states ("second round", "Runde 2", "round two", "الجولة الثانية"),
    unless the round is one of something else ("the second round of the election")."""
    found = _numbered(folded, words)
    if found is None:
        return None
    token = found.group(1)
    return int(token) if token.isdigit() else words.ordinals.get(token, words.cardinals.get(token))


def _numbered(folded: str, words: Vocabulary) -> re.Match[str] | None:
    """Where the text states the round's ordinal (see :func:`_number`)."""
    for pattern in words.numbered:
        for match in pattern.finditer(folded):
            # The words between and after ("جولة خليجية ثانية", a Gulf tour; "second round of
            # the election") say what the round is of, unless a word for the talks comes first
            # ("the sixth round of talks after strikes").
            other = words.not_talks.search(folded[match.start() : match.end() + 40])
            between = folded[match.end() : match.start() + other.start()] if other else ""
            if other and not words["talks"].search(between):
                continue
            return match
    return None


_OF_THE_ROUND = 30  # characters from a round's ordinal to a word that says what kind it is
_BEFORE_THE_ROUND = 12  # characters from "ahead of" to the ordinal of the round that follows


def _round_after(folded: str, words: Vocabulary) -> bool:
    """The ordinal the text states is of a meeting after the one it tells of ("experts
    begin talks ahead of the fourth round", "vor der vierten Runde", "قبل الجولة الرابعة")."""
    numbered = _numbered(folded, words)
    return numbered is not None and any(
        0 <= numbered.start() - m.end() <= _BEFORE_THE_ROUND for m in words["then_meeting"].finditer(folded)
    )


def _experts_round(folded: str, words: Vocabulary) -> bool:
    """A numbered round is of experts when the word for experts is part of it ("the second
    round of technical talks", "الجولة الثانية من المحادثات الفنية"), in its clause and near
    its ordinal; not when the sentence names experts' talks beside it ("began a third round
    of talks in Oman on Saturday, with expert-level talks also under way")."""
    numbered = _numbered(folded, words)
    if numbered is None:
        return True
    for match in words.format("technical").finditer(folded):
        if match.start() >= numbered.end():
            gap = folded[numbered.end() : match.start()]
        elif match.end() <= numbered.start():
            gap = folded[match.end() : numbered.start()]
        else:
            return True
        if len(gap) <= _OF_THE_ROUND and not _PUNCTUATION.search(gap) and not any(c in gap for c in ",،"):
            return True
    return False


def _day_of_talks(folded: str, words: Vocabulary) -> int | None:
    """The talks' day the text counts ("a fourth straight day", "am sechsten Verhandlungstag",
    "لليوم الرابع"), from the second on; None when it counts none."""
    for pattern in words.day_numbered:
        match = pattern.search(folded)
        if match:
            token = match.group(1)
            nth = int(token) if token.isdigit() else words.ordinals.get(token)
            if nth is not None and 2 <= nth <= 31:
                return nth
    return None


def _date_patterns(words: Vocabulary) -> tuple[re.Pattern[str], re.Pattern[str]]:
    months = "|".join(re.escape(m) for m in sorted(words.months, key=len, reverse=True))
    joins = "|".join(re.escape(w) for w in sorted(words.range_words, key=len, reverse=True))
    day = r"(\d{1,2})(?:er|st|nd|rd|th)?\.?"
    span = rf"{day}(?:\s*(?:-|/|{joins})\s*{day})?"
    # A day written as a word comes before its month: "the ninth of November",
    # "التاسع والعاشر من نوفمبر", "am neunten November".
    named = "|".join(re.escape(w) for w in sorted(words.day_words, key=len, reverse=True))
    named_day = rf"(\d{{1,2}}|{named})(?:er|st|nd|rd|th)?\.?" if named else day
    named_span = rf"{named_day}(?:\s*(?:-|/|{joins})\s*{named_day})?"
    of = "|".join(re.escape(w) for w in sorted(words.day_of, key=len, reverse=True))
    between = rf"\s+(?:(?:{of})\s+)?" if of else r"\s+"
    return (
        # 26 February 2026, 26-27 Feb., 26./27. Februar, 26 et 27 février, ۲۶ فوریه,
        # the ninth of November, التاسع والعاشر من نوفمبر
        # (an Arabic day word may carry a clitic: "بالخامس من ابريل", on the fifth of April;
        # a day in figures, the article: "الـ21 من كانون الثاني", the 21st of January)
        re.compile(
            rf"(?<![\w.])(?:[وبل](?=ال)|[وبل]?ال\s?(?=\d))?{named_span}{between}({months})\.?(?:\s+(\d{{4}}))?(?![\w])"
        ),
        # February 26, 2026; Feb. 26-27
        re.compile(rf"(?<![\w])({months})\.?\s+{span}(?:,?\s+(\d{{4}}))?(?![\w])"),
    )


def _day(token: str, words: Vocabulary) -> int:
    """A day of the month as written: in figures, or as a word ("ninth", "التاسع")."""
    return int(token) if token.isdigit() else words.day_words[token]


_DATE_PATTERNS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _dates(words: Vocabulary) -> tuple[re.Pattern[str], re.Pattern[str]]:
    patterns = _DATE_PATTERNS.get(words.lang)
    if patterns is None:
        patterns = _DATE_PATTERNS[words.lang] = _date_patterns(words)
    return patterns


WEEKS_AGO_DAYS = 14  # "weeks ago" dates a meeting by the month of this many days before the report
# A day and month with no year, this many days before the report, is of the year after (a
# meeting "on 14 January" announced on 20 December); nearer, it is this year's, told after.
NEXT_YEAR_DAYS = 300
# ... and a day announced with no year, this many days before the report, is of the year
# after: no meeting is announced for a day months gone ("on February 3", said in November).
ANNOUNCED_NEXT_YEAR_DAYS = 60
TRUCE_NEAR = 24  # characters at most from "ceasefire" to the day it takes effect
OTHER_NEAR = 48  # characters at most from an election (or a vote, sanctions) to the day it is due
DEADLINE_NEAR = 45  # characters at most from "deadline" to its date, when an extension is said


def _written_dates(
    folded: str, published: dt.date, words: Vocabulary
) -> list[tuple[int, dt.date, dt.date | None, bool]]:
    """Every date written out in the text: its place, its first and last day, and whether it
    is a deadline's ("extended until 24 November", "the July 20 deadline")."""
    found: list[tuple[int, dt.date, dt.date | None, bool]] = []
    # The end of "until" or of "extended" ("extended to July 7", "prolongées au 7 juillet").
    deadlines = [m.end() for m in words["until"].finditer(folded)]
    extended = [m.end() for m in words["extension"].finditer(folded)]
    truces = [m.end() for m in words["truce"].finditer(folded)]
    others = [m.end() for m in words.not_talks.finditer(folded)]
    for i, pattern in enumerate(_dates(words)):
        for match in pattern.finditer(folded):
            if any(
                0 <= match.start() - end <= OTHER_NEAR
                and not words["talks"].search(folded[end : match.start()])
                for end in others
            ):
                # Another event's day ("frozen until the elections in Israel, due on 10
                # February"; not "after the election, talks on 12 June"): no day of talks.
                continue
            deadline = (
                any(0 <= match.start() - end <= 4 for end in deadlines)
                # A truce's day ("a ceasefire across Yemen on April 10"; not "ceasefire talks
                # on April 10"): no day of talks.
                or any(
                    0 <= match.start() - end <= TRUCE_NEAR
                    and not words["talks"].search(folded[end : match.start()])
                    for end in truces
                )
                or any(0 <= match.start() - end <= 8 for end in extended)
                # "extend the deadline of their negotiations to 30 June"
                or (bool(extended) and any(0 <= match.start() - end <= DEADLINE_NEAR for end in deadlines))
                or bool(words["until"].search(folded[match.end() : match.end() + 14]))
            )
            if i == 0:
                first, last, month, year = match.group(1), match.group(2), match.group(3), match.group(4)
            else:
                month, first, last, year = match.group(1), match.group(2), match.group(3), match.group(4)
            try:
                when = int(year) if year else published.year
                start = dt.date(when, words.months[month], _day(first, words))
                end = dt.date(start.year, start.month, _day(last, words)) if last else None
            except (ValueError, KeyError):
                continue
            if not year and (start - published).days > 200:
                start = start.replace(year=start.year - 1)  # "12 December" read in January
                end = end.replace(year=start.year) if end else None
            elif not year and (published - start).days > NEXT_YEAR_DAYS:
                start = start.replace(year=start.year + 1)  # "on 14 January" read in December
                end = end.replace(year=start.year) if end else None
            found.append((match.start(), start, end if end and end > start else None, deadline))
    if words.jalali_months:
        found += _jalali_dates(folded, published, words, deadlines)
    found += _days_of_this_month(folded, published, words, deadlines)
    return sorted(found, key=lambda f: f[0])


_DAY_NUMBERS: dict[str, re.Pattern[str]] = {}


def _days_of_this_month(
    folded: str, published: dt.date, words: Vocabulary, deadlines: list[int]
) -> list[tuple[int, dt.date, dt.date | None, bool]]:
    """Days of the report's month named by their number alone ("on the 12th of this month",
    "في 12 من الشهر الجاري", "le 12 de ce mois", "۱۲ ماه جاری")."""
    of_this_month = words["of_this_month"].regex
    if not of_this_month.search(folded):
        return []  # most sentences: no day of this month, and no need to look at each number
    pattern = _DAY_NUMBERS.get(words.lang)
    if pattern is None:
        named = "|".join(re.escape(w) for w in sorted(words.day_words, key=len, reverse=True))
        day = rf"(\d{{1,2}}|{named})" if named else r"(\d{1,2})"
        pattern = _DAY_NUMBERS[words.lang] = re.compile(
            rf"(?<![\w.])(?:[وبل]?ال\s?(?=\d))?{day}(?:er|st|nd|rd|th)?\.?\s+"
        )
    found: list[tuple[int, dt.date, dt.date | None, bool]] = []
    for match in pattern.finditer(folded):
        if not of_this_month.match(folded, match.end()):
            continue
        try:
            when = published.replace(day=_day(match.group(1), words))
        except (ValueError, KeyError):
            continue
        found.append((match.start(), when, None, any(0 <= match.start() - end <= 4 for end in deadlines)))
    return found


def all_explicit_dates(
    folded: str, published: dt.date, lang: str | None = None
) -> list[tuple[dt.date, dt.date | None]]:
    """Every explicit date of a day of talks (and the end of a range: "26-27 Feb") in the
    text's order, in the publication's year unless given; deadlines' dates left out."""
    words = vocabulary(lang)
    return [
        (start, end) for _, start, end, deadline in _written_dates(folded, published, words) if not deadline
    ]


_JALALI_PATTERNS: dict[str, re.Pattern[str]] = {}


def _jalali_dates(
    folded: str, published: dt.date, words: Vocabulary, deadlines: list[int]
) -> list[tuple[int, dt.date, dt.date | None, bool]]:
    """Dates of the Iranian calendar ("۱۹ خرداد", "۸ آذرماه ۱۴۰۰", the days of a range,
    "۱۶ و ۱۷ آبان", and a day as a word, "هشتم اسفند"), in the Gregorian one."""
    pattern = _JALALI_PATTERNS.get(words.lang)
    if pattern is None:
        months = "|".join(re.escape(m) for m in sorted(words.jalali_months, key=len, reverse=True))
        joins = "|".join(re.escape(w) for w in sorted(words.range_words, key=len, reverse=True))
        named = "|".join(re.escape(w) for w in sorted(words.day_words, key=len, reverse=True))
        a_day = rf"(?:\d{{1,2}}|{named})" if named else r"\d{1,2}"
        span = rf"({a_day})(?:\s*(?:-|–|/{'|' + joins if joins else ''})\s*({a_day}))?"
        pattern = _JALALI_PATTERNS[words.lang] = re.compile(
            rf"(?<![\w.]){span}\s+({months})(?:\s*ماه)?(?:\s+(\d{{4}}))?(?!\w)"
        )
    found: list[tuple[int, dt.date, dt.date | None, bool]] = []
    for match in pattern.finditer(folded):
        deadline = any(0 <= match.start() - end <= 4 for end in deadlines)
        year = int(match.group(4)) if match.group(4) else None
        month = words.jalali_months[match.group(3)]
        try:
            day = jalali.near(month, _day(match.group(1), words), year, published)
            second = match.group(2)
            last = jalali.near(month, _day(second, words), year, published) if second else None
        except (ValueError, KeyError):
            continue
        found.append((match.start(), day, last if last and last > day else None, deadline))
    return found


def explicit_dates(
    folded: str, published: dt.date, lang: str | None = None
) -> tuple[dt.date, dt.date | None] | None:
    """The first explicit date (and the end of a range: "26-27 Feb"), in the publication's year."""
    found = all_explicit_dates(folded, published, lang)
    return found[0] if found else None


def _apart(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans of a text (0 or less when they touch or overlap)."""
    return max(b[0] - a[1], a[0] - b[1])


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with each span replaced by as many spaces (every other place kept where it is)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _near(cues: list[re.Match[str]], others: list[re.Match[str]], reach: int) -> bool:
    """Some cue lies within ``reach`` characters of one of ``others``."""
    return any(_apart(c.span(), o.span()) <= reach for c in cues for o in others)


_SAID_WHERE = 2  # words at most in the name of the place something was said at
_SAID_WHO = 5  # words at most between a word of saying and the weekday after its subject


def _where_said(between: str, words: Vocabulary) -> bool:
    """``between`` a word of saying and a weekday is only where it was said ("said in Beirut
    Friday", wire style without "on"), or who said it, set off by a comma ("قالت الولايات
    المتحدة، الثلاثاء، إنها ...": the United States said, Tuesday, that ...): the weekday is
    the day of saying."""
    tokens = between.split()
    if 1 <= len(tokens) <= _SAID_WHO and between.rstrip().endswith((",", "،")):
        return not any(normalize(t.strip(",،")) in words.known for t in tokens)
    return (
        2 <= len(tokens) <= 1 + _SAID_WHERE
        and (tokens[0],) in words.places["at"]
        and not any(normalize(t) in words.known for t in tokens[1:])
    )


_JOURNEY_REACH = (
    40  # characters at most between an arrival or departure and its day ("arrived in Muscat on Friday")
)
_DAYS_TOGETHER = 6  # characters at most between two days named as one span ("Tuesday and Wednesday")


def _weekday(folded: str, words: Vocabulary) -> int | None:
    """The weekday named first; a name inside a longer one found at the same place does not
    count (Persian "شنبه", Saturday, ends "سه شنبه", Tuesday), nor one a reporting verb
    comes just before ("said on Monday": the day something was said), nor one the word for
    yesterday comes just before ("أمس الجمعة", yesterday, Friday: a day gone), nor one a
    meeting was called off for ("die für Sonntag abgesagten Gespräche")."""
    said = [m.end() for m in words["reported_on"].finditer(folded)]
    reported = said + [m.end() for m in words["yesterday"].finditer(folded)]
    called_off = [m.start() for m in words["called_off_for"].finditer(folded)]
    found = [
        (m.start(), -m.end(), day)
        for day, p in enumerate(words.weekdays)
        for m in p.finditer(folded)
        if not any(0 <= m.start() - end <= 4 for end in reported)
        # "die für Sonntag abgesagten Gespräche": the day a meeting was called off for.
        and not any(0 <= start - m.end() <= 2 for start in called_off)
        and not any(_where_said(folded[end : m.start()], words) for end in said if end <= m.start())
    ]
    spans = [(start, -neg_end) for start, neg_end, _ in found]
    inside = [
        any(s <= start and -neg_end <= e and (s, e) != (start, -neg_end) for s, e in spans)
        for start, neg_end, _ in found
    ]
    kept = [f for f, hidden in zip(found, inside, strict=True) if not hidden]
    if len({d for _, _, d in kept}) > 1:
        # "arrived on Friday and the talks began on Saturday": the arrival's day (or a
        # departure's) is not the talks'.
        travelling = _journey_days(folded, words)
        kept = [f for f in kept if (f[0], -f[1]) not in travelling] or kept
    talks = [m.span() for m in words["talks"].finditer(folded)] if len({d for _, _, d in kept}) > 1 else []
    if talks:
        # Two days named ("قال زيباري يوم الاحد إن ... محادثات في بغداد يوم الثلاثاء": said
        # on Sunday, talks on Tuesday; "die für Dienstag und Mittwoch angesetzten Gespräche,
        # sagte er am Montag"): the one nearest a word for the talks, or the first of days
        # named together ("Tuesday and Wednesday").
        def apart(start: int, end: int) -> int:
            return min(_apart((start, end), t) for t in talks)

        runs: list[list[tuple[int, int, int]]] = []
        for start, neg_end, day in sorted(kept):
            if runs and start - runs[-1][-1][1] <= _DAYS_TOGETHER:
                runs[-1].append((start, -neg_end, day))
            else:
                runs.append([(start, -neg_end, day)])
        return min(runs, key=lambda run: (min(apart(s, e) for s, e, _ in run), run[0][0]))[0][2]
    return min(kept)[2] if kept else None


def _journey_days(folded: str, words: Vocabulary) -> set[tuple[int, int]]:
    """Where the days are that arrivals and departures are told of: for each, the weekday
    or "today" nearest it in its clause, with no word for the talks nor for what comes
    after between them, and a day named together with that one ("arrived in Muscat on
    Friday", "ist am Freitag in Maskat eingetroffen", "left for Almaty today, Wednesday";
    not "arrived ahead of Sunday's talks")."""
    # (The travellers named after the talks are no word of them: "غادر فريق التفاوض اليوم".)
    unnamed = _blank(folded, (m.span() for m in words["negotiating_team"].finditer(folded)))
    apart = [m.span() for key in ("talks", "then_meeting") for m in words[key].finditer(unnamed)]
    days = [m.span() for pattern in (*words.weekdays, words["today"]) for m in pattern.finditer(folded)]
    found: set[tuple[int, int]] = set()
    for journey in (*words["arrived"].finditer(folded), *words["departed"].finditer(folded)):
        low, high = journey.span()
        near = [
            d
            for d in days
            if _apart(d, (low, high)) <= _JOURNEY_REACH
            and not any(min(high, d[1]) <= a < max(low, d[0]) for a, _ in apart)
            and not any(c in ",;" for c in folded[min(high, d[1]) : max(low, d[0])])
        ]
        if near:
            nearest = min(near, key=lambda d: _apart(d, (low, high)))
            found.update(d for d in near if _apart(d, nearest) <= _DAYS_TOGETHER)
    return found


def _weekday_ahead(folded: str, words: Vocabulary) -> bool:
    """A weekday said to come, the word for it next to the day's name ("next Sunday",
    "dimanche prochain", "الأحد المقبل"; not "the next round ... on Sunday")."""
    coming = [m.span() for m in words["next_day"].finditer(folded)]
    return any(
        0 <= day.start() - end <= 2 or 0 <= start - day.end() <= 2
        for pattern in words.weekdays
        for day in pattern.finditer(folded)
        for start, end in coming
    )


_NEXT_WEEK_REACH = 12  # characters between a weekday and "next week" said of it


def relative_date(folded: str, published: dt.date, future: bool, lang: str | None = None) -> dt.date | None:
    """Today, tomorrow, yesterday, next week, or a weekday, against the publication day.

    A weekday points forward in an announcement ("talks on Thursday") and back in a
    report of what happened ("talks began on Monday").
    """
    words = vocabulary(lang)
    if words["day_after_tomorrow"].search(folded):
        return published + dt.timedelta(days=2)
    if words["tomorrow"].search(words["not_tomorrow"].sub(" ", folded)):
        return published + dt.timedelta(days=1)
    if words["yesterday"].search(folded) and not future:
        return published - dt.timedelta(days=1)
    weekday = _weekday(folded, words)
    if weekday is not None:
        shift = (weekday - published.weekday()) % 7
        if not future:
            return published - dt.timedelta(days=(-shift) % 7)
        days = [m.span() for m in words.weekdays[weekday].finditer(folded)]
        weeks = [m.span() for m in words["next_week"].finditer(folded)]
        if any(_apart(d, w) <= _NEXT_WEEK_REACH for d in days for w in weeks):
            # "Thursday next week", "پنجشنبه هفته آینده": that day of the week after this one
            # (a week begins where the language is written: on Saturday in Persian).
            this_week = published - dt.timedelta(days=(published.weekday() - words.first_weekday) % 7)
            return this_week + dt.timedelta(days=7 + (weekday - words.first_weekday) % 7)
        if shift == 0 and _weekday_ahead(folded, words):
            shift = 7  # "next Thursday", said on a Thursday: a week on, not today
        return published + dt.timedelta(days=shift)
    if words["today"].search(folded):
        return published
    return None


# How far from a word for a trip a state word is the trip's ("cancelled his trip").
_TRIP_REACH = 25
_TRIP_PURPOSE_REACH = 40  # characters from a trip to the words of its purpose ("… to meet")


def _bound(match: re.Match[str], talks: list[tuple[int, int]]) -> bool:
    """The state word is the talks' own verb: next to a word for the talks, with no other
    word between ("talks resumed", "استؤنفت المفاوضات", "reprennent les négociations")."""
    return any(0 <= start - match.end() <= 1 or 0 <= match.start() - end <= 1 for start, end in talks)


_BILATERAL_REACH = 2  # words between a summit and its ordinal, or its "with" or "between"


def _gathering(undated: str, words: Vocabulary) -> bool:
    """A summit or conference of many: not one of the sides' own series ("the second
    summit", "القمة الثانية") nor one held with or between named sides ("summit with Kim",
    "Gipfel mit Kim", "sommet entre")."""
    for m in words["gathering"].finditer(undated):
        end = m.end() + len(undated[m.end() :].split(" ", 1)[0])  # the whole word ("Gipfeltreffen")
        before = undated[: m.start()].split()[-_BILATERAL_REACH:]
        after = undated[end:].split()[:_BILATERAL_REACH]
        numbered = any(_ordinal(w, words) for w in (*before, *after))
        following = " ".join(after)
        paired = bool(words["with"].regex.match(following) or words["between"].regex.match(following))
        if not (numbered or paired):
            return True
    return False


def _ordinal(word: str, words: Vocabulary) -> bool:
    """An ordinal word, inflected or not ("second", "zweites", "الثانية")."""
    word = normalize(word)
    return word in words.ordinals or any(
        word.startswith(o) and word[len(o) :] in ("s", "n", "r", "m") for o in words.ordinals
    )


_BACKGROUND_REACH = 40  # characters from a clause word ("after months of talks") to the talks it puts behind


def _only_a_deal(undated: str, words: Vocabulary) -> bool:
    """The sentence tells only of the agreement reached ("reach historic deal", "deal
    reached"), at no meeting it names: every word of an end it has names a deal, and it
    names talks, if at all, only as what came before ("after months of negotiations"; not
    "reached a deal at Geneva talks")."""
    cleaned = words["not_a_state"].sub(" ", undated)
    ends = list(words.state("held").finditer(cleaned))
    if not ends or not all(words["deal"].search(m.group(0)) for m in ends):
        return False
    clauses = [m.start() for m in words["clause"].finditer(cleaned)]
    return not any(
        not any(e.start() <= t.start() < e.end() or t.start() <= e.start() < t.end() for e in ends)
        and not any(0 <= t.start() - c <= _BACKGROUND_REACH for c in clauses)
        for t in words["talks"].finditer(cleaned)
    )


def _first_state(cleaned: str, words: Vocabulary) -> str | None:
    """Cancelled or postponed if the text says so; else the state whose words come first
    (a headline leads with what happened: "talks kick off, expected to last two days"),
    except that talks "set to break" are pausing and talks that ended "and agreed to
    resume next week" paused."""
    talks = [m.span() for m in words["talks"].finditer(cleaned)]
    clauses = [m.start() for m in words["clause"].finditer(cleaned)]

    def near(match: re.Match[str]) -> bool:
        # A state word speaks of the talks only in the clause that names them ("talks
        # resumed"; not "... until the new administration has begun"). How far apart does not
        # tell: a German or Persian verb closes its sentence, after a long subject.
        return any(
            not any(min(end, match.end()) <= c < max(start, match.start()) for c in clauses)
            for start, end in talks
        )

    # A trip whose purpose is a meeting with someone is that meeting ("cancels trip to Oman
    # where he was to meet Iranian negotiators", "son déplacement à Rome pour des
    # pourparlers avec Witkoff").
    trips = [m.span() for m in words["trip"].finditer(cleaned)]
    if trips:
        purposes = [m.start() for m in words["trip_purpose"].finditer(cleaned)]
        trips = [(s, e) for s, e in trips if not any(0 <= p - e <= _TRIP_PURPOSE_REACH for p in purposes)]

    def of_a_trip(match: re.Match[str]) -> bool:
        # A trip planned or cancelled is no round: "annulé un déplacement prévu lundi au
        # Kazakhstan pour poursuivre les discussions", "hat seine Reise abgesagt" (but the
        # verb of travelling to talks is no trip of its own: "werde zu Gesprächen reisen").
        return any(
            s - match.end() <= _TRIP_REACH and match.start() - e <= _TRIP_REACH
            for s, e in trips
            if e <= match.start() or s >= match.end()
        )

    for state in ("cancelled", "postponed"):
        if any(near(m) and not of_a_trip(m) for m in words.state(state).finditer(cleaned)):
            return state
    found: dict[str, re.Match[str]] = {}
    for state in _STATE_ORDER[2:]:
        match = next(
            (
                m
                for m in words.state(state).finditer(cleaned)
                if near(m) and not (state == "announced" and of_a_trip(m))
            ),
            None,
        )
        if match is not None:
            found[state] = match
    journeys = [m.span() for key in ("arrived", "departed") for m in words[key].finditer(cleaned)]
    if "announced" in found and journeys:
        # An arrival (or departure) told in the past announces the talks only when nothing
        # else told in the past tells of them ("arrived on Friday and the talks began on
        # Saturday": they began; "eingetroffen, um zu verhandeln" still came for talks).
        past = [m.span() for m in words["past"].finditer(cleaned)]
        announcing = any(
            near(m) and not of_a_trip(m) and not any(s <= m.start() < e for s, e in journeys)
            for m in words.state("announced").finditer(cleaned)
        )
        if not announcing and any(
            any(_apart(m.span(), p) <= 1 for p in past) for state, m in found.items() if state != "announced"
        ):
            del found["announced"]
    if not found:
        # A journey to the talks and nothing else said of them ("leaves Tehran for Muscat
        # ahead of talks with US", "راهی مسقط شد"): they are ahead.
        # (Told as "journey": any other sentence's state speaks first, see read().)
        bound = any(near(m) and not of_a_trip(m) for m in words["bound_for"].finditer(cleaned))
        return "journey" if bound else None
    first = min(found, key=lambda s: (found[s].start(), _STATE_ORDER.index(s)))
    if first == "announced" and not _bound(found[first], talks):
        # Someone travels to where the talks are ("Fabius will go to Lausanne, where the
        # talks resumed"): the talks' own verb, next to them and in the past tense, says
        # what they did ("to resume the talks", "will resume talks" say nothing of it).
        past = [m.span() for m in words["past"].finditer(cleaned)]
        own = next(
            (
                state
                for state in ("under_way", "held")
                if any(
                    _bound(m, talks) and near(m) and any(s < m.end() and m.start() < e for s, e in past)
                    for m in words.state(state).finditer(cleaned)
                )
            ),
            None,
        )
        if own is not None:
            return own
    pause = found.get("paused")
    if first == "announced" and pause is not None and 0 <= pause.start() - found[first].end() <= 12:
        return "paused"
    if first == "announced" and any(
        0 <= m.start() - found[first].end() <= 30 for m in words["extension"].finditer(cleaned)
    ):
        return "under_way"  # "agreed to a four-month extension": the round goes on
    after = cleaned[found[first].end() :]
    if (
        first == "held"
        and words["resumes"].search(after)
        and (
            words["next_week"].search(after)
            or words["tomorrow"].search(after)
            or (
                words.state("announced").search(after)
                and not words["next_month"].search(after)
                # (Not "agreed to continue the negotiations": the talks go on, in rounds to come.)
                and any(not words["goes_on"].search(m.group(0)) for m in words["resumes"].finditer(after))
            )
        )
    ):
        # "Round ended, to resume next week" (not "expected to resume next month": a new
        # round then, and this one held).
        return "paused"
    return first


def _without_dates(folded: str, words: Vocabulary) -> str:
    """The text with its dates blanked out: "2 May" is no "may"."""
    for pattern in _dates(words):
        folded = pattern.sub(" ", folded)
    return folded


def _without_other_rounds(folded: str, words: Vocabulary) -> str:
    """The text without its rounds of something else ("a first round of strikes", "دور
    جدید حملات"), whose round word is no word for the talks."""
    for match in reversed(list(words.round_words.finditer(folded))):
        following = " ".join(folded[match.end() :].split()[:OTHER_ROUND_WORDS])
        other = words.not_talks.search(following)
        # "a new round of talks, sanctions relief …" is one of talks: a word for them first.
        if other and not words["talks"].search(following[: other.start()]):
            folded = folded[: match.start()] + " " * (match.end() - match.start()) + folded[match.end() :]
    return folded


HEDGE_REACH = 15  # characters at most from a hedge to the state word it governs
# Words that leave a meeting unsettled: a hedge, a decision not taken, a denial, a wish.
UNSETTLED = ("hedge", "undecided", "denied", "wishes")


def _governed(
    cleaned: str,
    words: Vocabulary,
    state: str,
    ends: list[int],
    reach: int = HEDGE_REACH,
    clauses: list[int] | None = None,
) -> bool:
    """Every word of ``state`` in the sentence comes after one of ``ends`` (where a hedge or a
    wish ends), at most ``reach`` characters on, with none of ``clauses`` (where a clause
    begins) between them; a word that runs on from the wish's last word ("asked Iran to
    hold") is one it governs too."""
    said = list(words.state(state).finditer(cleaned))
    return bool(said) and all(
        any(
            m.end() > end
            and m.start() - end <= reach
            and not any(end <= c < m.start() for c in clauses or ())
            for end in ends
        )
        for m in said
    )


WISH_REACH = 60  # characters at most from a wish to the state word it governs, in its clause


def _wished(cleaned: str, words: Vocabulary, state: str) -> bool:
    """Every word of ``state`` in the sentence is one a wish asks for: after it, in its
    clause ("calls for a resumption", "fordert, dass die Verhandlungen fortgesetzt werden";
    not "urged restraint as talks resumed")."""
    wishes = [m.end() for m in words["wishes"].finditer(cleaned)]
    if not wishes:
        return False  # most sentences: no clause to look for
    clauses = [m.start() for m in words["clause"].finditer(cleaned)]
    # A word of saying opens what someone said: "Asked to comment, Araghchi said the talks
    # will be held on Sunday" asks nothing of the talks.
    said = words.places["said_at"]
    clauses += [m.start() for m in re.finditer(r"[^\W\d_]+", cleaned) if (m.group(),) in said]
    return _governed(cleaned, words, state, wishes, WISH_REACH, clauses)


REFUSAL_REACH = 60  # characters at most from a refusal to the talks' verb, in its clause


def _refusal_clauses(cleaned: str, words: Vocabulary) -> list[tuple[int, int]]:
    """Each refusal and the rest of its clause (to a word that opens another or a comma)."""
    cues = words["refused"].finditer(cleaned)
    if not cues:
        return []  # most sentences
    bounds = [m.start() for m in words["clause"].finditer(cleaned)]
    bounds += [m.start() for m in re.finditer(r"[,;:]", cleaned)]
    spans = []
    for cue in cues:
        end = min((b for b in bounds if b >= cue.end()), default=len(cleaned))
        spans.append((cue.start(), min(end, cue.end() + REFUSAL_REACH)))
    return spans


def _refused(cleaned: str, words: Vocabulary, state: str, spans: list[tuple[int, int]]) -> bool:
    """Every word of ``state`` in the sentence is one a refusal governs: from where it begins
    ("will not" holds the "will" of a plan), in its clause ("Iran will not attend the talks";
    not "talks will be held on Saturday, but Witkoff will not attend"; a German verb closes
    its clause: "wollen derzeit nicht mit dem Iran verhandeln"); ``spans``: the refusals'
    clauses (``_refusal_clauses``)."""
    said = words.state(state).finditer(cleaned)
    return bool(said) and all(any(start <= m.start() < end for start, end in spans) for m in said)


def _not_a_state(undated: str, words: Vocabulary) -> str:
    """The sentence with its words that are no state blanked out, but for the round word in
    them ("to hold delayed third round": "delayed" is no state of this meeting; the round is
    still the one the sentence tells of)."""
    rounds = [m.span() for m in words.round_words.finditer(undated)]
    return _blank(
        undated,
        (
            piece
            for m in words["not_a_state"].finditer(undated)
            for piece in _outside(m.span(), [r for r in rounds if m.start() <= r[0] and r[1] <= m.end()])
        ),
    )


def _outside(span: tuple[int, int], inner: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces of ``span`` outside the spans ``inner`` (sorted, inside it)."""
    pieces, at = [], span[0]
    for start, end in sorted(inner):
        pieces.append((at, start))
        at = end
    pieces.append((at, span[1]))
    return [(a, b) for a, b in pieces if b > a]


def _state(undated: str, words: Vocabulary, question: bool = False) -> str | None:
    """The state of the round a sentence (its dates blanked out) reports."""
    cleaned = _not_a_state(undated, words)
    if not words["talks"].search(cleaned):
        return None
    state = _first_state(cleaned, words)
    journey = state == "journey"
    state = "announced" if journey else state
    state = _checked_state(cleaned, words, state, question)
    return "journey" if journey and state == "announced" else state


def _checked_state(cleaned: str, words: Vocabulary, state: str | None, question: bool) -> str | None:
    """``state`` as read first, unless what else ``cleaned`` says undoes it."""
    if any(words[kind].search(cleaned) for kind in ("undecided", "denied", "exchange", "by_phone")):
        # "a decision on a second round later", "no date yet", "denies holding talks", a
        # prisoner exchange (a deal carried out, no meeting), talks by telephone: no round
        # happened.
        return None
    if state == "under_way" and words["recent_days"].search(cleaned) and _past(cleaned, words):
        return "held"  # "officials talked in recent days in Oman": talks held, days before
    if question and state in ("under_way", "held", "paused"):
        return None  # "what was behind the secret talks in Muscat?": asked, not reported
    refusals = _refusal_clauses(cleaned, words) if state in ("announced", "under_way", "held") else []
    if state is not None and refusals and _refused(cleaned, words, state, refusals):
        # "Iran will not hold talks with the US", "لن تعقد": no meeting; what the rest of the
        # sentence says still counts ("Witkoff will not attend, but the talks begin Saturday").
        cleaned = _blank(cleaned, refusals)
        state = _first_state(cleaned, words) if words["talks"].search(cleaned) else None
        state = "announced" if state == "journey" else state
        if state is None:
            return None
    hedged = [m.span() for m in words["hedge"].finditer(cleaned)]
    hedges = [end for _, end in hedged]
    if state is not None and _wished(cleaned, words, state):
        # "calls for a resumption of talks", "fordert eine Wiederaufnahme": asked for, not
        # reported (a state word of its own, away from the wish, still reports).
        return None
    if state == "announced" and (question or hedges):
        # "could meet", "will they meet?": nothing announced. A round also reported under
        # way or ended still is, unless its verb is the one hedged ("could resume"), or part
        # of the announcement ("left for Kuwait to resume talks, amid threats of a boycott").
        planned = [m.span() for m in words.state("announced").finditer(cleaned)]
        return next(
            (
                s
                for s in ("held", "under_way")
                if any(
                    not any(0 <= m.start() - end <= HEDGE_REACH for end in hedges)
                    and not any(a <= m.start() and m.end() <= b for a, b in planned)
                    for m in words.state(s).finditer(cleaned)
                )
            ),
            None,
        )
    if state in ("held", "under_way") and hedges and _governed(cleaned, words, state, hedges):
        return None  # "talks could resume", "könnten scheitern": only a possibility
    if (
        state in ("held", "under_way")
        and words.lang == "de"
        and _trailed(cleaned, words, state, [start for start, _ in hedged])
    ):
        # The verb closes a German clause, its mood after it: "möglich, dass die Gespräche
        # rasch beendet würden", "fortgesetzt werden könnten": only a possibility.
        return None
    return state


TRAILED_REACH = 2  # characters at most from a German verb to the modal that follows it


def _trailed(cleaned: str, words: Vocabulary, state: str, starts: list[int]) -> bool:
    """Every word of ``state`` in the sentence is followed at once by a hedge (one of
    ``starts``: "beendet würden", "scheitern könnten")."""
    said = list(words.state(state).finditer(cleaned))
    return bool(said and starts) and all(
        any(0 <= start - m.end() <= TRAILED_REACH for start in starts) for m in said
    )


LEAVES_NEAR = 20  # characters at most between a party leaving and the talks it leaves


def _leaves_the_talks(folded: str, words: Vocabulary) -> bool:
    """A party leaves the talks: a word of leaving right by a word for them."""
    leaving = words["leaves"].finditer(folded)
    return bool(leaving) and _near(leaving, words["talks"].finditer(folded), LEAVES_NEAR)


EXTENDED_NEAR = 12  # characters at most between the talks and the word that extends them


def _events(
    folded: str, day: dt.date, words: Vocabulary, paused: bool, question: bool = False
) -> list[tuple[str, dt.date]]:
    """What a sentence says happened to the talks as a whole (not in a threat, a condition
    or a question)."""
    # Not in what is no event ("رفض التعليق": declined to comment, not "suspension"), nor
    # hedged by what an end led to ("froze the dialogue, putting arms control at risk").
    cleaned = words["not_a_state"].sub(" ", folded)
    hedged = question or bool(words["hedge"].search(cleaned))
    kinds: list[str] = []
    ends = any(words[kind].search(folded) for kind in ("collapsed", "suspended", "leaves"))
    settled = cleaned if ends else folded
    # "denies reports that the talks collapsed": no end of the talks (strikes denied are
    # still strikes, whoever is said to have struck).
    denied = hedged or bool(words["denied"].search(folded))
    if words["collapsed"].search(words["not_collapsed"].sub(" ", settled)) and not denied:
        kinds.append("collapsed")
    elif words["suspended"].search(settled) and not denied and words["talks"].search(folded) and not paused:
        kinds.append("suspended")
    elif ends and not hedged and not paused and _leaves_the_talks(settled, words):
        kinds.append("suspended")  # "Iran pulls out of talks with the US", "تنسحب من المحادثات"
    if words["strikes"].search(words["not_strikes"].sub(" ", folded)) and not hedged:
        kinds.append("strikes")
    if words["ultimatum"].search(folded):
        kinds.append("ultimatum")
    if words["carrier"].search(folded) and words["sends"].search(folded) and not hedged:
        kinds.append("deployment")
    extensions = words["extension"].finditer(folded)
    talks = words["talks"].finditer(folded) if extensions else []
    if (
        extensions
        and talks
        and (
            words["until"].search(folded)
            or words["for_months"].search(folded)
            # "Iran-Atomgespräche verlängert", "مذاکرات تمدید شد": the talks themselves (not
            # what they are about, "talks on extending the ceasefire"; not by a day more,
            # "extended into a second day": the round goes on).
            or (
                not words["more_days"].search(folded)
                and any(
                    _apart(t.span(), e.span()) <= EXTENDED_NEAR
                    and not words["about"].search(folded[min(t.end(), e.end()) : max(t.start(), e.start())])
                    for e in extensions
                    for t in talks
                )
            )
        )
        and not hedged
    ):
        kinds.append("extended")
    return [(kind, day) for kind in kinds]


# A sentence ends at . ! ? … or ؟ before a capital or an Arabic-script letter ("U.S. and",
# "Feb. 26" go on; "اليوم … الجولة", an ellipsis between words, too), at a semicolon after a
# word (a headline's clauses: "talks were serious; experts to meet on Wednesday", "…؛ …"), and
# at a line break (the headline's end).
_SENTENCE = re.compile(
    r"(?<=[^\W\d_]{2}[.!?…])\s+(?=[\"“«(]?[A-ZÀ-ÖØ-Þ\u0600-\u06ff])|(?<=[.!؟?])\s+(?=[\"“«(]?[\u0600-\u06ff])"
    r"|(?<=[^\W\d_][;؛])\s+|\n+"
)


# A dateline's date is the day of the report, not of the talks: "Vienna, May 7 (UrduPoint /
# Pakistan Point News - 7th May, 2021) :", "VIENNE, 16 décembre (Reuters) -".
_DATELINE = re.compile(r"^[^\W\d][^,:(]{0,40},\s*[^()]{0,30}\([^)]{0,80}\)\s*[-—–:]?\s*")
# Without an agency: a city of up to three words, its day, a colon or dash ("ISTANBUL, July
# 30: ...", "GENÈVE, 30 juillet - ..."): the month must be one of the language's.
_DATELINE_DAY = re.compile(
    r"^[^\W\d][^\W\d\s]*(?:[ -][^\W\d\s]+){0,2},\s*"
    r"(?:([^\W\d]{3,10})\.?\s+\d{1,2}|\d{1,2}\.?\s+([^\W\d]{3,10}))\s*[:—–-]\s*"
)


@dataclass(frozen=True)
class _Sentence:
    folded: str
    undated: str
    state: str | None
    retrospective: bool
    question: bool
    past: bool
    text: str = ""  # as written
    second: bool = False  # the second meeting of a sentence that names two (_two_meetings)
    split: bool = False  # a piece of such a sentence (either meeting)
    others: bool = False  # it tells of others' talks (_others_talk) or of a gathering of many
    # Others' talks alone: what befalls talks is theirs too ("talks between Iran and Saudi
    # Arabia suspended"), while a summit named ("the dialogue launched at the Geneva summit
    # was frozen") leaves the talks' events to be read.
    of_others: bool = False


_PUNCTUATION = re.compile(r"[.;:!?؛()\[\]«»\"“”]")


def _others_talk(written: str, words: Vocabulary, others: Callable[[str, str], bool]) -> bool:
    """The sentence speaks of talks "between" two or "with" someone, and the words after it
    name others than the topic's sides at one table ("talks between Iran and Saudi Arabia",
    "talks with the Iran-backed Houthi rebels"): up to twelve words, to the end of the clause
    or a word of place ("in", "à", "في"), as written (a name's capitals tell a place)."""
    tokens = written.split()
    for i, token in enumerate(tokens):
        word = normalize(token)
        kind = next((k for k in ("between", "with") if words[k].search(word)), None)
        if kind is None:
            continue
        near = tokens[max(0, i - 3) : i]
        if words.lang == "fa":
            near += tokens[i + 1 : i + 9]  # the verb last: "با مقام حوثی دیدار کردند"
        if not words["talks"].search(normalize(" ".join(near))):
            continue  # "differences between Iran and the US": no talks of anyone
        ahead = " ".join(normalize(t) for t in tokens[i : i + 5])
        if any(ahead.startswith(" ".join(cue)) for cue in words.places["then_mediator"]):
            continue  # "talks in Doha with the help of Qatar": who mediates, not who talks
        window: list[str] = []
        for token_after in tokens[i + 1 : i + 13]:
            word_after = normalize(token_after).strip(",.;:")
            backer = word_after.rsplit("-", 1)[-1] if kind == "between" and "-" in word_after else ""
            if backer and (found := words["backed"].search(backer)) is not None and found.group(0) == backer:
                # "between the Houthis and the Saudi-backed government": who backs one of the
                # two is not at the table (after "with", the one talked with is named so:
                # "talks with the Iran-backed Houthi rebels" are others' talks).
                continue
            clause = words["clause"].search(word_after)
            if window and (
                (word_after,) in words.places["at"] or (clause is not None and clause.group(0) == word_after)
            ):
                break
            window.append(token_after)
            if _PUNCTUATION.search(token_after):
                break  # (a comma goes on: "between Iran and Russia, China, France, ... the US")
        if window and others(" ".join(window), kind):
            return True
    return False


_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # a word, or words joined by hyphens
_PREFIXES = frozenset({"re", "co", "pre", "un", "non"})  # "re-opened": one verb


def _past(undated: str, words: Vocabulary) -> bool:
    """The sentence tells of the past: a past-tense phrase, or a word with a past ending
    (not the end of a compound: "Pakistan-brokered talks", "long-awaited" are no verbs, but
    "re-opened" is)."""
    if words["past"].search(undated):
        return True
    return any(
        len(word) > 4 and word.endswith(ending)
        for ending in words.past_endings
        for word in _WORDS.findall(undated)
        if "-" not in word or word.split("-")[0] in _PREFIXES
    )


def _two_meetings(
    sentence: str, folded: str, day: dt.date, words: Vocabulary
) -> list[tuple[str, str, bool]] | None:
    """A sentence cut where a second meeting begins ("..., before the meeting in
    Kazakhstan on 5 April"), when each side has a day of its own, or the first tells of
    talks going on now ("experts' talks begin in Muscat ahead of the third round on
    Saturday"): each piece normalised, as written, and whether it is the second; None
    otherwise."""

    def has_day(piece: str) -> bool:
        return bool(all_explicit_dates(piece, day, words.lang)) or _weekday(piece, words) is not None

    def going_on(piece: str) -> bool:
        return _state(_without_dates(piece, words), words) in ("under_way", "held")

    for match in words["then_meeting"].finditer(folded):
        head, tail = folded[: match.start()], folded[match.start() :]
        journey = words["arrived"].search(head) or words["departed"].search(head)
        if journey and not words["talks"].search(head):
            continue  # "arrived on Friday ahead of Saturday's talks": one meeting, the journey its eve
        if (has_day(head) or going_on(head)) and has_day(tail):
            # The same cut in the sentence as written (places are read with their case).
            cut = sentence.casefold().find(match.group(0))
            if cut < 0:
                return [(head, head, False), (tail, tail, True)]
            return [(head, sentence[:cut], False), (tail, sentence[cut:], True)]
    return None


def _no_next_after_end(folded: str, words: Vocabulary) -> int | None:
    """Where a sentence that ends the talks goes on to leave the next meeting open ("ended
    on Saturday, and no date has been set for another", "sans qu'une date ait été fixée",
    "ولم يتم تحديد موعد"): the end of what it reports; None when it does not."""
    if not words["undecided"].search(folded):
        return None  # most sentences: nothing left open
    blank = _blank(folded, (m.span() for m in words["not_a_state"].finditer(folded)))
    ends = [m.end() for state in ("held", "paused") for m in words.state(state).finditer(blank)]
    if not ends:
        return None
    end = min(ends)
    open_after = [m.start() for m in words["undecided"].finditer(blank) if m.start() >= end]
    if not open_after:
        return None
    # From the start of its clause: "…, ein Termin für ein neues Treffen wurde nicht
    # festgelegt" plans no new meeting.
    first = min(open_after)
    marks = [m.start() for m in re.finditer(r"[,;:]", blank[end:first])]
    marks += [m.start() for m in words["conjunction"].finditer(blank[end:first])]
    cut = end + max(marks) if marks else first
    return cut if words["talks"].search(blank[:cut]) else None


def _written_at(text: str, folded: str, cut: int) -> int:
    """Where in ``text`` the word begins that begins at ``cut`` in ``folded`` (its normalised
    form, word for word: "Gespräche" is "gespraeche", "می‌شود" is "میشود"); -1 when the two
    do not have the same words."""
    written = [m.start() for m in re.finditer(r"\S+", text)]
    normal = [m.start() for m in re.finditer(r"\S+", folded)]
    if len(written) != len(normal):
        return -1
    n = bisect.bisect_left(normal, cut)
    return written[n] if n < len(written) else -1


def _plan_after_end(main: _Sentence, words: Vocabulary) -> tuple[_Sentence, _Sentence] | None:
    """A sentence that ends or pauses the talks and then plans the next meeting ("…, agree to
    meet again next week", "und wollen sich kommende Woche erneut treffen", "; fourth round
    set for Rome on Saturday"), cut in two: what ended, and the plan (from the start of its
    clause); None when it plans nothing."""
    ends = [m for state in ("held", "paused") for m in words.state(state).finditer(main.folded)]
    if not ends or main.question or main.retrospective:
        return None
    after = min(m.end() for m in ends)
    tail = main.folded[after:]
    undated = _without_dates(tail, words)
    planned = _state(undated, words) == "announced" or (
        bool(words["talks"].search(undated) or words["new_round"].search(undated))
        and bool(words["next_week"].search(undated) or _weekday_ahead(tail, words))
    )
    cues = [
        m.start()
        for phrases in (words.state("announced"), words["next_week"], words["new_round"], words["next_day"])
        for m in phrases.finditer(tail)
    ]
    if not planned or not cues:
        return None
    # The plan's clause begins after the last comma, semicolon or colon before its first cue,
    # or after a word of saying ("پس از پایان مذاکرات گفت نشست کارشناسی هفته آینده ...": what
    # was said is the plan, its subject before its verb).
    begin = min(cues)
    marks = [m.end() for m in re.finditer(r"[,;:]\s*", tail[:begin])]
    marks += [m.end() for m in words["reported_on"].finditer(tail[:begin])]
    cut = after + (max(marks) if marks else begin)
    head_f, plan_f = main.folded[:cut], main.folded[cut:]
    # The same cut in the sentence as written, if it can be found (places are read there):
    # at the same word, or where the plan's first letters are.
    at = _written_at(main.text, main.folded, cut)
    if at <= 0:
        at = main.text.casefold().rfind(plan_f.strip()[:12]) if plan_f.strip() else -1
    head_text, plan_text = (main.text[:at], main.text[at:]) if at > 0 else (main.text, "")
    head = replace(main, folded=head_f, undated=_without_dates(head_f, words), text=head_text, split=True)
    plan = _Sentence(
        plan_f, _without_dates(plan_f, words), "announced", False, False, False, plan_text, True, True
    )
    return head, plan


def sentences(text: str) -> list[str]:
    """A report's sentences, its headline first."""
    return [part.strip() for part in _SENTENCE.split(text) if part.strip()]


def _without_deadlines(folded: str, words: Vocabulary) -> str:
    """The text without the weekdays and months that end a deadline ("d'ici dimanche", "by
    Sunday"): they date no meeting."""
    for match in reversed(words["until"].finditer(folded)):
        rest = folded[match.end() :]
        following = re.match(r"\s*([^\W\d_]+)", rest)
        if following and following.group(1) in words.calendar:
            folded = folded[: match.start()] + " " + rest[following.end() :]
    return folded


def _months_named(folded: str, words: Vocabulary) -> Iterator[tuple[int, str]]:
    """Each month named after a word that leads to one ("in May", "im Mai", "début mars"),
    with the text after its name."""
    names = sorted(words.months, key=len, reverse=True)
    for match in words["in_month"].finditer(folded):
        rest = folded[match.end() :].lstrip()
        name = next((m for m in names if rest.startswith(m)), None)
        if name is not None and not re.match(r"\w", rest[len(name) :]):
            yield words.months[name], rest[len(name) :]


def _month_ahead(folded: str, day: dt.date, words: Vocabulary) -> bool:
    """The text names a month still to come, with no day ("talks go on in May", "im Mai")."""
    return any(
        0 < (month - day.month) % 12 <= 6
        for month, after in _months_named(folded, words)
        if not re.match(r"[\w.]*\s*\d", after)
    )


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEAR_NEAR = 40  # characters at most between the talks' verb and the year that dates them


def _year_before(folded: str, day: dt.date, words: Vocabulary, state: str) -> bool:
    """The text places the talks in an earlier year ("talks held in Vienna in 2022", "im
    Jahr 2022 … abgehalten"), near their verb, with nothing dated this year: history, not
    news ("the deal Trump abandoned in 2018" says nothing of the talks' day)."""
    years = list(_YEAR.finditer(folded))
    if not years or max(int(m.group()) for m in years) >= day.year:
        return False
    cues = [m.end() for m in words["in_month"].finditer(folded)]
    verbs = [m.span() for m in words.state(state).finditer(folded)]
    return any(
        any(0 <= year.start() - end <= 12 for end in cues)
        and any(abs(year.start() - s) <= _YEAR_NEAR or abs(e - year.start()) <= _YEAR_NEAR for s, e in verbs)
        for year in years
    )


def _month_before(folded: str, day: dt.date, words: Vocabulary) -> dt.date | None:
    """The first day of a month the text names as this one or one before it, with no day
    ("held talks in Oman in May", published in June; "in January 2024"): the month a
    meeting took place in, when no report gives its day."""
    for month, after in _months_named(folded, words):
        written = re.match(r"[\s,]*(\d{4})(?!\d)", after)
        if written is None and re.match(r"[\w.]*\s*\d", after):
            continue  # "May 5": a day, read elsewhere
        year = int(written.group(1)) if written else day.year - (month > day.month)
        if dt.date(year, month, 1) <= day and (day.year - year) * 12 + day.month - month <= 11:
            return dt.date(year, month, 1)
    return None


def _year_on(day: dt.date) -> dt.date:
    """The same day a year on (the 28th for the 29th of February)."""
    return day.replace(year=day.year + 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _own_clauses(folded: str, words: Vocabulary) -> str:
    """The text without the clauses that tell the time of something else, from a word for
    "since" ("seit", "depuis", "منذ") to the next comma or word for talks: "the first talks
    since the war broke out in March" names no month of the talks."""
    cut = folded
    for match in words["since"].finditer(folded):
        rest = folded[match.end() :]
        end = len(rest)
        if (comma := re.search(r"[,;،؛]", rest)) is not None:
            end = comma.start()
        if (talks := words["talks"].search(rest)) is not None:
            end = min(end, talks.start())
        cut = cut[: match.start()] + " " * (match.end() + end - match.start()) + cut[match.end() + end :]
    return cut


def _extended_for_long(folded: str, words: Vocabulary, day: dt.date) -> bool:
    """The talks were extended until a day weeks away, or by months (a deadline moved, not
    a second day of talks)."""
    if not words["extension"].search(folded):
        return False
    if words["for_months"].search(folded):
        return True
    return any(
        deadline and (start - day).days > 14 for _, start, _, deadline in _written_dates(folded, day, words)
    )


@dataclass(frozen=True)
class _Fact:
    """What one sentence (with the ones after it that add its date) says of a round."""

    number: int | None
    new_round: bool
    state: str | None
    start: dt.date | None
    end: dt.date | None
    dated: str | None
    resumes: bool
    goes_on: bool
    retrospective: bool
    begins: bool


TOLD_AFTER_DAYS = 2  # days at least between talks told in the past and the report: they took place
BEGINS_NEAR = 20  # characters at most between "begin" and the word for talks it is said of


def _talks_begin(undated: str, words: Vocabulary) -> bool:
    """The talks themselves are said to begin ("talks begin", "تبدأ المفاوضات"), not
    something within them ("begin drafting a deal")."""
    return _near(words["begins"].finditer(undated), words["talks"].finditer(undated), BEGINS_NEAR)


def _arrival_told(sentence: _Sentence, words: Vocabulary, day: dt.date) -> bool:
    """The sentence's only word of a meeting to come is an arrival told in the past, and
    the only day it names is the arrival's ("the delegation arrived in Muscat on Friday for
    talks"; not "arrived in Rome ahead of Saturday's talks", nor "arrived on Friday ahead
    of the talks": talks set after the arrival are to come)."""
    if not words["arrived"].search(sentence.undated) or words["then_meeting"].search(sentence.folded):
        return False
    if words.state("announced").search(words["arrived"].sub(" ", sentence.undated)):
        return False
    weekdays = {n for n, pattern in enumerate(words.weekdays) if pattern.search(sentence.folded)}
    named = len(weekdays) + len(_written_dates(sentence.folded, day, words))
    return named <= 1 and not words["tomorrow"].search(sentence.folded)


def _fact(main: _Sentence, parts: list[_Sentence], words: Vocabulary, day: dt.date) -> _Fact:
    """The round ``main`` speaks of: its number, state and dates."""
    # A number said of that round: in its sentence, or in one that says nothing else ("the
    # talks, now in their seventh round").
    number = _number(main.folded, words)
    # (Not for the next round, whatever number another sentence gives the one held: "the
    # second cycle concluded. The next cycle should take place on 11 November".)
    next_told = bool(words["next_round"].search(main.folded))
    if number is None:
        number = next(
            (
                n
                for p in parts
                if not p.retrospective
                and not (p.split or main.split)  # each of two meetings keeps its own number
                # (the next round's number only from a sentence that announces it too: "Next
                # round of talks in August. ... agreed to hold a fifth round in Turkey")
                and (p.state == main.state == "announced" if next_told else p.state in (None, main.state))
                # (Nor a round a sentence leaves unsettled: "no date agreed for a second round".)
                and not any(words[kind].search(p.undated) for kind in UNSETTLED)
                and (n := _number(p.folded, words))
            ),
            None,
        )
    # "A new round" said of that round: in its sentence or in one that tells nothing else
    # ("Before the next round of talks, ..." heading "talks set for Tuesday in Vienna").
    # (Not one that leaves it unsettled: "No date has been set for a new round.")
    new_round = number is None and any(
        words["new_round"].search(words["not_a_state"].sub(" ", p.folded))
        for p in parts
        if p is main
        or (
            not p.retrospective
            and p.state is None
            and not p.question
            and not any(words[kind].search(p.undated) for kind in UNSETTLED)
        )
    )
    state = main.state
    # "A new round" with no verb is talk of the next one; so is a round's number, or "the
    # next round", beside a weekday ("Fourth round on Sunday in Oman", "Nächste
    # Gesprächsrunde am Samstag in Rom": a headline of the round to come).
    settled = not (main.past or main.question or main.retrospective)
    named = number is not None or bool(words["next_round"].search(main.folded))
    to_come = (
        new_round
        or (named and settled and _weekday(main.folded, words) is not None)
        # "US wants results at April 13 talks in Istanbul": talks on a day written ahead.
        or (settled and any(start > day for start, _ in all_explicit_dates(main.folded, day, words.lang)))
        # "Iran-US talks in Oman next week", "محادثات ... نهاية الأسبوع": talks in days to come.
        or (settled and bool(words["talks"].search(main.undated) and words["next_week"].search(main.folded)))
    )
    if state is None and to_come and not any(words[kind].search(main.undated) for kind in UNSETTLED):
        state = "announced"
    # "The next round", announced, is a new round whichever word the language has for it.
    new_round = new_round or (number is None and state == "announced" and named)
    # The date: in that sentence, else in the next that says nothing else (the headline's
    # "talks resume" and the lede's "resumed on Thursday").
    at = parts.index(main)
    # (Not from the second meeting of its own sentence, which has its own day.)
    # A headline's talks in the present ("U.S., Taliban hold talks") are dated by the lede
    # that tells them held ("held another round of talks on Monday").
    headline_now = at == 0 and state == "under_way" and not main.past
    dating = [
        main,
        *(
            p
            for p in parts[at + 1 : at + 4]
            if not p.retrospective
            and (
                p.state in (None, state)
                or (headline_now and p.state == "held")
                # "talks were held in Islamabad" and the lede: "the delegations met there on
                # Sunday" (told in the past, the meeting that was held).
                or (state == "held" and p.state == "under_way" and p.past)
            )
            and not (main.split and p.second)
        ),
    ]
    future = state in ("announced", "postponed", "cancelled")
    # A delegation that "arrived in Muscat on Friday for talks" arrived then: the day is
    # behind, and the talks it came for are at hand (under way), unless the sentence sets
    # them a day to come ("arrived in Geneva ahead of talks tomorrow").
    arrival = state == "announced" and _arrival_told(main, words, day)
    start: dt.date | None = None
    end: dt.date | None = None
    dated: str | None = None
    past = main.past
    dated_by = main
    # A date ahead for what is announced, one not ahead for what took place, in the first
    # sentence that has one: the other dates are when it was said ("announced on Wednesday
    # 3 August ... talks resume on Thursday 4 August").
    # A meeting put off "until 20 June", "الى 20 يونيو": that day is the new one, no deadline.
    # Talks the sentence itself places "last week" or "last month" are not dated by another
    # sentence's date ("... in Qatar last week. ... the election, scheduled for 20 April").
    placed = state == "held" and any(words[s].search(main.undated) for s in ("last_week", "last_month"))
    written = [
        (p, (start, end))
        for p in dating
        if p is main or not placed
        for _, start, end, deadline in _written_dates(p.folded, day, words)
        if state == "postponed" or not deadline
    ]
    fitting = [(p, d) for p, d in written if (d[0] > day) == future] or written
    for part in dating:
        # Talks that took place are dated by their own sentence, written out or a weekday,
        # before the next sentence's date ("met on Thursday in Islamabad ... since the talks
        # broke off on 7 September"); what is announced, by any.
        own = [(p, d) for p, d in fitting if p is part] if part is main and main.past else fitting
        if own:
            part, (start, end) = own[0]
            dated, past, dated_by = "explicit", part.past or main.past, part
            break
        if state == "under_way" and words["next_week"].search(part.folded) and not part.past:
            state, future = "announced", True  # "talks resume next week"
            break
        # "next Sunday", "الأحد المقبل": a weekday ahead, whatever the verb (or none).
        coming = _weekday_ahead(part.folded, words)
        # Told in the past, in that sentence or, when it has no verb of talks, in the one
        # it dates ("have begun new talks. The meeting took place on Monday"): the weekday
        # is behind.
        told_past = part.past or (main.past and part.state is None)
        ahead = (
            (future and not arrival)
            or coming
            or (state == "under_way" and not told_past and not words["yesterday"].search(part.folded))
        )
        undue = _without_deadlines(part.folded, words)
        if future and not arrival and not _arrival_told(part, words, day):
            # "arrived on Friday ahead of the talks": the talks to come are not that day's
            # (a sentence that tells only of the arrival has the talks at hand, as above).
            undue = _blank(undue, _journey_days(undue, words))
        relative = relative_date(undue, day, ahead, words.lang)
        if relative is not None:
            start, dated, past, dated_by = relative, "relative", told_past, part
            if coming and state in (None, "under_way"):
                state, future = "announced", True  # "the sixth round next Sunday in Muscat"
            break
    if arrival and start is not None and start <= day:
        state = "under_way"
    if (
        state == "announced"
        and dated == "relative"
        and start == day
        and words["today"].search(dated_by.folded)
        and words["begins"].search(dated_by.undated)
    ):
        # "Israel und Syrien wollen heute in Istanbul die dritte Runde einläuten": talks due
        # to begin the day the report is published begin that day (not "said today that the
        # next meeting will be held mid-February", nor "left Tehran today for Vienna": no
        # talks said to begin; "they begin tonight" is still to come, below).
        state = "under_way"
    if headline_now and dated_by is not main and dated_by.state == "held" and (start or day) < day:
        # "Spy chiefs meet in Ankara. ... held a secret meeting in the Turkish capital on
        # Nov. 14", told the day after: the lede's past dates the meeting, and it was held.
        state = "held"
    if (
        state in ("held", "under_way")
        and dated == "explicit"
        and start is not None
        and start > day + dt.timedelta(days=1)
        and not (state == "under_way" and words["extension"].search(main.folded))
    ):
        # No round ends or goes on days ahead: "the meeting that ended on Thursday in Baghdad
        # ... the next talks will be held in Moscow on 18 and 19 June" dates the next meeting,
        # and "the resumption of the talks in Istanbul on 21-22 January was discussed on
        # Tuesday" announces one (but talks extended to a day go on till then).
        state = "announced"
    if (
        state == "announced"
        and dated == "explicit"
        and start is not None
        and (day - start).days > ANNOUNCED_NEXT_YEAR_DAYS
        and not any(str(start.year) in p.folded for p in (main, *dating))
    ):
        start, end = _year_on(start), _year_on(end) if end else None
    if (
        state in ("under_way", "announced")
        and start is not None
        and start > day
        and not past
        and any(words["current_round"].search(p.folded) for p in (main, *dating))
    ):
        # "until the end of the current round (Friday)": the round goes on till then.
        state, start, end, dated = "under_way", day, start, "report"
    if (
        state == "under_way"
        and not past
        and (
            (start is not None and start > day)
            or (dated != "explicit" and words["next_round"].search(main.folded))
        )
    ):
        state = "announced"  # "talks resume on Thursday", "reprise jeudi", "the next round takes place"
    if state == "under_way" and not past and dated != "explicit" and words["tonight"].search(main.folded):
        state, start, dated = "announced", day, "relative"  # "Jalili and Ashton meet tonight"
    if state == "under_way" and not past and start is None and _month_ahead(main.folded, day, words):
        state = "announced"  # "EU und Iran verhandeln im Mai weiter"
    if state == "under_way" and _extended_for_long(main.folded, words, day):
        # "the deadline extended until 24 November": the deadline moved (an event), which
        # says nothing yet of the round under way.
        state = None
    retrospective = main.retrospective and main.state is not None
    if start is None and state in ("under_way", "held") and _year_before(main.folded, day, words, state):
        retrospective = True  # "talks were held in Vienna in 2022": history
    this_week = day - dt.timedelta(days=(day.weekday() - words.first_weekday) % 7)
    if (
        (
            dated == "relative"
            and start is not None
            and this_week <= start <= day  # (a day ahead is another meeting's than last week's)
            and words["last_week"].search(main.folded)
        )
        or (
            # "an Iraqi official said today, Monday (27 September 2021), that the meeting held
            # last week ...": the day written is the day it was said.
            dated == "explicit"
            and start == day
            and state == "held"
            and any(words["last_week"].search(p.folded) for p in (*dating, *parts[at + 1 : at + 3]))
        )
    ):
        start, dated = None, None  # "confirmed on Monday that talks took place last week"
    if (
        headline_now
        and start is None
        and any(
            p.state == "announced"
            and not p.retrospective
            and not words["next_round"].search(p.folded)
            and not words["new_round"].search(p.folded)
            and not words["goes_on"].search(p.undated)
            for p in parts[at + 1 : at + 3]
        )
        and not any(p.state in ("held", "paused") for p in parts[at + 1 : at + 3])
        and not any(
            words[kind].search(main.undated) for kind in ("resumes", "begins", "extension", "goes_on")
        )
    ):
        # "وزیران خارجه ... دیدار می کنند" (the ministers meet), then "the meetings will be held
        # in public": a headline's present that the lede tells is to come, not a next round.
        state, future = "announced", True
    # "Saudi and Iranian officials hold talks. The negotiations, which took place in Baghdad
    # this month, ...": talks that took place this month are a meeting of that month.
    this_month = next((p for p in dating if words["this_month"].search(p.folded)), None)
    if (
        start is None
        and headline_now
        and any(p.state == "held" for p in dating[1:])
        and not any(words[kind].search(main.undated) for kind in ("resumes", "begins"))
    ):
        # "Iran, S. Arabia reportedly hold 4th round of talks in Baghdad. ... have recently
        # held a new round": a headline's present tells of talks the lede says were held
        # (not one that says they resume or begin now).
        state, past = "held", True
    if start is None and (state == "held" or (state == "under_way" and past)):
        # Talks that took place in a month named, with no day: that month ("US and Iranian
        # officials held indirect talks in Oman in May", published in June).
        month = next(
            (m for p in dating if (m := _month_before(_own_clauses(p.folded, words), day, words))), None
        )
        if month is None and this_month is not None:
            month = day.replace(day=1)
        if month is None and words["weeks_ago"].search(main.folded):
            back = day - dt.timedelta(days=WEEKS_AGO_DAYS)  # "three weeks ago": some weeks back
            month = dt.date(back.year, back.month, 1)
        if month is None and words["last_month"].search(main.folded):
            back = day.replace(day=1) - dt.timedelta(days=1)  # "held talks in Oman last month"
            month = dt.date(back.year, back.month, 1)
            retrospective = False  # dated by it, as by a month named: the meeting of that month
        if month is not None:
            start, dated = month, "month"
        elif any(
            words["last_week"].search(p.folded)
            # (or the next sentences that tell nothing else, or that it was held: "an Iraqi
            # official said that the meeting held last week discussed ...", "... was positive")
            for p in (
                *dating,
                *(q for q in parts[at + 1 : at + 3] if q.state in (None, "held") and not q.question),
            )
        ):
            # "held talks in Qatar last week, the Taliban confirmed on Monday": a meeting of
            # that week (from its first day, as the language counts weeks), no day known.
            start, dated = this_week - dt.timedelta(days=7), "week"
            retrospective = False
    if (
        state == "under_way"
        and past
        and dated in ("explicit", "relative", "month", "week")
        and start is not None
        and (
            (day - start).days >= TOLD_AFTER_DAYS
            # "Gestern trafen sich die Außenminister": they met yesterday, and that was it.
            or ((day - start).days == 1 and any(words["yesterday"].search(p.folded) for p in dating))
        )
        and words["met"].search(main.undated)
        and not any(words[kind].search(main.undated) for kind in ("resumes", "goes_on"))
    ):
        # "Araghchi and Witkoff met in Muscat on Saturday", told on Wednesday: the meeting
        # took place ("talks began in Vienna on Saturday" go on till an end is told).
        state = "held"
    nth = _day_of_talks(main.folded, words) if state in ("under_way", "paused", "held") else None
    if nth is not None and dated != "explicit":
        # "talks entered a fourth straight day on Thursday", "برای ششمین روز": they began
        # that many days before the day told (the report's own, when it tells none), which
        # the reading keeps as its last ("counted": the days between were counted, not told).
        told = start or day
        start, end, dated = told - dt.timedelta(days=nth - 1), told, "counted"
    if start is None and state in ("under_way", "paused", "held"):
        start, dated = day, "report"  # a report of talks going on speaks of its own day
    return _Fact(
        number,
        new_round,
        state,
        start,
        end,
        dated,
        bool(words["resumes"].search(main.undated)),
        bool(words["goes_on"].search(main.undated)),
        retrospective,
        state == "under_way" and not main.past and _talks_begin(main.undated, words),
    )


# The states of a meeting that may come after talks a report says were held before it.
_AFTER_TALKS_BEFORE = ("announced", "postponed", "cancelled", "under_way")
# A meeting's states that are plans, not talks held: a dateline is no place of them.
_PLANS = ("announced", "postponed", "cancelled")


def read(
    text: str,
    published: float,
    *,
    official: bool,
    outlet: str,
    lang: str | None = None,
    places: PlaceReader | None = None,
    mediators: tuple[PlaceRef, ...] = (),
    title: str = "",
    url: str | None = None,
    others: Callable[[str, str], bool] | None = None,
) -> Reading:
    """What a report says about rounds and about the talks as a whole.

    ``lang`` is the language the report is written in (its words are looked for, and no
    other language's); ``places`` reads the venue, the host and a mediating country (the
    topic's places first, then the gazetteer's); ``mediators`` are the topic's mediating
    people and institutions the matcher found in it.

    The report is read sentence by sentence, its headline first: the first sentence that
    says what happened to a round gives the state and the date; a sentence about an
    earlier round ("talks began last week") is used only when no other says anything.
    """
    words = vocabulary(lang)
    day = dt.datetime.fromtimestamp(published, dt.UTC).date()
    parts = []
    for n, sentence in enumerate(sentences(text)):
        folded = _without_other_rounds(normalize(sentence), words)
        if n < 2 and "(" in folded[:60] and _DATELINE.match(folded):
            folded = _DATELINE.sub("", folded, count=1)
        elif n < 2 and (dated := _DATELINE_DAY.match(folded)) and (dated[1] or dated[2]) in words.months:
            folded = folded[dated.end() :]
        question = sentence.rstrip("\"”'» ").endswith(("?", "؟"))
        # Two meetings in one sentence, each with its day ("experts meet in Istanbul on 18
        # March, before the political round in Kazakhstan on 5 April"): read apart.
        pieces = _two_meetings(sentence, folded, day, words) or [(folded, sentence, False)]
        for piece, written, is_second in pieces:
            # "Talks ended on Saturday with no date set for the next": the end is told, the
            # rest says nothing of a meeting (neither undoes the end nor plans one).
            piece = piece[: _no_next_after_end(piece, words)]
            undated = _without_dates(piece, words)
            of_others = (
                others is not None
                # (each word looked at only when the sentence has "between" or "with" at all)
                and bool(words["between"].search(piece) or words["with"].search(piece))
                and _others_talk(written, words, others)
            )
            # A summit or conference of many, not a meeting on its sidelines.
            theirs = of_others or (_gathering(undated, words) and not words["sidelines"].search(undated))
            state = None if theirs else _state(undated, words, question)
            parts.append(
                _Sentence(
                    piece,
                    undated,
                    state,
                    # What is announced is ahead, whatever else the sentence looks back on
                    # ("will meet on Monday to discuss a committee agreed last month").
                    state != "announced"
                    and (
                        bool(words["retrospective"].search(undated))
                        # "five rounds of talks made progress": the series so far
                        or (bool(words["rounds_held"].search(undated)) and _number(undated, words) is None)
                    ),
                    question,
                    _past(undated, words),
                    written,
                    is_second,
                    len(pieces) > 1,
                    theirs,
                    of_others,
                )
            )
    if not parts:
        return Reading()
    told = [p for p in parts if p.state is not None]
    main = next(
        (p for p in told if not p.retrospective and p.state != "journey"),
        next((p for p in told if not p.retrospective), told[0] if told else parts[0]),
    )
    # A journey to the talks announces them only when no other sentence tells of a round,
    # nor of talks going on, even days back ("... left for Qatar to follow the talks. The
    # fourth round, begun last week, went on until yesterday": he went to talks under way).
    going_on = any(p.state in ("under_way", "paused") for p in told)
    main_at = parts.index(main)
    journey = parts[main_at].state == "journey" and not going_on
    parts = [
        replace(p, state="announced" if i == main_at and not going_on else None)
        if p.state == "journey"
        else p
        for i, p in enumerate(parts)
    ]
    told = [p for p in parts if p.state is not None]
    main = (
        parts[main_at]
        if parts[main_at].state is not None
        else next((p for p in told if not p.retrospective), told[0] if told else parts[0])
    )
    everything = normalize(text)
    # A report may tell of a round held and announce the next ("wrapped up the third round
    # on Saturday ... agreed to continue"): each is read from its own sentence.
    happening = ("under_way", "paused", "held")
    # The other fact: a round held besides one announced, or the next announced besides a
    # round held ("cancelled" and "postponed" come first in any sentence that says them).
    wanted = ("announced", "postponed") if main.state in happening else happening
    other = next(
        (p for p in told if p is not main and not p.retrospective and not p.question and p.state in wanted),
        None,
    )
    facts = [_fact(main, parts, words, day)]
    told_in = [main]
    if other is not None:
        second = _fact(other, parts, words, day)
        # Beside a round announced, talks going on count only with a day of their own ("met
        # on Saturday"): "Araghchi and Witkoff meet again" restates the announcement.
        if not (second.state == "under_way" and second.dated == "report" and facts[0].state == "announced"):
            facts.append(second)
            told_in.append(other)
    if len(facts) == 1 and facts[0].state in ("announced", "under_way", "held"):
        # The second meeting of a sentence that names two is announced ("..., before the
        # political round in Kazakhstan on 5 April"; "technical talks began on Wednesday,
        # ahead of the third round on Saturday").
        at = next(
            (
                i
                for i, p in enumerate(parts)
                if p.second
                and p is not main
                and not p.retrospective
                and p.state in (None, "announced")
                and words["talks"].search(p.undated)
            ),
            None,
        )
        if at is not None:
            parts[at] = later = replace(parts[at], state="announced")
            facts.append(_fact(later, parts, words, day))
            told_in.append(later)
    if len(facts) == 1 and facts[0].state in ("held", "paused") and (cut := _plan_after_end(main, words)):
        # "Iran, US conclude talks in Oman, agree to meet again next week": the round ended
        # and the next is planned, in one sentence; each read from its own piece.
        head, plan = cut
        at = parts.index(main)
        parts[at : at + 1] = [head, plan]
        facts = [_fact(head, parts, words, day), _fact(plan, parts, words, day)]
        told_in = [head, plan]
    paused = any(f.state == "paused" or (f.resumes and f.state in ("announced", "under_way")) for f in facts)
    first = facts[0]
    events: list[tuple[str, dt.date]] = []
    for part in parts:
        if not part.retrospective and not part.of_others:
            when = first.start if first.start is not None and first.dated == "explicit" else day
            found = _events(part.undated, when, words, paused, part.question)
            # An event a sentence dates itself, days back ("since the talks broke down on 7
            # February"), happened then; else on the round's written day, or the report's.
            back = (
                [
                    d
                    for _, d, _, deadline in _written_dates(part.folded, day, words)
                    if not deadline and d < day
                ]
                if found
                else []
            )
            events += [(kind, back[0]) for kind, _ in found] if back else found
    # A deadline moved happened the day it was reported, whatever day the report names.
    events = [(kind, day if kind == "extended" else when) for kind, when in events]
    rounds: list[RoundReport] = []
    said = None
    owns: list[PlaceRef | None] | None = None  # the place each telling sentence names
    for fact, telling in zip(facts, told_in, strict=True):
        if (fact.number is None and fact.state is None) or telling.others:
            continue
        # The format the report gives, or for one of two meetings a sentence names, its own
        # ("technical talks began ..., ahead of the third round on Saturday").
        said_of = telling.folded if telling.split else everything
        fmt = next((f for f in ("technical", "indirect", "direct") if words.format(f).search(said_of)), None)
        if fmt == "technical" and fact.number is not None and _round_after(telling.folded, words):
            # Experts at work "ahead of the fourth round": their meeting is not that round.
            fact = replace(fact, number=None)
        if (
            fmt == "technical"
            and fact.number is not None
            and not (
                words.format("technical").search(telling.folded) and _experts_round(telling.folded, words)
            )
        ):
            # A round its own sentence numbers is no experts' meeting for another sentence's
            # word ("begin a third cycle of talks in Muscat. Technical discussions began in
            # the morning": experts beside the round), nor for a word of its own sentence
            # that is not part of the round ("..., with expert-level talks also under way").
            fmt = next((f for f in ("indirect", "direct") if words.format(f).search(everything)), None)
        if said is None and places is not None:
            said = places.read(text, words, mediators, later=fact.state in _AFTER_TALKS_BEFORE)
        venue = said.venue if said else None
        host = said.host if said else None
        # "DUBAI (Reuters) - ... the fifth round due to begin this week": the reporter's
        # city is no place of a meeting to come; nor of any meeting a report leads with a
        # plan tells ("LUXEMBOURG (Reuters) - Israel and Syria agreed to hold new rounds in
        # July, the minister said. They concluded a second round on Monday": where the
        # minister spoke).
        no_dateline = first.state in _PLANS or fact.state in _PLANS
        if said is not None and said.dateline and no_dateline:
            venue = host = None
        if len(facts) > 1 and places is not None:
            # A round held and the next announced ("ended in Baghdad ... to meet again next
            # month in Moscow"): each at the place its own sentence names, if it names one;
            # a meeting planned in the second piece of a sentence only at the place that
            # piece names itself ("…, agree to meet again next week": no place yet).
            if owns is None:
                sentences_said = [
                    (t, places.read(t.text, words, mediators, later=t.state in _AFTER_TALKS_BEFORE))
                    for t in told_in
                ]
                owns = [
                    None if there.dateline and (first.state in _PLANS or t.state in _PLANS) else there.venue
                    for t, there in sentences_said
                ]
            own = owns[told_in.index(telling)]
            planned = telling.second and telling.split and telling.state == "announced"
            # (Nor the ended talks at the place only the plan beside them names: "after the end
            # of the talks he said the experts will meet next week in Vienna".)
            plan_places = [
                p
                for t, p in zip(told_in, owns, strict=True)
                if t is not telling and t.second and t.split and t.state == "announced"
            ]
            venue = own if planned else own or (None if venue in plan_places else venue)
            # (Nor a new round announced, in a sentence of its own that names no place, at the
            # place the round held was at: "ended in Geneva. ... the next round will be held
            # after consultations". Talks that resume may well resume where they were.)
            held_at = [
                p
                for t, p in zip(told_in, owns, strict=True)
                if t is not telling and t.state in ("held", "paused")
            ]
            if own is None and fact.state == "announced" and not fact.resumes and venue in held_at:
                venue = None
        if journey and telling is main and venue is None and fact.number is None:
            # A journey to no place of talks ("a quitté Genève pour Téhéran", home): no meeting.
            continue
        if (
            fact.state in ("held", "paused")
            and venue is None
            and fact.number is None
            and fact.dated in (None, "report")
            and any(kind in ("collapsed", "suspended") for kind, _ in events)
        ):
            # "Iran declares the talks with the US ended": the talks broken off, no meeting.
            continue
        if (
            fact.state in ("held", "under_way")
            and venue is None
            and fact.number is None
            and fact.dated in (None, "report")
            and words["so_far"].search(telling.undated)
        ):
            # "Les pourparlers se sont déroulés jusqu'à présent dans une atmosphère sincère":
            # the talks up to now, no meeting.
            continue
        if (
            fact.state == "held"
            and venue is None
            and fact.number is None
            and _only_a_deal(telling.undated, words)
        ):
            # "Israel, Lebanon reach historic deal on maritime border": news of the talks, no
            # meeting (a deal struck at a round names its place, day or number).
            continue
        rounds.append(
            RoundReport(
                number=fact.number,
                new_round=fact.new_round,
                venue=venue,
                date=fact.start.isoformat() if fact.start else None,
                end_date=fact.end.isoformat() if fact.end else None,
                format=fmt,
                mediator=said.mediator if said else next(iter(mediators), None),
                state=fact.state,
                official=official,
                outlet=outlet,
                published=published,
                title=title,
                url=url,
                host=host,
                dated=fact.dated if fact.start else None,
                resumes=fact.resumes,
                goes_on=fact.goes_on,
                begins=fact.begins,
                retrospective=fact.retrospective,
                lang=lang,
            )
        )
    return Reading(
        rounds=tuple(rounds),
        events=tuple(
            SeriesEvent(kind, when.isoformat(), official, outlet, published, title, url)
            for kind, when in dict.fromkeys(events)
        ),
    )
