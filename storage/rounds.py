"""Rounds of talks per topic, seeded from the topic baseline."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from storage.engine import Engine
from storage.records import EventRecord, Evidence, EvidenceMap, RoundRecord, SourceRecord

_FIELDS = (
    "topic",
    "series",
    "number",
    "date",
    "venue",
    "format",
    "mediator",
    "state",
    "participants",
    "summary",
    "next_step",
    "sources",
    "origin",
    "updated_at",
    "evidence",
    "end_date",
)
_COLUMNS = f"({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})"
_SAVE = f"INSERT INTO rounds {_COLUMNS} ON CONFLICT (topic, series, number) DO UPDATE SET " + ", ".join(
    f"{c} = excluded.{c}" for c in _FIELDS[3:]
)


def _params(r: RoundRecord) -> list[object]:
    """A round as the row values, in _FIELDS order."""
    return [
        r.topic,
        r.series,
        r.number,
        r.date,
        r.venue,
        r.format,
        r.mediator,
        r.state,
        json.dumps(list(r.participants)),
        r.summary,
        r.next_step,
        json.dumps(
            [{"title": x.title, "url": x.url, "publisher": x.publisher} for x in r.sources],
            ensure_ascii=False,
        ),
        r.origin,
        time.time(),
        json.dumps(
            {
                name: {value: [_evidence_json(e) for e in group] for value, group in values.items()}
                for name, values in r.evidence.items()
            },
            ensure_ascii=False,
        ),
        r.end_date,
    ]


def _evidence_json(e: Evidence) -> dict[str, object]:
    """One piece of evidence as stored (by hand: dataclasses.asdict deep-copies, and a round
    is saved with all its evidence after every report that changes it)."""
    return {
        "outlet": e.outlet,
        "title": e.title,
        "url": e.url,
        "weight": e.weight,
        "official": e.official,
        "published": e.published,
    }


def _round(row: dict) -> RoundRecord:
    return RoundRecord(
        topic=row["topic"],
        series=row["series"],
        number=row["number"],
        date=row["date"],
        venue=row["venue"],
        format=row["format"],
        mediator=row["mediator"],
        state=row["state"],
        participants=tuple(json.loads(row["participants"])),
        summary=row["summary"],
        next_step=row["next_step"],
        sources=tuple(
            SourceRecord(s.get("title", ""), s.get("url") or "", s.get("publisher", ""))
            for s in json.loads(row["sources"])
        ),
        origin=row["origin"],
        evidence=_evidence(json.loads(row["evidence"]) if row.get("evidence") else {}),
        end_date=row.get("end_date"),
    )


def _evidence(raw: dict) -> EvidenceMap:
    return {
        name: {
            value: tuple(
                Evidence(
                    e["outlet"],
                    e.get("title", ""),
                    e.get("url"),
                    float(e["weight"]),
                    bool(e.get("official")),
                    e.get("published"),
                )
                for e in group
            )
            for value, group in values.items()
        }
        for name, values in raw.items()
    }


class RoundRepository:
    """Reads and writes ``rounds``."""

    def __init__(self, db: Engine) -> None:
        self.db = db

    def seed(self, rounds: list[RoundRecord]) -> int:
        """Insert baseline rounds that are not there yet; reports already stored win."""
        added = 0
        with self.db.atomic():
            for r in rounds:
                added += self.db.execute(f"INSERT INTO rounds {_COLUMNS} ON CONFLICT DO NOTHING", _params(r))
        return added

    @contextmanager
    def batch(self) -> Iterator[None]:
        """The writes inside go in one transaction: all of them, or none."""
        with self.db.atomic():
            yield

    def all(self, topic: str, *, evidence: bool = True) -> list[RoundRecord]:
        """The topic's rounds in order of date. ``evidence=False`` leaves each round's
        evidence out (empty): enough to place a report, and cheap to read after every one
        — a record read so is not to be saved."""
        columns = "*" if evidence else ", ".join(f for f in _FIELDS if f != "evidence")
        rows = self.db.query(
            f"SELECT {columns} FROM rounds WHERE topic = ? ORDER BY date, series, number", [topic]
        )
        return [_round(r) for r in rows]

    def get(self, topic: str, series: str, number: int) -> RoundRecord | None:
        row = self.db.one(
            "SELECT * FROM rounds WHERE topic = ? AND series = ? AND number = ?", [topic, series, number]
        )
        return _round(row) if row is not None else None

    def save(self, record: RoundRecord) -> None:
        """Insert or update a round from reports (with its evidence)."""
        self.db.execute(_SAVE, _params(record))  # one statement: atomic by itself

    def renumber(self, record: RoundRecord, number: int) -> bool:
        """Save the round under another number (reports outweighed the count); False when
        that number is taken."""
        with self.db.atomic():
            if self.get(record.topic, record.series, number) is not None:
                return False
            self.db.execute(
                "DELETE FROM rounds WHERE topic = ? AND series = ? AND number = ?",
                [record.topic, record.series, record.number],
            )
            self.db.execute(f"INSERT INTO rounds {_COLUMNS}", _params(replace(record, number=number)))
        return True

    def add_event(self, event: EventRecord, now: float | None = None) -> bool:
        """Record one outlet's report of an event; False when that outlet said it already."""
        with self.db.atomic():
            return (
                self.db.execute(
                    "INSERT INTO series_events (topic, series, kind, date, outlet, title, url, "
                    "official, published, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    [
                        event.topic,
                        event.series,
                        event.kind,
                        event.date,
                        event.outlet,
                        event.title,
                        event.url,
                        int(event.official),
                        event.published,
                        time.time() if now is None else now,
                    ],
                )
                > 0
            )

    def events(self, topic: str, series: str) -> list[EventRecord]:
        """What happened to a series of talks, oldest first."""
        rows = self.db.query(
            "SELECT * FROM series_events WHERE topic = ? AND series = ? ORDER BY date, published, id",
            [topic, series],
        )
        return [
            EventRecord(
                r["topic"],
                r["series"],
                r["kind"],
                r["date"],
                r["outlet"],
                r["title"],
                r["url"],
                bool(r["official"]),
                r["published"],
            )
            for r in rows
        ]
