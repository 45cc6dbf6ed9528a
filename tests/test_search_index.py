"""The search index on both databases: ranked and grouped by story, within a topic, bounded;
it survives a restart and a backup, and migration 17 indexes what was stored before it.
Also the answer as chats get it (within their limits) and as the command line prints it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import storage.migrations
import storage.search
from bot.news.search_query import parse_query
from bot.records import MatchRecord, NewItem, SearchHit, SearchResult
from bot.render.markup import render_html, render_plain, visible_length_utf16
from bot.render.search import search_document
from bot.render.slack_blocks import MAX_BLOCKS, MAX_SECTION_TEXT, document_messages
from storage import Storage
from tests.helpers.bot_api_double import check_message
from tests.helpers.cli import talkwatch

DAY = dt.datetime(2026, 2, 6, tzinfo=dt.UTC).timestamp()


class Reports:
    """Stores reports as the ingestor does: a feed per outlet, a match per topic, stories."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.count = 0
        self.stories: dict[str, int] = {}  # a test's name for a story → its id

    def add(
        self,
        outlet: str,
        title: str,
        summary: str = "",
        *,
        hour: float = 0.0,
        story: str | None = None,
        topic: str = "iran-usa",
        relevant: bool = True,
    ) -> str:
        self.count += 1
        host = f"https://{outlet.encode().hex()[:16]}.example"
        feed = self.storage.feeds.ensure(f"{host}/rss", outlet, "en")
        link = f"{host}/{self.count}"
        story_id = self.stories.get(story, -1) if story else None
        match = MatchRecord(topic, relevant, 3.0, (), "", "en", story_id if relevant else None)
        item = NewItem(feed.id, title, summary, link, link, None, "en", DAY + hour * 3600, (f"link:{link}",))
        stored = self.storage.items.store_many([(item, [match], {})])
        if story and story_id is not None and story_id < 0:
            self.stories[story] = stored.stories[story_id]
        return link


@pytest.fixture
def store(database):
    with Storage.open(database) as opened:
        yield Reports(opened)


def find(storage: Storage, text: str, topic: str | None = None, limit: int = 10) -> SearchResult:
    return storage.search.find(parse_query(text), topic, limit)


def test_a_story_is_one_hit_its_first_matching_report_with_every_outlet(store):
    store.add("Wire Desk", "Envoys arrive for talks in Muscat", hour=1, story="muscat")
    second = store.add("Rhein Kurier", "Gesandte in Maskat zu Verhandlungen", hour=2, story="muscat")
    store.add("Gulf Daily", "Talks in Muscat end without a deal", hour=3, story="muscat")
    store.add("Rhein Kurier", "Verhandlungen in Maskat gehen weiter", hour=5, story="muscat")
    store.add("Wire Desk", "Muscat weather turns hot", hour=4)  # a report of no story
    [hit] = find(store.storage, "Maskat Verhandlungen").hits
    assert (hit.link, hit.published) == (second, DAY + 2 * 3600)  # the first German report
    assert hit.outlets == ("Wire Desk", "Rhein Kurier", "Gulf Daily") and hit.reports == 4
    assert hit.story_id == store.stories["muscat"]
    hits = find(store.storage, "Muscat").hits
    assert [h.story_id for h in hits].count(store.stories["muscat"]) == 1 and len(hits) == 2


def test_best_match_first_and_the_newer_report_when_they_match_alike(store):
    store.add("Wire Desk", "Sanctions relief on the table", "Diplomats discussed enrichment limits.", hour=1)
    headline = store.add("Wire Desk", "Enrichment limits dominate the talks", hour=0)
    older = store.add("Gulf Daily", "Enrichment cap agreed in principle", hour=2)
    newer = store.add("Gulf Daily", "Enrichment cap agreed in principle", hour=6)
    same = store.add("Gulf Daily", "Enrichment cap agreed in principle", hour=4)
    links = [h.link for h in find(store.storage, "enrichment cap").hits]
    assert links == [newer, same, older]
    links = [h.link for h in find(store.storage, "enrichment limits").hits]
    assert links[0] == headline  # in the headline beats in the lede


