"""Text normalisation shared by the matcher, item identity and story grouping.

Article text and topic aliases go through the same function, so "Araghtschi",
"ARAGHTSCHI" and "Aräghtschi" compare equal, and so do Persian ی/Arabic ي and
Persian ک/Arabic ك. Everything is done with C-level string methods
(``unicodedata.normalize``, ``str.casefold``, ``str.translate``), because the
matcher runs it on every item.
"""

from __future__ import annotations

import re
import unicodedata


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # German transliteration first, so "Gespräche" and "Gespraeche" agree.
    table.update({ord("ä"): "ae", ord("ö"): "oe", ord("ü"): "ue", ord("ß"): "ss"})
    # Latin letters with diacritics → base letter (é→e, ï→i, ç→c) for the ranges
    # news text uses; computed once from the Unicode decomposition.
    for cp in range(0x00C0, 0x0250):
        ch = chr(cp)
        if ch.lower() in "äöüß":
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and base:
            table[cp] = base.casefold()
    # Combining marks: Latin accents left after NFKC, Arabic harakat, tatweel.
    for cp in list(range(0x0300, 0x0370)) + list(range(0x064B, 0x0660)) + [0x0670, 0x0640]:
        table[cp] = None
    # Zero-width characters: Persian writes خامنه‌ای with a ZWNJ, some feeds drop it.
    for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD):
        table[cp] = None
    # Arabic/Persian letter variants → one form.
    variants = {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
    }
    table.update({ord(k): v for k, v in variants.items()})
    # Typographic punctuation → ASCII, so "Trump’s" and "Trump's" agree.
    for ch in "‘’ʼ´`":
        table[ord(ch)] = "'"
    for ch in "‐‑‒–—―":
        table[ord(ch)] = "-"
    for ch in "«»„“”":
        table[ord(ch)] = '"'
    return table


_TABLE = _build_table()
# The same mapping as single characters, applied with str.replace: translate() looks up
# every character of a non-ASCII text one by one in Python objects (about 85 ns each),
# while a text holds only a handful of the characters the table changes.
_REPLACE = {chr(cp): "" if to is None else to for cp, to in _TABLE.items()}
_CHANGED = frozenset(_REPLACE)
# Replacing one character at a time equals translate() only if no replacement contains
# a character that is replaced itself.
assert not any(_CHANGED.intersection(to) for to in _REPLACE.values())


_FIND_CHANGED = re.compile("[" + "".join(re.escape(c) for c in sorted(_CHANGED)) + "]")


def _apply_table(text: str) -> str:
    for char in set(_FIND_CHANGED.findall(text)):
        text = text.replace(char, _REPLACE[char])
    return text


def collapse_space(text: str) -> str:
    """``" ".join(text.split())``: words one space apart. Most texts are that already once
    the newline between headline and summary is a space, and then nothing is split: a
    printable text holds no white space but the space (tests/test_textnorm.py checks
    that for every code point)."""
    text = text.replace("\n", " ")
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def normalize(text: str) -> str:
    """Fold text for matching: NFKC, casefold, diacritics and script variants, one space."""
    if text.isascii():  # NFKC changes nothing in ASCII text; casefold is lower
        text = text.lower()
        if "`" in text:
            text = text.replace("`", "'")
        return collapse_space(text)
    return collapse_space(_apply_table(unicodedata.normalize("NFKC", text).casefold()))


def normalize_keep_case(text: str) -> str:
    """Like :func:`normalize` but keeps letter case, for case-sensitive aliases (US)."""
    if text.isascii():
        if "`" in text:
            text = text.replace("`", "'")
        return collapse_space(text)
    return collapse_space(_apply_table(unicodedata.normalize("NFKC", text)))


def is_arabic_script(text: str) -> bool:
    """True when the text's letters are mostly Arabic script (Persian, Arabic)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff")
    return arabic * 2 > len(letters)


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters; a cut text ends in "…"."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
