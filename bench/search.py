"""Search benchmark: /search over an archive of a million reports, on SQLite and PostgreSQL.

    python3 -m bench.search [--reports 1000000] [--pg-reports N] [--queries 300]
                            [--like-queries 20] [--insert-sample 20000]
                            [--backends sqlite,postgresql]

Builds an archive of ``--reports`` synthetic reports in five languages
(``bench/search_corpus.py``: a deterministic seed; about one in twelve on the talks,
grouped into stories) the way the bot stores them (``ItemRepository.store_many``, 500
items a transaction, the index written in the same transaction), then measures:

- query time: ``--queries`` searches across the five languages (two words and one, phrases,
  prefixes, exclusions, other spellings, common and rare words, words found nowhere), each
  through ``SearchIndex.find`` as /search runs it (parse, rank, group by story, the hits'
  outlets): median, p99 and slowest, after a warm-up pass over the first 20;
- the naive way, side by side: a ``LIKE '%word%'`` scan of headline, lede and outlet
  (``ILIKE`` on PostgreSQL), newest first, for the first ``--like-queries`` of the same
  searches only — each reads every report;
- the insert cost the index adds: ``--insert-sample`` more reports stored in batches of 500,
  alternately with the index written and without it (the same code, the index switched
  off), per report;
- the database's growth: its size, and the index's part of it (SQLite: the FTS5 tables'
  pages from ``dbstat``; PostgreSQL: ``pg_total_relation_size`` of ``search_index``).

PostgreSQL runs on a throwaway server on the same machine (``tests/helpers/pgserver.py``);
``--pg-reports`` builds it smaller when a million would take too long.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.search_corpus import Report, queries, reports
from bot.news.search_query import QueryError, parse_query
from bot.records import AlertPayload, MatchRecord, NewItem
from storage import Storage
from tests.helpers.pgserver import PostgresServer

BATCH = 500
WARM_UP = 20


def _feeds(storage: Storage, corpus: list[Report]) -> dict[str, int]:
    outlets = sorted({r.outlet for r in corpus})
    return {
        name: storage.feeds.ensure(f"https://outlet{n}.example/rss", name, None).id
        for n, name in enumerate(outlets)
    }


def store(
    storage: Storage, corpus: list[Report], first: int, feeds: dict[str, int], stories: dict[int, int]
) -> None:
    """Store ``corpus`` (report number ``first`` on) as the ingestor does, BATCH a transaction."""
    for start in range(0, len(corpus), BATCH):
        batch: list[tuple[NewItem, list[MatchRecord], dict[str, AlertPayload]]] = []
        provisional: dict[int, int] = {}
        for offset, r in enumerate(corpus[start : start + BATCH]):
            n = first + start + offset
            story_id = None
            if r.story is not None:
                story_id = stories.get(r.story) or provisional.setdefault(r.story, -1 - len(provisional))
            link = f"https://outlet.example/{n}"
            item = NewItem(
                feeds[r.outlet], r.title, r.summary, link, link, None, r.lang, r.published, (f"g:{n}",)
            )
            match = MatchRecord(
                "iran-usa", r.story is not None, 3.0 if r.story else 0.0, (), "", r.lang, story_id
            )
            batch.append((item, [match], {}))
        made = storage.items.store_many(batch).stories
        for story, temporary in provisional.items():
            stories[story] = made[temporary]


def sizes(storage: Storage) -> tuple[int, int]:
    """The database's size and the index's part of it, in bytes."""
    db = storage.db
    if db.dialect == "sqlite":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        total = db.one("SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()")
        index = db.one("SELECT SUM(pgsize) AS n FROM dbstat WHERE name LIKE 'search_fts%'")
    else:
        db.execute("VACUUM ANALYZE")
        total = db.one("SELECT pg_database_size(current_database()) AS n")
        index = db.one("SELECT pg_total_relation_size('search_index') AS n")
    assert total is not None and index is not None
    return int(total["n"]), int(index["n"] or 0)


def _terms(text: str) -> list[tuple[bool, str]]:
    """The naive reading of a query: (excluded, text) for each word and quoted phrase."""
    return [
        (bool(a or c), (b or d).lower())
        for a, b, c, d in re.findall(r'(-?)"([^"]*)"|(-?)(\S+)', text)
        if (b or d).strip()
    ]


def like_search(storage: Storage, text: str) -> list[int]:
    """The naive way: every report whose headline, lede or outlet holds every word (LIKE)."""
    db = storage.db
    op = "LIKE" if db.dialect == "sqlite" else "ILIKE"
    where, params = [], []
    for excluded, term in _terms(text):
        pattern = "%" + term.replace("%", "").replace("_", "") + "%"
        clause = f"(items.title {op} ? OR items.summary {op} ? OR feeds.name {op} ?)"
        where.append(f"NOT {clause}" if excluded else clause)
        params += [pattern] * 3
    rows = db.query(
        "SELECT items.id FROM items JOIN feeds ON feeds.id = items.feed_id "
        f"WHERE {' AND '.join(where) or '1 = 1'} "
        "ORDER BY COALESCE(items.published_at, items.fetched_at) DESC LIMIT 10",
        params,
    )
    return [r["id"] for r in rows]


def timed(run: Callable[[str], object], texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        run(text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench(database: str | Path, count: int, args: argparse.Namespace) -> dict[str, object]:
    corpus = reports(count + args.insert_sample)
    archive, extra = corpus[:count], corpus[count:]
    storage = Storage.open(database)
    try:
        feeds = _feeds(storage, corpus)
        stories: dict[int, int] = {}
        started = time.perf_counter()
        store(storage, archive, 0, feeds, stories)
        build = time.perf_counter() - started
        if storage.db.dialect == "sqlite":
            storage.db.execute("PRAGMA optimize")
        else:
            storage.db.execute("ANALYZE")
        total, index = sizes(storage)

        searches = queries(args.queries, archive[:: max(1, len(archive) // 20_000)])
        search = storage.search

        def find(text: str) -> object:
            try:
                return search.find(parse_query(text))
            except QueryError:
                return None

        timed(find, searches[:WARM_UP])
        query_ms = timed(find, searches)
        found = [find(text) for text in searches]
        empty = sum(1 for f in found if f is None or not getattr(f, "hits", ()))
        like_ms = timed(lambda text: like_search(storage, text), searches[: args.like_queries])

        # Insert cost: the same batches alternately with the index written and without it.
        with_ms: list[float] = []
        without_ms: list[float] = []
        index_writer = storage.items.search
        for n, start in enumerate(range(0, len(extra), BATCH)):
            chunk = extra[start : start + BATCH]
            on = n % 2 == 0
            storage.items.search = index_writer if on else None
            began = time.perf_counter()
            store(storage, chunk, count + start, feeds, stories)
            per_item = (time.perf_counter() - began) * 1000 / len(chunk)
            (with_ms if on else without_ms).append(per_item)
        storage.items.search = index_writer
        return {
            "reports": count,
            "build_s": build,
            "total": total,
            "index": index,
            "query_ms": query_ms,
            "slowest": sorted(zip(query_ms, searches, strict=True), reverse=True)[:5],
            "empty": empty,
            "like_ms": like_ms,
            "insert_with_ms": statistics.median(with_ms) if with_ms else float("nan"),
            "insert_without_ms": statistics.median(without_ms) if without_ms else float("nan"),
        }
    finally:
        storage.close()


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--reports", type=int, default=1_000_000, help="reports in the archive (default 1,000,000)"
    )
    parser.add_argument("--pg-reports", type=int, help="reports on PostgreSQL (default: --reports)")
    parser.add_argument("--queries", type=int, default=300, help="searches timed (default 300)")
    parser.add_argument(
        "--like-queries", type=int, default=20, help="of them, run as LIKE scans (default 20)"
    )
    parser.add_argument("--insert-sample", type=int, default=20_000, help="reports stored to time inserts")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated (default both)")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    results: list[tuple[str, dict[str, object]]] = []
    with tempfile.TemporaryDirectory(prefix="talkwatch-search-") as folder:
        if "sqlite" in backends:
            print(f"SQLite: building {args.reports:,} reports …", flush=True)
            results.append(("SQLite", bench(Path(folder) / "search.db", args.reports, args)))
        if "postgresql" in backends:
            server = PostgresServer()
            server.start()
            try:
                count = args.pg_reports or args.reports
                print(f"PostgreSQL: building {count:,} reports …", flush=True)
                results.append(("PostgreSQL", bench(server.new_database(), count, args)))
            finally:
                server.stop()

    print()
    print(
        f"{dt.date.today():%d %b %Y}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{args.queries} searches ({WARM_UP} warm-up), LIKE for the first {args.like_queries}"
    )
    print()
    print("| database | reports | way | searches | median | p99 | slowest |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for name, r in results:
        q = r["query_ms"]
        like = r["like_ms"]
        assert isinstance(q, list) and isinstance(like, list)
        way = "FTS5, bm25" if name == "SQLite" else "GIN, ts_rank"
        print(
            f"| {name} | {r['reports']:,} | index ({way}) | {len(q)} | {statistics.median(q):.1f} ms | "
            f"{percentile(q, 0.99):.1f} ms | {max(q):.1f} ms |"
        )
        if like:
            scans = f"| {name} | {r['reports']:,} | LIKE scan"
            print(
                f"{scans} | {len(like)} | {statistics.median(like):,.0f} ms | "
                f"{percentile(like, 0.99):,.0f} ms | {max(like):,.0f} ms |"
            )
    print()
    print(
        "| database | reports | build (with index) | insert per report: with index | without | size "
        "| of it the index |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results:
        total, index = r["total"], r["index"]
        assert isinstance(total, int) and isinstance(index, int)
        with_ms, without_ms = r["insert_with_ms"], r["insert_without_ms"]
        assert isinstance(with_ms, float) and isinstance(without_ms, float)
        print(
            f"| {name} | {r['reports']:,} | {r['build_s']:,.0f} s | {with_ms * 1000:.0f} µs | "
            f"{without_ms * 1000:.0f} µs (+{(with_ms - without_ms) * 1000:.0f} µs) | {mib(total)} | "
            f"{mib(index)} (without: {mib(total - index)}, +{index / max(1, total - index):.0%}) |"
        )
    for name, r in results:
        print(f"{name}: {r['empty']} of {len(r['query_ms'])} searches found nothing")  # type: ignore[arg-type]
        slowest = ", ".join(f"{text} ({ms:.0f} ms)" for ms, text in r["slowest"])  # type: ignore[attr-defined]
        print(f"{name}: slowest searches: {slowest}")


if __name__ == "__main__":
    main()
