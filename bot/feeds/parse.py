"""Parse fetched feed bytes into plain entries (CPU-bound: run off the loop).

The common case — a well-formed UTF-8 RSS, Atom or JSON Feed with absolute links —
goes through feedparser-rs (a Rust parser, about ten times faster). Everything else
goes through feedparser, whose handling of odd and broken feeds (other encodings,
relative links, HTML entities, DTDs, broken XML) talkwatch keeps; so does anything
feedparser-rs flags as malformed. Both end in the same plain entries, compared field
by field on a corpus of odd feeds in the tests.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import feedparser

try:  # a wheel for this platform; without it every feed goes through feedparser
    import feedparser_rs
except ImportError:  # pragma: no cover
    feedparser_rs = None  # type: ignore[assignment]

from bot.feeds.text import clean_text

MAX_TITLE = 500
MAX_SUMMARY = 1200
# An entity declaration in the prolog is how "billion laughs" bombs start;
# real news feeds never declare entities.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedError(Exception):
    """The body is not a usable feed; the message says why, for operators."""


@dataclass(frozen=True)
class Entry:
    title: str
    summary: str
    link: str | None
    guid: str | None
    published_at: float | None
    lang: str | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: tuple[Entry, ...]
    warning: str | None = None  # a recoverable parse problem, kept for operators


def _type(entry: Any, detail: str) -> str | None:
    """The content type the parser found for a field: text/plain, text/html, …"""
    value = entry.get(detail)
    if isinstance(value, Mapping):
        return value.get("type")
    return getattr(value, "type", None)  # feedparser-rs: a TextConstruct


def _timestamp(entry: Any) -> float | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get, not FeedParserDict's: its "updated_parsed" falls back to the published
        # date with a DeprecationWarning when the published date could not be parsed.
        value = dict.get(entry, key) if isinstance(entry, dict) else getattr(entry, key, None)
        if value:
            try:
                return float(calendar.timegm(value))
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def parse_feed(body: bytes, headers: dict[str, str], final_url: str, lang: str | None = None) -> ParsedFeed:
    """Parse a feed body. Raises FeedError when it is not a feed at all."""
    if _ENTITY_DECL.search(body, 0, 65536):
        raise FeedError("refused: the document declares XML entities (entity-expansion bomb)")
    response_headers = {k.lower(): v for k, v in headers.items()}
    fast = parse_common(body, response_headers.get("content-type", ""), lang)
    if fast is not None:
        return fast
    return parse_with_feedparser(body, response_headers, final_url, lang)


# What the fast parser takes: UTF-8 (declared or not), no DTD, starting with < or {.
_XML_ENCODING = re.compile(rb"^<\?xml[^>]*encoding\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_UTF8 = frozenset({"utf-8", "utf8"})
_ABSOLUTE = ("http://", "https://")
_TAG = re.compile(rb"<([A-Za-z][\w.:-]*)")
_RSS_TAGS = (
    "rss channel title link description item guid pubDate language category author comments "
    "enclosure source lastBuildDate ttl image url width height generator copyright "
    "managingEditor webMaster docs"
)
_ATOM_TAGS = (
    "feed entry title link id updated published summary content author name email uri "
    "category subtitle rights icon logo generator"
)
_COMMON_TAGS = {
    b"rss": frozenset(t.encode() for t in _RSS_TAGS.split()),
    b"feed": frozenset(t.encode() for t in _ATOM_TAGS.split()),
}
# Attributes and content feedparser treats specially (and feedparser-rs differently).
# C1 control characters, raw or as references, are Windows-1252 text feedparser repairs.
_ODD = re.compile(
    rb"xml:base|xml:lang|base64|xhtml|mode\s*=|<!DOCTYPE|\xc2[\x80-\x9f]|&#(?:1[2-5]\d|x[89][0-9a-f]);",
    re.IGNORECASE,
)


def _is_common(body: bytes, content_type: str) -> bool:
    """A body feedparser-rs reads exactly as feedparser would: UTF-8 by every account,
    no BOM, no DTD (HTML entities), and no way to be taken for a URL."""
    if body[:1] not in (b"<", b"{"):
        return False
    charset = _CHARSET.search(content_type)
    if charset is not None and charset.group(1).lower() not in _UTF8:
        return False
    declared = _XML_ENCODING.match(body)
    if declared is not None and declared.group(1).decode("ascii", "replace").lower() not in _UTF8:
        return False
    if body[:1] == b"<":
        # Only the elements and attributes plain news feeds are made of: anything else
        # (xml:base, xml:lang, base64 or XHTML content, a DTD, RSS 1.0 or Dublin Core
        # dates, namespaced modules) is read the way feedparser reads it.
        tags = _TAG.findall(body)
        known = _COMMON_TAGS.get(tags[0] if tags else b"")
        if known is None or not known.issuperset(tags) or _ODD.search(body):
            return False
        # A channel's image is common; one inside an item is not (its link is not the item's).
        first = body.find(b"<item")
        if first >= 0 and body.find(b"<image", first) >= 0:
            return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def parse_common(body: bytes, content_type: str = "", lang: str | None = None) -> ParsedFeed | None:
    """The common case through feedparser-rs; None when the body is for feedparser (odd,
    broken, or with links to resolve against the feed's address)."""
    if feedparser_rs is None or not _is_common(body, content_type):
        return None
    try:
        parsed = feedparser_rs.parse(body, sanitize_html=False, resolve_relative_uris=False)
    except Exception:  # a parser's bug is feedparser's to handle
        return None
    entries = parsed.entries
    if parsed.bozo or not parsed.version or not entries:
        return None
    for entry in entries:
        link = entry.get("link")
        if link and not link.startswith(_ABSOLUTE):
            return None  # relative: feedparser resolves it (xml:base, the feed's address)
        title = entry.get("title") or ""
        if "<" in title or "&lt;" in title:
            # feedparser reads a title as plain text, "<soon>" and all; feedparser-rs
            # calls it HTML, and the words would be lost as a tag.
            return None
    feed_lang = parsed.feed.get("language") or lang or None
    return ParsedFeed(
        title=clean_text(parsed.feed.get("title"), _type(parsed.feed, "title_detail"), 200),
        entries=_entries(entries, feed_lang),
    )


def parse_with_feedparser(
    body: bytes, response_headers: dict[str, str], final_url: str, lang: str | None = None
) -> ParsedFeed:
    """Any feed, however odd, through feedparser (headers: lower-case names)."""
    response_headers = {**response_headers, "content-location": final_url}
    # No HTML sanitising or URI resolution inside feedparser: every field is
    # reduced to plain text below and escaped again by each transport's renderer.
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers=response_headers, sanitize_html=False, resolve_relative_uris=False
    )
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        content_type = response_headers.get("content-type", "")
        if "html" in content_type or body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
            raise FeedError(f"not a feed: the server sent an HTML page ({content_type or 'no type'})")
        problem = parsed.get("bozo_exception")
        raise FeedError(f"malformed feed: {problem or 'no RSS or Atom content found'}")
    if not entries and parsed.get("bozo"):
        raise FeedError(f"malformed feed: {parsed.get('bozo_exception')}")
    feed_lang = (parsed.feed.get("language") or lang or None) if parsed.get("feed") else lang
    warning = None
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        warning = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"[:300]
    feed = parsed.get("feed") or {}
    title = clean_text(feed.get("title"), _type(feed, "title_detail"), 200)
    return ParsedFeed(title=title, entries=_entries(entries, feed_lang), warning=warning)


def _entries(entries: Any, feed_lang: str | None) -> tuple[Entry, ...]:
    result = []
    for entry in entries:
        title = clean_text(entry.get("title"), _type(entry, "title_detail"), MAX_TITLE)
        raw, kind = entry.get("summary") or entry.get("description"), _type(entry, "summary_detail")
        if not raw and entry.get("content"):
            # No summary, only a body (JSON Feed's content_text/content_html): as
            # feedparser does for RSS, the body stands in for the summary.
            body = entry.get("content")[0]
            raw = body.get("value") if isinstance(body, Mapping) else getattr(body, "value", None)
            kind = body.get("type") if isinstance(body, Mapping) else getattr(body, "type", None)
        summary = clean_text(raw, kind, MAX_SUMMARY)
        if not title and not summary:
            continue
        link = entry.get("link") or None
        guid = entry.get("id") or entry.get("guid") or None
        result.append(
            Entry(
                title=title or summary[:MAX_TITLE],
                summary=summary if summary != title else "",
                link=link,
                guid=guid,
                published_at=_timestamp(entry),
                lang=(entry.get("language") or feed_lang or None),
            )
        )
    return tuple(result)
