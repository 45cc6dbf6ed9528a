"""Telegram with the real python-telegram-bot client against the strict Bot API double."""

from __future__ import annotations

import asyncio
import html
import logging
import re
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, TimedOut

from bot.app import App
from bot.chat import ChatRef
from bot.delivery.transports.base import ChatGone, ChatMoved, Refused, RetryLater
from bot.delivery.transports.telegram import failure_result
from bot.ops.logs import install_redaction
from bot.records import AlertPayload, ChatSettings, MatchRecord, NewItem
from bot.render.alerts import alert_document
from bot.render.markup import render_html, split, visible_length_utf16
from config.settings import AdminSettings, DeliverySettings, Secret, TelegramSettings
from config.topics import BUNDLED_TOPICS_DIR, load_topics
from tests.helpers.bot_api_double import Refusal, check_message, migrated
from tests.helpers.cli import talkwatch
from tests.helpers.feeds import RELEVANT, rss

CHAT = 5001


@pytest.fixture
async def telegram_app(double, settings_for, feed_server):
    """An app whose Telegram transport talks to the double; pacing is Telegram's own."""
    apps = []

    async def make(
        *,
        listen: bool = True,
        topics_dirs: tuple[Path, ...] = (),
        delivery: DeliverySettings | None = None,
        operators: tuple[str, ...] = (),
        **options,
    ):
        url = feed_server.set("/tg.xml", body=rss([]))
        # Tests that are not about pacing use 50 ms spacing on both sides to stay quick.
        telegram = TelegramSettings(
            token=Secret(double.token),
            api_base_url=double.api_url,
            **{"private_chat_interval": double.private_interval, "group_chat_interval": 0.05, **options},
        )
        settings = replace(
            settings_for(url),
            telegram=telegram,
            topics_dirs=topics_dirs,
            delivery=delivery or DeliverySettings(),
            admins=AdminSettings(telegram=operators),
        )
        app = App.build(settings, [])
        transport = app.enable_telegram(poll_interval=0.0, poll_timeout=1)
        app.sender.base_backoff = 0.05
        apps.append(app)
        if listen:
            await app.start_transports()  # the only instance leads: it polls for commands
        return app, transport

    yield make
    for app in apps:
        await app.aclose()


async def drain_until_done(app: App) -> None:
    """Drain until no pending row is left, waiting out retry times as the API asked."""
    async with asyncio.timeout(15):
        while True:
            await app.sender.drain()
            pending = [m for m in app.storage.outbox.all() if m.status == "pending"]
            if not pending:
                return
            await asyncio.sleep(max(0.0, min(m.next_attempt_at for m in pending) - time.time()))


async def new_alerts(app: App, feed_server, items: list[dict]) -> None:
    await app.poller.poll_once(force=True)
    feed_server.set("/tg.xml", body=rss(items))
    await app.poller.poll_once(force=True)


async def test_follow_in_chat_then_the_alert_arrives_in_html(double, telegram_app, feed_server):
    app, _ = await telegram_app()
    double.push_command(CHAT, "/follow iran-usa")
    async with asyncio.timeout(10):
        await double.wait_for(1)
    assert double.texts(CHAT)[0].startswith("Following Iran–USA talks")
    assert "setMyCommands" in double.calls

    await new_alerts(app, feed_server, RELEVANT[:1])
    await drain_until_done(app)
    alert = double.sent[-1]
    assert alert.parse_mode == "HTML" and alert.link_preview_disabled
    assert alert.text.startswith(f"<b>{RELEVANT[0]['title']}</b>\n")
    assert f'<a href="{RELEVANT[0]["link"]}">Read at feed 0</a>' in alert.text

    # /latest lists it, linked, with its outlet; a wrong count gets the usage line.
    for text in ("/latest", "/latest 99"):
        double.push_command(CHAT, text)
    async with asyncio.timeout(10):
        await double.wait_for(len(double.sent) + 2)
    latest, usage = double.texts(CHAT)[-2:]
    assert latest.startswith("<b>Latest on Iran–USA talks: 1 story, newest first</b>\n• ")
    assert f'<a href="{RELEVANT[0]["link"]}">{RELEVANT[0]["title"]}</a> · feed 0' in latest
    assert usage.startswith("Usage: /latest [n], n from 1 to 20")


