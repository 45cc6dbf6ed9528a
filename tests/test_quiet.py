"""Quiet hours: alerts held by the chat's own clock, one digest when the hours end, breaking
news let through on request, across a change of summer time and a restart."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat import ChatRef, CommandContext
from bot.delivery.sender import Sender
from bot.news.quiet import QuietError, parse_quiet, quiet_until
from bot.records import AlertPayload, MatchRecord, NewItem
from bot.render.markup import render_plain
from bot.service import ChatService
from config.topics import load_topics
from handlers.registry import build_router
from storage import Storage
from tests.helpers.feeds import rss
from tests.helpers.transports import RecordingTransport

CHAT = "desk"


def utc(*parts: int) -> float:
    return dt.datetime(*parts, tzinfo=dt.UTC).timestamp()


@pytest.mark.parametrize(
    ("hours", "now", "ends"),
    [
        # Winter, Berlin is UTC+1: 22:00–07:00 local is 21:00–06:00 UTC.
        ("22:00-07:00 Europe/Berlin", utc(2026, 1, 10, 20, 59), None),
        ("22:00-07:00 Europe/Berlin", utc(2026, 1, 10, 21, 0), utc(2026, 1, 11, 6, 0)),
        ("22:00-07:00 Europe/Berlin", utc(2026, 1, 11, 5, 59), utc(2026, 1, 11, 6, 0)),
        ("22:00-07:00 Europe/Berlin", utc(2026, 1, 11, 6, 0), None),
        # Summer time begins on 29 Mar 2026 at 02:00 local: 01:00–06:00 local is 00:00–04:00 UTC.
        ("01:00-06:00 Europe/Berlin", utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 4, 0)),
        # ... and ends on 25 Oct 2026 at 03:00 local: 01:00–06:00 local is 23:00–05:00 UTC.
        ("01:00-06:00 Europe/Berlin", utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 5, 0)),
        ("09:00-17:00 America/New_York", utc(2026, 7, 1, 14, 0), utc(2026, 7, 1, 21, 0)),
        ("09:00-17:00 America/New_York", utc(2026, 7, 1, 22, 0), None),
    ],
)
def test_when_quiet_hours_end(hours, now, ends):
    assert quiet_until(parse_quiet(hours.split()), now) == ends


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ("25:00-07:00 Europe/Berlin", "'25:00' is not a time of day"),
        ("22:00-22:00 Europe/Berlin", "starts and ends at the same time"),
        ("22:00-07:00 Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("22:00-07:00", "give a window, a time zone"),
        ("22:00 Europe/Berlin", "'22:00' is not a window"),
        ("22:00-07:00 Europe/Berlin loud", "give a window, a time zone"),
        ("22:00-07:00 ../../etc/passwd", "unknown time zone"),
    ],
)
def test_wrong_quiet_hours_say_what_is_wrong(args, problem):
    with pytest.raises(QuietError, match=problem.replace("(", r"\(")):
        parse_quiet(args.split())


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def storage(database):
    s = Storage.open(database)
    s.feeds.ensure("https://feeds.example/1", "Wire", "en")
    s.subscriptions.follow("test", CHAT, "iran-usa")
    yield s
    s.close()


def queue(storage: Storage, title: str, now: float, *, breaking: bool = False) -> None:
    n = storage.items.count()
    storage.items.store(
        NewItem(1, title, "", f"https://n.example/{n}", None, f"g{n}", "en", None, (f"guid:{n}",)),
        [MatchRecord("iran-usa", True, 4.0, (), "test")],
        {"iran-usa": AlertPayload("iran-usa", "Iran–USA talks", title, source="Wire", breaking=breaking)},
        now=now,
    )


def heads(transport: RecordingTransport) -> list[str]:
    return [text.splitlines()[0] for text in transport.texts(CHAT)]


async def test_alerts_wait_for_the_end_of_quiet_hours_and_come_as_one_digest(storage, database):
    storage.subscriptions.set_quiet("test", CHAT, "22:00-07:00 Europe/Berlin")
    clock = Clock(utc(2026, 1, 10, 22, 0))  # 23:00 in Berlin
    transport = RecordingTransport()
    sender = Sender(storage, {"test": transport}, clock=clock)
    queue(storage, "Envoys arrive in Muscat", clock.now)
    queue(storage, "Talks begin under Omani mediation", clock.now)
    await sender.drain()
    assert transport.texts(CHAT) == []
    assert {(m.status, m.next_attempt_at) for m in storage.outbox.all()} == {("held", utc(2026, 1, 11, 6, 0))}
    # A restart during the quiet hours: a new process finds them held, and waits too.
    storage.close()
    reopened = Storage.open(database)
    sender = Sender(reopened, {"test": transport}, clock=clock)
    clock.now = utc(2026, 1, 11, 5, 59)
    await sender.drain()
    assert transport.texts(CHAT) == []
    clock.now = utc(2026, 1, 11, 6, 0)  # 07:00 in Berlin
    await sender.drain()
    [digest] = transport.texts(CHAT)
    assert digest.startswith("2 reports while alerts were held (mute or quiet hours)")
    assert "Envoys arrive in Muscat" in digest and "Talks begin under Omani mediation" in digest
    assert {m.status for m in reopened.outbox.all()} == {"sent"}
    reopened.close()


async def test_across_the_change_to_summer_time_the_hours_end_by_the_chats_clock(storage):
    storage.subscriptions.set_quiet("test", CHAT, "01:00-06:00 Europe/Berlin")
    clock = Clock(utc(2026, 3, 29, 0, 30))  # 01:30 CET; at 02:00 the clocks go to 03:00 CEST
    transport = RecordingTransport()
    sender = Sender(storage, {"test": transport}, clock=clock)
    queue(storage, "A", clock.now)
    queue(storage, "B", clock.now)
    await sender.drain()
    clock.now = utc(2026, 3, 29, 3, 59)  # 05:59 CEST: still quiet
    await sender.drain()
    assert transport.texts(CHAT) == []
    clock.now = utc(2026, 3, 29, 4, 0)  # 06:00 CEST, five hours of wall clock but four real ones
    await sender.drain()
    assert heads(transport) == ["2 reports while alerts were held (mute or quiet hours)"]


async def test_breaking_news_passes_quiet_hours_set_with_breaking(storage):
    storage.subscriptions.set_quiet("test", CHAT, "22:00-07:00 Europe/Berlin breaking")
    clock = Clock(utc(2026, 1, 10, 23, 0))
    transport = RecordingTransport()
    sender = Sender(storage, {"test": transport}, clock=clock)
    queue(storage, "Analysis: what each side wants", clock.now)
    queue(storage, "Second round held in Geneva", clock.now, breaking=True)
    await sender.drain()
    queue(storage, "US strikes reported near Isfahan", clock.now, breaking=True)  # behind the held one
    await sender.drain()
    assert heads(transport) == ["Second round held in Geneva", "US strikes reported near Isfahan"]
    clock.now = utc(2026, 1, 11, 6, 0)
    await sender.drain()
    assert heads(transport)[2:] == ["Analysis: what each side wants"]  # one held alert: itself


async def test_quiet_off_sends_what_was_held_now(storage):
    storage.subscriptions.set_quiet("test", CHAT, "22:00-07:00 Europe/Berlin")
    clock = Clock(utc(2026, 1, 10, 23, 0))
    transport = RecordingTransport()
    sender = Sender(storage, {"test": transport}, clock=clock)
    queue(storage, "A", clock.now)
    queue(storage, "B", clock.now)
    await sender.drain()
    storage.subscriptions.set_quiet("test", CHAT, None)
    await sender.drain()
    assert heads(transport) == ["2 reports while alerts were held (mute or quiet hours)"]


def test_the_quiet_command(storage):
    router = build_router(ChatService(storage, load_topics()))
    ctx = CommandContext(ChatRef("test", CHAT))

    def say(text: str) -> str:
        reply = router.dispatch(text, ctx)
        assert reply is not None
        return render_plain(reply.document)

    assert say("/quiet").startswith("Quiet hours: none. /quiet <from>-<to> <time zone> [breaking]")
    assert say("/quiet 22:00-07:00 Europe/Berlin breaking") == (
        "Quiet hours 22:00–07:00 (Europe/Berlin): alerts wait and arrive as one digest when they end. "
        "Rounds held, collapses and strikes still come through."
    )
    assert "Quiet hours: 22:00-07:00 Europe/Berlin breaking (/quiet)" in say("/settings")
    wrong = router.dispatch("/quiet 22:00-07:00 Europe/Berln", ctx)
    assert wrong is not None and wrong.private
    assert render_plain(wrong.document).startswith("Usage: /quiet <from>-<to> <time zone> [breaking]")
    assert "unknown time zone 'Europe/Berln'" in render_plain(wrong.document)
    assert say("/quiet off").startswith("Quiet hours off.")
    assert "Quiet hours: none (/quiet)" in say("/settings")


async def test_reports_of_strikes_or_a_round_under_way_are_breaking(feed_server, app_for):
    url = feed_server.set("/b.xml", body=rss([]))
    app = app_for(url)
    app.service.follow(ChatRef("test", CHAT), "iran-usa")
    await app.poller.poll_once(force=True)
    titles = {
        "US and Israel launch strikes on Iran": True,
        "Iranian and US envoys hold talks in Muscat today": True,
        "Araghchi says Iran wants sanctions relief from Washington before any deal": False,
    }
    items = [
        {
            "title": t,
            "summary": "",
            "guid": f"b{i}",
            "link": f"https://b.example/{i}",
            "date": "Mon, 02 Mar 2026 0{i}:00:00 GMT",
        }
        for i, t in enumerate(titles)
    ]
    feed_server.set("/b.xml", body=rss(items))
    await app.poller.poll_once(force=True)
    assert {m.payload.title: m.payload.breaking for m in app.storage.outbox.all()} == titles


async def test_a_daily_digest_replaces_instant_alerts(storage):
    storage.subscriptions.set_digest("test", CHAT, "daily 08:00 Europe/Berlin")
    clock = Clock(utc(2026, 1, 10, 9, 0))  # 10:00 in Berlin: the day's digest moment has passed
    transport = RecordingTransport()
    sender = Sender(storage, {"test": transport}, clock=clock)
    for title in ("Envoys arrive in Muscat", "Talks begin", "Talks end"):
        queue(storage, title, clock.now)
        await sender.drain()
        clock.now += 3600
    assert transport.texts(CHAT) == []
    clock.now = utc(2026, 1, 11, 6, 59)
    await sender.drain()
    assert transport.texts(CHAT) == []
    clock.now = utc(2026, 1, 11, 7, 0)  # 08:00 in Berlin
    queue(storage, "A report of the digest minute, for tomorrow's digest", clock.now + 1)
    clock.now += 1
    await sender.drain()
    [digest] = transport.texts(CHAT)
    assert digest.startswith("3 reports while alerts were held")
    assert all(t in digest for t in ("Envoys arrive in Muscat", "Talks begin", "Talks end"))
    assert "for tomorrow's digest" not in digest
    clock.now = utc(2026, 1, 12, 7, 0)
    await sender.drain()
    assert transport.texts(CHAT)[1].startswith("A report of the digest minute")  # alone: as itself


def test_the_digest_command(storage):
    router = build_router(ChatService(storage, load_topics()))
    ctx = CommandContext(ChatRef("test", CHAT))
    say = lambda text: render_plain(router.dispatch(text, ctx).document)  # noqa: E731
    assert say("/digest daily 08:00 Europe/Berlin").startswith("One digest a day at 08:00 (Europe/Berlin)")
    assert "Digest: daily 08:00 Europe/Berlin (/digest)" in say("/settings")
    for wrong in (
        "/digest weekly 08:00 Europe/Berlin",
        "/digest daily 8am Europe/Berlin",
        "/digest daily 08:00 Nowhere",
    ):
        reply = router.dispatch(wrong, ctx)
        assert (
            render_plain(reply.document).startswith("Usage: /digest daily <time> <time zone>")
            and reply.private
        )
    assert say("/digest off").startswith("Digest off")
    assert "Digest: off, instant alerts (/digest)" in say("/settings")


async def test_a_digest_whose_sent_mark_fails_is_not_sent_again_one_by_one(storage, monkeypatch):
    import sqlite3

    storage.subscriptions.set_quiet("test", CHAT, "22:00-07:00 Europe/Berlin")
    clock = Clock(utc(2026, 1, 10, 22, 0))
    transport = RecordingTransport()
    sender = Sender(storage, {"test": transport}, clock=clock)
    queue(storage, "Envoys arrive in Muscat", clock.now)
    queue(storage, "Talks begin under Omani mediation", clock.now)
    await sender.drain()  # held for the quiet hours
    clock.now = utc(2026, 1, 11, 6, 0)
    mark_sent = storage.outbox.mark_sent

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(storage.outbox, "mark_sent", locked)
    await sender.drain()  # the digest goes; recording it fails
    assert len(transport.texts(CHAT)) == 1
    await sender.drain()  # the database still takes no writes: nothing is sent
    monkeypatch.setattr(storage.outbox, "mark_sent", mark_sent)
    clock.now += 60
    await sender.drain()  # recorded now, and not sent again one by one
    await sender.drain()
    [digest] = transport.texts(CHAT)
    assert digest.startswith("2 reports while alerts were held")
    assert {m.status for m in storage.outbox.all()} == {"sent"}
