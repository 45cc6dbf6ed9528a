"""Settings: a TOML file (``--config`` or ``TALKWATCH_CONFIG``) plus environment overrides.

Each table of the file (``[http]``, ``[telegram]``, ``[slack]``, ``[health]``,
``[admins]``, ``[stories]``, ``[delivery]``, ``[cluster]``, ``[web]``) is a small frozen dataclass; its
fields' types and metadata drive validation, so a new setting is one line. Every
key can be overridden from the environment by one rule: ``TALKWATCH_`` + the
section + ``_`` + the key, upper-cased (``TALKWATCH_TELEGRAM_LINK_PREVIEWS``,
``TALKWATCH_POLL_INTERVAL_SECONDS``). A few older or conventional names are kept
as aliases (``TALKWATCH_DB``, ``SLACK_PORT`` …; see ``ENV_ALIASES``).

Secrets (bot tokens) come only from the environment and never appear in a repr.
Invalid settings fail at start with a message that names the key.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import types
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

PRODUCTION_FEEDS = Path(__file__).with_name("feeds") / "production.toml"
DEFAULT_USER_AGENT = "talkwatch/0.1 (+https://github.com/talkwatch/talkwatch; news alert bot)"
# A feed that keeps answering "unchanged" slows down to this many poll intervals at most,
# unless max_poll_interval_seconds says otherwise (6: 1800 s with the default 300 s).
SLOWEST_POLL_FACTOR = 6


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the key."""


def _rule(**checks: Any) -> dict[str, Any]:
    """Field metadata: extra checks beyond the type (positive, between, choices, url)."""
    return {"check": checks}


def setting(default: Any, **checks: Any) -> Any:
    """A setting with a default and extra checks (positive=True, between=(lo, hi), …)."""
    if isinstance(default, list | dict | set):
        raise TypeError("use an immutable default")
    return field(default=default, metadata=_rule(**checks))


@dataclass(frozen=True)
class Secret:
    """A string that never shows itself in repr() or str()."""

    value: str = field(repr=False)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class FeedSettings:
    url: str
    name: str
    lang: str | None = None
    official: bool = False  # a ministry's own feed: its reports weigh more


@dataclass(frozen=True)
class HttpSettings:
    max_connections: int = setting(100, positive=True)  # open sockets across all feeds
    max_per_host: int = setting(6, positive=True)  # be polite to any one publisher
    connect_timeout: float = setting(10.0, positive=True)
    read_timeout: float = setting(20.0, positive=True)
    total_timeout: float = setting(60.0, positive=True)  # a slow-drip server cannot hold a feed longer
    max_bytes: int = setting(5 * 1024 * 1024, positive=True)  # bigger feeds are refused, not truncated
    max_redirects: int = setting(5, positive=True)
    user_agent: str = setting(DEFAULT_USER_AGENT, nonempty=True)
    # A public feed may not redirect the fetcher to loopback, private or link-local addresses.
    allow_private_redirects: bool = False


@dataclass(frozen=True)
class TelegramSettings:
    link_previews: bool = False
    # python-telegram-bot's base_url form; the token is appended (env TELEGRAM_API_BASE_URL too).
    api_base_url: str | None = setting(None, url=True)
    # Telegram's limits (Bot API FAQ): about 30 messages a second overall, one a
    # second to one chat, 20 a minute to a group. Lower them for a shared token.
    messages_per_second: float = setting(30.0, positive=True)
    private_chat_interval: float = setting(1.0, at_least=0)
    group_chat_interval: float = setting(3.0, at_least=0)
    # Pace a little under the limit: jitter bunches evenly spaced sends.
    pacing_margin: float = setting(0.97, between=(0.1, 1.0))
    read_timeout: float = setting(15.0, positive=True)  # seconds to wait for a Bot API answer
    # Webhook mode: Telegram posts updates to this public https URL (a load balancer in front
    # of every instance); each instance listens on webhook_host:webhook_port at the URL's
    # path. Unset: long polling, by the leader only. The secret: TELEGRAM_WEBHOOK_SECRET.
    webhook_url: str | None = setting(None, url=True)
    webhook_host: str = "0.0.0.0"
    webhook_port: int = setting(8443, positive=True)
    token: Secret | None = setting(None, secret="TELEGRAM_BOT_TOKEN")
    webhook_secret: Secret | None = setting(None, secret="TELEGRAM_WEBHOOK_SECRET")


