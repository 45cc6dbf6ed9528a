"""Guess an item's language from its own text (feeds often declare it wrongly)."""

from __future__ import annotations

import re

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


def detect_language(text: str, declared: str | None = None) -> str:
    """Return 'en', 'de', 'fr', 'fa', 'ar', or the declared code (else 'und') when unsure.

    Script decides between Latin and Arabic text; Persian-only letters and
    stopwords split Persian from Arabic; stopwords split English, German and French.
    """
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return (declared or "und").split("-")[0].lower()
    arabic_script = sum(1 for w in words if "\u0600" <= w[0] <= "\u06ff")
    if arabic_script * 2 > len(words):
        persian = sum(1 for c in text if c in _PERSIAN_LETTERS)
        fa = sum(1 for w in words if w in _STOPWORDS["fa"]) + persian
        ar = sum(1 for w in words if w in _STOPWORDS["ar"]) + text.count("ال") // 2
        return "fa" if fa >= ar else "ar"
    scores = {lang: sum(1 for w in words if w in _STOPWORDS[lang]) for lang in ("en", "de", "fr")}
    # Letters only one language uses settle close calls.
    scores["de"] += sum(text.count(c) for c in "äöüß")
    scores["fr"] += sum(text.count(c) for c in "éèêàçù")
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return (declared or "und").split("-")[0].lower()
    return best
