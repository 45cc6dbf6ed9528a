"""Language detection (bot/news/language.py): a table of headlines, the declared language
only as a fallback, and the one function that decides an item's language."""

from __future__ import annotations

import pytest

from bot.news.language import detect_language, item_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran and US resume talks in Geneva", "en"),
        ("Witkoff says the talks were constructive and will go on", "en"),
        ("Oman hosts the delegations for a second round", "en"),
        ("Trump warns Tehran of consequences if talks fail", "en"),
        ("The US envoy met the Iranian foreign minister on Friday", "en"),
        ("Iran und USA setzen Gespräche in Genf fort", "de"),
        ("Die Delegationen kehren für Konsultationen in ihre Hauptstädte zurück", "de"),
        ("Araghtschi: Über eine weitere Runde wird später entschieden", "de"),
        ("Gespräche zwischen Iran und den USA sind gescheitert", "de"),
        ("Der Außenminister lässt offen, wann es weitergeht", "de"),
        ("Reprise des négociations entre l'Iran et les États-Unis à Genève", "fr"),
        ("Les pourparlers de Mascate se sont achevés sans accord", "fr"),
        ("Le ministre omanais a servi d'intermédiaire entre les délégations", "fr"),
        ("Téhéran et Washington n'excluent pas un nouveau cycle", "fr"),
        ("Échec des négociations, selon la télévision d'État", "fr"),
        ("مذاکرات ایران و آمریکا در ژنو از سر گرفته شد", "fa"),
        ("عراقچی: زمان ادامه مذاکرات هنوز مشخص نیست", "fa"),
        ("هیئت ایرانی برای گفت‌وگو وارد مسقط شد", "fa"),
        ("دور سوم گفتگوها در ژنو بدون توافق پایان یافت", "fa"),
        ("سخنگوی وزارت خارجه گفت تصمیم با پایتخت‌هاست", "fa"),
        ("تستأنف المحادثات الإيرانية الأمريكية في جنيف", "ar"),
        ("انهيار المفاوضات بين إيران والولايات المتحدة", "ar"),
        ("وزير الخارجية العماني قال إن الجولة كانت مفيدة", "ar"),
        ("من المقرر أن تعقد الجولة الثالثة في جنيف", "ar"),
        ("الضربات الأمريكية والإسرائيلية على إيران", "ar"),
    ],
)
def test_headlines_are_read_in_their_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("Araghchi Witkoff Muscat", "de", "de"),  # names only: the feed's word stands
        ("Araghchi Witkoff Muscat", None, "und"),
        ("12345 — 67", "en-GB", "en"),  # no letters: the declared code, without the region
        ("Iran and US resume talks", "fr", "en"),  # the text outweighs a wrong declaration
        ("مذاکرات ایران و آمریکا", "ar", "fa"),
    ],
)
def test_the_declared_language_is_only_a_fallback(text, declared, expected):
    assert detect_language(text, declared) == expected


def test_an_items_language_is_decided_by_its_headline_and_the_start_of_its_summary():
    assert item_language("Araghchi, Witkoff", "Die Gespräche gehen weiter, sagt das Ministerium.") == "de"
    # Only the first 200 characters count: a long English boilerplate tail changes nothing.
    assert item_language("Iran und USA verhandeln in Genf", "x " * 120 + "the and of to in is") == "de"


def test_words_are_the_runs_of_letters():
    """The tokenizer the language guess counts stopwords with equals the plain regex."""
    import random
    import re

    from bot.news.language import words
    from tests.helpers.general_news import general_items

    rng = random.Random(3)
    pool = list("abcäéß ABCÄ_-'’.,1²½\u0301\u200c\n\t\xa0") + list("ابپیک٣") + ["the ", "l'", "u.s."]
    texts = [f"{t}\n{s}" for t, s in general_items(200)]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randrange(0, 60))) for _ in range(3000)]
    for text in texts:
        assert words(text) == re.findall(r"[^\W\d_]+", text), repr(text)
