"""What one report says about the rounds of talks and the talks as a whole (pure logic).

The press rarely writes "the second round was held in Geneva". It writes that
talks *resume* in a city, *begin* or *end* there, that delegations *arrive*, that
a *new round* is *set for* Thursday, that the talks *collapsed*, or that strikes
began. This module reads those phrasings in English, German, French, Persian and
Arabic and returns plain facts:

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

import datetime as dt
import functools
import re
from dataclasses import dataclass

import ahocorasick_rs

from bot.news.textnorm import normalize

ROUND_STATES = ("announced", "under_way", "held", "postponed", "cancelled")
EVENT_KINDS = ("collapsed", "suspended", "strikes", "ultimatum", "deployment")  # resumption is inferred

# ---------------------------------------------------------------- vocabulary


class Phrases:
    """Phrases as the press writes them, matched by one regex (see :func:`_pattern`).

    Every branch of the regex begins with its phrase's first word (its anchor), after at
    most three letters of an attached Arabic-script prefix. :func:`_anchors_in` finds where
    every anchor of every phrase set occurs in one Aho-Corasick pass; the regex is then
    tried only there, in order, which finds the match ``re.search`` would (the leftmost)
    at a fraction of the cost. Most sets are absent from most reports: no regex runs.
    """

    __slots__ = ("anchors", "regex")

    def __init__(self, regex: re.Pattern[str], anchors: frozenset[str]) -> None:
        global _anchor_automaton
        self.regex = regex
        self.anchors = anchors
        _ANCHORS.update(anchors)
        _anchor_automaton = None  # built again, with these anchors, at the next search
        _anchors_in.cache_clear()

    def _starts(self, text: str) -> list[int]:
        found = _anchors_in(text)
        starts: set[int] = set()
        for anchor in self.anchors.intersection(found):
            for start in found[anchor]:
                if anchor.isascii():
                    starts.add(start)
                else:
                    starts.update(range(max(0, start - _PREFIX_LETTERS), start + 1))
        return sorted(starts)

    def search(self, text: str) -> re.Match[str] | None:
        """What ``regex.search(text)`` finds."""
        match = self.regex.match
        for start in self._starts(text):
            found = match(text, start)
            if found is not None:
                return found
        return None

    def sub(self, replacement: str, text: str) -> str:
        """``regex.sub(replacement, text)``."""
        return self.regex.sub(replacement, text) if self._starts(text) else text


# An Arabic-script phrase may carry a conjunction or preposition and an article ("وال").
_PREFIX_LETTERS = 3
_ANCHORS: set[str] = set()
_anchor_automaton: tuple[ahocorasick_rs.AhoCorasick, list[str]] | None = None


@functools.lru_cache(maxsize=16)
def _anchors_in(text: str) -> dict[str, list[int]]:
    """Where each anchor of every phrase set starts in ``text`` (a reading searches the
    same few texts many times: the cache holds their answers). Read only."""
    global _anchor_automaton
    if _anchor_automaton is None:
        anchors = sorted(anchor for anchor in _ANCHORS if anchor)
        _anchor_automaton = ahocorasick_rs.AhoCorasick(anchors), anchors
    automaton, anchors = _anchor_automaton
    found: dict[str, list[int]] = {}
    if not anchors:
        return found
    for index, start, _ in automaton.find_matches_as_indexes(text, overlapping=True):
        found.setdefault(anchors[index], []).append(start)
    return found


def _pattern(*phrases: str) -> Phrases:
    """One regex for phrases written as the press writes them.

    A Latin phrase matches whole words; a trailing "*" lets the last word go on
    ("resum*" finds resume, resumed, resumption). Persian and Arabic phrases may
    carry attached prefixes (و ب ل ال) and any ending, as those languages attach
    them. "…" inside a phrase stands for up to four words ("setzen … fort").
    """
    # Each phrase is a branch behind a word-start check. Consecutive branches with the same
    # check share one, in their order: the engine then tests a position once per run of
    # branches instead of once per phrase (same matches, several times faster).
    runs: list[tuple[str, list[str]]] = []
    for phrase in phrases:
        open_end = phrase.endswith("*")
        pieces = [normalize(piece) for piece in phrase.rstrip("*").split("…")]
        gap = r"\s+(?:\S+\s+){0,4}?"
        body = gap.join(r"\s+".join(re.escape(w) for w in piece.split()) for piece in pieces)
        if pieces[0][:1].isascii():
            start, branch = r"(?<![\w'])", body + ("" if open_end else r"(?![\w])")
        else:
            start, branch = r"(?<!\w)", rf"(?:[وبلف])?(?:ال|لل)?{body}"
        if runs and runs[-1][0] == start:
            runs[-1][1].append(branch)
        else:
            runs.append((start, [branch]))
    regex = re.compile("|".join(f"{start}(?:{'|'.join(branches)})" for start, branches in runs))
    # Every branch begins with its phrase's first word, literally (Arabic-script prefixes
    # and the word-start checks come before it): that word is the phrase's anchor.
    return Phrases(regex, frozenset(normalize(p.rstrip("*").split("…")[0]).split()[0] for p in phrases))


ORDINALS: dict[int, tuple[str, ...]] = {
    1: ("first", "1st", "erste", "premier", "premiere", "اول", "نخست", "نخستین", "اولین", "الاولی", "اولی"),
    2: ("second", "2nd", "zweite", "deuxieme", "seconde", "2e", "دوم", "دومین", "الثانیه", "ثانیه"),
    3: ("third", "3rd", "dritte", "troisieme", "3e", "سوم", "سومین", "الثالثه", "ثالثه"),
    4: ("fourth", "4th", "vierte", "quatrieme", "4e", "چهارم", "چهارمین", "الرابعه", "رابعه"),
    5: ("fifth", "5th", "fuenfte", "cinquieme", "5e", "پنجم", "پنجمین", "الخامسه", "خامسه"),
    6: ("sixth", "6th", "sechste", "sixieme", "6e", "ششم", "ششمین", "السادسه", "سادسه"),
    7: ("seventh", "7th", "siebte", "septieme", "7e", "هفتم", "هفتمین", "السابعه", "سابعه"),
}
_WORD_NUMBER = {w: n for n, words in ORDINALS.items() for w in words}
_ROUND_WORDS = r"(?:round|runde|gespraechsrunde|verhandlungsrunde|cycle|session|tour)"
_LATIN_ORD = "|".join(sorted((w for w in _WORD_NUMBER if w.isascii()), key=len, reverse=True))
_NUMBERED = [
    # "second round", "zweite Runde", "zweiten Verhandlungsrunde", "deuxième cycle"
    re.compile(rf"(?<!\w)({_LATIN_ORD})[nrs]?\s+(?:[\w-]+\s+)?{_ROUND_WORDS}s?(?!\w)"),
    # "round 2", "Runde 2"
    re.compile(rf"(?<!\w){_ROUND_WORDS}\s+(\d{{1,2}})(?![\w.])"),
    # "2. Runde", "2e cycle"
    re.compile(rf"(?<!\w)(\d{{1,2}})(?:\.|e|eme)\s*{_ROUND_WORDS}(?!\w)"),
    # Persian: "دور دوم", "دومین دور"; Arabic: "الجولة الثانية", "جولة ثانية"
    re.compile(r"دور\s+(?:\w+\s+)?(اول|نخست|دوم|سوم|چهارم|پنجم|ششم|هفتم)(?!\w)"),
    re.compile(r"(نخستین|اولین|دومین|سومین|چهارمین|پنجمین|ششمین|هفتمین)\s+دور"),
    re.compile(
        r"(?:ال)?جوله\s+(?:\w+\s+)?(الاولی|الثانیه|الثالثه|الرابعه|الخامسه|السادسه|السابعه|"
        r"اولی|ثانیه|ثالثه|رابعه|خامسه|سادسه)(?!\w)"
    ),
]
# "A new round", "another round", "the next round": the next number after the latest.
NEW_ROUND = _pattern(
    "new round",
    "another round",
    "next round",
    "fresh round",
    "new talks",
    "fresh talks",
    "neue runde",
    "neue gespraechsrunde",
    "neue verhandlungsrunde",
    "weitere runde",
    "weitere gespraechsrunde",
    "naechste runde",
    "naechste verhandlungsrunde",
    "nouveau cycle",
    "nouvelle session",
    "nouveau round",
    "prochain cycle",
    "prochaine session",
    "nouvelles discussions",
    "دور تازه",
    "دور جدید",
    "دور بعدی",
    "دور دیگری",
    "جوله جدیده",
    "جوله اخری",
    "الجوله المقبله",
    "الجوله القادمه",
    "جوله مقبله",
)
# The talks themselves: a state word counts only in a text about talks.
TALKS = _pattern(
    "talks",
    "negotiat*",
    "meet",
    "mediator*",
    "envoy*",
    "delegation*",
    "negotiator*",
    "atomgespraech*",
    "atomverhandlung*",
    "unterhaendler",
    "negoci*",
    "discute",
    "round*",
    "meeting*",
    "gespraech*",
    "verhandlung*",
    "verhandeln",
    "runde",
    "pourparlers",
    "negociation*",
    "discussions",
    "cycle",
    "dialogue",
    "dialog",
    "مذاکره",
    "مذاکرات",
    "گفتگو",
    "گفتوگو",
    "دور",
    "محادثات",
    "مفاوضات",
    "المفاوضات",
    "تتفاوض",
    "جوله",
    "مباحثات",
    "حوار",
)
STATES: dict[str, Phrases] = {
    "cancelled": _pattern(
        "cancel*",
        "called off",
        "call off",
        "scrapped",
        "abgesagt",
        "absage",
        "annule*",
        "annulation",
        "لغو",
        "الغاء",
        "الغیت",
    ),
    "postponed": _pattern(
        "postpone*",
        "pushed back",
        "put off",
        "delayed",
        "verschoben",
        "verschiebt",
        "vertagt",
        "reporte",
        "reportee",
        "reportees",
        "reportes",
        "repousse*",
        "به تعویق",
        "تعویق",
        "تاجیل",
        "ارجیت",
        "تاجلت",
    ),
    # Future and intention: an announcement, whatever past-tense words the text also has.
    "announced": _pattern(
        "will",
        "to be held",
        "set to",
        "set for",
        "to hold",
        "to resume",
        "to meet",
        "to attend",
        "to travel",
        "to take place",
        "to begin",
        "to start",
        "scheduled",
        "planned",
        "plans to",
        "plan to",
        "expected to",
        "agree to",
        "agreed to",
        "due to",
        "is due",
        "heads to",
        "head to",
        "heading to",
        "leaves for",
        "left for",
        "arrive*",
        "sollen",
        "soll",
        "wollen",
        "werden",
        "wird",
        "plant",
        "planen",
        "geplant",
        "angekuendigt",
        "kuendigt",
        "vereinbart",
        "vereinbaren",
        "einigen sich",
        "findet … statt",
        "finden … statt",
        "reist",
        "reisen",
        "fliegt",
        "trifft … ein",
        "eingetroffen",
        "doit",
        "doivent",
        "devrait",
        "devraient",
        "aura lieu",
        "auront lieu",
        "se tiendra",
        "se tiendront",
        "prevu*",
        "annonce*",
        "se rendra",
        "s'accordent",
        "se retrouveront",
        "se rend",
        "se rendent",
        "arrive a",
        "est arrive",
        "sont arrives",
        "reprendront",
        "reprendra",
        "قرار است",
        "خواهد",
        "خواهند",
        "برگزار میشود",
        "از سر گرفته میشود",
        "توافق کردند",
        "عازم",
        "وارد",
        "سیعقد",
        "ستعقد",
        "ستستانف",
        "سیستانف",
        "من المقرر",
        "یتوجه",
        "توجه",
        "وصل",
        "یصل",
        "اتفقا علی",
        "تتفق",
        "اتفق الجانبان",
    ),
    "held": _pattern(
        "ended",
        "ends",
        "end without",
        "end after",
        "end with",
        "end in",
        "concluded",
        "conclude",
        "concludes",
        "wrapped up",
        "wrap up",
        "wraps up",
        "held",
        "took place",
        "endet",
        "endeten",
        "beendet",
        "zu ende",
        "fand … statt",
        "fanden … statt",
        "stattgefunden",
        "abgeschlossen",
        "s'acheve",
        "s'achevent",
        "se sont acheve*",
        "s'est acheve*",
        "a pris fin",
        "ont pris fin",
        "prend fin",
        "prennent fin",
        "s'est tenu*",
        "se sont tenu*",
        "a eu lieu",
        "ont eu lieu",
        "fin des",
        "fin du",
        "fin de",
        "ont discute",
        "برگزار شد",
        "پایان یافت",
        "پایان",
        "به پایان رسید",
        "خاتمه",
        "اختتام",
        "اختتمت",
        "انتهت",
        "انتهاء",
        "عقدت",
        "جرت",
    ),
    "under_way": _pattern(
        "begin*",
        "began",
        "begun",
        "opened",
        "opens",
        "kick off",
        "kicks off",
        "kicked off",
        "under way",
        "underway",
        "resume*",
        "resumption",
        "hold talks",
        "holds talks",
        "holding talks",
        "meet in",
        "meet for",
        "meet again",
        "meeting in",
        "sit down",
        "continue*",
        "second day",
        "zweiten tag",
        "treffen … zusammen",
        "treffen sich",
        "day two",
        "extended",
        "negotiate in",
        "beginn*",
        "begonnen",
        "auftakt",
        "starten",
        "gestartet",
        "laufen",
        "fortgesetzt",
        "setzen … fort",
        "setzen fort",
        "wieder aufgenommen",
        "verhandeln",
        "verlaengert",
        "debute*",
        "s'ouvre",
        "s'ouvrent",
        "ouverture",
        "reprise",
        "reprennent",
        "reprend",
        "se poursuit",
        "se poursuivent",
        "prolonge*",
        "negocient",
        "se retrouvent",
        "شروع",
        "اغاز",
        "از سر گرفته",
        "ادامه یافت",
        "ادامه دارد",
        "ادامه مییابد",
        "تمدید",
        "مذاکره میکنند",
        "مذاکره میکند",
        "گفتگو میکنند",
        "انطلاق",
        "انعقاد",
        "تعقد",
        "تتفاوض",
        "انطلقت",
        "تنطلق",
        "بدء",
        "بدات",
        "تبدا",
        "تستانف",
        "استیناف",
        "استونفت",
        "تتواصل",
        "تواصل",
    ),
}
# Talk of a round that nobody has decided on: no announcement.
_UNDECIDED = _pattern(
    "rule out",
    "ruled out",
    "no date",
    "whether",
    "undecided",
    "decide later",
    "later decide",
    "will decide",
    "ausschliessen",
    "schliessen … nicht aus",
    "schliesst … nicht aus",
    "ob",
    "offen",
    "entschieden",
    "entscheiden",
    "kein termin",
    "n'excluent pas",
    "n'exclut pas",
    "pas de date",
    "si",
    "decider*",
    "decision",
    "تصمیم",
    "بستگی",
    "مشخص نیست",
    "معلوم نیست",
    "لم یحدد",
    "لم یتحدد",
    "لم تحدد",
    "لا تستبعد",
    "لا یستبعد",
)
# Attitudes, not events: "open to talks" is no round opening.
_NOT_A_STATE = _pattern("open to", "offen fuer", "ouvert a", "ouverte a", "held hostage", "held responsible")
# The strongest fact wins: a cancelled round is not also announced.
_STATE_ORDER = ("cancelled", "postponed", "announced", "held", "under_way")

_TODAY = _pattern("today", "heute", "aujourd'hui", "ce jour", "امروز", "الیوم")
_TOMORROW = _pattern("tomorrow", "morgen", "demain", "فردا", "غدا")
_YESTERDAY = _pattern("yesterday", "gestern", "hier", "دیروز", "امس")
_NEXT_WEEK = _pattern(
    "next week",
    "naechste woche",
    "naechsten woche",
    "kommende woche",
    "kommenden woche",
    "la semaine prochaine",
    "semaine prochaine",
    "هفته اینده",
    "هفته بعد",
    "الاسبوع المقبل",
    "الاسبوع القادم",
)
_WEEKDAYS: dict[int, Phrases] = {
    0: _pattern("monday", "montag", "lundi", "دوشنبه", "الاثنین"),
    1: _pattern("tuesday", "dienstag", "mardi", "سه شنبه", "سهشنبه", "الثلاثاء"),
    2: _pattern("wednesday", "mittwoch", "mercredi", "چهارشنبه", "الاربعاء"),
    3: _pattern("thursday", "donnerstag", "jeudi", "پنجشنبه", "پنج شنبه", "الخمیس"),
    4: _pattern("friday", "freitag", "vendredi", "جمعه", "الجمعه"),
    5: _pattern("saturday", "samstag", "sonnabend", "samedi", "السبت"),  # Persian شنبه: below
    6: _pattern("sunday", "sonntag", "dimanche", "یکشنبه", "یک شنبه", "الاحد"),
}
# Persian "شنبه" (Saturday) alone: checked after the other days, which end in it.
_PERSIAN_SATURDAY = re.compile(r"(?<!\w)شنبه(?!\w)")

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "janvier", "janv", "ژانویه", "ینایر", "کانون الثانی"),
    2: ("february", "feb", "februar", "fevrier", "fevr", "fev", "فوریه", "فبرایر", "شباط"),
    3: ("march", "mar", "maerz", "mars", "مارس", "اذار"),
    4: ("april", "apr", "avril", "avr", "اوریل", "ابریل", "نیسان"),
    5: ("may", "mai", "مه", "مایو", "ایار"),
    6: ("june", "jun", "juni", "juin", "ژوئن", "یونیو", "حزیران"),
    7: ("july", "jul", "juli", "juillet", "juil", "ژوییه", "یولیو", "تموز"),
    8: ("august", "aug", "aout", "اوت", "اغسطس", "اب"),
    9: ("september", "sep", "sept", "septembre", "سپتامبر", "سبتمبر", "ایلول"),
    10: ("october", "oct", "oktober", "okt", "octobre", "اکتبر", "اکتوبر", "تشرین الاول"),
    11: ("november", "nov", "novembre", "نوامبر", "نوفمبر", "تشرین الثانی"),
    12: ("december", "dec", "dezember", "dez", "decembre", "دسامبر", "دیسمبر", "کانون الاول"),
}
_MONTH = {normalize(name): number for number, names in _MONTHS.items() for name in names}
_MONTH_RE = "|".join(re.escape(m) for m in sorted(_MONTH, key=len, reverse=True))
_DAY = r"(\d{1,2})(?:er|st|nd|rd|th)?\.?"
_RANGE = rf"{_DAY}(?:\s*(?:-|/|bis|to|and|und|et|au|و|تا|الی)\s*{_DAY})?"
_DATES = [
    # 26 February 2026, 26-27 Feb., 26./27. Februar, 26 et 27 février, ۲۶ فوریه
    re.compile(rf"(?<![\w.]){_RANGE}\s+({_MONTH_RE})\.?(?:\s+(\d{{4}}))?(?![\w])"),
    # February 26, 2026; Feb. 26-27
    re.compile(rf"(?<![\w])({_MONTH_RE})\.?\s+{_RANGE}(?:,?\s+(\d{{4}}))?(?![\w])"),
]

# The talks as a whole.
_COLLAPSED = _pattern(
    "collapse*",
    "broke down",
    "break down",
    "breakdown",
    "failed talks",
    "talks failed",
    "talks fail",
    "gescheitert",
    "scheitern",
    "echec",
    "echouent",
    "ont echoue",
    "شکست مذاکرات",
    "شکست گفتگو",
    "شکست خورد",
    "فروپاشی",
    "انهیار",
    "فشل",
    "فشلت",
)
_SUSPENDED = _pattern(
    "suspend*",
    "broken off",
    "break off",
    "breaks off",
    "broke off",
    "halted",
    "halts",
    "on hold",
    "frozen",
    "ausgesetzt",
    "abgebrochen",
    "bricht … ab",
    "brechen … ab",
    "auf eis",
    "setzen … aus",
    "setzt … aus",
    "interrompu*",
    "gele*",
    "تعلیق",
    "متوقف",
    "تعلق",
    "وقف",
    "توقف",
)
_STRIKES = _pattern(
    "strikes hit",
    "strikes began",
    "strikes begin",
    "launch* strikes",
    "launch* attack*",
    "strike on",
    "strikes on",
    "strike against",
    "strikes against",
    "struck",
    "airstrike*",
    "air strike*",
    "bombed",
    "bombing*",
    "bombard*",
    "attacked",
    "attacks on",
    "attack on",
    "missiles hit",
    "war on",
    "war against",
    "angriff*",
    "luftangriff*",
    "angegriffen",
    "greifen … an",
    "greift … an",
    "bombardier*",
    "frappe*",
    "frappent",
    "attaque*",
    "حمله",
    "حملات",
    "بمباران",
    "ضربات",
    "الضربات",
    "ضربه",
    "غارات",
    "هجوم",
    "قصف",
)
# Threats and conditions are not events: "threatens strikes", "could collapse".
_HEDGE = _pattern(
    "threat*",
    "warn*",
    "could",
    "would",
    "may",
    "might",
    "if",
    "unless",
    "possible",
    "brink",
    "risk*",
    "fear*",
    "avert*",
    "avoid*",
    "prepare*",
    "droh*",
    "warnt",
    "koennte",
    "koennten",
    "moeglich*",
    "falls",
    "menace*",
    "pourrait",
    "pourraient",
    "eventuel*",
    "risque*",
    "تهدید",
    "هشدار",
    "احتمال",
    "اگر",
    "بیم",
    "یهدد",
    "تهدد",
    "تهدید",
    "اذا",
    "محتمل",
    "خطر",
)
_ULTIMATUM = _pattern("ultimatum", "deadline", "frist", "ultimatum", "اولتیماتوم", "مهلت", "انذار", "مهله")
_CARRIER = _pattern(
    "carrier*",
    "flugzeugtraeger*",
    "porte-avions",
    "ناو هواپیمابر",
    "ناو",
    "حامله الطایرات",
    "حامله طایرات",
    "حاملات الطایرات",
)
_SENDS = _pattern(
    "send*",
    "sent",
    "deploy*",
    "dispatch*",
    "heads to",
    "ordered to",
    "schick*",
    "entsendet",
    "verlegt",
    "envoi*",
    "deploie",
    "اعزام",
    "ارسال",
    "میفرستد",
    "ترسل",
    "تنشر",
    "یرسل",
)

FORMATS = {
    "technical": _pattern(
        "technical",
        "expert-level",
        "experts",
        "technische*",
        "experten*",
        "technique*",
        "فنی",
        "کارشناسی",
        "فنیه",
    ),
    "indirect": _pattern("indirect*", "indirekt*", "غیرمستقیم", "غیر مستقیم", "غیر مباشره", "غیر المباشره"),
    "direct": _pattern("direct talks", "face-to-face", "direkte*", "directes", "مستقیم", "المباشره"),
}


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class RoundReport:
    """What one report says about one round."""

    number: int | None  # stated by the report
    new_round: bool  # "a new / another / the next round"
    venue: str | None  # a place id of the topic
    date: str | None  # ISO: the round's (first) day
    end_date: str | None  # ISO: its last day, for a multi-day round
    format: str | None
    mediator: str | None
    state: str | None  # one of ROUND_STATES; None: a round mentioned, nothing said of it
    series: str
    official: bool
    outlet: str
    published: float
    title: str = ""
    url: str | None = None


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


def _number(folded: str) -> int | None:
    for pattern in _NUMBERED:
        match = pattern.search(folded)
        if match:
            token = match.group(1)
            return int(token) if token.isdigit() else _WORD_NUMBER.get(token)
    return None


def explicit_dates(folded: str, published: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """The first explicit date (and the end of a range: "26-27 Feb"), in the publication's year."""
    for i, pattern in enumerate(_DATES):
        match = pattern.search(folded)
        if not match:
            continue
        if i == 0:
            first, last, month, year = match.group(1), match.group(2), match.group(3), match.group(4)
        else:
            month, first, last, year = match.group(1), match.group(2), match.group(3), match.group(4)
        try:
            start = dt.date(int(year) if year else published.year, _MONTH[month], int(first))
            end = dt.date(start.year, start.month, int(last)) if last else None
        except ValueError:
            continue
        if not year and (start - published).days > 200:
            start = start.replace(year=start.year - 1)  # "12 December" read in January
            end = end.replace(year=start.year) if end else None
        return start, (end if end and end > start else None)
    return None