async def test_status_unfollow_unknown_and_bad_arguments(double, telegram_app):
    await telegram_app()
    for text in ("/status", "/unfollow iran-usa", "/follow", "/frobnicate"):
        double.push_command(CHAT, text)
    async with asyncio.timeout(10):
        await double.wait_for(4)
    status, unfollow, usage, unknown = double.texts(CHAT)
    assert "<b>Iran–USA talks: latest round</b>" in status and "6 Feb 2026 · Muscat" in status
    assert unfollow == "This chat does not follow iran-usa."
    assert usage.startswith("Usage: /follow &lt;topic&gt;")
    assert unknown.startswith("Unknown command /frobnicate")


async def test_timeline_in_telegram(double, telegram_app):
    await telegram_app()
    double.push_command(CHAT, "/timeline")
    double.push_command(CHAT, "/timeline nowhere")
    async with asyncio.timeout(10):
        await double.wait_for(2)
    timeline, unknown = double.texts(CHAT)
    assert "<b>Iran–USA talks: timeline of the 2026 series</b>" in timeline
    assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat · indirect · mediator Badr al-Busaidi" in timeline
    assert "from the bundled baseline only" in timeline
    assert unknown.startswith("Unknown topic 'nowhere'. Topics: iran-usa.")


async def test_flood_control_429_is_waited_out_and_nothing_is_lost_or_doubled(
    double, telegram_app, feed_server
):
    # Our pacing turned off on purpose, so the double's one-per-second limit answers 429.
    double.private_interval = 1.0
    app, _ = await telegram_app(listen=False, private_chat_interval=0.0)
    app.service.follow(ChatRef("telegram", str(CHAT)), "iran-usa")
    await new_alerts(app, feed_server, RELEVANT)
    await drain_until_done(app)
    assert double.too_many >= 1
    titles = [t.split("</b>")[0].removeprefix("<b>") for t in double.texts(CHAT)]
    assert titles == [RELEVANT[0]["title"], RELEVANT[1]["title"]]


async def test_after_a_429_no_send_starts_for_the_wait_to_any_chat(double, telegram_app, feed_server):
    app, _ = await telegram_app(listen=False)
    chats = [str(6000 + i) for i in range(12)]
    for chat in chats:
        app.service.follow(ChatRef("telegram", chat), "iran-usa")
    double.faults.append((429, 2))  # the very first send is told to wait 2 s
    await new_alerts(app, feed_server, RELEVANT[:1])
    await drain_until_done(app)
    [refused] = double.refused_at
    assert sorted(s.chat_id for s in double.sent) == sorted(chats)  # nothing lost, nothing twice
    # Sends already on the wire when the 429 came arrive within a few milliseconds;
    # none of the slots booked before it may start until the wait is over.
    early = [round(s.at - refused, 3) for s in double.sent if refused + 0.05 < s.at < refused + 2 - 0.02]
    assert early == []


async def test_our_own_pacing_causes_no_429(double, telegram_app, feed_server):
    double.private_interval = 0.2
    app, _ = await telegram_app(listen=False, private_chat_interval=0.2)
    app.service.follow(ChatRef("telegram", str(CHAT)), "iran-usa")
    await new_alerts(app, feed_server, RELEVANT)
    await drain_until_done(app)
    assert double.too_many == 0 and len(double.texts(CHAT)) == 2


async def test_blocked_bot_deactivates_the_chat(double, telegram_app, feed_server):
    app, _ = await telegram_app(listen=False)
    app.service.follow(ChatRef("telegram", str(CHAT)), "iran-usa")
    app.service.follow(ChatRef("telegram", "5002"), "iran-usa")
    double.gone.add(str(CHAT))
    await new_alerts(app, feed_server, RELEVANT[:1])
    await drain_until_done(app)
    assert [s.chat_id for s in app.storage.subscriptions.active()] == ["5002"]
    assert len(double.texts("5002")) == 1 and double.texts(CHAT) == []


@pytest.mark.parametrize("fault", [(500, "Internal Server Error"), (502, "Bad Gateway"), ("timeout", 2.0)])
async def test_server_errors_and_timeouts_are_retried_once_delivered(
    double, telegram_app, feed_server, fault
):
    app, _ = await telegram_app(listen=False, read_timeout=0.5)
    app.service.follow(ChatRef("telegram", str(CHAT)), "iran-usa")
    double.faults.append(fault)
    await new_alerts(app, feed_server, RELEVANT[:1])
    await drain_until_done(app)
    assert len(double.texts(CHAT)) == 1
    row = app.storage.outbox.all()[0]
    assert row.status == "sent" and row.attempts == 2