def test_at_most_ten_stories_and_a_flag_for_more(store):
    for n in range(12):
        store.add("Wire Desk", f"Round {n} of the nuclear talks", hour=n, story=f"s{n}")
    result = find(store.storage, "nuclear talks")
    assert len(result.hits) == 10 and result.more and result.matched == 12 and not result.capped
    result = find(store.storage, "nuclear talks", limit=12)
    assert len(result.hits) == 12 and not result.more


def test_a_topic_filter_keeps_the_topics_relevant_reports(store):
    store.add("Wire Desk", "Ministers discuss the harbour deal", topic="iran-usa")
    store.add("Wire Desk", "Harbour deal signed by the port authority", topic="iran-usa", relevant=False)
    store.add("Wire Desk", "Harbour deal divides the city council", topic="local")
    assert len(find(store.storage, "harbour deal").hits) == 3
    [hit] = find(store.storage, "harbour deal", topic="iran-usa").hits
    assert hit.title == "Ministers discuss the harbour deal"
    assert find(store.storage, "harbour", topic="local").hits[0].title.endswith("city council")


def test_a_query_matching_more_than_the_window_ranks_the_newest(store, monkeypatch):
    links = [store.add("Wire Desk", f"Sanctions update number {n}", hour=n) for n in range(6)]
    monkeypatch.setattr(storage.search, "WINDOW", 3)
    result = find(store.storage, "sanctions")
    assert result.capped and result.more and result.matched == 3
    assert {h.link for h in result.hits} == set(links[3:])


def test_the_index_survives_a_restart(database):
    with Storage.open(database) as first:
        Reports(first).add("Rhein Kurier", "Atomgespräche in Genf vertagt")
    with Storage.open(database) as again:
        assert [h.title for h in find(again, "Atomgespraeche Genf").hits] == ["Atomgespräche in Genf vertagt"]


def _restore(backup: Path, database: str | Path, request: pytest.FixtureRequest) -> str | Path:
    """The backup as a database of its own: the SQLite file itself, or pg_restore into a new one."""
    if not str(database).startswith("postgresql://"):
        return backup
    target = request.getfixturevalue("postgres_server").new_database()
    pg_restore = shutil.which("pg_restore")
    assert pg_restore, "pg_restore is installed with pg_dump"
    subprocess.run([pg_restore, "--no-owner", "--dbname", target, str(backup)], check=True)
    return target


def test_the_index_survives_a_backup(database, tmp_path, request):
    with Storage.open(database) as original:
        Reports(original).add("Gulf Daily", "مسقط تستضيف جولة جديدة من المفاوضات")
        original.backup(tmp_path / "copy.backup")
    with Storage.open(_restore(tmp_path / "copy.backup", database, request)) as copy:
        assert len(find(copy, "مفاوضات مسقط").hits) == 1
        # … and goes on indexing what is stored after it.
        Reports(copy).add("Gulf Times", "المفاوضات تتواصل في مسقط")
        assert len(find(copy, "مفاوضات مسقط").hits) == 2


def test_migration_17_indexes_the_reports_stored_before_it(database, monkeypatch):
    before = [m for m in storage.migrations.MIGRATIONS if m[0] < 17]
    with monkeypatch.context() as patched:
        patched.setattr(storage.migrations, "MIGRATIONS", before)
        with Storage.open(database) as old:
            old.items.search = None  # the code of migration 16 wrote no index
            feed = old.feeds.ensure("https://rheinkurier.example/rss", "Rhein Kurier", "de")
            batch = [
                (
                    NewItem(feed.id, f"Meldung {n}: Verhandlungen in Genf, Tag {n}", "", None, None, None,
                            "de", DAY + n, (f"guid:{n}",)),
                    [MatchRecord("iran-usa", False, 0.0, (), "")],
                    {},
                )
                for n in range(2500)  # more than one batch of the build
            ]  # fmt: skip
            old.items.store_many(batch)
            assert "search_fts" not in old.db.table_names() and "search_index" not in old.db.table_names()
    with Storage.open(database) as upgraded:
        assert 17 in upgraded.db.migrated
        result = find(upgraded, "verhandlungen genf", limit=10)
        assert result.matched == 2500 and len(result.hits) == 10
        assert find(upgraded, '"tag 1234"').hits[0].title == "Meldung 1234: Verhandlungen in Genf, Tag 1234"
        assert find(upgraded, "Kurier Meldung").matched == 2500  # the outlet is indexed too


