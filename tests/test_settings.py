"""Settings: file plus environment, secrets from the environment only, errors name the key."""

from pathlib import Path

import pytest

from config.settings import SettingsError, load_production_feeds, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "talkwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_then_environment_then_cli(tmp_path):
    path = write(
        tmp_path,
        """
database = "data/tw.db"
poll_interval_seconds = 120

[[feeds]]
url = "https://feeds.example/rss"
name = "Example"
lang = "en"
""",
    )
    settings = load_settings(path, env={})
    assert settings.database == tmp_path / "data/tw.db"
    assert settings.poll_interval_seconds == 120
    assert settings.feeds[0].name == "Example"

    env = {"TALKWATCH_DB": "/srv/env.db", "TALKWATCH_POLL_INTERVAL": "30"}
    assert load_settings(path, env=env).database == Path("/srv/env.db")
    assert load_settings(path, env=env).poll_interval_seconds == 30
    assert load_settings(path, env=env, database="cli.db").database == Path("cli.db")
    assert load_settings(env={"TALKWATCH_CONFIG": str(path)}).poll_interval_seconds == 120


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("poll_interval_seconds = -5", "poll_interval_seconds"),
        ("poll_interval_seconds = 'often'", "poll_interval_seconds"),
        ("[[feeds]]\nurl = 'ftp://x.example/f'\nname = 'F'", "feeds[0].url"),
        ("[[feeds]]\nurl = 'https://x.example/f'", "feeds[0].name"),
        ("[[feeds]]\nurl = 'https://x.example/f'\nname = 'F'\ncolour = 'red'", "feeds[0]"),
        ("[http]\nmax_bytes = 0", "http.max_bytes"),
        ("pol_interval = 5", "pol_interval"),
        ("telegram_bot_token = '123:abc'", "telegram_bot_token"),
        ("database = [", "config"),
    ],
)
def test_invalid_settings_fail_with_the_key_named(tmp_path, text, key):
    with pytest.raises(SettingsError) as info:
        load_settings(write(tmp_path, text), env={})
    assert str(info.value).startswith(key)


def test_tokens_come_from_the_environment_and_never_show_in_repr():
    env = {
        "TELEGRAM_BOT_TOKEN": "123456:SECRET-token",
        "SLACK_BOT_TOKEN": "xoxb-secret",
        "SLACK_SIGNING_SECRET": "sign-secret",
    }
    settings = load_settings(env=env)
    assert settings.telegram.token is not None and settings.telegram.token.value == "123456:SECRET-token"
    for secret in ("SECRET", "xoxb", "sign-secret"):
        assert secret not in repr(settings)
    assert settings.secrets() == ["123456:SECRET-token", "xoxb-secret", "sign-secret"]


def test_slack_http_mode_without_a_signing_secret_fails_at_start():
    with pytest.raises(SettingsError, match=r"^SLACK_SIGNING_SECRET: HTTP mode needs it"):
        load_settings(env={"SLACK_BOT_TOKEN": "xoxb-secret"})
    assert load_settings(env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}).slack.app_token


def test_production_feed_list_is_valid_and_covers_the_five_languages():
    feeds = load_production_feeds()
    assert len(feeds) >= 10
    assert {f.lang for f in feeds} >= {"en", "de", "fa", "fr"}
    assert all(f.url.startswith("https://") for f in feeds)


def test_every_key_is_overridable_from_the_environment_by_one_rule(tmp_path):
    path = write(tmp_path, "[telegram]\nlink_previews = false\n[stories]\nthreshold = 0.6\n")
    env = {
        "TALKWATCH_TELEGRAM_LINK_PREVIEWS": "true",
        "TALKWATCH_STORIES_THRESHOLD": "0.7",
        "TALKWATCH_DELIVERY_CONCURRENCY": "8",
        "TALKWATCH_HTTP_MAX_PER_HOST": "2",
        "TALKWATCH_SLACK_FOLLOW_USERS": "U1, U2",
        "TALKWATCH_POLL_INTERVAL_SECONDS": "90",
        "TALKWATCH_HEALTH_PORT": "9090",
    }
    settings = load_settings(path, env=env)
    assert settings.telegram.link_previews is True
    assert settings.stories.threshold == 0.7
    assert settings.delivery.concurrency == 8
    assert settings.http.max_per_host == 2
    assert settings.slack.follow_users == ("U1", "U2")
    assert settings.poll_interval_seconds == 90
    assert settings.health.port == 9090
    # The file alone, without the environment.
    assert load_settings(path, env={}).stories.threshold == 0.6


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TALKWATCH_HTTP_MAX_BYTES": "lots"}, "TALKWATCH_HTTP_MAX_BYTES: must be a number"),
        (
            {"TALKWATCH_TELEGRAM_LINK_PREVIEWS": "maybe"},
            "TALKWATCH_TELEGRAM_LINK_PREVIEWS: must be true or false",
        ),
        ({"TALKWATCH_STORIES_THRESHOLD": "1.5"}, "TALKWATCH_STORIES_THRESHOLD: must be between"),
        ({"TALKWATCH_LOG_FORMAT": "xml"}, "TALKWATCH_LOG_FORMAT: must be one of text, json"),
        ({"SLACK_PORT": "0"}, "SLACK_PORT: must be greater than 0"),
    ],
)
def test_a_wrong_environment_value_names_the_variable(env, named):
    with pytest.raises(SettingsError, match=f"^{named}"):
        load_settings(env=env)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[telegram]\ntoken = '1:x'", "telegram.token: secrets are read from the environment only"),
        ("[stories]\nwindow = 3", "stories.window: unknown setting"),
        ("[delivery]\nconcurrency = 0", "delivery.concurrency: must be greater than 0"),
        ("[admins]\ntelegram = 'me'", "admins.telegram: must be a list of strings"),
        ("stories = 3", "stories: must be a table"),
    ],
)
def test_sections_are_validated_key_by_key(tmp_path, text, key):
    with pytest.raises(SettingsError, match=f"^{key}"):
        load_settings(write(tmp_path, text), env={})


