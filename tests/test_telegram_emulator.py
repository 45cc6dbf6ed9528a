"""End to end: the real python-telegram-bot client against telegram-test-api on 127.0.0.1."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import App
from config.settings import Secret, TelegramSettings
from tests.helpers.feeds import RELEVANT, rss
from tests.helpers.telegram_emulator import TelegramEmulator

CHAT = 7007


@pytest.fixture
async def emulator():
    server = TelegramEmulator()
    await server.start()
    yield server
    await server.stop()


async def test_follow_alert_status_mute_unfollow(emulator, settings_for, feed_server):
    url = feed_server.set("/e2e.xml", body=rss([]))
    telegram = TelegramSettings(
        token=Secret(emulator.token), api_base_url=emulator.api_url, private_chat_interval=0.05
    )
    app = App.build(replace(settings_for(url), telegram=telegram), [])
    # The emulator ignores getUpdates' timeout: poll briefly and often.
    app.enable_telegram(poll_interval=0.1, poll_timeout=0)
    await app.start_transports()
    try:
        await emulator.send_command(CHAT, "/follow iran-usa")
        [reply] = await emulator.wait_for_reply(CHAT, 1)
        assert reply["text"].startswith("Following Iran–USA talks (iran-usa).")

        await app.poller.poll_once(force=True)  # first poll: the backlog is stored, not alerted
        feed_server.set("/e2e.xml", body=rss(RELEVANT[:1]))
        report = await app.poller.poll_once(force=True)
        assert report.queued == 1
        await app.sender.drain()
        alert = (await emulator.wait_for_reply(CHAT, 2))[1]
        assert alert["parse_mode"] == "HTML"
        assert alert["text"].startswith(f"<b>{RELEVANT[0]['title']}</b>")
        assert f'<a href="{RELEVANT[0]["link"]}">' in alert["text"]
        assert '"is_disabled":true' in alert["link_preview_options"].replace(" ", "")

        await emulator.send_command(CHAT, "/status")
        status = (await emulator.wait_for_reply(CHAT, 3))[2]
        assert "<b>Iran–USA talks: latest round</b>" in status["text"]
        assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in status["text"]

        await emulator.send_command(CHAT, "/latest 3")
        latest = (await emulator.wait_for_reply(CHAT, 4))[3]["text"]
        assert latest.startswith("<b>Latest on Iran–USA talks: 1 story, newest first</b>")
        assert f'<a href="{RELEVANT[0]["link"]}">' in latest

        await emulator.send_command(CHAT, "/mute 1h")
        assert (await emulator.wait_for_reply(CHAT, 5))[4]["text"].startswith("Muted until")

        await emulator.send_command(CHAT, "/unfollow iran-usa")
        assert (await emulator.wait_for_reply(CHAT, 6))[5]["text"].startswith("Stopped following iran-usa")
        assert app.storage.subscriptions.active() == []
    finally:
        await app.aclose()
