"""A small document model that formatters build and each transport renders.

Formatters produce paragraphs of lines of spans (plain text, bold, italic,
links); a renderer turns them into plain text, Telegram HTML or Slack mrkdwn,
escaping every user-supplied string for that target. Splitting a long message
happens on paragraph boundaries of the document, so no tag is ever cut.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Bold:
    text: str


@dataclass(frozen=True)
class Italic:
    text: str


@dataclass(frozen=True)
class Link:
    text: str
    url: str


Span = Text | Bold | Italic | Link
Line = tuple[Span, ...]
Paragraph = tuple[Line, ...]
Document = tuple[Paragraph, ...]
Renderer = Callable[[Document], str]


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered as links; anything else stays text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _plain_span(span: Span) -> str:
    if isinstance(span, Link):
        url = safe_url(span.url)
        if not url or span.text == url:
            return url or span.text
        return f"{span.text} <{url}>"
    return span.text


def _html_span(span: Span) -> str:
    if isinstance(span, Bold):
        return f"<b>{html.escape(span.text, quote=False)}</b>"
    if isinstance(span, Italic):
        return f"<i>{html.escape(span.text, quote=False)}</i>"
    if isinstance(span, Link):
        url = safe_url(span.url)
        text = html.escape(span.text, quote=False)
        return f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text
    return html.escape(span.text, quote=False)


def mrkdwn_escape(text: str) -> str:
    """Slack mrkdwn escapes exactly &, < and >."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn_link(label: str, url: str | None) -> str | None:
    """A Slack link ``<url|label>``, both parts escaped; None when the URL is not http(s)."""
    safe = safe_url(url)
    if not safe:
        return None
    target = safe.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
    return f"<{target}|{mrkdwn_escape(label).replace('|', '¦')}>"


def _mrkdwn_span(span: Span) -> str:
    if isinstance(span, Bold):
        return f"*{mrkdwn_escape(span.text)}*" if span.text.strip() else mrkdwn_escape(span.text)
    if isinstance(span, Italic):
        return f"_{mrkdwn_escape(span.text)}_" if span.text.strip() else mrkdwn_escape(span.text)
    if isinstance(span, Link):
        return mrkdwn_link(span.text, span.url) or mrkdwn_escape(span.text)
    return mrkdwn_escape(span.text)


def _renderer(render_span: Callable[[Span], str]) -> Renderer:
    def render(document: Document) -> str:
        return "\n\n".join(
            "\n".join("".join(render_span(s) for s in line) for line in paragraph) for paragraph in document
        )

    return render


render_plain: Renderer = _renderer(_plain_span)
render_html: Renderer = _renderer(_html_span)
render_mrkdwn: Renderer = _renderer(_mrkdwn_span)


def visible_length(document: Document) -> int:
    """Characters a reader sees (what Telegram counts after parsing entities)."""
    return len(_renderer(lambda s: s.text)(document))


def visible_length_utf16(document: Document) -> int:
    """Visible length in UTF-16 code units, how Telegram measures text (an emoji counts 2)."""
    return len(_renderer(lambda s: s.text)(document).encode("utf-16-le")) // 2


def split(document: Document, limit: int, measure: Callable[[Document], int]) -> list[Document]:
    """Split on paragraph boundaries so each part measures at most ``limit``.

    A single paragraph that is too long on its own is split between lines, and
    a single line between spans, and a single span's text as a last resort;
    markup is rebuilt around each piece, so tags are never cut.
    """
    parts: list[Document] = []
    current: list[Paragraph] = []
    for paragraph in document:
        for piece in _fit_paragraph(paragraph, limit, measure):
            if current and measure((*current, piece)) > limit:
                parts.append(tuple(current))
                current = []
            current.append(piece)
    if current:
        parts.append(tuple(current))
    return parts


def _fit_paragraph(paragraph: Paragraph, limit: int, measure: Callable[[Document], int]) -> list[Paragraph]:
    if measure((paragraph,)) <= limit:
        return [paragraph]
    pieces: list[Paragraph] = []
    for line in paragraph:
        if measure(((line,),)) <= limit:
            pieces.append((line,))
            continue
        for span in line:
            if measure((((span,),),)) <= limit:
                pieces.append(((span,),))
                continue
            text = span.text
            kind = Text if isinstance(span, Link) else type(span)
            # Shrink the chunk until its rendering fits (escaping can grow it).
            size = max(1, limit // 2)
            while text:
                chunk = text[:size]
                line_piece: Line = (kind(chunk),)
                paragraph_piece: Paragraph = (line_piece,)
                if measure((paragraph_piece,)) > limit and size > 1:
                    size = max(1, size * 3 // 4)
                    continue
                pieces.append(paragraph_piece)
                text = text[len(chunk) :]
    # Merge consecutive small pieces back together up to the limit.
    merged: list[Paragraph] = []
    for piece in pieces:
        if merged and measure(((*merged[-1], *piece),)) <= limit:
            merged[-1] = (*merged[-1], *piece)
        else:
            merged.append(piece)
    return merged
