"""Open the SQLite database: WAL mode, foreign keys, migrations applied."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from storage.migrations import migrate


def open_database(path: Path | str | None, busy_timeout_ms: int = 5000) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database; ``None`` means in memory.

    ``busy_timeout_ms`` is how long a write waits for another process's lock before it
    fails with StorageError; the running bot keeps it short, so a lock held elsewhere
    never freezes its event loop (the write is retried later instead)."""
    if path is None or str(path) == ":memory:":
        db = sqlite_utils.Database(memory=True)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        # WAL lets a backup or a CLI reader run while the bot writes.
        db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    # Migrations may wait for another process; afterwards the caller's own limit applies.
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA synchronous = NORMAL")
    migrate(db)
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return db


def migrate_file(path: Path | str) -> list[int]:
    """Apply pending migrations to the database at ``path``; return their numbers."""
    db = sqlite_utils.Database(path)
    try:
        return migrate(db)
    finally:
        db.close()
