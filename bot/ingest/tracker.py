"""Stories and rounds over storage: one alert per story, and the rounds table kept current.

For each relevant item the tracker decides: a new story (alert), a copy of a known
story (no alert), or a copy that brings something substantive (an "update: …"
alert): new round facts, a first official statement, or corroboration by a
configured number of outlets. It also turns what items say about rounds into the
rounds table, field by field, keeping the evidence.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bot.news.evidence import FIELDS, OFFICIAL_WEIGHT, add_evidence, next_state, resolve, supported
from bot.news.fingerprint import figures
from bot.news.matcher import MatchResult
from bot.news.rounds import Reading, RoundReport, SeriesEvent
from bot.news.series import current_series, place
from bot.news.stories import StoryIndex, StoryItem
from config.settings import StorySettings
from config.topics import Topic
from storage import Storage, StorageError
from storage.records import EventRecord, Evidence, EvidenceMap, RoundRecord, SourceRecord

log = logging.getLogger(__name__)
BASELINE = "baseline"  # the outlet name of the topic file's own facts
COUNTED = "count"  # the outlet name of talkwatch's own count of rounds
ROUND_SOURCES = 10  # reports a round cites under "Sources" in /status


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
        self._waiting: list[tuple[str, Reading]] = []  # readings not yet written (database busy)
        # Each topic's rounds as stored (with their evidence), read once: this tracker is
        # the only writer of rounds while it leads, and writes through (see _stored_rounds).
        self._rounds: dict[str, dict[tuple[str, int | None], RoundRecord]] = {}
        # Rounds changed in the batch being applied, saved once each at its end.
        self._changed: dict[tuple[str, str, int | None], RoundRecord] = {}
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
        self._rounds.clear()
        self.indexes = self._new_indexes()
        return self.rebuild()

    def waiting(self) -> list[tuple[str, Reading]]:
        """The round readings that wait for the database (see ``apply``), as they are now."""
        return list(self._waiting)

    def rollback(self, waiting: list[tuple[str, Reading]] | None = None) -> None:
        """The batch could not be stored: forget what it taught the index, and rebuild it
        from what the database holds, so the items are new stories again on the retry.
        The rounds are read again from the database; ``waiting``: the readings that
        waited before the batch (what ``waiting`` said), to wait again."""
        self._rounds.clear()
        self._changed.clear()
        if waiting is not None:
            self._waiting = list(waiting)
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
            pairs = (("round", report.number), ("date", report.date), ("venue", report.venue))
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

    # ---------------------------------------------------------------- rounds

    def apply(self, readings: Iterable[tuple[str, Reading]], *, wait: bool = True) -> None:
        """Fold what reports say (a feed body's readings, by topic) into the rounds and the
        events of the topics' talks, in one transaction (or savepoint, inside the caller's).

        Readings the database cannot take now (locked by another process, away a moment)
        are kept and applied, first, with the next ones, so no round or event is lost; a
        failed transaction leaves nothing half-applied. ``wait=False``: the error is
        raised instead, the readings kept all the same (the caller's whole transaction
        fails; see ``rollback``)."""
        self._waiting.extend(readings)
        pending = list(self._waiting)
        if not pending:
            return
        try:
            with self.storage.rounds.batch():
                for topic, reading in pending:
                    for report in reading.rounds:
                        self._apply_round(topic, report)
                    for event in reading.events:
                        self._apply_event(topic, event)
                self._save_changed()
        except StorageError as exc:
            # The transaction was rolled back: what was learnt of the rounds is read again.
            self._rounds.clear()
            self._changed.clear()
            if not wait:
                raise
            log.warning("%d round reading(s) wait for the database: %s", len(self._waiting), exc)
            return
        except BaseException:
            self._rounds.clear()
            self._changed.clear()
            raise
        del self._waiting[: len(pending)]

    def _save_changed(self) -> None:
        """Write each round the batch changed, once (inside the batch's transaction)."""
        changed, self._changed = self._changed, {}
        for record in changed.values():
            self.storage.rounds.save(record)

    def _stored_rounds(self, topic: str) -> dict[tuple[str, int | None], RoundRecord]:
        """The topic's rounds by (series, number), as stored: read from the database the
        first time, then kept as they are saved (forgotten on a failed write or reload)."""
        table = self._rounds.get(topic)
        if table is None:
            table = {(r.series, r.number): r for r in self.storage.rounds.all(topic)}
            self._rounds[topic] = table
        return table

    def _round_list(self, topic: str) -> list[RoundRecord]:
        """The topic's rounds in the order storage lists them: by date (undated first),
        series, number."""
        return sorted(
            self._stored_rounds(topic).values(),
            key=lambda r: (r.date is not None, r.date or "", r.series, r.number or 0),
        )

    def _apply_round(self, topic: str, report: RoundReport) -> RoundRecord | None:
        placement = place(report, self._round_list(topic))
        if placement is None:
            return None
        record = self._stored_rounds(topic).get((placement.series, placement.number))
        if record is None:
            record = RoundRecord(
                topic,
                placement.series,
                placement.number,
                None,
                None,
                None,
                None,
                "announced",
                origin="reports" if report.number is not None else "inferred",
            )
        evidence = record.evidence
        if record.origin == "baseline" and not evidence:
            # The seeded facts count as an official source until reports outweigh them.
            evidence = _baseline_evidence(record)
        start = record.date
        happening = record.state in ("under_way", "held")
        if happening and start and report.date and report.date > start and not report.end_date:
            # A later day of a round that began: evidence for its last day, not its first.
            # (For a round only announced, the day it really began is evidence as it stands.)
            later = (
                record.state == "under_way"
                and report.state in ("under_way", "held")
                and report.date <= _plus_days(start, 3)
            )
            report = replace(report, date=None, end_date=report.date if later else None)
        evidence = add_evidence(evidence, report)
        best = resolve(evidence)
        sources = {
            (s.outlet, s.url): s for values in evidence.values() for group in values.values() for s in group
        }
        state = next_state(record.state, report.state)
        fallback = None
        if report.state in ("under_way", "held") and not (best["date"] or record.date):
            # Reported as happening or over, and no day known: the report's own day, not as evidence.
            fallback = dt.datetime.fromtimestamp(report.published, dt.UTC).date().isoformat()
        updated = replace(
            record,
            date=best["date"] or record.date or fallback,
            end_date=best["end_date"] or record.end_date,
            venue=best["venue"] or record.venue,
            format=best["format"] or record.format,
            mediator=best["mediator"] or record.mediator,
            state=state or record.state,
            sources=_merge_sources(record.sources, sources.values()),
            origin=record.origin if record.origin == "inferred" else "reports",
            evidence=evidence,
        )
        if updated.origin == "inferred":
            updated = self._weigh_number(updated, report)
        self._stored_rounds(topic)[(updated.series, updated.number)] = updated
        self._changed[(topic, updated.series, updated.number)] = updated
        log.info(
            "round %s/%s in %s: %s, %s, %s (%s)",
            updated.series,
            updated.number,
            topic,
            updated.state,
            updated.date,
            updated.venue,
            report.title[:80],
        )
        return updated

    def _weigh_number(self, record: RoundRecord, report: RoundReport) -> RoundRecord:
        """A round whose number talkwatch counted itself: reports that state a number are
        evidence too, against the count (which weighs as one ordinary report). When the
        stated number outweighs the count, and is free, the round takes it."""
        numbers = dict(record.evidence.get("number", {}))
        counted = str(record.number)
        numbers.setdefault(counted, (Evidence(COUNTED, "talkwatch's own count", None, 1.0),))
        if report.number is not None:
            stated = str(report.number)
            weight = OFFICIAL_WEIGHT if report.official else 1.0
            numbers[stated] = supported(
                numbers.get(stated, ()),
                Evidence(report.outlet, report.title, report.url, weight, report.official),
            )
        record = replace(record, evidence={**record.evidence, "number": numbers})
        best = max(numbers, key=lambda n: (sum(e.weight for e in numbers[n]), n == counted))
        self._save_changed()  # renumbering reads and moves the stored rows
        if best != counted and record.number is not None and self.storage.rounds.renumber(record, int(best)):
            self._stored_rounds(record.topic).pop((record.series, record.number), None)
            log.info(
                "round %s/%s in %s is round %s, as reports say",
                record.series,
                counted,
                record.topic,
                best,
            )
            return replace(record, number=int(best), origin="reports")
        return record

    def _apply_event(self, topic: str, event: SeriesEvent) -> None:
        series = current_series(self._round_list(topic)) or event.date[:4]
        added = self.storage.rounds.add_event(
            EventRecord(
                topic,
                series,
                event.kind,
                event.date,
                event.outlet,
                event.title,
                event.url,
                event.official,
                event.published,
            )
        )
        if added:
            log.info("talks %s: %s on %s (%s)", topic, event.kind, event.date, event.title[:80])


def event_kind(reading: Reading) -> str | None:
    """What a report says happened, in words no language owns: the first event it
    reports (strikes, a collapse, …), else "round" for a report on a round of talks;
    None when it says neither."""
    if reading.events:
        return reading.events[0].kind
    return "round" if reading.rounds else None


def _plus_days(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso[:10]) + dt.timedelta(days=days)).isoformat()