def _weekday(folded: str) -> int | None:
    for day, pattern in _WEEKDAYS.items():
        if pattern.search(folded):
            return day
    if _PERSIAN_SATURDAY.search(folded):
        return 5
    return None


def relative_date(folded: str, published: dt.date, future: bool) -> dt.date | None:
    """Today, tomorrow, yesterday, next week, or a weekday, against the publication day.

    A weekday points forward in an announcement ("talks on Thursday") and back in a
    report of what happened ("talks began on Monday").
    """
    if _TOMORROW.search(folded) and not re.search(r"(?<!\w)am morgen", folded):
        return published + dt.timedelta(days=1)
    if _YESTERDAY.search(folded) and not future:
        return published - dt.timedelta(days=1)
    weekday = _weekday(folded)
    if weekday is not None:
        shift = (weekday - published.weekday()) % 7
        return published + dt.timedelta(days=shift) if future else published - dt.timedelta(days=(-shift) % 7)
    if _TODAY.search(folded):
        return published
    if _NEXT_WEEK.search(folded) and future:
        return None  # a week, not a day: the round is announced without a date
    return None


def _first_state(cleaned: str) -> str | None:
    """Cancelled or postponed if the text says so; else the state whose words come first
    (a headline leads with what happened: "talks kick off, expected to last two days")."""
    for state in ("cancelled", "postponed"):
        if STATES[state].search(cleaned):
            return state
    found = [
        (m.start(), rank, s) for rank, s in enumerate(_STATE_ORDER[2:]) if (m := STATES[s].search(cleaned))
    ]
    return min(found)[2] if found else None