async def test_cant_parse_entities_falls_back_to_plain_text(double, telegram_app, feed_server):
    app, _ = await telegram_app(listen=False)
    app.service.follow(ChatRef("telegram", str(CHAT)), "iran-usa")
    double.force_parse_error.add("<b>")
    await new_alerts(app, feed_server, RELEVANT[:1])
    await drain_until_done(app)
    [sent] = double.sent
    assert sent.parse_mode is None
    assert sent.text.startswith(RELEVANT[0]["title"]) and "<b>" not in sent.text


async def test_a_long_status_is_split_under_4096_without_breaking_tags(double, telegram_app, tmp_path):
    """An operator's topic file states round 2 with a long outcome full of characters HTML
    must escape: /status in Telegram comes in parts the strict double accepts, all of it."""
    summary = "\n".join(f"Paragraph {i}: " + "Oman & the delegations <met> again. " * 30 for i in range(12))
    topics = tmp_path / "topics"
    topics.mkdir()
    bundled = (BUNDLED_TOPICS_DIR / "iran-usa.toml").read_text("utf-8")
    (topics / "iran-usa.toml").write_text(
        bundled
        + "\n[[rounds]]\n"
        + 'series = "2026"\nnumber = 2\ndate = 2026-03-01\nvenue = "geneva"\nformat = "indirect"\n'
        + 'mediator = "al-busaidi"\nstate = "held"\nparticipants = ["araghchi", "witkoff"]\n'
        + f"summary = '''{summary}'''\n",
        "utf-8",
    )
    app, _ = await telegram_app(topics_dirs=(topics,))
    assert app.service.status("iran-usa").round.summary == summary  # the operator's round is the latest
    double.push_command(CHAT, "/status iran-usa")
    async with asyncio.timeout(10):
        while not any("As of " in t for t in double.texts(CHAT)):  # /status's last line
            await double.wait_for(len(double.sent) + 1)
    texts = double.texts(CHAT)
    assert len(texts) >= 3  # every part was accepted by the strict double
    # All of it arrived, escaped and unescaped back to what the topic file says.
    plain = html.unescape(re.sub(r"<[^>]+>", "", "".join(texts)))
    assert "Round 2 (2026 series) · 1 Mar 2026 · Geneva" in plain
    assert "".join(summary.split()) in "".join(plain.split())


async def test_group_admin_rules_and_forum_threads(double, telegram_app, feed_server):
    app, _ = await telegram_app()
    group = -1001234
    double.push_command(group, "/follow iran-usa", user_id=7, chat_type="supergroup", thread_id=42)
    async with asyncio.timeout(10):
        await double.wait_for(1)
    assert double.texts(group)[0] == "Only chat administrators can use /follow in a group."
    double.chat_members[(str(group), "8")] = "administrator"
    double.push_command(group, "/follow iran-usa", user_id=8, chat_type="supergroup", thread_id=42)
    async with asyncio.timeout(10):
        await double.wait_for(2)
    assert double.texts(group)[1].startswith("Following")
    await new_alerts(app, feed_server, RELEVANT[:1])
    await drain_until_done(app)
    assert double.sent[-1].thread_id == "42"  # the alert goes to the forum topic of /follow


async def test_mute_holds_alerts_and_unmute_sends_one_digest(double, telegram_app, feed_server):
    app, _ = await telegram_app()
    double.push_command(CHAT, "/follow iran-usa")
    double.push_command(CHAT, "/mute 2h")
    async with asyncio.timeout(10):
        await double.wait_for(2)
    assert double.texts(CHAT)[1].startswith("Muted until")
    await new_alerts(app, feed_server, RELEVANT)
    await app.sender.drain()
    assert len(double.texts(CHAT)) == 2  # held, not sent
    assert {m.status for m in app.storage.outbox.all()} == {"pending"}
    double.push_command(CHAT, "/unmute")
    async with asyncio.timeout(10):
        await double.wait_for(3)
    await drain_until_done(app)
    digest = double.texts(CHAT)[-1]
    assert digest.startswith("<b>2 reports while alerts were held (mute or quiet hours)</b>")
    assert RELEVANT[0]["title"] in digest and RELEVANT[1]["title"] in digest
    assert len(double.texts(CHAT)) == 4


async def test_the_token_never_appears_in_logs(double, telegram_app, feed_server, caplog):
    install_redaction([double.token])
    caplog.set_level(logging.DEBUG)
    app, _ = await telegram_app()
    app.service.follow(ChatRef("telegram", str(CHAT)), "iran-usa")
    double.faults.append((500, "Internal Server Error"))
    double.push_command(CHAT, "/status")
    await new_alerts(app, feed_server, RELEVANT[:1])
    await drain_until_done(app)
    assert caplog.records
    for record in caplog.records:
        assert double.token not in record.getMessage()
        assert double.token.split(":")[1] not in record.getMessage()


