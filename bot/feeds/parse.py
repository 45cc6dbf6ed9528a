"""Parse fetched feed bytes with feedparser into plain entries (CPU-bound: run off the loop)."""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import feedparser

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


def _type(entry: Mapping[str, Any], detail: str) -> str | None:
    """The content type feedparser found for a field: text/plain, text/html, …"""
    value = entry.get(detail)
    return value.get("type") if isinstance(value, Mapping) else None


def _timestamp(entry: dict[str, Any]) -> float | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get, not FeedParserDict's: its "updated_parsed" falls back to the published
        # date with a DeprecationWarning when the published date could not be parsed.
        value = dict.get(entry, key)
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
    response_headers["content-location"] = final_url
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
    result = []
    for entry in entries:
        title = clean_text(entry.get("title"), _type(entry, "title_detail"), MAX_TITLE)
        summary = clean_text(
            entry.get("summary") or entry.get("description"), _type(entry, "summary_detail"), MAX_SUMMARY
        )
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
    warning = None
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        warning = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"[:300]
    feed = parsed.get("feed") or {}
    title = clean_text(feed.get("title"), _type(feed, "title_detail"), 200)
    return ParsedFeed(title=title, entries=tuple(result), warning=warning)
