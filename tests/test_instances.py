"""Several instances on one database: the lease, outbox claims, the ingest fence, and the
refusals (a second instance on one SQLite file, a database URL the bot cannot use)."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.cli import main
from bot.delivery.sender import Sender
from bot.ops.health import health
from bot.ops.leadership import LEASE_NAME, AlreadyRunning, Lease
from bot.records import AlertPayload, MatchRecord, NewItem, Pause
from bot.render.markup import render_plain
from config.settings import AdminSettings, ClusterSettings, SettingsError, load_settings
from storage import Storage, StorageError
from storage.database import DatabaseUnavailable
from tests.helpers.feeds import RELEVANT, rss
from tests.helpers.transports import RecordingTransport

ALERT = {"iran-usa": AlertPayload("iran-usa", "Iran–USA talks", title="T")}


@pytest.fixture
def storage(database):
    s = Storage.open(database)
    yield s
    s.close()


def test_one_holder_at_a_time_renewed_by_its_holder_taken_once_it_runs_out(storage):
    leases = storage.instances
    assert leases.acquire(LEASE_NAME, "a", 0.5)
    assert not leases.acquire(LEASE_NAME, "b", 0.5)  # a holds it
    first = leases.lease(LEASE_NAME)
    time.sleep(0.01)
    assert leases.acquire(LEASE_NAME, "a", 0.5)  # a renews
    renewed = leases.lease(LEASE_NAME)
    assert renewed.holder == "a" and renewed.expires_at > first.expires_at
    assert renewed.acquired_at == first.acquired_at
    time.sleep(0.6)
    assert leases.acquire(LEASE_NAME, "b", 0.5)  # a let it run out
    assert not leases.acquire(LEASE_NAME, "a", 0.5)
    assert leases.release(LEASE_NAME, "b")
    assert leases.acquire(LEASE_NAME, "a", 0.5)  # released: taken at once


async def test_a_leader_stops_acting_before_its_lease_runs_out_in_the_database(postgres_url):
    storage = Storage.open(postgres_url)
    # (its own renewals come too late here: it is as good as cut off after the first)
    leader = Lease(storage.instances, seconds=1.0, name="a", renew_every=100)
    other = Lease(storage.instances, seconds=1.0, name="b")
    try:
        assert await leader.beat() and leader.holds()
        assert not await other.beat()
        # The leader stops renewing (killed, cut off): it stops acting first ...
        deadline = time.monotonic() + 2
        while leader.holds():
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
        # ... while the lease still stands in the database, so nobody else may lead yet.
        assert not await other.beat()
        await asyncio.sleep(0.5)
        assert await other.beat() and other.holds()
        assert not await leader.beat() and not leader.holds()
    finally:
        await other.release()
        await leader.release()
        storage.close()


def _queue(storage: Storage, chats: list[str], n: int) -> None:
    for chat in chats:
        storage.subscriptions.follow("telegram", chat, "iran-usa")
    storage.feeds.ensure("https://f.example/rss", "F", "en")
    match = MatchRecord("iran-usa", True, 4.0, ("araghchi",), "r")
    for i in range(n):
        item = NewItem(1, f"T{i}", "", None, None, None, "en", None, (f"guid:{i}",))
        storage.items.store(item, [match], ALERT)


def test_a_claimed_row_and_the_rows_behind_it_are_left_to_the_claimant(storage):
    _queue(storage, ["x", "y"], 2)
    rows = storage.outbox.due(["telegram"], holder="a")
    x1, x2 = [r for r in rows if r.chat_id == "x"]
    assert storage.outbox.claim([x1.id], "a", 0.5)
    seen_by_b = storage.outbox.due(["telegram"], holder="b")
    # b gets neither x's claimed row nor the one queued behind it (x keeps its order) ...
    assert {r.chat_id for r in seen_by_b} == {"y"}
    assert not storage.outbox.claim([x1.id], "b", 0.5)
    assert not storage.outbox.claim([x2.id, x1.id], "b", 0.5)  # all or none
    assert storage.outbox.claim([x2.id], "b", 0.5)  # (the row behind was free on its own)
    storage.outbox.release("b")
    # ... a sees its own claim again (it may resume), and once the claim runs out b may take it.
    assert x1.id in {r.id for r in storage.outbox.due(["telegram"], holder="a")}
    time.sleep(0.6)
    assert storage.outbox.claim([x1.id], "b", 0.5)
    storage.outbox.mark_sent(x1.id, "m1")
    assert not storage.outbox.claim([x1.id], "a", 0.5)  # sent: nobody sends it again
    assert [r.id for r in storage.outbox.due(["telegram"], holder="a") if r.chat_id == "x"] == [x2.id]


def test_items_are_stored_only_under_a_held_lease_when_fenced(storage):
    storage.feeds.ensure("https://f.example/rss", "F", "en")
    storage.items.fence = (LEASE_NAME, "a")
    item = NewItem(1, "T", "", None, None, None, "en", None, ("guid:1",))
    with pytest.raises(StorageError):
        storage.items.store(item, [])  # a does not lead
    assert storage.items.count() == 0
    assert storage.instances.acquire(LEASE_NAME, "a", 5)
    assert storage.items.store(item, []) is not None
    assert storage.instances.release(LEASE_NAME, "a") and storage.instances.acquire(LEASE_NAME, "b", 5)
    with pytest.raises(StorageError):
        storage.items.store(replace(item, keys=("guid:2",)), [])
    assert storage.items.count() == 1


def test_a_chat_update_is_handled_once(storage):
    assert storage.instances.first_time("telegram:7")
    assert not storage.instances.first_time("telegram:7")
    assert storage.instances.forget_updates(before=time.time() + 1) == 1
    assert storage.instances.first_time("telegram:7")


def test_a_second_instance_on_one_sqlite_file_is_refused(settings_for, tmp_path, capsys):
    settings = settings_for()
    first = App.build(settings, [RecordingTransport()])
    with pytest.raises(AlreadyRunning, match="SQLite serves one talkwatch instance"):
        App.build(settings, [RecordingTransport()])
    config = tmp_path / "tw.toml"
    config.write_text("", "utf-8")
    assert main(["run", "--config", str(config), "--db", str(settings.database)]) == 2
    assert "is in use by talkwatch" in capsys.readouterr().err
    asyncio.run(first.aclose())
    again = App.build(settings, [RecordingTransport()])  # the first one stopped: the file is free
    asyncio.run(again.aclose())


def test_a_database_url_the_bot_cannot_use_stops_the_start_naming_the_setting(
    postgres_server, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match="TALKWATCH_DB: unknown database scheme 'mysql'"):
        load_settings(env={"TALKWATCH_DB": "mysql://tw@127.0.0.1/tw"})
    config = tmp_path / "tw.toml"
    config.write_text('database = "postgresql://tw:hunter2@db.example/tw"\n', "utf-8")
    with pytest.raises(SettingsError, match="password in the settings file; pass it in PGPASSWORD"):
        load_settings(config, env={})
    closed = f"postgresql://talkwatch@127.0.0.1:{postgres_server.port + 1}/x"
    with pytest.raises(DatabaseUnavailable, match=r"database: cannot connect to .*Connection refused"):
        Storage.open(closed)
    unknown_role = postgres_server.url().replace("talkwatch@", "nobody:hunter2@")
    with pytest.raises(DatabaseUnavailable, match='role "nobody" does not exist') as caught:
        Storage.open(unknown_role)
    assert "hunter2" not in str(caught.value)  # the password is never shown
    no_database = postgres_server.url("missing")
    assert main(["status", "--db", no_database]) == 2
    assert 'database "missing" does not exist' in capsys.readouterr().err
    assert os.listdir(tmp_path) == ["tw.toml"]  # no stray SQLite file, no "postgresql:" folder


async def test_two_instances_on_one_postgresql_one_leads_the_other_takes_over(
    postgres_url, settings_for, feed_server
):
    url = feed_server.set("/two.xml", body=rss([]))
    cluster = ClusterSettings(lease_seconds=2.0, heartbeat_seconds=0.5)
    transports = [RecordingTransport(), RecordingTransport()]
    apps = [
        App.build(
            replace(settings_for(url, db=postgres_url), cluster=replace(cluster, instance_name=name)), [t]
        )
        for name, t in zip(("one", "two"), transports, strict=True)
    ]
    for app in apps:
        app.storage.subscriptions.follow("test", "desk", "iran-usa")
    assert [await app.heartbeat() for app in apps] == [True, False]
    leader, follower = apps
    # /healthz says which one leads, and who it is.
    views = [health(app.probes())[1] for app in apps]
    assert [(c["leader"], c["instance"], c["polling"]) for c in views] == [
        (True, "one", "active"),
        (False, "two", "by the leader"),
    ]
    assert "talkwatch_leader 1.0" in leader.metrics.render().decode()
    assert "talkwatch_leader 0.0" in follower.metrics.render().decode()
    await leader.poller.poll_once(force=True)  # the feed's first answer primes it
    # The follower neither polls nor sends; it still answers chats (its router works).
    feed_server.set("/two.xml", body=rss(RELEVANT[:2]))
    await follower._poll_job()
    assert follower.storage.items.count() == 0
    assert follower.router.dispatch("/help", CommandContext(ChatRef("test", "desk"))) is not None
    await leader.poller.poll_once(force=True)
    await follower._drain_job()
    assert transports[1].delivered == []
    await leader._drain_job()
    assert len(transports[0].delivered) >= 1
    # The leader stops cleanly: it hands over at once.
    await leader.aclose()
    assert await follower.heartbeat()
    feed_server.set("/two.xml", body=rss(RELEVANT[:4]))
    await follower.poller.poll_once(force=True)
    await follower._drain_job()
    delivered = [item for _, _, item in transports[0].delivered + transports[1].delivered]
    assert len(delivered) == len(set(delivered)) >= 2  # nothing twice across the handover
    await follower.aclose()


def test_a_pause_is_one_row_that_every_instance_reads(storage):
    assert storage.instances.paused() is None
    assert storage.instances.pause("telegram 42", now=100.0)
    assert not storage.instances.pause("slack U1")  # paused already: the first pause stands
    assert storage.instances.paused() == Pause("telegram 42", 100.0)
    assert storage.instances.resume()
    assert not storage.instances.resume()
    assert storage.instances.paused() is None


async def test_pause_sent_to_an_instance_that_does_not_lead_holds_through_failover_and_restarts(
    postgres_url, settings_for, feed_server
):
    url = feed_server.set("/paused.xml", body=rss([]))
    cluster = ClusterSettings(lease_seconds=2.0, heartbeat_seconds=0.5)
    running: list[App] = []

    def start(name: str) -> App:
        settings = replace(
            settings_for(url, db=postgres_url),
            cluster=replace(cluster, instance_name=name),
            admins=AdminSettings(telegram=("42",)),
        )
        app = App.build(settings, [RecordingTransport()])
        running.append(app)
        return app

    def say(app: App, text: str) -> str:
        reply = app.router.dispatch(text, CommandContext(ChatRef("telegram", "42"), user_id="42"))
        assert reply is not None
        return render_plain(reply.document)

    async def fetches(app: App) -> int:
        """The feed is due; one scheduled poll tick of ``app``: the fetches it made."""
        app.storage.db.execute("UPDATE feeds SET next_poll_at = 0")
        before = len(feed_server.hits("/paused.xml"))
        await app._poll_job()
        await app.poller.settled(30, 30)
        return len(feed_server.hits("/paused.xml")) - before

    async def stop(app: App) -> None:
        running.remove(app)
        await app.aclose()

    try:
        one, two = start("one"), start("two")
        assert [await one.heartbeat(), await two.heartbeat()] == [True, False]
        assert await fetches(one) == 1
        # An operator's /pause reaches the instance that does not lead ...
        assert say(two, "/pause") == (
            "Polling paused for every instance. Queued alerts are still delivered; /resume to poll again."
        )
        # ... and the leader polls no more; every instance says so.
        assert await fetches(one) == 0
        assert [health(app.probes())[1]["polling"] for app in (one, two)] == ["paused", "paused"]
        again_paused = say(one, "/pause")
        assert again_paused.startswith("Polling is already paused (since ")
        assert again_paused.endswith(" UTC, by telegram 42).")
        assert "Polling: paused since " in say(two, "/stats")

        # The leader stops; the other instance leads, and stays paused.
        await stop(one)
        assert await two.heartbeat()
        assert await fetches(two) == 0
        # The first one comes back (a restart) and leads once the second stops: still paused.
        again = start("one")
        assert not await again.heartbeat()
        await stop(two)
        assert await again.heartbeat()
        assert await fetches(again) == 0
        assert health(again.probes())[1]["polling"] == "paused"

        # /resume on an instance that does not lead resumes the leader's polling ...
        standby = start("two")
        assert not await standby.heartbeat()
        assert say(standby, "/resume") == "Polling resumed."
        assert await fetches(again) == 1
        assert [health(app.probes())[1]["polling"] for app in (again, standby)] == ["active", "by the leader"]
        # ... and so does /resume on the leader.
        assert say(again, "/pause").startswith("Polling paused for every instance.")
        assert await fetches(again) == 0
        assert say(again, "/resume") == "Polling resumed."
        assert say(standby, "/resume") == "Polling is not paused."
        assert await fetches(again) == 1
    finally:
        for app in running:
            await app.aclose()


def test_the_migrate_command_on_postgresql(postgres_url, capsys):
    assert main(["migrate", "--db", postgres_url]) == 0
    assert capsys.readouterr().out.startswith("applied migrations: 1, 2, 3, 4, 5, 6, 7")
    assert main(["migrate", "--db", postgres_url]) == 0
    assert capsys.readouterr().out.strip() == "database is up to date"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_backup_of_either_backend(backend, tmp_path, request, capsys):
    database: Path | str = (
        tmp_path / "b.db" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    )
    with Storage.open(database) as storage:
        storage.subscriptions.follow("telegram", "42", "iran-usa")
    target = tmp_path / "copy.backup"
    assert main(["backup", str(target), "--db", str(database)]) == 0
    assert f"backup written to {target}" in capsys.readouterr().out
    head = target.read_bytes()[:16]
    assert head.startswith(b"SQLite format 3" if backend == "sqlite" else b"PGDMP")


async def test_handled_updates_are_forgotten_after_two_days(app_for):
    app = app_for()
    app.storage.instances.first_time("telegram:1", now=time.time() - 3 * 86400)
    app.storage.instances.first_time("telegram:2")
    app._forget_old_updates()
    assert app.storage.instances.first_time("telegram:1")  # forgotten: it would be handled again
    assert not app.storage.instances.first_time("telegram:2")


async def test_a_poll_by_an_instance_that_no_longer_leads_stores_nothing_and_blames_no_feed(
    postgres_url, settings_for, feed_server
):
    url = feed_server.set("/n.xml", body=rss(RELEVANT[:2]))
    app = App.build(settings_for(url, db=postgres_url), [])
    assert app.storage.instances.acquire(LEASE_NAME, "the-leader", 30)
    report = await app.poller.poll_once(force=True)
    assert [r.error for r in report.results] == ["not leading"]
    assert app.storage.items.count() == 0
    assert app.storage.feeds.all()[0].consecutive_failures == 0  # the leader's schedule is untouched
    await app.aclose()


def test_the_poll_command_on_postgresql_polls_only_when_no_instance_leads(postgres_url, tmp_path, capsys):
    from bot.demo.feedserver import FeedServer
    from tests.helpers.feedgen import rss as bench_rss

    with FeedServer() as server:
        server.publish("/p.xml", bench_rss([], "P"))
        config = tmp_path / "tw.toml"
        config.write_text(f'[[feeds]]\nurl = "{server.base_url}/p.xml"\nname = "P"\n', "utf-8")
        args = ["poll", "--config", str(config), "--db", postgres_url]
        with Storage.open(postgres_url) as storage:
            assert storage.instances.acquire(LEASE_NAME, "a-running-bot", 30)
            assert main(args) == 2
            assert "another instance leads" in capsys.readouterr().err
            assert storage.instances.release(LEASE_NAME, "a-running-bot")
        assert main(args) == 0
        assert capsys.readouterr().out.startswith("feeds 1: fetched 1,")
        with Storage.open(postgres_url) as storage:
            assert storage.feeds.all()[0].primed  # it polled
            assert storage.instances.lease(LEASE_NAME) is None  # and handed the lease back


async def test_a_send_whose_claim_outlasted_the_lease_is_not_made(storage):
    _queue(storage, ["x"], 1)
    answers = iter([True, True, False])  # leads at the drain and before the claim, not after it
    transport = RecordingTransport()
    sender = Sender(
        storage, {"telegram": transport}, holder="a", may_send=lambda: next(answers, False), claim_seconds=30
    )
    transport.name = "telegram"
    await sender.drain()
    assert transport.delivered == []
    [row] = storage.outbox.all()
    assert row.status == "pending"
    assert storage.outbox.claim([row.id], "b", 30)  # released: the next leader may send it
