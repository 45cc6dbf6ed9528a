"""The README is the front door: its commands must be the ones that really run, and the
pages under docs/ hold what they say they hold."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


def sh_blocks() -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL)]


def test_ci_runs_exactly_the_readme_test_command():
    test_command = next(b for b in sh_blocks() if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_readme_demo_command_installs_and_runs_the_demo():
    assert (
        "python3 -m pip install --require-hashes -r requirements/base.txt && "
        "python3 -m pip install --no-deps -e . && talkwatch demo"
    ) in sh_blocks()


def test_installs_come_from_the_lock_files():
    """The README's commands, CI and the image install the locked versions, hashes checked."""
    test_command = next(b for b in sh_blocks() if "pytest" in b)
    assert "--require-hashes -r requirements/test.txt" in test_command
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements/base.txt" in dockerfile
    for lock in ("base.txt", "test.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        pins = re.findall(r"^([a-z0-9_.-]+)==\S+", text, re.M)
        assert pins and "--hash=sha256:" in text, lock
    tools = (ROOT / "requirements" / "test.txt").read_text(encoding="utf-8")
    for tool in ("ruff", "mypy", "pytest"):
        assert re.search(rf"^{tool}==\d", tools, re.M), tool


def test_every_cli_command_is_documented():
    from bot.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in commands:
        assert f"`talkwatch {name}" in README, name


def test_the_readme_is_read_in_ten_minutes():
    assert len(README.splitlines()) <= 300


def test_every_page_the_readme_links_exists():
    for page in re.findall(r"\]\((docs/[\w-]+\.md)\)", README):
        assert (ROOT / page).is_file(), page


def test_the_minimal_settings_in_the_readme_load(tmp_path):
    from config.settings import load_settings

    example = re.search(r"```toml\n(.*?)```", README, re.DOTALL).group(1)
    path = tmp_path / "talkwatch.toml"
    path.write_text(example, encoding="utf-8")
    settings = load_settings(path, env={})
    assert settings.admins.telegram == ("123456789",) and settings.feeds[0].name == "DW Deutsch"


def test_the_full_settings_example_loads(tmp_path):
    from config.settings import load_settings

    example = re.search(r"```toml\n(.*?)```", CONFIGURATION, re.DOTALL).group(1)
    path = tmp_path / "talkwatch.toml"
    path.write_text(example, encoding="utf-8")
    settings = load_settings(path, env={"TELEGRAM_WEBHOOK_SECRET": "sixteen-or-more-characters"})
    assert settings.health.port == 8080 and settings.admins.telegram == ("123456789",)
    assert settings.telegram.webhook_url == "https://bot.example.org/telegram"
    assert settings.cluster.lease_seconds == 15 and settings.cluster.instance_name == "bot-a"
    assert settings.parse_processes == 2 and settings.log_format == "text"
    assert settings.feeds[0].name == "DW Deutsch"


def test_every_setting_is_documented():
    from config.settings import documented_keys, env_name

    settings_part = CONFIGURATION
    for section, keys in documented_keys().items():
        if section:
            assert f"[{section}]" in settings_part, section
        for key in keys:
            assert re.search(rf"^{re.escape(key)} = ", settings_part, re.M) or key in ("feeds",), (
                section,
                key,
            )
    assert env_name("telegram", "link_previews") in settings_part