def test_the_command_list_registered_with_telegram_is_the_routers():
    from bot.service import ChatService
    from handlers.registry import build_router

    router = build_router(ChatService(None, load_topics()))  # type: ignore[arg-type]
    assert {"start", "help", "follow", "unfollow", "topics", "status", "mute", "unmute"} <= set(
        router.commands
    )


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3000)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=text,
    summary=text,
    source=st.text(max_size=200),
    link=st.one_of(st.none(), text, st.just('https://x.example/a?b=<1>&c="2"')),
)
def test_any_feed_text_gives_messages_telegram_accepts(title, summary, source, link):
    payload = AlertPayload(
        topic="iran-usa",
        topic_name="Iran–USA talks",
        title=title,
        summary=summary,
        source=source,
        link=link,
        published="2026-02-07T08:00:00+00:00",
        actors=("Abbas Araghchi",),
    )
    for part in split(alert_document(payload), 4096, visible_length_utf16):
        assert check_message(render_html(part), "HTML") is None


async def test_languages_and_settings_in_telegram(double, telegram_app):
    await telegram_app()
    commands = ("/languages de", "/quiet 23:00-06:30 Asia/Tehran", "/digest daily 07:30 Asia/Tehran")
    for text in (*commands, "/settings", "/languages xx", "/digest weekly"):
        double.push_command(CHAT, text)
    async with asyncio.timeout(10):
        await double.wait_for(6)
    chosen, quiet, digest, settings, usage, digest_usage = double.texts(CHAT)
    assert digest.startswith("One digest a day at 07:30 (Asia/Tehran)")
    assert "Digest: daily 07:30 Asia/Tehran (/digest)" in settings
    assert digest_usage.startswith("Usage: /digest daily &lt;time&gt; &lt;time zone&gt;")
    assert quiet.startswith("Quiet hours 23:00–06:30 (Asia/Tehran): alerts wait")
    assert "Quiet hours: 23:00-06:30 Asia/Tehran (/quiet)" in settings
    assert chosen.startswith("Alerts here only for stories reported in Deutsch (de)")
    assert settings.startswith("<b>Settings of this chat</b>\nFollows: nothing yet")
    assert "Languages: Deutsch (de)" in settings
    assert usage.startswith("Usage: /languages &lt;codes&gt; or /languages all")


async def test_a_command_that_arrives_while_ingest_holds_the_lock_is_answered_and_recorded(
    double, telegram_app, caplog
):
    # Another connection (the ingest thread writing a feed body) holds SQLite's write lock
    # for longer than the loop's busy timeout; the update's record waits for it, off the loop.
    app, _ = await telegram_app()
    other = sqlite3.connect(app.storage.db.path)
    other.execute("BEGIN IMMEDIATE")
    double.push_command(CHAT, "/status")
    await asyncio.sleep(0.3)
    other.rollback()
    other.close()
    async with asyncio.timeout(10):
        await double.wait_for(1)
    assert "latest round" in double.texts(CHAT)[0]
    recorded = app.storage.db.query("SELECT key FROM chat_updates")
    assert len(recorded) == 1 and recorded[0]["key"].startswith("telegram:")
    assert "could not record update" not in caplog.text


