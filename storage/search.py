"""The full-text index of every stored report, and searches over it, grouped by story.

Each report is indexed as the tokens of its headline, lede and outlet after the matcher's
normalisation (``bot.news.search_query.tokens``: a pure module that imports nothing of
storage), so a query read the same way matches in every language and spelling:

- SQLite: an FTS5 table without content of its own (``content=''``: only the index,
  the text stays in ``items``), one row per item (its rowid is the item's id), the
  columns headline, lede and outlet. Its tokenizer is ``ascii``, which cuts only at
  ASCII punctuation and white space and keeps every other character as it is: the
  tokens were made in Python, one space apart, and the index holds exactly those
  (``unicode61`` would apply its own, older Unicode tables a second time).
- PostgreSQL: a table ``search_index`` (item id, tsvector) with a GIN index. The tsvector
  is written as a literal of the same tokens with their positions and weights (headline
  A, lede B, outlet C): what ``to_tsvector('simple', …)`` makes of them, without the
  server's parser or locale in between. Prefixes are ``:*``, phrases ``<->``.

A row is written in the transaction that stores its item (``ItemRepository``); items are
never changed or deleted afterwards. Migration 17 builds the index for the items stored
before it.

Ranking: FTS5's bm25 and PostgreSQL's ts_rank, headline above outlet above lede; equal
scores go to the newer report. A query that matches more than ``WINDOW`` reports ranks the
newest ``WINDOW`` of them (it says so: ``capped``), which bounds what ranking costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.news.search_query import SearchQuery, Term, tokens
from bot.records import NewItem, SearchHit, SearchResult
from storage.engine import Engine

# A query matching more reports ranks the newest this many (bm25 and ts_rank cost a
# little for every row they score; the newest reports are the ones a newsroom wants).
WINDOW = 5000
# The best reports read first to find the best stories (more when too few stories are
# among them: a story of many reports).
_TOP = 200
# PostgreSQL keeps at most 256 positions per lexeme and positions up to 16,383.
_PG_POSITIONS = 255
_PG_LAST_POSITION = 16383
# Column weights: bm25 takes one per column (headline, lede, outlet); ts_rank one per
# weight letter, {D, C, B, A} (outlet C, lede B, headline A).
_BM25 = "bm25(search_fts, 4.0, 1.0, 2.0)"
_TS_WEIGHTS = "CAST('{0.1, 0.5, 0.25, 1.0}' AS real[])"


def create_index(db: Engine) -> None:
    """The index's tables (migration 17)."""
    if db.dialect == "sqlite":
        db.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(headline, lede, outlet, "
            "content='', tokenize='ascii', detail='full')"
        )
    else:
        db.execute(
            "CREATE TABLE search_index (item_id BIGINT PRIMARY KEY REFERENCES items(id), "
            "doc TSVECTOR NOT NULL)"
        )
        db.execute("CREATE INDEX search_index_doc ON search_index USING GIN (doc)")


def _tsvector(headline: list[str], lede: list[str], outlet: list[str]) -> str:
    """A tsvector literal: each token with its positions and its column's weight. A
    position is left empty between the columns, so a phrase never runs from one to the next."""
    positions: dict[str, list[str]] = {}
    at = 1
    for weight, words in (("A", headline), ("B", lede), ("C", outlet)):
        for word in words:
            if at > _PG_LAST_POSITION:
                break
            seen = positions.setdefault(word, [])
            if len(seen) < _PG_POSITIONS:
                seen.append(f"{at}{weight}")
            at += 1
        at += 1
    # Tokens are letters and digits only: no quote or backslash to escape.
    return " ".join(f"'{word}':{','.join(at)}" for word, at in positions.items())


def _fts5_term(term: Term) -> str:
    forms = [f'"{" ".join(form)}"' + ("*" if term.prefix else "") for form in term.forms]
    return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"


def fts5_query(query: SearchQuery) -> str:
    """The query in FTS5's syntax: every token quoted, prefixes ``*``, ``NOT`` for exclusions."""
    expression = " AND ".join(_fts5_term(t) for t in query.include)
    if query.exclude:
        expression = f"({expression}) NOT ({' OR '.join(_fts5_term(t) for t in query.exclude)})"
    return expression


def _tsquery_term(term: Term) -> str:
    forms = []
    for form in term.forms:
        words = [f"'{word}'" for word in form]
        if term.prefix:
            words[-1] += ":*"
        forms.append("(" + " <-> ".join(words) + ")")
    return "(" + " | ".join(forms) + ")"


def tsquery(query: SearchQuery) -> str:
    """The query as a tsquery literal: ``&`` between terms, ``:*`` prefixes, ``!`` exclusions."""
    parts = [_tsquery_term(t) for t in query.include] + [f"!{_tsquery_term(t)}" for t in query.exclude]
    return " & ".join(parts)


