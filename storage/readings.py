"""What reports say about rounds of talks and the talks as a whole: one row a report's reading."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from bot.records import PlaceRef, ReadingRecord, StoredReport
from storage.engine import Engine

_PLACES = ("venue", "host", "mediator")
_COLUMNS = (
    "topic",
    "item_id",
    "kind",
    "outlet",
    "official",
    "published",
    "title",
    "url",
    "lang",
    "number",
    "new_round",
    "resumes",
    "goes_on",
    "begins",
    "retrospective",
    "state",
    "date",
    "end_date",
    "dated",
    "format",
    *(f"{p}_{part}" for p in _PLACES for part in ("id", "name", "kind", "country")),
    "created_at",
)
_INSERT = f"INSERT INTO readings ({', '.join(_COLUMNS)})"


def _params(r: ReadingRecord, now: float) -> list[object]:
    places: list[object] = []
    for place in (r.venue, r.host, r.mediator):
        places += [None] * 4 if place is None else [place.id, place.name, place.kind, place.country]
    return [
        r.topic,
        r.item_id,
        r.kind,
        r.outlet,
        int(r.official),
        r.published,
        r.title,
        r.url,
        r.lang,
        r.number,
        int(r.new_round),
        int(r.resumes),
        int(r.goes_on),
        int(r.begins),
        int(r.retrospective),
        r.state,
        r.date,
        r.end_date,
        r.dated,
        r.format,
        *places,
        now,
    ]


def _place(row: dict, name: str) -> PlaceRef | None:
    if row[f"{name}_id"] is None:
        return None
    return PlaceRef(row[f"{name}_id"], row[f"{name}_name"], row[f"{name}_kind"], row[f"{name}_country"])


def _reading(row: dict) -> ReadingRecord:
    return ReadingRecord(
        topic=row["topic"],
        kind=row["kind"],
        outlet=row["outlet"],
        official=bool(row["official"]),
        published=row["published"],
        title=row["title"],
        url=row["url"],
        lang=row["lang"],
        item_id=row["item_id"],
        number=row["number"],
        new_round=bool(row["new_round"]),
        resumes=bool(row["resumes"]),
        goes_on=bool(row["goes_on"]),
        begins=bool(row["begins"]),
        retrospective=bool(row["retrospective"]),
        state=row["state"],
        date=row["date"],
        end_date=row["end_date"],
        dated=row["dated"],
        format=row["format"],
        venue=_place(row, "venue"),
        host=_place(row, "host"),
        mediator=_place(row, "mediator"),
        id=row["id"],
    )


class ReadingRepository:
    """Reads and writes ``readings``."""

    def __init__(self, db: Engine) -> None:
        self.db = db

    def add(self, readings: Sequence[ReadingRecord], now: float | None = None) -> None:
        """Store readings (in the caller's transaction, or one of their own)."""
        now = time.time() if now is None else now
        with self.db.atomic():
            self.db.insert_rows(_INSERT, [_params(r, now) for r in readings])

    def all(self, topic: str) -> list[ReadingRecord]:
        """Every reading of a topic, in the order they were stored."""
        return [
            _reading(r) for r in self.db.query("SELECT * FROM readings WHERE topic = ? ORDER BY id", [topic])
        ]

    def venues_reported(self, topic: str, states: Sequence[str]) -> list[tuple[PlaceRef, str, bool]]:
        """Each venue a topic's reports placed a round in one of ``states`` at, with the
        outlet that did and whether it was official: one row for each (a few hundred, however
        many readings there are)."""
        marks = ",".join("?" * len(states))
        rows = self.db.query(
            "SELECT DISTINCT venue_id, venue_name, venue_kind, venue_country, outlet, official "
            "FROM readings WHERE topic = ? AND kind = 'round' AND venue_id IS NOT NULL "
            f"AND state IN ({marks}) ORDER BY venue_id, outlet",
            [topic, *states],
        )
        return [
            (
                PlaceRef(r["venue_id"], r["venue_name"], r["venue_kind"], r["venue_country"]),
                r["outlet"],
                bool(r["official"]),
            )
            for r in rows
        ]

    def version(self, topic: str) -> tuple[int, int]:
        """How many readings a topic has and the newest's id: it changes when one is added."""
        row = self.db.one("SELECT COUNT(*) AS n, MAX(id) AS newest FROM readings WHERE topic = ?", [topic])
        return (row["n"], row["newest"] or 0) if row else (0, 0)

    def replace(self, topic: str, readings: Sequence[ReadingRecord], now: float | None = None) -> None:
        """A topic's readings, all of them anew (its reports read again), in one transaction."""
        with self.db.atomic():
            self.db.execute("DELETE FROM readings WHERE topic = ?", [topic])
            self.add(readings, now)

    # ------------------------------------------------------------ reading again

    def reader(self, topic: str) -> str | None:
        """The version of the reader that wrote a topic's readings (None: never recorded)."""
        row = self.db.one("SELECT value FROM meta WHERE key = ?", [f"reader:{topic}"])
        return row["value"] if row else None

    def reports(self, topic: str) -> list[StoredReport]:
        """Every stored item the topic found relevant, oldest stored first."""
        rows = self.db.query(
            "SELECT items.id, items.title, items.summary, "
            "COALESCE(items.link, items.canonical_link) AS link, "
            "matches.lang, COALESCE(items.published_at, items.fetched_at) AS published, "
            "feeds.name, feeds.url, matches.actors "
            "FROM matches JOIN items ON items.id = matches.item_id JOIN feeds ON feeds.id = items.feed_id "
            "WHERE matches.topic = ? AND matches.relevant = 1 ORDER BY items.id",
            [topic],
        )
        return [
            StoredReport(
                r["id"],
                r["title"],
                r["summary"],
                r["link"],
                r["lang"],
                r["published"],
                r["name"],
                r["url"],
                tuple(json.loads(r["actors"])),
            )
            for r in rows
        ]

    def reread(
        self, topic: str, version: str, readings: Sequence[ReadingRecord], upto: int, now: float | None = None
    ) -> bool:
        """Put a new reader's readings of the items up to ``upto`` in place of the old ones
        and record its version, in one transaction; False (nothing written) when another
        instance recorded that version first. Readings of items stored since stay."""
        key = f"reader:{topic}"
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, '') ON CONFLICT (key) DO NOTHING", [key]
            )
            # The row lock this update takes makes a second instance wait, then find the
            # version recorded and write nothing.
            if not self.db.execute(
                "UPDATE meta SET value = ? WHERE key = ? AND value <> ?", [version, key, version]
            ):
                return False
            self.db.execute(
                "DELETE FROM readings WHERE topic = ? AND (item_id IS NULL OR item_id <= ?)", [topic, upto]
            )
            self.add(readings, now)
        return True
