"""Telegram behind a load balancer: webhook mode on every instance, long polling by the
leader only. Two real instances share one PostgreSQL; updates are real HTTP POSTs."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
import pytest

from bot.app import App
from bot.delivery.transports.telegram_webhook import SECRET_HEADER
from config.settings import ClusterSettings, Secret, TelegramSettings
from tests.helpers.bot_api_double import BotApiDouble
from tests.helpers.soak import free_port

SECRET = "s3cret-token_for-the-test-webhook"
CHAT = 5001


@pytest.fixture
async def instances(double, postgres_url, settings_for):
    """Build instances named one, two … on one PostgreSQL; each is closed at the end."""
    apps: list[App] = []

    async def make(name: str, **telegram: object) -> App:
        settings = settings_for(db=postgres_url)
        settings = replace(
            settings,
            telegram=TelegramSettings(
                token=Secret(double.token),
                api_base_url=double.api_url_for(name),
                private_chat_interval=0.05,
                **telegram,  # type: ignore[arg-type]
            ),
            cluster=ClusterSettings(lease_seconds=2.0, heartbeat_seconds=0.5, instance_name=name),
        )
        app = App.build(settings, [])
        app.enable_telegram(poll_timeout=1)
        apps.append(app)
        await app.heartbeat()
        await app.start_transports()
        return app

    yield make
    for app in apps:
        await app.aclose()


async def replies(double: BotApiDouble, count: int) -> list[str]:
    async with asyncio.timeout(10):
        await double.wait_for(count)
    await asyncio.sleep(0.3)  # anything more would arrive now
    return double.texts(CHAT)


async def test_updates_posted_to_any_instance_are_answered_once(double, instances):
    ports = [free_port(), free_port()]
    url = f"http://127.0.0.1:{ports[0]}/telegram/hook"
    webhook = {"webhook_url": url, "webhook_host": "127.0.0.1", "webhook_secret": Secret(SECRET)}
    one = await instances("one", webhook_port=ports[0], **webhook)
    two = await instances("two", webhook_port=ports[1], **webhook)
    assert one.leading and not two.leading
    assert double.webhook == {"url": url, "secret_token": SECRET}
    good = {SECRET_HEADER: SECRET}
    status = double.command_update(CHAT, "/status")
    async with httpx.AsyncClient() as client:
        hooks = [f"http://127.0.0.1:{port}/telegram/hook" for port in ports]
        # Telegram's POST reaches the instance that does not lead: it answers.
        assert (await client.post(hooks[1], json=status, headers=good)).status_code == 200
        assert len(await replies(double, 1)) == 1
        # The same update again, to either instance (a redelivery): nothing twice.
        for hook in hooks:
            assert (await client.post(hook, json=status, headers=good)).status_code == 200
        assert len(await replies(double, 1)) == 1
        # A wrong or missing secret: 403, and the update is not handled.
        help_ = double.command_update(CHAT, "/help")
        assert (await client.post(hooks[0], json=help_, headers={SECRET_HEADER: "guess"})).status_code == 403
        assert (await client.post(hooks[0], json=help_)).status_code == 403
        assert (await client.post(hooks[0], content=b"{not json", headers=good)).status_code == 400
        assert len(await replies(double, 1)) == 1
        # The same update with the right secret is handled.
        assert (await client.post(hooks[0], json=help_, headers=good)).status_code == 200
        texts = await replies(double, 2)
    assert len(texts) == 2 and "/follow" in texts[1]
    assert double.pollers == set() and double.conflicts == 0  # nobody called getUpdates


async def test_only_the_leader_polls_and_the_next_leader_takes_over_polling(double, instances):
    one = await instances("one")
    two = await instances("two")
    double.push_command(CHAT, "/help")
    assert len(await replies(double, 1)) == 1
    assert double.pollers == {"one"}
    await one.aclose()  # hands the lease over
    assert await two.heartbeat()
    double.push_command(CHAT, "/topics")
    assert len(await replies(double, 2)) == 2
    assert double.pollers == {"one", "two"}
    assert double.conflicts == 0  # never two getUpdates callers at once
