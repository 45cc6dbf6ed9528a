"""Escaping for the page, its SVG and its Atom feed: every text from a feed, a topic file or
a request goes through here, so a hostile title is shown as text, never read as markup."""

from __future__ import annotations

import html
import re

# Characters XML 1.0 does not allow at all (escaping cannot carry them): a feed reader, or
# a browser reading the SVG, would refuse the whole document for one of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text for an HTML or XML element's content: &, <, > and quotes escaped, characters XML
    does not allow removed."""
    return html.escape(_NOT_XML.sub("", text), quote=True)


def xml_attr(text: str) -> str:
    """Text for an attribute value in double quotes (the same escaping: quotes included)."""
    return xml_text(text)