def _baseline_evidence(record: RoundRecord) -> EvidenceMap:
    source = Evidence(
        outlet=BASELINE, title="topic baseline", url=None, weight=OFFICIAL_WEIGHT, official=True
    )
    return {name: {value: (source,)} for name in FIELDS if (value := getattr(record, name)) is not None}


def _merge_sources(
    existing: tuple[SourceRecord, ...], evidence: Iterable[Evidence], limit: int = ROUND_SOURCES
) -> tuple[SourceRecord, ...]:
    """The round's sources so far, plus the reports that gave evidence (once each), up to
    ``limit``: the first reports to arrive, and an official one even when the list is
    full (in the place of the latest report that is not)."""
    merged = list(existing)
    seen = {(s.publisher, s.url) for s in merged}
    evidence = list(evidence)
    official = {(e.outlet, e.url or "") for e in evidence if e.official}
    for e in evidence:
        key = (e.outlet, e.url or "")
        if e.outlet in (BASELINE, COUNTED) or key in seen:
            continue
        if len(merged) >= limit:
            if not e.official:
                continue
            plain = [i for i, s in enumerate(merged) if (s.publisher, s.url) not in official]
            if not plain:
                break  # every source listed is official: nothing can take a place now
            del merged[plain[-1]]
        seen.add(key)
        merged.append(SourceRecord(e.title, e.url or "", e.outlet))
    return tuple(merged)
