"""One timeline, whatever the order: real reports read, then their readings given to the
timeline in any order (as feeds deliver them, as a restart reads them back), give the
same rounds, the same next round and the same state of the talks on every day."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.feeds.parse import Entry
from bot.ingest.analysis import Analyser, FeedRef
from bot.ingest.ingestor import records
from bot.news.matcher import build_matchers
from bot.news.places import PlaceReader
from bot.news.status import baseline
from bot.news.timeline import Baseline, build
from bot.records import ReadingRecord
from config.topics import load_topic
from tests.helpers.replay import _published, load

REPLAY = "talks-2014"


@functools.cache
def _readings() -> tuple[tuple[Baseline, ...], tuple[ReadingRecord, ...], tuple[dt.date, ...]]:
    """The replay's reports read as the poller reads them, and the days they came out."""
    replay = load(REPLAY)
    topic = load_topic(replay.directory / "topics" / f"{REPLAY}.toml")
    analyser = Analyser(build_matchers({topic.id: topic}))
    found: list[ReadingRecord] = []
    for n, item in enumerate(replay.items):
        moment = _published(item, n).timestamp()
        feed = FeedRef(n, f"https://replay.example/{n}", item.outlet, item.lang)
        entry = Entry(item.title, item.lede, item.url, item.id, moment, item.lang)
        prepared = analyser.prepare(feed, [entry], fetched=moment + 60)[0]
        view = analyser.analyse(prepared, feed).views.get(topic.id)
        if view is not None:
            found += [replace(r, item_id=n) for r in records(topic.id, view.reading)]
    days = tuple(sorted({item.day for item in replay.items}))
    return baseline(topic, PlaceReader(topic).topic_place), tuple(found), days


def test_the_replay_gives_rounds_to_order():
    base, readings, _ = _readings()
    timeline = build(base, list(readings))
    assert len(readings) > 60 and sum(m.number is not None for m in timeline.meetings) >= 8


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(_readings()[1]))), st.integers(min_value=0, max_value=10_000))
def test_any_order_gives_the_same_timeline_on_every_day(order, day_pick):
    base, readings, days = _readings()
    shuffled = [readings[i] for i in order]
    day = days[day_pick % len(days)]
    cutoff = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), dt.UTC).timestamp()
    today = day
    in_order = build(base, [r for r in readings if r.published < cutoff], today)
    assert build(base, [r for r in shuffled if r.published < cutoff], today) == in_order
