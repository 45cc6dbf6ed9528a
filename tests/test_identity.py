"""Item identity: canonical links and keys."""

import pytest

from bot.feeds.identity import canonical_link, item_keys


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
