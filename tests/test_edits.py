"""'+N outlets': a story's first alert is edited in place as more outlets report it, through
the strict Bot API double (editMessageText validated like sendMessage), throttled, and
kept through a restart."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

from bot.app import App
from config.settings import DeliverySettings, Secret, TelegramSettings
from tests.helpers.feeds import rss
from tests.test_stories_rounds import EVENT, day

CHAT = 5001
OUTLETS = [0, 1, 2, 4, 5]  # three English reports of one event, then two German ones


def report(i: int) -> dict:
    title, summary = EVENT[i]
    return {
        "title": title,
        "summary": summary,
        "guid": f"ev-{i}",
        "link": f"https://o{i}.example/a",
        "date": day("03-02", 8 + i),
    }


async def build(double, settings_for, urls: list[str], db, interval: float) -> App:
    settings = settings_for(*urls, db=db)
    settings = replace(
        settings,
        telegram=TelegramSettings(
            token=Secret(double.token), api_base_url=double.api_url, private_chat_interval=0.05
        ),
        delivery=DeliverySettings(edit_interval_seconds=interval),
    )
    app = App.build(settings, [])
    app.enable_telegram(poll_timeout=1)
    await app.start_transports()
    return app


async def arrive(app: App, feed_server, n: int) -> None:
    """The n-th outlet publishes its report; the bot polls and delivers."""
    feed_server.set(f"/o{n}.xml", body=rss([report(OUTLETS[n])], title=f"Outlet {n}"))
    await app.poller.poll_once(force=True)
    await app.sender.drain()


async def test_five_outlets_in_two_languages_one_alert_then_edits_2_to_5(
    double, settings_for, feed_server, tmp_path
):
    urls = [feed_server.set(f"/o{n}.xml", body=rss([])) for n in range(len(OUTLETS))]
    app = await build(double, settings_for, urls, tmp_path / "e.db", interval=0.3)
    double.push_command(CHAT, "/follow iran-usa")
    async with asyncio.timeout(10):
        await double.wait_for(1)
    await app.poller.poll_once(force=True)  # primes the five feeds
    for n in range(len(OUTLETS)):
        await arrive(app, feed_server, n)
        await asyncio.sleep(0.35)  # past the throttle: each new outlet may show at once
        await app.sender.drain()
    sent = double.texts(CHAT)
    assert len(sent) == 2 and sent[1].startswith(f"<b>{EVENT[0][0]}</b>")  # /follow's answer, one alert
    counts = [text.split("Reported by ")[1].split(" outlets")[0] for _, _, text in double.edits]
    assert counts == ["2", "3", "4", "5"]
    message_id = double.edits[0][1]
    assert all(m == message_id for _, m, _ in double.edits)  # always the alert itself
    assert "Reported by 5 outlets: feed 0, feed 1, feed 2, feed 3, feed 4" in double.edits[-1][2]
    assert double.too_many == 0
    await app.aclose()


async def test_edits_are_throttled_and_the_newest_count_survives_a_restart(
    double, settings_for, feed_server, tmp_path
):
    urls = [feed_server.set(f"/o{n}.xml", body=rss([])) for n in range(len(OUTLETS))]
    db = tmp_path / "t.db"
    app = await build(double, settings_for, urls, db, interval=300)
    double.push_command(CHAT, "/follow iran-usa")
    async with asyncio.timeout(10):
        await double.wait_for(1)
    await app.poller.poll_once(force=True)
    for n in range(len(OUTLETS)):  # four more outlets within a minute
        await arrive(app, feed_server, n)
    # One edit at once (two outlets); the next waits five minutes, and then says five.
    assert ["Reported by 2 outlets" in text for _, _, text in double.edits] == [True]
    [pending] = [m for m in app.storage.outbox.all() if m.kind == "edit" and m.status == "pending"]
    assert pending.payload.outlets == tuple(f"feed {n}" for n in range(5))
    assert pending.next_attempt_at >= time.time() + 290
    await app.aclose()

    restarted = await build(double, settings_for, urls, db, interval=300)
    await restarted.sender.drain()
    assert len(double.edits) == 1  # still within the five minutes
    restarted.sender.clock = lambda: time.time() + 301
    await restarted.sender.drain()
    assert len(double.edits) == 2 and "Reported by 5 outlets" in double.edits[1][2]
    await restarted.sender.drain()
    assert len(double.edits) == 2  # an edit is applied once
    assert len(double.texts(CHAT)) == 2
    await restarted.aclose()


async def test_a_message_gone_or_unchanged_is_not_an_error(double, settings_for, feed_server, tmp_path):
    urls = [feed_server.set(f"/o{n}.xml", body=rss([])) for n in range(3)]
    app = await build(double, settings_for, urls, tmp_path / "g.db", interval=0.1)
    double.push_command(CHAT, "/follow iran-usa")
    async with asyncio.timeout(10):
        await double.wait_for(1)
    await app.poller.poll_once(force=True)
    await arrive(app, feed_server, 0)
    double.messages.clear()  # the chat deleted the alert
    await arrive(app, feed_server, 1)
    [row] = [m for m in app.storage.outbox.all() if m.kind == "edit"]
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert double.edits == [] and "editMessageText" in double.calls
    await app.aclose()
