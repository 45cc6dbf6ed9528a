"""Items, their identities, and matches — stored with their alerts (queued by
storage.outbox) in one transaction."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace

from bot.records import AlertPayload, MatchRecord, NewItem, ReportRecord, StoryRecord
from storage.engine import Engine, LeaseLost, chunks
from storage.outbox import OutboxRepository
from storage.search import SearchIndex

_REPORT_COLUMNS = (
    "items.id, items.title, items.summary, items.link, items.lang, feeds.name AS source, "
    "items.published_at, items.fetched_at"
)


FENCE_MARGIN = 0.5  # seconds the lease must still run for a store to go ahead (a store takes ms)


@dataclass(frozen=True)
class StoredItem:
    item_id: int
    queued: int  # outbox rows written (one per active subscriber of a relevant topic)


@dataclass(frozen=True)
class StoredBatch:
    items: list[StoredItem | None]  # per item: stored, or None when it was known already
    stories: dict[int, int]  # provisional (negative) story id → the id the story was stored under


class ItemRepository:
    """Reads and writes ``items``, ``item_keys`` and ``matches``."""

    def __init__(self, db: Engine, outbox: OutboxRepository) -> None:
        self.db = db
        self.outbox = outbox  # where a stored item's alerts, and its story's edits, are queued
        # (lease, holder): new items are stored only while this instance holds the lease,
        # checked in the storing transaction. None: the only instance (SQLite).
        self.fence: tuple[str, str] | None = None
        # The full-text index, written with the items (None: not written, for benchmarks).
        self.search: SearchIndex | None = SearchIndex(db)

    def _check_fence(self) -> None:
        if self.fence is None:
            return
        name, holder = self.fence
        # No row lock (a lock here would make the leader's own renewal wait on its ingest):
        # the lease must still have FENCE_MARGIN seconds to run, far longer than this
        # transaction, and nobody may take it before it runs out.
        held = self.db.one(
            f"SELECT holder FROM leases WHERE name = ? AND holder = ? AND expires_at > {self.db.now_sql} + ?",
            [name, holder, FENCE_MARGIN],
        )
        if held is None:
            raise LeaseLost(f"{holder} no longer leads: the items are left to the leader")

    def known_keys(self, keys: list[str]) -> set[str]:
        """Which of these identity keys are already stored."""
        found: set[str] = set()
        for chunk, marks in chunks(keys):
            found.update(
                r["key"] for r in self.db.query(f"SELECT key FROM item_keys WHERE key IN ({marks})", chunk)
            )
        return found

    def store(
        self,
        item: NewItem,
        matches: list[MatchRecord],
        alert_payloads: dict[str, AlertPayload] | None = None,
        now: float | None = None,
    ) -> StoredItem | None:
        """Store one new item with its matches and alerts; see :meth:`store_many`."""
        return self.store_many([(item, matches, alert_payloads or {})], now=now).items[0]

    def store_many(
        self,
        batch: list[tuple[NewItem, list[MatchRecord], dict[str, AlertPayload]]],
        now: float | None = None,
    ) -> StoredBatch:
        """Store new items, their matches, their new stories and their alerts in one transaction.

        For each item, returns its new id and how many alerts were queued, or
        None when any of its keys is already known (the same item seen again,
        through another GUID, link or title). The payloads map a topic to the
        alert to queue for every active subscriber of that topic; outbox rows
        are written in the same transaction as the match, so a crash can never
        record a match whose alerts were lost. A match may name a provisional story
        (a negative id, placed before the write): the story is created here, in the
        same transaction, and the returned map says under which id.
        """
        now = time.time() if now is None else now
        stories: dict[int, int] = {}
        with self.db.atomic():
            self._check_fence()
            known = self.known_keys([key for item, _, _ in batch for key in item.keys])
            new: list[tuple[NewItem, list[MatchRecord], dict[str, AlertPayload]]] = []
            fresh: list[bool] = []  # per entry of the batch: stored now (False: known already)
            for item, matches, alert_payloads in batch:
                fresh.append(not known.intersection(item.keys))
                if not fresh[-1]:
                    continue
                known.update(item.keys)
                for m in matches:
                    if m.story_id is not None and m.story_id < 0 and m.story_id not in stories:
                        stories[m.story_id] = self._new_story(m.topic, now)
                matches = [
                    replace(m, story_id=stories.get(m.story_id, m.story_id)) if m.story_id else m
                    for m in matches
                ]
                new.append((item, matches, alert_payloads))
            ids = self._insert_many(new, now)
            stored = iter(
                [
                    StoredItem(
                        item_id,
                        self.outbox.queue_alerts(
                            item_id, item, {m.topic: m.story_id for m in matches}, alert_payloads, now
                        ),
                    )
                    for item_id, (item, matches, alert_payloads) in zip(ids, new, strict=True)
                ]
            )
            # Another outlet for a story alerted already: its sent alerts are to show it.
            grown = {
                (m.topic, m.story_id)
                for _, matches, alert_payloads in new
                for m in matches
                if m.relevant
                and m.story_id is not None
                and ((told := alert_payloads.get(m.topic)) is None or told.copy)
            }
            sent = self.outbox.sent_alerts(grown, now)
            for topic, story_id in sorted(sent):
                self.outbox.queue_edits(
                    topic, story_id, sent[topic, story_id], self._story_outlets(topic, story_id), now
                )
        return StoredBatch([next(stored) if is_new else None for is_new in fresh], stories)

    def _insert_many(
        self, new: list[tuple[NewItem, list[MatchRecord], dict[str, AlertPayload]]], now: float
    ) -> list[int]:
        """The items, their keys and their matches: a statement each for the whole batch
        (inside the caller's transaction). The items' new ids, in order."""
        if not new:  # most bodies of most polls: nothing new, no id to take
            return []
        ids = self.db.new_ids("items", len(new))
        self.db.insert_rows(
            "INSERT INTO items (id, feed_id, guid, link, canonical_link, title, summary, lang, "
            "published_at, fetched_at)",
            [
                (
                    item_id,
                    item.feed_id,
                    item.guid,
                    item.link,
                    item.canonical_link,
                    item.title,
                    item.summary,
                    item.lang,
                    item.published_at,
                    now,
                )
                for item_id, (item, _, _) in zip(ids, new, strict=True)
            ],
        )
        if self.search is not None:
            self.search.add_items([(item_id, item) for item_id, (item, _, _) in zip(ids, new, strict=True)])
        self.db.insert_rows(
            "INSERT INTO item_keys (key, item_id)",
            [(key, item_id) for item_id, (item, _, _) in zip(ids, new, strict=True) for key in item.keys],
            "ON CONFLICT DO NOTHING",
        )
        self.db.insert_rows(
            "INSERT INTO matches (item_id, topic, relevant, score, actors, reason, lang, "
            "created_at, story_id)",
            [
                (
                    item_id,
                    m.topic,
                    int(m.relevant),
                    m.score,
                    json.dumps(list(m.actors)),
                    m.reason,
                    m.lang,
                    now,
                    m.story_id,
                )
                for item_id, (_, matches, _) in zip(ids, new, strict=True)
                for m in matches
            ],
        )
        return ids

    def _story_outlets(self, topic: str, story_id: int) -> tuple[str, ...]:
        """The outlets that carried a story, the first reporter first (its alerts show them)."""
        rows = self.db.query(
            "SELECT feeds.name AS outlet, MIN(COALESCE(items.published_at, items.fetched_at)) AS first "
            "FROM matches JOIN items ON items.id = matches.item_id JOIN feeds ON feeds.id = items.feed_id "
            "WHERE matches.topic = ? AND matches.story_id = ? AND matches.relevant = 1 "
            "GROUP BY feeds.name ORDER BY first, feeds.name",
            [topic, story_id],
        )
        return tuple(r["outlet"] for r in rows)

    def count(self) -> int:
        return self.db.count("items")

    def matched(self, topic: str, limit: int = 50) -> list[ReportRecord]:
        """Recent relevant items of a topic, newest first."""
        rows = self.db.query(
            f"SELECT {_REPORT_COLUMNS} FROM matches JOIN items ON items.id = matches.item_id "
            "JOIN feeds ON feeds.id = items.feed_id "
            "WHERE matches.topic = ? AND matches.relevant = 1 "
            "ORDER BY COALESCE(items.published_at, items.fetched_at) DESC LIMIT ?",
            [topic, limit],
        )
        return [ReportRecord(**r) for r in rows]

    def latest_stories(self, topic: str, limit: int) -> list[StoryRecord]:
        """The newest stories of a topic (by their first report), newest first."""
        newest = self.db.query(
            "SELECT matches.story_id, MIN(COALESCE(items.published_at, items.fetched_at)) AS first_seen, "
            "MIN(stories.created_at) AS created_at "
            "FROM matches JOIN items ON items.id = matches.item_id "
            "JOIN stories ON stories.id = matches.story_id "
            "WHERE matches.topic = ? AND matches.relevant = 1 AND matches.story_id IS NOT NULL "
            "GROUP BY matches.story_id ORDER BY first_seen DESC, matches.story_id DESC LIMIT ?",
            [topic, limit],
        )
        if not newest:
            return []
        ids = [r["story_id"] for r in newest]
        marks = ",".join("?" * len(ids))
        reports: dict[int, list[dict]] = {}
        for row in self.db.query(
            "SELECT matches.story_id, items.title, items.link, feeds.name AS outlet, items.fetched_at, "
            "COALESCE(items.published_at, items.fetched_at) AS moment FROM matches "
            "JOIN items ON items.id = matches.item_id JOIN feeds ON feeds.id = items.feed_id "
            f"WHERE matches.topic = ? AND matches.story_id IN ({marks}) ORDER BY moment, items.id",
            [topic, *ids],
        ):
            reports.setdefault(row["story_id"], []).append(row)
        stories = []
        for row in newest:
            group = reports[row["story_id"]]
            outlets = tuple(dict.fromkeys(r["outlet"] for r in group))
            first = group[0]
            # Each outlet joined when its first report was stored; the story changed last when
            # the last of them joined.
            joined: dict[str, float] = {}
            for report in group:
                joined[report["outlet"]] = min(
                    joined.get(report["outlet"], report["fetched_at"]), report["fetched_at"]
                )
            stories.append(
                StoryRecord(
                    row["story_id"],
                    first["title"],
                    first["link"],
                    row["first_seen"],
                    outlets,
                    len(group),
                    updated=max(joined.values()),
                    created_at=row["created_at"],
                )
            )
        return stories

    def _new_story(self, topic: str, now: float) -> int:
        """A new story row (inside the caller's transaction)."""
        return self.db.insert(
            "INSERT INTO stories (topic, created_at) VALUES (?, ?) RETURNING id", [topic, now]
        )

    def recent_story_items(self, since: float) -> list[dict]:
        """Matched items with their stories since ``since``, oldest first (to rebuild the index)."""
        rows = self.db.query(
            "SELECT items.id, items.title, items.summary, items.lang, items.link, "
            "COALESCE(items.published_at, items.fetched_at) AS published, feeds.name AS outlet, "
            "matches.topic, matches.actors, matches.story_id FROM matches "
            "JOIN items ON items.id = matches.item_id JOIN feeds ON feeds.id = items.feed_id "
            "WHERE matches.story_id IS NOT NULL AND COALESCE(items.published_at, items.fetched_at) >= ? "
            "ORDER BY published",
            [since],
        )
        return [{**r, "actors": json.loads(r["actors"])} for r in rows]

    def newest_story_time(self) -> float | None:
        """Publication time of the newest item that belongs to a story."""
        row = self.db.one(
            "SELECT MAX(COALESCE(items.published_at, items.fetched_at)) AS t FROM matches "
            "JOIN items ON items.id = matches.item_id WHERE matches.story_id IS NOT NULL"
        )
        return None if row is None else row["t"]

    def by_links(self, links: list[str]) -> list[ReportRecord]:
        """Stored items with these links (to quote the reports a round cites), oldest first
        by publication (else fetching), then by link: the same order however the feeds
        answered."""
        if not links:
            return []
        marks = ",".join("?" * len(links))
        rows = self.db.query(
            f"SELECT {_REPORT_COLUMNS} FROM items JOIN feeds ON feeds.id = items.feed_id "
            f"WHERE items.link IN ({marks}) "
            "ORDER BY COALESCE(items.published_at, items.fetched_at), items.link, items.id",
            links,
        )
        return [ReportRecord(**r) for r in rows]
