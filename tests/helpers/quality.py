"""Precision and recall of a topic on a labelled JSON-lines corpus, through ``talkwatch match``."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Rates:
    """True and false positives and false negatives, with the mistakes written out."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Confusion(Rates):
    tn: int = 0

    def add(self, expected: bool, got: bool, note: str) -> None:
        if expected and got:
            self.tp += 1
        elif expected:
            self.fn += 1
            self.mistakes.append(f"missed: {note}")
        elif got:
            self.fp += 1
            self.mistakes.append(f"false alert: {note}")
        else:
            self.tn += 1


def evaluate(paths: Iterable[Path], topic: str = "iran-usa") -> dict[str, Confusion]:
    """Run every labelled item through the match command's code path; per language and 'all'."""
    from bot.ops.topic_check import match_lines

    rows = [
        json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line
    ]
    # The labels and the declared language stay out of the matcher's input.
    lines = [json.dumps({"id": r["id"], "title": r["title"], "summary": r.get("summary", "")}) for r in rows]
    out = io.StringIO()
    match_lines(lines, topic, out=out)
    results = {d["id"]: d for d in map(json.loads, out.getvalue().splitlines())}
    table: dict[str, Confusion] = {"all": Confusion()}
    for row in rows:
        got = results[row["id"]]
        note = f"{row['id']} {row['title']!r} → {got['reason']}"
        for key in (row["lang"], "all"):
            table.setdefault(key, Confusion()).add(row["relevant"], got["relevant"], note)
    return table


def report(table: dict[str, Confusion]) -> str:
    lines = [
        "| language | items | precision | recall | TP | FP | FN | TN |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key in [k for k in ("en", "de", "fr", "fa", "ar") if k in table] + ["all"]:
        c = table[key]
        lines.append(
            f"| {key} | {c.tp + c.fp + c.fn + c.tn} | {c.precision:.3f} | {c.recall:.3f} | "
            f"{c.tp} | {c.fp} | {c.fn} | {c.tn} |"
        )
    return "\n".join(lines)
