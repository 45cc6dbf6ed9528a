"""A whole series of talks reported without ordinals, in five languages, by two outlets,
through the real poller: announcement → under way → ended → a new round elsewhere → a
two-day round → collapse → strikes. After each step /status, /timeline and `status --json`
must say what a reader of those reports would say (what one outlet alone reports is shown
as unconfirmed). A restart in the middle changes nothing.

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


# Two outlets, as real reporting has it: a round (or an event) one outlet alone reports is
# not confirmed, so each step is reported by both, each in its own words.
WIRE, AGENCY = "/wire.xml", "/agency.xml"
OUTLETS = {WIRE: ("feed 0", "https://wire.example/"), AGENCY: ("feed 1", "https://agency.example/")}

# Each report: (feed, day, hour, language, headline).
STEPS: list[tuple[str, list[tuple[str, str, int, str, str]]]] = [
    (
        "announced by one outlet",
        [(WIRE, "2026-02-12", 9, "en", "Iran and US to resume talks in Geneva next week, Oman says")],
    ),
    (
        "announced",
        [(AGENCY, "2026-02-12", 11, "en", "Oman: Iran-US talks will resume in Geneva next week")],
    ),
    (
        "under way",
        [
            (WIRE, "2026-02-17", 8, "de", "Iran und USA setzen Gespräche in Genf fort"),
            (AGENCY, "2026-02-17", 9, "en", "Iranian and US negotiators meet in Geneva"),
        ],
    ),
    (
        "ended",
        [
            (WIRE, "2026-02-17", 15, "fa", "مذاکرات ایران و آمریکا در ژنو پس از سه ساعت پایان یافت"),
            (AGENCY, "2026-02-17", 16, "en", "Iran-US talks in Geneva end after three hours"),
        ],
    ),
    (
        "new round elsewhere",
        [
            (WIRE, "2026-02-21", 9, "de", "Neue Runde der Iran-Gespräche in Maskat hat begonnen"),
            (AGENCY, "2026-02-21", 17, "en", "Iran and US wrap up talks in Muscat"),
        ],
    ),
    (
        "two-day round",
        [
            (
                WIRE,
                "2026-02-26",
                10,
                "fr",
                "Reprise des négociations entre l'Iran et les États-Unis à Genève",
            ),
            (AGENCY, "2026-02-26", 12, "en", "Iran and US resume talks in Geneva"),
            (AGENCY, "2026-02-27", 9, "ar", "تمديد محادثات جنيف بين إيران والولايات المتحدة ليوم ثان"),
            (WIRE, "2026-02-27", 18, "en", "Geneva talks between Iran and US end without agreement"),
        ],
    ),
    (
        "collapse",
        [
            (AGENCY, "2026-02-28", 8, "ar", "انهيار المفاوضات بين إيران والولايات المتحدة"),
            (WIRE, "2026-02-28", 10, "en", "Iran-US negotiations collapse"),
        ],
    ),
    (
        "strikes",
        [
            (WIRE, "2026-02-28", 14, "en", "US and Israel launch strikes on Iran, ending hopes for talks"),
            (AGENCY, "2026-02-28", 15, "fr", "Frappes américaines et israéliennes contre l'Iran"),
        ],
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
    """On both backends: items, matches, stories, the readings of the reports, and the
    rounds and events computed from them."""
    urls = [feed_server.set(path, body=rss([])) for path in (WIRE, AGENCY)]
    settings = settings_for(*urls, db=database)
    app = App.build(settings, [])
    assert await app.heartbeat()  # on PostgreSQL this instance takes the lead
    app.service.follow(CHAT, "iran-usa")
    await app.poller.poll_once(force=True)  # primes the feeds

    # Before any report: the topic file's round, and the answer says so.
    text = status(app)
    assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in text
    assert "from the bundled baseline only" in text
    assert cli_json(settings.database, "status")["baseline_only"] is True

    items: dict[str, list[dict]] = {WIRE: [], AGENCY: []}
    seen: dict[str, str] = {}
    restarted = False
    for name, reports in STEPS:
        for path, date, hour, _lang, title in reports:
            n = sum(len(v) for v in items.values())
            items[path].append(
                {"title": title, "guid": f"g{n}", "link": f"{OUTLETS[path][1]}{n}", "date": at(date, hour)}
            )
        for path, posted in items.items():
            feed_server.set(path, body=rss(posted))
        await app.poller.poll_once(force=True)
        seen[name] = status(app)
        data = cli_json(settings.database, "status")

        if name == "announced by one outlet":
            # One outlet alone: shown as such, and not counted as the next round.
            assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in seen[name]
            assert (
                "Next: Talks (2026 series) · date unknown · Geneva · announced (reported by one outlet)"
                in seen[name]
            )
            assert (data["next"]["number"], data["next"]["confirmed"]) == (None, False)
        elif name == "announced":
            assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in seen[name]
            assert "Next: Round 2 (2026 series) · date unknown · Geneva · announced\n" in seen[name] + "\n"
            assert (data["next"]["number"], data["next"]["venue"], data["next"]["state"]) == (
                2,
                "Geneva",
                "announced",
            )
            assert data["next"]["outlets"] == 2
            assert "As of 12 Feb 2026, from 2 reports." in seen[name]
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
            await app.poller.poll_once(force=True)  # the same feeds again: nothing new
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
            # Every report said something of the rounds or the talks, and counts once
            # (the restart's poll of the same feeds added none twice).
            assert data["as_of"] == "2026-02-28"
            assert data["evidence_reports"] == sum(len(reports) for _, reports in STEPS)
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
    assert [r["outlets"] for r in data["rounds"][1:]] == [2, 2, 2]
    assert [e["kind"] for e in data["events"]] == ["collapsed", "strikes"]
    # Each event cites both outlets' reports, with their links.
    outlets = {name: prefix for name, prefix in OUTLETS.values()}
    for event in data["events"]:
        assert sorted(s["publisher"] for s in event["sources"]) == sorted(outlets)
        assert all(s["url"].startswith(outlets[s["publisher"]]) for s in event["sources"])
    assert data["talks"]["state"] == "collapsed"
    await app.aclose()


async def test_a_round_announced_before_the_talks_collapsed_is_not_shown_as_next(feed_server, settings_for):
    """Two outlets report the second round set for Geneva, then both that the talks
    collapsed: the round is called off, not what comes next."""
    urls = [feed_server.set(path, body=rss([])) for path in (WIRE, AGENCY)]
    app = App.build(settings_for(*urls), [])
    await app.poller.poll_once(force=True)
    reports = {
        WIRE: [
            ("2026-02-26", 9, "Oman: second round of Iran-US talks set for Geneva on March 5"),
            ("2026-02-28", 9, "Iran-US negotiations collapse, Tehran recalls its envoy"),
        ],
        AGENCY: [
            ("2026-02-26", 12, "Iran and US to hold second round of talks in Geneva on 5 March"),
            ("2026-02-28", 11, "انهيار المفاوضات بين إيران والولايات المتحدة"),
        ],
    }
    for path, said in reports.items():
        prefix = OUTLETS[path][1]
        items = [
            {"title": title, "guid": f"{path}{n}", "link": f"{prefix}{n}", "date": at(date, hour)}
            for n, (date, hour, title) in enumerate(said)
        ]
        feed_server.set(path, body=rss(items))
    await app.poller.poll_once(force=True)
    text = status(app)
    assert "Talks: collapsed since 28 Feb 2026" in text
    assert "Next: no round is in prospect." in text and "Round 2" not in text.split("Next:")[1].split("\n")[0]
    assert "• Round 2 (2026 series) · 5 Mar 2026 · Geneva · called off —" in timeline(app)
    await app.aclose()