async def test_links_shown_in_alerts_and_status_carry_no_tracking_parameters(
    double, settings_for, feed_server
):
    wire = feed_server.set("/wire.xml", body=rss([]))
    agency = feed_server.set("/agency.xml", body=rss([]))
    telegram = TelegramSettings(
        token=Secret(double.token),
        api_base_url=double.api_url,
        private_chat_interval=double.private_interval,
        group_chat_interval=0.05,
    )
    app = App.build(replace(settings_for(wire, agency), telegram=telegram), [])
    app.enable_telegram(poll_interval=0.0, poll_timeout=1)
    try:
        await app.start_transports()
        double.push_command(CHAT, "/follow iran-usa")
        async with asyncio.timeout(10):
            await double.wait_for(1)
        await app.poller.poll_once(force=True)  # primed
        summary = "Araghchi and Witkoff met through Omani mediators."
        held = {
            "title": "Iran and US wrap up second round of talks in Geneva",
            "summary": summary,
            "link": "https://wire.example/2026/02/17/geneva?utm_source=rss&utm_medium=feed&fbclid=IwAR0x",
            "guid": "w-1",
            "date": "Tue, 17 Feb 2026 18:00:00 GMT",
        }
        announced = {
            "title": "Second round of Iran-US talks to be held in Geneva on 17 February, Oman says",
            "summary": summary,
            "link": "https://agency.example/geneva-round?id=7&utm_campaign=talks",
            "guid": "a-1",
            "date": "Tue, 10 Feb 2026 09:00:00 GMT",
        }
        feed_server.set("/wire.xml", body=rss([held]))
        feed_server.set("/agency.xml", body=rss([announced]))
        await app.poller.poll_once(force=True)
        await drain_until_done(app)
        alerts = double.texts(CHAT)[1:]
        double.push_command(CHAT, "/status")
        async with asyncio.timeout(10):
            await double.wait_for(len(double.sent) + 1)
        status = double.texts(CHAT)[-1]
    finally:
        await app.aclose()
    clean = ["https://agency.example/geneva-round?id=7", "https://wire.example/2026/02/17/geneva"]
    # The alert links the report without utm_* or fbclid (the publisher's link otherwise).
    assert f'<a href="{clean[0]}">Read at feed 1</a>' in alerts[0]
    assert f'<a href="{clean[1]}">Read at feed 0</a>' in alerts[1]
    # /status cites both reports as the round's sources, and lists them, by their clean links.
    assert "Round 2 (2026 series) · 17 Feb 2026 · Geneva" in status
    sources = status.split("<b>Sources</b>\n")[1].split("\n\n")[0]
    assert [f'<a href="{link}">' in sources for link in clean] == [True, True]
    assert all(f'<a href="{link}">' in status.split("<b>Latest reports</b>")[1] for link in clean)
    for text in [*alerts, status]:
        assert "utm_" not in text and "fbclid" not in text


# ---------------------------------------------------------------- chats that move, and refusals

LATER = {  # a report of its own story, after RELEVANT
    "title": "Iran and the United States to resume nuclear negotiations in Geneva in March",
    "summary": "Araghchi said the American delegation accepted the Swiss offer to host the next round.",
    "link": "https://news.example/2026/02/20/geneva",
    "guid": "n-later",
    "date": "Fri, 20 Feb 2026 09:00:00 GMT",
}


def titles(double, chat: str | int) -> list[str]:
    """The headlines that arrived in a chat, in order."""
    return [html.unescape(t.split("</b>")[0].removeprefix("<b>")) for t in double.texts(chat)]


async def settle(app: App) -> None:
    """Drain until no row waits, pending or held (a refused alert waits held), waiting out
    each retry time."""
    async with asyncio.timeout(15):
        while waiting := [m for m in app.storage.outbox.all() if m.status in ("pending", "held")]:
            await asyncio.sleep(max(0.0, min(m.next_attempt_at for m in waiting) - time.time()))
            await app.sender.drain()


def quiet_hours_elsewhere() -> str:
    """Quiet hours that are not now (a setting to see move, without holding the alerts)."""
    hour = (time.gmtime().tm_hour + 12) % 24
    return f"{hour:02d}:00-{hour:02d}:30 Etc/UTC"


async def test_a_group_upgraded_to_a_supergroup_gets_its_alerts_there_with_its_settings(
    double, telegram_app, feed_server, caplog
):
    app, _ = await telegram_app(listen=False)
    group, supergroup, control = "-4001", "-1004001", "5002"  # control: gets the same alerts
    for chat in (group, control):
        app.service.follow(ChatRef("telegram", chat), "iran-usa")
    quiet = quiet_hours_elsewhere()
    app.service.set_languages(ChatRef("telegram", group), ("en", "de"))
    app.service.set_quiet(ChatRef("telegram", group), quiet)
    double.refusals.append(upgraded := migrated(group, int(supergroup)))
    await new_alerts(app, feed_server, RELEVANT)  # two alerts queued for the old id
    await drain_until_done(app)

    # The alert in flight and the one queued behind it arrive in the supergroup, in the
    # order every chat gets them, once; the old id was tried once.
    assert len(titles(double, supergroup)) == 2
    assert titles(double, supergroup) == titles(double, control)
    assert double.texts(group) == [] and upgraded.answered == 1
    assert (
        "telegram chat -4001 moved to -1004001 (400 group chat was upgraded to a supergroup)" in caplog.text
    )
    chats = [(s.chat_id, s.active) for s in app.storage.subscriptions.all() if s.chat_id != control]
    assert chats == [(supergroup, True)]
    settings = app.service.chat_settings(ChatRef("telegram", supergroup))
    assert settings.languages == ("en", "de") and settings.quiet == quiet
    assert app.service.chat_settings(ChatRef("telegram", group)) == ChatSettings()

    # A later report goes to the supergroup straight away.
    feed_server.set("/tg.xml", body=rss([*RELEVANT, LATER]))
    await app.poller.poll_once(force=True)
    await drain_until_done(app)
    assert titles(double, supergroup)[2:] == [LATER["title"]] and upgraded.answered == 1


