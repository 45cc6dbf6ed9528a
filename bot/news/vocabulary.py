"""The round reader's words, one data file per language (``bot/news/words/<lang>.toml``).

A report is read with the words of the language it is written in: German "hier" (here)
is not French "hier" (yesterday), and French "tour" is not the English "tour". A text
whose language is not known is read with every language's words at once.

Each file has the same sets (``PHRASE_SETS``, ``STATES``, ``FORMATS``, ``DATE_SETS``,
the ordinals, weekdays, months and days written as words); :func:`load` refuses a file
that lacks one.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.news.phrases import Phrases, compile_phrases
from bot.news.textnorm import normalize

WORDS_DIR = Path(__file__).with_name("words")
LANGUAGES = ("en", "de", "fr", "fa", "ar")
PHRASE_SETS = (
    "talks",
    "new_round",
    "next_round",
    "current_round",
    "resumes",
    "goes_on",
    "begins",
    "met",
    "extension",
    "for_months",
    "more_days",
    "retrospective",
    "rounds_held",
    "recent_days",
    "past",
    "undecided",
    "denied",
    "refused",
    "exchange",
    "by_phone",
    "not_a_state",
    "clause",
    "conjunction",
    "about",
    "between",
    "with",
    "backed",
    "gathering",
    "sidelines",
    "so_far",
    "collapsed",
    "not_collapsed",
    "suspended",
    "leaves",
    "strikes",
    "not_strikes",
    "hedge",
    "wishes",
    "ultimatum",
    "carrier",
    "sends",
    "trip",
    "trip_purpose",
    "arrived",
    "departed",
    "bound_for",
    "negotiating_team",
    "then_meeting",
    "deal",
)
STATES = ("cancelled", "postponed", "announced", "held", "paused", "under_way")
FORMATS = ("technical", "indirect", "direct")
DATE_SETS = (
    "today",
    "tomorrow",
    "day_after_tomorrow",
    "of_this_month",
    "tonight",
    "not_tomorrow",
    "yesterday",
    "next_week",
    "next_month",
    "next_day",
    "weeks_ago",
    "last_month",
    "this_month",
    "last_week",
    "reported_on",
    "until",
    "truce",
    "called_off_for",
    "in_month",
    "since",
)
# Cues around a place's name (bot.news.places), as normalised word sequences.
PLACE_SETS = (
    "at",
    "talks_at",
    "talks_after",
    "capital",
    "city",
    "then_host",
    "host_then",
    "then_mediator",
    "mediator_then",
    "adjective_endings",
    "city_adjective_endings",
    "name_endings",
    "articles",
    "state_titles",
    "negations",
    "posts",
    "subjects",
    "said_at",
    "talks_before",
    "not_places",
)


class VocabularyError(ValueError):
    """A language file lacks a set, or holds a value of the wrong shape."""


@dataclass(frozen=True)
class Vocabulary:
    """One language's words (or every language's, for a text in none of them)."""

    lang: str
    phrases: Mapping[str, Phrases]  # PHRASE_SETS, DATE_SETS, and "state:<s>", "format:<f>"
    ordinals: Mapping[str, int]  # a normalised ordinal word → its number
    cardinals: Mapping[str, int]  # a number word after a round word ("round two") → its number
    numbered: tuple[re.Pattern[str], ...]  # group 1: an ordinal word or digits
    day_numbered: tuple[re.Pattern[str], ...]  # the talks' Nth day ("fourth straight day"); group 1 as above
    not_talks: Phrases  # words after a round word that make it a round of something else
    round_words: Phrases  # a round ("round", "Runde", "جولة")
    weekdays: tuple[Phrases, ...]  # Monday first
    months: Mapping[str, int]  # a normalised month name → 1..12
    jalali_months: Mapping[str, int]  # the Iranian calendar's month names → 1..12
    range_words: tuple[str, ...]  # between the days of a range: "26 to 27"
    day_words: Mapping[str, int]  # a day of the month written as a word ("التاسع") → 1..31
    day_of: tuple[str, ...]  # between such a day and its month: "the ninth of November"
    first_weekday: int  # the day a week begins on where the language is written (0: Monday, 5: Saturday)
    past_endings: tuple[str, ...]  # endings of words in the past tense ("-ed")
    calendar: frozenset[str]  # weekday and month names of one word, normalised: no places
    known: frozenset[str]  # every word of every phrase set: the reader's words are no places
    # PLACE_SETS: each a set of normalised word sequences ("sous l'egide de" → 4 words).
    places: Mapping[str, frozenset[tuple[str, ...]]]

    def __getitem__(self, name: str) -> Phrases:
        return self.phrases[name]

    def state(self, state: str) -> Phrases:
        return self.phrases[f"state:{state}"]

    def format(self, name: str) -> Phrases:
        return self.phrases[f"format:{name}"]


@dataclass(frozen=True)
class _Raw:
    """One file's words as written, before they are compiled."""

    lang: str
    phrases: dict[str, tuple[str, ...]]
    round_words: tuple[str, ...]
    ordinals: dict[int, tuple[str, ...]]
    cardinals: dict[int, tuple[str, ...]]
    numbered: tuple[str, ...]
    day_numbered: tuple[str, ...]
    not_talks: tuple[str, ...]
    weekdays: tuple[tuple[str, ...], ...]
    months: tuple[tuple[str, ...], ...]
    jalali_months: tuple[tuple[str, ...], ...]
    range_words: tuple[str, ...]
    day_words: dict[int, tuple[str, ...]]
    day_of: tuple[str, ...]
    first_weekday: int
    places: dict[str, tuple[str, ...]]
    past_endings: tuple[str, ...]


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f"{where}: must be a list of strings")
    return tuple(value)


