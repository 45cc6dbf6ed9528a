"""Rendering and splitting documents for each kind of chat."""

from bot.render.markup import (
    Bold,
    Link,
    Text,
    render_html,
    render_mrkdwn,
    render_plain,
    split,
    visible_length,
)


def test_html_escapes_user_text_and_attribute_quotes():
    doc = (((Bold("<b>Iran & US</b>"), Link('say "hi"', 'https://x.example/?a="1"&b=<2>')),),)
    html = render_html(doc)
    assert html == (
        "<b>&lt;b&gt;Iran &amp; US&lt;/b&gt;</b>"
        '<a href="https://x.example/?a=&quot;1&quot;&amp;b=&lt;2&gt;">say "hi"</a>'
    )


def test_links_that_are_not_http_stay_text():
    doc = (((Link("click", "javascript:alert(1)"),),),)
    assert render_html(doc) == "click"
    assert render_plain(doc) == "click"
    assert render_mrkdwn(doc) == "click"


def test_mrkdwn_escapes_the_three_control_characters():
    assert render_mrkdwn((((Text("a < b & c > d"),),),)) == "a &lt; b &amp; c &gt; d"


def test_split_keeps_paragraphs_whole_and_every_part_within_the_limit():
    paragraphs = tuple(((Bold(f"Part {i}"),), (Text("x & y " * 40),)) for i in range(30))
    parts = split(paragraphs, 1000, lambda d: len(render_html(d)))
    assert len(parts) > 1
    assert all(len(render_html(p)) <= 1000 for p in parts)
    assert sum(len(p) for p in parts) == 30  # no paragraph lost or cut
    assert "".join(render_plain(p) for p in parts).count("Part") == 30


def test_split_cuts_a_single_huge_span_without_breaking_markup():
    doc = (((Bold("&" * 5000),),),)
    parts = split(doc, 4096, lambda d: len(render_html(d)))
    assert all(len(render_html(p)) <= 4096 for p in parts)
    assert all(render_html(p).startswith("<b>") and render_html(p).endswith("</b>") for p in parts)
    assert sum(visible_length(p) for p in parts) == 5000