async def test_the_upgrade_notice_moves_the_group_before_any_alert(double, telegram_app):
    app, _ = await telegram_app()
    app.service.follow(ChatRef("telegram", "-4002"), "iran-usa")
    double.push_update(double.migrate_update(-4002, -1004002))
    # Updates are handled in order: /settings in the supergroup is answered after the notice.
    double.push_command(-1004002, "/settings", chat_type="supergroup")
    async with asyncio.timeout(10):
        await double.wait_for(1)
    assert double.texts(-1004002)[0].startswith("<b>Settings of this chat</b>\nFollows: iran-usa\n")
    assert [(s.chat_id, s.active) for s in app.storage.subscriptions.all()] == [("-1004002", True)]


async def test_a_message_refused_for_good_fails_after_the_bound_and_holds_nothing_back(
    double, telegram_app, feed_server
):
    app, _ = await telegram_app(delivery=DeliverySettings(refused_attempts=3), operators=("9001",))
    app.service.follow(ChatRef("telegram", str(CHAT)), "iran-usa")
    refusal = Refusal(
        "Bad Request: wrong HTTP URL specified", chat_id=str(CHAT), containing=RELEVANT[0]["title"]
    )
    double.refusals.append(refusal)
    await new_alerts(app, feed_server, RELEVANT)
    await app.sender.drain()
    # The refused alert waits apart: the chat's next alert is delivered in the same drain.
    assert titles(double, CHAT) == [RELEVANT[1]["title"]]
    await settle(app)
    assert refusal.answered == 3 and titles(double, CHAT) == [RELEVANT[1]["title"]]
    refused = next(m for m in app.storage.outbox.all() if m.payload.title == RELEVANT[0]["title"])
    assert (refused.status, refused.attempts) == ("failed", 3)  # kept, with why
    assert refused.last_error == "400 Wrong http url specified"
    assert [s.chat_id for s in app.storage.subscriptions.active()] == [str(CHAT)]
    metrics = app.metrics.render().decode()
    assert 'talkwatch_alerts_failed_total{reason="refused",transport="telegram"} 1.0' in metrics

    # Later alerts still arrive.
    feed_server.set("/tg.xml", body=rss([*RELEVANT, LATER]))
    await app.poller.poll_once(force=True)
    await settle(app)
    assert titles(double, CHAT)[-1] == LATER["title"]

    # Operators see it: /failures in the chat, and the command line.
    double.push_command(9001, "/failures", user_id=9001)
    async with asyncio.timeout(10):
        while not double.texts(9001):
            await double.wait_for(len(double.sent) + 1)
    [listing] = double.texts(9001)
    line = (
        f"telegram {CHAT} · alert “{RELEVANT[0]['title']}” (iran-usa) · 3 attempts · "
        "400 Wrong http url specified"
    )
    assert listing.startswith("<b>Failed deliveries: 1</b>\n") and line in html.unescape(listing)
    code, out, _ = await talkwatch("failures", "--db", str(app.storage.db.path))
    assert code == 0 and out.startswith("Failed deliveries: 1\n") and line in out


async def test_a_message_refused_as_malformed_fails_at_once(double, telegram_app, feed_server, caplog):
    app, _ = await telegram_app(listen=False)
    app.service.follow(ChatRef("telegram", str(CHAT)), "iran-usa")
    double.refusals.append(
        refusal := Refusal("Bad Request: message is too long", containing=RELEVANT[0]["title"])
    )
    await new_alerts(app, feed_server, RELEVANT)
    report = await app.sender.drain()
    assert (report.sent, report.failed, report.retried) == (1, 1, 0) and refusal.answered == 1
    assert titles(double, CHAT) == [RELEVANT[1]["title"]]
    assert "refused as malformed (400 Message is too long): marked failed at once" in caplog.text
    assert {m.status for m in app.storage.outbox.all()} == {"sent", "failed"}