def test_the_tuning_in_settings_reaches_the_parts_that_use_it(tmp_path):
    from bot.app import App
    from config.settings import DeliverySettings, Settings, StorySettings

    settings = Settings(
        database=tmp_path / "t.db",
        delivery=DeliverySettings(backoff_seconds=7.0, concurrency=3),
        stories=StorySettings(window_days=1.5, event_window_hours=6.0),
    )
    app = App.build(settings, [])
    try:
        assert (app.sender.base_backoff, app.sender.concurrency) == (7.0, 3)
        index = next(iter(app.poller.worker.tracker.indexes.values()))
        assert (index.window, index.event_window) == (1.5 * 86400, 6.0 * 3600)
    finally:
        import asyncio

        asyncio.run(app.aclose())


def test_the_longest_interval_cannot_be_shorter_than_the_interval(tmp_path):
    path = write(tmp_path, "poll_interval_seconds = 600\nmax_poll_interval_seconds = 300\n")
    with pytest.raises(SettingsError, match=r"^max_poll_interval_seconds: must be at least"):
        load_settings(path, env={})
    # Set in the environment, the error names the variable an operator has to change.
    hourly = write(tmp_path, "poll_interval_seconds = 3600\n")
    with pytest.raises(SettingsError) as info:
        load_settings(hourly, env={"TALKWATCH_MAX_POLL_INTERVAL_SECONDS": "1800"})
    assert str(info.value) == (
        "TALKWATCH_MAX_POLL_INTERVAL_SECONDS: must be at least poll_interval_seconds (3600), "
        "got 1800; leave it unset to follow the interval (6 times it)"
    )


@pytest.mark.parametrize(
    ("text", "env", "longest"),
    [
        ("", {}, 1800),  # the defaults: 300 s, a quiet feed slows down to 30 minutes
        ("poll_interval_seconds = 3600\n", {}, 6 * 3600),  # alone, accepted: the maximum follows
        ("", {"TALKWATCH_POLL_INTERVAL": "3600"}, 6 * 3600),
        ("poll_interval_seconds = 3600\nmax_poll_interval_seconds = 3600\n", {}, 3600),
        ("poll_interval_seconds = 60\nmax_poll_interval_seconds = 1800\n", {}, 1800),
    ],
)
def test_the_longest_interval_follows_the_interval_unless_set(tmp_path, text, env, longest):
    settings = load_settings(write(tmp_path, text), env=env)
    assert settings.longest_poll_interval == longest


def test_the_web_page_settings(tmp_path):
    """[web]: off by default; every key from the file or the environment; the operators'
    token from the environment only, never shown; a wrong value names the key."""
    defaults = load_settings(env={}).web
    assert (defaults.enabled, defaults.host, defaults.port, defaults.public_base_url) == (
        False,
        "127.0.0.1",
        8090,
        None,
    )
    path = write(
        tmp_path, '[web]\nenabled = true\nport = 9000\npublic_base_url = "https://talks.example.org/news/"\n'
    )
    token = "a-long-operator-token-0123456789"
    settings = load_settings(path, env={"TALKWATCH_WEB_TOKEN": token, "TALKWATCH_WEB_HOST": "0.0.0.0"})
    web = settings.web
    assert (web.enabled, web.host, web.port) == (True, "0.0.0.0", 9000)
    assert web.public_base_url == "https://talks.example.org/news"  # without the trailing slash
    assert web.token is not None and web.token.value == token
    assert token not in repr(settings) and token in settings.secrets()
    for text, env, message in [
        ("[web]\nport = 70000\n", {}, "web.port: must be between 1 and 65535, got 70000"),
        ("[web]\nenabled = 'yes'\n", {}, "web.enabled: must be true or false"),
        ('[web]\npublic_base_url = "talks.example.org"\n', {}, "web.public_base_url: must be an http(s) URL"),
        (
            '[web]\npublic_base_url = "https://talks.example.org/?a=1"\n',
            {},
            "web.public_base_url: must be the page's address without query or fragment",
        ),
        (
            '[web]\ntoken = "in-the-file-0123456789"\n',
            {},
            "web.token: secrets are read from the environment only",
        ),
        ("", {"TALKWATCH_WEB_TOKEN": "short"}, "TALKWATCH_WEB_TOKEN: must be at least 16 characters"),
        ("[web]\nenabled = true\nport = 8080\n", {}, "web.port: 8080 is also [health] port"),
        ("", {"TALKWATCH_WEB_PORT": "http"}, "TALKWATCH_WEB_PORT: must be a number"),
    ]:
        with pytest.raises(SettingsError) as caught:
            load_settings(write(tmp_path, text), env=env)
        assert str(caught.value).startswith(message), str(caught.value)
