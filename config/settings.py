"""Settings: a TOML file (``--config`` or ``TALKWATCH_CONFIG``) plus environment overrides.

Secrets (bot tokens) come only from the environment and never appear in a repr.
Invalid settings fail at start with a message that names the key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

PRODUCTION_FEEDS = Path(__file__).with_name("feeds") / "production.toml"
DEFAULT_USER_AGENT = "talkwatch/0.1 (+https://github.com/talkwatch/talkwatch; news alert bot)"


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the key."""


@dataclass(frozen=True)
class FeedSettings:
    url: str
    name: str
    lang: str | None = None
    official: bool = False  # a ministry's own feed: its reports weigh more


@dataclass(frozen=True)
class HttpSettings:
    max_connections: int = 100  # open sockets across all feeds
    max_per_host: int = 6  # be polite to any one publisher
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # a slow-drip server cannot hold a feed longer
    max_bytes: int = 5 * 1024 * 1024  # body cap; bigger feeds are refused, not truncated
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True)
class Secret:
    """A string that never shows itself in repr() or str()."""

    value: str = field(repr=False)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class Settings:
    database: Path = Path("talkwatch.db")
    poll_interval_seconds: int = 300
    drain_interval_seconds: float = 2.0
    feeds: tuple[FeedSettings, ...] = ()
    topics_dirs: tuple[Path, ...] = ()
    unhealthy_after_failures: int = 3
    max_backoff_seconds: int = 6 * 3600
    # Processes that parse feeds (feedparser is pure Python, so threads share one
    # core). None means auto: one per core when 100 or more feeds are configured.
    parse_processes: int | None = None
    story_threshold: float = 0.5  # MinHash Jaccard above which two reports are one story
    story_corroboration: int = 10  # outlets after which a story gets an "update: reported by N outlets"
    log_level: str = "INFO"
    log_format: str = "text"  # or "json": one JSON object per line
    health_host: str = "127.0.0.1"  # the Docker image sets 0.0.0.0
    health_port: int = 8080
    telegram_admins: tuple[str, ...] = ()  # Telegram user or chat ids allowed /stats, /feeds, /pause, /resume
    slack_admins: tuple[str, ...] = ()  # Slack user ids allowed the same
    http: HttpSettings = field(default_factory=HttpSettings)
    telegram_token: Secret | None = None
    telegram_api_base_url: str | None = None  # python-telegram-bot base_url form; the token is appended
    telegram_link_previews: bool = False
    slack_bot_token: Secret | None = None
    slack_signing_secret: Secret | None = None
    slack_app_token: Secret | None = None  # Socket Mode when set
    slack_api_base_url: str | None = None
    slack_host: str = "0.0.0.0"
    slack_port: int = 3000
    slack_restrict_follow: bool = False  # only admins and listed members may (un)follow in channels
    slack_follow_users: tuple[str, ...] = ()

    def secrets(self) -> list[str]:
        """Every secret value, for log redaction."""
        secrets = (self.telegram_token, self.slack_bot_token, self.slack_signing_secret, self.slack_app_token)
        return [s.value for s in secrets if s and s.value]


def _positive(value: object, key: str, kind: type) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingsError(f"{key}: must be a number, got {value!r}")
    if kind is int and not float(value).is_integer():
        raise SettingsError(f"{key}: must be a whole number, got {value!r}")
    if value <= 0:
        raise SettingsError(f"{key}: must be greater than 0, got {value!r}")
    return kind(value)


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


def _http(raw: object) -> HttpSettings:
    if not isinstance(raw, dict):
        raise SettingsError("http: must be a table")
    known = {f.name: f for f in fields(HttpSettings)}
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key not in known:
            raise SettingsError(f"http.{key}: unknown setting")
        if key == "user_agent":
            if not isinstance(value, str) or not value:
                raise SettingsError("http.user_agent: must be a non-empty string")
            values[key] = value
        else:
            kind = int if known[key].type in ("int", int) else float
            values[key] = _positive(value, f"http.{key}", kind)
    return HttpSettings(**values)  # type: ignore[arg-type]


def load_production_feeds() -> tuple[FeedSettings, ...]:
    """The bundled list of real public feeds, used when settings name none."""
    raw = tomllib.loads(PRODUCTION_FEEDS.read_text(encoding="utf-8"))
    return _feeds(raw.get("feeds", []), key=f"{PRODUCTION_FEEDS.name}:feeds")