async def test_not_enough_rights_keeps_the_chat_and_delivers_once_the_right_is_back(
    double, telegram_app, feed_server
):
    app, _ = await telegram_app(listen=False)
    group = "-1008001"
    app.service.follow(ChatRef("telegram", group), "iran-usa")
    refusal = Refusal("Bad Request: not enough rights to send text messages to the chat", chat_id=group)
    double.refusals.append(refusal)
    await new_alerts(app, feed_server, RELEVANT[:1])
    async with asyncio.timeout(10):
        while refusal.answered < 3:  # refused, and retried, while no admin has acted
            await app.sender.drain()
            [row] = app.storage.outbox.all()
            await asyncio.sleep(max(0.0, row.next_attempt_at - time.time()))
    [row] = app.storage.outbox.all()
    assert (row.status, row.attempts) == ("pending", 3)
    assert row.last_error == "400 Not enough rights to send text messages to the chat"
    assert [s.chat_id for s in app.storage.subscriptions.active()] == [group]  # not deactivated
    double.refusals.remove(refusal)  # an admin gives the bot its right back
    await drain_until_done(app)
    assert titles(double, group) == [RELEVANT[0]["title"]]
    assert app.storage.outbox.all()[0].status == "sent"


@pytest.mark.parametrize(
    ("error", "means"),
    [
        (ChatMigrated(-1004001), ChatMoved("-1004001", "400 group chat was upgraded to a supergroup")),
        (BadRequest("Bad Request: not enough rights to send text messages to the chat"), RetryLater),
        (Forbidden("Forbidden: not enough rights to send text messages to the chat"), RetryLater),
        (BadRequest("Bad Request: have no rights to send a message"), RetryLater),
        (BadRequest("Bad Request: TOPIC_CLOSED"), RetryLater),
        (TimedOut(), RetryLater),
        (NetworkError("Bad Gateway"), RetryLater),
        (InvalidToken("Unauthorized"), RetryLater),
        (Forbidden("Forbidden: bot was blocked by the user"), ChatGone),
        (Forbidden("Forbidden: bot was kicked from the supergroup chat"), ChatGone),
        (Forbidden("Forbidden: user is deactivated"), ChatGone),
        (BadRequest("Bad Request: chat not found"), ChatGone),
        (BadRequest("Bad Request: group chat was deactivated"), ChatGone),
        (BadRequest("Bad Request: message is too long"), Refused("400 Message is too long", malformed=True)),
        (
            BadRequest("Bad Request: message text is empty"),
            Refused("400 Message text is empty", malformed=True),
        ),
        (BadRequest("Bad Request: message thread not found"), Refused("400 Message thread not found")),
        (BadRequest("Bad Request: wrong HTTP URL specified"), Refused("400 Wrong http url specified")),
    ],
)
def test_what_each_bot_api_error_means(error, means):
    result = failure_result(error)
    assert result == means if not isinstance(means, type) else isinstance(result, means)


def queue_burst(app: App, chats: list[str], count: int) -> list[str]:
    """``count`` reports at once for each chat (a big story, the first poll after downtime),
    published a minute apart; returns their headlines, oldest first."""
    for chat in chats:
        app.storage.subscriptions.follow("telegram", chat, "iran-usa")
    feed = app.storage.feeds.ensure("https://feeds.example/burst", "Wire", "en")
    start = time.time() - 3600
    headlines = []
    for i in range(count):
        title = f"Report {i:02d}: " + "Araghchi and Witkoff weigh the next round of talks in Muscat " * 2
        published = start + 60 * i
        headlines.append(title.strip())
        app.storage.items.store(
            NewItem(
                feed.id, title, "", f"https://n.example/{i}", None, f"b{i}", "en", published, (f"guid:b{i}",)
            ),
            [MatchRecord("iran-usa", True, 4.0, ("araghchi",), "test")],
            {
                "iran-usa": AlertPayload(
                    "iran-usa",
                    "Iran–USA talks",
                    title,
                    source="Wire",
                    link=f"https://n.example/{i}",
                    published=time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(published)),
                )
            },
        )
    return headlines


