"""The outbox sender: at-least-once, never dropped, at most one duplicate after a crash."""

from __future__ import annotations

import itertools
from collections import deque

import pytest

from bot.chat import ChatRef
from bot.delivery.sender import Sender
from bot.delivery.transports.base import ChatGone, ChatMoved, Refused, RetryLater
from bot.ops.metrics import Metrics
from bot.records import AlertPayload, ChatMove, ChatSettings, MatchRecord, NewItem
from config.settings import DeliverySettings, SettingsError, load_settings
from storage import Storage
from tests.helpers.feeds import hour_of, report_at, rss
from tests.helpers.transports import RecordingTransport, SimulatedCrash


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def queue_report(storage: Storage, n: int, published: float | None, now: float = 1_000_000.0) -> None:
    """One report's alert for chat "a", as ingest queues it."""
    storage.subscriptions.follow("test", "a", "iran-usa")
    storage.items.store(
        NewItem(1, f"Report {n}", "", None, None, f"r{n}", "en", published, (f"guid:1:r{n}",)),
        [MatchRecord("iran-usa", True, 4.0, ("araghchi",), "test")],
        {"iran-usa": AlertPayload("iran-usa", "Iran–USA talks", f"Report {n}", source="Wire")},
        now=now,
    )


def queue_alerts(storage: Storage, count: int, chats: tuple[str, ...] = ("a",), now: float = 1_000_000.0):
    for chat in chats:
        storage.subscriptions.follow("test", chat, "iran-usa")
    for i in range(count):
        storage.items.store(
            NewItem(
                feed_id=1,
                title=f"Report {i}",
                summary="",
                link=f"https://n.example/{i}",
                canonical_link=None,
                guid=f"g{i}",
                lang="en",
                published_at=None,
                keys=(f"guid:1:g{i}",),
            ),
            [MatchRecord("iran-usa", True, 4.0, ("araghchi",), "test")],
            {
                "iran-usa": AlertPayload(
                    "iran-usa", "Iran–USA talks", f"Report {i}", source="Wire", link=f"https://n.example/{i}"
                )
            },
            now=now,
        )


@pytest.fixture
def storage(database):
    storage = Storage.open(database)
    storage.feeds.ensure("https://feeds.example/1", "Wire", "en")
    yield storage
    storage.close()


async def test_alerts_arrive_in_order_and_are_marked_sent(storage):
    queue_alerts(storage, 3)
    transport = RecordingTransport()
    clock = Clock()
    report = await Sender(storage, {"test": transport}, clock=clock).drain()
    assert report.sent == 3
    assert [t.splitlines()[0] for t in transport.texts("a")] == ["Report 0", "Report 1", "Report 2"]
    assert {m.status for m in storage.outbox.all()} == {"sent"}
    # Draining again sends nothing twice.
    assert (await Sender(storage, {"test": transport}, clock=clock).drain()).sent == 0


async def test_flood_control_waits_as_asked_and_loses_nothing(storage):
    queue_alerts(storage, 2)
    transport = RecordingTransport()
    transport.script.append(RetryLater("429 Too Many Requests", retry_after=30))
    clock = Clock()
    sender = Sender(storage, {"test": transport}, clock=clock)

    first = await sender.drain()
    assert (first.sent, first.retried, first.waits) == (0, 1, 1)
    row = storage.outbox.all()[0]
    assert row.status == "pending" and row.next_attempt_at == clock.now + 30
    assert row.attempts == 0  # a flood wait is not a failed attempt
    clock.now += 29
    assert (await sender.drain()).sent == 0  # still waiting, and later rows keep their order
    clock.now += 1
    assert (await sender.drain()).sent == 2
    assert [t.splitlines()[0] for t in transport.texts()] == ["Report 0", "Report 1"]


async def test_server_errors_back_off_exponentially_and_never_drop(storage):
    queue_alerts(storage, 1)
    transport = RecordingTransport()
    transport.script.extend(RetryLater("HTTP 502") for _ in range(5))
    clock = Clock()
    sender = Sender(storage, {"test": transport}, DeliverySettings(backoff_seconds=10), clock=clock)
    delays = []
    for _ in range(5):
        await sender.drain()
        row = storage.outbox.all()[0]
        delays.append(row.next_attempt_at - clock.now)
        clock.now = row.next_attempt_at
    assert all(later > earlier for earlier, later in itertools.pairwise(delays))
    assert storage.outbox.all()[0].attempts == 5
    await sender.drain()
    assert transport.texts() == [transport.texts()[0]] and storage.outbox.all()[0].status == "sent"


