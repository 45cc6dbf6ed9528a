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