async def test_a_burst_of_40_alerts_to_3_chats_arrives_as_a_few_messages_newest_first(double, telegram_app):
    app, _ = await telegram_app(listen=False)
    chats = ["5101", "5102", "-1005103"]
    headlines = queue_burst(app, chats, 40)
    await drain_until_done(app)
    for chat in chats:
        texts = double.texts(chat)
        assert 1 <= len(texts) <= 3, len(texts)  # 40 alerts as a few messages, not 40
        assert texts[0].startswith("<b>40 new reports on Iran–USA talks, newest first</b>\n")
        assert all(check_message(t, "HTML") is None for t in texts)  # within the Bot API's limits
        shown = [
            html.unescape(m)
            for t in texts
            for m in re.findall(r'<a href="https://n\.example/\d+">([^<]+)</a>', t)
        ]
        assert sorted(shown) == sorted(headlines)  # each alert once
        assert shown == headlines[::-1]  # the newest first
    assert all(m.status == "sent" and m.message_ref is None for m in app.storage.outbox.all())


async def test_two_alerts_still_go_as_two_messages(double, telegram_app):
    app, _ = await telegram_app(listen=False)
    headlines = queue_burst(app, ["5104"], 2)
    await drain_until_done(app)
    assert titles(double, 5104) == headlines


def queue_long_alert(app: App, chat: str) -> tuple[list[str], str]:
    """One alert whose headline alone needs three messages or more; returns the text of each
    part as Telegram is sent it, and a word found only in the second part."""
    app.storage.subscriptions.follow("telegram", chat, "iran-usa")
    feed = app.storage.feeds.ensure("https://feeds.example/long", "Wire", "en")
    title = " ".join(f"w{i}" for i in range(1800))  # ~ 9,000 characters
    payload = AlertPayload("iran-usa", "Iran–USA talks", title, source="Wire")
    app.storage.items.store(
        NewItem(feed.id, title, "", "https://n.example/long", None, "long", "en", None, ("guid:long",)),
        [MatchRecord("iran-usa", True, 4.0, (), "test")],
        {"iran-usa": payload},
    )
    parts = [render_html(p) for p in split(alert_document(payload), 4096, visible_length_utf16)]
    assert len(parts) >= 3
    second_only = next(w for w in parts[1].split() if all(w not in p.split() for p in parts if p != parts[1]))
    return parts, second_only


async def test_a_long_alert_resumes_after_the_parts_the_chat_has(double, telegram_app):
    # Part 2 of 3 meets a server error: the retry sends parts 2 and 3, never part 1 again.
    app, _ = await telegram_app(listen=False)
    parts, second = queue_long_alert(app, "5201")
    double.refusals.append(Refusal("Internal Server Error", containing=second, status=500))
    await app.sender.drain()
    assert double.texts(5201) == parts[:1]
    row = app.storage.outbox.all()[0]
    assert (row.status, row.parts_sent) == ("pending", 1)  # recorded before part 2 went
    double.refusals.clear()
    await drain_until_done(app)
    assert double.texts(5201) == parts  # each part once, in order
    row = app.storage.outbox.all()[0]
    first_id = next(i for (chat, i), text in double.messages.items() if chat == "5201" and text == parts[0])
    assert (row.status, row.message_ref) == ("sent", str(first_id))  # an edit replaces part 1


async def test_a_failover_between_parts_sends_no_part_twice(double, telegram_app):
    # The instance that sent part 1 stops leading and goes; the next one on the same
    # database (a new App) sends parts 2 and 3 from what the first one recorded.
    app, _ = await telegram_app(listen=False)
    parts, _second = queue_long_alert(app, "5202")
    app.sender.may_send = lambda: not double.sent  # leads until the first part is out
    await app.sender.drain()
    assert double.texts(5202) == parts[:1]
    await app.aclose()
    successor, _ = await telegram_app(listen=False)
    successor_rows = successor.storage.outbox.all()
    assert [(m.status, m.parts_sent) for m in successor_rows] == [("pending", 1)]
    await drain_until_done(successor)
    assert double.texts(5202) == parts


async def test_a_part_delivered_while_the_database_is_locked_is_not_sent_again(
    double, telegram_app, monkeypatch
):
    app, _ = await telegram_app(listen=False)
    parts, second = queue_long_alert(app, "5203")
    outbox = app.storage.outbox
    record = outbox.mark_parts_sent

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(outbox, "mark_parts_sent", locked)
    double.refusals.append(Refusal("Internal Server Error", containing=second, status=500))
    await app.sender.drain()  # part 1 delivered, its record refused, part 2 fails
    assert double.texts(5203) == parts[:1]
    assert outbox.all()[0].parts_sent == 0
    double.refusals.clear()
    monkeypatch.setattr(outbox, "mark_parts_sent", record)
    await drain_until_done(app)
    assert double.texts(5203) == parts  # part 1 was remembered as delivered
    assert outbox.all()[0].status == "sent"
