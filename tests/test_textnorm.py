"""Normalisation folds the spellings the press uses into one form."""

import pytest

from bot.news.textnorm import normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Gespräche", "Gespraeche"),
        ("Straße", "strasse"),
        ("Téhéran", "teheran"),
        ("Baghaï", "baghai"),
        ("عراقجي", "عراقجی"),  # Arabic yeh → Persian yeh
        ("كوشنر", "کوشنر"),  # Arabic kaf → Persian keheh
        ("خامنه‌ای", "خامنهای"),  # zero-width non-joiner dropped
        ("Trump’s", "trump's"),
        ("US–Iran", "us-iran"),
        ("ＵＳＡ", "usa"),  # full-width letters (NFKC)
        ("Iran\u200b talks", "iran talks"),
    ],
)
def test_equivalent_spellings_normalise_alike(a, b):
    assert normalize(a) == normalize(b)


def _by_translate(text: str, keep_case: bool = False) -> str:
    """The plain definition: NFKC, casefold, the table through str.translate."""
    import unicodedata

    from bot.news.textnorm import _TABLE

    text = unicodedata.normalize("NFKC", text)
    return " ".join((text if keep_case else text.casefold()).translate(_TABLE).split())


def test_the_fast_normalisation_equals_the_plain_definition():
    """Item identity keys are built from normalised titles: a faster normalisation must
    give exactly the same text, or stored items would look new after an upgrade."""
    import random

    from bot.news.textnorm import _TABLE, normalize_keep_case
    from tests.helpers.general_news import general_items

    rng = random.Random(5)
    pool = (
        [chr(c) for c in range(32, 127)]
        + [chr(c) for c in _TABLE]
        + [chr(c) for c in range(0x0600, 0x0700)]
        + list("ＵＳＡﬁ…  \n\t\u2009ǅẞİı")
        + list("\x0b\x0c\r\x1c\x1f\x85\xa0\u1680\u2028\u2029\u202f\u3000\u200b") * 3
    )
    texts = [f"{t}\n{s}" for t, s in general_items(300)]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randrange(1, 80))) for _ in range(5000)]
    for text in texts:
        assert normalize(text) == _by_translate(text), repr(text)
        assert normalize_keep_case(text) == _by_translate(text, keep_case=True), repr(text)


def test_white_space_is_never_printable_but_the_space():
    """normalize() skips splitting a printable text with single spaces: sound only if no
    other white space character is printable (checked for every code point)."""
    import sys

    printable_space = [c for c in range(sys.maxunicode + 1) if chr(c).isspace() and chr(c).isprintable()]
    assert printable_space == [0x20]


@pytest.mark.parametrize(
    "text",
    ["a b", " a b", "a b ", "a  b", "a\nb", "a\n b", "a\tb", "a\u2028b", "a\xa0b", "a\x1cb", "", " ", "\n"],
)
def test_collapse_space_equals_split_and_join(text):
    from bot.news.textnorm import collapse_space

    assert collapse_space(text) == " ".join(text.split())
