"""The command line, run as a user runs it: a real process."""

from __future__ import annotations

import json

from tests.helpers.cli import talkwatch
from tests.helpers.feeds import IRRELEVANT, RELEVANT, rss


async def test_match_explains_each_decision():
    lines = [
        {"id": "a", "title": "Araghtschi und Witkoff verhandeln in Maskat"},
        {"id": "b", "title": "Bradley Cooper to direct a new film", "lang": "en"},
    ]
    code, out, _ = await talkwatch("match", "-", stdin="\n".join(json.dumps(x) for x in lines).encode())
    assert code == 0
    a, b = (json.loads(line) for line in out.splitlines())
    assert a["id"] == "a" and a["relevant"] and {"araghchi", "witkoff"} <= set(a["actors"])
    assert a["reason"].startswith("relevant: iran side (araghchi); usa side (witkoff)")
    assert b == {
        "id": "b",
        "relevant": False,
        "score": 0.0,
        "actors": [],
        "lang": "en",
        "reason": "not relevant: no Iranian-side or US-side signal; no signals",
    }


async def test_match_reports_bad_lines_and_exits_nonzero():
    code, out, _ = await talkwatch("match", "-", stdin=b'{"id": 1, "title": "ok"}\nnot json\n')
    assert code == 1
    assert json.loads(out.splitlines()[1])["error"].startswith("not a JSON item")


async def test_status_json_gives_the_baseline_round(tmp_path):
    code, out, _ = await talkwatch("status", "--json", "--db", str(tmp_path / "s.db"))
    assert code == 0
    data = json.loads(out)
    assert data["topic"] == "iran-usa"
    r = data["round"]
    assert (r["series"], r["number"], r["date"], r["venue"], r["format"]) == (
        "2026",
        1,
        "2026-02-06",
        "Muscat",
        "indirect",
    )
    assert r["mediator"] == "Badr al-Busaidi"
    assert {"araghchi", "witkoff", "kushner", "cooper"} <= set(r["participants"])
    assert r["summary"] and r["sources"]


async def test_poll_once_reports_the_cycle_and_a_second_run_queues_nothing(tmp_path, feed_server):
    url = feed_server.set("/cli.xml", body=rss(RELEVANT + IRRELEVANT))
    config = tmp_path / "tw.toml"
    config.write_text(f'[[feeds]]\nurl = "{url}"\nname = "Loopback"\n', encoding="utf-8")
    db = str(tmp_path / "p.db")
    code, out, _ = await talkwatch(
        "subscribe", "--console-chat", "me", "iran-usa", "--config", str(config), "--db", db
    )
    assert code == 0 and "now follows iran-usa" in out
    code, out, _ = await talkwatch("poll", "--config", str(config), "--db", db)
    assert code == 0
    assert "feeds 1: fetched 1, 304 0" in out and "new items 3, matches 2, alerts queued 0" in out
    code, out, _ = await talkwatch("poll", "--config", str(config), "--db", db)
    assert "304 1" in out and "new items 0" in out and "alerts queued 0" in out
    code, out, _ = await talkwatch("feeds", "--config", str(config), "--db", db)
    assert "Loopback" in out and " ok " in out


async def test_invalid_config_fails_at_start_naming_the_key(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("poll_interval_seconds = 0\n", encoding="utf-8")
    code, _, err = await talkwatch("poll", "--config", str(config))
    assert code == 2
    assert "configuration error: poll_interval_seconds: must be greater than 0" in err
