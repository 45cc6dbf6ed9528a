"""The matcher's quick check rejects items that name no party before reading them closely;
it must never reject one the close reading would find a party in."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from bot.news.matcher import Matcher
from bot.news.textnorm import normalize
from config.topics import Topic, load_topics
from tests.helpers.general_news import general_items

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def topic() -> Topic:
    return load_topics()["iran-usa"]


@pytest.fixture(scope="module")
def matcher(topic: Topic) -> Matcher:
    return Matcher(topic)


def names_a_party(matcher: Matcher, topic: Topic, text: str) -> bool:
    """What the close reading finds: an accepted hit of an actor on a party's side."""
    parties = {side.id for side in topic.parties()}
    sides = {a.id: a.side for a in topic.actors}
    return any(hit.kind == "actor" and sides[hit.ref] in parties for hit in matcher.scan(text))


def spellings(alias: str) -> set[str]:
    """How a text may write an alias that the matcher equates with it."""
    alias = alias.rstrip("*")
    umlauts = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
    written = {alias, alias.upper(), alias.lower(), alias.title()}
    for a, b in umlauts.items():
        written |= {w.replace(a, b) for w in written} | {w.replace(b, a) for w in written}
    accented = {unicodedata.normalize("NFC", w.replace("a", "á").replace("e", "é")) for w in written}
    typographic = {w.replace("'", "’").replace("-", "‐") for w in written}
    spaced = {w.replace(" ", "\n  ") for w in written}
    decomposed = {unicodedata.normalize("NFD", w) for w in written | accented}
    return written | accented | typographic | spaced | decomposed


def test_every_spelling_of_every_party_alias_passes_the_quick_check(matcher, topic):
    checked = 0
    for actor in topic.actors:
        for alias in (*actor.aliases, *actor.weak_aliases, *actor.aliases_cs):
            for spelling in spellings(alias):
                for text in (f"{spelling}", f"Report: {spelling} said on Friday.", f"«{spelling}»’s move"):
                    if names_a_party(matcher, topic, text):
                        checked += 1
                        assert matcher.may_name_a_party(text), text
    assert checked > 500  # the topic's aliases, in many spellings, were really tried


class ReadsEverything(Matcher):
    def may_name_a_party(self, text: str) -> bool:
        return True


def test_the_quick_check_never_drops_a_corpus_item_that_names_a_party(matcher, topic):
    closely = ReadsEverything(topic)
    rows = [
        json.loads(line) for p in sorted(CORPUS.glob("*.jsonl")) for line in p.read_text("utf-8").splitlines()
    ]
    named = 0
    for row in rows:
        text = f"{row['title']}\n{row['summary']}"
        if names_a_party(matcher, topic, text):
            named += 1
            assert matcher.may_name_a_party(text), row["title"]
        # Decisions are those of the close reading, whichever path an item takes.
        quick, close = (
            matcher.match(row["title"], row["summary"]),
            closely.match(row["title"], row["summary"]),
        )
        assert quick.relevant == close.relevant
        if close.relevant:
            assert quick == close
    assert named > 100


def test_general_news_is_rejected_quickly_with_a_reason(matcher, topic):
    items = general_items(400)
    quick = [(t, s) for t, s in items if not matcher.may_name_a_party(f"{t}\n{s}")]
    # Most of a general feed names no party; those in Persian and Arabic script, and
    # those naming one in passing, are read closely.
    assert len(quick) > len(items) * 0.6
    for title, summary in items:
        result = matcher.match(title, summary, "en")
        assert not result.relevant, title
        if (title, summary) in quick:
            assert result.reason == "not relevant: no Iranian-side or US-side signal; no party named"
            assert result.lang == "en"  # the feed's declared language: not read for a rejected item
            assert not names_a_party(matcher, topic, f"{title}\n{summary}")


def test_a_passing_mention_is_read_closely_and_not_alerted(matcher):
    title, summary = "Central bank holds rates", "US stocks closed slightly higher after the report."
    assert matcher.may_name_a_party(f"{title}\n{summary}")
    result = matcher.match(title, summary)
    assert not result.relevant
    assert "no Iranian-side signal" in result.reason


def test_relevant_items_still_get_their_language_read(matcher):
    result = matcher.match("Araghtschi und Witkoff verhandeln in Maskat", "", "en")
    assert result.relevant and result.lang == "de"


# --------------------------------------------------------------- the check's shortcut


def named_by_definition(check_keys: list[str], cased: list[str], text: str) -> bool:
    """The quick check's definition: a party key anywhere in the normalised text, or a
    case-sensitive name anywhere in the text's ASCII skeleton."""
    folded = normalize(text)
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return any(key in folded for key in check_keys) or any(name in bare for name in cased)


def party_keys(topic: Topic) -> tuple[list[str], list[str]]:
    parties = {side.id for side in topic.parties()}
    actors = [a for a in topic.actors if a.side in parties]
    keys = [normalize(alias.rstrip("*")) for a in actors for alias in (*a.aliases, *a.weak_aliases)]
    cased = [alias for a in actors for alias in a.aliases_cs]
    return [k for k in keys if k], cased


