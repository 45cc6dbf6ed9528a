"""Storage: migrations, WAL, and the one-transaction match + outbox write."""

import json
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from bot.records import AlertPayload, FeedSuccess, MatchRecord, NewItem
from storage import Storage, StorageError
from storage.migrations import MIGRATIONS, applied_versions

ALERT = {"iran-usa": AlertPayload("iran-usa", "Iran–USA talks", title="T1")}


def item(n: int, keys: tuple[str, ...] | None = None) -> NewItem:
    return NewItem(
        feed_id=1,
        title=f"T{n}",
        summary="",
        link=None,
        canonical_link=None,
        guid=None,
        lang="en",
        published_at=None,
        keys=keys or (f"guid:1:{n}",),
    )


@pytest.fixture
def storage(database):
    s = Storage.open(database)
    s.feeds.ensure("https://f.example/rss", "F", "en")
    yield s
    s.close()


def test_a_bot_on_sqlite_does_not_load_the_postgresql_driver(tmp_path):
    # psycopg is 9 MiB of a bot that never talks to PostgreSQL: it is loaded by a
    # PostgreSQL engine only.
    code = (
        "import sys\n"
        "from bot.app import App\n"
        "from storage import Storage\n"
        f"storage = Storage.open({str(tmp_path / 'bot.db')!r})\n"
        "storage.for_thread().close(); storage.close()\n"
        "print(','.join(m for m in ('psycopg', 'psycopg_pool') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_a_postgresql_failure_reaches_callers_as_a_storage_error_and_loses_nothing(postgres_url):
    # Callers catch StorageError without knowing the driver: a write PostgreSQL refuses
    # (here: another session holds the table's lock past the lock timeout) must arrive as
    # one, with the server's reason, and the same write go through once the lock is gone.
    import psycopg

    storage = Storage.open(postgres_url, busy_timeout_ms=1000)
    storage.feeds.ensure("https://f.example/rss", "F", "en")
    try:
        with psycopg.connect(postgres_url, autocommit=True) as other:
            with other.transaction():
                other.execute("LOCK TABLE items, item_keys IN ACCESS EXCLUSIVE MODE")
                with pytest.raises(StorageError) as caught:
                    storage.items.store(item(1), [])
                with pytest.raises(StorageError):
                    storage.items.known_keys(["guid:1:1"])  # a read, outside a transaction
            assert "lock timeout" in str(caught.value)
            assert isinstance(caught.value.__cause__, psycopg.errors.LockNotAvailable)
        assert storage.items.store(item(1), []) is not None
        assert storage.items.known_keys(["guid:1:1"]) == {"guid:1:1"}
    finally:
        storage.close()


def test_migrations_apply_once(database, storage):
    assert applied_versions(storage.db) == {v for v, _, _ in MIGRATIONS}
    assert storage.db.migrated == [v for v, _, _ in MIGRATIONS]
    again = Storage.open(database)
    assert applied_versions(again.db) == {v for v, _, _ in MIGRATIONS}
    assert again.db.migrated == []
    again.close()


def test_sqlite_runs_in_wal_mode(tmp_path):
    with Storage.open(tmp_path / "s.db") as storage:
        assert storage.db.one("PRAGMA journal_mode") == {"journal_mode": "wal"}


def test_an_item_known_under_any_key_is_not_stored_again(storage):
    assert storage.items.store(item(1, ("guid:1:a", "link:https://n.example/x")), []) is not None
    assert storage.items.store(item(2, ("guid:1:b", "link:https://n.example/x")), []) is None
    assert storage.items.count() == 1


def test_cited_reports_come_oldest_first_whatever_order_they_were_stored_in(storage):
    # /status quotes the reports a round cites in this order: it must not depend on which
    # feed answered first (the order items were stored in).
    for n, published in ((1, 3000.0), (2, 1000.0), (3, 2000.0)):
        storage.items.store(replace(item(n), link=f"https://n.example/{n}", published_at=published), [])
    links = [f"https://n.example/{n}" for n in (1, 2, 3)]
    assert [r.title for r in storage.items.by_links(links)] == ["T2", "T3", "T1"]


def test_match_and_alerts_are_written_together_or_not_at_all(storage):
    storage.subscriptions.follow("test", "c1", "iran-usa")
    match = MatchRecord("iran-usa", True, 4.0, ("araghchi",), "r")

    class Boom(Exception):
        pass

    original = storage.db.execute

    def failing(sql, *args, **kwargs):
        if sql.startswith("INSERT INTO outbox"):
            raise Boom
        return original(sql, *args, **kwargs)

    storage.db.execute = failing
    with pytest.raises(Boom):
        storage.items.store(item(1), [match], ALERT)
    storage.db.execute = original
    # Nothing half-written: the item can be stored (and alerted) on the next poll.
    assert storage.items.count() == 0
    assert storage.db.count("matches") == 0
    stored = storage.items.store(item(1), [match], ALERT)
    assert stored.queued == 1


def test_follow_unfollow_and_refollow(storage):
    assert storage.subscriptions.follow("telegram", "42", "iran-usa")
    assert not storage.subscriptions.follow("telegram", "42", "iran-usa")
    assert storage.subscriptions.unfollow("telegram", "42", "iran-usa")
    assert not storage.subscriptions.unfollow("telegram", "42", "iran-usa")
    assert storage.subscriptions.follow("telegram", "42", "iran-usa")
    assert [s.chat_id for s in storage.subscriptions.active("iran-usa")] == ["42"]


def test_an_alert_sent_before_alerts_named_their_story_is_still_edited(database, monkeypatch):
    # A database from the release before migration 12: one story, its alert sent to a chat.
    from storage import migrations

    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 12])
    now = time.time()
    with Storage.open(database) as old:
        first = old.feeds.ensure("https://a.example/rss", "Outlet A", "en")
        second = old.feeds.ensure("https://b.example/rss", "Outlet B", "en")
        old.subscriptions.follow("test", "c1", "iran-usa")
        sub = old.db.one("SELECT id FROM subscriptions")["id"]
        story = old.db.insert(
            "INSERT INTO stories (topic, created_at) VALUES ('iran-usa', ?) RETURNING id", [now]
        )
        item_id = old.db.insert(
            "INSERT INTO items (feed_id, title, fetched_at) VALUES (?, 'Talks resume', ?) RETURNING id",
            [first.id, now],
        )
        old.db.execute(
            "INSERT INTO matches (item_id, topic, relevant, score, actors, reason, created_at, story_id) "
            "VALUES (?, 'iran-usa', 1, 4, '[]', 'r', ?, ?)",
            [item_id, now, story],
        )
        payload = json.dumps(AlertPayload("iran-usa", "Iran–USA talks", title="Talks resume").to_json())
        old.db.execute(
            "INSERT INTO outbox (subscription_id, transport, chat_id, topic, item_id, kind, payload, "
            "status, next_attempt_at, created_at, sent_at, message_ref) "
            "VALUES (?, 'test', 'c1', 'iran-usa', ?, 'alert', ?, 'sent', ?, ?, ?, 'm1')",
            [sub, item_id, payload, now, now, now],
        )
    monkeypatch.undo()
    with Storage.open(database) as new:  # migrates to the current schema
        copy = replace(item(2), feed_id=second.id, title="Talks resume, says B")
        match = MatchRecord("iran-usa", True, 4.0, ("araghchi",), "r", story_id=story)
        assert new.items.store_many([(copy, [match], {})], now=now + 60).items[0] is not None
        edits = [m for m in new.outbox.all() if m.kind == "edit"]
    assert [(e.chat_id, e.message_ref, e.payload.outlets) for e in edits] == [
        ("c1", "m1", ("Outlet A", "Outlet B"))
    ]


