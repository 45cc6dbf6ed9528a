"""The tracker keeps the rounds it writes in memory: what it learns from a stream of
reports is what a tracker restarted halfway (reading the rounds from the database) learns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.feeds.parse import Entry
from bot.ingest.analysis import Analyser, FeedRef
from bot.ingest.baseline import seed_baseline
from bot.ingest.tracker import Tracker
from bot.news.matcher import build_matchers
from config.topics import load_topics
from storage import Storage

ROUNDS = Path(__file__).parent / "fixtures" / "rounds"
OUTLETS = ["Wire", "Agency", "Broadcaster", "Daily"]


def readings(analyser: Analyser) -> list[tuple[str, object]]:
    """Every round-reading fixture (dev and held-out: reports written for talkwatch), in
    the order published, each from one of four outlets."""
    found = []
    for path in sorted(ROUNDS.glob("*.txt")):
        for n, line in enumerate(path.read_text("utf-8").splitlines()):
            if not line.strip() or line.startswith("#"):
                continue
            ident, lang, published, text = (part.strip() for part in line.split("|")[:4])
            when = dt.datetime.fromisoformat(published).replace(tzinfo=dt.UTC).timestamp() + 3600 * (n % 20)
            outlet = OUTLETS[n % len(OUTLETS)]
            feed = FeedRef(n % len(OUTLETS), f"https://{outlet.lower()}.example/", outlet, lang)
            entry = Entry(text, "", f"https://{outlet.lower()}.example/{ident}", ident, when, lang)
            item = analyser.prepare(feed, [entry], fetched=when + 60)[0]
            view = analyser.analyse(item, feed).views.get("iran-usa")
            if view is not None and (view.reading.rounds or view.reading.events):
                found.append((when, ident, view.reading))
    return [("iran-usa", reading) for _, _, reading in sorted(found, key=lambda f: (f[0], f[1]))]


@pytest.mark.parametrize("restart_at", [0.25, 0.5, 0.75])
def test_rounds_learnt_in_memory_are_what_a_restarted_tracker_learns(tmp_path, restart_at):
    topics = load_topics()
    stream = readings(Analyser(build_matchers(topics)))
    assert len(stream) > 40

    def run(path: Path, split: int | None) -> tuple[list, list]:
        storage = Storage.open(path)
        seed_baseline(storage, topics.values())
        tracker = Tracker(storage, topics)
        for n, one in enumerate(stream):
            if n == split:  # a restart: a new tracker reads the rounds from the database
                tracker = Tracker(storage, topics)
            tracker.apply([one])
        rounds = storage.rounds.all("iran-usa")
        events = [
            e for series in {r.series for r in rounds} for e in storage.rounds.events("iran-usa", series)
        ]
        storage.close()
        return rounds, events

    continuous = run(tmp_path / "continuous.db", None)
    restarted = run(tmp_path / "restarted.db", int(len(stream) * restart_at))
    assert any(r.origin == "reports" for r in continuous[0])
    assert restarted == continuous


def test_a_feed_bodys_reports_applied_together_teach_what_one_by_one_does(tmp_path):
    topics = load_topics()
    stream = readings(Analyser(build_matchers(topics)))
    results = []
    for name, batches in (
        ("single", [[one] for one in stream]),
        ("bodies", [stream[i : i + 7] for i in range(0, len(stream), 7)]),
    ):
        storage = Storage.open(tmp_path / f"{name}.db")
        seed_baseline(storage, topics.values())
        tracker = Tracker(storage, topics)
        for batch in batches:
            tracker.apply(batch)
        results.append(storage.rounds.all("iran-usa"))
        storage.close()
    assert results[1] == results[0]


RENUMBERED = [  # (day, hour, outlet, headline): written for this test
    ("2026-02-17", 18, "Wire", "Iran and US wrap up new round of talks in Geneva"),
    ("2026-02-17", 19, "Agency", "Third round of Iran-US talks ends in Geneva"),
    ("2026-02-18", 8, "Broadcaster", "Iran and US conclude third round of talks in Geneva"),
    ("2026-02-18", 9, "Daily", "Iran and US wrap up talks in Geneva without a deal"),
    ("2026-02-20", 9, "Wire", "Iran and US to hold next round of talks in Rome on 1 March"),
    ("2026-03-01", 18, "Agency", "Iran and US wrap up talks in Rome"),
]


def test_a_round_renumbered_as_reports_say_is_not_kept_under_its_old_number(tmp_path):
    topics = load_topics()
    analyser = Analyser(build_matchers(topics))
    stream = []
    for n, (day, hour, outlet, text) in enumerate(RENUMBERED):
        when = dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00").timestamp()
        feed = FeedRef(n, f"https://{outlet.lower()}.example/", outlet, "en")
        entry = Entry(text, "Araghchi and Witkoff met through Omani mediators.", None, f"r{n}", when, "en")
        item = analyser.prepare(feed, [entry], fetched=when + 60)[0]
        stream.append(("iran-usa", analyser.analyse(item, feed).views["iran-usa"].reading))

    def run(path: Path, restart: bool = False, together: bool = False) -> list:
        storage = Storage.open(path)
        seed_baseline(storage, topics.values())
        tracker = Tracker(storage, topics)
        if together:  # one feed body with every report: one transaction, each round saved once
            tracker.apply(stream)
        for n, one in enumerate(stream if not together else []):
            if restart and n == 3:  # right after the renumbering
                tracker = Tracker(storage, topics)
            tracker.apply([one])
        rounds = [r for r in storage.rounds.all("iran-usa") if r.series == "2026"]
        storage.close()
        return rounds

    continuous = run(tmp_path / "continuous.db")
    assert [(r.number, r.venue) for r in continuous if r.venue == "geneva"] == [(3, "geneva")]
    assert run(tmp_path / "restarted.db", restart=True) == continuous
    assert run(tmp_path / "together.db", together=True) == continuous
