"""Item identity: canonical links and keys."""

import pytest

from bot.feeds.identity import canonical_link, item_keys, shown_link


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.News.example/a/b/?utm_source=x&utm_medium=rss#top", "https://news.example/a/b"),
        ("http://news.example/a?id=3&fbclid=abc&b=1", "https://news.example/a?b=1&id=3"),
        ("https://news.example/a?at_campaign=x&ocid=y", "https://news.example/a"),
        ("https://news.example:8443/a", "https://news.example:8443/a"),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_canonical_link(url, canonical):
    assert canonical_link(url) == canonical


def test_keys_prefer_guid_and_link_and_fall_back_to_title():
    assert item_keys(7, "g-1", "https://n.example/a?utm_source=x", "T") == (
        "guid:7:g-1",
        "link:https://n.example/a",
    )
    only_title = item_keys(7, None, None, "Iran and US  talks")
    assert only_title == item_keys(7, "", "", "IRAN and US talks")
    assert only_title[0].startswith("title:7:")


@pytest.mark.parametrize(
    ("link", "shown"),
    [
        (  # the demo's links: the feed's own tracking goes
            "https://gulf-dispatch.example/2026/02/07/araghchi-constructive?utm_source=rss&utm_medium=feed",
            "https://gulf-dispatch.example/2026/02/07/araghchi-constructive",
        ),
        ("https://n.example/a?id=3&UTM_Campaign=x&fbclid=IwAR0x&page=2", "https://n.example/a?id=3&page=2"),
        ("https://n.example/a?q=a%20b&%75tm_source=x", "https://n.example/a?q=a%20b"),  # kept as written
        ("https://www.n.example/a/#xtor=RSS-1", "https://www.n.example/a/"),  # a fragment of trackers
        ("https://n.example/a#section-2", "https://n.example/a#section-2"),  # an anchor stays
        # Unlike the canonical link: the scheme, www. and the trailing slash stay as published.
        ("http://www.n.example/a/?utm_source=x", "http://www.n.example/a/"),
        ("https://n.example/a?b=2&a=1", "https://n.example/a?b=2&a=1"),
        (None, None),
        ("", ""),
        ("mailto:desk@n.example", "mailto:desk@n.example"),
    ],
)
def test_a_link_is_shown_without_tracking_parameters(link, shown):
    assert shown_link(link) == shown
