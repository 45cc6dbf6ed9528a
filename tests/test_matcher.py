"""Table-driven matcher cases: relevance, actors, false friends, and the reasons given."""

from __future__ import annotations

import pytest

from bot.news.matcher import Matcher
from config.topics import load_topics, parse_topic


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_topics()["iran-usa"])


RELEVANT = [
    ("Iran and US hold indirect talks in Muscat", {"iran", "usa"}),
    ("Araghtschi und Witkoff verhandeln in Maskat", {"araghchi", "witkoff"}),
    ("Trump warns Tehran of strikes if the nuclear talks fail", {"trump", "iran"}),
    ("Admiral Brad Cooper joins the US delegation for the Oman talks with Iran", {"cooper"}),
    ("USS Abraham Lincoln moves closer to Iran as Washington raises pressure", {"uss-abraham-lincoln"}),
    ("Irans Außenminister droht den USA mit Vergeltung", {"iran", "usa"}),
    # A meeting and strikes in the words of Persian and Arabic reports (the topic's terms).
    ("نمایندگان ایران و آمریکا هفته آینده در اسلام‌آباد دیدار می‌کنند", {"iran", "usa"}),
    ("الولايات المتحدة تشن ضربات على إيران", {"iran", "usa"}),
    ("Baghai: Entscheidung über weitere Gespräche mit Washington später", {"baghaei", "usa"}),
    ("Neue Sanktionen: Washington nimmt iranische Ölexporte ins Visier", {"usa", "iran"}),
    ("Al-Busaidi relays messages between Araghchi and Witkoff", {"al-busaidi", "araghchi", "witkoff"}),
    ("Rubio says Iran must halt enrichment before any deal", {"rubio", "iran"}),
    ("Pezeshkian: Teheran bleibt offen für Verhandlungen mit den Vereinigten Staaten", {"pezeshkian"}),
    ("L'Iran et les États-Unis reprennent les pourparlers à Mascate", {"iran", "usa"}),
    ("عراقچی: مذاکرات غیرمستقیم با آمریکا در مسقط ادامه دارد", {"araghchi", "usa"}),
    ("البوسعيدي يلتقي عراقجي قبل جولة المحادثات مع الوفد الأمريكي", {"al-busaidi", "araghchi"}),
]

NOT_RELEVANT = [
    ("Bradley Cooper to direct a new thriller", "no Iranian-side or US-side signal"),
    ("Tourists flock to the Lincoln Memorial for the holiday weekend", "no Iranian-side or US-side signal"),
    ("Witkoff holds talks in Moscow with Putin on Ukraine", "no Iranian-side signal"),
    ("US and China open trade talks in Geneva", "no Iranian-side signal"),
    ("Kushner's investment fund raises three billion dollars", "no Iranian-side signal"),
    ("Araghchi in Beijing for talks with Wang Yi", "no US-side signal"),
    ("Iran v USA: World Cup qualifier ends in a draw", "no talks/threat/sanctions/nuclear/military context"),
    ("Let us talk about Iran's film festival", "no US-side signal"),
    ("The Washington Post wins a prize for reporting on the Tehran book fair", "no US-side signal"),
    ("Handball-EM: Deutschland zieht ins Halbfinale ein", "no Iranian-side or US-side signal"),
]


@pytest.mark.parametrize(("title", "actors"), RELEVANT)
def test_relevant_items_alert_and_name_their_actors(matcher, title, actors):
    result = matcher.match(title)
    assert result.relevant, result.reason
    assert actors <= set(result.actors)
    assert result.reason.startswith("relevant:")


@pytest.mark.parametrize(("title", "why"), NOT_RELEVANT)
def test_false_friends_and_one_sided_items_do_not_alert(matcher, title, why):
    result = matcher.match(title)
    assert not result.relevant
    assert why in result.reason


def test_bradley_cooper_is_not_the_admiral_but_the_admiral_is(matcher):
    assert "cooper" not in matcher.match("Bradley Cooper meets fans in Washington").actors
    assert "cooper" not in matcher.match("Cooper scores twice as United win").actors
    assert "cooper" in matcher.match("Admiral Cooper briefs reporters").actors
    assert "cooper" in matcher.match("Cooper, the CENTCOM commander, joined the talks").actors