async def test_a_transport_exception_keeps_the_row(storage):
    queue_alerts(storage, 1)
    transport = RecordingTransport()
    transport.script.append(RuntimeError("socket closed"))
    clock = Clock()
    sender = Sender(storage, {"test": transport}, clock=clock)
    await sender.drain()
    row = storage.outbox.all()[0]
    assert row.status == "pending" and "socket closed" in row.last_error
    clock.now = row.next_attempt_at
    assert (await sender.drain()).sent == 1


async def test_a_gone_chat_is_deactivated_and_other_chats_still_get_alerts(storage):
    queue_alerts(storage, 2, chats=("blocked", "fine"))
    transport = RecordingTransport()

    async def send(chat: ChatRef, message, gate=None):
        if chat.chat_id == "blocked":
            return ChatGone("403 Forbidden: bot was blocked by the user")
        return await RecordingTransport.send(transport, chat, message, gate)

    transport.send = send  # type: ignore[method-assign]
    report = await Sender(storage, {"test": transport}, clock=Clock()).drain()
    assert report.sent == 2 and report.failed == 2
    assert [s.chat_id for s in storage.subscriptions.active()] == ["fine"]
    # New alerts are no longer queued for the blocked chat.
    queue_alerts(storage, 0)
    assert storage.outbox.counts() == {"sent": 2, "failed": 2}


async def test_crash_between_send_and_mark_resends_at_most_that_message(storage, database):
    queue_alerts(storage, 3)
    transport = RecordingTransport(crash_after_send=True)
    with pytest.raises(SimulatedCrash):
        await Sender(storage, {"test": transport}, clock=Clock()).drain()
    assert len(transport.delivered) == 1
    storage.close()

    # Restart: a new process opens the same database.
    reopened = Storage.open(database)
    try:
        transport.crash_after_send = False
        await Sender(reopened, {"test": transport}, clock=Clock()).drain()
        titles = [t.splitlines()[0] for t in transport.texts()]
        assert titles == ["Report 0", "Report 0", "Report 1", "Report 2"]
        assert {m.status for m in reopened.outbox.all()} == {"sent"}
    finally:
        reopened.close()


async def test_a_mute_holds_alerts_and_its_end_brings_one_digest_then_normal_alerts(storage):
    queue_alerts(storage, 0)
    clock = Clock()
    storage.subscriptions.mute("test", "a", until=clock.now + 3600)
    queue_alerts(storage, 3)
    transport = RecordingTransport()
    sender = Sender(storage, {"test": transport}, clock=clock)
    assert (await sender.drain()).sent == 0  # held while muted
    clock.now += 3601  # the mute ends by itself
    assert (await sender.drain()).sent == 3
    [digest] = transport.texts("a")
    assert digest.startswith("3 reports while alerts were held (mute or quiet hours)")
    # Later alerts arrive one by one again.
    storage.items.store(
        NewItem(
            feed_id=1,
            title="Later",
            summary="",
            link=None,
            canonical_link=None,
            guid="late",
            lang="en",
            published_at=None,
            keys=("guid:1:late",),
        ),
        [MatchRecord("iran-usa", True, 4.0, (), "t")],
        {"iran-usa": AlertPayload("iran-usa", "Iran–USA talks", title="Later", source="Wire")},
        now=clock.now,
    )

    await sender.drain()
    assert transport.texts("a")[-1].splitlines()[0] == "Later"


async def test_a_chat_gets_reports_in_publication_order_and_a_retry_keeps_it(storage):
    clock = Clock()
    # Queued in the order feeds answered, not as published: 10:00, 07:00, then one undated
    # (it counts as published when fetched, after both).
    hour = 3600.0
    queue_report(storage, 1, clock.now - 3 * hour)
    queue_report(storage, 2, clock.now - 6 * hour)
    queue_report(storage, 3, None)
    transport = RecordingTransport(script=deque([RetryLater("HTTP 502")]))
    sender = Sender(storage, {"test": transport}, DeliverySettings(backoff_seconds=60), clock=clock)
    await sender.drain()  # the earliest report fails once: the later ones wait behind it
    assert transport.texts("a") == []
    # A report published earlier still, found meanwhile, goes before them all.
    queue_report(storage, 4, clock.now - 9 * hour)
    await sender.drain()
    clock.now += 80
    await sender.drain()
    assert [t.splitlines()[0] for t in transport.texts("a")] == [
        "Report 4",
        "Report 2",
        "Report 1",
        "Report 3",
    ]


