"""The fast parser (feedparser-rs) reads the common case exactly as feedparser does; every
odd or broken feed goes to feedparser; JSON Feed works."""

from __future__ import annotations

import json

import pytest

from bot.feeds.parse import FeedError, ParsedFeed, parse_common, parse_feed, parse_with_feedparser
from tests.helpers.feeds import rss
from tests.helpers.odd_feeds import odd_feeds

URL = "https://desk.example/feed.xml"
FEEDS = list(odd_feeds())


def read(parse, body: bytes, content_type: str) -> ParsedFeed | str:
    try:
        return parse(body, {"content-type": content_type}, URL)
    except FeedError as exc:
        return f"FeedError: {exc}"


@pytest.mark.parametrize(("name", "body", "content_type"), FEEDS, ids=[name for name, _, _ in FEEDS])
def test_every_odd_feed_reads_as_feedparser_reads_it(name, body, content_type):
    got = read(parse_feed, body, content_type)
    want = read(parse_with_feedparser, body, content_type)
    if isinstance(want, str):
        assert got == want
        return
    assert isinstance(got, ParsedFeed), got
    # Field by field: title, summary, link, guid, date and language of every entry.
    assert got.entries == want.entries
    assert got.title == want.title


def test_the_corpus_is_large_and_both_parsers_are_used():
    fast = {name for name, body, content_type in FEEDS if parse_common(body, content_type) is not None}
    assert len(FEEDS) >= 100
    assert len(fast) >= 30  # the common case really takes the fast path
    # … and what feedparser handles in its own way does not.
    odd = {
        "rss-relative-link",
        "rss-xml-base",
        "rss-xml-lang",
        "rss-iso-8859-1",
        "rss-windows-1252",
        "rss-utf-16",
        "rss-latin1-header-only",
        "rss-bom",
        "rss-cp1252-in-utf8",
        "rss-c1-reference",
        "rss-html-entity",
        "rss-doctype",
        "rss-dc-date",
        "rss-item-image",
        "rss-unclosed",
        "rss-bad-ampersand",
        "atom-xhtml-summary",
        "atom-relative-link",
        "atom-latin1",
        "rdf",
    }
    assert not fast & odd


def test_a_common_feed_takes_the_fast_path_with_every_field():
    body = rss(
        [
            {
                "title": "Araghchi and Witkoff meet in Muscat",
                "link": "https://desk.example/1",
                "guid": "g-1",
                "summary": "<p>Talks <b>resume</b>.</p>",
                "date": "Fri, 06 Feb 2026 10:00:00 +0100",
            }
        ]
    )
    parsed = parse_common(body, "application/rss+xml")
    assert parsed is not None
    (entry,) = parsed.entries
    assert (entry.title, entry.summary, entry.link, entry.guid) == (
        "Araghchi and Witkoff meet in Muscat",
        "Talks resume.",
        "https://desk.example/1",
        "g-1",
    )
    assert entry.published_at == 1770368400.0  # 09:00 UTC


def test_json_feed_is_read():
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Talks desk",
            "language": "en",
            "items": [
                {
                    "id": "j-1",
                    "url": "https://desk.example/j1",
                    "title": "Oman relays messages between Iran and the US",
                    "content_html": "<p>A second round is <em>planned</em>.</p>",
                    "date_published": "2026-02-06T10:00:00Z",
                },
                {"id": "j-2", "url": "https://desk.example/j2", "content_text": "No title, text only."},
            ],
        }
    ).encode()
    parsed = parse_feed(body, {"Content-Type": "application/feed+json"}, URL)
    first, second = parsed.entries
    assert parsed.title == "Talks desk"
    assert (first.title, first.summary, first.link, first.guid, first.lang) == (
        "Oman relays messages between Iran and the US",
        "A second round is planned.",
        "https://desk.example/j1",
        "j-1",
        "en",
    )
    assert first.published_at == 1770372000.0
    assert second.title == "No title, text only." and second.link == "https://desk.example/j2"


def test_a_body_that_looks_like_an_address_is_never_fetched():
    # feedparser-rs fetches a URL it is given; the fast path only takes documents.
    assert parse_common(b"https://desk.example/other-feed.xml", "text/plain") is None
    with pytest.raises(FeedError):
        parse_feed(b"https://desk.example/other-feed.xml", {"Content-Type": "text/plain"}, URL)
