"""Odd feeds, generated: the ways real publishers write RSS and Atom, one variation at a time
(for the tests and `bench/parse_compare.py`).

Each feed is a small RSS 2.0 or Atom 1.0 document about the talks, with one oddity (or
none): other encodings, a BOM, entities, CDATA, relative links, xml:base, xml:lang,
dates in many formats, Dublin Core dates, namespaced modules, missing fields, a DTD,
Windows-1252 characters, nested images. Used to hold the fast parser to feedparser's
results, field by field.
"""

from __future__ import annotations

from collections.abc import Iterator

Feed = tuple[str, bytes, str]  # (name, body, content type)

TITLES = [
    "Araghchi and Witkoff meet again in Muscat",
    "Oman says a second round is planned",
    "Iran & US: talks to resume <soon>",
    "Gespräche in Genf: Iran und USA nähern sich an",
    "Téhéran et Washington reprennent le dialogue",
    "عراقچی: دور دوم مذاکرات در مسقط",
]
SUMMARIES = [
    "Omani diplomats carried messages between the delegations.",
    "<p>Both sides called the meeting <b>constructive</b>.</p>",
    "No date was given &amp; no venue confirmed.",
    "",
]
RSS_DATES = [
    "Fri, 06 Feb 2026 10:00:00 GMT",
    "Fri, 06 Feb 2026 10:00:00 +0100",
    "Fri, 6 Feb 2026 10:00 EST",
    "06 Feb 2026 10:00:00 Z",
    "2026-02-06T10:00:00Z",
    "Friday, February 6, 2026",
    "not a date",
    "",
]
ATOM_DATES = ["2026-02-06T10:00:00Z", "2026-02-06T10:00:00+03:30", "2026-02-06T10:00:00.123Z", "2026-02-06"]


def _rss(items: list[str], head: str = "", channel: str = "", rss_attrs: str = "") -> str:
    return (
        f'{head}<rss version="2.0"{rss_attrs}><channel><title>Talks desk</title>'
        f"<link>https://desk.example/</link><description>News</description>{channel}"
        + "".join(items)
        + "</channel></rss>"
    )


