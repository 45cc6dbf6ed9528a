"""A series the press numbers, followed step by step through the real poller: a round set
for a weekday said to come, held; experts' talks put off; the next round put off, then set
again as "the delayed round" and held in Oman's capital while other reports say "Oman";
the talks declared over after strikes; ceasefire talks in a city the topic does not list,
under a mediator it does not list, which the press counts afresh. After each step /status
says what a reader of those reports would say.

Every report is written for this test in the way the press headlines such news (two
outlets each time: one outlet alone confirms nothing).
"""

from __future__ import annotations

from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.render.markup import render_plain
from tests.helpers.feeds import rss

CHAT = ChatRef("test", "desk")
WIRE, AGENCY = "/wire.xml", "/agency.xml"
PREFIX = {WIRE: "https://wire.example/", AGENCY: "https://agency.example/"}


def at(date: str, hour: int) -> str:
    import datetime as dt

    return dt.datetime.fromisoformat(f"{date}T{hour:02d}:00:00+00:00").strftime("%a, %d %b %Y %H:%M:%S GMT")


# (step, [(feed, day, hour, headline)]); 18 March 2026 is a Wednesday.
STEPS: list[tuple[str, list[tuple[str, str, int, str]]]] = [
    (
        "set for next Saturday",
        [
            (WIRE, "2026-03-18", 9, "Second round of Iran-US talks next Saturday in Rome, Oman says"),
            (
                AGENCY,
                "2026-03-18",
                10,
                "الجولة الثانية من المحادثات بين إيران والولايات المتحدة السبت المقبل في روما",
            ),
        ],
    ),
    (
        "held",
        [
            (WIRE, "2026-03-21", 9, "Iran and US hold indirect talks in Rome"),
            (
                AGENCY,
                "2026-03-21",
                18,
                "Fin à Rome du deuxième cycle de pourparlers entre l'Iran et les Etats-Unis",
            ),
        ],
    ),
    (
        "experts' talks put off",
        [
            (WIRE, "2026-03-23", 9, "Technical talks between Iran and US, set for Wednesday, postponed"),
            (AGENCY, "2026-03-23", 11, "تأجيل المحادثات الفنية بين إيران والولايات المتحدة"),
        ],
    ),
    (
        "third round put off",
        [
            (WIRE, "2026-03-30", 9, "Third round of Iran-US talks postponed, Oman says"),
            (AGENCY, "2026-03-30", 10, "Dritte Runde der Atomgespräche zwischen Iran und USA verschoben"),
        ],
    ),
    (
        "set again",
        [
            (WIRE, "2026-04-08", 9, "Iran and US to hold delayed third round of talks in Muscat on Sunday"),
            (AGENCY, "2026-04-08", 10, "دور سوم مذاکرات ایران و آمریکا یکشنبه آینده در مسقط برگزار می‌شود"),
        ],
    ),
    (
        "held in Oman's capital",
        [
            (WIRE, "2026-04-12", 17, "Iran and US end third round of talks in Oman"),
            (AGENCY, "2026-04-12", 18, "اختتام الجولة الثالثة من المحادثات الإيرانية الأمريكية في مسقط"),
        ],
    ),
    (
        "declared over",
        [
            (WIRE, "2026-04-20", 9, "Iran says talks with US are over after strikes"),
            (AGENCY, "2026-04-20", 10, "Iran erklärt Gespräche mit den USA nach Angriffen für beendet"),
        ],
    ),
    (
        "ceasefire talks set",
        [
            (
                WIRE,
                "2026-05-04",
                9,
                "Pakistan to host first round of Iran-US ceasefire talks in Islamabad on Saturday",
            ),
            (
                AGENCY,
                "2026-05-04",
                10,
                "Erste Runde der Gespräche von Iran und USA über eine Waffenruhe am Samstag in Islamabad",
            ),
        ],
    ),
    (
        "resumed in Islamabad",
        [
            (WIRE, "2026-05-09", 17, "First round of Pakistan-brokered Iran-US talks ends in Islamabad"),
            (
                AGENCY,
                "2026-05-09",
                18,
                "Erste Runde der Gespräche zwischen Iran und USA in Islamabad beendet",
            ),
        ],
    ),
]


def status(app: App) -> str:
    reply = app.router.dispatch("/status", CommandContext(CHAT))
    assert reply is not None
    return render_plain(reply.document)


async def test_a_series_put_off_declared_over_and_resumed_afresh(feed_server, settings_for):
    urls = [feed_server.set(path, body=rss([])) for path in (WIRE, AGENCY)]
    app = App.build(settings_for(*urls), [])
    app.service.follow(CHAT, "iran-usa")
    await app.poller.poll_once(force=True)
    posted: dict[str, list[dict]] = {WIRE: [], AGENCY: []}
    for step, reports in STEPS:
        for path, date, hour, title in reports:
            n = len(posted[path])
            posted[path].append(
                {"title": title, "guid": f"{path}{n}", "link": f"{PREFIX[path]}{n}", "date": at(date, hour)}
            )
        for path, items in posted.items():
            feed_server.set(path, body=rss(items))
        await app.poller.poll_once(force=True)
        text = status(app)
        if step == "set for next Saturday":
            assert "Next: Round 2 (2026 series) · 21 Mar 2026 · Rome · announced" in text
        elif step == "held":
            assert "Round 2 (2026 series) · 21 Mar 2026 · Rome\n" in text
        elif step == "experts' talks put off":
            # Experts' talks, no round 3.
            assert "Next: Technical talks (2026 series) · 25 Mar 2026 · venue unknown · postponed" in text
            assert "Round 3" not in text
        elif step == "third round put off":
            assert "Next: Round 3 (2026 series) · date unknown · venue unknown · postponed" in text
        elif step == "set again":
            assert "Next: Round 3 (2026 series) · 12 Apr 2026 · Muscat · announced" in text
        elif step == "held in Oman's capital":
            # "Oman" and "Muscat" the same day: one round, at the most specific place.
            assert "Round 3 (2026 series) · 12 Apr 2026 · Muscat\n" in text
            assert "Round 4" not in text
        elif step == "declared over":
            assert "Talks: collapsed since 20 Apr 2026" in text
            assert "Round 3 (2026 series) · 12 Apr 2026 · Muscat\n" in text
            assert "Next: no round is in prospect." in text
        elif step == "ceasefire talks set":
            assert "Next: Round 1 (2026 series) · 9 May 2026 · Islamabad · announced" in text
            assert "Talks: collapsed since 20 Apr 2026" in text
        elif step == "resumed in Islamabad":
            # The talks that resumed after the war are counted afresh, as the press counts them.
            assert "Round 1 (2026 series) · 9 May 2026 · Islamabad\n" in text
            assert "Talks: resumed on 9 May 2026 in Islamabad" in text
            assert "after a break since 20 Apr 2026 (talks collapsed)" in text
    await app.aclose()
