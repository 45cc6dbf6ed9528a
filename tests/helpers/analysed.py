"""Reports written for a test, read by the real analyser for the iran-usa topic: the
readings talkwatch would store for them (tests of rounds known by a month or a week)."""

from __future__ import annotations

import datetime as dt

from bot.feeds.parse import Entry
from bot.ingest.analysis import Analyser, FeedRef, Prepared
from bot.ingest.ingestor import records
from bot.news.matcher import build_matchers
from bot.news.places import PlaceReader
from bot.news.status import baseline
from bot.records import ReadingRecord
from config.topics import load_topics

TOPIC = load_topics()["iran-usa"]
ANALYSER = Analyser(build_matchers({TOPIC.id: TOPIC}))
PLACES = PlaceReader(TOPIC)
BASELINE = baseline(TOPIC, PLACES.topic_place)


def readings(
    outlet: str, title: str, day: dt.date, lang: str = "en", summary: str = ""
) -> list[ReadingRecord]:
    """What the analyser stores for one report (its headline and lede), published on ``day``
    at 09:00 UTC; nothing when the topic does not find it relevant."""
    moment = dt.datetime.combine(day, dt.time(9), dt.UTC).timestamp()
    entry = Entry(title, summary, f"https://{outlet}.example/{hash(title)}", title, moment, lang)
    analysis = ANALYSER.analyse(Prepared(entry, (title,), None, moment), FeedRef(1, "u", outlet, lang))
    view = analysis.views.get(TOPIC.id)
    return [] if view is None else records(TOPIC.id, view.reading)