def _without_dates(folded: str) -> str:
    """The text with its dates blanked out: "2 May" is no "may"."""
    for pattern in _DATES:
        folded = pattern.sub(" ", folded)
    return folded


def _state(undated: str) -> str | None:
    """The state of the round a text (its dates blanked out) reports."""
    cleaned = _NOT_A_STATE.sub(" ", undated)
    if not TALKS.search(cleaned):
        return None
    state = _first_state(cleaned)
    if _UNDECIDED.search(cleaned):
        return None  # "a decision on a second round later", "no date yet": nothing happened
    if state == "announced" and _HEDGE.search(cleaned):
        # "could meet": nothing announced. A round also reported under way or ended still is.
        return next((s for s in ("held", "under_way") if STATES[s].search(cleaned)), None)
    return state


def _events(folded: str, day: dt.date) -> list[tuple[str, dt.date]]:
    hedged = bool(_HEDGE.search(folded))
    kinds: list[str] = []
    if _COLLAPSED.search(folded) and not hedged:
        kinds.append("collapsed")
    elif _SUSPENDED.search(folded) and not hedged and TALKS.search(folded):
        kinds.append("suspended")
    if _STRIKES.search(folded) and not hedged and not re.search(r"(?<!\w)strikes? (?:a )?deal", folded):
        kinds.append("strikes")
    if _ULTIMATUM.search(folded):
        kinds.append("ultimatum")
    if _CARRIER.search(folded) and _SENDS.search(folded) and not hedged:
        kinds.append("deployment")
    return [(kind, day) for kind in kinds]


