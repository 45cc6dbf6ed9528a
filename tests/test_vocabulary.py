"""The round reader's words, one file per language: every language has every set, and a
word of one language is never read in another (false friends)."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from bot.news.rounds import read, relative_date
from bot.news.textnorm import normalize
from bot.news.vocabulary import LANGUAGES, WORDS_DIR, VocabularyError, load, vocabulary


def _keys(table: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in table.items():
        if isinstance(value, dict) and key not in ("ordinals", "cardinals"):
            keys |= _keys(value, f"{prefix}{key}.")
        else:
            keys.add(f"{prefix}{key}")
    return keys


def test_every_language_has_every_set_another_has():
    files = {lang: tomllib.loads((WORDS_DIR / f"{lang}.toml").read_text("utf-8")) for lang in LANGUAGES}
    everything = set().union(*(_keys(raw) for raw in files.values()))
    for lang, raw in files.items():
        assert _keys(raw) == everything, (lang, sorted(everything - _keys(raw)))
        assert raw["language"] == lang
        assert sorted(raw["rounds"]["ordinals"], key=int) == [str(n) for n in range(1, 11)], lang
        # Every set that decides something has words (not_tomorrow, not_a_state and
        # not_strikes may be empty: a language without such a phrase).
        for name in ("talks", "new_round", "collapsed", "suspended", "strikes", "hedge"):
            assert raw["phrases"][name], (lang, name)
        for state, words in raw["states"].items():
            assert words, (lang, state)


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("hedge = [", "hedges = [", r"en.toml.phrases.hedge: missing"),
        # "*" lets the last word go on; inside a phrase it never matched ("launch* strikes").
        (
            "hedge = [",
            'hedge = ["launch* strikes", ',
            r"hedge: '\*' only at the end of a phrase: 'launch\* strikes'",
        ),
    ],
)
def test_a_file_without_a_set_or_with_a_broken_phrase_is_refused(
    tmp_path: Path, old: str, new: str, error: str
):
    path = tmp_path / "en.toml"
    path.write_text((WORDS_DIR / "en.toml").read_text("utf-8").replace(old, new), "utf-8")
    with pytest.raises(VocabularyError, match=error):
        load(path)


@pytest.mark.parametrize("value", ["9", '"monday"', "-1"])
def test_a_week_that_begins_on_no_day_is_refused(tmp_path: Path, value: str):
    text = (WORDS_DIR / "fa.toml").read_text("utf-8").replace("first_weekday = 5", f"first_weekday = {value}")
    path = tmp_path / "fa.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(VocabularyError, match=r"fa.toml.dates.first_weekday"):
        load(path)


def test_an_unknown_language_reads_with_every_language():
    everything = vocabulary("und")
    assert everything["yesterday"].search(normalize("hier")) and everything["yesterday"].search("gestern")
    assert not vocabulary("de")["yesterday"].search("hier")


TUESDAY = dt.datetime(2026, 2, 24, 10, tzinfo=dt.UTC)


def _read(text: str, lang: str):
    reading = read(text, TUESDAY.timestamp(), official=False, outlet="o", lang=lang)
    return reading.rounds[0] if reading.rounds else None


@pytest.mark.parametrize(
    ("text", "lang", "state", "date", "number"),
    [
        # German "hier" is "here", not French "yesterday": the talks are under way today.
        ("Die Gespräche mit dem Iran beginnen hier in Genf", "de", "under_way", "2026-02-24", None),
        # French "hier" is yesterday.
        ("Les pourparlers ont débuté hier à Genève", "fr", "under_way", "2026-02-23", None),
        # German "heute Morgen" is this morning, not tomorrow.
        ("Die Gespräche in Genf haben heute Morgen begonnen", "de", "under_way", "2026-02-24", None),
        # German "morgen" alone is tomorrow.
        ("Die Gespräche in Genf beginnen morgen", "de", "announced", "2026-02-25", None),
        # "tour" is a round in French only in "tour de négociations"; an English tour is a trip.
        ("Witkoff begins second Gulf tour as Iran talks stall", "en", None, None, None),
        ("Un deuxième tour de négociations s'ouvre à Genève", "fr", "under_way", "2026-02-24", 2),
        # A French election's "second tour" is no round of talks.
        (
            "Iran : le second tour de la présidentielle aura lieu vendredi, Washington réagit",
            "fr",
            None,
            None,
            None,
        ),
        # English "will" is the future; German "will" (wants) is not an announcement by itself.
        ("Iran and US will meet in Geneva on Thursday", "en", "announced", "2026-02-26", None),
        # Persian "شنبه" (Saturday) ends "سه شنبه" (Tuesday): the longer name wins.
        ("مذاکرات ایران و آمریکا در ژنو روز سه شنبه آغاز شد", "fa", "under_way", "2026-02-24", None),
        # Arabic "جولة" is also a tour: a Gulf tour is not a round of talks.
        ("ويتكوف يبدأ جولة خليجية ثانية وسط تعثر المحادثات مع إيران", "ar", None, None, None),
        # An election's second round in Arabic is no round of talks.
        ("الجولة الثانية من الانتخابات الإيرانية الجمعة وواشنطن تترقب", "ar", None, None, None),
        # Arabic "طالبان" (the Taliban) begins like "طالب" (demanded): no wish for talks.
        (
            "طالبان والولايات المتحدة تخوضان الجولة الـ 6 من المفاوضات في الدوحة",
            "ar",
            "under_way",
            "2026-02-24",
            6,
        ),
        ("طالب إيران بمحادثات جديدة مع الولايات المتحدة في جنيف", "ar", None, None, None),
    ],
)
def test_false_friends_are_read_in_their_own_language(text, lang, state, date, number):
    report = _read(text, lang)
    assert (report.state if report else None) == state
    assert (report.date if report else None) == date
    assert (report.number if report else None) == number


def test_a_weekday_inside_a_longer_name_does_not_count():
    published = dt.date(2026, 2, 26)  # a Thursday
    assert relative_date(normalize("روز سه شنبه"), published, False, "fa") == dt.date(2026, 2, 24)
    assert relative_date(normalize("روز شنبه"), published, False, "fa") == dt.date(2026, 2, 21)
