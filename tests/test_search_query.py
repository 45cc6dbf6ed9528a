"""Reading a search query: words as prefixes, phrases, exclusions, the matcher's spellings,
and a one-line error for what cannot be searched."""

from __future__ import annotations

import pytest

from bot.news.search_query import MAX_QUERY_CHARS, QueryError, Term, parse_query, tokens


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Gespräche", "GESPRAECHE"),
        ("Straße", "strasse"),
        ("négociations", "Negociations"),
        ("Genève", "geneve"),
        ("عراقچي", "عراقچی"),  # Arabic yeh, Persian yeh
        ("مذاكرات", "مذاکرات"),  # Arabic kaf, Persian keheh
        ("گفت‌وگو", "گفتوگو"),  # with and without the zero-width non-joiner
        ("إيران", "ایران"),  # hamza below, and Arabic yeh
        ("مُفاوَضات", "مفاوضات"),  # harakat
        ("۲۰۲۶", "2026"),  # Persian digits
        ("ＵＳＡ", "usa"),  # full-width letters
    ],
)
def test_a_word_is_indexed_and_searched_as_one_token_in_any_spelling(a, b):
    assert tokens(a) == tokens(b) and len(tokens(a)) == 1


def test_punctuation_and_apostrophes_cut_tokens():
    assert tokens("Trump’s envoy: al-Busaidi, l'enrichissement (2026)") == [
        "trump",
        "s",
        "envoy",
        "al",
        "busaidi",
        "l",
        "enrichissement",
        "2026",
    ]


def test_words_of_three_letters_or_more_are_prefixes_shorter_ones_whole_words():
    query = parse_query("Verhandl US")
    assert query.include == (Term((("verhandl",),), prefix=True), Term((("us",),), prefix=False))
    assert query.exclude == ()


@pytest.mark.parametrize("quote", ['"{}"', "„{}“", "«{}»", "“{}”"])
def test_a_quoted_phrase_is_its_tokens_in_order_each_a_whole_word(quote):
    query = parse_query(quote.format("Nuclear Talks") + " Genf")
    assert query.include == (
        Term((("nuclear", "talks"),), prefix=False),
        Term((("genf",),), prefix=True),
    )


def test_a_word_of_several_tokens_is_a_phrase_ending_in_a_prefix():
    assert parse_query("al-Busaidi").include == (Term((("al", "busaidi"),), prefix=True),)


@pytest.mark.parametrize("dash", ["-", "–", "—"])
def test_a_dash_before_a_word_or_phrase_leaves_it_out(dash):
    query = parse_query(f'talks {dash}Wien {dash}"in Genf"')
    assert query.include == (Term((("talks",),), prefix=True),)
    assert query.exclude == (Term((("wien",),), prefix=True), Term((("in", "genf"),), prefix=False))
    assert query.shown == 'talks -wien -"in genf"'


def test_a_dash_on_its_own_or_inside_a_word_excludes_nothing():
    query = parse_query("Iran - USA talks-round")
    assert query.exclude == ()
    assert [t.forms[0] for t in query.include] == [("iran",), ("usa",), ("talks", "round")]


@pytest.mark.parametrize("word", ["مفاوضات", "المفاوضات", "والمفاوضات"])
def test_an_arabic_word_also_finds_its_forms_with_the_article(word):
    [term] = parse_query(word).include
    forms = {form[0] for form in term.forms}
    assert {"مفاوضات", "المفاوضات", "والمفاوضات", "بالمفاوضات", "للمفاوضات"} <= forms
    assert term.prefix


def test_a_short_arabic_word_is_not_stripped_to_almost_nothing():
    [term] = parse_query("الله").include  # "ال" + two letters: no article taken off
    assert term.forms[0] == ("الله",)


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("", "empty", "Search for what?"),
        ("   ", "empty", "Search for what?"),
        ("!!! ???", "empty", "Search for what?"),
        ("a", "too_short", "at least 2 letters"),
        ("é à", "too_short", "at least 2 letters"),
        ('"nuclear talks', "syntax", "A quote is not closed"),
        ('talks "in Genf', "syntax", "A quote is not closed"),
        ("-Wien", "syntax", "Only words to leave out"),
        ('-Wien -"in Genf"', "syntax", "Only words to leave out"),
        ("x" * (MAX_QUERY_CHARS + 1), "too_long", "at most 200 characters"),
        (" ".join(f"w{i}" for i in range(13)), "too_long", "at most 12 words"),
    ],
)
def test_what_cannot_be_searched_gets_one_line_saying_why(text, kind, message):
    with pytest.raises(QueryError) as raised:
        parse_query(text)
    assert raised.value.kind == kind
    assert message in str(raised.value) and "\n" not in str(raised.value)
