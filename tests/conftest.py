"""Shared fixtures: a loopback feed server, settings on a temporary database, an app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from bot.app import App
from config.settings import FeedSettings, HttpSettings, Settings
from tests.helpers.bot_api_double import BotApiDouble
from tests.helpers.feed_server import FeedServer
from tests.helpers.pgserver import PostgresServer
from tests.helpers.transports import RecordingTransport

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., Settings]:
    """Settings on a temporary database, with short timeouts and the given feed URLs."""

    def make(*urls: str, db: Path | str | None = None, **http: object) -> Settings:
        http_settings = HttpSettings(
            **{"connect_timeout": 2.0, "read_timeout": 2.0, "total_timeout": 3.0, **http}
        )
        return Settings(
            database=db or tmp_path / "talkwatch.db",
            poll_interval_seconds=60,
            feeds=tuple(FeedSettings(url=u, name=f"feed {i}", lang=None) for i, u in enumerate(urls)),
            http=http_settings,
        )

    return make


@pytest.fixture
async def app_for(settings_for) -> AsyncIterator[Callable[..., App]]:
    """Build apps with a RecordingTransport; every app built is closed afterwards."""
    apps: list[App] = []

    def make(*urls: str, transport: RecordingTransport | None = None, **kwargs: object) -> App:
        app = App.build(settings_for(*urls, **kwargs), [transport or RecordingTransport()])
        apps.append(app)
        return app

    yield make
    for app in apps:
        await app.aclose()


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    """The strict Bot API double on 127.0.0.1, paced at 50 ms per chat to keep tests quick."""
    api = BotApiDouble(private_interval=0.05, group_per_minute=1200)
    await api.start()
    yield api
    await api.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the whole run (127.0.0.1, a free port)."""
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh PostgreSQL database of this test's own."""
    return postgres_server.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """The same test on both backends: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "talkwatch.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(autouse=True)
def _no_leftover_lease_threads():
    """A test that leads releases its lease: a renewer left running outlives the test
    and writes to a database (and a log) that are gone."""
    import threading

    before = set(threading.enumerate())
    yield
    left = [t for t in threading.enumerate() if t.name == "talkwatch-lease" and t not in before]
    assert not left, f"lease renewer threads left running: {left}"


# ---------------------------------------------------------------- markers

# Modules whose tests run real processes (a browser among them), kill them, hold locks, run
# many property examples against the Bot API double, or serve whole series of reports:
# `pytest -m "not slow"` leaves them out for a fast loop (CI runs everything).
SLOW_MODULES = frozenset(
    {
        "test_cli",
        "test_crash",
        "test_edits",
        "test_failover",
        "test_hostile_feeds",
        "test_instances",
        "test_locked_database",
        "test_operations",
        "test_replays",
        "test_shutdown",
        "test_slack",
        "test_slow_feeds",
        "test_telegram",
        "test_web",
        "test_web_browser",
        "test_webhook",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test: ``slow`` (see SLOW_MODULES, and every test on PostgreSQL),
    ``postgres`` (it starts or uses the PostgreSQL server), ``node`` (it runs the Node.js
    Telegram emulator)."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        fixtures = getattr(item, "fixturenames", ())
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("database") == "postgresql"
        if "postgres_server" in fixtures or "postgres_url" in fixtures or on_postgres:
            item.add_marker(pytest.mark.postgres)
            item.add_marker(pytest.mark.slow)  # the fast loop runs on SQLite; CI runs both
        if module == "test_telegram_emulator":
            item.add_marker(pytest.mark.node)