class SearchIndex:
    """Writes the index as items are stored, builds it for stored items, and searches it."""

    def __init__(self, db: Engine) -> None:
        self.db = db

    # ---------------------------------------------------------------- writing

    def add(self, rows: Sequence[tuple[int, str, str, str]]) -> None:
        """Index reports: (item id, headline, lede, outlet) each, as stored (inside the
        caller's transaction)."""
        if not rows:
            return
        if self.db.dialect == "sqlite":
            self.db.insert_rows(
                "INSERT INTO search_fts (rowid, headline, lede, outlet)",
                [
                    (item_id, " ".join(tokens(title)), " ".join(tokens(summary)), " ".join(tokens(outlet)))
                    for item_id, title, summary, outlet in rows
                ],
            )
        else:
            self.db.insert_rows(
                "INSERT INTO search_index (item_id, doc)",
                [
                    (item_id, _tsvector(tokens(title), tokens(summary), tokens(outlet)))
                    for item_id, title, summary, outlet in rows
                ],
            )

    def add_items(self, stored: Sequence[tuple[int, NewItem]]) -> None:
        """Index items just stored (their ids and what was stored), with their feeds' names
        (inside the caller's transaction)."""
        if not stored:
            return
        feed_ids = sorted({item.feed_id for _, item in stored})
        marks = ",".join("?" * len(feed_ids))
        rows = self.db.query(f"SELECT id, name FROM feeds WHERE id IN ({marks})", feed_ids)
        names = {r["id"]: r["name"] for r in rows}
        self.add([(i, item.title, item.summary, names.get(item.feed_id, "")) for i, item in stored])

    def highest(self) -> int:
        """The highest item id indexed (0: none)."""
        sqlite = self.db.dialect == "sqlite"
        table, column = ("search_fts", "rowid") if sqlite else ("search_index", "item_id")
        row = self.db.one(f"SELECT {column} AS id FROM {table} ORDER BY {column} DESC LIMIT 1")
        return 0 if row is None else int(row["id"])

    def build(self, batch: int = 2000) -> int:
        """Index every stored item after the highest one indexed (all of them in migration 17);
        the number indexed."""
        done = 0
        last = self.highest()
        while True:
            rows = self.db.query(
                "SELECT items.id, items.title, items.summary, feeds.name FROM items "
                "JOIN feeds ON feeds.id = items.feed_id WHERE items.id > ? ORDER BY items.id LIMIT ?",
                [last, batch],
            )
            if not rows:
                break
            self.add([(r["id"], r["title"], r["summary"], r["name"]) for r in rows])
            done += len(rows)
            last = rows[-1]["id"]
        if done and self.db.dialect == "sqlite":
            # One b-tree instead of the many segments a bulk insert leaves: faster queries.
            self.db.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        return done

    # ---------------------------------------------------------------- searching

    def _ranked(self, query: SearchQuery, topic: str | None, top: int) -> tuple[list[tuple[int, float]], int]:
        """The ``top`` best matching reports, (item id, score) best first, of the newest
        WINDOW + 1 that match; and how many of those there were (WINDOW + 1: more)."""
        if self.db.dialect == "sqlite":
            # The index is read newest first (rowid order, no sort) and stops after the
            # window: bm25 is worked out only for the reports in it. CROSS JOIN keeps
            # SQLite from starting at the topic's matches instead.
            on_topic = (
                "CROSS JOIN matches AS m ON m.item_id = search_fts.rowid AND m.topic = ? AND m.relevant = 1 "
                if topic
                else ""
            )
            sql = (
                "SELECT item_id, score, COUNT(*) OVER () AS matched, MIN(item_id) OVER () AS oldest FROM "
                f"(SELECT search_fts.rowid AS item_id, -{_BM25} AS score FROM search_fts {on_topic}"
                "WHERE search_fts MATCH ? ORDER BY search_fts.rowid DESC LIMIT ?) "
                "ORDER BY score DESC, item_id DESC LIMIT ?"
            )
            params: list[Any] = [*([topic] if topic else []), fts5_query(query), WINDOW + 1, top]
        else:
            on_topic = (
                "JOIN matches AS m ON m.item_id = s.item_id AND m.topic = ? AND m.relevant = 1 "
                if topic
                else ""
            )
            text = tsquery(query)
            # Every match from the GIN index (OFFSET 0 keeps the planner from reading the
            # table newest first instead, matching row after row: it undervalues what matching
            # a row costs, and for a word found in one report in a hundred read them all),
            # the newest WINDOW + 1 of them, then ts_rank over those alone.
            sql = (
                f"SELECT w.item_id, ts_rank({_TS_WEIGHTS}, w.doc, CAST(? AS tsquery)) AS score, "
                "COUNT(*) OVER () AS matched, MIN(w.item_id) OVER () AS oldest FROM "
                f"(SELECT f.item_id, f.doc FROM (SELECT s.item_id, s.doc FROM search_index AS s {on_topic}"
                "WHERE s.doc @@ CAST(? AS tsquery) OFFSET 0) AS f "
                "ORDER BY f.item_id DESC LIMIT ?) AS w ORDER BY score DESC, w.item_id DESC LIMIT ?"
            )
            params = [text, *([topic] if topic else []), text, WINDOW + 1, top]
        rows = self.db.query(sql, params)
        if not rows:
            return [], 0
        matched = int(rows[0]["matched"])
        # The one report past the window only says that there were more: it is not ranked.
        past = int(rows[0]["oldest"]) if matched > WINDOW else None
        return [(int(r["item_id"]), float(r["score"])) for r in rows if r["item_id"] != past], matched

    def _placed(self, item_ids: list[int], topic: str | None) -> dict[int, tuple[float, int | None]]:
        """Each report's time (published, else fetched) and story (the topic's, else its
        lowest story id; None: it is in no story)."""
        on_topic = "AND m.topic = ? " if topic else ""
        placed: dict[int, tuple[float, int | None]] = {}
        for start in range(0, len(item_ids), 500):
            chunk = item_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.query(
                "SELECT items.id, COALESCE(items.published_at, items.fetched_at) AS moment, "
                "(SELECT MIN(m.story_id) FROM matches AS m WHERE m.item_id = items.id "
                f"{on_topic}AND m.relevant = 1) AS story_id FROM items WHERE items.id IN ({marks})",
                [*([topic] if topic else []), *chunk],
            ):
                story = r["story_id"]
                placed[int(r["id"])] = (float(r["moment"]), None if story is None else int(story))
        return placed

    def find(self, query: SearchQuery, topic: str | None = None, limit: int = 10) -> SearchResult:
        """The stories whose reports match best, at most ``limit`` (``more`` says whether
        there were more), within one topic's reports or over every stored report."""
        if self.db.dialect == "sqlite":
            return self._find(query, topic, limit)
        with self.db.atomic():
            # Each search planned for its own words: psycopg prepares a statement it has run
            # five times, and PostgreSQL's generic plan for "doc @@ $1" (a backward scan of
            # every row, in case the words are common) took a rare word from 4 to 164 ms.
            self.db.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            return self._find(query, topic, limit)

    def _find(self, query: SearchQuery, topic: str | None, limit: int) -> SearchResult:
        top = max(_TOP, 4 * limit)
        while True:
            ranked, matched = self._ranked(query, topic, top)
            placed = self._placed([item_id for item_id, _ in ranked], topic)
            # Best first; equal scores: the newer report (published, else fetched) first.
            ranked.sort(key=lambda r: (-r[1], -placed[r[0]][0], -r[0]))
            # Stories in the order of their best report; a report of no story stands alone.
            groups: dict[tuple[str, int], float] = {}
            for item_id, score in ranked:
                story = placed[item_id][1]
                groups.setdefault(("story", story) if story is not None else ("item", item_id), score)
            # Enough stories, or every report in the window seen: else look further down.
            if len(groups) > limit or len(ranked) >= min(matched, WINDOW):
                break
            top *= 8
        capped = matched > WINDOW
        hits = self._hits(query, list(groups.items())[:limit])
        more = len(groups) > limit or capped
        return SearchResult(query.shown, topic, tuple(hits), more, min(matched, WINDOW), capped)

    def _hits(self, query: SearchQuery, chosen: list[tuple[tuple[str, int], float]]) -> list[SearchHit]:
        """Each chosen story's first matching report (time, headline, link) and its outlets."""
        story_ids = [key for (kind, key), _ in chosen if kind == "story"]
        item_ids = [key for (kind, key), _ in chosen if kind == "item"]
        columns = (
            "items.id, items.title, items.summary, items.link, items.lang, feeds.name AS outlet, "
            "COALESCE(items.published_at, items.fetched_at) AS moment"
        )
        reports: dict[tuple[str, int], list[dict[str, Any]]] = {}
        if story_ids:
            marks = ",".join("?" * len(story_ids))
            for row in self.db.query(
                f"SELECT DISTINCT matches.story_id, {columns} FROM matches "
                "JOIN items ON items.id = matches.item_id JOIN feeds ON feeds.id = items.feed_id "
                f"WHERE matches.story_id IN ({marks}) AND matches.relevant = 1 ORDER BY moment, items.id",
                story_ids,
            ):
                reports.setdefault(("story", row["story_id"]), []).append(row)
        if item_ids:
            marks = ",".join("?" * len(item_ids))
            for row in self.db.query(
                f"SELECT {columns} FROM items JOIN feeds ON feeds.id = items.feed_id "
                f"WHERE items.id IN ({marks})",
                item_ids,
            ):
                reports[("item", row["id"])] = [row]

        def matches(report: dict[str, Any]) -> bool:
            return query.matches(
                [tokens(report["title"]), tokens(report["summary"]), tokens(report["outlet"])]
            )

        hits = []
        for key, score in chosen:
            group = reports.get(key)
            if not group:  # a story's reports are never deleted; nothing to show if they were
                continue
            # The story's earliest report that matches (else its first: one of them matched).
            first = next((r for r in group if matches(r)), group[0])
            hits.append(
                SearchHit(
                    story_id=key[1] if key[0] == "story" else None,
                    title=first["title"],
                    link=first["link"],
                    lang=first["lang"],
                    published=float(first["moment"]),
                    outlets=tuple(dict.fromkeys(r["outlet"] for r in group)),
                    reports=len(group),
                    score=score,
                )
            )
        return hits
