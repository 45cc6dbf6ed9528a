"""The matcher's quick check rejects items that name no party before reading them closely;
it must never reject one the close reading would find a party in."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from bench.general_news import general_items
from bot.news.matcher import Matcher
from config.topics import Topic, load_topics

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
