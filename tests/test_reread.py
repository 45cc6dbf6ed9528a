"""A database an older reader wrote is read again at start: the rounds shown are what this
code reads in the stored reports, not what the old code read, and a start with the same
reader reads nothing again."""

from __future__ import annotations

import datetime as dt
import email.utils

from bot.app import App
from bot.ingest.analysis import Analyser
from bot.ingest.reread import reader_version, reread_stale
from bot.news.matcher import build_matchers
from bot.records import PlaceRef, ReadingRecord
from bot.render.markup import render_plain
from bot.render.status import status_document
from config.topics import load_topics
from storage import Storage
from tests.helpers.feeds import rss

# (day, hour, outlet, headline): written for this test. The press numbers the Geneva round
# the third, then announces the next in Rome and reports it held.
REPORTS = [
    ("2026-02-17", 18, 0, "Iran and US wrap up new round of talks in Geneva"),
    ("2026-02-17", 19, 1, "Third round of Iran-US talks ends in Geneva"),
    ("2026-02-18", 8, 2, "Iran and US conclude third round of talks in Geneva"),
    ("2026-02-20", 9, 0, "Iran and US to hold next round of talks in Rome on 1 March"),
    ("2026-03-01", 18, 1, "Iran and US wrap up talks in Rome"),
    ("2026-03-01", 19, 3, "Iran-US talks in Rome end without a deal"),
]
OUTLETS = 4


def _item(n: int) -> dict:
    day, hour, _, title = REPORTS[n]
    when = dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")
    return {
        "title": title,
        "summary": "Araghchi and Witkoff met through Omani mediators.",
        "link": f"https://outlet.example/{n}",
        "guid": f"r{n}",
        "date": email.utils.format_datetime(when, usegmt=True),
    }


def _stored(storage: Storage) -> list[tuple]:
    """The readings as a user's /status rests on them (ids and write times aside)."""
    return sorted(
        (r.item_id, r.kind, r.state, r.number, r.date, r.venue.name if r.venue else None, r.outlet)
        for r in storage.readings.all("iran-usa")
    )


def _status(app: App) -> str:
    return render_plain(status_document(app.service.status("iran-usa")))


async def test_readings_an_older_reader_wrote_are_replaced_at_start(feed_server, settings_for, tmp_path):
    urls = [feed_server.set(f"/o{n}.xml", body=rss([])) for n in range(OUTLETS)]
    settings = settings_for(*urls, db=tmp_path / "r.db")
    app = App.build(settings, [])
    try:
        await app.poller.poll_once(force=True)  # primes the feeds
        for outlet in range(OUTLETS):
            items = [_item(n) for n, r in enumerate(REPORTS) if r[2] == outlet]
            feed_server.set(f"/o{outlet}.xml", body=rss(items))
        await app.poller.poll_once(force=True)
        stored = _stored(app.storage)
        status = _status(app)
    finally:
        await app.aclose()
    assert "Round 4 (2026 series) · 1 Mar 2026 · Rome" in status
    assert any(s[3] == 3 for s in stored)  # "third round" read from the reports

    # What an older reader left: a round in Lisbon the reports never spoke of, and its version.
    with Storage.open(settings.database) as storage:
        wrong = ReadingRecord(
            topic="iran-usa",
            kind="round",
            outlet="feed 0",
            official=False,
            published=dt.datetime(2026, 3, 2, tzinfo=dt.UTC).timestamp(),
            title="an old misreading",
            url=None,
            lang="en",
            item_id=stored[-1][0],
            state="under_way",
            date="2026-03-02",
            venue=PlaceRef("gn:2267057", "Lisbon", "city", "PT"),
        )
        storage.readings.replace("iran-usa", [wrong])
        storage.db.execute("UPDATE meta SET value = 'older' WHERE key = 'reader:iran-usa'")
        assert "Lisbon" in " ".join(str(s) for s in _stored(storage))

    app = App.build(settings, [])  # reads the stored reports again before anything is shown
    try:
        assert _stored(app.storage) == stored
        assert _status(app) == status
        assert app.storage.readings.reader("iran-usa") == reader_version(app.topics["iran-usa"])
    finally:
        await app.aclose()


def test_a_start_with_the_same_reader_reads_nothing_again(tmp_path):
    topics = load_topics()
    analyser = Analyser(build_matchers(topics))
    with Storage.open(tmp_path / "same.db") as storage:
        assert reread_stale(storage, analyser, topics) == {"iran-usa": 0}  # an empty database
        assert reread_stale(storage, analyser, topics) == {}
        # Another instance that recorded this version first: nothing is written twice.
        storage.db.execute("UPDATE meta SET value = 'older' WHERE key = 'reader:iran-usa'")
        version = reader_version(topics["iran-usa"])
        assert storage.readings.reread("iran-usa", version, [], upto=0) is True
        assert storage.readings.reread("iran-usa", version, [], upto=0) is False


def test_the_reader_version_changes_with_the_topic():
    topic = load_topics()["iran-usa"]
    from dataclasses import replace

    assert reader_version(topic) == reader_version(topic)
    assert reader_version(replace(topic, name=topic.name + " (renamed)")) != reader_version(topic)
