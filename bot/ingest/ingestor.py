"""Store new entries, match them against every topic, and queue their alerts."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bot.feeds.parse import Entry
from bot.ingest.analysis import Analyser, Analysis, FeedRef, Prepared
from bot.ingest.tracker import Tracker
from bot.news.language import declared_language
from bot.news.learnt_venues import HELD, learnt_venues
from bot.news.matcher import Matcher, MatchResult
from bot.news.rounds import Reading, is_breaking
from bot.records import (
    AlertPayload,
    FeedState,
    FeedSuccess,
    MatchRecord,
    NewItem,
    PlaceRef,
    ReadingRecord,
)
from config.topics import Topic
from storage import Storage

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    new: int = 0
    matched: int = 0
    queued: int = 0
    # Relevant items that got no alert, by why: "first poll" (a new feed's backlog) or
    # "same story" (a copy of a story already alerted, with nothing new).
    withheld: Counter[str] = field(default_factory=Counter)


def alert_payload(
    entry: Entry, feed: FeedState, topic: Topic, result: MatchResult, update: str | None = None
) -> AlertPayload:
    """What an alert needs to be rendered later by any transport's formatter."""
    names = []
    for actor_id in result.actors:
        actor = topic.actor(actor_id)
        # Countries are context; the alert lists the people and institutions.
        if actor is not None and actor.kind != "country":
            names.append(actor.name)
    published = (
        dt.datetime.fromtimestamp(entry.published_at, dt.UTC).isoformat()
        if entry.published_at is not None
        else None
    )
    return AlertPayload(
        topic=topic.id,
        topic_name=topic.name,
        title=entry.title,
        summary=entry.summary,
        link=entry.link,
        source=feed.name,
        published=published,
        actors=tuple(names),
        lang=result.lang,
        update=update,
    )


