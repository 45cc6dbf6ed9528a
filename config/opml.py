"""Feed lists as OPML: what ``talkwatch feeds export`` writes and ``feeds import`` reads.

Operators configure feeds as ``[[feeds]]`` tables in the settings file; OPML is how feed
readers exchange their subscription lists. Export writes the feeds the bot polls (the
settings file's, else the bundled list) as OPML 2.0; import reads a reader's OPML and adds
the feeds the settings file does not list yet to it, as ``[[feeds]]`` tables appended at
its end, so the operator's comments and layout stay as they were.

An OPML file is read with expat and nothing else: a document type declaration (and so
any entity, the way to a "billion laughs" or to reading a local file) is refused before
it is expanded, and so is a file of more than ``MAX_BYTES``.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

from config.settings import FeedSettings, SettingsError, _feeds

MAX_BYTES = 5 * 1024 * 1024  # a list of 10,000 feeds is about 2 MiB
MAX_FEEDS = 20_000
NAMESPACE = "https://github.com/talkwatch/talkwatch/opml"  # talkwatch's own attributes (official)


class OpmlError(ValueError):
    """An OPML file that cannot be read as a feed list; the message says why, in one line."""


@dataclass(frozen=True)
class Imported:
    """What an import did: the feeds added, and the ones the settings file had already."""

    added: tuple[FeedSettings, ...]
    known: tuple[FeedSettings, ...]
    replaced_bundled: bool  # the file listed no feeds: the bundled list was polled until now


def _refuse_dtd(*_: object) -> None:
    raise OpmlError("a document type declaration (DTD) is not allowed in an OPML file; remove it")


def _refuse_entity(*_: object) -> int:
    raise OpmlError("entity declarations are not allowed in an OPML file; remove them")


def read_opml(data: bytes) -> list[FeedSettings]:
    """The feeds of an OPML document: every ``outline`` with an ``xmlUrl`` (in folders too),
    named by ``title`` or ``text``, with ``language`` and talkwatch's ``official`` when
    present. OpmlError says what is wrong with a file that is not one."""
    if len(data) > MAX_BYTES:
        raise OpmlError(f"the file has {len(data):,} bytes; at most {MAX_BYTES:,} are read")
    parser = expat.ParserCreate(namespace_separator=" ")
    # Entities never expand: no DTD at all, and parameter entities are never read.
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_entity
    depth: list[str] = []
    root: list[str] = []
    outlines: list[dict[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if not depth:
            root.append(name)
        depth.append(name)
        if name == "outline":
            outlines.append(attrs)
            if len(outlines) > MAX_FEEDS:
                raise OpmlError(f"more than {MAX_FEEDS:,} outlines; split the file")

    def end(name: str) -> None:
        depth.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        reason = expat.errors.messages[exc.code]
        raise OpmlError(f"not well-formed XML: {reason} at line {exc.lineno}") from None
    if root != ["opml"]:
        raise OpmlError(f"the document is <{root[0] if root else '?'}>, not an OPML file (<opml>)")
    feeds: list[FeedSettings] = []
    seen: set[str] = set()
    for n, attrs in enumerate(outlines, 1):
        url = (attrs.get("xmlUrl") or attrs.get("xmlurl") or "").strip()
        if not url:
            continue  # a folder, or a link that is not a feed
        where = f"outline {n} ({url[:80]})"
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise OpmlError(f"{where}: xmlUrl must be an http(s) URL")
        if url in seen:
            continue
        seen.add(url)
        name = " ".join((attrs.get("title") or attrs.get("text") or parts.netloc).split())
        lang = (attrs.get("language") or "").strip() or None
        official = attrs.get(f"{NAMESPACE} official", "").strip().lower() == "true"
        feeds.append(FeedSettings(url=url, name=name[:200], lang=lang, official=official))
    if not feeds:
        raise OpmlError("no feed in the file: no outline has an xmlUrl")
    return feeds


def write_opml(feeds: Sequence[FeedSettings], title: str = "talkwatch feeds") -> bytes:
    """An OPML 2.0 document of ``feeds``: one ``outline type="rss"`` each, with ``language``
    and, for a ministry's own feed, ``talkwatch:official="true"``."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<opml version="2.0" xmlns:talkwatch="{NAMESPACE}">',
        f"<head><title>{_text(title)}</title></head>",
        "<body>",
    ]
    for feed in feeds:
        attrs = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.lang:
            attrs["language"] = feed.lang
        if feed.official:
            attrs["talkwatch:official"] = "true"
        shown = " ".join(f"{key}={quoteattr(_clean(value))}" for key, value in attrs.items())
        lines.append(f"<outline {shown}/>")
    lines += ["</body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")


def _clean(text: str) -> str:
    """Characters XML cannot carry are dropped."""
    return "".join(c for c in text if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff"))


def _text(text: str) -> str:
    return quoteattr(_clean(text))[1:-1]


def _toml_string(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " and c != "\x7f" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def feeds_toml(feeds: Sequence[FeedSettings]) -> str:
    """``[[feeds]]`` tables for ``feeds``, as the settings file lists them."""
    out = []
    for feed in feeds:
        out.append("[[feeds]]")
        out.append(f"url = {_toml_string(feed.url)}")
        out.append(f"name = {_toml_string(feed.name)}")
        if feed.lang:
            out.append(f"lang = {_toml_string(feed.lang)}")
        if feed.official:
            out.append("official = true")
        out.append("")
    return "\n".join(out)


def import_into(settings_file: Path, feeds: Sequence[FeedSettings]) -> Imported:
    """Add the feeds the settings file does not list yet (by URL) to its end, as ``[[feeds]]``
    tables; the file is written whole or not at all, and only when what it then says loads
    as settings. A file that does not exist yet is created."""
    text = settings_file.read_text(encoding="utf-8") if settings_file.exists() else ""
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config: {settings_file} is not valid TOML: {exc}") from None
    listed = _feeds(raw.get("feeds", []))
    urls = {f.url for f in listed}
    added = tuple(f for f in feeds if f.url not in urls)
    known = tuple(f for f in feeds if f.url in urls)
    if added:
        if "feeds" in raw and not text_has_feed_tables(text):
            raise SettingsError(
                f"feeds: {settings_file} lists its feeds as an inline array; write them as "
                "[[feeds]] tables so that imported ones can be added"
            )
        joined = text + ("" if not text or text.endswith("\n") else "\n")
        count = f"{len(added)} feed{'s' if len(added) != 1 else ''}"
        joined += f"\n# Imported from OPML by `talkwatch feeds import` ({count}).\n"
        joined += feeds_toml(added)
        try:
            _feeds(tomllib.loads(joined).get("feeds", []))
        except (tomllib.TOMLDecodeError, SettingsError) as exc:  # pragma: no cover - a guard
            raise SettingsError(f"feeds: the imported feeds would not load: {exc}") from None
        _replace(settings_file, joined)
    return Imported(added, known, replaced_bundled=bool(added) and not listed)


def text_has_feed_tables(text: str) -> bool:
    """Does the file list its feeds as ``[[feeds]]`` tables (to which more can be appended)?"""
    return any(line.strip().startswith("[[feeds]]") for line in text.splitlines())


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file renamed over it)."""
    fd, name = tempfile.mkstemp(dir=path.parent or Path.cwd(), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(name, path.stat().st_mode & 0o777)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