async def test_alerts_of_one_poll_reach_a_chat_in_publication_order_across_feeds(feed_server, app_for):
    first = feed_server.set("/first.xml", body=rss([]))
    second = feed_server.set("/second.xml", body=rss([]))
    transport = RecordingTransport()
    app = app_for(first, second, transport=transport)
    app.sender.burst_threshold = 5  # five alerts one by one, not as a burst
    app.service.follow(ChatRef("test", "desk"), "iran-usa")
    await app.poller.poll_once(force=True)  # primed: a new feed's backlog is not alerted
    # Each feed lists its reports in an order of its own; together they interleave in time.
    feed_server.set(
        "/first.xml", body=rss([report_at("12:00", 1), report_at("08:15", 2), report_at("13:00", 3)])
    )
    feed_server.set("/second.xml", body=rss([report_at("10:00", 4), report_at("07:00", 5)]))
    assert (await app.poller.poll_once(force=True)).queued == 5
    await app.sender.drain()
    assert [hour_of(text) for text in transport.texts("desk")] == [
        "07:00",
        "08:15",
        "10:00",
        "12:00",
        "13:00",
    ]


def refusing(transport: RecordingTransport, answers: dict[str, list]) -> None:
    """The transport answers the alert titled ``t`` with ``answers[t]``, one per try, before
    it takes it; other alerts arrive as usual."""

    async def send(chat: ChatRef, message, gate=None):
        waiting = answers.get(message.payload.title)
        if waiting:
            return waiting.pop(0)
        return await RecordingTransport.send(transport, chat, message, gate)

    transport.send = send  # type: ignore[method-assign]


async def settle(sender: Sender, storage: Storage, clock: Clock) -> None:
    """Drain until no row waits (pending or held), moving the clock to each retry time."""
    for _ in range(50):
        await sender.drain()
        waiting = [m for m in storage.outbox.all() if m.status in ("pending", "held")]
        if not waiting:
            return
        later = [m.next_attempt_at for m in waiting if m.next_attempt_at > clock.now]
        clock.now = min(later, default=clock.now)
    raise AssertionError("the outbox did not settle")


async def test_a_refused_alert_waits_apart_and_is_failed_after_the_bound(storage):
    queue_alerts(storage, 3)
    transport = RecordingTransport()
    refusing(transport, {"Report 0": [Refused("400 Bad Request: message thread not found")] * 3})
    clock = Clock()
    settings = DeliverySettings(refused_attempts=3)
    metrics = Metrics()
    sender = Sender(storage, {"test": transport}, settings, clock=clock, metrics=metrics)

    first = await sender.drain()
    # The chat's later alerts do not wait for the refused one.
    assert [t.splitlines()[0] for t in transport.texts("a")] == ["Report 1", "Report 2"]
    assert (first.sent, first.retried, first.failed) == (2, 1, 0)
    await settle(sender, storage, clock)
    refused = storage.outbox.all()[0]
    assert (refused.status, refused.attempts) == ("failed", 3)  # kept, not deleted
    assert refused.last_error == "400 Bad Request: message thread not found"
    assert [s.chat_id for s in storage.subscriptions.active()] == ["a"]  # the chat stays
    total, [listed] = storage.outbox.failures()
    assert (total, listed.title, listed.attempts, listed.failed_at) == (1, "Report 0", 3, clock.now)
    assert 'talkwatch_alerts_failed_total{reason="refused",transport="test"} 1.0' in metrics.render().decode()

    # The next alert of the chat arrives as usual.
    queue_alerts(storage, 4)
    await settle(sender, storage, clock)
    assert transport.texts("a")[-1].splitlines()[0] == "Report 3"


async def test_a_malformed_alert_is_failed_at_once(storage, caplog):
    queue_alerts(storage, 2)
    transport = RecordingTransport()
    refusing(transport, {"Report 0": [Refused("400 Bad Request: message is too long", malformed=True)]})
    report = await Sender(storage, {"test": transport}, clock=Clock()).drain()
    assert (report.sent, report.failed, report.retried) == (1, 1, 0)
    first, second = storage.outbox.all()
    assert (first.status, first.attempts, second.status) == ("failed", 1, "sent")
    assert "refused as malformed (400 Bad Request: message is too long): marked failed at once" in caplog.text


async def test_errors_that_may_heal_are_retried_in_order_then_failed_after_the_bound(storage):
    queue_alerts(storage, 2)
    transport = RecordingTransport()
    refusing(transport, {"Report 0": [RetryLater("HTTP 502")] * 3})
    clock = Clock()
    sender = Sender(storage, {"test": transport}, DeliverySettings(retry_attempts=3), clock=clock)
    await sender.drain()
    assert transport.texts() == []  # a retry keeps the chat's order: the later alert waits
    await settle(sender, storage, clock)
    first, second = storage.outbox.all()
    assert (first.status, first.attempts, second.status) == ("failed", 3, "sent")
    assert [t.splitlines()[0] for t in transport.texts("a")] == ["Report 1"]


