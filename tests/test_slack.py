"""Slack: signed slash commands into the running Bolt app, alerts to a fake Web API, Socket Mode."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from dataclasses import replace
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.signature import SignatureVerifier

from bot.app import App
from bot.chat import ChatRef
from bot.delivery.transports.base import ChatGone, Refused, RetryLater
from bot.delivery.transports.slack import failure_result
from bot.records import AlertPayload, ChatSettings
from bot.render.failures import failure_line
from bot.render.markup import Bold, Text
from bot.render.slack_blocks import (
    MAX_BLOCKS,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    alert_blocks,
    document_messages,
)
from config.settings import AdminSettings, DeliverySettings, Secret, SlackSettings
from tests.helpers.feeds import RELEVANT, rss
from tests.helpers.slack_fake import SlackFake
from tests.test_edits import report

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL = "C0TALKS"


@pytest.fixture
async def fake():
    server = SlackFake()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def slack_app(fake, settings_for, feed_server):
    apps = []

    async def make(*, socket_mode: bool = False, operators: tuple[str, ...] = (), **overrides):
        url = feed_server.set("/sl.xml", body=rss([]))
        slack = SlackSettings(
            bot_token=Secret("xoxb-test-token-000000000000"),
            signing_secret=Secret(SECRET),
            app_token=Secret("xapp-test-token-000000000000") if socket_mode else None,
            **{"api_base_url": fake.api_url, "channel_interval": 0.05, **overrides},
        )
        app = App.build(replace(settings_for(url), slack=slack, admins=AdminSettings(slack=operators)), [])
        transport = app.enable_slack(host="127.0.0.1", port=0)
        app.sender.base_backoff = 0.05
        await app.start_transports()
        apps.append(app)
        return app, transport

    yield make
    for app in apps:
        await app.aclose()


def command_body(command: str, text: str, fake: SlackFake, channel: str = CHANNEL, user: str = "U100") -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "team_domain": "newsroom",
            "channel_id": channel,
            "channel_name": "talks",
            "user_id": user,
            "user_name": "reader",
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "response_url": fake.response_url,
            "trigger_id": "1.2.3",
        }
    )


async def post_command(
    transport, body: str, *, timestamp: int | None = None, secret: str = SECRET
) -> httpx.Response:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    async with httpx.AsyncClient() as client:
        return await client.post(
            f"http://127.0.0.1:{transport.bound_port}/slack/events",
            content=body,
            headers={
                "X-Slack-Signature": signature,
                "X-Slack-Request-Timestamp": str(timestamp),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )


def reply_text(response: dict) -> str:
    return "\n".join(b["text"]["text"] for b in response["blocks"] if b["type"] == "section")


async def drain_until_done(app: App) -> None:
    async with asyncio.timeout(15):
        while pending := [m for m in app.storage.outbox.all() if m.status == "pending"]:
            await asyncio.sleep(max(0.0, min(m.next_attempt_at for m in pending) - time.time()))
            await app.sender.drain()


async def new_alert(app: App, feed_server) -> None:
    await app.poller.poll_once(force=True)
    feed_server.set("/sl.xml", body=rss(RELEVANT[:1]))
    await app.poller.poll_once(force=True)


@pytest.mark.parametrize("slash", ["/", ""], ids=["base-url-with-slash", "base-url-without-slash"])
async def test_follow_then_the_alert_arrives_as_block_kit(fake, slack_app, feed_server, slash):
    app, transport = await slack_app(api_base_url=fake.api_url.rstrip("/") + slash)
    response = await post_command(transport, command_body("/follow", "iran-usa", fake))
    assert response.status_code == 200  # acknowledged; the answer comes through response_url
    async with asyncio.timeout(10):
        await fake.wait(lambda: fake.responses)
    assert reply_text(fake.responses[0]).startswith("Following Iran–USA talks (iran-usa).")
    assert fake.responses[0]["response_type"] == "in_channel"

    await new_alert(app, feed_server)
    await drain_until_done(app)
    [post] = fake.posted
    assert post["channel"] == CHANNEL and post["unfurl_links"] is False
    header, context, summary, link = post["blocks"]
    assert header == {"type": "header", "text": {"type": "plain_text", "text": RELEVANT[0]["title"]}}
    assert context["elements"][0]["text"].startswith("feed 0 · 7 Feb 2026, 08:00 UTC")
    assert summary["text"]["text"] == RELEVANT[0]["summary"]
    assert link["text"]["text"] == f"<{RELEVANT[0]['link']}|Read at feed 0>"

    response = await post_command(transport, command_body("/latest", "", fake))
    assert response.status_code == 200
    async with asyncio.timeout(10):
        await fake.wait(lambda: len(fake.responses) >= 2)
    latest = reply_text(fake.responses[1])
    assert latest.startswith("*Latest on Iran–USA talks: 1 story, newest first*")
    assert f"<{RELEVANT[0]['link']}|{RELEVANT[0]['title']}> · feed 0" in latest


async def test_umbrella_command_and_status(fake, slack_app):
    _, transport = await slack_app()
    await post_command(transport, command_body("/talkwatch", "status iran-usa", fake))
    await post_command(transport, command_body("/talkwatch", "", fake))
    async with asyncio.timeout(10):
        await fake.wait(lambda: len(fake.responses) >= 2)
    texts = sorted(reply_text(r) for r in fake.responses)
    assert any("*Iran–USA talks: latest round*" in t and "Muscat" in t for t in texts)
    assert any("/follow &lt;topic&gt;" in t for t in texts)  # /talkwatch alone is /help


async def test_timeline_in_slack(fake, slack_app):
    _, transport = await slack_app()
    await post_command(transport, command_body("/timeline", "", fake))
    async with asyncio.timeout(10):
        await fake.wait(lambda: fake.responses)
    text = reply_text(fake.responses[0])
    assert "*Iran–USA talks: timeline of the 2026 series*" in text
    assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in text


@pytest.mark.parametrize("problem", ["bad signature", "stale timestamp"])
async def test_unsigned_or_replayed_requests_are_rejected(fake, slack_app, problem):
    _, transport = await slack_app()
    body = command_body("/follow", "iran-usa", fake)
    if problem == "bad signature":
        response = await post_command(transport, body, secret="not-the-secret")
    else:
        response = await post_command(transport, body, timestamp=int(time.time()) - 600)
    assert response.status_code == 401
    assert fake.responses == []


async def test_rate_limit_is_waited_out_and_nothing_is_lost(fake, slack_app, feed_server):
    app, _ = await slack_app()
    app.service.follow(ChatRef("slack", CHANNEL), "iran-usa")
    fake.faults.extend([("429", 1), ("error", "internal_error")])
    await new_alert(app, feed_server)
    await drain_until_done(app)
    assert len(fake.posted) == 1
    row = app.storage.outbox.all()[0]
    assert row.status == "sent" and row.attempts == 2  # the 429 wait is not counted


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "is_archived"])
async def test_a_gone_channel_is_deactivated(fake, slack_app, feed_server, error):
    app, _ = await slack_app()
    app.service.follow(ChatRef("slack", CHANNEL), "iran-usa")
    fake.faults.append(("error", error))
    await new_alert(app, feed_server)
    await drain_until_done(app)
    assert app.storage.subscriptions.active() == []
    assert app.storage.outbox.all()[0].last_error == error


async def test_only_admins_or_listed_members_may_follow_when_restricted(fake, slack_app):
    _, transport = await slack_app(restrict_follow=True, follow_users=("U_LISTED",))
    fake.admins.add("U_ADMIN")
    for user in ("U_MEMBER", "U_ADMIN", "U_LISTED"):
        count = len(fake.responses)
        await post_command(transport, command_body("/unfollow", "iran-usa", fake, user=user))
        async with asyncio.timeout(10):
            await fake.wait(lambda count=count: len(fake.responses) > count)
    member, admin, listed = (reply_text(r) for r in fake.responses)
    assert member == "Only chat administrators can use /unfollow in a group."
    assert admin == listed == "This chat does not follow iran-usa."


async def test_socket_mode_acknowledges_and_replies(fake, slack_app):
    await slack_app(socket_mode=True)
    assert "apps.connections.open" in fake.calls
    payload = dict(x.split("=", 1) for x in command_body("/status", "", fake).split("&"))
    payload = {k: v.replace("%2F", "/").replace("%3A", ":").replace("+", " ") for k, v in payload.items()}
    fake.send_envelope(
        {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": payload,
        }
    )
    async with asyncio.timeout(10):
        await fake.wait(lambda: fake.acks and fake.responses)
    assert fake.acks[0]["envelope_id"] == "env-1"
    assert "*Iran–USA talks: latest round*" in reply_text(fake.responses[0])


_LINK = re.compile(r"<https?://[^|<>\s]*\|[^<>]*>")
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=4000)


def assert_escaped(mrkdwn: str) -> None:
    bare = _LINK.sub("", mrkdwn)
    assert "<" not in bare and ">" not in bare
    assert re.fullmatch(r"([^&]|&(amp|lt|gt);)*", bare, re.DOTALL)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text, summary=text, source=st.text(max_size=300), link=st.one_of(st.none(), text))
def test_any_feed_text_gives_blocks_within_limits_and_escaped(title, summary, source, link):
    blocks, fallback = alert_blocks(
        AlertPayload(
            topic="iran-usa",
            topic_name="Iran–USA talks",
            title=title,
            summary=summary,
            source=source,
            link=link,
            actors=("Abbas Araghchi",),
            published="2026-02-07T08:00:00+00:00",
        )
    )
    assert len(blocks) <= MAX_BLOCKS
    assert blocks[0]["type"] == "header" and 0 < len(blocks[0]["text"]["text"]) <= MAX_HEADER_TEXT
    assert_escaped(fallback)
    for block in blocks[1:]:
        texts = [e["text"] for e in block.get("elements", [])] or [block["text"]["text"]]
        for t in texts:
            assert 0 < len(t) <= MAX_SECTION_TEXT
            assert_escaped(t)


def test_an_alert_links_its_report_without_tracking_parameters():
    blocks, _ = alert_blocks(
        AlertPayload(
            "iran-usa",
            "Iran–USA talks",
            "Talks resume",
            source="Wire",
            link="https://wire.example/a?id=7&utm_source=rss&fbclid=IwAR0x#xtor=RSS-1",
        )
    )
    assert blocks[-1]["text"]["text"] == "<https://wire.example/a?id=7|Read at Wire>"


def test_a_long_reply_is_split_within_block_kit_limits():
    document = tuple(
        ((Bold(f"Part {i} <&>"),), (Text("Oman & the delegations met. " * 200),)) for i in range(80)
    )
    messages = document_messages(document)
    assert len(messages) > 1
    for blocks, _ in messages:
        assert len(blocks) <= MAX_BLOCKS
        assert all(len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in blocks)
    joined = "".join(b["text"]["text"] for blocks, _ in messages for b in blocks)
    assert joined.count("*Part ") == 80 and "&lt;&amp;&gt;" in joined


async def test_operators_listed_for_slack_may_use_operator_commands(fake, slack_app):
    _, transport = await slack_app(operators=("U_OPS",))
    for user in ("U_OPS", "U100"):
        count = len(fake.responses)
        await post_command(transport, command_body("/talkwatch", "stats", fake, user=user))
        async with asyncio.timeout(10):
            await fake.wait(lambda count=count: len(fake.responses) > count)
    operator, other = (reply_text(r) for r in fake.responses)
    assert "*talkwatch stats*" in operator and "Outbox depth: 0" in operator
    assert other == "Sorry, /stats is for the bot's operators."
    # Both only for the asker's eyes: operator output and refusals are ephemeral.
    assert [r["response_type"] for r in fake.responses] == ["ephemeral", "ephemeral"]


async def test_usage_errors_are_ephemeral_and_answers_are_in_channel(fake, slack_app):
    _, transport = await slack_app()
    for command, text in (("/latest", "99"), ("/follow", "mars"), ("/talkwatch", "dance"), ("/status", "")):
        count = len(fake.responses)
        await post_command(transport, command_body(command, text, fake))
        async with asyncio.timeout(10):
            await fake.wait(lambda count=count: len(fake.responses) > count)
    kinds = [(reply_text(r).split()[0], r["response_type"]) for r in fake.responses]
    assert kinds == [
        ("Usage:", "ephemeral"),
        ("Unknown", "ephemeral"),
        ("Unknown", "ephemeral"),
        ("*Iran–USA", "in_channel"),
    ]


async def test_languages_and_settings_in_slack(fake, slack_app):
    _, transport = await slack_app()
    for command, text in (
        ("/languages", "fr ar"),
        ("/quiet", "25:00-07:00 Europe/Paris"),
        ("/digest", "daily 09:00 Europe/Paris"),
        ("/talkwatch", "settings"),
    ):
        count = len(fake.responses)
        await post_command(transport, command_body(command, text, fake))
        async with asyncio.timeout(10):
            await fake.wait(lambda count=count: len(fake.responses) > count)
    chosen, usage, digest, settings = (reply_text(r) for r in fake.responses)
    assert digest.startswith("One digest a day at 09:00 (Europe/Paris)")
    assert chosen.startswith("Alerts here only for stories reported in français (fr), العربية (ar)")
    assert usage.startswith("Usage: /quiet") and "'25:00' is not a time of day" in usage
    assert "Languages: français (fr), العربية (ar)" in settings
    assert [r["response_type"] for r in fake.responses] == [
        "in_channel",
        "ephemeral",
        "in_channel",
        "in_channel",
    ]


async def test_the_alert_is_updated_as_a_second_outlet_reports_the_story(fake, settings_for, feed_server):
    urls = [feed_server.set(f"/sl{n}.xml", body=rss([])) for n in range(2)]
    slack = SlackSettings(
        bot_token=Secret("xoxb-test-token-000000000000"),
        signing_secret=Secret(SECRET),
        api_base_url=fake.api_url,
        channel_interval=0.05,
    )
    settings = replace(settings_for(*urls), slack=slack, delivery=DeliverySettings(edit_interval_seconds=60))
    app = App.build(settings, [])
    app.enable_slack(host="127.0.0.1", port=0)
    await app.start_transports()
    app.service.follow(ChatRef("slack", CHANNEL), "iran-usa")
    await app.poller.poll_once(force=True)
    for n in range(2):
        feed_server.set(f"/sl{n}.xml", body=rss([report(n)]))
        await app.poller.poll_once(force=True)
        await app.sender.drain()
    [post] = fake.posted
    [update] = fake.updated
    assert (update["channel"], update["ts"]) == (CHANNEL, "1.0001")
    context = update["blocks"][1]["elements"][0]["text"]
    assert context.endswith("Reported by 2 outlets: feed 0, feed 1")
    assert update["blocks"][0] == post["blocks"][0]  # the same alert, one line more
    await app.aclose()


# ---------------------------------------------------------------- channels that move, and refusals


async def post_event(transport, event: dict) -> httpx.Response:
    """An Events API callback, signed as Slack signs it."""
    body = json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": "Ev1",
            "event_time": int(time.time()),
        }
    )
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)
    async with httpx.AsyncClient() as client:
        return await client.post(
            f"http://127.0.0.1:{transport.bound_port}/slack/events",
            content=body,
            headers={
                "X-Slack-Signature": signature,
                "X-Slack-Request-Timestamp": timestamp,
                "Content-Type": "application/json",
            },
        )


async def settle(app: App) -> None:
    """Drain until no row waits, pending or held (a refused alert waits held)."""
    async with asyncio.timeout(15):
        while waiting := [m for m in app.storage.outbox.all() if m.status in ("pending", "held")]:
            await asyncio.sleep(max(0.0, min(m.next_attempt_at for m in waiting) - time.time()))
            await app.sender.drain()


async def test_a_channel_whose_id_changed_gets_its_alerts_there_with_its_settings(
    fake, slack_app, feed_server, caplog
):
    app, transport = await slack_app()
    old, new = "G0PRIVATE", "C0SHARED"  # a private channel shared with Slack Connect
    app.service.follow(ChatRef("slack", old), "iran-usa")
    app.service.set_languages(ChatRef("slack", old), ("en",))
    await new_alert(app, feed_server)  # queued for the old id before Slack tells
    moved = asyncio.Event()
    move = transport.on_chat_moved

    def on_moved(*args):
        move(*args)
        moved.set()

    transport.on_chat_moved = on_moved
    event = {"type": "channel_id_changed", "old_channel_id": old, "new_channel_id": new, "event_ts": "1.2"}
    response = await post_event(transport, event)
    assert response.status_code == 200
    async with asyncio.timeout(10):
        await moved.wait()
    await drain_until_done(app)
    [post] = fake.posted
    assert post["channel"] == new and post["blocks"][0]["text"]["text"] == RELEVANT[0]["title"]
    assert [(s.chat_id, s.active) for s in app.storage.subscriptions.all()] == [(new, True)]
    assert app.service.chat_settings(ChatRef("slack", new)).languages == ("en",)
    assert app.service.chat_settings(ChatRef("slack", old)) == ChatSettings()
    assert "slack chat G0PRIVATE moved to C0SHARED (channel id changed)" in caplog.text


async def test_an_unsigned_channel_event_moves_nothing(fake, slack_app):
    app, transport = await slack_app()
    app.service.follow(ChatRef("slack", "G0PRIVATE"), "iran-usa")
    body = json.dumps({"type": "event_callback", "event": {"type": "channel_id_changed"}})
    async with httpx.AsyncClient() as client:
        response = await client.post(f"http://127.0.0.1:{transport.bound_port}/slack/events", content=body)
    assert response.status_code == 401
    assert [s.chat_id for s in app.storage.subscriptions.active()] == ["G0PRIVATE"]


async def test_a_message_slack_refuses_fails_after_the_bound_and_holds_nothing_back(
    fake, slack_app, feed_server
):
    app, transport = await slack_app(operators=("U_OPS",))
    app.sender.refused_attempts = 3
    app.service.follow(ChatRef("slack", CHANNEL), "iran-usa")
    fake.refuse[RELEVANT[0]["title"]] = "cannot_reply_to_message"
    await app.poller.poll_once(force=True)
    feed_server.set("/sl.xml", body=rss(RELEVANT))
    await app.poller.poll_once(force=True)
    await app.sender.drain()
    # The channel's next alert does not wait for the refused one.
    assert [p["blocks"][0]["text"]["text"] for p in fake.posted] == [RELEVANT[1]["title"]]
    await settle(app)
    assert fake.refused == ["cannot_reply_to_message"] * 3 and len(fake.posted) == 1
    failed = next(m for m in app.storage.outbox.all() if m.status == "failed")
    assert (failed.payload.title, failed.attempts, failed.last_error) == (
        RELEVANT[0]["title"],
        3,
        "cannot_reply_to_message",
    )
    assert [s.chat_id for s in app.storage.subscriptions.active()] == [CHANNEL]
    metrics = app.metrics.render().decode()
    assert 'talkwatch_alerts_failed_total{reason="refused",transport="slack"} 1.0' in metrics

    await post_command(transport, command_body("/talkwatch", "failures", fake, user="U_OPS"))
    async with asyncio.timeout(10):
        await fake.wait(lambda: fake.responses)
    listing = reply_text(fake.responses[0])
    assert listing.startswith("*Failed deliveries: 1*")
    assert f"slack {CHANNEL} · alert “{RELEVANT[0]['title']}” (iran-usa) · 3 attempts" in listing
    assert fake.responses[0]["response_type"] == "ephemeral"
    await post_command(transport, command_body("/talkwatch", "failures 99", fake, user="U_OPS"))
    async with asyncio.timeout(10):
        await fake.wait(lambda: len(fake.responses) > 1)
    assert reply_text(fake.responses[1]).startswith("Usage: /failures [n], n from 1 to 50")


async def test_invalid_blocks_fail_at_once(fake, slack_app, feed_server):
    app, _ = await slack_app()
    app.service.follow(ChatRef("slack", CHANNEL), "iran-usa")
    fake.faults.append(("error", "invalid_blocks"))
    await new_alert(app, feed_server)
    report = await app.sender.drain()
    assert (report.sent, report.failed, report.retried) == (0, 1, 0)
    [row] = app.storage.outbox.all()
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "invalid_blocks")


@pytest.mark.parametrize("error", ["restricted_action", "account_inactive", "internal_error"])
async def test_errors_an_admin_or_slack_can_heal_keep_the_channel_and_deliver_after(
    fake, slack_app, feed_server, error
):
    app, _ = await slack_app()
    app.service.follow(ChatRef("slack", CHANNEL), "iran-usa")
    fake.faults.extend([("error", error), ("error", error)])
    await new_alert(app, feed_server)
    await app.sender.drain()
    assert [s.chat_id for s in app.storage.subscriptions.active()] == [CHANNEL]  # not deactivated
    await drain_until_done(app)
    [post] = fake.posted
    assert post["channel"] == CHANNEL
    row = app.storage.outbox.all()[0]
    assert row.status == "sent" and row.attempts == 3


@pytest.mark.parametrize(
    ("status", "error", "means"),
    [
        (200, "channel_not_found", ChatGone("channel_not_found")),
        (200, "not_in_channel", ChatGone("not_in_channel")),
        (200, "is_archived", ChatGone("is_archived")),
        (200, "account_inactive", RetryLater),
        (200, "restricted_action", RetryLater),
        (200, "ekm_access_denied", RetryLater),
        (200, "internal_error", RetryLater),
        (503, None, RetryLater),
        (200, "msg_too_long", Refused("msg_too_long", malformed=True)),
        (200, "invalid_blocks", Refused("invalid_blocks", malformed=True)),
        (200, "cannot_reply_to_message", Refused("cannot_reply_to_message")),
    ],
)
def test_what_each_web_api_error_means(status, error, means):
    result = failure_result(status, error, "detail")
    assert result == means if not isinstance(means, type) else isinstance(result, means)


async def test_a_post_cut_off_by_a_stop_is_recorded_as_possibly_sent_and_not_posted_again(
    fake, slack_app, feed_server
):
    # Slack takes the message and answers 2 s later; the stop's deadline comes first.
    app, _ = await slack_app()
    app.service.follow(ChatRef("slack", CHANNEL), "iran-usa")
    fake.answer_delay = 2.0
    await new_alert(app, feed_server)
    drain = asyncio.create_task(app.sender.drain())
    async with asyncio.timeout(10):
        await fake.wait(lambda: len(fake.posted) == 1)
    app.sender.stop()
    drain.cancel()  # what the stop's deadline does to the sends in flight
    with contextlib.suppress(asyncio.CancelledError):
        await drain
    [row] = app.storage.outbox.all()
    assert row.status == "unconfirmed"
    total, [failure] = app.storage.outbox.failures()
    assert total == 1 and "possibly sent" in failure_line(failure)
    assert app.metrics is not None
    assert b'talkwatch_alerts_unconfirmed_total{transport="slack"} 1.0' in app.metrics.render()
    fake.answer_delay = 0.0
    app.sender.resume()
    await app.sender.drain()
    assert len(fake.posted) == 1  # not posted a second time
