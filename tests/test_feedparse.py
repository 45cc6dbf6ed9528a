"""Parsing fetched bytes: HTML in titles, bombs, wrong encodings, pages that are not feeds."""

import pytest

from bot.feeds.parse import FeedError, parse_feed

HEADERS = {"Content-Type": "application/rss+xml"}


def test_html_in_titles_and_summaries_becomes_plain_text():
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        b"<title>&lt;b&gt;Iran&lt;/b&gt; &amp;amp; US &lt;script&gt;alert(1)&lt;/script&gt;</title>"
        b"<description>&lt;p&gt;Talks &lt;a href='x'&gt;resume&lt;/a&gt;&lt;/p&gt;</description>"
        b"<guid>1</guid></item></channel></rss>"
    )
    entry = parse_feed(body, HEADERS, "https://f.example/rss").entries[0]
    assert "<" not in entry.title and "Iran" in entry.title and "alert(1)" not in entry.title
    assert entry.summary == "Talks resume"


def test_entity_expansion_bomb_is_refused():
    body = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss/>'
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(body, HEADERS, "https://f.example/rss")


def test_wrongly_declared_encoding_still_yields_readable_items():
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Gespräche in Maskat</title><guid>1</guid></item></channel></rss>"
    ).encode("latin-1")
    entry = parse_feed(body, HEADERS, "https://f.example/rss").entries[0]
    assert entry.title == "Gespräche in Maskat"


def test_html_page_is_not_a_feed():
    with pytest.raises(FeedError, match="HTML page"):
        parse_feed(b"<html><body>Welcome</body></html>", {"content-type": "text/html"}, "https://f.example/")


def test_atom_entries_have_dates_and_links():
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>x</id>'
        b"<entry><title>Runde zwei</title><id>urn:1</id><link href='https://f.example/1'/>"
        b"<updated>2026-02-07T10:00:00Z</updated></entry></feed>"
    )
    entry = parse_feed(body, {"content-type": "application/atom+xml"}, "https://f.example/atom").entries[0]
    assert (entry.title, entry.link, entry.guid) == ("Runde zwei", "https://f.example/1", "urn:1")
    assert entry.published_at == 1770458400.0


def rss_item(title: bytes, description: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><item>'
        b"<title>"
        + title
        + b"</title>"
        + (b"<description>" + description + b"</description>" if description else b"")
        + b"<guid>1</guid></item></channel></rss>"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Plain text keeps its angle brackets: they are the text, the formatters escape them.
        (b"&quot;talks&quot; &lt; expectations &gt; hopes", '"talks" < expectations > hopes'),
        (b"Iran says &lt;5% is the cap", "Iran says <5% is the cap"),
        (b"They &lt;agree&gt; now", "They <agree> now"),
        (b"<![CDATA[Iran & US: <agree> is not markup here]]>", "Iran & US: <agree> is not markup here"),
        # Markup the feed plainly sends as HTML is stripped, its text kept.
        (b"&lt;b&gt;Bold&lt;/b&gt; title", "Bold title"),
        # Hidden characters go: a right-to-left override, a zero-width space, a control character.
        ("Iran\u202e SU \u202cand\u200b US\x07 talks".encode(), "Iran SU and US talks"),
        # The zero-width non-joiner of Persian spelling stays.
        ("گفت\u200cوگو".encode(), "گفت\u200cوگو"),
        (b"  many\n\t spaces   folded ", "many spaces folded"),
    ],
)
def test_titles_keep_their_text_and_lose_only_markup_and_hidden_characters(title, expected):
    entry = parse_feed(rss_item(title), HEADERS, "https://f.example/rss").entries[0]
    assert entry.title == expected


def test_every_hidden_character_and_only_those_is_removed_from_feed_text():
    # Over every code point: what a reader cannot see or that reorders what they see goes
    # (bidi controls, zero-width space, word joiner, byte order mark, soft hyphen, control
    # characters but tab, line feed and carriage return); white space becomes one space;
    # everything else, the zero-width non-joiner and joiner included, stays as it is.
    import sys
    import unicodedata

    from bot.feeds.text import clean_text

    hidden = {*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x2060, 0xFEFF, 0x00AD}
    wrong = []
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if unicodedata.category(ch) == "Cs":
            continue  # a lone surrogate is no text a feed can carry
        if code in hidden or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"):
            expected = "ab"
        elif ch.isspace():
            expected = "a b"
        else:
            expected = f"a{ch}b"
        if clean_text(f"a{ch}b", "text/plain", 100) != expected:
            wrong.append(hex(code))
    assert wrong == []


def test_html_summaries_keep_literal_angle_brackets_and_drop_scripts():
    description = (
        b"&lt;p&gt;Oil &amp;lt; $60 &amp;amp; talks &amp;gt; nothing&lt;/p&gt;"
        b"&lt;script&gt;steal()&lt;/script&gt;&lt;style&gt;p{}&lt;/style&gt;&lt;br/&gt;End"
    )
    entry = parse_feed(rss_item(b"T", description), HEADERS, "https://f.example/rss").entries[0]
    assert entry.summary == "Oil < $60 & talks > nothing End"
