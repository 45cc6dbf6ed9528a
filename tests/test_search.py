"""/search finds reports in five languages, whatever the spelling, on SQLite and PostgreSQL:
one corpus, a table of queries and the reports each must find (no more, no fewer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.news.search_query import parse_query
from bot.records import MatchRecord, NewItem
from storage import Storage

# Each report: its key, its outlet, headline and lede (written for this test).
CORPUS = [
    ("en-geneva", "Wire Desk", "Iran and US envoys resume nuclear talks in Geneva",
     "Negotiators met for four hours on Tuesday, officials said."),
    ("en-muscat", "Wire Desk", "Oman hosts indirect talks between Tehran and Washington in Muscat",
     "The foreign minister carried messages between the two delegations."),
    ("en-storm", "Wire Desk", "Storm closes schools across the north",
     "Forecasters expect more snow before the weekend."),
    ("de-genf", "Rhein Kurier", "Iran und USA: Verhandlungen in Genf gehen weiter",
     "Die Gespräche über das Atomprogramm sollen am Montag fortgesetzt werden."),
    ("de-maskat", "Rhein Kurier", "Gespraeche in Maskat ohne Ergebnis",
     "Beide Seiten wollen sich bald in Wien wieder treffen."),
    ("de-tram", "Rhein Kurier", "Straßenbahn in Leipzig fährt wieder",
     "Nach drei Wochen Bauarbeiten ist die Strecke frei."),
    ("fr-geneve", "Journal du Lac", "Les négociations sur le nucléaire iranien reprennent à Genève",
     "Les délégations se retrouvent dans un hôtel au bord du lac."),
    ("fr-accord", "Journal du Lac", "Téhéran et Washington : pas d'accord sur l'enrichissement",
     "Les experts poursuivront le travail la semaine prochaine."),
    ("fa-muscat", "خبرنامه تهران", "دور تازه مذاکرات ایران و آمریکا در مسقط برگزار شد",
     "عراقچی گفت گفت‌وگوها سازنده بود."),
    ("fa-arabic-letters", "خبرنامه تهران", "مذاكرات ايران و امريكا در مسقط ادامه دارد",
     "هيئت‌ها فردا دوباره ديدار مي‌كنند."),
    ("fa-leader", "خبرنامه تهران", "پیام خامنه‌ای درباره مذاکرات",
     "رهبر ایران از هیئت مذاکره‌کننده حمایت کرد."),
    ("ar-muscat", "صحيفة الخليج", "جولة جديدة من المفاوضات بين إيران والولايات المتحدة في مسقط",
     "قال الوزير إن المحادثات كانت بنّاءة."),
    ("ar-indirect", "صحيفة الخليج", "مسقط تستضيف محادثات غير مباشرة",
     "ينقل الوسيط الرسائل بين الوفدين."),
]  # fmt: skip

TABLE = [
    # German: prefixes, ä and ae, case, two words (AND), the outlet
    ("Genf Verhandlungen", {"de-genf"}),
    ("verhandl", {"de-genf"}),
    ("Gespräche", {"de-genf", "de-maskat"}),
    ("Gespraeche", {"de-genf", "de-maskat"}),
    ("GESPRÄCHE", {"de-genf", "de-maskat"}),
    ("Strassenbahn", {"de-tram"}),
    ("Kurier Genf", {"de-genf"}),
    ("Gespräche -Wien", {"de-genf"}),
    # French: accents or none
    ("négociations", {"fr-geneve"}),
    ("NEGOCIATIONS genève", {"fr-geneve"}),
    ("Geneve", {"fr-geneve"}),
    ("l'enrichissement", {"fr-accord"}),
    ("enrichiss", {"fr-accord"}),
    ("Teheran", {"fr-accord"}),
    # English: phrases in order, exclusions, short words as whole words
    ('"nuclear talks"', {"en-geneva"}),
    ('"talks nuclear"', set()),
    ("talks -Geneva", {"en-muscat"}),
    ('talks -"in Muscat"', {"en-geneva"}),
    ("US", {"en-geneva"}),  # "US" is a whole word here: not USA
    ("Iran -Genf", {"en-geneva", "fr-geneve"}),  # "iranien" too: a prefix
    ("Geneva", {"en-geneva"}),
    # Persian: Arabic and Persian letters, the zero-width non-joiner, two words
    ("مذاکرات مسقط", {"fa-muscat", "fa-arabic-letters"}),
    ("مذاكرات", {"fa-muscat", "fa-arabic-letters", "fa-leader"}),
    ("عراقچی", {"fa-muscat"}),
    ("عراقچي", {"fa-muscat"}),
    ("گفت‌وگوها", {"fa-muscat"}),
    ("گفتوگوها", {"fa-muscat"}),
    ("خامنه‌ای", {"fa-leader"}),
    ("خامنهای", {"fa-leader"}),
    ("ایران", {"fa-muscat", "fa-arabic-letters", "fa-leader", "ar-muscat"}),  # and إيران
    ("مذاکرات -مسقط", {"fa-leader"}),
    # Arabic: the article, harakat, a phrase
    ("مفاوضات", {"ar-muscat"}),
    ("المفاوضات مسقط", {"ar-muscat"}),
    ("محادثات", {"ar-muscat", "ar-indirect"}),
    ("بناءة", {"ar-muscat"}),
    ('"غير مباشرة"', {"ar-indirect"}),
    ("مسقط", {"fa-muscat", "fa-arabic-letters", "ar-muscat", "ar-indirect"}),
    ("الخليج الوسيط", {"ar-indirect"}),  # the outlet and the lede
    # Nothing
    ("Vienna talks", set()),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str | Path:
    """One database per backend for the whole table (named ``database``: the suite marks
    the PostgreSQL half as it marks every dual-database test)."""
    if request.param == "sqlite":
        return tmp_path_factory.mktemp("search") / "search.db"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture(scope="module")
def corpus(database: str | Path) -> Iterator[tuple[Storage, dict[str, str]]]:
    """The corpus stored as the ingestor stores it; the link of each report by its key."""
    storage = Storage.open(database)
    links = {}
    for n, (key, outlet, title, lede) in enumerate(CORPUS):
        feed = storage.feeds.ensure(f"https://{outlet.encode().hex()[:16]}.example/rss", outlet, None)
        link = f"https://news.example/{key}"
        published = dt.datetime(2026, 2, 6, 8, n, tzinfo=dt.UTC).timestamp()
        item = NewItem(feed.id, title, lede, link, link, None, None, published, (f"link:{key}",))
        storage.items.store(item, [MatchRecord("iran-usa", key not in ("en-storm", "de-tram"), 3.0, (), "")])
        links[link] = key
    yield storage, links
    storage.close()


@pytest.mark.parametrize(("query", "expected"), TABLE, ids=[q for q, _ in TABLE])
def test_a_query_finds_exactly_its_reports(corpus, query, expected):
    storage, links = corpus
    result = storage.search.find(parse_query(query), limit=20)
    assert {links[hit.link] for hit in result.hits} == expected
    assert result.matched == len(expected) and not result.more