def _item(
    n: int,
    *,
    title: str | None = None,
    summary: str | None = None,
    link: str | None = None,
    date: str | None = None,
    extra: str = "",
    guid: bool = True,
) -> str:
    title = TITLES[n % len(TITLES)] if title is None else title
    summary = SUMMARIES[n % len(SUMMARIES)] if summary is None else summary
    link = f"https://desk.example/story/{n}" if link is None else link
    date = RSS_DATES[0] if date is None else date
    parts = [
        f"<title>{_esc(title)}</title>" if title else "",
        f"<link>{link}</link>" if link else "",
        f"<description>{_esc(summary)}</description>" if summary else "",
        f"<guid>urn:talks:{n}</guid>" if guid else "",
        f"<pubDate>{date}</pubDate>" if date else "",
        extra,
    ]
    return "<item>" + "".join(parts) + "</item>"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _atom(entries: list[str], attrs: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{attrs}>'
        "<title>Talks desk</title><id>urn:desk</id><updated>2026-02-06T10:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    )


def _entry(
    n: int, *, date: str = ATOM_DATES[0], summary_type: str = "text", link: str | None = None, extra: str = ""
) -> str:
    link = f"https://desk.example/a/{n}" if link is None else link
    summary = SUMMARIES[n % len(SUMMARIES)] or "Talks went on."
    body = (
        _esc(summary)
        if summary_type in ("text", "html")
        else f'<div xmlns="http://www.w3.org/1999/xhtml">{summary}</div>'
    )
    return (
        f"<entry><title>{_esc(TITLES[n % len(TITLES)])}</title><id>urn:a:{n}</id>"
        f'<link href="{link}"/><updated>{date}</updated><published>{date}</published>'
        f'<summary type="{summary_type}">{body}</summary>{extra}</entry>'
    )


def odd_feeds() -> Iterator[Feed]:
    xml = "application/rss+xml"
    atom = "application/atom+xml"
    items = [_item(n) for n in range(4)]
    # Plain feeds: the common case, in several shapes.
    yield "rss-plain", _rss(items).encode(), xml
    yield "rss-declared-utf8", _rss(items, '<?xml version="1.0" encoding="UTF-8"?>').encode(), xml
    yield "rss-charset-header", _rss(items).encode(), "application/rss+xml; charset=utf-8"
    yield (
        "rss-channel-image",
        _rss(
            items,
            channel="<image><url>https://desk.example/l.png</url><title>Desk</title><link>https://desk.example/</link></image>",
        ).encode(),
        xml,
    )
    for n, date in enumerate(RSS_DATES):
        yield f"rss-date-{n}", _rss([_item(k, date=date) for k in range(3)]).encode(), xml
    for n, title in enumerate(TITLES):
        yield f"rss-title-{n}", _rss([_item(k, title=title) for k in range(2)]).encode(), xml
    for n, summary in enumerate(SUMMARIES):
        yield f"rss-summary-{n}", _rss([_item(k, summary=summary) for k in range(2)]).encode(), xml
    yield "rss-no-guid", _rss([_item(n, guid=False) for n in range(3)]).encode(), xml
    yield "rss-no-link", _rss([_item(n, link="") for n in range(3)]).encode(), xml
    yield "rss-no-title", _rss([_item(n, title="") for n in range(3)]).encode(), xml
    yield "rss-no-date", _rss([_item(n, date="") for n in range(3)]).encode(), xml
    yield "rss-empty-item", _rss(["<item></item>", *items]).encode(), xml
    yield "rss-duplicate-items", _rss(items + items).encode(), xml
    yield "rss-long-title", _rss([_item(0, title="Talks " * 300)]).encode(), xml
    yield (
        "rss-cdata",
        _rss(
            [
                "<item><title>T</title><link>https://desk.example/c1</link>"
                "<description><![CDATA[<p>Held <b>today</b></p>]]></description></item>"
            ]
        ).encode(),
        xml,
    )
    yield (
        "rss-cdata-title",
        _rss(
            ["<item><title><![CDATA[Iran & US <meet>]]></title><link>https://desk.example/c</link></item>"]
        ).encode(),
        xml,
    )
    yield (
        "rss-numeric-refs",
        _rss(
            ["<item><title>Gespr&#228;che &#8211; Genf</title><link>https://desk.example/n</link></item>"]
        ).encode(),
        xml,
    )
    yield "rss-whitespace", ("\n\n  " + _rss(items)).encode(), xml
    # Relative links: resolved by feedparser against the feed's address or xml:base.
    yield "rss-relative-link", _rss([_item(n, link=f"/story/{n}") for n in range(3)]).encode(), xml
    yield "rss-relative-link-2", _rss([_item(n, link=f"story/{n}.html") for n in range(3)]).encode(), xml
    yield (
        "rss-xml-base",
        _rss(
            [_item(n, link=f"s/{n}") for n in range(3)], rss_attrs=' xml:base="https://base.example/news/"'
        ).encode(),
        xml,
    )
    yield "rss-protocol-relative", _rss([_item(0, link="//desk.example/p")]).encode(), xml
    # Languages.
    yield "rss-language", _rss(items, channel="<language>de-DE</language>").encode(), xml
    yield "rss-xml-lang", _rss(items, rss_attrs=' xml:lang="fr"').encode(), xml
    # Other encodings, declared in the document or only in the HTTP header.
    for encoding in ("iso-8859-1", "windows-1252", "utf-16"):
        text = _rss([_item(3), _item(4)], f'<?xml version="1.0" encoding="{encoding}"?>')
        yield f"rss-{encoding}", text.encode(encoding), xml
    yield (
        "rss-latin1-header-only",
        _rss([_item(3)]).encode("iso-8859-1"),
        "application/rss+xml; charset=iso-8859-1",
    )
    yield "rss-bom", b"\xef\xbb\xbf" + _rss(items).encode(), xml
    yield "rss-utf8-as-latin1-header", _rss([_item(3)]).encode(), "text/xml; charset=iso-8859-1"
    yield "rss-cp1252-in-utf8", _rss([_item(0, title="Don\u0092t miss the talks")]).encode(), xml
    yield (
        "rss-c1-reference",
        _rss(["<item><title>Wait&#133;</title><link>https://desk.example/w</link></item>"]).encode(),
        xml,
    )
    # HTML entities with and without a DTD.
    yield (
        "rss-html-entity",
        _rss(["<item><title>Talks&nbsp;resume</title><link>https://desk.example/e</link></item>"]).encode(),
        xml,
    )
    yield (
        "rss-doctype",
        (
            '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">'
            + _rss(items)
        ).encode(),
        xml,
    )
    # Namespaced modules.
    dc = ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    yield (
        "rss-dc-date",
        _rss(
            [_item(n, date="", extra="<dc:date>2026-02-06T10:00:00Z</dc:date>") for n in range(2)],
            rss_attrs=dc,
        ).encode(),
        xml,
    )
    yield (
        "rss-dc-creator",
        _rss([_item(n, extra="<dc:creator>Desk</dc:creator>") for n in range(2)], rss_attrs=dc).encode(),
        xml,
    )
    content = ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    yield (
        "rss-content-encoded",
        _rss(
            [
                _item(n, extra="<content:encoded><![CDATA[<p>Full text</p>]]></content:encoded>")
                for n in range(2)
            ],
            rss_attrs=content,
        ).encode(),
        xml,
    )
    yield (
        "rss-content-only",
        _rss(
            [
                "<item><title>T</title><link>https://desk.example/x</link><content:encoded>Body</content:encoded></item>"
            ],
            rss_attrs=content,
        ).encode(),
        xml,
    )
    media = ' xmlns:media="http://search.yahoo.com/mrss/"'
    yield (
        "rss-media",
        _rss(
            [
                _item(n, extra='<media:content url="https://desk.example/i.jpg" medium="image"/>')
                for n in range(2)
            ],
            rss_attrs=media,
        ).encode(),
        xml,
    )
    atomns = ' xmlns:atom="http://www.w3.org/2005/Atom"'
    yield (
        "rss-atom-self",
        _rss(
            items, channel='<atom:link href="https://desk.example/feed" rel="self"/>', rss_attrs=atomns
        ).encode(),
        xml,
    )
    yield (
        "rss-item-image",
        _rss(
            [
                "<item><title>T</title><category>c<image><url>https://desk.example/i.png</url><link>https://desk.example/img</link></image></category></item>"
            ]
        ).encode(),
        xml,
    )
    yield (
        "rss-summary-in-rss",
        _rss(
            [
                "<item><title>T</title><description>D</description><summary>S</summary><link>https://desk.example/s</link></item>"
            ]
        ).encode(),
        xml,
    )
    yield (
        "rss-091",
        b'<rss version="0.91"><channel><title>Old</title><item><title>Talks</title><link>https://desk.example/o</link></item></channel></rss>',
        xml,
    )
    yield (
        "rdf",
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
            b'<channel rdf:about="https://desk.example/"><title>RDF</title></channel>'
            b'<item rdf:about="https://desk.example/r"><title>Talks in Muscat</title><link>https://desk.example/r</link></item></rdf:RDF>'
        ),
        xml,
    )
    # Broken documents.
    yield "rss-unclosed", _rss(items)[:-30].encode(), xml
    yield (
        "rss-bad-ampersand",
        _rss(["<item><title>Iran & US</title><link>https://desk.example/b</link></item>"]).encode(),
        xml,
    )
    yield (
        "rss-bad-nesting",
        _rss(["<item><title>Talks <b>held</title></b><link>https://desk.example/n</link></item>"]).encode(),
        xml,
    )
    yield "rss-control-chars", _rss([_item(0, title="Talks\x0bheld")]).encode(), xml
    # Atom.
    yield "atom-plain", _atom([_entry(n) for n in range(4)]).encode(), atom
    for n, date in enumerate(ATOM_DATES):
        yield f"atom-date-{n}", _atom([_entry(k, date=date) for k in range(2)]).encode(), atom
    yield "atom-html-summary", _atom([_entry(n, summary_type="html") for n in range(3)]).encode(), atom
    yield "atom-xhtml-summary", _atom([_entry(n, summary_type="xhtml") for n in range(3)]).encode(), atom
    yield "atom-relative-link", _atom([_entry(n, link=f"/a/{n}") for n in range(3)]).encode(), atom
    yield (
        "atom-xml-base",
        _atom([_entry(n, link=f"a/{n}") for n in range(3)], ' xml:base="https://base.example/"').encode(),
        atom,
    )
    yield "atom-xml-lang", _atom([_entry(n) for n in range(3)], ' xml:lang="de"').encode(), atom
    yield (
        "atom-content",
        _atom(
            [_entry(n, extra='<content type="html">&lt;p&gt;Full&lt;/p&gt;</content>') for n in range(2)]
        ).encode(),
        atom,
    )
    yield (
        "atom-author",
        _atom([_entry(n, extra="<author><name>Desk</name></author>") for n in range(2)]).encode(),
        atom,
    )
    yield (
        "atom-latin1",
        _atom([_entry(4)]).replace('encoding="utf-8"', 'encoding="iso-8859-1"').encode("iso-8859-1"),
        atom,
    )
    yield "atom-unclosed", _atom([_entry(n) for n in range(2)])[:-20].encode(), atom
    yield (
        "atom-03",
        (
            b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>'
            b'<entry><title>Talks</title><link rel="alternate" href="https://desk.example/o3"/><issued>2026-02-06T10:00:00Z</issued>'
            b"<id>urn:o3</id></entry></feed>"
        ),
        atom,
    )
    # Many items, mixed oddities, as a busy desk publishes.
    for n in range(20):
        mixed = [
            _item(k, date=RSS_DATES[(n + k) % len(RSS_DATES)], title=TITLES[(n * 3 + k) % len(TITLES)])
            for k in range(n % 7 + 1)
        ]
        yield f"rss-mixed-{n}", _rss(mixed, channel="<language>en</language>" if n % 2 else "").encode(), xml
    for n in range(10):
        yield (
            f"atom-mixed-{n}",
            _atom([_entry(k, date=ATOM_DATES[(n + k) % len(ATOM_DATES)]) for k in range(n % 5 + 1)]).encode(),
            atom,
        )
