"""Numbered schema migrations. Append new ones; never edit an applied one."""

from __future__ import annotations

import time
from collections.abc import Callable

from storage.engine import Engine
from storage.search import SearchIndex, create_index

# Migrations are written in SQLite's column types; Engine.ddl gives PostgreSQL's
# (INTEGER PRIMARY KEY → identity, REAL → double precision). Both get the same numbers.


def _run_script(db: Engine, script: str) -> None:
    """Run statements one by one: executescript() would COMMIT the migration's transaction."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            db.execute(db.ddl(statement))


def _m001_initial(db: Engine) -> None:
    _run_script(
        db,
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            lang TEXT,
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            primed INTEGER NOT NULL DEFAULT 0,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            healthy INTEGER NOT NULL DEFAULT 1,
            next_poll_at REAL NOT NULL DEFAULT 0,
            last_polled_at REAL,
            last_success_at REAL,
            last_error TEXT,
            last_error_at REAL,
            created_at REAL NOT NULL
        );
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            guid TEXT,
            link TEXT,
            canonical_link TEXT,
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            lang TEXT,
            published_at REAL,
            fetched_at REAL NOT NULL
        );
        CREATE INDEX items_feed ON items(feed_id);
        CREATE INDEX items_published ON items(published_at);
        -- Every identity an item is known by (feed GUID, canonical link, title hash).
        CREATE TABLE item_keys (
            key TEXT PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id)
        ) WITHOUT ROWID;
        CREATE TABLE matches (
            item_id INTEGER NOT NULL REFERENCES items(id),
            topic TEXT NOT NULL,
            relevant INTEGER NOT NULL,
            score REAL NOT NULL,
            actors TEXT NOT NULL,
            reason TEXT NOT NULL,
            lang TEXT,
            created_at REAL NOT NULL,
            PRIMARY KEY (item_id, topic)
        );
        CREATE INDEX matches_topic ON matches(topic, relevant);
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            transport TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            thread_id TEXT NOT NULL DEFAULT '',
            topic TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at REAL NOT NULL,
            deactivated_at REAL,
            deactivated_reason TEXT,
            UNIQUE (transport, chat_id, thread_id, topic)
        );
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
            transport TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            thread_id TEXT NOT NULL DEFAULT '',
            topic TEXT NOT NULL,
            item_id INTEGER REFERENCES items(id),
            kind TEXT NOT NULL DEFAULT 'alert',
            payload TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            created_at REAL NOT NULL,
            sent_at REAL,
            message_ref TEXT,
            UNIQUE (subscription_id, item_id, kind)
        );
        CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
        CREATE INDEX outbox_chat ON outbox(transport, chat_id, status);
        CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            topic TEXT NOT NULL,
            series TEXT NOT NULL,
            number INTEGER,
            date TEXT,
            venue TEXT,
            format TEXT,
            mediator TEXT,
            state TEXT NOT NULL,
            participants TEXT NOT NULL DEFAULT '[]',
            summary TEXT NOT NULL DEFAULT '',
            next_step TEXT NOT NULL DEFAULT '',
            sources TEXT NOT NULL DEFAULT '[]',
            origin TEXT NOT NULL DEFAULT 'baseline',
            updated_at REAL NOT NULL,
            UNIQUE (topic, series, number)
        );
        """,
    )


def _m002_mute(db: Engine) -> None:
    _run_script(
        db,
        """
        CREATE TABLE chats (
            transport TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            muted_until REAL,
            digest_pending INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (transport, chat_id)
        );
        """,
    )


