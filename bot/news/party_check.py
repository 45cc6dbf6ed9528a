"""The matcher's quick check: could this text name one of the topic's parties at all?

Most items of a general news feed name neither side, and the check turns them away
before they are read closely. Its answer is exact where it says no: an alias of a
party's actor occurs in the normalised text (as :func:`bot.news.textnorm.normalize`
folds it, without word boundaries), or a case-sensitive one (US, U.S.) in the text's
ASCII skeleton, or the text is rejected.

Normalising a text costs more than looking for the names in it, so a text that can
only name a party in Latin letters is first searched cheaply: its lower-cased ASCII
skeleton (accents dropped by Unicode decomposition, as the normalisation drops them)
for the *pieces* of each Latin alias — its runs of letters that every spelling the
normalisation equates with the alias keeps intact in the skeleton. Only the umlaut
transcriptions (ä→ae), ß→ss, typographic punctuation and white space differ between
the two foldings, so a piece never spans those. No alias with all its pieces there:
the text cannot name a party. Otherwise the exact check decides. A text with
Arabic-script characters (or any non-ASCII text, when a party has an alias in another
non-Latin script) takes the exact check at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import ahocorasick_rs

from bot.news.textnorm import normalize

# Every character whose NFKC form is Arabic script: the Arabic block, its presentation
# forms and the Arabic mathematical letters (tests/test_matcher_quick_check.py holds the
# class to that, code point by code point).
_ARABIC = "\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff\U0001ee00-\U0001eeff"
_HAS_ARABIC = re.compile(f"[{_ARABIC}]")
# UTF-8 bytes of ASCII and of the Arabic block (U+0600-06FF: lead bytes D8-DB, then
# continuation bytes), deleted to see whether anything else is left.
_ASCII_OR_ARABIC_BLOCK = bytes(range(0x00, 0xC0)) + bytes(range(0xD8, 0xDC))
_ZWNJ, _ZWJ = "\u200c".encode(), "\u200d".encode()
_ARABIC_KEY = re.compile(f"^[{_ARABIC}\\x00-\\x7f]*$")
# Where a piece of a normalised Latin alias must end: white space (collapsed by the
# normalisation), punctuation it writes for typographic forms, the "e" of an umlaut's
# transcription and the "ss" of ß (which the skeleton drops).
_PIECE_BREAKS = re.compile(r"""(?<=[aou])e|s{2,}|[\s'"\-]+""")


def skeleton(text: str) -> str:
    """The ASCII of a text, compatibility forms unfolded and accents dropped (ＵＳ → US,
    Ú → U): where a case-sensitive name (US, U.S.) is looked for quickly."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def arabic_skeleton(text: str) -> str:
    """:func:`skeleton`, made cheaply for a Persian or Arabic text: no character of the
    Arabic block, nor the zero-width (non-)joiner Persian writes, decomposes to anything
    ASCII, so a text of ASCII and those (its UTF-8 holds no other lead byte) is its
    ASCII, without the decomposition."""
    data = text.encode("utf-8", "surrogatepass").replace(_ZWNJ, b"").replace(_ZWJ, b"")
    if data.translate(None, _ASCII_OR_ARABIC_BLOCK):
        return skeleton(text)
    return text.encode("ascii", "ignore").decode("ascii")


def has_arabic(text: str) -> bool:
    """Whether the text holds a character that folds to Arabic script. Looked for in its
    UTF-8: the bytes D8-DB lead the Arabic block's characters and nothing else; only a
    text with a byte that may lead the presentation forms (EF) or the mathematical
    letters (F0) is searched character by character."""
    data = text.encode("utf-8", "surrogatepass")
    # Bytes looked for as ints: memchr at once (a bytes needle first fails as an int).
    if 0xD8 in data or 0xD9 in data or 0xDA in data or 0xDB in data:
        return True
    return (0xEF in data or 0xF0 in data) and _HAS_ARABIC.search(text) is not None


def pieces(key: str) -> frozenset[str]:
    """Parts of a normalised ASCII alias found intact in the lower-cased skeleton of
    every text whose normalised form contains the alias: its runs between the breaks,
    those of three letters or more (shorter ones, "de", "of", "us", say little), or the
    longest when all are short."""
    runs = [run for run in _PIECE_BREAKS.split(key) if run]
    if not runs:
        return frozenset()
    return frozenset(run for run in runs if len(run) >= 3) or frozenset({max(runs, key=len)})


def holds_any(text: str, names: tuple[str, ...]) -> bool:
    """Whether one of the names occurs in the text."""
    for name in names:  # noqa: SIM110 - a loop: any() over a generator costs more than the searches
        if name in text:
            return True
    return False


def cased_pieces(keys: Iterable[str]) -> tuple[str, ...] | None:
    """For case-sensitive aliases (normalised, case kept): a piece of each, case and all,
    found in the skeleton of every text holding the alias. None when an alias has none,
    or has lower-case letters (the normalisation lower-cases an accented capital, the
    skeleton does not)."""
    found = []
    for key in keys:
        runs = pieces(key)
        if not runs or not key.isascii() or any(c.islower() for c in key):
            return None
        found.append(max(runs, key=len))
    return tuple(sorted(_without_longer(found)))


def _automaton(words: Iterable[str]) -> ahocorasick_rs.AhoCorasick | None:
    words = sorted(set(words))
    return ahocorasick_rs.AhoCorasick(words) if words else None


def _found(automaton: ahocorasick_rs.AhoCorasick | None, text: str) -> bool:
    return automaton is not None and bool(automaton.find_matches_as_indexes(text))


def _without_longer(words: Iterable[str]) -> set[str]:
    """The words that contain no other (for "does any occur", the others add nothing)."""
    words = set(words)
    return {w for w in words if not any(other != w and other in w for other in words)}


class PartyCheck:
    """The names of a topic's parties, and the quick check of a text against them."""

    def __init__(self, keys: Iterable[str], cased: Iterable[str]) -> None:
        """``keys``: the parties' aliases, normalised; ``cased``: their case-sensitive
        aliases, as skeletons."""
        keys = {key for key in keys if key}
        self._exact = _automaton(_without_longer(keys))
        self._cased = tuple(sorted(_without_longer(name for name in cased if name)))
        self._pieces, self._needs = self._loose([pieces(key) for key in keys if key.isascii()])
        # A text with no Arabic-script character can only name a party in Latin letters,
        # unless an alias is written in another script (then every non-ASCII text is
        # checked exactly).
        self._latin_or_arabic = all(key.isascii() or _ARABIC_KEY.match(key) for key in keys)

    @staticmethod
    def _loose(
        required: list[frozenset[str]],
    ) -> tuple[ahocorasick_rs.AhoCorasick | None, list[tuple[frozenset[int], ...]]]:
        """The automaton of the pieces, and for each piece (by its index in the automaton)
        the sets of pieces it completes."""
        if not all(required):  # an alias with no piece (all punctuation): no shortcut
            return None, []
        alone = {next(iter(need)) for need in required if len(need) == 1}
        # An alias whose piece contains a lone piece of another is found through that one.
        kept = {need for need in required if len(need) == 1 or not any(a in p for p in need for a in alone)}
        needs: dict[str, tuple[frozenset[str], ...]] = {}
        for need in kept:
            for part in need:
                needs[part] = (*needs.get(part, ()), need)
        parts = sorted(needs)
        index = {part: i for i, part in enumerate(parts)}
        by_index = [tuple(frozenset(index[p] for p in need) for need in needs[part]) for part in parts]
        return ahocorasick_rs.AhoCorasick(parts), by_index

    def _loose_found(self, lowered_skeleton: str) -> bool:
        """Whether every piece of some alias occurs in the lower-cased skeleton."""
        assert self._pieces is not None
        found = self._pieces.find_matches_as_indexes(lowered_skeleton, overlapping=True)
        if not found:  # most texts
            return False
        seen = {i for i, _, _ in found}
        return any(need <= seen for i in seen for need in self._needs[i])

    def _cased_in(self, skeleton_text: str) -> bool:
        return holds_any(skeleton_text, self._cased)

    def check(self, text: str) -> tuple[str, str | None] | None:
        """None when the text certainly names no party; else the text normalised (the
        close reading needs it) and its skeleton when that was made."""
        if self._pieces is None:
            bare = None
        elif text.isascii():
            # Normalising ASCII only lower-cases it and collapses white space.
            if not self._loose_found(text.lower()) and not self._cased_in(text):
                return None
            bare = text
        elif self._latin_or_arabic and not has_arabic(text):
            bare = skeleton(text)
            if not self._loose_found(bare.lower()) and not self._cased_in(bare):
                return None
        else:
            bare = None
        folded = normalize(text)
        if _found(self._exact, folded):
            return folded, bare
        if self._cased:
            if bare is None:
                bare = arabic_skeleton(text)
            if self._cased_in(bare):
                return folded, bare
        return None
