"""The README is the front door: its commands must be the ones that really run."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def sh_blocks() -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL)]


def test_ci_runs_exactly_the_readme_test_command():
    test_command = next(b for b in sh_blocks() if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_readme_demo_command_installs_and_runs_the_demo():
    assert "python3 -m pip install -e . && talkwatch demo" in sh_blocks()


def test_every_cli_command_is_documented():
    from bot.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in commands:
        assert f"talkwatch {name}" in README, name


def test_the_settings_example_in_the_readme_loads(tmp_path):
    from config.settings import load_settings

    example = re.search(r"```toml\n(.*?)```", README, re.DOTALL).group(1)
    path = tmp_path / "talkwatch.toml"
    path.write_text(example, encoding="utf-8")
    settings = load_settings(path, env={})
    assert settings.health.port == 8080 and settings.admins.telegram == ("123456789",)
    assert settings.parse_processes == 2 and settings.log_format == "text"
    assert settings.feeds[0].name == "DW Deutsch"