@dataclass(frozen=True)
class SlackSettings:
    restrict_follow: bool = False  # only admins and listed members may (un)follow in channels
    follow_users: tuple[str, ...] = ()
    host: str = "0.0.0.0"
    port: int = setting(3000, positive=True)  # env SLACK_PORT too
    api_base_url: str | None = setting(None, url=True)  # env SLACK_API_BASE_URL too
    channel_interval: float = setting(1.0, at_least=0)  # Slack: about one message a second per channel
    bot_token: Secret | None = setting(None, secret="SLACK_BOT_TOKEN")
    signing_secret: Secret | None = setting(None, secret="SLACK_SIGNING_SECRET")
    app_token: Secret | None = setting(None, secret="SLACK_APP_TOKEN")  # Socket Mode when set


@dataclass(frozen=True)
class HealthSettings:
    host: str = "127.0.0.1"  # the Docker image sets 0.0.0.0
    port: int = setting(8080, positive=True)


@dataclass(frozen=True)
class WebSettings:
    """The read-only web page (bot/web): status, the timeline drawn, stories, their Atom feed."""

    enabled: bool = False
    host: str = setting("127.0.0.1", nonempty=True)  # compose.yaml sets 0.0.0.0 inside the container
    port: int = setting(8090, between=(1, 65535))
    # Where readers reach the page (a proxy in front of it): /status and /timeline in chat
    # end with the topic's page under it, and the Atom feed names itself by it.
    public_base_url: str | None = setting(None, url=True, base_url=True)
    # Operator pages (feed health, subscribers, the feed list as OPML) need it as a bearer
    # token; unset, they are off.
    token: Secret | None = setting(None, secret="TALKWATCH_WEB_TOKEN")


@dataclass(frozen=True)
class AdminSettings:
    """Operators, who may use /stats, /feeds, /pause and /resume."""

    telegram: tuple[str, ...] = ()  # Telegram user or chat ids
    slack: tuple[str, ...] = ()  # Slack user ids

    def of(self, transport: str) -> frozenset[str]:
        """The operator ids of one transport (none for a transport not listed here)."""
        return frozenset(getattr(self, transport, ()))


@dataclass(frozen=True)
class StorySettings:
    threshold: float = setting(0.5, between=(0.01, 0.99))  # MinHash Jaccard above which two reports are one
    corroboration: int = setting(10, positive=True)  # outlets after which a story gets an update alert
    window_days: float = setting(3.0, positive=True)  # how long a story stays open for copies
    event_window_hours: float = setting(24.0, positive=True)  # the same event: at most this far apart


@dataclass(frozen=True)
class DeliverySettings:
    backoff_seconds: float = setting(5.0, positive=True)  # first retry after a 5xx or timeout
    max_backoff_seconds: float = setting(900.0, positive=True)
    concurrency: int = setting(64, positive=True)  # chats sent to at once (each chat stays in order)
    batch: int = setting(1000, positive=True)  # outbox rows read per drain
    # On SIGTERM: how long the sends and the poll in flight may take to finish (Docker kills at 10 s).
    shutdown_grace_seconds: float = setting(8.0, positive=True)
    # A sent alert is edited to show its story's outlets at most this often, for a day.
    edit_interval_seconds: float = setting(300.0, positive=True)
    # A message the chat API refuses for good (a 400 such as a deleted forum topic) is sent
    # this many times in all, then marked failed; the chat's later alerts never wait for it.
    refused_attempts: int = setting(3, between=(1, 100))
    # Errors that may heal (5xx, timeouts, the bot lacking the right to post) are retried
    # with backoff up to this many attempts in all (20: about 3 hours with the default
    # backoff), then the message is marked failed. Flood waits never count.
    retry_attempts: int = setting(20, between=(1, 1000))
    # More alerts than this due for one chat in one drain (a big story, the first poll after
    # downtime) go as one message, newest first, instead of one a second behind each other.
    burst_threshold: int = setting(4, between=(1, 1000))


