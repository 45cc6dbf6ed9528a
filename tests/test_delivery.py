"""The outbox sender: at-least-once, never dropped, at most one duplicate after a crash."""

from __future__ import annotations

import itertools

import pytest

from bot.chat import ChatRef
from bot.delivery.sender import Sender
from bot.delivery.transports.base import ChatGone, RetryLater
from config.settings import DeliverySettings
from storage import Storage
from storage.records import AlertPayload, MatchRecord, NewItem
from tests.helpers.transports import RecordingTransport, SimulatedCrash


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


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
