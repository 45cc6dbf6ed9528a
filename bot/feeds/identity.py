"""Item identity: the keys under which an item is known, so it is stored once."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from bot.news.textnorm import normalize

# Query parameters that only track the reader; stripping them makes the same
# article's links from newsletters, social posts and feeds compare equal.
_TRACKING_PREFIXES = ("utm_", "at_", "mc_", "pk_", "itm_")
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "ocid",
        "cmpid",
        "ref",
        "ref_src",
        "rss",
        "feed",
        "source",
        "src",
        "xtor",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "smid",
        "partner",
        "campaign",
    }
)


def _tracking(key: str) -> bool:
    """Does this query parameter only track the reader?"""
    key = key.lower()
    return key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)


def _without_trackers(pairs: str) -> str:
    """``a=1&utm_source=x&b=2`` → ``a=1&b=2``; what is kept is kept as written."""
    return "&".join(p for p in pairs.split("&") if p and not _tracking(unquote_plus(p.partition("=")[0])))


def shown_link(url: str | None) -> str | None:
    """An article's link as shown to readers: the tracking parameters ``canonical_link``
    drops (``utm_*``, ``fbclid`` …) are dropped, from the query and from a fragment made of
    parameters (``#xtor=RSS-1``); the rest is the publisher's link as it was (scheme, host,
    path and the other parameters, in their order), since the canonical form (https, no
    ``www.``, no trailing slash) is an identity and not every site answers at it."""
    if not url:
        return url
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    if parts.scheme not in ("http", "https"):
        return url
    query = _without_trackers(parts.query)
    fragment = parts.fragment
    if fragment and all("=" in p for p in fragment.split("&")):
        fragment = _without_trackers(fragment)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


def canonical_link(url: str | None) -> str | None:
    """Canonical form of an article URL: https, lower-case host without www,
    no fragment, no tracking parameters, sorted query, no trailing slash."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, urlencode(query), ""))


def title_hash(title: str) -> str:
    """A short hash of the normalised title."""
    return hashlib.sha1(normalize(title).encode("utf-8")).hexdigest()[:20]


def item_keys(feed_id: int, guid: str | None, link: str | None, title: str) -> tuple[str, ...]:
    """Identity keys, strongest first: feed GUID, canonical link, then a title hash.

    The GUID is scoped to its feed (GUIDs are only unique within one feed); the
    canonical link is global, so one article syndicated by two feeds is stored
    once. The title hash is used only when an entry has neither a GUID nor a
    link, where it is all there is.
    """
    return keys_of(feed_id, guid, canonical_link(link), title)


def keys_of(feed_id: int, guid: str | None, canonical: str | None, title: str) -> tuple[str, ...]:
    """``item_keys`` for a link already in its canonical form (``canonical_link``)."""
    keys = []
    if guid and guid.strip():
        keys.append(f"guid:{feed_id}:{guid.strip()}")
    if canonical:
        keys.append(f"link:{canonical}")
    if not keys:
        keys.append(f"title:{feed_id}:{title_hash(title)}")
    return tuple(keys)