# Characters where the quick check's two foldings differ, or that Unicode folds away.
ODD = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u00ad",
    "\u2060",
    "\ufeff",  # zero width, soft hyphen
    "\u0301",
    "\u0308",
    "\u0327",  # combining accents
    "\u00a0",
    "\u2009",
    "\u3000",
    "\n",
    "\t",
    "  ",  # white space
    "ẞ",
    "ß",
    "ä",
    "Ä",
    "ö",
    "ü",
    "ŉ",
    "İ",
    "ı",
    "\u212a",
    "ﬁ",
    "ſ",  # case folding specials
    "’",
    "‘",
    "´",
    "`",
    "–",
    "—",
    "«",
    "»",
    "„",
    "“",  # typographic punctuation
    "Ｕ",
    "Ｓ",
    "ⓤ",
    "½",
    "…",
    "ø",
    "æ",
    "œ",  # compatibility forms
    "ي",
    "ك",
    "ة",
    "أ",
    "\u064e",
    "\u0640",
    "٣",
    "ﻻ",  # Arabic variants, harakat, tatweel
]


def mangled(rng, word: str) -> str:
    """A spelling of a word with odd characters put in, swapped in or around it."""
    chars = list(word)
    for _ in range(rng.randrange(0, 4)):
        i = rng.randrange(len(chars) + 1)
        chars.insert(i, rng.choice(ODD))
    if rng.random() < 0.3:
        chars = [c.upper() if rng.random() < 0.5 else c for c in chars]
    if rng.random() < 0.3:
        swaps = {
            "ae": "ä",
            "oe": "ö",
            "ue": "ü",
            "ss": "ß",
            "e": "é",
            "a": "à",
            "'": "’",
            "-": "‐",
            " ": "\xa0",
        }
        text = "".join(chars)
        for a, b in swaps.items():
            if rng.random() < 0.5:
                text = text.replace(a, b)
        return text
    return "".join(chars)


def test_the_shortcut_answers_exactly_as_the_definition(matcher, topic):
    """Texts in every script, with odd characters in and around the parties' names: the
    check passes exactly those the definition names a party in (a shortcut that lost a
    spelling would reject an item that names a party; one that let extra texts through
    would change their reason)."""
    import random

    keys, cased = party_keys(topic)
    rng = random.Random(11)
    background = [f"{t}\n{s}" for t, s in general_items(300)]
    names = [*keys, *cased, "Iran", "US", "U.S.", "Trump", "Weißes Haus", "Baghäi", "ایران", "آمریکا"]
    named = rejected = 0
    for i in range(6000):
        base = rng.choice(background)
        cut = rng.randrange(len(base) + 1)
        inserted = mangled(rng, rng.choice(names)) if i % 2 else "".join(rng.choices(ODD, k=3))
        text = base[:cut] + inserted + base[cut:]
        want = named_by_definition(keys, cased, text)
        assert matcher.may_name_a_party(text) is want, repr(text)
        named += want
        rejected += not want
    assert named > 2000 and rejected > 1000


def test_an_alias_in_another_script_is_never_skipped():
    """A party named in Cyrillic: non-Latin texts are checked exactly, not by the Latin
    shortcut."""
    from bot.news.party_check import PartyCheck

    assert PartyCheck(["иран", "iran"], []).check("Переговоры в ИРАНЕ продолжаются") is not None
    assert PartyCheck(["iran"], []).check("Переговоры в ИРАНЕ продолжаются") is None
    # An alias of punctuation alone has no piece to look for: every text is checked exactly.
    assert PartyCheck(["--", "iran"], []).check("a -- b") is not None


def test_pieces_of_an_alias_skip_what_the_foldings_write_differently():
    from bot.news.party_check import cased_pieces, pieces

    assert pieces("weisses haus") == {"wei", "haus"}  # ß is dropped from the skeleton
    assert pieces("baghaei") == {"bagha"}  # "ä" is "a" in the skeleton, "ae" normalised
    assert pieces("nur-news") == {"nur", "news"}  # typographic dashes are dropped
    assert pieces("j.d. vance") == {"j.d.", "vance"}
    assert pieces("us") == {"us"}  # all short: the longest
    assert cased_pieces(["US", "U.S.", "EE.UU."]) == ("EE.UU.", "U.S.", "US")
    assert cased_pieces(["US", "Mr Trump"]) is None  # lower case: no shortcut


def test_every_character_that_folds_to_arabic_script_sends_a_text_to_the_exact_check():
    import sys

    from bot.news.party_check import has_arabic

    folds = [
        chr(c)
        for c in range(0x80, sys.maxunicode + 1)
        if any("\u0600" <= ch <= "\u06ff" for ch in normalize(chr(c)))
    ]
    assert len(folds) > 1000
    missed = [hex(ord(char)) for char in folds if not has_arabic(f"Talks in Tehr{char}n, says the US")]
    assert missed == []


def test_a_persian_or_arabic_skeleton_is_its_ascii():
    """arabic_skeleton() skips the decomposition for text of ASCII and the Arabic block:
    sound only if no character of the block decomposes to anything ASCII."""
    import random

    from bot.news.party_check import arabic_skeleton, has_arabic, skeleton

    for c in [*range(0x0600, 0x0700), 0x200C, 0x200D]:
        assert not any(ord(x) < 128 for x in unicodedata.normalize("NFKD", chr(c))), hex(c)
    rng = random.Random(2)
    pool = [chr(c) for c in range(0x0600, 0x0700)] + list("US .\u200c\u200d\u200eÚＵé\u00a0")
    for _ in range(3000):
        text = "".join(rng.choices(pool, k=rng.randrange(1, 30)))
        assert arabic_skeleton(text) == skeleton(text), repr(text)
    assert has_arabic("مذاکرات") and has_arabic("Ｕ ﻻ") and not has_arabic("Téhéran ＵＳ \ud83d")