@dataclass(frozen=True)
class ClusterSettings:
    """Several instances on one PostgreSQL: one leads (polls, ingests, sends), all answer chats."""

    # The leader renews its lease every heartbeat; when it stops (killed, host or network
    # gone), another instance takes over once the lease has run out: within
    # lease_seconds + heartbeat_seconds.
    lease_seconds: float = setting(15.0, positive=True)
    heartbeat_seconds: float = setting(5.0, positive=True)
    # How long a row being sent stays claimed by its sender (longer than any one send).
    claim_seconds: float = setting(30.0, positive=True)
    instance_name: str | None = None  # in logs and /healthz; default: host name and process id


@dataclass(frozen=True)
class Settings:
    # A SQLite file path, or postgresql://user@host:port/name (password: PGPASSWORD or TALKWATCH_DB).
    database: Path | str = setting(Path("talkwatch.db"), database=True)
    poll_interval_seconds: int = setting(300, positive=True)
    # A feed that keeps answering "unchanged" is polled less often, up to this; news brings
    # it back to poll_interval_seconds. Unset: SLOWEST_POLL_FACTOR times the interval (1800
    # with the default interval), see ``longest_poll_interval``.
    max_poll_interval_seconds: int | None = setting(None, positive=True)
    drain_interval_seconds: float = setting(2.0, positive=True)
    feeds: tuple[FeedSettings, ...] = ()
    topics_dirs: tuple[Path, ...] = ()
    unhealthy_after_failures: int = setting(3, positive=True)
    max_backoff_seconds: int = setting(6 * 3600, positive=True)
    # Processes that parse feeds (feedparser is pure Python, so threads share one
    # core). None means auto: one per core but the bot's own (one at least, four at
    # most) when 100 or more feeds are configured.
    parse_processes: int | None = setting(None, at_least=0)
    log_level: str = setting("INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"), upper=True)
    log_format: str = setting("text", choices=("text", "json"))
    http: HttpSettings = field(default_factory=HttpSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    health: HealthSettings = field(default_factory=HealthSettings)
    admins: AdminSettings = field(default_factory=AdminSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    web: WebSettings = field(default_factory=WebSettings)

    @property
    def longest_poll_interval(self) -> int:
        """How long a quiet feed may go unpolled: ``max_poll_interval_seconds`` when set, else
        SLOWEST_POLL_FACTOR times ``poll_interval_seconds`` (so it follows the interval)."""
        if self.max_poll_interval_seconds is not None:
            return self.max_poll_interval_seconds
        return SLOWEST_POLL_FACTOR * self.poll_interval_seconds

    def secrets(self) -> list[str]:
        """Every secret value, for log redaction."""
        secrets = (
            self.telegram.token,
            self.telegram.webhook_secret,
            self.slack.bot_token,
            self.slack.signing_secret,
            self.slack.app_token,
            self.web.token,
        )
        found = [s.value for s in secrets if s and s.value]
        if isinstance(self.database, str) and urlsplit(self.database).password:
            found.append(str(urlsplit(self.database).password))
        return found


SECTIONS: dict[str, type] = {
    "http": HttpSettings,
    "telegram": TelegramSettings,
    "slack": SlackSettings,
    "health": HealthSettings,
    "admins": AdminSettings,
    "stories": StorySettings,
    "delivery": DeliverySettings,
    "cluster": ClusterSettings,
    "web": WebSettings,
}
# Names kept from before the one rule, or that the wider ecosystem uses.
ENV_ALIASES = {
    "TALKWATCH_DB": ("", "database"),
    "TALKWATCH_POLL_INTERVAL": ("", "poll_interval_seconds"),
    "TALKWATCH_TELEGRAM_ADMINS": ("admins", "telegram"),
    "TALKWATCH_SLACK_ADMINS": ("admins", "slack"),
    "TELEGRAM_API_BASE_URL": ("telegram", "api_base_url"),
    "SLACK_API_BASE_URL": ("slack", "api_base_url"),
    "SLACK_PORT": ("slack", "port"),
}
_FILE_ONLY = {"feeds"}  # a list of tables has no sensible one-variable form


def env_name(section: str, key: str) -> str:
    """The environment variable that overrides ``[section] key`` (top level: section "")."""
    return "TALKWATCH_" + (f"{section}_{key}" if section else key).upper()


# ---------------------------------------------------------------- validation


def _kind(annotation: Any) -> tuple[Any, bool]:
    """(the type without None, whether None is allowed)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(get_args(annotation))
    return annotation, False


def _convert(value: Any, annotation: Any, key: str, *, from_env: bool, base_dir: Path) -> Any:
    """Check one value against its declared type; strings from the environment are parsed."""
    kind, optional = _kind(annotation)
    if optional and value is None:
        return None
    if kind is bool:
        if from_env and isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
        if not isinstance(value, bool):
            raise SettingsError(f"{key}: must be true or false, got {value!r}")
        return value
    if kind in (int, float):
        if from_env and isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise SettingsError(f"{key}: must be a number, got {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SettingsError(f"{key}: must be a number, got {value!r}")
        if kind is int and not float(value).is_integer():
            raise SettingsError(f"{key}: must be a whole number, got {value!r}")
        return kind(value)
    if kind is str:
        if not isinstance(value, str):
            raise SettingsError(f"{key}: must be a string, got {value!r}")
        return value
    if kind is Path:
        if not isinstance(value, str) or not value:
            raise SettingsError(f"{key}: must be a file path")
        return Path(value) if from_env else base_dir / value
    if get_origin(kind) is tuple:
        if from_env and isinstance(value, str):
            value = [x.strip() for x in value.split(",") if x.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise SettingsError(f"{key}: must be a list of strings")
        item = get_args(kind)[0]
        if item is Path:
            return tuple(Path(v) if from_env else base_dir / str(v) for v in value)
        return tuple(str(v) for v in value)
    raise SettingsError(f"{key}: cannot be set here")  # pragma: no cover - a declaration error


def _check(value: Any, checks: Mapping[str, Any], key: str) -> Any:
    """The extra checks of a field's metadata."""
    if value is None:
        return value
    if checks.get("upper"):
        value = value.upper()
    if checks.get("positive") and value <= 0:
        raise SettingsError(f"{key}: must be greater than 0, got {value!r}")
    if "at_least" in checks and value < checks["at_least"]:
        raise SettingsError(f"{key}: must be {checks['at_least']} or more, got {value!r}")
    if "between" in checks:
        low, high = checks["between"]
        if not low <= value <= high:
            raise SettingsError(f"{key}: must be between {low} and {high}, got {value!r}")
    if "choices" in checks and value not in checks["choices"]:
        raise SettingsError(f"{key}: must be one of {', '.join(checks['choices'])}, got {value!r}")
    if checks.get("nonempty") and not value:
        raise SettingsError(f"{key}: must not be empty")
    if checks.get("url") and urlsplit(value).scheme not in ("http", "https"):
        raise SettingsError(f"{key}: must be an http(s) URL such as http://127.0.0.1:8081/bot, got {value!r}")
    if checks.get("base_url"):
        parts = urlsplit(value)
        if not parts.hostname or parts.query or parts.fragment:
            raise SettingsError(
                f"{key}: must be the page's address without query or fragment, such as "
                f"https://talks.example.org or https://example.org/talkwatch, got {value!r}"
            )
        value = value.rstrip("/")
    return value


def _section(
    cls: type,
    raw: Mapping[str, Any],
    env: Mapping[str, str],
    name: str,
    base_dir: Path,
) -> Any:
    """Build one section from its table and the environment, every key validated."""
    hints = get_type_hints(cls)
    # The top level's tables (sections, feeds) are read on their own.
    skip = set(SECTIONS) | _FILE_ONLY if not name else set()
    known = {f.name: f for f in fields(cls) if f.name not in skip}
    prefix = f"{name}." if name else ""
    values: dict[str, Any] = {}
    for key in raw:
        if key in skip:
            continue
        spec = known.get(key)
        if spec is None or spec.metadata.get("check", {}).get("secret"):
            if spec is not None or key in (
                "token",
                "telegram_token",
                "telegram_bot_token",
                "slack_bot_token",
            ):
                raise SettingsError(
                    f"{prefix}{key}: secrets are read from the environment only "
                    "(TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN, …); remove it from the file"
                )
            raise SettingsError(f"{prefix}{key}: unknown setting")
        values[key] = raw[key]
    from_env: dict[str, str] = {}
    for key, spec in known.items():
        secret = spec.metadata.get("check", {}).get("secret")
        if secret:
            if env.get(secret, "").strip():
                values[key] = Secret(env[secret].strip())
            continue
        for alias, (section, alias_key) in ENV_ALIASES.items():
            if section == name and alias_key == key and env.get(alias):
                from_env[key], values[key] = alias, env[alias]
        variable = env_name(name, key)
        if env.get(variable):
            from_env[key], values[key] = variable, env[variable]
    for key, value in list(values.items()):
        spec = known[key]
        if isinstance(value, Secret):
            continue
        where = from_env.get(key, f"{prefix}{key}")
        if spec.metadata.get("check", {}).get("database"):
            values[key] = database_setting(value, where, from_env=key in from_env, base_dir=base_dir)
            continue
        value = _convert(value, hints[key], where, from_env=key in from_env, base_dir=base_dir)
        values[key] = _check(value, spec.metadata.get("check", {}), where)
    return cls(**values)


def database_setting(value: object, key: str = "database", *, from_env: bool, base_dir: Path) -> Path | str:
    """A SQLite path (relative to the config file) or a PostgreSQL URL; anything else that
    looks like a URL is refused, never taken for a file name."""
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{key}: must be a SQLite file path or a postgresql:// URL")
    value = value.strip()
    if "://" not in value:
        return Path(value) if from_env else base_dir / value
    parts = urlsplit(value)
    if parts.scheme not in ("postgresql", "postgres"):
        raise SettingsError(
            f"{key}: unknown database scheme {parts.scheme!r}: use a SQLite file path "
            "or postgresql://user@host:5432/name"
        )
    if parts.password is not None and not from_env:
        raise SettingsError(
            f"{key}: a password in the settings file; pass it in PGPASSWORD "
            "(or the whole URL in TALKWATCH_DB) instead"
        )
    if not parts.hostname and "host=" not in parts.query:
        raise SettingsError(f"{key}: the PostgreSQL URL names no host: use postgresql://user@host:5432/name")
    return value


def _feeds(raw: object, key: str = "feeds") -> tuple[FeedSettings, ...]:
    if not isinstance(raw, list):
        raise SettingsError(f"{key}: must be a list of [[feeds]] tables")
    feeds = []
    for i, entry in enumerate(raw):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict):
            raise SettingsError(f"{where}: must be a table with url and name")
        url = entry.get("url")
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            raise SettingsError(f"{where}.url: must be an http(s) URL, got {url!r}")
        if not urlsplit(url).netloc:
            raise SettingsError(f"{where}.url: has no host: {url!r}")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SettingsError(f"{where}.name: must be a non-empty string")
        lang = entry.get("lang")
        if lang is not None and not isinstance(lang, str):
            raise SettingsError(f"{where}.lang: must be a language code such as 'en'")
        official = entry.get("official", False)
        if not isinstance(official, bool):
            raise SettingsError(f"{where}.official: must be true or false")
        unknown = set(entry) - {"url", "name", "lang", "official"}
        if unknown:
            raise SettingsError(f"{where}: unknown key(s) {sorted(unknown)}")
        feeds.append(FeedSettings(url=url, name=name.strip(), lang=lang, official=official))
    urls = [f.url for f in feeds]
    if len(urls) != len(set(urls)):
        raise SettingsError(f"{key}: the same url is listed twice")
    return tuple(feeds)


def load_production_feeds() -> tuple[FeedSettings, ...]:
    """The bundled list of real public feeds, used when settings name none."""
    raw = tomllib.loads(PRODUCTION_FEEDS.read_text(encoding="utf-8"))
    return _feeds(raw.get("feeds", []), key=f"{PRODUCTION_FEEDS.name}:feeds")


def _read_file(path: Path | str | None) -> tuple[dict[str, Any], Path]:
    if path is None:
        return {}, Path.cwd()
    config_path = Path(path)
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"config: file {config_path} not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config: {config_path} is not valid TOML: {exc}") from None
    return raw, config_path.parent


