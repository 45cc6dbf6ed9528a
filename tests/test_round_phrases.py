"""The round reader's phrase sets find exactly what their regexes find, only faster.

A phrase set tries its regex only where one of its anchor words occurs (after at most
three letters of an Arabic-script prefix). These tests hold that to ``re.search`` and
``re.sub`` on the round fixtures and on generated texts built from the phrases
themselves, prefixes and all, where a skipped position would show.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.news.phrases import Phrases, compile_phrases
from bot.news.textnorm import normalize
from bot.news.vocabulary import LANGUAGES, vocabulary

ROUNDS = Path(__file__).parent / "fixtures" / "rounds"


def _phrase_sets() -> dict[str, Phrases]:
    sets: dict[str, Phrases] = {}
    for lang in (*LANGUAGES, None):
        words = vocabulary(lang)
        sets.update({f"{words.lang}:{name}": p for name, p in words.phrases.items() if p.anchors})
        sets.update({f"{words.lang}:weekday{i}": p for i, p in enumerate(words.weekdays)})
        sets[f"{words.lang}:not_talks"] = words.not_talks
    return sets


PHRASE_SETS = _phrase_sets()
WORDS = sorted({anchor for p in PHRASE_SETS.values() for anchor in p.anchors})


def _same(phrases: Phrases, text: str) -> None:
    expected = phrases.regex.search(text)
    found = phrases.search(text)
    assert (found and found.span()) == (expected and expected.span()), text
    assert phrases.sub(" ", text) == phrases.regex.sub(" ", text), text
    assert [m.span() for m in phrases.finditer(text)] == [m.span() for m in phrases.regex.finditer(text)], (
        text
    )


def test_every_phrase_set_of_the_reader_is_anchored():
    # The states, the talks, hedges, events, dates relative to the day, formats: per language.
    assert len(PHRASE_SETS) >= 6 * 25
    for lang in (*LANGUAGES, "any"):
        assert {f"{lang}:talks", f"{lang}:new_round", f"{lang}:hedge", f"{lang}:state:held"} <= set(
            PHRASE_SETS
        )
    assert all(p.anchors for p in PHRASE_SETS.values())


def test_fixture_headlines_search_as_the_regexes_do():
    lines = [
        normalize(line)
        for path in ROUNDS.glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) > 200
    for text in lines:
        for phrases in PHRASE_SETS.values():
            _same(phrases, text)


pieces = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(["و", "ب", "ل", "ف", "ال", "لل", "وال", "بال", "'", "-", "s", "ed", "ing"]),
    st.sampled_from(["the", "talks", "in", "geneva", "2", "may", "جوله", "دور", "مذاکرات", "..."]),
)
texts = st.lists(st.tuples(pieces, st.sampled_from(["", " ", "  ", ", ", "\n"])), max_size=14).map(
    lambda parts: "".join(word + gap for word, gap in parts)
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_generated_texts_search_as_the_regexes_do(text):
    for phrases in PHRASE_SETS.values():
        _same(phrases, text)


def test_a_gap_stands_for_up_to_four_words_and_a_long_gap_for_up_to_eight():
    short, long = compile_phrases("setzen … fort"), compile_phrases("nehmen …… wieder auf")
    assert short.search(normalize("Sie setzen die Gespräche in Genf fort"))
    assert not short.search(normalize("Sie setzen nach der Pause die Gespräche in Genf fort"))
    middle = "unter Vermittlung Pakistans die schwierigen Gespräche in Islamabad"  # eight words
    assert long.search(normalize(f"Iran und USA nehmen {middle} wieder auf"))
    assert not long.search(normalize(f"Iran und USA nehmen heute {middle} wieder auf"))