async def test_a_flood_wait_never_fails_an_alert(storage):
    queue_alerts(storage, 1)
    transport = RecordingTransport()
    refusing(transport, {"Report 0": [RetryLater("429", retry_after=5)] * 5})
    clock = Clock()
    await settle(
        Sender(storage, {"test": transport}, DeliverySettings(retry_attempts=2), clock=clock), storage, clock
    )
    assert storage.outbox.all()[0].status == "sent" and len(transport.texts()) == 1


@pytest.mark.parametrize("key", ["refused_attempts", "retry_attempts"])
def test_the_attempt_bounds_are_checked_at_start(key, tmp_path):
    config = tmp_path / "tw.toml"
    config.write_text(f"[delivery]\n{key} = 0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=rf"^delivery\.{key}: must be between 1 and \d+, got 0$"):
        load_settings(config, env={})
    assert getattr(load_settings(None, env={}).delivery, key) >= 3  # the defaults allow a few tries


async def test_a_chat_that_moved_takes_its_subscriptions_settings_and_waiting_alerts(storage):
    subscriptions = storage.subscriptions
    queue_alerts(storage, 3, chats=("old",))
    subscriptions.set_languages("test", "old", ("en", "de"))
    subscriptions.set_quiet("test", "old", "22:00-07:00 Europe/Berlin")
    subscriptions.mute("test", "new", until=2_000_000_000.0)  # the new id has a setting of its own
    sent, _, quiet = storage.outbox.all()
    storage.outbox.mark_sent(sent.id, "m1")  # sent before the move: stays in the old chat's history
    storage.outbox.hold([quiet.id], until=2_000_000_000.0)  # held by quiet hours: moves, still held

    moved = subscriptions.move_chat("test", "old", "new")
    assert (moved.subscriptions, moved.alerts) == (1, 2)
    assert [(s.chat_id, s.active) for s in subscriptions.all()] == [("new", True)]
    assert [(m.chat_id, m.status) for m in storage.outbox.all()] == [
        ("old", "sent"),
        ("new", "pending"),
        ("new", "held"),
    ]
    settings = subscriptions.chat_settings("test", "new")
    assert settings.languages == ("en", "de") and settings.quiet == "22:00-07:00 Europe/Berlin"
    assert settings.muted_until == 2_000_000_000.0  # its own setting wins
    assert subscriptions.chat_settings("test", "old") == ChatSettings()
    assert subscriptions.move_chat("test", "old", "new") == ChatMove(0, 0)  # a second time: nothing


async def test_a_move_onto_a_chat_that_follows_already_sends_each_alert_once(storage):
    queue_alerts(storage, 1, chats=("old",))  # Report 0 for the old id only
    queue_alerts(storage, 3, chats=("old", "new"))  # Reports 1 and 2 for both
    moved = storage.subscriptions.move_chat("test", "old", "new")
    assert moved.alerts == 1
    transport = RecordingTransport()
    await settle(Sender(storage, {"test": transport}, clock=(clock := Clock())), storage, clock)
    assert sorted(t.splitlines()[0] for t in transport.texts("new")) == ["Report 0", "Report 1", "Report 2"]
    assert transport.texts("old") == []
    assert [(s.chat_id, s.active) for s in storage.subscriptions.all()] == [("new", True), ("old", False)]


async def test_an_edit_for_a_chat_that_moved_is_done_its_message_stays_in_the_old_chat(storage):
    queue_alerts(storage, 1, chats=("old",))
    transport = RecordingTransport()
    clock = Clock()
    sender = Sender(storage, {"test": transport}, clock=clock)
    await sender.drain()
    [alert] = storage.outbox.all()
    storage.db.execute(  # the story's second outlet: an edit of the sent alert is queued
        "INSERT INTO outbox (subscription_id, transport, chat_id, thread_id, topic, item_id, kind, payload, "
        "status, next_attempt_at, created_at, message_ref) SELECT subscription_id, transport, chat_id, "
        "thread_id, topic, item_id, 'edit', payload, 'pending', 0, created_at, message_ref FROM outbox "
        "WHERE id = ?",
        [alert.id],
    )

    async def edit(chat: ChatRef, message, gate=None):
        return ChatMoved("new", "400 group chat was upgraded to a supergroup")

    transport.edit = edit  # type: ignore[method-assign]
    report = await sender.drain()
    assert (report.sent, report.retried, report.failed) == (0, 0, 0)
    assert [(m.kind, m.status) for m in storage.outbox.all()] == [("alert", "sent"), ("edit", "sent")]
    assert [(s.chat_id, s.active) for s in storage.subscriptions.all()] == [("new", True)]