def test_a_batch_stores_each_new_item_once_under_its_own_id_with_its_keys_and_matches(storage):
    # Many items are written in one statement each for items, keys and matches: every
    # stored item must still get its own keys and match, and the known ones (stored
    # before, or twice in the batch) none, in the batch's order.
    storage.items.store(item(1), [])
    batch = [
        (item(2, ("guid:1:2", "title:two")), [MatchRecord("iran-usa", True, 4.0, ("araghchi",), "r2")], {}),
        (item(9, ("guid:1:1",)), [MatchRecord("iran-usa", True, 4.0, (), "known")], {}),
        (item(3), [MatchRecord("iran-usa", False, 0.0, (), "r3")], {}),
        (item(4, ("title:two",)), [MatchRecord("iran-usa", True, 4.0, (), "again")], {}),
        (item(5), [MatchRecord("iran-usa", True, 3.0, ("witkoff",), "r5")], ALERT),
    ]
    storage.subscriptions.follow("test", "c1", "iran-usa")
    stored = storage.items.store_many(batch).items
    assert [s is not None for s in stored] == [True, False, True, False, True]
    assert [s.queued for s in stored if s is not None] == [0, 0, 1]
    rows = storage.db.query(
        "SELECT items.id, items.title, matches.reason, matches.actors FROM items "
        "LEFT JOIN matches ON matches.item_id = items.id ORDER BY items.id"
    )
    assert [(r["title"], r["reason"], json.loads(r["actors"] or "[]")) for r in rows] == [
        ("T1", None, []),
        ("T2", "r2", ["araghchi"]),
        ("T3", "r3", []),
        ("T5", "r5", ["witkoff"]),
    ]
    ids = {r["title"]: r["id"] for r in rows}
    assert [s.item_id for s in stored if s is not None] == [ids["T2"], ids["T3"], ids["T5"]]
    keys = {r["key"]: r["item_id"] for r in storage.db.query("SELECT key, item_id FROM item_keys")}
    assert keys == {
        "guid:1:1": ids["T1"],
        "guid:1:2": ids["T2"],
        "title:two": ids["T2"],
        "guid:1:3": ids["T3"],
        "guid:1:5": ids["T5"],
    }
    assert [(m.chat_id, m.item_id) for m in storage.outbox.all()] == [("c1", ids["T5"])]
    # The next batch's ids come after these, and a store one at a time still works.
    assert storage.items.store(item(6), []).item_id > ids["T5"]