def load_settings(
    path: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    *,
    database: Path | str | None = None,
) -> Settings:
    """Read settings from ``path`` (or ``TALKWATCH_CONFIG``), then the environment.

    Precedence, lowest first: built-in defaults, the TOML file, environment
    variables, then explicit arguments (the CLI's ``--db``).
    """
    env = os.environ if env is None else env
    raw, base_dir = _read_file(path or env.get("TALKWATCH_CONFIG") or None)
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        table = raw.get(name, {})
        if not isinstance(table, dict):
            raise SettingsError(f"{name}: must be a table")
        sections[name] = _section(cls, table, env, name, base_dir)
    settings = _section(Settings, raw, env, "", base_dir)
    if "feeds" in raw:
        settings = dataclasses.replace(settings, feeds=_feeds(raw["feeds"]))
    settings = dataclasses.replace(settings, **sections)
    longest = settings.max_poll_interval_seconds
    if longest is not None and longest < settings.poll_interval_seconds:
        # Only a maximum the operator set can be below the interval; the default follows it.
        variable = env_name("", "max_poll_interval_seconds")
        where = variable if env.get(variable) else "max_poll_interval_seconds"
        raise SettingsError(
            f"{where}: must be at least poll_interval_seconds "
            f"({settings.poll_interval_seconds}), got {longest}; leave it unset to follow the "
            f"interval ({SLOWEST_POLL_FACTOR} times it)"
        )
    slack = settings.slack
    if slack.bot_token and not slack.app_token and not slack.signing_secret:
        raise SettingsError(
            "SLACK_SIGNING_SECRET: HTTP mode needs it to verify requests "
            "(or set SLACK_APP_TOKEN for Socket Mode)"
        )
    if database is not None:
        settings = dataclasses.replace(
            settings, database=database_setting(database, "--db", from_env=True, base_dir=Path.cwd())
        )
    telegram = settings.telegram
    if telegram.webhook_url is not None:
        secret = telegram.webhook_secret.value if telegram.webhook_secret else ""
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            raise SettingsError(
                "TELEGRAM_WEBHOOK_SECRET: webhook mode needs it: 16 to 256 characters "
                "of A-Z, a-z, 0-9, _ and - (the same on every instance)"
            )
    web = settings.web
    if web.token is not None and len(web.token.value) < 16:
        raise SettingsError(
            "TALKWATCH_WEB_TOKEN: must be at least 16 characters (for example the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
        )
    if web.enabled and web.port == settings.health.port:
        raise SettingsError(
            f"web.port: {web.port} is also [health] port; the page needs a port of its own (default 8090)"
        )
    if settings.cluster.heartbeat_seconds * 2 > settings.cluster.lease_seconds:
        raise SettingsError(
            f"cluster.heartbeat_seconds: must be at most half of cluster.lease_seconds "
            f"({settings.cluster.lease_seconds}), got {settings.cluster.heartbeat_seconds}"
        )
    return settings


def documented_keys() -> dict[str, list[str]]:
    """Every settable key by section ("" for the top level), for docs and tests."""
    keys = {"": [f.name for f in fields(Settings) if f.name not in SECTIONS]}
    for name, cls in SECTIONS.items():
        keys[name] = [f.name for f in fields(cls) if not f.metadata.get("check", {}).get("secret")]
    return keys
