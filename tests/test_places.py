"""Where talks are, as reports say it: the venue, the host and the mediator, in five
languages, for places the topic file lists and places it does not (the gazetteer).
Headlines written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news import jalali
from bot.news.gazetteer import gazetteer
from bot.news.places import PlaceReader
from bot.news.vocabulary import vocabulary
from config.topics import load_topic, load_topics
from tests.helpers.replay import REPLAYS


@pytest.fixture(scope="module")
def reader() -> PlaceReader:
    return PlaceReader(load_topics()["iran-usa"])


@pytest.mark.parametrize(
    ("text", "lang", "venue", "host", "mediator"),
    [
        # A country where the city is not named: the country, which a Muscat report agrees with.
        ("Iran and US hold talks in Oman", "en", "Oman", None, None),
        ("Iran and US hold talks in Muscat, Oman", "en", "Muscat", "Oman", None),
        # Venues the topic file does not list.
        ("Iran and the United States begin talks in Islamabad", "en", "Islamabad", "Pakistan", None),
        ("Iran-US talks in the Qatari capital end", "en", "Doha", "Qatar", None),
        ("Iran and US to resume talks in Doha", "en", "Doha", "Qatar", None),
        ("Pakistan to host Iran-US talks next week", "en", "Pakistan", "Pakistan", None),
        # A country that mediates is no venue by being named.
        ("Iran-US talks under Omani mediation in Rome", "en", "Rome", "Italy", "Oman"),
        # The dateline is where the reporter sits when the report names the venue.
        ("DUBAI, June 27 (Reuters) - Iran and US to resume talks in Doha", "en", "Doha", "Qatar", None),
        # The sides' capitals are no venue of their talks with each other.
        ("Iran and US talks: Trump speaks in Washington about Tehran", "en", None, None, None),
        ("Gespräche zwischen Iran und USA in Maskat beginnen", "de", "Muscat", "Oman", None),
        ("Wiener Gespräche mit Iran gehen weiter", "de", "Vienna", "Austria", None),
        # A city's adjective before a building, after a locative (and an article).
        (
            "Die USA und Iran beraten am Dienstag in der Genfer UN-Zentrale weiter",
            "de",
            "Geneva",
            "Switzerland",
            None,
        ),
        ("Iran und USA verhandeln im Wiener Palais Coburg", "de", "Vienna", "Austria", None),
        # Names of several words, some of them words of the reader's, or with hyphens.
        ("Iran and US diplomats talk in New York", "en", "New York City", "United States", None),
        ("Iran und USA verhandeln in Den Haag", "de", "The Hague", "Netherlands", None),
        ("Iran and US talks in Sharm el-Sheikh", "en", "Sharm el-Sheikh", "Egypt", None),
        ("Iran and US talks in Alma-Ata", "en", "Almaty", "Kazakhstan", None),
        ("Iran and US talks in Alma Ata", "en", "Almaty", "Kazakhstan", None),
        ("Iran and US: New talks in Geneva", "en", "Geneva", "Switzerland", None),
        # A city after "city", with its country's adjective between, or after that adjective alone.
        ("Iran and US hold talks in the Swiss city of Geneva", "en", "Geneva", "Switzerland", None),
        ("Pourparlers Iran-USA dans la ville suisse de Genève", "fr", "Geneva", "Switzerland", None),
        (
            "Gespräche zwischen Iran und USA im schweizerischen Lausanne",
            "de",
            "Lausanne",
            "Switzerland",
            None,
        ),
        ("Kerry und Sarif treffen sich im norwegischen Oslo", "de", "Oslo", "Norway", None),
        ("لقاء كيري وظريف في العاصمة النرويجية أوسلو", "ar", "Oslo", "Norway", None),
        # "A Swiss city" with no city named is not Switzerland's capital.
        ("Iran and US to meet in a Swiss city next week", "en", None, None, None),
        # Only German makes such adjectives; an English name is no city's.
        ("Iran and US talks go on in Wiener Hall on Tuesday", "en", None, None, None),
        ("Reprise des pourparlers Iran–États-Unis à Genève", "fr", "Geneva", "Switzerland", None),
        ("Les discussions d'Istanbul avec Washington sont terminées", "fr", "Istanbul", "Türkiye", None),
        ("مذاکرات ایران و آمریکا در مسقط آغاز شد", "fa", "Muscat", "Oman", None),
        ("بدء المحادثات بين إيران والولايات المتحدة في مسقط بوساطة عمانية", "ar", "Muscat", "Oman", "Oman"),
        # A country's title before its name ("the Sultanate of Oman").
        ("Iran and US envoys met in the Sultanate of Oman", "en", "Oman", None, None),
        ("Gespräche zwischen Iran und USA im Sultanat Oman", "de", "Oman", None, None),
        ("Pourparlers indirects Iran-USA dans le sultanat d'Oman", "fr", "Oman", None, None),
        ("محادثات بين إيران والولايات المتحدة في سلطنة عمان", "ar", "Oman", None, None),
        # Arabic short vowels written on a name ("عُمان") leave it the same name.
        ("محادثات بين إيران والولايات المتحدة في سلطنة عُمان", "ar", "Oman", None, None),
        # The host is where the talks are, whatever other place the report names.
        ("Oman hosted US-Iran talks to keep the war in Gaza from spreading", "en", "Oman", "Oman", None),
        ("استضافت سلطنة عمان محادثات بين واشنطن وطهران لمنع توسع الحرب في غزة", "ar", "Oman", "Oman", None),
        # A city before a word of hosting is where the talks are.
        ("Rome to host second round of Iran-US talks, Italian minister says", "en", "Rome", "Italy", None),
        # A place where the talks are said not to be is not their place.
        (
            "Zweite Runde der Iran-Gespräche findet nicht in Rom, sondern in Maskat statt",
            "de",
            "Muscat",
            "Oman",
            None,
        ),
        ("Iran and US talks will be held not in Rome but in Muscat", "en", "Muscat", "Oman", None),
        # An ambassador's post is no venue; an embassy and envoys can be where talks are.
        ("New Iran-US talks soon, Iran's ambassador to Germany said", "en", None, None, None),
        ("Neue Iran-Gespräche mit den USA bald, sagte der Botschafter in Berlin", "de", None, None, None),
        ("Iran and US envoys met at the Omani embassy in Rome", "en", "Rome", "Italy", None),
        # Where it was said is no venue beside the one the plan names; alone, it still is.
        (
            "Le ministre a annoncé dimanche à Munich que la réunion Iran-USA se tiendra au Kazakhstan",
            "fr",
            "Kazakhstan",
            None,
            None,
        ),
        ("He told reporters in Munich that Iran-US talks will be held in Oman", "en", "Oman", None, None),
        ("Zarif said in Geneva that the talks with the US went well", "en", "Geneva", "Switzerland", None),
        # A name of two letters in Arabic script, a word of its own ("رم", Rome, in Persian).
        ("دور پنجم مذاکرات ایران و آمریکا در رم به پایان رسید", "fa", "Rome", "Italy", None),
        # A French phrase with an apostrophe: "sous l'égide de", "pourparlers d'Oman".
        ("Pourparlers Iran-USA sous l'égide du Qatar", "fr", None, None, "Qatar"),
        # A country named with its article, or with the ending it takes after one, or with
        # words that are no names ("arabes unis", "saoudite").
        (
            "Iran and US officials met in the United Arab Emirates on Monday",
            "en",
            "United Arab Emirates",
            None,
            None,
        ),
        (
            "Iran und USA verhandeln in den Vereinigten Arabischen Emiraten",
            "de",
            "United Arab Emirates",
            None,
            None,
        ),
        ("Iraner und Amerikaner treffen sich in den Niederlanden", "de", "Netherlands", None, None),
        ("Iran-USA: rencontre aux Emirats arabes unis", "fr", "United Arab Emirates", None, None),
        ("Iran-USA : des pourparlers en Arabie saoudite", "fr", "Saudi Arabia", None, None),
        ("Gespräche zwischen Iran und den USA in der Schweiz", "de", "Switzerland", None, None),
    ],
)
def test_the_venue_host_and_mediator_a_report_names(reader, text, lang, venue, host, mediator):
    said = reader.read(text, vocabulary(lang))
    assert (
        said.venue.name if said.venue else None,
        said.host.name if said.host else None,
        said.mediator.name if said.mediator else None,
    ) == (venue, host, mediator)


def test_a_side_that_is_no_country_keeps_its_land_out_of_the_venues():
    """The US and the Taliban: "peace in Afghanistan", "the envoy for Afghanistan" name the
    war's land, not where the talks are. The topic lists Kabul as no venue: Afghanistan,
    whose capital it is, is no venue either; Doha is."""
    reader = PlaceReader(load_topic(REPLAYS / "doha-2019" / "topics" / "doha-2019.toml"))
    en, de = vocabulary("en"), vocabulary("de")
    said = reader.read("US envoy for Afghanistan meets Taliban in Doha on peace in Afghanistan", en)
    assert said.venue is not None and said.venue.name == "Doha"
    assert reader.read("Taliban and US officials talk peace in Afghanistan", en).venue is None
    assert reader.read("Die Taliban verhandeln mit den USA in Afghanistan", de).venue is None
    # The topic of Iran and the US: Tehran is no venue, and Iran is a side (no change).
    iran = PlaceReader(load_topics()["iran-usa"])
    assert iran.read("Iran and US hold talks in Iran", en).venue is None


def test_a_city_is_within_its_country(reader):
    muscat = reader.read("Talks in Muscat", vocabulary("en")).venue
    oman = reader.read("Talks in Oman", vocabulary("en")).venue
    assert muscat is not None and oman is not None
    assert muscat.kind == "city" and oman.kind == "country" and muscat.country == oman.country


@pytest.mark.parametrize(
    ("name", "place", "kind"),
    [
        ("Maskat", "Muscat", "city"),
        ("مسقط", "Muscat", "city"),
        ("Mascate", "Muscat", "city"),
        ("Genf", "Geneva", "city"),
        ("الدوحة", "Doha", "city"),
        ("Oman", "Oman", "country"),
        ("Österreich", "Austria", "country"),
    ],
)
def test_the_gazetteer_knows_places_in_every_language_read(name, place, kind):
    found = gazetteer().lookup(name)
    assert found and (found[0].name, found[0].kind) == (place, kind)


@pytest.mark.parametrize("name", ["European Union", "United Nations", "Talks", "Nuclear"])
def test_organisations_and_words_are_no_places(name):
    assert all(p.kind == "city" and p.population < 100_000 for p in gazetteer().lookup(name))


@pytest.mark.parametrize(
    ("year", "month", "day", "gregorian"),
    [
        (1404, 11, 17, dt.date(2026, 2, 6)),  # the first Muscat round, 17 Bahman 1404
        (1393, 3, 26, dt.date(2014, 6, 16)),
        (1403, 1, 1, dt.date(2024, 3, 20)),  # Nowruz
        (1403, 12, 30, dt.date(2025, 3, 20)),  # the last day of a leap year
    ],
)
def test_iranian_calendar_dates(year, month, day, gregorian):
    assert jalali.to_gregorian(year, month, day) == gregorian


def test_an_iranian_date_without_a_year_is_the_one_nearest_the_report():
    assert jalali.near(3, 19, None, dt.date(2014, 6, 8)) == dt.date(2014, 6, 9)
    assert jalali.near(11, 17, None, dt.date(2026, 2, 1)) == dt.date(2026, 2, 6)


def test_the_index_file_is_readable_by_every_user(tmp_path):
    # The image builds it as root; the bot reads it as another user.
    from bot.news.gazetteer import Gazetteer, build

    path = build(tmp_path / "g.idx")
    assert path.stat().st_mode & 0o444 == 0o444
    assert Gazetteer.from_file(path).lookup("Maskat")[0].name == "Muscat"


def test_a_cache_that_cannot_be_read_is_built_in_memory(tmp_path, monkeypatch, caplog):
    import bot.news.gazetteer as module

    monkeypatch.setenv("TALKWATCH_CACHE_DIR", str(tmp_path / "cache"))
    module.index_path().mkdir(parents=True)  # where the file should be, a thing it cannot open
    module.gazetteer.cache_clear()
    try:
        places = module.gazetteer()
        assert places.lookup("Genf")[0].name == "Geneva"
        assert "not usable" in caplog.text
    finally:
        module.gazetteer.cache_clear()
