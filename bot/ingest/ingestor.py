"""Store new entries, match them against every topic, and queue their alerts."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bot.feeds.identity import canonical_link, item_keys
from bot.feeds.parse import Entry
from bot.ingest.tracker import Tracker
from bot.news.language import declared_language
from bot.news.matcher import Matcher, MatchResult
from bot.news.rounds import Reading, is_breaking
from config.topics import Topic
from storage import Storage
from storage.records import AlertPayload, FeedState, MatchRecord, NewItem

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


# A date this far ahead of the fetch is a publisher's clock or a typo; before this, a placeholder.
FUTURE_TOLERANCE = 15 * 60
EARLIEST = 946_684_800.0  # 2000-01-01 UTC: no news feed item is older


def clamp_date(entry: Entry, fetched: float) -> Entry:
    """An item cannot be published after it was fetched, nor before feeds existed: a date
    from the future becomes the fetch time, one from the distant past becomes unknown."""
    published = entry.published_at
    if published is None:
        return entry
    if published > fetched + FUTURE_TOLERANCE:
        log.info("item %r dated in the future (%s): dated when fetched", entry.title[:80], published)
        return replace(entry, published_at=fetched)
    if published < EARLIEST:
        return replace(entry, published_at=None)
    return entry


class Ingestor:
    """Turns parsed entries of one feed into stored items, matches and outbox rows."""

    def __init__(self, storage: Storage, matchers: dict[str, Matcher], tracker: Tracker) -> None:
        self.storage = storage
        self.matchers = matchers
        self.tracker = tracker

    def ingest(
        self, feed: FeedState, entries: Iterable[Entry], *, alert: bool, now: float | None = None
    ) -> IngestReport:
        """Store the entries not seen before. ``alert`` is False on a feed's first poll."""
        report = IngestReport()
        fetched = time.time() if now is None else now
        entries = [clamp_date(entry, fetched) for entry in entries]
        # Feeds list newest first; store oldest first so alerts arrive in the order events happened.
        entries = sorted(
            entries, key=lambda e: e.published_at if e.published_at is not None else float("inf")
        )
        keyed = [(entry, item_keys(feed.id, entry.guid, entry.link, entry.title)) for entry in entries]
        # One query for the whole feed: most entries of most polls are known.
        known = self.storage.items.known_keys([k for _, keys in keyed for k in keys])
        batch = []
        readings: list[tuple[str, Reading]] = []
        for entry, keys in keyed:
            if known.intersection(keys):
                continue
            # The same story twice in one feed body: match and store it once.
            known.update(keys)
            matches = []
            payloads = {}
            published = entry.published_at if entry.published_at is not None else (now or time.time())
            # What the text is written in, not what the feed declares: read once per item, by
            # the first matcher that finds it relevant (it has the text normalised already),
            # then passed on. Items no topic wants keep the feed's declared language.
            lang: str | None = None
            for topic_id, matcher in self.matchers.items():
                result = matcher.match(entry.title, entry.summary, entry.lang or feed.lang, detected=lang)
                if result.relevant:
                    lang = result.lang
                story_id, tell, update, breaking = None, True, None, False
                if result.relevant:
                    official = self.tracker.official(topic_id, result, feed.url)
                    reading = self.tracker.report(
                        topic_id,
                        entry.title,
                        entry.summary,
                        result,
                        published,
                        official=official,
                        outlet=feed.name,
                        url=entry.link,
                    )
                    decision = self.tracker.place(
                        topic_id,
                        keys[0],
                        entry.title,
                        entry.summary,
                        result,
                        published,
                        feed.name,
                        official,
                        reading,
                    )
                    story_id, tell, update = decision.story_id, decision.alert, decision.update
                    breaking = is_breaking(reading)
                    if reading.rounds or reading.events:
                        readings.append((topic_id, reading))
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
                    report.matched += 1
                    log.debug("match %s: %s (%s)", topic_id, entry.title[:80], result.reason)
                    if alert and tell:
                        payloads[topic_id] = replace(
                            alert_payload(entry, feed, matcher.topic, result, update), breaking=breaking
                        )
                    elif alert and story_id is not None:
                        # Told already, but perhaps not in every chat's language: the chats that
                        # chose this copy's language and had none of the story get this one.
                        payloads[topic_id] = replace(
                            alert_payload(entry, feed, matcher.topic, result, update), copy=True
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
                canonical_link=canonical_link(entry.link),
                guid=entry.guid,
                lang=lang or declared_language(entry.lang or feed.lang),
                published_at=entry.published_at,
                keys=keys,
            )
            batch.append((new_item, matches, payloads))
        # One transaction per feed body: items, matches and their outbox rows together.
        # Story placement went into memory first; it stands only if the write does.
        try:
            stored_batch = self.storage.items.store_many(batch, now=now)
        except Exception:
            self.tracker.rollback()
            raise
        self.tracker.commit(stored_batch.stories)
        for stored in stored_batch.items:
            if stored is not None:
                report.new += 1
                report.queued += stored.queued
        # Rounds learn from every matched item, alerted or not (first polls too).
        for topic_id, reading in readings:
            self.tracker.apply(topic_id, reading)
        return report
