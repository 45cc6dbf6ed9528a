"""Stories (one alert per story) and rounds (what /status calls the latest), end to end
through the real poller on loopback feeds. All reports are written for these tests."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from dataclasses import replace

import pytest

from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.cli import main as cli
from bot.render.markup import render_plain
from config.settings import FeedSettings
from tests.helpers.feeds import rss
from tests.helpers.transports import RecordingTransport

CHAT = ChatRef("test", "newsroom")


@pytest.fixture
async def build_app():
    """Build apps that are closed after the test, even when an assertion fails first (an
    app left open would warn in whichever test runs next)."""
    apps: list[App] = []

    def build(settings, transports=()) -> App:
        app = App.build(settings, list(transports))
        apps.append(app)
        return app

    yield build
    for app in apps:
        await app.aclose()


def day(d: str, hour: int = 9) -> str:
    """RFC 822 date for 2026-MM-DD."""
    import datetime as dt

    moment = dt.datetime.fromisoformat(f"2026-{d}T{hour:02d}:00:00+00:00")
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


EVENT = [  # one event, eight outlets, three languages
    (
        "Iran and US agree to hold a second round of talks in Geneva on 12 March",
        "Araghchi and Witkoff will meet again through Omani mediators, officials said.",
    ),
    (
        "Iran and US agree to hold second round of talks in Geneva on 12 March",
        "Araghchi and Witkoff will meet again through Omani mediators, officials said on Monday.",
    ),
    (
        "Iran, US agree to hold a second round of talks in Geneva on 12 March",
        "Araghchi and Witkoff are to meet again through Omani mediators, officials said.",
    ),
    (
        "Iran and the US agree to hold a second round of talks in Geneva on 12 March",
        "Araghchi and Witkoff will meet again through Omani mediators, diplomats said.",
    ),
    (
        "Iran und USA: Zweite Gesprächsrunde soll am 12. März in Genf stattfinden",
        "Araghtschi und Witkoff wollen sich erneut unter omanischer Vermittlung treffen.",
    ),
    (
        "Zweite Runde der Gespräche zwischen Iran und den USA am 12. März in Genf geplant",
        "Araghtschi und Witkoff treffen sich wieder, Oman vermittelt.",
    ),
    (
        "Un deuxième cycle de pourparlers entre l'Iran et les États-Unis aura lieu à Genève le 12 mars",
        "Araghtchi et Witkoff se retrouveront grâce à la médiation omanaise.",
    ),
    (
        "Iran-États-Unis : le deuxième cycle de négociations prévu à Genève le 12 mars",
        "Araghtchi et Witkoff doivent se revoir sous médiation d'Oman.",
    ),
]
UNRELATED = [
    (
        "Pentagon sends a second carrier toward the Gulf as Tehran warns of a response",
        "Defense officials said the strike group would deter attacks on US forces.",
    ),
    (
        "US Treasury sanctions a network shipping Iranian oil to Asia",
        "The measures target twelve companies and nine tankers.",
    ),
]


def event_feeds(server, start: int = 0) -> list[str]:
    urls = []
    for i, (title, summary) in enumerate(EVENT):
        item = {
            "title": title,
            "summary": summary,
            "guid": f"ev-{i}",
            "link": f"https://outlet{i}.example/a/{i}",
            "date": day("03-02", 8 + i),
        }
        extra = []
        if i == 0:
            extra = [
                {
                    "title": t,
                    "summary": s,
                    "guid": f"un-{j}",
                    "link": f"https://outlet0.example/u/{j}",
                    "date": day("03-02", 7),
                }
                for j, (t, s) in enumerate(UNRELATED)
            ]
        urls.append(server.set(f"/outlet{i}.xml", body=rss([item, *extra], title=f"Outlet {i}")))
    return urls


async def test_one_event_from_eight_outlets_in_three_languages_is_one_alert(
    feed_server, settings_for, tmp_path
):
    urls = [feed_server.set(f"/outlet{i}.xml", body=rss([])) for i in range(len(EVENT))]
    transport = RecordingTransport()
    app = App.build(settings_for(*urls), [transport])
    app.service.follow(CHAT, "iran-usa")
    await app.poller.poll_once()  # prime the eight feeds
    event_feeds(feed_server)
    report = await app.poller.poll_once(force=True)
    await app.sender.drain()
    assert report.new_items == 10 and report.matched == 10
    titles = [t.splitlines()[0] for t in transport.texts()]
    assert len(titles) == 3, titles
    assert titles[0] in {t for t, _ in UNRELATED} and titles[1] in {t for t, _ in UNRELATED}
    assert titles[2] == EVENT[0][0]
    stories = app.storage.db.one("SELECT COUNT(DISTINCT story_id) AS n FROM matches WHERE relevant = 1")
    assert stories["n"] == 3
    # The seven copies that got no alert are counted, with why.
    assert report.withheld == {"same story": 7}
    assert 'talkwatch_alerts_withheld_total{reason="same story"} 7.0' in app.metrics.render().decode()
    await app.aclose()

    # Restart: the same feeds bring nothing new; a ninth copy joins the rebuilt story.
    restarted = App.build(settings_for(*urls), [transport])
    assert (await restarted.poller.poll_once(force=True)).queued == 0
    late = {
        "title": "Iran and US agree to hold a second round of talks in Geneva on 12 March, officials say",
        "summary": EVENT[0][1],
        "guid": "late",
        "link": "https://outlet9.example/late",
        "date": day("03-02", 18),
    }
    feed_server.set("/outlet3.xml", body=rss([late], title="Outlet 3"))
    again = await restarted.poller.poll_once(force=True)
    assert again.new_items == 1 and again.queued == 0
    await restarted.aclose()


async def poll_with(
    app: App, server, items: list[dict], path: str = "/wire.xml", title: str = "Wire"
) -> None:
    server.set(path, body=rss(items, title=title))
    await app.poller.poll_once(force=True)


async def wire_and_agency(feed_server, settings_for, build_app) -> App:
    """An app polling two outlets, a wire and an agency, their feeds primed empty."""
    wire_url = feed_server.set("/wire.xml", body=rss([]))
    agency_url = feed_server.set("/agency.xml", body=rss([]))
    app = build_app(settings_for(wire_url, agency_url))
    await app.poller.poll_once()
    return app


async def wire_then_agency(app: App, server, item: dict, agency_title: str, **agency: object) -> None:
    """The wire reports ``item``; then the agency the same news in its own words."""
    await poll_with(app, server, [item], "/wire.xml", "Wire")
    other = {
        **item,
        "title": agency_title,
        "guid": f"{item['guid']}-a",
        "link": f"https://agency.example/{item['guid']}",
    }
    await poll_with(app, server, [{**other, **agency}], "/agency.xml", "Agency")


def status_json(db) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli(["status", "--json", "--db", str(db)]) == 0
    return json.loads(out.getvalue())


def status_text(app: App) -> str:
    reply = app.router.dispatch("/status iran-usa", CommandContext(CHAT))
    return render_plain(reply.document)


async def test_a_chat_that_chose_german_gets_the_event_once_from_a_german_report(feed_server, settings_for):
    urls = [feed_server.set(f"/outlet{i}.xml", body=rss([])) for i in range(len(EVENT))]
    transport = RecordingTransport()
    app = App.build(settings_for(*urls), [transport])
    chats = {name: ChatRef("test", name) for name in ("everyone", "de-desk", "fa-desk")}
    for chat in chats.values():
        app.service.follow(chat, "iran-usa")
    app.service.set_languages(chats["de-desk"], ("de",))
    app.service.set_languages(chats["fa-desk"], ("fa",))
    await app.poller.poll_once()
    event_feeds(feed_server)
    await app.poller.poll_once(force=True)
    await app.sender.drain()
    heads = {name: [t.splitlines()[0] for t in transport.texts(name)] for name in chats}
    assert len(heads["everyone"]) == 3 and heads["everyone"][2] == EVENT[0][0]
    # The event was first told in English; the German desk gets it once, from a German
    # outlet, and none of the English-only stories; nothing in Persian came.
    assert len(heads["de-desk"]) == 1 and heads["de-desk"][0] in {EVENT[4][0], EVENT[5][0]}
    assert heads["fa-desk"] == []
    await app.aclose()


def status_line(app: App, start: str) -> str:
    """The line of /status that begins with ``start`` (all of it, so a suffix shows)."""
    lines = [line for line in status_text(app).splitlines() if line.startswith(start)]
    assert len(lines) == 1, status_text(app)
    return lines[0]


async def test_rounds_follow_the_reports_in_order(feed_server, settings_for, build_app):
    """Two outlets (a wire and an agency) report each step: a meeting is a round once two
    outlets stand behind it (an announcement counts); one outlet alone does not confirm it."""
    wire_url = feed_server.set("/wire.xml", body=rss([]))
    agency_url = feed_server.set("/agency.xml", body=rss([]))
    settings = settings_for(wire_url, agency_url)
    app = build_app(settings)
    await app.poller.poll_once()
    wire: list[dict] = []
    agency: list[dict] = []

    async def report(items: list[dict], item: dict, path: str, title: str) -> None:
        items.append(item)
        await poll_with(app, feed_server, items, path, title)

    # 1. Round 2 is announced, in another city, by both outlets.
    await report(
        wire,
        {
            "title": "Iran and US to hold a second round of talks in Rome on 21 March",
            "summary": "Araghchi and Witkoff will meet at the Omani embassy.",
            "guid": "r1",
            "link": "https://wire.example/1",
            "date": day("03-10"),
        },
        "/wire.xml",
        "Wire",
    )
    await report(
        agency,
        {
            "title": "Second round of Iran-US talks set for Rome on 21 March",
            "summary": "Oman will again carry messages between Araghchi and Witkoff, officials said.",
            "guid": "a1",
            "link": "https://agency.example/1",
            "date": day("03-10", 11),
        },
        "/agency.xml",
        "Agency",
    )
    data = status_json(settings.database)
    assert (data["round"]["number"], data["round"]["date"], data["round"]["venue"]) == (
        1,
        "2026-02-06",
        "Muscat",
    )
    assert (data["next"]["number"], data["next"]["date"], data["next"]["venue"], data["next"]["state"]) == (
        2,
        "2026-03-21",
        "Rome",
        "announced",
    )
    assert status_line(app, "Next: ") == "Next: Round 2 (2026 series) · 21 Mar 2026 · Rome · announced"

    # 2. Reports say it took place.
    await report(
        wire,
        {
            "title": "Second round of Iran–US talks held in Rome",
            "summary": "Araghchi and Witkoff exchanged proposals through Omani mediators.",
            "guid": "r2",
            "link": "https://wire.example/2",
            "date": day("03-21", 18),
        },
        "/wire.xml",
        "Wire",
    )
    await report(
        agency,
        {
            "title": "Iran and US concluded a second round of talks in Rome",
            "summary": "The delegations sat in separate rooms at the Omani embassy.",
            "guid": "a2",
            "link": "https://agency.example/2",
            "date": day("03-21", 19),
        },
        "/agency.xml",
        "Agency",
    )
    data = status_json(settings.database)
    assert (
        data["round"]["number"],
        data["round"]["date"],
        data["round"]["venue"],
        data["round"]["state"],
    ) == (2, "2026-03-21", "Rome", "held")
    assert "next" not in data and "unconfirmed" not in data
    assert status_line(app, "Round 2 ") == "Round 2 (2026 series) · 21 Mar 2026 · Rome"
    assert "Reported by 2 outlets." in status_text(app)

    # 3. German reports of round 3, unannounced: the wire's alone is not yet a round.
    await report(
        wire,
        {
            "title": "Dritte Gesprächsrunde zwischen Iran und USA in Maskat beendet",
            "summary": "Araghtschi und Witkoff verhandelten indirekt.",
            "guid": "r3",
            "link": "https://wire.example/3",
            "date": day("04-04", 17),
        },
        "/wire.xml",
        "Wire",
    )
    data = status_json(settings.database)
    assert data["round"]["number"] == 2
    assert (data["unconfirmed"]["date"], data["unconfirmed"]["venue"], data["unconfirmed"]["outlets"]) == (
        "2026-04-04",
        "Muscat",
        1,
    )
    assert status_line(app, "Reported by one outlet, unconfirmed: ").startswith(
        "Reported by one outlet, unconfirmed: Talks (2026 series) · 4 Apr 2026 · Muscat"
    )
    await report(
        agency,
        {
            "title": "Dritte Verhandlungsrunde von Iran und USA in Maskat zu Ende",
            "summary": "Die Delegationen verhandelten indirekt unter omanischer Vermittlung.",
            "guid": "a3",
            "link": "https://agency.example/3",
            "date": day("04-04", 18),
        },
        "/agency.xml",
        "Agency",
    )
    data = status_json(settings.database)
    assert (
        data["round"]["number"],
        data["round"]["date"],
        data["round"]["venue"],
        data["round"]["format"],
    ) == (3, "2026-04-04", "Muscat", "indirect")

    # 4. Persian reports of a postponement.
    await report(
        wire,
        {
            "title": "دور چهارم مذاکرات ایران و آمریکا در ژنو به تعویق افتاد",
            "summary": "عراقچی گفت زمان تازه بعدا اعلام می‌شود.",
            "guid": "r4",
            "link": "https://wire.example/4",
            "date": day("04-15"),
        },
        "/wire.xml",
        "Wire",
    )
    await report(
        agency,
        {
            "title": "مذاکرات دور چهارم ایران و آمریکا در ژنو به تعویق افتاد",
            "summary": "بقائی گفت تاریخ جدید هنوز تعیین نشده است.",
            "guid": "a4",
            "link": "https://agency.example/4",
            "date": day("04-15", 11),
        },
        "/agency.xml",
        "Agency",
    )
    data = status_json(settings.database)
    assert data["round"]["number"] == 3
    # Every source shown is a report that was cited, and every quoted sentence comes from one.
    round3 = {"https://wire.example/3", "https://agency.example/3"}
    assert {s["url"] for s in data["round"]["sources"]} == round3
    highlights = data["round"]["highlights"]
    assert highlights and all(h["url"] in round3 for h in highlights)
    cited = " ".join(item[key] for item in (wire[2], agency[2]) for key in ("title", "summary"))
    assert all(h["text"] in cited for h in highlights)
    assert "From the reports" in status_text(app)
    # Both outlets reported the postponement: it is not "reported by one outlet".
    assert (data["next"]["number"], data["next"]["venue"], data["next"]["state"]) == (
        4,
        "Geneva",
        "postponed",
    )
    assert (data["next"]["outlets"], data["next"]["confirmed"]) == (2, True)
    assert status_line(app, "Next: ") == "Next: Round 4 (2026 series) · date unknown · Geneva · postponed"
    await app.aclose()


async def venue_dispute(
    feed_server, settings_for, build_app, tmp_path, official_by: str, ministry: str
) -> tuple[dict, str, list]:
    """Two outlets report round 3 for Rome on 2 May; the ministry (an official feed, or an
    ordinary feed quoting Oman's foreign ministry) says Muscat, on ``ministry``'s day.
    /status as JSON and as text, and the round readings stored."""
    name = f"{official_by}-{ministry}"
    rome = [feed_server.set(f"/{name}/o{i}.xml", body=rss([])) for i in range(2)]
    official = feed_server.set(f"/{name}/ministry.xml", body=rss([]))
    settings = settings_for(*rome, official, db=tmp_path / f"{name}.db")
    if official_by == "feed":
        feeds = list(settings.feeds)
        feeds[2] = replace(feeds[2], official=True)
        settings = replace(settings, feeds=tuple(feeds))
    app = build_app(settings)
    await app.poller.poll_once()
    for i in range(2):
        feed_server.set(
            f"/{name}/o{i}.xml",
            body=rss(
                [
                    {
                        "title": "Iran and US to hold third round of talks in Rome on 2 May",
                        "summary": "Araghchi and Witkoff are expected.",
                        "guid": f"x{i}",
                        "link": f"https://o{i}.example/3",
                        "date": day("04-20"),
                    }
                ]
            ),
        )
    speaker = "Oman's foreign ministry" if official_by == "actor" else "The ministry"
    feed_server.set(
        f"/{name}/ministry.xml",
        body=rss(
            [
                {
                    "title": f"{speaker}: third round of Iran–US talks will be held in Muscat on 2 May",
                    "summary": "Araghchi and Witkoff are expected in the Omani capital.",
                    "guid": "m",
                    "link": "https://ministry.example/3",
                    "date": day(ministry),
                }
            ]
        ),
    )
    await app.poller.poll_once(force=True)
    data = status_json(settings.database)
    text = status_text(app)
    said = sorted(
        (r.venue.id if r.venue else None, r.url, r.official, r.number, r.state)
        for r in app.storage.readings.all("iran-usa")
        if r.kind == "round"
    )
    await app.aclose()
    return data, text, said


@pytest.mark.parametrize("official_by", ["actor", "feed"])
async def test_when_outlets_disagree_on_the_venue_the_official_source_wins(
    feed_server, settings_for, build_app, tmp_path, official_by
):
    """An official feed's venue wins over two outlets', whether it spoke after them or
    before. A report on an ordinary feed that quotes Oman's foreign ministry is one outlet
    (only an official feed is an official source for the rounds): its venue is never
    shown as confirmed against two outlets."""
    for ministry in ("04-21", "04-19"):  # after the two outlets, then before them
        data, text, said = await venue_dispute(
            feed_server, settings_for, build_app, tmp_path, official_by, ministry
        )
        # Both venues are kept, each with the reports that named it: nothing a report said is lost.
        assert said == [
            ("muscat", "https://ministry.example/3", official_by == "feed", 3, "announced"),
            ("rome", "https://o0.example/3", False, 3, "announced"),
            ("rome", "https://o1.example/3", False, 3, "announced"),
        ]
        assert data["next"]["number"] == 3 and data["next"]["date"] == "2026-05-02"
        if official_by == "actor":
            assert (data["next"]["venue"], data["next"]["confirmed"]) != ("Muscat", True), ministry
            continue
        assert (data["next"]["venue"], data["next"]["confirmed"]) == ("Muscat", True), ministry
        assert "https://ministry.example/3" in {s["url"] for s in data["next"]["sources"]}
        assert "Next: Round 3 (2026 series) · 2 May 2026 · Muscat · announced" in text.splitlines()


def test_feed_setting_official_is_read(tmp_path):
    from config.settings import load_settings

    path = tmp_path / "t.toml"
    path.write_text('[[feeds]]\nurl = "https://mfa.example/rss"\nname = "MFA"\nofficial = true\n', "utf-8")
    assert load_settings(path, env={}).feeds == (FeedSettings("https://mfa.example/rss", "MFA", None, True),)


async def test_key_sentences_prefer_the_chats_language(feed_server, settings_for, build_app):
    """An English and a German outlet report round 2 (two outlets confirm it): /status
    quotes the chat's language first."""
    english_url = feed_server.set("/wire.xml", body=rss([]))
    german_url = feed_server.set("/agentur.xml", body=rss([]))
    app = build_app(settings_for(english_url, german_url))
    await app.poller.poll_once()
    await poll_with(
        app,
        feed_server,
        [
            {
                "title": "Second round of Iran–US talks held in Rome",
                "summary": "Araghchi and Witkoff met via Oman.",
                "guid": "a",
                "link": "https://wire.example/en",
                "date": day("03-21", 18),
            }
        ],
    )
    await poll_with(
        app,
        feed_server,
        [
            {
                "title": "Zweite Runde der Gespräche zwischen Iran und USA in Rom beendet",
                "summary": "Araghtschi und Witkoff verhandelten indirekt.",
                "guid": "b",
                "link": "https://agentur.example/de",
                "date": day("03-21", 19),
            }
        ],
        "/agentur.xml",
        "Agentur",
    )
    german = app.service.status("iran-usa", lang="de")
    english = app.service.status("iran-usa", lang="en")
    assert german.round is not None and (german.round.number, german.round.venue) == (2, "Rome")
    assert german.highlights[0].lang == "de" and german.highlights[0].url == "https://agentur.example/de"
    assert english.highlights[0].lang == "en" and english.highlights[0].url == "https://wire.example/en"
    await app.aclose()


async def test_a_round_reported_by_many_outlets_keeps_bounded_evidence_and_lists_the_official(
    feed_server, settings_for, build_app
):
    """Forty outlets report one round, then the ministry: the round reads as they say, each
    report is stored as one reading of its own (what a report adds is bounded, however
    many outlets report the round), /status counts every report it rests on, and lists ten
    sources — the ministry among them, though it came last."""
    outlets = [feed_server.set(f"/o{i}.xml", body=rss([])) for i in range(40)]
    ministry = feed_server.set("/ministry.xml", body=rss([]))
    settings = settings_for(*outlets, ministry)
    feeds = list(settings.feeds)
    feeds[-1] = replace(feeds[-1], official=True, name="The ministry")
    settings = replace(settings, feeds=tuple(feeds))
    app = build_app(settings)
    await app.poller.poll_once()
    for i in range(40):
        item = {
            "title": f"Iran and US to hold third round of talks in Rome on 2 May ({i})",
            "summary": "Araghchi and Witkoff are expected, officials said.",
            "guid": f"x{i}",
            "link": f"https://o{i}.example/3",
            "date": day("04-20", 6 + i % 12),
        }
        feed_server.set(f"/o{i}.xml", body=rss([item]))
    await app.poller.poll_once(force=True)
    item = {
        "title": "The ministry: third round of Iran–US talks will be held in Rome on 2 May",
        "summary": "Araghchi and Witkoff are expected in the Italian capital.",
        "guid": "m",
        "link": "https://ministry.example/3",
        "date": day("04-21"),
    }
    feed_server.set("/ministry.xml", body=rss([item]))
    await app.poller.poll_once(force=True)

    data = status_json(settings.database)
    assert (data["next"]["number"], data["next"]["venue"], data["next"]["date"]) == (3, "Rome", "2026-05-02")
    assert (data["next"]["outlets"], data["next"]["confirmed"]) == (41, True)
    # One reading a report, each with its own source: the ministry's alone is official.
    said = [r for r in app.storage.readings.all("iran-usa") if r.kind == "round"]
    assert len(said) == 41 and len({r.item_id for r in said}) == 41
    assert {(r.number, r.state, r.date, r.venue.id if r.venue else None) for r in said} == {
        (3, "announced", "2026-05-02", "rome")
    }
    assert [(r.outlet, r.url) for r in said if r.official] == [("The ministry", "https://ministry.example/3")]
    # The answer says how many reports it rests on: all of them.
    assert data["evidence_reports"] == 41
    assert "from 41 reports." in status_text(app)
    sources = {s["url"] for s in data["next"]["sources"]}
    assert len(data["next"]["sources"]) == 10
    assert "https://o0.example/3" in sources  # the first report stays
    assert "https://ministry.example/3" in sources  # weightier: cited, though it came last
    await app.aclose()


async def test_a_deadline_extended_is_shown_under_since_then(feed_server, settings_for, build_app):
    """Two outlets report the talks' deadline moved: /status lists it under "Since then",
    and the talks stay active."""
    app = await wire_and_agency(feed_server, settings_for, build_app)
    item = {
        "title": "Iran-US talks: deadline extended until 30 June, Oman says",
        "summary": "Araghchi and Witkoff agreed to keep negotiating after the Muscat round.",
        "guid": "x1",
        "link": "https://wire.example/x1",
        "date": day("02-08"),
    }
    await wire_then_agency(
        app,
        feed_server,
        item,
        "Iran and US extend the deadline of their negotiations to 30 June",
        date=day("02-08", 11),
    )
    text = status_text(app)
    assert "Since then" in text, text
    assert status_line(app, "• 8 Feb 2026 — deadline extended: ").startswith(
        "• 8 Feb 2026 — deadline extended: Iran-US talks: deadline extended until 30 June"
    )
    assert "Talks: collapsed" not in text and "Talks: suspended" not in text
    assert status_line(app, "Round ").startswith("Round 1 (2026 series) · 6 Feb 2026 · Muscat"), text


async def test_a_round_quiet_for_weeks_is_shown_held_as_later_reports_come(
    feed_server, settings_for, build_app
):
    """Two outlets report round 2 under way in Geneva; then, three weeks on, reports about
    the talks that say nothing of a round: /status shows round 2 held, not still under way."""
    app = await wire_and_agency(feed_server, settings_for, build_app)
    under_way = {
        "title": "Iran and US open a second round of talks in Geneva",
        "summary": "Araghchi and Witkoff began indirect talks through Omani mediators on Monday.",
        "guid": "g1",
        "link": "https://wire.example/g1",
        "date": day("03-02"),
    }
    await wire_then_agency(app, feed_server, under_way, "Second round of Iran-US talks under way in Geneva")
    assert status_line(app, "Round 2").startswith("Round 2 (2026 series) · 2 Mar 2026 · Geneva · under way")
    later = {
        "title": "Trump says Iran must halt enrichment before any deal with the US",
        "summary": "Araghchi answered that Tehran would not give up its rights.",
        "guid": "t1",
        "link": "https://wire.example/t1",
        "date": day("03-23"),
    }
    await poll_with(app, feed_server, [under_way, later], "/wire.xml", "Wire")
    line = status_line(app, "Round 2")
    assert line.startswith("Round 2 (2026 series) · 2 Mar 2026 · Geneva") and "under way" not in line, line
