"""Stories over storage: one alert per story.

For each relevant item the tracker decides: a new story (alert), a copy of a known
story (no alert), or a copy that brings something substantive (an "update: …"
alert): new round facts, a first official statement, or corroboration by a
configured number of outlets. (What items say about rounds is stored as readings with
the items, and the rounds computed from all of them: bot.news.timeline.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.news.fingerprint import figures
from bot.news.matcher import MatchResult
from bot.news.rounds import Reading
from bot.news.stories import StoryIndex, StoryItem
from config.settings import StorySettings
from config.topics import Topic
from storage import Storage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    story_id: int
    alert: bool
    update: str | None = None


@dataclass
class _StoryFacts:
    facts: set[tuple[str, str]] | None = field(default_factory=set)  # None: not known (rebuilt)
    official: bool = False
    corroborated: bool = False


class Tracker:
    """Per topic: a story index (rebuilt from storage at start) and round updates."""

    def __init__(
        self,
        storage: Storage,
        topics: dict[str, Topic],
        settings: StorySettings | None = None,
        *,
        official_feeds: frozenset[str] = frozenset(),
    ) -> None:
        self.settings = settings or StorySettings()
        self.storage = storage
        self.topics = topics
        self.corroboration = self.settings.corroboration
        self.official_feeds = official_feeds
        self.indexes = self._new_indexes()
        self._facts: dict[int, _StoryFacts] = {}
        # Facts as they were before the batch being stored changed them (see rollback).
        self._undo: dict[int, _StoryFacts | None] = {}
        self._provisional = 0  # new stories get ids -1, -2 … until their batch is stored
        # Venues, the most specific first: a city (Muscat) before its country (Oman).
        self._venues = {t: list(topic.venues()) for t, topic in topics.items()}

    def _new_indexes(self) -> dict[str, StoryIndex]:
        return {
            topic_id: StoryIndex(
                generic=frozenset(a.id for a in topic.actors if a.kind == "country"),
                threshold=self.settings.threshold,
                window_days=self.settings.window_days,
                event_window_hours=self.settings.event_window_hours,
            )
            for topic_id, topic in self.topics.items()
        }

    def commit(self, stories: dict[int, int]) -> None:
        """The batch placed since the last commit is stored: its placements stand, and its
        new stories take the ids they were stored under."""
        for provisional, stored in stories.items():
            for index in self.indexes.values():
                index.rename(provisional, stored)
            if provisional in self._facts:
                self._facts[stored] = self._facts.pop(provisional)
        self._undo.clear()

    def reload(self) -> int:
        """Forget the index and read it again from the database (this instance leads
        again, after another one stored reports meanwhile)."""
        self._facts.clear()
        self._undo.clear()
        self.indexes = self._new_indexes()
        return self.rebuild()

    def rollback(self) -> None:
        """The batch could not be stored: forget what it taught the index, and rebuild it
        from what the database holds, so the items are new stories again on the retry."""
        for story_id in [s for s in self._facts if s < 0]:
            self._facts.pop(story_id)
        for story_id, before in self._undo.items():
            if before is None:
                self._facts.pop(story_id, None)
            else:
                self._facts[story_id] = before
        self._undo.clear()
        self.indexes = self._new_indexes()
        count = self.rebuild()
        log.warning("story index rebuilt from the database after a failed write (%d items)", count)

    def _remember(self, story_id: int) -> None:
        if story_id not in self._undo:
            known = self._facts.get(story_id)
            self._undo[story_id] = (
                None
                if known is None
                else _StoryFacts(
                    set(known.facts) if known.facts is not None else None, known.official, known.corroborated
                )
            )

    def rebuild(self, now: float | None = None) -> int:
        """Load the recent window's stories from storage; returns the items indexed."""
        window = max((index.window for index in self.indexes.values()), default=0.0)
        # The window ends at the newest stored report, not at the wall clock: a
        # quiet week must not make the bot forget the stories it already alerted.
        newest = self.storage.items.newest_story_time()
        if newest is None:
            return 0
        count = 0
        for row in self.storage.items.recent_story_items(since=min(newest, now or newest) - window):
            index = self.indexes.get(row["topic"])
            if index is None:
                continue
            index.add(
                self._item(
                    row["topic"],
                    f"item:{row['id']}",
                    row["title"],
                    row["summary"],
                    row["lang"],
                    row["actors"],
                    row["published"],
                    row["outlet"],
                ),
                row["story_id"],
            )
            count += 1
        return count

    def _venue(self, topic: str, places: tuple[str, ...]) -> str | None:
        return next((p for p in places if p in self._venues[topic]), None)

    def _item(
        self,
        topic: str,
        key: str,
        title: str,
        summary: str,
        lang: str | None,
        actors: Iterable[str],
        published: float,
        outlet: str,
        places: tuple[str, ...] = (),
        reading: Reading | None = None,
        hashes: bytes | None = None,
        numbers: frozenset[str] | None = None,
    ) -> StoryItem:
        text = f"{title}\n{summary}"
        return StoryItem(
            key,
            text,
            lang or "und",
            frozenset(actors),
            self._venue(topic, places),
            published,
            outlet,
            kind=None if reading is None else event_kind(reading),
            figures=figures(text) if numbers is None else numbers,
            hashes=hashes,
        )

    def place(
        self,
        topic: str,
        key: str,
        title: str,
        summary: str,
        result: MatchResult,
        published: float,
        outlet: str,
        official: bool,
        reading: Reading,
        *,
        hashes: bytes | None = None,
        figures: frozenset[str] | None = None,
    ) -> Decision:
        """Assign the item to a story and decide whether its subscribers hear about it.
        ``hashes`` (of the text's shingles) and ``figures``: the text's, when worked out
        already (see ``bot.ingest.analysis``)."""
        index = self.indexes[topic]
        item = self._item(
            topic,
            key,
            title,
            summary,
            result.lang,
            result.actors,
            published,
            outlet,
            result.places,
            reading,
            hashes,
            figures,
        )
        facts: set[tuple[str, str]] = set()
        for report in reading.rounds:
            venue = report.venue.id if report.venue else None
            pairs = (("round", report.number), ("date", report.date), ("venue", venue))
            facts |= {(k, str(v)) for k, v in pairs if v is not None}
        assignment = index.assign(item)
        if assignment.story_id is None:
            # A provisional id: the story is stored with the item, in one transaction (commit()).
            self._provisional -= 1
            story_id = self._provisional
            index.add(item, story_id)
            self._remember(story_id)
            self._facts[story_id] = _StoryFacts(facts=facts, official=official)
            return Decision(story_id, alert=True)
        story = index.add(item, assignment.story_id)
        self._remember(story.id)
        # A story rebuilt after a restart: its facts are learnt again, not announced again.
        known = self._facts.setdefault(story.id, _StoryFacts(facts=None, official=True))
        updates = []
        new_facts = facts - known.facts if known.facts is not None else set()
        if new_facts:
            updates.append("new round details (" + ", ".join(f"{k} {v}" for k, v in sorted(new_facts)) + ")")
        known.facts = (known.facts or set()) | facts
        if official and not known.official:
            known.official = True
            updates.append("official statement")
        if len(story.outlets) >= self.corroboration and not known.corroborated:
            known.corroborated = True
            updates.append(f"reported by {len(story.outlets)} outlets")
        return Decision(story.id, alert=bool(updates), update="; ".join(updates) or None)


def event_kind(reading: Reading) -> str | None:
    """What a report says happened, in words no language owns: the first event it
    reports (strikes, a collapse, …), else "round" for a report on a round of talks;
    None when it says neither."""
    if reading.events:
        return reading.events[0].kind
    return "round" if reading.rounds else None
