"""Rounds of talks per topic, seeded from the topic baseline."""

from __future__ import annotations

import json
import time
from dataclasses import asdict

import sqlite_utils

from storage.records import Evidence, EvidenceMap, RoundRecord, SourceRecord

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
)
_COLUMNS = f"({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})"


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
        json.dumps([asdict(x) for x in r.sources], ensure_ascii=False),
        r.origin,
        time.time(),
        json.dumps(
            {
                name: {value: [asdict(e) for e in group] for value, group in values.items()}
                for name, values in r.evidence.items()
            },
            ensure_ascii=False,
        ),
    ]


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
    )


def _evidence(raw: dict) -> EvidenceMap:
    return {
        name: {
            value: tuple(
                Evidence(
                    e["outlet"], e.get("title", ""), e.get("url"), float(e["weight"]), bool(e.get("official"))
                )
                for e in group
            )
            for value, group in values.items()
        }
        for name, values in raw.items()
    }


class RoundRepository:
    """Reads and writes ``rounds``."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def seed(self, rounds: list[RoundRecord]) -> int:
        """Insert baseline rounds that are not there yet; reports already stored win."""
        added = 0
        with self.db.atomic():
            for r in rounds:
                added += self.db.execute(f"INSERT OR IGNORE INTO rounds {_COLUMNS}", _params(r)).rowcount
        return added

    def all(self, topic: str) -> list[RoundRecord]:
        rows = self.db.query("SELECT * FROM rounds WHERE topic = ? ORDER BY date, series, number", [topic])
        return [_round(r) for r in rows]

    def latest_held(self, topic: str) -> RoundRecord | None:
        """The most recent round that took place."""
        rows = list(
            self.db.query(
                "SELECT * FROM rounds WHERE topic = ? AND state = 'held' "
                "ORDER BY date DESC, series DESC, number DESC LIMIT 1",
                [topic],
            )
        )
        return _round(rows[0]) if rows else None

    def next_announced(self, topic: str, after: str | None) -> RoundRecord | None:
        """An announced or postponed round dated after ``after`` (ISO), if any."""
        rows = list(
            self.db.query(
                "SELECT * FROM rounds WHERE topic = ? AND state IN ('announced', 'postponed') "
                "AND (? IS NULL OR date IS NULL OR date > ?) ORDER BY date LIMIT 1",
                [topic, after, after],
            )
        )
        return _round(rows[0]) if rows else None

    def get(self, topic: str, series: str, number: int) -> RoundRecord | None:
        rows = list(
            self.db.query(
                "SELECT * FROM rounds WHERE topic = ? AND series = ? AND number = ?", [topic, series, number]
            )
        )
        return _round(rows[0]) if rows else None

    def save(self, record: RoundRecord) -> None:
        """Insert or update a round from reports (with its evidence)."""
        updates = ", ".join(f"{c} = excluded.{c}" for c in _FIELDS[3:])
        with self.db.atomic():
            self.db.execute(
                f"INSERT INTO rounds {_COLUMNS} ON CONFLICT (topic, series, number) DO UPDATE SET {updates}",
                _params(record),
            )

    def pending(self, topic: str) -> list[RoundRecord]:
        """Announced or postponed rounds, soonest first."""
        rows = self.db.query(
            "SELECT * FROM rounds WHERE topic = ? AND state IN ('announced', 'postponed') "
            "ORDER BY COALESCE(date, '9999'), number",
            [topic],
        )
        return [_round(r) for r in rows]
