"""A whole series of talks reported without ordinals, in five languages, through the real
poller: announcement → under way → ended → a new round elsewhere → a two-day round →
collapse → strikes. After each step /status, /timeline and `status --json` must say what
a reader of those reports would say. A restart in the middle changes nothing.

Every report is written for this test in the way the press headlines such news.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.cli import main as cli
from bot.render.markup import render_plain
from tests.helpers.feeds import rss

CHAT = ChatRef("test", "desk")


def at(date: str, hour: int) -> str:
    import datetime as dt

    return dt.datetime.fromisoformat(f"{date}T{hour:02d}:00:00+00:00").strftime("%a, %d %b %Y %H:%M:%S GMT")


STEPS: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "announced",
        [("2026-02-12", "en", "Iran and US to resume talks in Geneva next week, Oman says")],
    ),
    (
        "under way",
        [("2026-02-17", "de", "Iran und USA setzen Gespräche in Genf fort")],
    ),
    (
        "ended",
        [("2026-02-17", "fa", "مذاکرات ایران و آمریکا در ژنو پس از سه ساعت پایان یافت")],
    ),
    (
        "new round elsewhere",
        [
            ("2026-02-21", "de", "Neue Runde der Iran-Gespräche in Maskat hat begonnen"),
            ("2026-02-21", "en", "Iran and US wrap up talks in Muscat"),
        ],
    ),
    (
        "two-day round",
        [
            ("2026-02-26", "fr", "Reprise des négociations entre l'Iran et les États-Unis à Genève"),
            ("2026-02-27", "ar", "تمديد محادثات جنيف بين إيران والولايات المتحدة ليوم ثان"),
            ("2026-02-27", "en", "Geneva talks between Iran and US end without agreement"),
        ],
    ),
    (
        "collapse",
        [("2026-02-28", "ar", "انهيار المفاوضات بين إيران والولايات المتحدة")],
    ),
    (
        "strikes",
        [("2026-02-28", "en", "US and Israel launch strikes on Iran, ending hopes for talks")],
    ),
]


def status(app: App) -> str:
    reply = app.router.dispatch("/status", CommandContext(CHAT))
    assert reply is not None
    return render_plain(reply.document)


def timeline(app: App) -> str:
    reply = app.router.dispatch("/timeline", CommandContext(CHAT))
    assert reply is not None
    return render_plain(reply.document)


def cli_json(db: Path | str, command: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli([command, "--json", "--db", str(db)]) == 0
    return json.loads(out.getvalue())


async def test_a_series_without_ordinals_is_followed_step_by_step(feed_server, settings_for, database):
    """On both backends: items, matches, stories, rounds with their evidence, and events."""
    url = feed_server.set("/wire.xml", body=rss([]))
    settings = settings_for(url, db=database)
    app = App.build(settings, [])
    assert await app.heartbeat()  # on PostgreSQL this instance takes the lead
    app.service.follow(CHAT, "iran-usa")
    await app.poller.poll_once(force=True)  # primes the feed

    # Before any report: the seeded baseline, and the answer says so.
    text = status(app)
    assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in text
    assert "from the bundled baseline only" in text
    assert cli_json(settings.database, "status")["baseline_only"] is True

    items: list[dict] = []
    seen: dict[str, str] = {}
    restarted = False
    for name, reports in STEPS:
        for date, _lang, title in reports:
            items.append(
                {
                    "title": title,
                    "guid": f"g{len(items)}",
                    "link": f"https://wire.example/{len(items)}",
                    "date": at(date, 9 + len(items) % 10),
                }
            )
        feed_server.set("/wire.xml", body=rss(items))
        await app.poller.poll_once(force=True)
        seen[name] = status(app)
        data = cli_json(settings.database, "status")

        if name == "announced":
            assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in seen[name]
            assert "Next: Round 2 (2026 series) · date unknown · Geneva · announced" in seen[name]
            assert (data["next"]["number"], data["next"]["venue"], data["next"]["state"]) == (
                2,
                "Geneva",
                "announced",
            )
            assert "As of 12 Feb 2026, from 1 report." in seen[name]
        elif name == "under way":
            assert "Round 2 (2026 series) · 17 Feb 2026 · Geneva · under way" in seen[name]
            assert data["round"]["state"] == "under_way" and "next" not in data
        elif name == "ended":
            assert "Round 2 (2026 series) · 17 Feb 2026 · Geneva\n" in seen[name]
            assert data["round"]["state"] == "held"
            # A restart in the middle: the same database, a new process; nothing changes.
            await app.aclose()
            app = App.build(settings, [])
            assert await app.heartbeat()
            assert status(app) == seen[name]
            await app.poller.poll_once(force=True)  # the same feed again: nothing new
            assert status(app) == seen[name]
            restarted = True
        elif name == "new round elsewhere":
            assert "Round 3 (2026 series) · 21 Feb 2026 · Muscat\n" in seen[name]
            assert data["round"]["number"] == 3 and data["round"]["venue"] == "Muscat"
        elif name == "two-day round":
            assert "Round 4 (2026 series) · 26–27 Feb 2026 · Geneva\n" in seen[name]
            assert (data["round"]["date"], data["round"]["end_date"]) == ("2026-02-26", "2026-02-27")
            assert data["talks"]["state"] == "active"
        elif name == "collapse":
            assert "Talks: collapsed since 28 Feb 2026" in seen[name]
            assert "Next: no round is in prospect." in seen[name]
            assert "talks collapsed: انهيار المفاوضات" in seen[name]
            assert data["talks"] == {"state": "collapsed", "since": "2026-02-28"}
            assert "next" not in data
        elif name == "strikes":
            assert "strikes: US and Israel launch strikes on Iran" in seen[name]
            assert [e["kind"] for e in data["events"]] == ["collapsed", "strikes"]
            # One outlet counts once per fact, so 9 reports from one feed give fewer evidence reports.
            assert data["as_of"] == "2026-02-28" and data["evidence_reports"] >= 7
            assert "Round 4 (2026 series) · 26–27 Feb 2026 · Geneva" in seen[name]
    assert restarted

    # The timeline: every round with its dates and venue, and the events, oldest first.
    lines = [line for line in timeline(app).splitlines() if line.startswith("•")]
    assert [line.split(" — ")[0] for line in lines] == [
        "• Round 1 (2026 series) · 6 Feb 2026 · Muscat · indirect · mediator Badr al-Busaidi",
        "• Round 2 (2026 series) · 17 Feb 2026 · Geneva",
        "• Round 3 (2026 series) · 21 Feb 2026 · Muscat",
        "• Round 4 (2026 series) · 26–27 Feb 2026 · Geneva",
        "• 28 Feb 2026",
        "• 28 Feb 2026",
    ]
    assert "talks collapsed" in lines[4] and "strikes" in lines[5]
    data = cli_json(settings.database, "timeline")
    assert [r["number"] for r in data["rounds"]] == [1, 2, 3, 4]
    assert [e["kind"] for e in data["events"]] == ["collapsed", "strikes"]
    assert all(e["sources"][0]["url"].startswith("https://wire.example/") for e in data["events"])
    assert data["talks"]["state"] == "collapsed"
    await app.aclose()


async def test_a_round_announced_before_the_talks_collapsed_is_not_shown_as_next(feed_server, settings_for):
    url = feed_server.set("/w.xml", body=rss([]))
    app = App.build(settings_for(url), [])
    await app.poller.poll_once(force=True)
    items = [
        {
            "title": "Oman: second round of Iran-US talks set for Geneva on March 5",
            "guid": "a",
            "link": "https://w.example/a",
            "date": at("2026-02-26", 9),
        },
        {
            "title": "Iran-US negotiations collapse, Tehran recalls its envoy",
            "guid": "b",
            "link": "https://w.example/b",
            "date": at("2026-02-28", 9),
        },
    ]
    feed_server.set("/w.xml", body=rss(items))
    await app.poller.poll_once(force=True)
    text = status(app)
    assert "Next: no round is in prospect." in text and "Round 2" not in text.split("Next:")[1].split("\n")[0]
    assert "• Round 2 (2026 series) · 5 Mar 2026 · Geneva · called off" in timeline(app)
    await app.aclose()
