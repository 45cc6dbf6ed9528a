"""Open the database a setting names: a SQLite file (WAL, foreign keys) or a PostgreSQL URL.

Either way the migrations are applied before anything else reads it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from storage.engine import Engine, PostgresEngine, PostgresError, SqliteEngine, is_postgres_url, redact
from storage.migrations import migrate


class DatabaseUnavailable(Exception):
    """The database setting names a database the bot cannot use (message says why)."""


def open_engine(database: Path | str | None, busy_timeout_ms: int = 5000) -> Engine:
    """Open (creating if needed) and migrate the database; ``None`` means SQLite in memory.

    ``busy_timeout_ms`` is how long a write waits for another process's lock before it
    fails with StorageError; the running bot keeps it short, so a lock held elsewhere
    never freezes its event loop (the write is retried later instead)."""
    if database is not None and is_postgres_url(database):
        return _open_postgres(str(database), busy_timeout_ms)
    return _open_sqlite(database, busy_timeout_ms)


def _open_sqlite(path: Path | str | None, busy_timeout_ms: int) -> SqliteEngine:
    if path is None or str(path) == ":memory:":
        db = sqlite_utils.Database(memory=True)
        file = None
    else:
        file = Path(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(file)
        # WAL lets a backup or a CLI reader run while the bot writes.
        db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    # Migrations may wait for another process; afterwards the caller's own limit applies.
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA synchronous = NORMAL")
    engine = SqliteEngine(db, file)
    engine.migrated = migrate(engine)
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return engine


def another_sqlite_connection(engine: SqliteEngine, busy_timeout_ms: int) -> SqliteEngine:
    """A second connection to an open SQLite file, for one other thread (the ingest worker):
    WAL lets it write while the first connection reads. It may be used from a thread
    other than the one that opened it, but by one thread at a time."""
    if engine.path is None:
        raise ValueError("an in-memory SQLite database has no second connection")
    conn = sqlite3.connect(str(engine.path), check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    db.execute("PRAGMA synchronous = NORMAL")
    other = SqliteEngine(db, engine.path)
    other.migrated = engine.migrated
    return other


def _open_postgres(url: str, busy_timeout_ms: int) -> PostgresEngine:
    try:
        # Row locks wait a little longer than SQLite's file lock: a claim or a lease renewal
        # by another instance holds a row for a moment, never for a whole transaction.
        engine = PostgresEngine(url, lock_timeout_ms=max(busy_timeout_ms, 1000))
    except PostgresError as exc:
        raise DatabaseUnavailable(f"database: cannot connect to {redact(url)}: {_reason(exc)}") from exc
    try:
        engine.migrated = migrate(engine)
    except PostgresError as exc:
        engine.close()
        raise DatabaseUnavailable(f"database: cannot migrate {redact(url)}: {_reason(exc)}") from exc
    return engine


def _reason(exc: BaseException) -> str:
    """The driver's first line, without a password it might quote."""
    cause = exc.__cause__ or exc
    text = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return text


def migrate_database(database: Path | str) -> list[int]:
    """Apply pending migrations to the database a setting names; return their numbers."""
    engine = open_engine(database)
    try:
        return engine.migrated
    finally:
        engine.close()
