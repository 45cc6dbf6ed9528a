"""Round reading scored on the labelled headlines of ``tests/fixtures/rounds/*.txt``
(``id | lang | published | text | number | venue | date | state | events``): each text
read as a feed item is, precision and recall per field. ``tests/test_round_reading.py``
holds the reader to it; ``bench/round_quality.py`` prints the tables.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tests.helpers.quality import Rates

if TYPE_CHECKING:
    from bot.news.matcher import Matcher
    from bot.news.places import PlaceReader
    from config.topics import Topic

FIELDS = ("state", "number", "venue", "date", "events")


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    published: float
    text: str
    expected: dict[str, str | None]


class Score(Rates):
    """Per field: a wrong value is a false positive and a false negative at once."""

    def add(self, expected: str | None, got: str | None, note: str) -> None:
        if expected is not None and got == expected:
            self.tp += 1
            return
        if got is not None:
            self.fp += 1
        if expected is not None:
            self.fn += 1
        if got != expected:
            self.mistakes.append(f"{note}: expected {expected}, got {got}")


def load(path: Path) -> list[Case]:
    """The cases of one file."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(" | ")]
        case_id, lang, published, text, *values = parts
        day = dt.datetime.fromisoformat(published).replace(hour=10, tzinfo=dt.UTC)
        names = ("number", "venue", "date")
        expected = {name: (None if v == "-" else v) for name, v in zip(names, values[:3], strict=True)}
        expected["state"] = None if values[3] == "-" else values[3]
        expected["events"] = None if values[4] == "-" else values[4]
        cases.append(Case(case_id, lang, day.timestamp(), text, expected))
    return cases


def read_case(case: Case, topic_id: str = "iran-usa") -> dict[str, str | None]:
    """What talkwatch reads in one case, field by field."""
    from bot.news.rounds import read
    from bot.records import PlaceRef

    topic, matcher, places = _topic(topic_id)
    # Every case is read, relevant or not: the mediating people the matcher finds in it.
    hits = matcher.scan(case.text)
    actors = list(dict.fromkeys(h.ref for h in hits if h.kind == "actor"))
    mediators = tuple(
        PlaceRef(a, actor.name, actor.kind)
        for a in actors
        if (actor := topic.actor(a)) and actor.kind == "person" and actor.side == "mediator"
    )
    reading = read(
        case.text,
        case.published,
        places=places,
        mediators=mediators,
        official=False,
        outlet="test",
        lang=case.lang,
        title=case.text,
    )
    first = reading.rounds[0] if reading.rounds else None
    got: dict[str, str | None] = {name: None for name in FIELDS}
    if first is not None:
        got["state"] = first.state
        got["number"] = str(first.number) if first.number is not None else None
        got["venue"] = first.venue.id if first.venue else None
        # A range of days, unless the last is only the day a report counted from the first
        # ("into a second day": the talks began the day before).
        ranged = first.end_date and first.dated != "counted"
        got["date"] = f"{first.date}..{first.end_date}" if ranged else first.date
        if first.dated == "report" and first.state in ("held", "paused"):
            # Talks that ended, dated by the report's own day only: the text gave no date (an
            # under-way round's day is its report's, as the labels have it).
            got["date"] = None
    got["events"] = ",".join(sorted(e.kind for e in reading.events)) or None
    return got


@functools.cache
def _topic(topic_id: str) -> tuple[Topic, Matcher, PlaceReader]:
    from bot.news.matcher import Matcher
    from bot.news.places import PlaceReader
    from config.topics import load_topics

    topic = load_topics()[topic_id]
    return topic, Matcher(topic), PlaceReader(topic)


def evaluate(cases: Iterable[Case]) -> dict[str, dict[str, Score]]:
    """Per field, per language (and "all"): precision and recall."""
    table: dict[str, dict[str, Score]] = {name: {} for name in FIELDS}
    for case in cases:
        got = read_case(case)
        for name in FIELDS:
            for key in (case.lang, "all"):
                table[name].setdefault(key, Score()).add(
                    case.expected[name], got[name], f"{case.id} {case.text!r} {name}"
                )
    return table


def report(table: dict[str, dict[str, Score]], title: str) -> str:
    """A Markdown table: field × (all, each language) precision/recall."""
    langs = ["all", "en", "de", "fr", "fa", "ar"]
    lines = [title, "| field | " + " | ".join(langs) + " |", "|---|" + "---:|" * len(langs)]
    for name in FIELDS:
        row = table[name]
        cells = [f"{row[k].precision:.2f}/{row[k].recall:.2f}" if k in row else "—" for k in langs]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
