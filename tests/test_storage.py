"""Storage: migrations, WAL, and the one-transaction match + outbox write."""

import pytest

from storage import Storage
from storage.migrations import MIGRATIONS, applied_versions
from storage.records import AlertPayload, MatchRecord, NewItem

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