# ---------------------------------------------------------------- the answer in chats

HOSTILE = '<script>alert("x")</script> & <b>bold</b> «Ergebnis» ' + "Verhandlungen " * 40


def _result(count: int, *, more: bool = False, capped: bool = False) -> SearchResult:
    hits = tuple(
        SearchHit(
            story_id=n,
            title=HOSTILE,
            link=f"https://news.example/{'a' * 300}/{n}?utm_source=x&q=<1>",
            lang="de",
            published=DAY + n * 60,
            outlets=tuple(f"Outlet <{k}> & Co " + "x" * 60 for k in range(7)),
            reports=7,
            score=1.0,
        )
        for n in range(count)
    )
    return SearchResult("verhandl " + "genf " * 40, "iran-usa", hits, more, count * 50, capped)


@pytest.mark.parametrize(("more", "capped"), [(False, False), (True, False), (True, True)])
def test_ten_hostile_long_hits_fit_one_telegram_and_one_slack_message(more, capped):
    document = search_document(_result(10, more=more, capped=capped), "Iran–USA talks")
    html = render_html(document)
    assert check_message(html, "HTML") is None  # the strict double accepts it
    assert visible_length_utf16(document) <= 4096
    assert "<script>" not in html and "&lt;script&gt;" in html
    messages = document_messages(document)
    assert len(messages) == 1
    blocks, _ = messages[0]
    assert len(blocks) <= MAX_BLOCKS
    assert all(len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in blocks)
    assert all("<script>" not in b["text"]["text"] for b in blocks)
    text = render_plain(document)
    lines = text.splitlines()
    assert len([line for line in lines if line.startswith("• ")]) == 10
    assert lines[1].startswith("• 6 Feb 2026, 00:00 UTC · ") and lines[1].endswith(" +4")
    assert ("add words to narrow the search" in lines[-1].lower()) is more
    assert ("More than 500 reports match" in lines[-1]) is capped


def test_no_result_is_one_line():
    empty = SearchResult("genf verhandl", None, (), False, 0, False)
    assert render_plain(search_document(empty)) == "No reports match “genf verhandl”."


# ---------------------------------------------------------------- the command line


async def test_the_command_line_prints_the_stories_or_says_why_not(tmp_path):
    db = tmp_path / "cli.db"
    with Storage.open(db) as opened:
        reports = Reports(opened)
        link = reports.add("Rhein Kurier", "Verhandlungen in Genf gehen weiter", hour=10, story="genf")
        reports.add("Wire Desk", "Talks in Geneva go on", hour=11, story="genf")
        reports.add("Rhein Kurier", "Genfer Autosalon abgesagt", hour=12, topic="iran-usa", relevant=False)
    code, out, _ = await talkwatch("search", "Genf Verhandlungen", "--db", str(db))
    assert code == 0
    assert out.splitlines() == [
        "Search “genf verhandlungen”: 1 story, best match first",
        f"• 6 Feb 2026, 10:00 UTC · Verhandlungen in Genf gehen weiter <{link}> · Rhein Kurier, Wire Desk",
    ]
    code, out, _ = await talkwatch("search", "genf", "--topic", "iran-usa", "--json", "--db", str(db))
    data = json.loads(out)
    assert code == 0 and data["topic"] == "iran-usa" and not data["more"]
    assert [h["title"] for h in data["hits"]] == ["Verhandlungen in Genf gehen weiter"]
    assert data["hits"][0]["outlets"] == ["Rhein Kurier", "Wire Desk"]
    for words, code_wanted, stream, line in (
        ([], 2, "err", 'error: Search for what? Give words, a "quoted phrase", or -word to leave out.'),
        (["a"], 2, "err", "error: The search is too short: give a word of at least 2 letters or digits."),
        (['"Genf'], 2, "err", 'error: A quote is not closed: put a " at each end of a phrase, e.g. "nuclear'),
        (["Genf -Verhandlungen -Autosalon"], 1, "out", "No reports match “genf -verhandlungen -autosalon”."),
    ):
        code, out, err = await talkwatch("search", *words, "--db", str(db))
        answer = (err if stream == "err" else out).strip()
        assert code == code_wanted and answer.startswith(line) and "\n" not in answer
