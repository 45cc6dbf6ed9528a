"""Round tracking (pure logic): what a report says about a round of talks, and how
conflicting reports resolve.

Detection reads English, German, French, Persian and Arabic: ordinal rounds
("second round", "zweite Runde", "deuxième cycle", "دور دوم", "الجولة الثانية"),
the venue (from the topic's gazetteer), an explicit date (else the publication
day for reports that a round took place), the format, the mediator, and the
state (announced, held, postponed, cancelled). Patterns are written as the press
writes them and normalised like the text they run on.

Resolution: every field of a round keeps its evidence (value → sources with a
weight, official sources weighing more); the value with the most weight wins.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.news.textnorm import normalize
from storage.records import Evidence, EvidenceMap

ORDINALS: dict[int, tuple[str, ...]] = {
    1: ("first", "1st", "erste", "premier", "premiere", "اول", "نخست", "نخستین", "اولین", "الاولی", "اولی"),
    2: ("second", "2nd", "zweite", "deuxieme", "seconde", "دوم", "دومین", "الثانیه", "ثانیه"),
    3: ("third", "3rd", "dritte", "troisieme", "سوم", "سومین", "الثالثه", "ثالثه"),
    4: ("fourth", "4th", "vierte", "quatrieme", "چهارم", "چهارمین", "الرابعه", "رابعه"),
    5: ("fifth", "5th", "fuenfte", "cinquieme", "پنجم", "پنجمین", "الخامسه", "خامسه"),
    6: ("sixth", "6th", "sechste", "sixieme", "ششم", "ششمین", "السادسه", "سادسه"),
    7: ("seventh", "7th", "siebte", "septieme", "هفتم", "هفتمین", "السابعه", "سابعه"),
}
_WORD_NUMBER = {w: n for n, words in ORDINALS.items() for w in words}
_ROUND_WORDS = r"(?:round|runde|gespraechsrunde|verhandlungsrunde|cycle|session|tour)"
_LATIN_ORD = "|".join(sorted((w for w in _WORD_NUMBER if w.isascii()), key=len, reverse=True))
_PATTERNS = [
    # "second round", "zweite Runde", "zweiten Verhandlungsrunde", "deuxième cycle"
    re.compile(rf"\b({_LATIN_ORD})[nrs]?\s+(?:\w+\s+)?{_ROUND_WORDS}\b"),
    # "round 2", "Runde 2"
    re.compile(rf"\b{_ROUND_WORDS}\s+(\d{{1,2}})\b"),
    # "2. Runde", "2e cycle"
    re.compile(rf"\b(\d{{1,2}})(?:\.|e|eme)\s*{_ROUND_WORDS}\b"),
    # Persian: "دور دوم", "دومین دور"; Arabic: "الجولة الثانية", "جولة ثانية"
    re.compile(r"دور\s+(?:\w+\s+)?(اول|نخست|دوم|سوم|چهارم|پنجم|ششم|هفتم)(?!\w)"),
    re.compile(r"(نخستین|اولین|دومین|سومین|چهارمین|پنجمین|ششمین|هفتمین)\s+دور"),
    re.compile(
        r"(?:ال)?جوله\s+(الاولی|الثانیه|الثالثه|الرابعه|الخامسه|السادسه|السابعه|اولی|ثانیه|ثالثه|رابعه|خامسه|سادسه)(?!\w)"
    ),
]


def _terms(*words: str) -> re.Pattern:
    return re.compile("|".join(re.escape(normalize(w)) for w in words))


STATES = {
    "cancelled": _terms(
        "cancelled",
        "canceled",
        "called off",
        "scrapped",
        "abgesagt",
        "annulé",
        "annulée",
        "لغو شد",
        "لغو",
        "ألغيت",
        "إلغاء",
        "الغاء",
    ),
    "postponed": _terms(
        "postponed",
        "postpone",
        "delayed",
        "pushed back",
        "verschoben",
        "vertagt",
        "reporté",
        "reportée",
        "repoussé",
        "به تعویق",
        "تعویق",
        "تأجيل",
        "أرجئت",
        "تأجلت",
    ),
    "held": _terms(
        "held",
        "took place",
        "concluded",
        "ended",
        "wrapped up",
        "fand statt",
        "stattgefunden",
        "beendet",
        "endete",
        "ging zu ende",
        "s'est tenu",
        "s'est tenue",
        "a eu lieu",
        "s'est achevé",
        "se sont achevés",
        "برگزار شد",
        "پایان یافت",
        "عقدت",
        "انتهت",
        "اختتمت",
        "جرت",
    ),
    "announced": _terms(
        "will hold",
        "to hold",
        "will meet",
        "to meet",
        "planned",
        "scheduled",
        "set for",
        "next round",
        "announce",
        "soll",
        "sollen",
        "geplant",
        "angekündigt",
        "kündigt",
        "vereinbart",
        "aura lieu",
        "prévu",
        "prévue",
        "annoncé",
        "se tiendra",
        "se tiendront",
        "قرار است",
        "برگزار خواهد شد",
        "برگزار می‌شود",
        "ستعقد",
        "سيعقد",
        "من المقرر",
        "المقبلة",
    ),
}
# A report can use several words; the strongest fact wins.
# Future tense beats "held": "will be held in Muscat" announces a round.
FUTURE = _terms(
    "will be held",
    "to be held",
    "will take place",
    "is to take place",
    "wird stattfinden",
    "soll stattfinden",
    "sollen stattfinden",
    "soll in",
    "aura lieu",
    "se tiendra",
    "se tiendront",
    "برگزار خواهد شد",
    "قرار است",
    "ستعقد",
    "سيعقد",
    "من المقرر",
)
_STATE_ORDER = ("cancelled", "postponed", "future", "held", "announced")
FORMATS = {
    "technical": _terms(
        "technical",
        "expert-level",
        "experts",
        "technische",
        "experten",
        "technique",
        "techniques",
        "فنی",
        "کارشناسی",
        "فنية",
        "الخبراء",
    ),
    "indirect": _terms(
        "indirect",
        "indirekt",
        "indirecte",
        "indirects",
        "غیرمستقیم",
        "غیر مستقیم",
        "غير مباشرة",
        "غير المباشرة",
    ),
    "direct": _terms("direct talks", "face-to-face", "direkte", "directes", "مستقیم", "المباشرة"),
}
_MONTHS = {
    1: ("january", "januar", "janvier"),
    2: ("february", "februar", "fevrier"),
    3: ("march", "maerz", "mars"),
    4: ("april", "avril"),
    5: ("may", "mai"),
    6: ("june", "juni", "juin"),
    7: ("july", "juli", "juillet"),
    8: ("august", "aout"),
    9: ("september", "septembre"),
    10: ("october", "oktober", "octobre"),
    11: ("november", "novembre"),
    12: ("december", "dezember", "decembre"),
}
_MONTH = {name: number for number, names in _MONTHS.items() for name in names}
_MONTH_RE = "|".join(sorted(_MONTH, key=len, reverse=True))
_DATES = [
    re.compile(rf"\b(\d{{1,2}})(?:er)?\.?\s+({_MONTH_RE})(?:\s+(\d{{4}}))?\b"),  # 6 February 2026, 6. Februar
    re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:,?\s+(\d{{4}}))?\b"),  # February 6, 2026
]


@dataclass(frozen=True)
class RoundReport:
    """What one item says about a round."""

    number: int | None
    venue: str | None
    date: str | None  # ISO
    format: str | None
    mediator: str | None
    state: str | None
    series: str
    official: bool
    outlet: str
    item_id: int | None = None
    title: str = ""
    url: str | None = None


def _number(folded: str) -> int | None:
    for pattern in _PATTERNS:
        match = pattern.search(folded)
        if match:
            token = match.group(1)
            return int(token) if token.isdigit() else _WORD_NUMBER.get(token)
    return None


def _date(folded: str, published: dt.date) -> dt.date | None:
    for i, pattern in enumerate(_DATES):
        match = pattern.search(folded)
        if not match:
            continue
        day, month = (match.group(1), match.group(2)) if i == 0 else (match.group(2), match.group(1))
        year = int(match.group(3)) if match.group(3) else published.year
        try:
            return dt.date(year, _MONTH[month], int(day))
        except ValueError:
            continue
    return None


def detect(
    text: str,
    published: float,
    *,
    venues: list[str],
    mediators: list[str],
    official: bool,
    outlet: str,
    item_id: int | None = None,
    title: str = "",
    url: str | None = None,
) -> RoundReport | None:
    """A RoundReport when the text talks about a round (a number, or a state with a venue)."""
    folded = normalize(text)
    number = _number(folded)
    state = next((s for s in _STATE_ORDER if (FUTURE if s == "future" else STATES[s]).search(folded)), None)
    if state == "future":
        state = "announced"
    if number is None and not (state in ("held", "postponed", "cancelled") and venues):
        return None
    day = dt.datetime.fromtimestamp(published, dt.UTC).date()
    explicit = _date(folded, day)
    date = explicit or (day if state == "held" else None)
    fmt = next((f for f in ("technical", "indirect", "direct") if FORMATS[f].search(folded)), None)
    series = str((date or day).year)
    return RoundReport(
        number=number,
        venue=venues[0] if venues else None,
        date=date.isoformat() if date else None,
        format=fmt,
        mediator=mediators[0] if mediators else None,
        state=state,
        series=series,
        official=official,
        outlet=outlet,
        item_id=item_id,
        title=title,
        url=url,
    )


FIELDS = ("venue", "date", "format", "mediator")
_STATE_RANK = {"announced": 0, "postponed": 1, "cancelled": 1, "held": 2}
OFFICIAL_WEIGHT = 3.0


def add_evidence(evidence: EvidenceMap, report: RoundReport) -> EvidenceMap:
    """The evidence with the report's values added; one outlet counts once per value."""
    source = Evidence(
        outlet=report.outlet,
        title=report.title,
        url=report.url,
        weight=OFFICIAL_WEIGHT if report.official else 1.0,
        official=report.official,
    )
    updated = {name: dict(values) for name, values in evidence.items()}
    for name in FIELDS:
        value = getattr(report, name)
        if value is None:
            continue
        group = updated.setdefault(name, {}).get(value, ())
        if all(s.outlet != report.outlet for s in group):
            updated[name][value] = (*group, source)
    return updated


def resolve(evidence: EvidenceMap) -> dict[str, str | None]:
    """Each field's best-supported value: most weight (official sources weigh more)."""
    best: dict[str, str | None] = {}
    for name in FIELDS:
        values = evidence.get(name) or {}
        best[name] = max(
            values, key=lambda v: (sum(s.weight for s in values[v]), len(values[v])), default=None
        )
    return best


def next_state(current: str | None, reported: str | None) -> str | None:
    """A report moves a round forward (announced → held), or marks it postponed or cancelled."""
    if reported is None:
        return current
    if current is None or _STATE_RANK[reported] >= _STATE_RANK[current]:
        return reported
    return current
