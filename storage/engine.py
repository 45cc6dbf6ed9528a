"""The two databases behind one small interface: SQLite (sqlite-utils) and PostgreSQL (psycopg 3).

Repositories write their SQL once, with ``?`` placeholders and the SQL both
databases share (``INSERT … ON CONFLICT``, ``RETURNING``); an engine runs it on
its database. What differs is said here and nowhere else: placeholders, the
database's own clock, and the column types of the migrations.

SQLite is one file and one connection, used by one thread. PostgreSQL is a
pool: a statement outside a transaction borrows a connection for itself; a
transaction (``atomic``) keeps one connection for everything inside it, and
nested ``atomic`` blocks become savepoints, as in SQLite.

psycopg is imported when a PostgreSQL engine is opened, not before: a bot on SQLite does
not carry it (9 MiB). Its errors leave the engine as ``PostgresError`` (the driver's
error its cause), one of the ``DRIVER_ERRORS`` callers catch.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import sqlite_utils

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

Params = Sequence[Any]
Row = dict[str, Any]


T = TypeVar("T")


def chunks(values: list[T], size: int = 500) -> Iterator[tuple[list[T], str]]:
    """The values in chunks of ``size``, each with its ``?`` marks, for ``IN (…)`` lists."""
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


class LeaseLost(Exception):
    """A write that only the leader may make, by an instance that no longer leads."""


class PostgresError(Exception):
    """A PostgreSQL call failed: its message is the driver's, the driver's error its cause."""


# What a call raises when the database cannot do it now (locked, full, gone, unreachable,
# or the caller lost the lead): callers outside this package catch it without a driver.
DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, PostgresError, LeaseLost)


def is_postgres_url(database: Path | str) -> bool:
    """Does this setting name a PostgreSQL server rather than a SQLite file?"""
    return str(database).startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """A database URL without its password, to name it in errors and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


