"""What a poll cycle did, feed by feed: read by the CLI, the logs and the metrics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class FeedOutcome(StrEnum):
    """How one feed's fetch ended (also the ``result`` label of the polls metric)."""

    OK = "ok"  # a new body, parsed and ingested
    NOT_MODIFIED = "not_modified"  # 304
    UNCHANGED = "unchanged"  # the same body as last time
    ERROR = "error"


@dataclass(frozen=True)
class FeedResult:
    feed: str  # the feed's name
    outcome: FeedOutcome
    error: str | None = None


@dataclass
class PollReport:
    """What one cycle did, summed over its feeds."""

    feeds: int = 0
    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    skipped: int = 0
    new_items: int = 0
    matched: int = 0
    queued: int = 0
    results: list[FeedResult] = field(default_factory=list)
    duration: float = 0.0
    withheld: Counter[str] = field(default_factory=Counter)  # relevant items not alerted, by why

    def add(self, other: PollReport) -> None:
        """Count another poll's feeds in this one (a cycle is the sum of its feeds' polls)."""
        self.feeds += other.feeds
        self.fetched += other.fetched
        self.not_modified += other.not_modified
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.new_items += other.new_items
        self.matched += other.matched
        self.queued += other.queued
        self.results.extend(other.results)
        self.withheld.update(other.withheld)

    @property
    def errors(self) -> list[FeedResult]:
        """The feeds that failed, with their errors."""
        return [r for r in self.results if r.outcome is FeedOutcome.ERROR]

    def summary(self) -> str:
        """One line for the CLI and the logs."""
        return (
            f"feeds {self.feeds}: fetched {self.fetched}, 304 {self.not_modified}, "
            f"unchanged {self.unchanged}, backing off {self.skipped}; new items {self.new_items}, "
            f"matches {self.matched}, alerts queued {self.queued}, errors {len(self.errors)}; "
            f"{self.duration:.2f}s"
        )
