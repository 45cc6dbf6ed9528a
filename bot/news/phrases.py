"""Phrases as the press writes them, found fast (pure logic).

A phrase set is one regex over normalised text (see :func:`compile_phrases`). Every
branch of the regex begins with its phrase's first word (its anchor), after at most
three letters of an attached Arabic-script prefix. :func:`_anchors_in` finds where
every anchor of every phrase set occurs in one Aho-Corasick pass; the regex is then
tried only there, in order, which finds the match ``re.search`` would (the leftmost)
at a fraction of the cost. Most sets are absent from most reports: no regex runs.
"""

from __future__ import annotations

import functools
import re

import ahocorasick_rs

from bot.news.textnorm import normalize

_GAP = r"\s+(?:\S+\s+){0,4}?"  # "…": up to four words
_LONG_GAP = r"\s+(?:\S+\s+){0,8}?"  # "……": up to eight
# An Arabic-script phrase may carry a conjunction or preposition and an article ("وال").
_PREFIX_LETTERS = 3
_ANCHORS: set[str] = set()
_anchor_automaton: tuple[ahocorasick_rs.AhoCorasick, list[str]] | None = None


class Phrases:
    """One phrase set: its regex, and the words every match begins with."""

    __slots__ = ("anchors", "regex")

    def __init__(self, regex: re.Pattern[str], anchors: frozenset[str]) -> None:
        global _anchor_automaton
        self.regex = regex
        self.anchors = anchors
        if not anchors <= _ANCHORS:
            _ANCHORS.update(anchors)
            _anchor_automaton = None  # built again, with these anchors, at the next search
            _anchors_in.cache_clear()

    def _starts(self, text: str) -> list[int]:
        found = _anchors_in(text)
        starts: set[int] = set()
        for anchor in self.anchors.intersection(found):
            for start in found[anchor]:
                if anchor.isascii():
                    starts.add(start)
                else:
                    starts.update(range(max(0, start - _PREFIX_LETTERS), start + 1))
        return sorted(starts)

    def search(self, text: str) -> re.Match[str] | None:
        """What ``regex.search(text)`` finds."""
        match = self.regex.match
        for start in self._starts(text):
            found = match(text, start)
            if found is not None:
                return found
        return None

    def finditer(self, text: str) -> list[re.Match[str]]:
        """What ``regex.finditer(text)`` finds (matches do not overlap)."""
        matches: list[re.Match[str]] = []
        end = 0
        for start in self._starts(text):
            if start < end:
                continue
            found = self.regex.match(text, start)
            if found is not None:
                matches.append(found)
                end = max(found.end(), start + 1)
        return matches

    def sub(self, replacement: str, text: str) -> str:
        """``regex.sub(replacement, text)``."""
        return self.regex.sub(replacement, text) if self._starts(text) else text


@functools.lru_cache(maxsize=16)
def _anchors_in(text: str) -> dict[str, list[int]]:
    """Where each anchor of every phrase set starts in ``text`` (a reading searches the
    same few texts many times: the cache holds their answers). Read only."""
    global _anchor_automaton
    if _anchor_automaton is None:
        anchors = sorted(anchor for anchor in _ANCHORS if anchor)
        _anchor_automaton = ahocorasick_rs.AhoCorasick(anchors), anchors
    automaton, anchors = _anchor_automaton
    found: dict[str, list[int]] = {}
    if not anchors:
        return found
    for index, start, _ in automaton.find_matches_as_indexes(text, overlapping=True):
        found.setdefault(anchors[index], []).append(start)
    return found


def compile_phrases(*phrases: str) -> Phrases:
    """One regex for phrases written as the press writes them.

    A Latin phrase matches whole words; a trailing "*" lets the last word go on
    ("resum*" finds resume, resumed, resumption). Persian and Arabic phrases may
    carry attached prefixes (و ب ل ف ال) and any ending, as those languages attach
    them, unless they end in "!" ("غدا!", tomorrow, is no part of "بغداد", Baghdad).
    "…" inside a phrase stands for up to four words ("setzen … fort"), "……" for up to
    eight ("nehmen …… wieder auf").
    """
    if not phrases:
        return Phrases(re.compile(r"(?!x)x"), frozenset())
    # Each phrase is a branch behind a word-start check. Consecutive branches with the same
    # check share one, in their order: the engine then tests a position once per run of
    # branches instead of once per phrase (same matches, several times faster).
    runs: list[tuple[str, list[str]]] = []
    for phrase in phrases:
        open_end = phrase.endswith("*")
        closed = phrase.endswith("!")
        # Pieces and the gaps between them: "…" up to four words, "……" up to eight (the
        # middle of a German clause, "nehmen unter Vermittlung Pakistans die Gespräche
        # wieder auf").
        parts = re.split(r"(……|…)", phrase.rstrip("*!"))
        pieces = [normalize(piece) for piece in parts[::2]]
        gaps = [_LONG_GAP if sep == "……" else _GAP for sep in parts[1::2]]
        words = [r"\s+".join(re.escape(w) for w in piece.split()) for piece in pieces]
        body = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))
        if pieces[0][:1].isascii():
            start, branch = r"(?<![\w'])", body + ("" if open_end else r"(?![\w])")
        else:
            start, branch = r"(?<!\w)", rf"(?:[وبلف])?(?:ال|لل)?{body}" + (r"(?!\w)" if closed else "")
        if runs and runs[-1][0] == start:
            runs[-1][1].append(branch)
        else:
            runs.append((start, [branch]))
    regex = re.compile("|".join(f"{start}(?:{'|'.join(branches)})" for start, branches in runs))
    # Every branch begins with its phrase's first word, literally (Arabic-script prefixes
    # and the word-start checks come before it): that word is the phrase's anchor.
    return Phrases(regex, frozenset(normalize(p.rstrip("*!").split("…")[0]).split()[0] for p in phrases))
