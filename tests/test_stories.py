"""Story grouping (bot/news/stories.py) as a table: which pairs of reports are one story."""

from __future__ import annotations

import pytest

from bot.news.fingerprint import figures
from bot.news.stories import StoryIndex, StoryItem

HOUR = 3600.0
T0 = 1_770_000_000.0
COUNTRIES = frozenset({"iran", "usa", "oman"})


def item(
    key: str, text: str, lang: str = "en", actors=(), venue=None, hours: float = 0, outlet="o", kind=None
):
    """A report as the tracker describes it: ``kind`` is what its round reader found."""
    return StoryItem(
        key, text, lang, frozenset(actors), venue, T0 + hours * HOUR, outlet, kind=kind, figures=figures(text)
    )


BASE = item(
    "a",
    "Iran and US agree to hold a second round of talks in Geneva on 12 March\n"
    "Araghchi and Witkoff will meet again through Omani mediators, officials said.",
    actors=("araghchi", "witkoff", "iran", "usa"),
    venue="geneva",
    kind="round",
)


@pytest.mark.parametrize(
    ("other", "same"),
    [
        # The same wire copy, word for word, through another outlet.
        (item("b", BASE.text, outlet="p", hours=1), True),
        # Reworded a little: a word swapped and an attribution added.
        (
            item(
                "c",
                "Iran and US agree to hold second round of talks in Geneva on 12 March, officials say\n"
                "Araghchi and Witkoff will meet again through Omani mediators, officials said.",
                outlet="q",
                hours=2,
            ),
            True,
        ),
        # The same event in German: other words, the same people, venue and day.
        (
            item(
                "d",
                "Iran und USA: Zweite Gesprächsrunde soll am 12. März in Genf stattfinden",
                lang="de",
                actors=("araghchi", "witkoff", "iran"),
                venue="geneva",
                hours=3,
            ),
            True,
        ),
        # Another event in German: the same people, another venue.
        (
            item(
                "e",
                "Araghtschi und Witkoff treffen sich in Maskat",
                lang="de",
                actors=("araghchi", "witkoff"),
                venue="muscat",
                hours=3,
            ),
            False,
        ),
        # The same people and venue in another language, but two days later: another event.
        (
            item(
                "f",
                "Araghtchi et Witkoff à Genève",
                lang="fr",
                actors=("araghchi", "witkoff"),
                venue="geneva",
                hours=49,
            ),
            False,
        ),
        # Only countries shared (they say little about the event): not the same story.
        (
            item(
                "g",
                "L'Iran et les États-Unis à Genève",
                lang="fr",
                actors=("iran", "usa", "oman"),
                venue="geneva",
                hours=1,
            ),
            False,
        ),
        # Same language, same people, different news: a different story.
        (
            item(
                "h",
                "Witkoff says Araghchi rejected the US proposal on enrichment in a phone call",
                actors=("araghchi", "witkoff"),
                venue=None,
                hours=1,
            ),
            False,
        ),
        # An unrelated headline.
        (item("i", "Oman opens a new port terminal in Duqm", hours=1), False),
        # The same round in German, ten hours on: the kind agrees, so half a day is allowed.
        (
            item(
                "j",
                "Araghtschi und Witkoff: Verhandlungsrunde in Genf geplant",
                lang="de",
                actors=("araghchi", "witkoff"),
                venue="geneva",
                hours=10,
                kind="round",
            ),
            True,
        ),
        # The same people and venue, the same morning, but strikes, not talks.
        (
            item(
                "k",
                "Luftangriffe nahe Genf? Araghtschi und Witkoff äußern sich",
                lang="de",
                actors=("araghchi", "witkoff"),
                venue="geneva",
                hours=2,
                kind="strikes",
            ),
            False,
        ),
        # Other figures than the first report's 12 (March): another event.
        (
            item(
                "l",
                "Araghtchi et Witkoff à Genève : 400 kg d'uranium enrichi en discussion",
                lang="fr",
                actors=("araghchi", "witkoff"),
                venue="geneva",
                hours=2,
            ),
            False,
        ),
        # Saying nothing of what happened: one story if close in time (4 hours) …
        (
            item(
                "m",
                "Araghtschi und Witkoff in Genf",
                lang="de",
                actors=("araghchi", "witkoff"),
                venue="geneva",
                hours=4,
            ),
            True,
        ),
        # … but not ten hours apart.
        (
            item(
                "n",
                "Araghtschi und Witkoff in Genf",
                lang="de",
                actors=("araghchi", "witkoff"),
                venue="geneva",
                hours=10,
            ),
            False,
        ),
        # Reworded in the same language past the near-duplicate threshold (its MinHash
        # estimate is 0.47), but the same event: the same people, venue, kind and figure.
        (
            item(
                "o",
                "Second round of talks in Geneva on 12 March, Iran and US agree\n"
                "Araghchi and Witkoff will meet again through Omani mediators, diplomats say.",
                actors=("araghchi", "witkoff", "iran", "usa"),
                venue="geneva",
                hours=2,
                kind="round",
            ),
            True,
        ),
        # As alike, in the same language, but another day for the round: news of its own.
        (
            item(
                "p",
                "Iran and US agree to hold a second round of talks in Geneva on 19 March\n"
                "Araghchi and Witkoff will meet again through Omani mediators, diplomats said on Friday.",
                actors=("araghchi", "witkoff", "iran", "usa"),
                venue="geneva",
                hours=2,
                kind="round",
            ),
            False,
        ),
    ],
    ids=[
        "wire-copy",
        "reworded",
        "same-event-german",
        "other-venue",
        "two-days-later",
        "countries-only",
        "same-people-other-news",
        "unrelated",
        "same-kind-hours-later",
        "strikes-not-talks",
        "other-figures",
        "unconfirmed-close",
        "unconfirmed-apart",
        "same-language-reworded-same-event",
        "same-language-other-figures",
    ],
)
def test_which_reports_are_one_story(other, same):
    index = StoryIndex(generic=COUNTRIES)
    first = index.assign(BASE)
    assert first.story_id is None
    index.add(BASE, 1)
    assignment = index.assign(other)
    assert (assignment.story_id == 1) is same, assignment


