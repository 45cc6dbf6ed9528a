"""The only package that talks to a database: SQLite (sqlite-utils) or PostgreSQL (psycopg 3).

Its names are imported when first used: ``bot.records`` (plain records, what the
parser processes and the pure news logic share) loads no database driver.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.database import DatabaseUnavailable as DatabaseUnavailable
    from storage.engine import LeaseLost as LeaseLost
    from storage.engine import is_postgres_url as is_postgres_url
    from storage.store import Storage as Storage
    from storage.store import StorageError as StorageError

_WHERE = {
    "DatabaseUnavailable": "storage.database",
    "LeaseLost": "storage.engine",
    "is_postgres_url": "storage.engine",
    "Storage": "storage.store",
    "StorageError": "storage.store",
}

__all__ = ["DatabaseUnavailable", "LeaseLost", "Storage", "StorageError", "is_postgres_url"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'storage' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