def test_us_the_pronoun_is_not_the_country(matcher):
    assert "usa" not in matcher.match("Iran tells us nothing new").actors
    assert "usa" in matcher.match("Iran tells US nothing new").actors
    assert "usa" in matcher.match("Iran tells the U.S. nothing new").actors


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Araghchi", "araghchi"),
        ("Araqchi", "araghchi"),
        ("Araghtschi", "araghchi"),
        ("Araghtchi", "araghchi"),
        ("عراقچی", "araghchi"),
        ("عراقجي", "araghchi"),
        ("ARAGHTSCHIS Reise", "araghchi"),
        ("Baghaï", "baghaei"),
        ("بقائی", "baghaei"),
        ("بقایی", "baghaei"),
        ("al-Boussaïdi", "al-busaidi"),
        ("Chamenei", "khamenei"),
        ("خامنه‌ای", "khamenei"),
        ("خامنه ای", "khamenei"),
        ("Peseschkian", "pezeshkian"),
        ("Laridschani", "larijani"),
        ("ترامپ", "trump"),
        ("ويتكوف", "witkoff"),
    ],
)
def test_spellings_across_languages_and_scripts(matcher, text, actor):
    # What the matcher reads in the text (a mediator alone is not an alert: see below).
    assert actor in {hit.ref for hit in matcher.scan(text)}
    assert actor in matcher.match(f"{text} meets Iran and US officials").actors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وایران", True),  # "and Iran": an attached conjunction
        ("الإيرانية", True),  # the Arabic demonym through ال and ة
        ("آمریکایی‌ها", True),  # "Americans" with ZWNJ and plural
        ("ایرانشهر", False),  # a city whose name starts with Iran
    ],
)
def test_arabic_script_affixes_match_without_matching_inside_other_words(matcher, text, expected):
    actors = set(matcher.match(text).actors)
    assert bool(actors & {"iran", "usa"}) is expected


def test_rome_in_persian_does_not_match_inside_the_word_for_novel(matcher):
    assert "rome" not in {hit.ref for hit in matcher.scan("رمان تازه")}
    assert "rome" in {hit.ref for hit in matcher.scan("مذاکرات در رم")}
    assert "rome" in matcher.match("مذاکرات ایران و آمریکا در رم").places


def test_operator_include_and_exclude_terms_come_from_the_topic_file():
    raw = {
        "id": "t",
        "name": "T",
        "sides": [
            {"id": "iran", "label": "Iran", "role": "party"},
            {"id": "usa", "label": "USA", "role": "party"},
        ],
        "actors": [
            {"id": "iran", "name": "Iran", "side": "iran", "aliases": ["Iran"]},
            {"id": "usa", "name": "USA", "side": "usa", "aliases": ["USA"]},
        ],
        "terms": {"talks": ["talks"]},
        "scoring": {"threshold": 3.0, "include": ["hormuz"], "exclude": ["football"]},
    }
    matcher = Matcher(parse_topic(raw))
    assert matcher.match("Iran and USA talks").relevant
    vetoed = matcher.match("Iran and USA football talks")
    assert not vetoed.relevant and "excluded by 'football'" in vetoed.reason
    assert matcher.match("Iran warns USA over Hormuz talks").score == 4.0


def test_language_is_detected_not_taken_from_the_feed(matcher):
    assert matcher.match("Iran und USA verhandeln wieder", lang="en").lang == "de"
    assert matcher.match("مذاکرات ایران و آمریکا", lang="ar").lang == "fa"


def test_a_venue_the_talks_were_learnt_at_counts_like_the_topics_own(matcher):
    # One party and the talks named, no venue of the topic's: one venue short of relevant.
    title = "Iran-Verhandlungen: Große Runde in Lausanne"
    alone = matcher.match(title, lang="de")
    assert not alone.relevant and alone.venue_short
    asked: list[str] = []

    def lausanne() -> str:
        asked.append(title)
        return "Lausanne"

    learnt = matcher.match(title, lang="de", venue=lausanne)
    assert learnt.relevant and not learnt.venue_short and asked == [title]
    assert "venue Lausanne (learnt from reports)" in learnt.reason
    # Where the text names no learnt venue, nothing changes.
    assert not matcher.match(title, lang="de", venue=lambda: None).relevant
    # Items with both parties, or with no party, never ask.
    asked.clear()
    assert matcher.match("Iran and US hold indirect talks in Muscat", venue=lausanne).relevant
    assert not matcher.match("Football: Lausanne beat Geneva", venue=lausanne).relevant
    assert asked == []
    assert not matcher.match("Football: Lausanne beat Geneva").venue_short
