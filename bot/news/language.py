"""Guess an item's language from its own text (feeds often declare it wrongly)."""

from __future__ import annotations

import re

from bot.news.textnorm import normalize

# The languages talkwatch reads (and a chat may choose with /languages), by code.
LANGUAGES = {"en": "English", "de": "Deutsch", "fr": "français", "fa": "فارسی", "ar": "العربية"}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_PERSIAN_LETTERS = set("پچژگیک")
_STOPWORDS = {
    "en": {
        "the",
        "and",
        "of",
        "to",
        "in",
        "on",
        "with",
        "for",
        "is",
        "are",
        "says",
        "after",
        "over",
        "from",
        "as",
        "at",
        "its",
        "his",
        "new",
        "will",
        "not",
    },
    "de": {
        "der",
        "die",
        "das",
        "und",
        "mit",
        "von",
        "im",
        "in",
        "den",
        "dem",
        "ist",
        "nach",
        "sich",
        "auf",
        "für",
        "über",
        "ein",
        "eine",
        "nicht",
        "zu",
        "des",
        "bei",
        "wird",
    },
    "fr": {
        "le",
        "la",
        "les",
        "et",
        "des",
        "du",
        "un",
        "une",
        "en",
        "sur",
        "avec",
        "pour",
        "dans",
        "à",
        "au",
        "aux",
        "est",
        "par",
        "pas",
        "qui",
        "l",
        "d",
    },
    "fa": {
        "و",
        "در",
        "به",
        "از",
        "که",
        "این",
        "را",
        "با",
        "است",
        "برای",
        "می",
        "آن",
        "یک",
        "شد",
        "کرد",
        "هم",
        "تا",
        "بر",
    },
    "ar": {
        "في",
        "من",
        "على",
        "إلى",
        "أن",
        "عن",
        "مع",
        "التي",
        "الذي",
        "هذا",
        "بعد",
        "قال",
        "قبل",
        "ما",
        "لا",
        "كان",
        "هذه",
        "بين",
    },
}


_WORD_LANG: dict[str, list[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words:
        _WORD_LANG.setdefault(_word, []).append(_lang)
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile(r"[a-z]")
_GERMAN_ONLY = re.compile("[äöüßÄÖÜ]")
_FRENCH_ONLY = re.compile("[éèêàçùÉÈ]")
_PERSIAN_ONLY = re.compile(r"[پچژگ]")
# Persian ی and ک, which Arabic writes ي and ك (Iranian outlets' Arabic keeps them): half a vote.
_PERSIAN_FORMS = re.compile(r"[\u06cc\u06a9]")
_ARABIC_ONLY = re.compile(r"[\u0629\u0649]")  # ة and ى, which Persian hardly writes


def words(text: str) -> list[str]:
    """The runs of letters in a text (``_WORD.findall``), found faster: the regex tests three
    Unicode classes a character, so only the white-space-separated tokens that are not all
    letters go through it (white space never belongs to a word)."""
    found: list[str] = []
    for token in text.split():
        if token.isalpha():
            found.append(token)
        else:
            found += _WORD.findall(token)
    return found


def declared_language(declared: str | None) -> str:
    """A feed's declared language as a bare code ('de-DE' → 'de'); 'und' when none."""
    return (declared or "und").split("-")[0].lower()


def detect_language(text: str, declared: str | None = None, folded: str | None = None) -> str:
    """Return 'en', 'de', 'fr', 'fa', 'ar', or the declared code (else 'und') when unsure.

    Script decides between Latin and Arabic text; Persian-only letters and
    stopwords split Persian from Arabic; stopwords split English, German and
    French. ``folded`` may pass the text already casefolded, to save the work.
    """
    fallback = declared_language(declared)
    lower = folded if folded is not None else text.casefold()
    if _ARABIC_LETTER.search(text):
        # Arabic script wins when its letters outnumber the Latin ones: counted only that far.
        latin = len(_LATIN_LETTER.findall(lower))
        arabic_script = any(i >= latin for i, _ in enumerate(_ARABIC_LETTER.finditer(text)))
    else:
        arabic_script = False
        if not _LATIN_LETTER.search(lower):
            return fallback
    scores = dict.fromkeys(("en", "de", "fr", "fa", "ar"), 0)
    for word in words(text.casefold() if arabic_script else lower):
        for lang in _WORD_LANG.get(word, ()):
            scores[lang] += 1
    if arabic_script:
        fa = scores["fa"] + len(_PERSIAN_ONLY.findall(text)) + len(_PERSIAN_FORMS.findall(text)) // 2
        ar = scores["ar"] + text.count("ال") // 2 + len(_ARABIC_ONLY.findall(text))
        return "fa" if fa >= ar else "ar"
    # Letters only one language uses settle close calls.
    if not text.isascii():
        scores["de"] += len(_GERMAN_ONLY.findall(text))
        scores["fr"] += len(_FRENCH_ONLY.findall(text))
    best = "en"  # the first of the highest, in this order
    for lang in ("de", "fr"):
        if scores[lang] > scores[best]:
            best = lang
    return best if scores[best] else fallback


def item_language(
    title: str, summary: str = "", declared: str | None = None, folded: str | None = None
) -> str:
    """The language an item is written in: its headline and the start of its summary
    settle it (the one place an item's language is decided; ``declared`` is a hint).

    ``folded`` may pass the whole text already normalised, to save the work.
    """
    text = f"{title}\n{summary}" if summary else title
    return detect_language(text[:200], declared, (folded if folded is not None else normalize(text))[:200])