class Ingestor:
    """Turns parsed entries of one feed into stored items, matches and outbox rows."""

    def __init__(self, storage: Storage, matchers: dict[str, Matcher], tracker: Tracker) -> None:
        self.storage = storage
        self.matchers = matchers
        self.tracker = tracker
        self.analyser = Analyser(matchers, tracker.official_feeds)
        # Each topic's venues learnt from reports, and the readings' version they came from.
        self._venues: dict[str, tuple[tuple[int, int], tuple[PlaceRef, ...]]] = {}

    def learnt_venues(self, topic_id: str) -> tuple[PlaceRef, ...]:
        """Where the topic's talks were learnt to be held (read again only when a reading
        was stored since: a cheap count tells)."""
        version = self.storage.readings.version(topic_id)
        known = self._venues.get(topic_id)
        if known is not None and known[0] == version:
            return known[1]
        venues = learnt_venues(self.storage.readings.venues_reported(topic_id, sorted(HELD)))
        self._venues[topic_id] = (version, venues)
        return venues

    def ingest(
        self,
        feed: FeedState,
        entries: Iterable[Entry],
        *,
        alert: bool,
        now: float | None = None,
        analysed: list[tuple[Prepared, Analysis]] | None = None,
        success: FeedSuccess | None = None,
    ) -> IngestReport:
        """Store the entries not seen before. ``alert`` is False on a feed's first poll.
        ``analysed``: the entries prepared and analysed already (by a parser process, with
        the same ``Analyser``); then ``entries`` is not read. ``success``: the feed's poll
        to record (its validators, its next poll), with the entries.

        One transaction per feed body: its items, matches, new stories, alerts, the
        rounds they change and the feed's success are stored together or not at all (a
        feed whose body was not stored is fetched whole again)."""
        report = IngestReport()
        fetched = time.time() if now is None else now
        ref = FeedRef(feed.id, feed.url, feed.name, feed.lang)
        body: list[tuple[Prepared, Analysis | None]] = (
            list(analysed)
            if analysed is not None
            else [(item, None) for item in self.analyser.prepare(ref, entries, fetched)]
        )
        # One query for the whole feed: most entries of most polls are known.
        known = self.storage.items.known_keys([k for item, _ in body for k in item.keys])
        batch = []
        readings: list[list[ReadingRecord]] = []  # per entry of the batch
        for item, given in body:
            keys = item.keys
            if known.intersection(keys):
                continue
            # The same story twice in one feed body: match and store it once.
            known.update(keys)
            entry = item.entry
            # A parser process knows no learnt venue: what one would make relevant is
            # analysed again here, where they are known.
            if given is None or any(
                result.venue_short and self.learnt_venues(topic_id) for topic_id, result in given.results
            ):
                analysis = self.analyser.analyse(item, ref, self.learnt_venues)
            else:
                analysis = given
            matches = []
            payloads = {}
            said: list[ReadingRecord] = []
            for topic_id, result in analysis.results:
                story_id, tell, update, breaking = None, True, None, False
                view = analysis.views.get(topic_id)
                if view is not None:
                    reading = view.reading
                    decision = self.tracker.place(
                        topic_id,
                        keys[0],
                        entry.title,
                        entry.summary,
                        result,
                        item.published,
                        feed.name,
                        view.official,
                        reading,
                        hashes=analysis.hashes,
                        figures=analysis.figures,
                    )
                    story_id, tell, update = decision.story_id, decision.alert, decision.update
                    breaking = is_breaking(reading)
                    said += records(topic_id, reading)
                matches.append(
                    MatchRecord(
                        topic_id,
                        result.relevant,
                        result.score,
                        result.actors,
                        result.reason,
                        result.lang,
                        story_id,
                    )
                )
                if result.relevant:
                    topic = self.matchers[topic_id].topic
                    report.matched += 1
                    log.debug("match %s: %s (%s)", topic_id, entry.title[:80], result.reason)
                    if alert and tell:
                        payloads[topic_id] = replace(
                            alert_payload(entry, feed, topic, result, update), breaking=breaking
                        )
                    elif alert and story_id is not None:
                        # Told already, but perhaps not in every chat's language: the chats that
                        # chose this copy's language and had none of the story get this one.
                        payloads[topic_id] = replace(
                            alert_payload(entry, feed, topic, result, update), copy=True
                        )
                        report.withheld["same story"] += 1
                    else:
                        why = "first poll" if not alert else "same story"
                        report.withheld[why] += 1
                        log.debug("no alert for %r (%s): %s", entry.title[:80], topic_id, why)
            new_item = NewItem(
                feed_id=feed.id,
                title=entry.title,
                summary=entry.summary,
                link=entry.link,
                canonical_link=item.canonical_link,
                guid=entry.guid,
                lang=analysis.lang or declared_language(entry.lang or feed.lang),
                published_at=entry.published_at,
                keys=keys,
            )
            batch.append((new_item, matches, payloads))
            readings.append(said)
        # Story placement went into memory first; it stands only if the write does. What
        # reports say of rounds is stored with them, alerted or not (first polls too): the
        # rounds are computed from all of it (bot.news.timeline).
        try:
            with self.storage.transaction():
                stored_batch = self.storage.items.store_many(batch, now=now)
                self.storage.readings.add(
                    [
                        replace(r, item_id=stored.item_id)
                        for stored, said in zip(stored_batch.items, readings, strict=True)
                        if stored is not None
                        for r in said
                    ],
                    now,
                )
                if success is not None:
                    self.storage.feeds.record_successes([success])
        except Exception:
            self.tracker.rollback()
            raise
        self.tracker.commit(stored_batch.stories)
        for stored in stored_batch.items:
            if stored is not None:
                report.new += 1
                report.queued += stored.queued
        return report


def records(topic: str, reading: Reading) -> list[ReadingRecord]:
    """A report's reading as stored: a row for what it says of a round, one an event."""
    rows = [
        ReadingRecord(
            topic=topic,
            kind="round",
            outlet=r.outlet,
            official=r.official,
            published=r.published,
            title=r.title,
            url=r.url,
            lang=r.lang,
            number=r.number,
            new_round=r.new_round,
            resumes=r.resumes,
            goes_on=r.goes_on,
            begins=r.begins,
            retrospective=r.retrospective,
            state=r.state,
            date=r.date,
            end_date=r.end_date,
            dated=r.dated,
            format=r.format,
            venue=r.venue,
            host=r.host,
            mediator=r.mediator,
        )
        for r in reading.rounds
    ]
    rows += [
        ReadingRecord(
            topic=topic,
            kind=e.kind,
            outlet=e.outlet,
            official=e.official,
            published=e.published,
            title=e.title,
            url=e.url,
            date=e.date,
        )
        for e in reading.events
    ]
    return rows