def _m003_meta(db: Engine) -> None:
    _run_script(db, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _m004_stories(db: Engine) -> None:
    _run_script(
        db,
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            topic TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        ALTER TABLE matches ADD COLUMN story_id INTEGER REFERENCES stories(id);
        CREATE INDEX matches_story ON matches(story_id);
        ALTER TABLE rounds ADD COLUMN evidence TEXT NOT NULL DEFAULT '{}'
        """,
    )


def _m005_series(db: Engine) -> None:
    _run_script(
        db,
        """
        ALTER TABLE rounds ADD COLUMN end_date TEXT;
        CREATE TABLE series_events (
            id INTEGER PRIMARY KEY,
            topic TEXT NOT NULL,
            series TEXT NOT NULL,
            kind TEXT NOT NULL,
            date TEXT NOT NULL,
            outlet TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            url TEXT,
            official INTEGER NOT NULL DEFAULT 0,
            published REAL NOT NULL,
            created_at REAL NOT NULL,
            UNIQUE (topic, kind, date, outlet)
        );
        CREATE INDEX series_events_topic ON series_events(topic, series, date)
        """,
    )


def _m006_feed_interval(db: Engine) -> None:
    _run_script(db, 'ALTER TABLE feeds ADD COLUMN "interval" REAL')


def _m007_instances(db: Engine) -> None:
    _run_script(
        db,
        """
        -- A row being sent is claimed by one instance until claimed_until (database clock).
        ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
        ALTER TABLE outbox ADD COLUMN claimed_until REAL;
        -- Who leads (polls, ingests, sends) among the instances sharing this database.
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at REAL NOT NULL,
            expires_at REAL NOT NULL
        );
        -- Chat updates already handled (a webhook may deliver one twice, to any instance).
        CREATE TABLE chat_updates (
            key TEXT PRIMARY KEY,
            received_at REAL NOT NULL
        )
        """,
    )


def _m008_chat_languages(db: Engine) -> None:
    # The languages a chat wants its alerts in, comma-separated; NULL: every language.
    _run_script(db, "ALTER TABLE chats ADD COLUMN languages TEXT")


def _m009_quiet_hours(db: Engine) -> None:
    # A chat's quiet hours as it set them ("22:00-07:00 Europe/Berlin breaking"); NULL: none.
    # Alerts held during them are outbox rows with status 'held' until the hours end.
    _run_script(db, "ALTER TABLE chats ADD COLUMN quiet TEXT")


def _m010_daily_digest(db: Engine) -> None:
    # A chat's daily digest as it set it ("daily 08:00 Europe/Berlin"); NULL: instant alerts.
    _run_script(db, "ALTER TABLE chats ADD COLUMN digest TEXT")


def _m011_outbox_item(db: Engine) -> None:
    # A story's sent alerts are looked up by item whenever another outlet reports it.
    _run_script(db, "CREATE INDEX outbox_item ON outbox(item_id)")


def _m012_outbox_story(db: Engine) -> None:
    # An alert row names its story: when another outlet reports the story, its sent alerts
    # are found by the story alone, not through every report the story has had.
    _run_script(
        db,
        """
        ALTER TABLE outbox ADD COLUMN story_id INTEGER;
        UPDATE outbox SET story_id = (SELECT m.story_id FROM matches AS m
            WHERE m.item_id = outbox.item_id AND m.topic = outbox.topic);
        CREATE INDEX outbox_story ON outbox(story_id)
        """,
    )


def _m013_feeds_due(db: Engine) -> None:
    # The poller's tick (every two seconds) reads the feeds that are due, not all of them.
    _run_script(db, "CREATE INDEX feeds_next_poll ON feeds(next_poll_at)")


def _m014_readings(db: Engine) -> None:
    # What each report says of rounds and of the talks, as read; the rounds, their numbers
    # and the talks' state are computed from all of a topic's readings (bot.news.timeline).
    # The rounds and events kept report by report go: the stored reports are read again
    # into readings when the bot starts (bot.ingest.reread).
    places = ",\n".join(
        f"{p}_id TEXT, {p}_name TEXT, {p}_kind TEXT, {p}_country TEXT" for p in ("venue", "host", "mediator")
    )
    _run_script(
        db,
        f"""
        CREATE TABLE readings (
            id INTEGER PRIMARY KEY,
            topic TEXT NOT NULL,
            item_id INTEGER REFERENCES items(id),
            kind TEXT NOT NULL,
            outlet TEXT NOT NULL,
            official INTEGER NOT NULL DEFAULT 0,
            published REAL NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            url TEXT,
            lang TEXT,
            number INTEGER,
            new_round INTEGER NOT NULL DEFAULT 0,
            resumes INTEGER NOT NULL DEFAULT 0,
            goes_on INTEGER NOT NULL DEFAULT 0,
            retrospective INTEGER NOT NULL DEFAULT 0,
            state TEXT,
            date TEXT,
            end_date TEXT,
            dated TEXT,
            format TEXT,
            {places},
            created_at REAL NOT NULL
        );
        CREATE INDEX readings_topic ON readings(topic);
        CREATE INDEX readings_item ON readings(item_id);
        DROP TABLE rounds;
        DROP TABLE series_events
        """,
    )


def _m015_pauses(db: Engine) -> None:
    # An operator's /pause, answered by any instance and obeyed by whichever leads, now or
    # after a restart or a failover: a row while polling is paused.
    _run_script(
        db,
        """
        CREATE TABLE pauses (
            name TEXT PRIMARY KEY,
            paused_by TEXT NOT NULL,
            paused_at REAL NOT NULL
        )
        """,
    )


def _m016_outbox_published(db: Engine) -> None:
    # Each chat's alerts go in the order their reports were published (else fetched), not
    # in the order the feeds answered: the due rows are read in this order.
    _run_script(
        db,
        """
        ALTER TABLE outbox ADD COLUMN published_at REAL NOT NULL DEFAULT 0;
        UPDATE outbox SET published_at = COALESCE((SELECT i.published_at FROM items AS i
            WHERE i.id = outbox.item_id), created_at)
        """,
    )


def _m017_search(db: Engine) -> None:
    # A full-text index of every stored report (storage/search.py): FTS5 on SQLite, a
    # tsvector with a GIN index on PostgreSQL; built here for the reports stored before it.
    create_index(db)
    SearchIndex(db).build()


def _m018_outbox_parts(db: Engine) -> None:
    # A message too long for one chat message goes as several: how many of them the chat
    # has, so a stop, a database error or a failover between parts sends none twice.
    _run_script(db, "ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0")


def _m019_readings_begins(db: Engine) -> None:
    # A report that talks begin now (not after the fact): the day it speaks of is the
    # round's first. Stored readings are read again at start (the reader changed).
    _run_script(db, "ALTER TABLE readings ADD COLUMN begins INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: list[tuple[int, str, Callable[[Engine], None]]] = [
    (1, "initial schema", _m001_initial),
    (2, "chats: mute and digest", _m002_mute),
    (3, "meta: health probe and settings", _m003_meta),
    (4, "stories, and evidence per round", _m004_stories),
    (5, "multi-day rounds, and events of a series of talks", _m005_series),
    (6, "feeds: each feed's own polling interval", _m006_feed_interval),
    (7, "several instances: outbox claims, the leader's lease, handled updates", _m007_instances),
    (8, "chats: the languages a chat wants", _m008_chat_languages),
    (9, "chats: quiet hours", _m009_quiet_hours),
    (10, "chats: a daily digest instead of instant alerts", _m010_daily_digest),
    (11, "outbox: by item, for a story's sent alerts", _m011_outbox_item),
    (12, "outbox: the story of each alert", _m012_outbox_story),
    (13, "feeds: by when they are due", _m013_feeds_due),
    (14, "readings of rounds and events, from which the rounds are computed", _m014_readings),
    (15, "operators: polling paused, for every instance", _m015_pauses),
    (16, "outbox: each chat's alerts in order of publication", _m016_outbox_published),
    (17, "search: a full-text index of every stored report", _m017_search),
    (18, "outbox: the parts of a long message the chat has", _m018_outbox_parts),
    (19, "readings: talks said to begin now", _m019_readings_begins),
]


def applied_versions(db: Engine) -> set[int]:
    """Migration numbers already applied to this database."""
    if "_migrations" not in db.table_names():
        return set()
    return {row["version"] for row in db.query("SELECT version FROM _migrations")}


# Two instances starting at once on one PostgreSQL: the second waits for the first's
# migration instead of racing it (a transaction-scoped advisory lock; any fixed number).
_PG_MIGRATION_LOCK = 7_130_714


def migrate(db: Engine) -> list[int]:
    """Apply pending migrations in order, each in its own transaction; return their numbers."""
    applied = []
    for version, name, step in MIGRATIONS:
        with db.atomic():
            if db.dialect == "postgresql":
                db.query("SELECT pg_advisory_xact_lock(?)", [_PG_MIGRATION_LOCK])
            db.execute(
                db.ddl(
                    "CREATE TABLE IF NOT EXISTS _migrations "
                    "(version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)"
                )
            )
            if version in applied_versions(db):
                continue
            step(db)
            db.execute(
                "INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [version, name, time.time()],
            )
        applied.append(version)
    return applied