class Engine:
    """What repositories need from a database. Subclasses: SqliteEngine, PostgresEngine."""

    dialect: Literal["sqlite", "postgresql"]
    # SQL for "now" as Unix seconds, read from the database's own clock (leases rely on
    # one clock for every instance, whatever the hosts' clocks say).
    now_sql: str
    migrated: list[int]  # the migrations applied when it was opened

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the number of rows it changed."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        raise NotImplementedError

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query; every row as a dict."""
        raise NotImplementedError

    def one(self, sql: str, params: Params = ()) -> Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def insert(self, sql: str, params: Params = ()) -> int:
        """Run an INSERT … RETURNING id; the new row's id."""
        row = self.one(sql, params)
        if row is None:
            raise RuntimeError("INSERT returned no row")
        return int(next(iter(row.values())))

    def insert_rows(self, head: str, rows: Sequence[Params], tail: str = "") -> None:
        """``head`` (``INSERT INTO t (a, b)``) with the rows as one ``VALUES`` list, as few
        statements as the databases' limit on parameters allows (999 in older SQLite), then
        ``tail`` (``ON CONFLICT …``). One statement is one step for the database: a row
        at a time (``executemany``) is a step, and a hand-over of the interpreter, each."""
        if not rows:
            return
        width = len(rows[0])
        per = max(1, 999 // width)
        marks = "(" + ", ".join("?" * width) + ")"
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            values = ", ".join([marks] * len(chunk))
            self.execute(f"{head} VALUES {values} {tail}", [v for row in chunk for v in row])

    def new_ids(self, table: str, count: int) -> list[int]:
        """``count`` ids for new rows of ``table`` (its ``id`` column), taken inside the
        caller's transaction, to insert many rows in one statement and know their ids."""
        raise NotImplementedError

    def count(self, table: str) -> int:
        row = self.one(f"SELECT COUNT(*) AS n FROM {table}")
        return 0 if row is None else int(row["n"])

    @contextmanager
    def atomic(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def table_names(self) -> set[str]:
        raise NotImplementedError

    def ddl(self, statement: str) -> str:
        """A migration's statement, in this database's column types."""
        return statement

    def close(self) -> None:
        raise NotImplementedError


class SqliteEngine(Engine):
    """One SQLite file (or memory) through sqlite-utils."""

    dialect = "sqlite"
    now_sql = "((julianday('now') - 2440587.5) * 86400.0)"

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self.conn = db.conn
        # Autocommit: a statement outside ``atomic`` is committed at once. (The driver's
        # default opens a transaction before a write and keeps it, with its lock, open.)
        self.conn.isolation_level = None
        self.migrated = []
        self._savepoints = 0  # savepoints open inside the current transaction

    def execute(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(sql, list(params)).rowcount

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        self.conn.executemany(sql, [list(r) for r in rows])

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        cursor = self.conn.execute(sql, list(params))
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def new_ids(self, table: str, count: int) -> list[int]:
        # The ids SQLite itself would give (the largest rowid plus one, and on): safe only
        # while this connection holds the write lock, which ``atomic`` takes at BEGIN.
        if not self.conn.in_transaction:
            raise RuntimeError("new ids are taken inside a transaction")
        top = self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
        return list(range(top + 1, top + 1 + count))

    @contextmanager
    def atomic(self) -> Iterator[None]:
        if self.conn.in_transaction:
            # A savepoint inside the open transaction, named by its depth (sqlite-utils'
            # own draws a random name from the OS for each, a system call every time).
            self._savepoints += 1
            name = f"talkwatch_{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                # An error that ended the whole transaction took the savepoint with it.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            finally:
                self._savepoints -= 1
            return
        # IMMEDIATE: the write lock is taken (waiting up to the busy timeout) when the
        # transaction begins. A deferred one that read first could not upgrade after
        # another connection's commit, and would fail at once, without waiting.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def table_names(self) -> set[str]:
        return set(self.db.table_names())

    def close(self) -> None:
        self.db.close()


@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (a literal % doubled first)."""
    return sql.replace("%", "%%").replace("?", "%s")


_PG_TYPES = [
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\)\s*WITHOUT ROWID"), ")"),
]


class PostgresEngine(Engine):
    """A PostgreSQL database through a psycopg 3 connection pool."""

    dialect = "postgresql"
    now_sql = "EXTRACT(EPOCH FROM clock_timestamp())::double precision"

    def __init__(self, url: str, *, lock_timeout_ms: int = 5000, max_connections: int = 6) -> None:
        import psycopg
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        self.url = url
        self.migrated = []
        self._errors = psycopg.Error
        # One direct connection first: a wrong host, port or password fails here at once,
        # with the server's own reason, instead of as a pool that never filled.
        with self._translated():
            psycopg.connect(url, connect_timeout=5).close()
        # lock_timeout: a write waits this long for another transaction's row lock, then
        # fails (and is retried later), like SQLite's busy timeout.
        self.pool: ConnectionPool[Any] = ConnectionPool(
            url,
            min_size=1,
            max_size=max_connections,
            kwargs={
                "autocommit": True,
                "row_factory": dict_row,
                "connect_timeout": 5,
                "options": f"-c lock_timeout={int(lock_timeout_ms)} -c statement_timeout=30000",
                # A cut network is noticed in seconds, not after the kernel's two hours.
                "keepalives_idle": 5,
                "keepalives_interval": 2,
                "keepalives_count": 3,
                # … and data the server never acknowledges fails the call after 10 s.
                "tcp_user_timeout": 10_000,
            },
            timeout=5.0,
            open=False,
            name="talkwatch",
        )
        with self._translated():
            self.pool.open(wait=True, timeout=10.0)
        self._local = threading.local()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """The driver's errors as ``PostgresError``."""
        try:
            yield
        except self._errors as exc:
            raise PostgresError(str(exc) or type(exc).__name__) from exc

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Row]]:
        conn: psycopg.Connection[Row] | None = getattr(self._local, "conn", None)
        if conn is not None:  # inside atomic(): the transaction's own connection
            with self._translated():
                yield conn
            return
        with self._translated(), self.pool.connection() as pooled:
            yield cast("psycopg.Connection[Row]", pooled)

    def execute(self, sql: str, params: Params = ()) -> int:
        with self._connection() as conn:
            return conn.execute(_pg_sql(sql), list(params)).rowcount

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        with self._connection() as conn, conn.cursor() as cursor:
            cursor.executemany(_pg_sql(sql), [list(r) for r in rows])

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        with self._connection() as conn:
            return conn.execute(_pg_sql(sql), list(params)).fetchall()

    def new_ids(self, table: str, count: int) -> list[int]:
        # From the identity column's own sequence: no other session can be given them.
        if count == 0:
            return []
        rows = self.query(
            "SELECT nextval(pg_get_serial_sequence(?, 'id')) AS id FROM generate_series(1, ?)", [table, count]
        )
        return [int(r["id"]) for r in rows]

    @contextmanager
    def atomic(self) -> Iterator[None]:
        conn: psycopg.Connection[Row] | None = getattr(self._local, "conn", None)
        if conn is not None:
            with self._translated(), conn.transaction():  # nested: a savepoint
                yield
            return
        with self._translated(), self.pool.connection() as pooled:
            self._local.conn = pooled
            try:
                with pooled.transaction():
                    yield
            finally:
                self._local.conn = None

    def table_names(self) -> set[str]:
        rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return {r["tablename"] for r in rows}

    def ddl(self, statement: str) -> str:
        for pattern, replacement in _PG_TYPES:
            statement = pattern.sub(replacement, statement)
        return statement

    def close(self) -> None:
        with self._translated():
            self.pool.close()