def test_a_report_joins_the_story_it_agrees_with_most_not_the_latest():
    index = StoryIndex(generic=COUNTRIES)
    index.add(BASE, 1)  # the round on 12 March, at 0 h
    people = ("araghchi", "witkoff")
    nothing = item("x", "Araghchi and Witkoff in Geneva", actors=people, venue="geneva", hours=3)
    index.add(nothing, 2)  # another story, three hours later, that says nothing of what happened
    german = item(
        "y",
        "Genf: Araghtschi und Witkoff wollen sich am 12. März wiedersehen",
        lang="de",
        actors=("araghchi", "witkoff"),
        venue="geneva",
        hours=3.5,
    )
    assert index.assign(german).story_id == 1  # the figure it shares, not the nearer story


def test_what_a_story_said_in_any_report_counts_against_another_event():
    index = StoryIndex(generic=COUNTRIES)
    index.add(BASE, 1)  # says the round and its figure (12 March)
    people = ("araghchi", "witkoff")
    german = item("d", "Araghtschi und Witkoff in Genf", lang="de", actors=people, venue="geneva", hours=1)
    index.add(german, 1)  # a translation that kept neither
    french = item(
        "f",
        "Araghtchi et Witkoff à Genève : 400 kg d'uranium enrichi en discussion",
        lang="fr",
        actors=("araghchi", "witkoff"),
        venue="geneva",
        hours=2,
    )
    # Close to the German copy, which says nothing against it; the story's English report
    # carries another figure: another event.
    assert index.assign(french).story_id is None


def test_the_window_forgets_old_stories():
    index = StoryIndex(generic=COUNTRIES, window_days=1.0)
    index.add(BASE, 1)
    later = item("z", "unrelated filler about fisheries", hours=30)
    index.add(later, 2)  # adding moves the window: BASE is out
    copy = item("y", BASE.text, hours=31)
    assert index.assign(copy).story_id is None
    assert len(index) == 1


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1,000 centrifuges", {"1000"}),
        ("1.000 Zentrifugen", {"1000"}),
        ("۶۰ روز مهلت", {"60"}),  # Persian digits
        ("٦٠ يوماً", {"60"}),  # Arabic-Indic digits
        ("3,5 Prozent", {"3.5"}),
        ("a 60-day deadline, 2 rounds", {"60"}),  # one digit: often written in words
        ("talks in March 2026 on 400 kg", {"400"}),  # a year says nothing about the event
        ("G20 summit, flight IR655, F-35 jets", {"35"}),  # digits inside a word are a name
    ],
)
def test_figures_are_spelt_alike_in_every_language(text, numbers):
    assert figures(text) == numbers
