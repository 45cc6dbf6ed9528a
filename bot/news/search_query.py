"""What a search asks for, and the words a report is found by (pure, no I/O).

A report is indexed as the tokens of its normalised headline, lede and outlet, and a
query is read into tokens the same way, so the two always agree: both go through the
matcher's own normalisation (:func:`bot.news.textnorm.normalize`: NFKC, case folding,
ä→ae, é→e, Arabic and Persian letter variants, zero-width joiners, Arabic and Persian
digits), then are cut into runs of letters and digits. "Gespräche", "GESPRAECHE" and
"gespraeche" are one token; so are عراقچي and عراقچی, and می‌خواهد with and without
its zero-width non-joiner.

A query is words, "quoted phrases" and ``-word`` (or ``-"a phrase"``) to leave out:

- a word of three letters or more matches as a prefix ("verhandl" finds
  "Verhandlungen"); a shorter one ("US", "UN") matches only as a whole word;
- a word that holds more than one token ("al-Sharq", "l'enrichissement") is a phrase
  whose last token is a prefix;
- a quoted phrase matches its tokens in that order, each as a whole word;
- an Arabic-script word also finds its forms with the definite article (ال, وال, بال,
  فال, کال, لل, ولل): "مفاوضات" finds "المفاوضات";
- every word and phrase must be in the report (AND); an excluded one must not.

Bad input raises :class:`QueryError`, whose message is one line for the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.news.textnorm import is_arabic_script, normalize

# A word of at least this many characters matches as a prefix; shorter ones as whole words
# (a two-letter prefix would pull in thousands of words: "us" → user, usual, usage…).
PREFIX_CHARS = 3
# A search needs one word of at least this many characters.
MIN_CHARS = 2
# Longer queries are refused: each term is a lookup in the index.
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# Tokens longer than this are neither indexed nor searched (no word is that long; a
# run of letters that is, is noise such as a base64 blob in a feed).
MAX_TOKEN_CHARS = 64

_TOKEN = re.compile(r"[^\W_]+")
# The Arabic definite article and the clitics that come before it, after normalisation.
_ARTICLES = ("ال", "وال", "بال", "فال", "کال", "لل", "ولل")


class QueryError(ValueError):
    """A query that cannot be run; ``str()`` is a one-line message for the user.

    ``kind``: "empty", "too_short", "too_long" or "syntax"."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Term:
    """One thing a report must (or must not) hold: any of its ``forms``, each a run of
    tokens in that order; ``prefix``: the last token of a form may be the start of a word."""

    forms: tuple[tuple[str, ...], ...]
    prefix: bool

    def within(self, words: Sequence[str]) -> bool:
        """Does this run of tokens (one column of a report) hold the term, as the index
        decides: a form's tokens in a row, its last one a prefix if the term is one?"""
        for form in self.forms:
            size = len(form)
            for at in range(len(words) - size + 1):
                if all(words[at + k] == form[k] for k in range(size - 1)) and (
                    words[at + size - 1].startswith(form[-1])
                    if self.prefix
                    else words[at + size - 1] == form[-1]
                ):
                    return True
        return False

    @property
    def shown(self) -> str:
        """The term as the user typed it, after normalisation (its first form)."""
        text = " ".join(self.forms[0])
        return f'"{text}"' if len(self.forms[0]) > 1 and not self.prefix else text


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: every term in ``include`` must match, none in ``exclude``."""

    include: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()

    def matches(self, columns: Sequence[Sequence[str]]) -> bool:
        """Does a report whose columns (headline, lede, outlet) hold these tokens match?
        The same answer as the index's, without it: for the few reports of a story."""
        return all(any(t.within(c) for c in columns) for t in self.include) and not any(
            t.within(c) for t in self.exclude for c in columns
        )

    @property
    def shown(self) -> str:
        """The query as it is searched for, normalised ("genf verhandl -wien")."""
        return " ".join([t.shown for t in self.include] + [f"-{t.shown}" for t in self.exclude])


def tokens(text: str) -> list[str]:
    """The tokens of a text as the index holds them: normalised, runs of letters and digits."""
    return [t for t in _TOKEN.findall(normalize(text)) if len(t) <= MAX_TOKEN_CHARS]


def index_text(text: str) -> str:
    """A text as the index stores it: its tokens one space apart."""
    return " ".join(tokens(text))


def _article_forms(token: str) -> tuple[str, ...]:
    """An Arabic-script word and its forms with the definite article, the bare word first."""
    if not is_arabic_script(token):
        return (token,)
    base = token
    for article in sorted(_ARTICLES, key=len, reverse=True):
        if token.startswith(article) and len(token) - len(article) >= PREFIX_CHARS:
            base = token[len(article) :]
            break
    if len(base) < PREFIX_CHARS:
        return (token,)
    return (base, *(article + base for article in _ARTICLES))


def _word(raw: str) -> Term | None:
    """A bare word: a prefix (three letters or more), a whole word, or a phrase."""
    found = tokens(raw)
    if not found:
        return None
    if len(found) > 1:
        return Term((tuple(found),), prefix=len(found[-1]) >= PREFIX_CHARS)
    forms = tuple((form,) for form in _article_forms(found[0]))
    return Term(forms, prefix=len(found[0]) >= PREFIX_CHARS)


def _phrase(raw: str) -> Term | None:
    found = tokens(raw)
    return Term((tuple(found),), prefix=False) if found else None


def _pieces(text: str) -> Iterable[tuple[bool, bool, str]]:
    """(excluded, quoted, text) for each word and quoted phrase, in order."""
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        excluded = text[i] == "-" and i + 1 < len(text) and not text[i + 1].isspace()
        start = i + 1 if excluded else i
        if text[start] == '"':
            end = text.find('"', start + 1)
            if end < 0:
                raise QueryError(
                    "syntax", 'A quote is not closed: put a " at each end of a phrase, e.g. "nuclear talks".'
                )
            yield excluded, True, text[start + 1 : end]
            i = end + 1
            continue
        end = start
        while end < len(text) and not text[end].isspace() and text[end] != '"':
            end += 1
        yield excluded, False, text[start:end]
        i = end


def parse_query(text: str) -> SearchQuery:
    """Read a user's query; QueryError (a one-line message) when it cannot be searched."""
    if not text or not text.strip():
        raise QueryError("empty", 'Search for what? Give words, a "quoted phrase", or -word to leave out.')
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError("too_long", f"The search is too long: at most {MAX_QUERY_CHARS} characters.")
    # The matcher's normalisation maps typographic quotes («», „“) to " and dashes to -.
    include: list[Term] = []
    exclude: list[Term] = []
    for excluded, quoted, raw in _pieces(normalize(text)):
        term = _phrase(raw) if quoted else _word(raw)
        if term is not None:
            (exclude if excluded else include).append(term)
    if len(include) + len(exclude) > MAX_TERMS:
        raise QueryError("too_long", f"The search is too long: at most {MAX_TERMS} words and phrases.")
    if not include and not exclude:
        raise QueryError("empty", 'Search for what? Give words, a "quoted phrase", or -word to leave out.')
    if not include:
        raise QueryError("syntax", "Only words to leave out: add a word to search for, e.g. talks -vienna.")
    longest = max(len(token) for term in include for form in term.forms for token in form)
    if longest < MIN_CHARS:
        raise QueryError(
            "too_short", f"The search is too short: give a word of at least {MIN_CHARS} letters or digits."
        )
    return SearchQuery(tuple(include), tuple(exclude))