def read(
    text: str,
    published: float,
    *,
    venues: list[str],
    mediators: list[str],
    official: bool,
    outlet: str,
    title: str = "",
    url: str | None = None,
) -> Reading:
    """What a report says about rounds and about the talks as a whole.

    ``venues`` are the venue ids the matcher found (most specific first) and
    ``mediators`` the mediating people it found.
    """
    folded = normalize(text)
    day = dt.datetime.fromtimestamp(published, dt.UTC).date()
    number = _number(folded)
    new_round = number is None and bool(NEW_ROUND.search(folded))
    undated = _without_dates(folded)
    state = _state(undated)
    if state is None and new_round and not (_HEDGE.search(undated) or _UNDECIDED.search(undated)):
        state = "announced"  # "a new round" with no verb is talk of the next one
    explicit = explicit_dates(folded, day)
    future = state in ("announced", "postponed")
    start: dt.date | None
    end: dt.date | None = None
    if explicit is not None:
        start, end = explicit
    else:
        ahead = relative_date(folded, day, future=True) if state == "under_way" else None
        if state == "under_way" and _NEXT_WEEK.search(folded):
            state, start, future = "announced", None, True  # "talks resume next week"
        elif ahead is not None and ahead > day:
            # "Talks resume on Thursday", "reprise jeudi": not yet under way.
            state, start, future = "announced", ahead, True
        else:
            start = relative_date(folded, day, future)
        if start is None and state == "under_way":
            start = day  # a report of talks under way speaks of its own day
    rounds: list[RoundReport] = []
    events = _events(undated, start if start is not None and explicit else day)
    if number is not None or state is not None:
        fmt = next((f for f in ("technical", "indirect", "direct") if FORMATS[f].search(folded)), None)
        rounds.append(
            RoundReport(
                number=number,
                new_round=new_round,
                venue=venues[0] if venues else None,
                date=start.isoformat() if start else None,
                end_date=end.isoformat() if end else None,
                format=fmt,
                mediator=mediators[0] if mediators else None,
                state=state,
                series=str((start or day).year),
                official=official,
                outlet=outlet,
                published=published,
                title=title,
                url=url,
            )
        )
    return Reading(
        rounds=tuple(rounds),
        events=tuple(
            SeriesEvent(kind, when.isoformat(), official, outlet, published, title, url)
            for kind, when in dict.fromkeys(events)
        ),
    )
