"""Reading the stored reports again when the reader changed.

What reports say about rounds is stored as readings (``storage.readings``), written by the
code that read them. When that code, its words or the topic change, the old readings would
keep the old mistakes: at start, each topic whose readings a different reader wrote has its
relevant items read again, and the new readings replace the old in one transaction.

The reader's version is a digest of what decides a reading: the reader's modules, its
language files, the gazetteer's format and packages, and the topic as loaded. It needs no
one to remember to bump a number.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping
from dataclasses import replace
from importlib import resources
from pathlib import Path

from bot.ingest import analysis
from bot.ingest.analysis import Analyser
from bot.ingest.ingestor import records
from bot.news import gazetteer, places, rounds, vocabulary
from bot.records import ReadingRecord
from config.topics import Topic
from storage import Storage

log = logging.getLogger(__name__)


def _reader_digest() -> bytes:
    digest = hashlib.sha256()
    for module in (rounds, places, vocabulary, gazetteer, analysis):
        digest.update(Path(module.__file__ or "").read_bytes())
    words = resources.files("bot.news") / "words"
    for name in sorted(f.name for f in words.iterdir() if f.name.endswith(".toml")):
        digest.update(name.encode() + (words / name).read_bytes())
    digest.update(gazetteer.index_path().name.encode())  # its format and package versions
    return digest.digest()


def reader_version(topic: Topic) -> str:
    """The version of the reader for this topic: changes with the code, words or topic."""
    return hashlib.sha256(_reader_digest() + repr(topic).encode()).hexdigest()[:20]


def reread_stale(storage: Storage, analyser: Analyser, topics: Mapping[str, Topic]) -> dict[str, int]:
    """Read again every topic's reports that an older reader read; the readings written,
    by topic (topics already read by this reader are left alone and not listed)."""
    done: dict[str, int] = {}
    for topic_id, topic in topics.items():
        version = reader_version(topic)
        if storage.readings.reader(topic_id) == version:
            continue
        started = time.monotonic()
        reports = storage.readings.reports(topic_id)
        readings: list[ReadingRecord] = []
        for report in reports:
            for record in records(topic_id, analyser.read_again(topic_id, report)):
                readings.append(replace(record, item_id=report.item_id))
        upto = max((r.item_id for r in reports), default=0)
        if storage.readings.reread(topic_id, version, readings, upto):
            done[topic_id] = len(readings)
            log.info(
                "topic %s: %d reports read again for rounds (%d readings, %.1f s)",
                topic_id,
                len(reports),
                len(readings),
                time.monotonic() - started,
            )
    return done