def _phrases(table: dict, key: str, where: str) -> tuple[str, ...]:
    """A set of phrases. "*" lets a phrase's last word go on; inside a phrase it would be
    read as a letter ("launch* strikes" would never match): refused, to be written out."""
    phrases = _need(table, key, where)
    inner = [p for p in phrases if "*" in p.rstrip("*!")]
    if inner:
        raise VocabularyError(f"{where}.{key}: '*' only at the end of a phrase: {inner[0]!r}")
    return phrases


def _table(raw: dict, key: str, where: str) -> dict:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise VocabularyError(f"{where}.{key}: missing")
    return value


def _need(table: dict, key: str, where: str) -> tuple[str, ...]:
    if key not in table:
        raise VocabularyError(f"{where}.{key}: missing")
    return _strings(table[key], f"{where}.{key}")


def _weekday_index(dates: dict, where: str) -> int:
    value = dates.get("first_weekday")
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6:
        raise VocabularyError(f"{where}.first_weekday: a day of the week, 0 (Monday) to 6 (Sunday)")
    return value


def _read(path: Path) -> _Raw:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    where = path.name
    rounds = _table(raw, "rounds", where)
    phrases_raw = _table(raw, "phrases", where)
    states_raw = _table(raw, "states", where)
    formats_raw = _table(raw, "formats", where)
    dates_raw = _table(raw, "dates", where)
    places_raw = _table(raw, "places", where)
    phrases = {name: _phrases(phrases_raw, name, f"{where}.phrases") for name in PHRASE_SETS}
    phrases.update({f"state:{s}": _phrases(states_raw, s, f"{where}.states") for s in STATES})
    phrases.update({f"format:{f}": _phrases(formats_raw, f, f"{where}.formats") for f in FORMATS})
    phrases.update({name: _phrases(dates_raw, name, f"{where}.dates") for name in DATE_SETS})
    ordinals_raw = _table(rounds, "ordinals", f"{where}.rounds")
    ordinals = {int(n): _strings(words, f"{where}.rounds.ordinals.{n}") for n, words in ordinals_raw.items()}
    cardinals_raw = _table(rounds, "cardinals", f"{where}.rounds")
    cardinals = {
        int(n): _strings(words, f"{where}.rounds.cardinals.{n}") for n, words in cardinals_raw.items()
    }
    weekdays = tuple(_strings(d, f"{where}.dates.weekdays") for d in dates_raw.get("weekdays", []))
    months = tuple(_strings(m, f"{where}.dates.months") for m in dates_raw.get("months", []))
    jalali = tuple(_strings(m, f"{where}.dates.jalali_months") for m in dates_raw.get("jalali_months", []))
    if len(weekdays) != 7 or len(months) != 12 or len(jalali) not in (0, 12):
        raise VocabularyError(f"{where}.dates: 7 weekdays and 12 months, Monday and January first")
    days_raw = _table(dates_raw, "day_words", f"{where}.dates")
    day_words = {int(n): _strings(w, f"{where}.dates.day_words.{n}") for n, w in days_raw.items()}
    if any(not 1 <= n <= 31 for n in day_words):
        raise VocabularyError(f"{where}.dates.day_words: days of the month are 1 to 31")
    return _Raw(
        lang=str(raw.get("language", path.stem)),
        phrases=phrases,
        round_words=_need(rounds, "words", f"{where}.rounds"),
        ordinals=ordinals,
        cardinals=cardinals,
        numbered=_need(rounds, "numbered", f"{where}.rounds"),
        day_numbered=_need(rounds, "day_numbered", f"{where}.rounds"),
        not_talks=_need(rounds, "not_talks", f"{where}.rounds"),
        weekdays=weekdays,
        months=months,
        jalali_months=jalali,
        range_words=_need(dates_raw, "range", f"{where}.dates"),
        day_words=day_words,
        day_of=_need(dates_raw, "day_of", f"{where}.dates"),
        first_weekday=_weekday_index(dates_raw, f"{where}.dates"),
        places={name: _need(places_raw, name, f"{where}.places") for name in PLACE_SETS},
        past_endings=_need(rounds, "past_endings", f"{where}.rounds"),
    )


