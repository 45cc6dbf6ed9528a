"""What a report's text looks like to story grouping, in any process (pure, light).

Word shingles (and their 32-bit hashes, the input of the MinHash signature) and the
figures a report carries. Nothing here imports numpy or datasketch: parser processes
work these out beside the parsing and stay small; the story index turns the hashes into
a MinHash signature (``bot.news.minhash.signature``).
"""

from __future__ import annotations

import re
import zlib
from array import array

from bot.news.textnorm import normalize

_WORDS = re.compile(r"[^\W_]+")
# Numbers of two digits or more (one-digit ones are often written out in words), with
# thousands separators dropped and a decimal comma read as a point: 1,000 = 1.000 = 1000.
_NUMBER = re.compile(r"(?<!\w)\d[\d.,]*\d(?!\w)")  # standalone: not the 7 of G7 or a code
_THOUSANDS = re.compile(r"[.,](?=\d{3}(?:\D|$))")
_YEAR = re.compile(r"(?:19|20)\d\d")


def figures(text: str) -> frozenset[str]:
    """The numbers a report carries, spelt alike whatever its language (Persian and
    Arabic digits are folded to ASCII by the normalisation). Years are left out: they
    say nothing about which event a report covers."""
    return _figures(normalize(text))


def shingles(text: str, size: int = 3) -> set[bytes]:
    """Word n-grams of the normalised text (single words for very short texts)."""
    return _shingles(normalize(text), size)


def shingle_hashes(text: str) -> bytes:
    """The crc32 of each of the text's shingles, packed as 32-bit values: what its MinHash
    signature is made from (crc32: fast and stable across processes and restarts)."""
    return _hashes(_shingles(normalize(text), 3))


def fingerprint(text: str) -> tuple[bytes, frozenset[str]]:
    """``shingle_hashes(text)`` and ``figures(text)``, the text normalised once."""
    folded = normalize(text)
    return _hashes(_shingles(folded, 3)), _figures(folded)


def _figures(folded: str) -> frozenset[str]:
    numbers = (_THOUSANDS.sub("", n).replace(",", ".") for n in _NUMBER.findall(folded))
    return frozenset(n for n in numbers if not _YEAR.fullmatch(n))


def _shingles(folded: str, size: int) -> set[bytes]:
    words = [w for w in _WORDS.findall(folded) if len(w) > 1]
    if len(words) < size:
        return {w.encode() for w in words}
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def _hashes(grams: set[bytes]) -> bytes:
    return array("I", [zlib.crc32(s) for s in grams]).tobytes()