TOP_LEVEL_KEYS = {
    "database",
    "poll_interval_seconds",
    "drain_interval_seconds",
    "feeds",
    "topics_dirs",
    "unhealthy_after_failures",
    "max_backoff_seconds",
    "log_level",
    "log_format",
    "http",
    "parse_processes",
    "telegram",
    "slack",
    "health",
    "admins",
    "stories",
}
SECRET_KEYS = {"telegram_token", "telegram_bot_token", "slack_bot_token", "token"}


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
    path = path or env.get("TALKWATCH_CONFIG") or None
    raw: dict = {}
    base_dir = Path.cwd()
    if path is not None:
        config_path = Path(path)
        try:
            raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError(f"config: file {config_path} not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"config: {config_path} is not valid TOML: {exc}") from None
        base_dir = config_path.parent

    leaked = SECRET_KEYS & set(raw)
    if leaked:
        raise SettingsError(
            f"{sorted(leaked)[0]}: secrets are read from the environment only "
            "(TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN); remove it from the file"
        )
    unknown = set(raw) - TOP_LEVEL_KEYS
    if unknown:
        raise SettingsError(f"{sorted(unknown)[0]}: unknown setting")

    values: dict[str, object] = {}
    if "database" in raw:
        if not isinstance(raw["database"], str) or not raw["database"]:
            raise SettingsError("database: must be a file path")
        values["database"] = base_dir / raw["database"]
    for key in ("poll_interval_seconds", "unhealthy_after_failures", "max_backoff_seconds"):
        if key in raw:
            values[key] = _positive(raw[key], key, int)
    if "parse_processes" in raw:
        value = raw["parse_processes"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SettingsError(f"parse_processes: must be 0 (parse in a thread) or more, got {value!r}")
        values["parse_processes"] = value
    if "drain_interval_seconds" in raw:
        values["drain_interval_seconds"] = _positive(
            raw["drain_interval_seconds"], "drain_interval_seconds", float
        )
    if "feeds" in raw:
        values["feeds"] = _feeds(raw["feeds"])
    if "topics_dirs" in raw:
        dirs = raw["topics_dirs"]
        if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
            raise SettingsError("topics_dirs: must be a list of directory paths")
        values["topics_dirs"] = tuple(base_dir / d for d in dirs)
    if "log_level" in raw:
        values["log_level"] = _log_level(raw["log_level"], "log_level")
    if "http" in raw:
        values["http"] = _http(raw["http"])
    if "stories" in raw:
        stories = raw["stories"]
        if not isinstance(stories, dict) or set(stories) - {"threshold", "corroboration"}:
            raise SettingsError("stories: a table with threshold and corroboration only")
        if "threshold" in stories:
            threshold = stories["threshold"]
            if not isinstance(threshold, int | float) or not 0 < threshold < 1:
                raise SettingsError(f"stories.threshold: must be between 0 and 1, got {threshold!r}")
            values["story_threshold"] = float(threshold)
        if "corroboration" in stories:
            values["story_corroboration"] = _positive(stories["corroboration"], "stories.corroboration", int)
    if "log_format" in raw:
        values["log_format"] = _log_format(raw["log_format"], "log_format")
    if "health" in raw:
        health = raw["health"]
        if not isinstance(health, dict) or set(health) - {"host", "port"}:
            raise SettingsError("health: a table with host and port only")
        if "host" in health:
            values["health_host"] = str(health["host"])
        if "port" in health:
            values["health_port"] = _positive(health["port"], "health.port", int)
    if "admins" in raw:
        admins = raw["admins"]
        if not isinstance(admins, dict) or set(admins) - {"telegram", "slack"}:
            raise SettingsError("admins: a table with telegram and slack lists only")
        for key in ("telegram", "slack"):
            ids = admins.get(key, [])
            if not isinstance(ids, list) or not all(isinstance(i, str | int) for i in ids):
                raise SettingsError(f"admins.{key}: must be a list of ids")
            values[f"{key}_admins"] = tuple(str(i) for i in ids)
    if "slack" in raw:
        slack = raw["slack"]
        if not isinstance(slack, dict) or set(slack) - {"restrict_follow", "follow_users", "host", "port"}:
            raise SettingsError("slack: a table with restrict_follow, follow_users, host and port only")
        if "restrict_follow" in slack:
            if not isinstance(slack["restrict_follow"], bool):
                raise SettingsError("slack.restrict_follow: must be true or false")
            values["slack_restrict_follow"] = slack["restrict_follow"]
        if "follow_users" in slack:
            users = slack["follow_users"]
            if not isinstance(users, list) or not all(isinstance(u, str) for u in users):
                raise SettingsError("slack.follow_users: must be a list of Slack user ids")
            values["slack_follow_users"] = tuple(users)
        if "host" in slack:
            values["slack_host"] = str(slack["host"])
        if "port" in slack:
            values["slack_port"] = _positive(slack["port"], "slack.port", int)
    if "telegram" in raw:
        telegram = raw["telegram"]
        if not isinstance(telegram, dict) or set(telegram) - {"link_previews", "api_base_url"}:
            raise SettingsError("telegram: a table with link_previews and api_base_url only")
        if "link_previews" in telegram:
            if not isinstance(telegram["link_previews"], bool):
                raise SettingsError("telegram.link_previews: must be true or false")
            values["telegram_link_previews"] = telegram["link_previews"]
        if "api_base_url" in telegram:
            values["telegram_api_base_url"] = _base_url(telegram["api_base_url"], "telegram.api_base_url")

    # Environment overrides.
    if env.get("TALKWATCH_DB"):
        values["database"] = Path(env["TALKWATCH_DB"])
    if env.get("TALKWATCH_POLL_INTERVAL"):
        values["poll_interval_seconds"] = _positive(
            _number(env["TALKWATCH_POLL_INTERVAL"], "TALKWATCH_POLL_INTERVAL"),
            "TALKWATCH_POLL_INTERVAL",
            int,
        )
    if env.get("TALKWATCH_LOG_LEVEL"):
        values["log_level"] = _log_level(env["TALKWATCH_LOG_LEVEL"], "TALKWATCH_LOG_LEVEL")
    if env.get("TALKWATCH_LOG_FORMAT"):
        values["log_format"] = _log_format(env["TALKWATCH_LOG_FORMAT"], "TALKWATCH_LOG_FORMAT")
    if env.get("TALKWATCH_HEALTH_HOST"):
        values["health_host"] = env["TALKWATCH_HEALTH_HOST"]
    if env.get("TALKWATCH_HEALTH_PORT"):
        values["health_port"] = _positive(
            _number(env["TALKWATCH_HEALTH_PORT"], "TALKWATCH_HEALTH_PORT"), "TALKWATCH_HEALTH_PORT", int
        )
    if env.get("TALKWATCH_TELEGRAM_ADMINS"):
        values["telegram_admins"] = tuple(
            x.strip() for x in env["TALKWATCH_TELEGRAM_ADMINS"].split(",") if x.strip()
        )
    if env.get("TALKWATCH_SLACK_ADMINS"):
        values["slack_admins"] = tuple(
            x.strip() for x in env["TALKWATCH_SLACK_ADMINS"].split(",") if x.strip()
        )
    if env.get("TELEGRAM_BOT_TOKEN"):
        values["telegram_token"] = Secret(env["TELEGRAM_BOT_TOKEN"].strip())
    if env.get("TELEGRAM_API_BASE_URL"):
        values["telegram_api_base_url"] = _base_url(env["TELEGRAM_API_BASE_URL"], "TELEGRAM_API_BASE_URL")
    if env.get("SLACK_BOT_TOKEN"):
        values["slack_bot_token"] = Secret(env["SLACK_BOT_TOKEN"].strip())
    if env.get("SLACK_SIGNING_SECRET"):
        values["slack_signing_secret"] = Secret(env["SLACK_SIGNING_SECRET"].strip())
    if env.get("SLACK_APP_TOKEN"):
        values["slack_app_token"] = Secret(env["SLACK_APP_TOKEN"].strip())
    if env.get("SLACK_API_BASE_URL"):
        values["slack_api_base_url"] = _base_url(env["SLACK_API_BASE_URL"], "SLACK_API_BASE_URL")
    if env.get("SLACK_PORT"):
        values["slack_port"] = _positive(_number(env["SLACK_PORT"], "SLACK_PORT"), "SLACK_PORT", int)
    if (
        values.get("slack_bot_token")
        and not values.get("slack_app_token")
        and not values.get("slack_signing_secret")
    ):
        raise SettingsError(
            "SLACK_SIGNING_SECRET: HTTP mode needs it to verify requests "
            "(or set SLACK_APP_TOKEN for Socket Mode)"
        )
    if database is not None:
        values["database"] = Path(database)
    return Settings(**values)  # type: ignore[arg-type]


def _base_url(value: object, key: str) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https"):
        raise SettingsError(f"{key}: must be an http(s) URL such as http://127.0.0.1:8081/bot, got {value!r}")
    return value


def _number(text: str, key: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise SettingsError(f"{key}: must be a number, got {text!r}") from None


def _log_format(value: object, key: str) -> str:
    if value not in ("text", "json"):
        raise SettingsError(f"{key}: must be text or json, got {value!r}")
    return str(value)


def _log_level(value: object, key: str) -> str:
    levels = ("DEBUG", "INFO", "WARNING", "ERROR")
    if not isinstance(value, str) or value.upper() not in levels:
        raise SettingsError(f"{key}: must be one of {', '.join(levels)}, got {value!r}")
    return value.upper()