def word_sequence(phrase: str) -> tuple[str, ...]:
    """A phrase as bot.news.places compares it: normalised words; a hyphen is a word of its
    own ("-brokered"), an apostrophe ends one ("l'egide" → "l", "egide")."""
    # As the reader's words are: "l'" is "l" (bot.news.places strips an apostrophe's end).
    return tuple(w.rstrip("'") for w in re.findall(r"-?[^\W_]+'?|-", normalize(phrase).replace("'", "' ")))


def _alternation(words: list[str]) -> str:
    """A regex alternation of normalised words, the longest first (so none hides another)."""
    return "|".join(re.escape(w) for w in sorted({normalize(w) for w in words}, key=len, reverse=True))


def _compile(raws: list[_Raw], lang: str) -> Vocabulary:
    phrases = {
        name: compile_phrases(*dict.fromkeys(p for raw in raws for p in raw.phrases[name]))
        for name in raws[0].phrases
    }
    ordinal_words = {normalize(w): n for raw in raws for n, words in raw.ordinals.items() for w in words}
    numbered: list[re.Pattern[str]] = []
    day_numbered: list[re.Pattern[str]] = []
    for raw in raws:
        values = {
            "ordinal": f"({_alternation(list(w for words in raw.ordinals.values() for w in words))})",
            # (a language that writes no round's number this way: a group that matches nothing)
            "cardinal": f"({_alternation([w for ws in raw.cardinals.values() for w in ws]) or '(?!)'})",
            "round": f"(?:{_alternation(list(raw.round_words))})",
            "digits": r"(\d{1,2})",
        }
        for template in raw.numbered:
            numbered.append(re.compile(r"(?<!\w)" + template.format(**values)))
        for template in raw.day_numbered:
            day_numbered.append(re.compile(r"(?<!\w)" + template.format(**values)))
    return Vocabulary(
        lang=lang,
        phrases=phrases,
        ordinals=ordinal_words,
        cardinals={normalize(w): n for raw in raws for n, words in raw.cardinals.items() for w in words},
        numbered=tuple(numbered),
        day_numbered=tuple(day_numbered),
        not_talks=compile_phrases(*dict.fromkeys(w for raw in raws for w in raw.not_talks)),
        round_words=compile_phrases(*dict.fromkeys(w for raw in raws for w in raw.round_words)),
        weekdays=tuple(
            compile_phrases(*dict.fromkeys(w for raw in raws for w in raw.weekdays[day])) for day in range(7)
        ),
        months={
            normalize(name): i + 1 for raw in raws for i, names in enumerate(raw.months) for name in names
        },
        jalali_months={
            normalize(name): i + 1
            for raw in raws
            for i, names in enumerate(raw.jalali_months)
            for name in names
        },
        range_words=tuple(dict.fromkeys(normalize(w) for raw in raws for w in raw.range_words)),
        day_words={normalize(w): n for raw in raws for n, words in raw.day_words.items() for w in words},
        day_of=tuple(dict.fromkeys(normalize(w) for raw in raws for w in raw.day_of)),
        # A text in no known language: the week begins on Monday, as ISO 8601 has it.
        first_weekday=raws[0].first_weekday if len(raws) == 1 else 0,
        past_endings=tuple(dict.fromkeys(e for raw in raws for e in raw.past_endings)),
        known=frozenset(
            word
            for raw in raws
            for phrases in raw.phrases.values()
            for phrase in phrases
            for word in normalize(phrase.rstrip("*!").replace("…", " ")).split()
        ),
        calendar=frozenset(
            normalize(name)
            for raw in raws
            for names in (*raw.weekdays, *raw.months)
            for name in names
            if " " not in name
        ),
        places={
            name: frozenset(word_sequence(p) for raw in raws for p in raw.places[name]) for name in PLACE_SETS
        },
    )


@functools.cache
def _raw(lang: str) -> _Raw:
    return _read(WORDS_DIR / f"{lang}.toml")


@functools.cache
def vocabulary(lang: str | None) -> Vocabulary:
    """The words of ``lang`` ("en", "de", "fr", "fa", "ar"); for any other value (an
    unknown or undetected language), every language's words together."""
    if lang in LANGUAGES:
        return _compile([_raw(lang)], lang)
    return _compile([_raw(code) for code in LANGUAGES], "any")


def load(path: Path) -> Vocabulary:
    """One language file, compiled (refused with VocabularyError when a set is missing)."""
    raw = _read(path)
    return _compile([raw], raw.lang)