def test_a_feed_body_larger_than_one_statement_takes_is_stored_whole(storage):
    # A statement takes at most 999 values (older SQLite's limit): 150 items of ten
    # columns go in two, and every item keeps its own keys and match.
    batch = [
        (
            item(n, (f"guid:1:{n}", f"link:https://f.example/{n}")),
            [MatchRecord("iran-usa", n % 3 == 0, float(n), (), f"reason {n}")],
            {},
        )
        for n in range(150)
    ]
    statements = []
    execute = storage.db.execute

    def counted(sql, params=()):
        statements.append(sql.split(" (")[0])
        return execute(sql, params)

    storage.db.execute = counted  # type: ignore[method-assign]
    stored = storage.items.store_many(batch).items
    del storage.db.execute
    assert statements.count("INSERT INTO items") == 2  # 99 rows of ten values, then 51
    assert statements.count("INSERT INTO matches") == 2 and statements.count("INSERT INTO item_keys") == 1
    assert all(s is not None for s in stored) and len({s.item_id for s in stored if s}) == 150
    rows = storage.db.query(
        "SELECT items.title, matches.reason, COUNT(item_keys.key) AS keys FROM items "
        "JOIN matches ON matches.item_id = items.id JOIN item_keys ON item_keys.item_id = items.id "
        "GROUP BY items.id, items.title, matches.reason ORDER BY items.id"
    )
    assert [(r["title"], r["reason"], r["keys"]) for r in rows] == [
        (f"T{n}", f"reason {n}", 2) for n in range(150)
    ]


def test_the_feeds_due_are_those_whose_time_has_come(storage):
    """``due(now)``: a feed whose next poll is now or past, in the order they were added;
    one that is due a moment later is not (both backends, through the index)."""
    first = storage.feeds.by_url("https://f.example/rss")
    second = storage.feeds.ensure("https://g.example/rss", "G", "en")
    third = storage.feeds.ensure("https://h.example/rss", "H", "en")
    now = 1_800_000_000.0
    storage.feeds.record_successes(
        [
            FeedSuccess(first.id, None, None, None, now, True, 60),  # due this very moment
            FeedSuccess(second.id, None, None, None, now + 0.5, True, 60),
            FeedSuccess(third.id, None, None, None, now - 60, True, 60),
        ]
    )
    assert [f.id for f in storage.feeds.due(now)] == [first.id, third.id]
    assert [f.id for f in storage.feeds.due(now - 61)] == []
    assert [f.id for f in storage.feeds.due(now + 1)] == [first.id, second.id, third.id]
    indexes = (
        storage.db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'feeds'")
        if storage.db.dialect == "sqlite"
        else storage.db.query("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'feeds'")
    )
    assert "feeds_next_poll" in {r["name"] for r in indexes}
