"""The ``talkwatch`` command line: demo, run, poll, status, match, subscribe, feeds."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace

from bot import __version__
from bot.ops.logs import configure_logging
from config.settings import Settings, SettingsError, load_production_feeds, load_settings
from config.topics import Topic, TopicError, UnknownTopic, load_topics, require_topic

log = logging.getLogger("talkwatch")


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config, database=args.db)


# ---------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo.run import run_demo

    settings = _settings(args)
    configure_logging("WARNING" if not args.verbose else "INFO")
    sent = asyncio.run(run_demo(settings, keep_going=args.keep_going))
    return 0 if sent else 1


def _with_feeds(settings: Settings) -> Settings:
    if settings.feeds:
        return settings
    return replace(settings, feeds=load_production_feeds())


def cmd_poll(args: argparse.Namespace) -> int:
    from bot.app import App
    from bot.delivery.transports.console import ConsoleTransport

    settings = _with_feeds(_settings(args))
    configure_logging(settings.log_level if args.verbose else "WARNING", settings.secrets())

    async def once() -> int:
        app = App.build(settings, [ConsoleTransport()] if args.deliver else [])
        try:
            if not await app.lead_alone():
                print(
                    "talkwatch: another instance leads on this database; it polls the feeds "
                    "(`talkwatch poll` polls only when no instance runs)",
                    file=sys.stderr,
                )
                return 2
            report = await app.poller.poll_once(force=True)
            print(report.summary())
            for failed in report.errors:
                print(f"  error: {failed.feed}: {failed.error}")
            if args.deliver:
                await app.sender.drain()
            return 0
        finally:
            await app.aclose()

    return asyncio.run(once())


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import App
    from bot.delivery.transports.console import ConsoleTransport

    settings = _with_feeds(_settings(args))
    # The long-running service logs to stdout (Docker collects it); one-shot commands use stderr.
    configure_logging(settings.log_level, settings.secrets(), settings.log_format, stream=sys.stdout)

    async def forever() -> bool:
        transports = []
        if args.console or not (settings.telegram.token or settings.slack.bot_token):
            transports.append(ConsoleTransport())
        app = App.build(settings, transports)
        if settings.telegram.token is not None:
            app.enable_telegram()
        if settings.slack.bot_token is not None:
            app.enable_slack()
        await app.start_transports()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        app.start()
        await app.start_health()
        if settings.web.enabled:
            await app.start_web()
        log.info(
            "talkwatch %s running: %d feeds, topics %s, transports %s",
            __version__,
            len(settings.feeds),
            ", ".join(app.topics),
            ", ".join(app.transports) or "none",
        )
        await stop.wait()
        log.info(
            "shutting down: finishing the sends in flight within %gs",
            settings.delivery.shutdown_grace_seconds,
        )
        await app.aclose()
        return app.left_behind

    if asyncio.run(forever()):
        # The ingest thread is still at work after the grace period: exit without it (its
        # uncommitted transaction is rolled back, as after a crash), within Docker's 10 s.
        log.warning("shutdown: exiting without the ingest thread")
        logging.shutdown()
        os._exit(0)
    return 0


def _topic(settings: Settings, name: str | None) -> Topic:
    """The topic named on the command line, or the only one there is (UnknownTopic otherwise)."""
    topics = load_topics(list(settings.topics_dirs))
    if name is None:
        if len(topics) != 1:
            raise UnknownTopic(f"name a topic with --topic; topics: {', '.join(sorted(topics))}")
        return next(iter(topics.values()))
    return require_topic(topics, name)


def _show(args: argparse.Namespace, view_of: str) -> int:
    """/status or /timeline from the command line: the same views, as text or JSON."""
    from bot.ingest.analysis import Analyser
    from bot.ingest.reread import reread_stale
    from bot.news.matcher import build_matchers
    from bot.news.status import StatusView
    from bot.render.markup import render_plain
    from bot.render.status import status_document, timeline_document, view_json
    from bot.service import ChatService
    from storage import Storage

    settings = _settings(args)
    topic = _topic(settings, args.topic)
    with Storage.open(settings.database) as storage:
        # A database a different reader wrote is read again first (as the bot does at start).
        official = frozenset(f.url for f in settings.feeds if f.official)
        reread_stale(storage, Analyser(build_matchers({topic.id: topic}), official), {topic.id: topic})
        service = ChatService(storage, {topic.id: topic})
        view = service.status(topic.id) if view_of == "status" else service.timeline(topic.id)
    if args.json:
        print(view_json(view))
    else:
        print(
            render_plain(status_document(view) if isinstance(view, StatusView) else timeline_document(view))
        )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    return _show(args, "status")


def cmd_timeline(args: argparse.Namespace) -> int:
    return _show(args, "timeline")


def cmd_search(args: argparse.Namespace) -> int:
    """/search from the command line: the same answer as text, or JSON; 1 when nothing matches."""
    import json

    from bot.news.search_query import QueryError
    from bot.render.markup import render_plain
    from bot.render.search import search_document
    from bot.service import ChatService
    from storage import Storage

    settings = _settings(args)
    topics = load_topics(list(settings.topics_dirs))
    topic = require_topic(topics, args.topic) if args.topic else None
    with Storage.open(settings.database) as storage:
        service = ChatService(storage, {topic.id: topic} if topic else topics)
        try:
            result = service.search(" ".join(args.words), topic.id if topic else None)
        except QueryError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_plain(search_document(result, topic.name if topic else None)))
    return 0 if result.hits else 1


def cmd_match(args: argparse.Namespace) -> int:
    from bot.ops.topic_check import match_lines

    settings = _settings(args)
    topic = _topic(settings, args.topic).id
    if args.file == "-":
        bad = match_lines(sys.stdin, topic, settings.topics_dirs)
    else:
        with open(args.file, encoding="utf-8") as handle:
            bad = match_lines(handle, topic, settings.topics_dirs)
    return 1 if bad else 0


def cmd_subscribe(args: argparse.Namespace) -> int:
    from storage import Storage

    settings = _settings(args)
    topic = _topic(settings, args.topic).id  # fails with a clear message for an unknown topic
    transport, chat = (
        ("telegram", args.telegram_chat) if args.telegram_chat else ("console", args.console_chat)
    )
    with Storage.open(settings.database) as storage:
        added = storage.subscriptions.follow(transport, str(chat), topic)
    print(f"{transport} chat {chat} {'now follows' if added else 'already follows'} {topic}")
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    import datetime as dt

    from storage import Storage

    def ago(stamp: float | None) -> str:
        if stamp is None:
            return "never"
        return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    with Storage.open(_settings(args).database) as storage:
        rows = storage.feeds.all()
    print(f"{'feed':<32} {'health':<10} {'fails':>5}  {'last success':<20}  last error")
    for f in rows:
        health = "ok" if f.healthy else "UNHEALTHY"
        print(
            f"{f.name[:32]:<32} {health:<10} {f.consecutive_failures:>5}  "
            f"{ago(f.last_success_at):<20}  {(f.last_error or '')[:60]}"
        )
    return 0


def cmd_feeds_export(args: argparse.Namespace) -> int:
    """The feeds the bot polls (the settings file's, else the bundled list) as OPML."""
    from pathlib import Path

    from config.opml import write_opml

    settings = _settings(args)
    feeds = _with_feeds(settings).feeds
    data = write_opml(feeds)
    where = "the bundled list: the settings name no feeds" if not settings.feeds else "from the settings"
    if args.file == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        print(f"{len(feeds)} feeds ({where})", file=sys.stderr)
        return 0
    target = Path(args.file)
    try:
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        print(f"error: {target}: cannot write it: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{len(feeds)} feeds written to {target} ({where})")
    return 0


def cmd_feeds_import(args: argparse.Namespace) -> int:
    """Add the feeds of an OPML file to the settings file, as [[feeds]] tables."""
    from pathlib import Path

    from config.opml import OpmlError, import_into, read_opml

    config = args.config or os.environ.get("TALKWATCH_CONFIG")
    if not config:
        print(
            "error: name the settings file to add the feeds to with --config PATH "
            "(or TALKWATCH_CONFIG); it is created if it does not exist",
            file=sys.stderr,
        )
        return 2
    source = Path(args.file)
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else source.read_bytes()
        feeds = read_opml(data)
    except OSError as exc:
        print(f"error: {source}: cannot read it: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except OpmlError as exc:
        print(f"error: {source}: {exc}; nothing was imported", file=sys.stderr)
        return 2
    result = import_into(Path(config), feeds)
    added = f"{len(result.added)} feed{'s' if len(result.added) != 1 else ''}"
    print(
        f"{added} added to {config}, {len(result.known)} already listed there"
        + ("; restart the bot to poll them" if result.added else "")
    )
    if result.replaced_bundled:
        print(
            f"note: {config} listed no feeds, so the bundled list was polled; from now on the "
            "bot polls the feeds the file lists (to add the bundled ones too: talkwatch feeds "
            f"export --config /dev/null bundled.opml && talkwatch feeds import --config {config} "
            "bundled.opml)"
        )
    return 0


def cmd_subscribers(args: argparse.Namespace) -> int:
    from storage import Storage

    with Storage.open(_settings(args).database) as storage:
        rows = storage.subscriptions.all()
    print(f"{'transport':<10} {'chat':<24} {'thread':<8} {'topic':<16} active")
    for r in rows:
        print(
            f"{r.transport:<10} {r.chat_id:<24} {r.thread_id or '-':<8} {r.topic:<16} "
            f"{'yes' if r.active else 'no'}"
        )
    print(f"{sum(r.active for r in rows)} active of {len(rows)}")
    return 0


def cmd_failures(args: argparse.Namespace) -> int:
    from bot.render.failures import failures_document
    from bot.render.markup import render_plain
    from storage import Storage

    with Storage.open(_settings(args).database) as storage:
        total, shown = storage.outbox.failures(args.limit)
    print(render_plain(failures_document(total, shown)))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from storage import Storage

    target = Path(args.path)
    if target.exists():
        print(f"error: {target} exists; choose a new file", file=sys.stderr)
        return 2
    with Storage.open(_settings(args).database) as storage:
        storage.backup(target)
    print(f"backup written to {target}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from storage.database import migrate_database

    applied = migrate_database(_settings(args).database)
    print(f"applied migrations: {', '.join(map(str, applied))}" if applied else "database is up to date")
    return 0


def cmd_healthcheck(args: argparse.Namespace) -> int:
    import httpx

    if args.self_test:
        from bot.demo.selftest import self_test

        ok, message = asyncio.run(self_test())
        print(message)
        return 0 if ok else 1
    settings = _settings(args)
    health = settings.health
    host = "127.0.0.1" if health.host in ("0.0.0.0", "::") else health.host
    url = args.url or f"http://{host}:{health.port}/healthz"
    try:
        response = httpx.get(url, timeout=5)
    except httpx.HTTPError as exc:
        print(f"unhealthy: {url} did not answer ({type(exc).__name__})")
        return 1
    print(response.text.strip())
    return 0 if response.status_code == 200 else 1


def cmd_gazetteer(args: argparse.Namespace) -> int:
    """Build the place index where the bot will look for it (images build it at build time),
    and show what names resolve to."""
    from bot.news.gazetteer import gazetteer, index_path

    path = index_path()
    built = not path.exists()
    places = gazetteer()
    state = "built" if built and path.exists() else ("in memory" if built else "present")
    print(f"gazetteer: {len(places)} names, {state} at {path}")
    for name in args.names:
        found = places.lookup(name)
        if not found:
            print(f"{name}: not a place the gazetteer knows")
            continue
        shown = ", ".join(f"{p.name} ({p.kind}, {p.country}, {p.population:,})" for p in found[:5])
        print(f"{name}: {shown}")
    return 0


# ---------------------------------------------------------------- parser


def _count(text: str) -> int:
    """A whole number of 1 or more, for options such as --limit."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, got {text!r}")
    return int(text)


def _common_options(default: str | None = None) -> argparse.ArgumentParser:
    """--config, --db and --verbose, which every command takes (``default``: what an option
    left out sets; argparse.SUPPRESS: nothing)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=default, help="settings TOML file (default: $TALKWATCH_CONFIG)")
    common.add_argument(
        "--db",
        default=default,
        help="SQLite file path or postgresql://user@host:port/name (default: $TALKWATCH_DB or talkwatch.db)",
    )
    verbose = default if default is not None else False
    common.add_argument("-v", "--verbose", action="store_true", default=verbose, help="log more")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    # The same options after a command's own subcommand (`feeds import --config …`): given
    # there they count, left out they leave what was given before it.
    nested = _common_options(argparse.SUPPRESS)

    parser = argparse.ArgumentParser(
        prog="talkwatch", description="News alerts from feeds to Telegram and Slack chats."
    )
    parser.add_argument("--version", action="version", version=f"talkwatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", parents=[common], help="run on bundled sample feeds, print to the console")
    p.add_argument("--keep-going", action="store_true", help="keep polling after the scripted demo")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("run", parents=[common], help="run the bot (transports from the environment)")
    p.add_argument("--console", action="store_true", help="also print alerts to the console")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("poll", parents=[common], help="poll every feed once and report")
    p.add_argument("--deliver", action="store_true", help="also print queued alerts for console chats")
    p.set_defaults(func=cmd_poll)

    p = sub.add_parser("status", parents=[common], help="the latest round of talks")
    p.add_argument("--topic", help="a topic id (default: the only topic)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("timeline", parents=[common], help="every round of the series and the events between")
    p.add_argument("--topic", help="a topic id (default: the only topic)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser("search", parents=[common], help="search every stored report, grouped by story")
    p.add_argument("words", nargs="*", help='words, "a phrase", -word to leave out (quote the whole query)')
    p.add_argument("--topic", help="only this topic's reports (default: every stored report)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("match", parents=[common], help="score JSON-lines items against a topic")
    p.add_argument("--topic", help="a topic id (default: the only topic)")
    p.add_argument("file", nargs="?", default="-", help="JSON lines file, or - for stdin")
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("subscribe", parents=[common], help="subscribe a chat or channel from the CLI")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--telegram-chat", help="Telegram chat or channel id")
    target.add_argument("--console-chat", help="console chat name")
    p.add_argument("topic")
    p.set_defaults(func=cmd_subscribe)

    p = sub.add_parser("feeds", parents=[common], help="feed health table; the feed list as OPML")
    p.set_defaults(func=cmd_feeds)
    feeds = p.add_subparsers(dest="feeds_command", metavar="{export,import}")
    q = feeds.add_parser("export", parents=[nested], help="write the feeds the bot polls as OPML")
    q.add_argument("file", help="the OPML file to write, or - for stdout")
    q.set_defaults(func=cmd_feeds_export)
    q = feeds.add_parser("import", parents=[nested], help="add an OPML file's feeds to the settings file")
    q.add_argument("file", help="the OPML file to read, or - for stdin")
    q.set_defaults(func=cmd_feeds_import)

    p = sub.add_parser("subscribers", parents=[common], help="every subscription")
    p.set_defaults(func=cmd_subscribers)

    p = sub.add_parser("failures", parents=[common], help="deliveries given up, newest first")
    p.add_argument("--limit", type=_count, default=50, help="show at most this many (default 50)")
    p.set_defaults(func=cmd_failures)

    p = sub.add_parser("backup", parents=[common], help="consistent online backup of the database")
    p.add_argument("path")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("migrate", parents=[common], help="apply pending database migrations")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("gazetteer", help="build the place index; show what names resolve to")
    p.add_argument("names", nargs="*", help="place names to look up, e.g. Muscat Maskat مسقط")
    p.set_defaults(func=cmd_gazetteer)

    p = sub.add_parser("healthcheck", parents=[common], help="exit 0 when /healthz is healthy")
    p.add_argument("--url", help="default: http://HEALTH_HOST:HEALTH_PORT/healthz")
    p.add_argument("--self-test", action="store_true", help="check this installation without a running bot")
    p.set_defaults(func=cmd_healthcheck)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Imported here, not with the module: the parser processes, started by spawning,
    # import the command's module again, and need none of what commands use.
    from bot.ops.leadership import AlreadyRunning
    from storage.database import DatabaseUnavailable

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UnknownTopic as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (SettingsError, TopicError) as exc:
        print(f"talkwatch: configuration error: {exc}", file=sys.stderr)
        return 2
    except (DatabaseUnavailable, AlreadyRunning) as exc:
        print(f"talkwatch: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
