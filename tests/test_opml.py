"""`talkwatch feeds export|import FILE.opml` (config/opml.py): a round trip through the
command line keeps every feed as it was; a hostile or broken file is refused in one line
and the settings file is left as it was."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from bot.cli import main as cli
from config.opml import MAX_BYTES, OpmlError, read_opml, write_opml
from config.settings import FeedSettings, load_production_feeds, load_settings

SETTINGS = """\
# The desk's settings: these comments stay when feeds are imported.
poll_interval_seconds = 120

[[feeds]]
url = "https://wire.example/rss?section=world&lang=en"
name = "Wire \\"World\\" & Co"
lang = "en"

[[feeds]]
url = "https://ministry.example/feed"
name = "وزارت امور خارجه"
lang = "fa"
official = true

[health]
port = 8081
"""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli(list(args))
    return code, out.getvalue(), err.getvalue()


def test_feeds_exported_and_imported_into_another_settings_file_are_the_same(tmp_path):
    source, target, opml = tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "feeds.opml"
    source.write_text(SETTINGS, encoding="utf-8")
    target.write_text("# another desk\n[web]\nenabled = true\n", encoding="utf-8")
    code, out, _ = run("feeds", "export", str(opml), "--config", str(source))
    assert code == 0 and out == f"2 feeds written to {opml} (from the settings)\n"
    code, out, _ = run("feeds", "--config", str(target), "import", str(opml))
    assert code == 0 and out.startswith(f"2 feeds added to {target}, 0 already listed there")
    assert load_settings(target, env={}).feeds == load_settings(source, env={}).feeds
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# another desk\n[web]\nenabled = true\n")  # kept as it was
    assert load_settings(target, env={}).web.enabled is True
    # Importing again adds nothing; the file is not touched.
    code, out, _ = run("feeds", "import", str(opml), "--config", str(target))
    assert code == 0 and out == f"0 feeds added to {target}, 2 already listed there\n"
    assert target.read_text(encoding="utf-8") == text


def test_a_readers_opml_with_folders_merges_into_the_settings(tmp_path):
    config = tmp_path / "talkwatch.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    reader = tmp_path / "reader.opml"
    reader.write_text(
        '<?xml version="1.0"?><opml version="1.0"><head><title>My reader</title></head><body>'
        '<outline text="Middle East">'
        '<outline text="Gulf Daily" title="Gulf Daily" type="rss" xmlUrl="https://gulf.example/rss"/>'
        '<outline text="A site, not a feed" htmlUrl="https://site.example/"/>'
        '<outline text="The ministry again" xmlUrl="https://ministry.example/feed"/>'
        "</outline>"
        '<outline text="Kurier" xmlUrl="https://kurier.example/feed.atom" language="de"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    code, out, _ = run("feeds", "import", str(reader), "--config", str(config))
    assert code == 0 and out.startswith(f"2 feeds added to {config}, 1 already listed there")
    feeds = load_settings(config, env={}).feeds
    assert [(f.name, f.url, f.lang) for f in feeds[2:]] == [
        ("Gulf Daily", "https://gulf.example/rss", None),
        ("Kurier", "https://kurier.example/feed.atom", "de"),
    ]
    assert feeds[1].official is True  # the settings' own entry, not the reader's
    assert config.read_text(encoding="utf-8").startswith("# The desk's settings: these comments stay")


def test_import_into_settings_without_feeds_says_the_bundled_list_is_replaced(tmp_path):
    config = tmp_path / "new.toml"  # does not exist yet: it is created
    opml = tmp_path / "one.opml"
    opml.write_bytes(write_opml([FeedSettings("https://one.example/rss", "One")]))
    code, out, _ = run("feeds", "import", str(opml), "--config", str(config))
    assert code == 0 and "listed no feeds, so the bundled list was polled" in out
    assert [f.url for f in load_settings(config, env={}).feeds] == ["https://one.example/rss"]


def test_export_without_feeds_in_the_settings_writes_the_bundled_list(tmp_path):
    code, out, _ = run("feeds", "export", str(tmp_path / "x.opml"), "--config", "/dev/null")
    assert code == 0 and "(the bundled list: the settings name no feeds)" in out
    assert read_opml((tmp_path / "x.opml").read_bytes()) == list(load_production_feeds())


def test_import_needs_a_settings_file(tmp_path, monkeypatch):
    monkeypatch.delenv("TALKWATCH_CONFIG", raising=False)
    opml = tmp_path / "one.opml"
    opml.write_bytes(write_opml([FeedSettings("https://one.example/rss", "One")]))
    code, _, err = run("feeds", "import", str(opml))
    assert code == 2 and err.startswith("error: name the settings file to add the feeds to with --config")


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
    '<opml version="2.0"><body><outline text="&e;" xmlUrl="https://a.example/rss"/></body></opml>'
)
LOCAL_FILE = (
    '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    '<opml version="2.0"><body><outline text="&secret;" xmlUrl="https://a.example/rss"/></body></opml>'
)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (BILLION_LAUGHS, "a document type declaration (DTD) is not allowed"),
        (LOCAL_FILE, "a document type declaration (DTD) is not allowed"),
        ("<html><body><p>Not found</p></body></html>", "the document is <html>, not an OPML file"),
        (
            '<opml><body><outline text="x" xmlUrl="https://a.example/',
            "not well-formed XML: unclosed token at line 1",
        ),
        (
            '<opml><body><outline text="x" xmlUrl="javascript:alert(1)"/></body></opml>',
            "xmlUrl must be an http(s) URL",
        ),
        (
            '<opml><body><outline text="x" xmlUrl="file:///etc/passwd"/></body></opml>',
            "xmlUrl must be an http(s) URL",
        ),
        ('<opml version="2.0"><body><outline text="A folder"/></body></opml>', "no feed in the file"),
        ("", "not well-formed XML: no element found"),
        ("\x00\x01binary", "not well-formed XML"),
    ],
)
def test_a_hostile_or_broken_opml_file_is_refused_and_nothing_changes(tmp_path, content, reason):
    config = tmp_path / "talkwatch.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    bad = tmp_path / "bad.opml"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run("feeds", "import", str(bad), "--config", str(config))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {bad}: ") and reason in err and err.endswith("; nothing was imported\n")
    assert err.count("\n") == 1
    assert config.read_text(encoding="utf-8") == SETTINGS


def test_a_huge_file_is_not_read():
    with pytest.raises(OpmlError, match="at most"):
        read_opml(b"<opml>" + b" " * MAX_BYTES + b"</opml>")


def test_a_settings_file_that_does_not_load_is_not_written(tmp_path):
    config = tmp_path / "talkwatch.toml"
    config.write_text('feeds = [{url = "https://a.example/rss", name = "A"}]\n', encoding="utf-8")
    opml = tmp_path / "one.opml"
    opml.write_bytes(write_opml([FeedSettings("https://one.example/rss", "One")]))
    code, _, err = run("feeds", "import", str(opml), "--config", str(config))
    assert code == 2 and "inline array" in err
    assert config.read_text(encoding="utf-8").startswith("feeds = [")


def test_a_missing_file_gets_a_one_line_error(tmp_path):
    code, _, err = run("feeds", "import", str(tmp_path / "nope.opml"), "--config", str(tmp_path / "t.toml"))
    assert (
        code == 2 and err == f"error: {tmp_path / 'nope.opml'}: cannot read it: No such file or directory\n"
    )
    assert not (tmp_path / "t.toml").exists()


def test_what_is_written_is_read_back(tmp_path: Path):
    feeds = [
        FeedSettings("https://a.example/rss?x=1&y=2", 'Quotes " and <tags> & more', "en", official=True),
        FeedSettings("https://b.example/feed", "خبرگزاری", "fa"),
    ]
    assert read_opml(write_opml(feeds)) == feeds
