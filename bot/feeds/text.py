"""Feed text made safe to show, in one place: markup the feed declared is stripped, the
rest is kept to the letter.

- HTML (the feed says so: ``type="html"``, or feedparser finds real tags) is read by an
  HTML parser: tags go, their text stays, entities are decoded, scripts and styles
  vanish, and a ``<`` that starts no tag ("talks < expectations > hopes", "<5%") stays;
- plain text keeps every character, angle brackets included (``They <agree> now``):
  the formatters escape it for each chat network; only real HTML tags in it (markup a
  publisher escaped once too often: ``<b>``, ``<script>``) make it read as HTML;
- bidi overrides and isolates, zero-width spaces and control characters are removed
  (they can reverse or hide what a reader sees); the zero-width non-joiner that
  Persian spelling needs and the joiner of emoji sequences stay;
- white space is folded to single spaces, and the result is capped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.news.textnorm import truncate

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# What is removed: bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates
# (LRI, RLI, FSI, PDI), the zero-width space, the word joiner, the byte order mark (the
# zero-width no-break space) and the soft hyphen, and every control character (Unicode's
# category Cc: U+0000–U+001F, U+007F–U+009F) but tab, line feed and carriage return.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_SPACE = re.compile(r"\s+")
# Real HTML tags in a field declared plain text: a sloppy publisher escaped markup once
# too often. "<agree>" or "<5%" is no such tag and stays.
_HTML_TAG = re.compile(
    r"</?(?:a|b|i|u|em|strong|p|br|span|div|img|script|style|font|small|big|sup|sub|h[1-6]|ul|ol|li|"
    r"blockquote|iframe|object|embed|table|tr|td)\b[^<>]*>",
    re.IGNORECASE,
)
_SKIP = {"script", "style", "template", "noscript"}
_BREAKS = {"p", "br", "div", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}


class _TextOf(HTMLParser):
    """The text of an HTML fragment, without its tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skipping:
            self._skipping -= 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment (entities decoded, tags dropped)."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def clean_text(value: str | None, content_type: str | None, limit: int) -> str:
    """One line of text a chat can show: declared markup stripped, hidden characters removed."""
    if not value:
        return ""
    declared_html = (content_type or "").lower() in _HTML_TYPES
    text = html_to_text(value) if declared_html or _HTML_TAG.search(value) else value
    text = _HIDDEN.sub("", text)
    return truncate(_SPACE.sub(" ", text).strip(), limit)
