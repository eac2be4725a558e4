"""`make bench`: the catalogue at scale - build time, file size and page latency over HTTP.

A synthetic catalogue of N documents (default 1,000,000) is written with the publish code paths:
catalogue.SCHEMA, the stemmed `search_index` (catalogue.build_search_index), the browse tables
(publish.browse_tables) and Datasette's inspect data. Its documents are drawn from the 20,000
commonest words of seven languages (wordfreq), with authors, subjects, years, types, countries
and sources like a national catalogue's. The same documents also go into a plain database with
an ordinary FTS5 table, as anyone would publish them.

Then p50/p95 latency over HTTP on 127.0.0.1 (bounded loops: REQUESTS per page) of search (a rare,
a mid and a very common word), a facet page, a filtered page and a row page, against:
  ours     nordcat's Datasette (publish/serve.py settings, metadata, plugins), or with --proposed
           the search path proposed in the report (publish/metadata.yml is not this file's);
  default  Datasette with default settings over the plain FTS5 table (`datasette plain.db`);
  sqlite3  the SQL our Datasette ran for the page (captured with ?_trace=1), run directly.
Targets: ours p95 at least 5x faster than default, within 1.5x of sqlite3 + 5 ms, no page at the
SQL time limit, the stemmed index built in at most 3x the plain FTS5 build.

Run: python -m benchmarks.catalogue [--documents N] [--proposed] [--workdir DIR]
(--workdir keeps the built files; a second run with the same folder measures again without building)
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import httpx
import wordfreq
import yaml

from publish import catalogue, search
from publish.browse_tables import write_browse_tables
from publish.serve import METADATA, SETTINGS, serve_command
from tests.helpers import free_port, wait_for_http

REQUESTS = 20
LANGUAGES = {"nob": "nb", "nno": "nb", "dan": "da", "swe": "sv", "fin": "fi", "isl": "is", "eng": "en"}
COUNTRIES = {"nob": "NO", "nno": "NO", "dan": "DK", "swe": "SE", "fin": "FI", "isl": "IS", "eng": "NO"}
DOC_TYPES = ["research report", "report", "working paper", "journal article", "master thesis", "book",
             "conference object", "news", "other"]
SOURCES = [f"bench-source-{n:02d}" for n in range(24)]
TITLE_WORDS, ABSTRACT_WORDS = 8, 60
PLAIN_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT, authors TEXT, year INTEGER, language TEXT, doc_type TEXT,
    publisher TEXT, abstract TEXT, subjects TEXT, country TEXT, sources TEXT, first_seen TEXT
);
CREATE VIRTUAL TABLE documents_fts USING fts5(title, abstract, authors, subjects, content='documents');
"""
PLAIN_COLUMNS = "id, title, authors, year, language, doc_type, publisher, abstract, subjects, country, sources, first_seen"


# --- synthetic catalogue ---------------------------------------------------------------------------

def vocabularies() -> dict[str, tuple[list[str], list[float]]]:
    """The 20,000 commonest words of each language with cumulative Zipf weights."""
    table = {}
    for language, code in LANGUAGES.items():
        words = [w for w, _ in zip(wordfreq.iter_wordlist(code), range(20_000)) if w.isalpha()]
        table[language] = (words, list(itertools.accumulate(1 / (rank + 10) for rank in range(len(words)))))
    return table


def synthetic_documents(size: int, seed: int = 7) -> Iterator[dict]:
    """`documents` rows by column name (columns not given stay NULL)."""
    rng = random.Random(seed)
    words_of = vocabularies()
    persons = [f"{f.capitalize()}, {g.capitalize()}" for f, g in
               zip(rng.choices(words_of["nob"][0][2000:], k=20_000), rng.choices(words_of["swe"][0][3000:], k=20_000))]
    publishers = [f"{w.capitalize()} forlag" for w in rng.sample(words_of["dan"][0][500:], 300)]
    for number in range(size):
        language = rng.choice(list(LANGUAGES))
        words, weights = words_of[language]
        draw = lambda k: rng.choices(words, cum_weights=weights, k=k)
        year = rng.randint(1990, 2025)
        sources = sorted(set(rng.choices(SOURCES, k=rng.choice((1, 1, 1, 2)))))
        yield {"id": f"w{number:08x}", "title": " ".join(draw(TITLE_WORDS)).capitalize(),
               "authors": json.dumps(rng.sample(persons, rng.randint(1, 3)), ensure_ascii=False), "year": year,
               "date_issued": str(year), "language": language, "doc_type": rng.choice(DOC_TYPES),
               "publisher": rng.choice(publishers), "issn": "[]", "isbn": "[]", "url": f"https://example.org/{number}",
               "abstract": " ".join(draw(ABSTRACT_WORDS)) + ".",
               "subjects": json.dumps([" ".join(draw(2)) for _ in range(3)], ensure_ascii=False),
               "country": COUNTRIES[language], "sources": json.dumps(sources), "first_seen": f"{year}-01-01T00:00:00Z",
               "last_seen": "2025-06-01T00:00:00Z", "match_rule": "single"}


@dataclass
class Built:
    ours: Path
    plain: Path
    seconds: dict[str, float] = field(default_factory=dict)

    def size_mb(self, path: Path) -> float:
        return path.stat().st_size / 1e6


def build(folder: Path, size: int) -> Built:
    built = Built(folder / "catalogue.db", folder / "plain.db")
    started = time.perf_counter()
    with sqlite3.connect(built.ours) as db:
        db.executescript(catalogue.SCHEMA)
        document_sources = []
        columns = catalogue.DOCUMENT_COLUMNS  # as nordcat/tables.py declares them
        insert = f"INSERT INTO documents ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        for batch in batched(synthetic_documents(size), 10_000):
            db.executemany(insert, [tuple(row.get(name) for name in columns) for row in batch])
            document_sources = [(row["id"], source, f"oai:{source}:{row['id']}", row["url"], '["title"]')
                                for row in batch for source in json.loads(row["sources"])]
            db.executemany("INSERT INTO document_sources (document_id, source, record_key, url, fields) "
                           "VALUES (?, ?, ?, ?, ?)", document_sources)
        db.executemany("INSERT INTO sources(name, title, status, health) VALUES (?, ?, 'ok', 'ok')",
                       [(s, s) for s in SOURCES])
        db.commit()
        built.seconds["documents"] = time.perf_counter() - started
        search.warm_up()
        built.seconds["stemmed index"] = timed(lambda: (catalogue.build_search_index(db), db.commit()))
        built.seconds["browse tables"] = timed(lambda: write_browse_tables(db))
    built.seconds["inspect"] = timed(lambda: catalogue._inspect(built.ours, folder / "inspect-data.json"))
    with sqlite3.connect(built.plain) as plain:
        plain.executescript(PLAIN_SCHEMA)
        plain.execute(f"ATTACH '{built.ours}' AS ours")
        plain.execute(f"INSERT INTO documents SELECT {PLAIN_COLUMNS} FROM ours.documents")
        plain.commit()
        built.seconds["plain FTS5"] = timed(lambda: (
            plain.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')"), plain.commit()))
    return built


def batched(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


# --- pages -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    name: str
    ours: str     # path and query on our Datasette
    default: str  # the same page on default Datasette over the plain table


def terms(plain: Path, size: int) -> dict[str, str]:
    """Words found in about 0.01 % and 1 % of documents, and the most common word."""
    with sqlite3.connect(plain) as db:
        db.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, documents_fts, 'row')")
        rows = db.execute("SELECT term, doc FROM vocabulary WHERE length(term) > 3 AND term GLOB '[a-z]*'").fetchall()
    closest = lambda share: min(rows, key=lambda row: abs(row[1] - share * size))[0]
    return {"rare": closest(0.0001), "mid": closest(0.01), "common": max(rows, key=lambda row: row[1])[0]}


def pages(plain: Path, size: int) -> list[Page]:
    words = terms(plain, size)
    with sqlite3.connect(plain) as db:
        row_id = db.execute("SELECT id FROM documents WHERE rowid = ?", [size // 2]).fetchone()[0]
    # table pages in Datasette's default JSON: rows, count, facets and facet suggestions, as the
    # HTML page computes them (_shape=array would skip the count and the facets)
    search_pages = [Page(f"search {kind} ({word})", f"/catalogue/search.json?q={word}",
                         f"/plain/documents.json?_search={word}") for kind, word in words.items()]
    return search_pages + [
        Page("facet (language)", "/catalogue/documents.json?_facet=language", "/plain/documents.json?_facet=language"),
        Page("filtered (language=swe)", "/catalogue/documents.json?language=swe", "/plain/documents.json?language=swe"),
        Page("row", f"/catalogue/documents/{row_id}.json", f"/plain/documents/{row_id}.json"),
    ]


# --- servers ---------------------------------------------------------------------------------------

def proposed_metadata(folder: Path) -> Path:
    """metadata.yml with the search path proposed in the report: PROPOSED_SEARCH_SQL as the canned
    query and no default facets on `documents` (facets are asked for with _facet=)."""
    metadata = yaml.safe_load(METADATA.read_text())
    tables = metadata["databases"]["catalogue"]
    tables["queries"]["search"]["sql"] = PROPOSED_SEARCH_SQL
    tables["tables"]["documents"].pop("facets")
    path = folder / "metadata-proposed.yml"
    path.write_text(yaml.safe_dump(metadata, allow_unicode=True))
    return path


# Rank over a bounded candidate set: bm25 of the first CANDIDATES matches in rowid order (FTS5
# walks its doclists in that order and stops), then highlights and snippets for the best 100
# only. A word found in fewer works is ranked exactly as before; a word found in nearly every
# work costs as much as one found in CANDIDATES, and no count of all matches is ever made.
CANDIDATES = 5000
PROPOSED_SEARCH_SQL = f"""with candidates as (
  select rowid as doc_rowid, bm25(search_index, 5.0, 1.0, 2.0, 2.0, 1.0, 0.3) as rank
  from search_index
  -- columns: title, abstract, subjects, authors, fulltext, compound parts
  where search_index match nordic_match(:q)
  order by rowid
  limit {CANDIDATES}
),
best as (select doc_rowid, rank from candidates order by rank limit 100),
hits as (
  select
    best.doc_rowid,
    best.rank,
    highlight(search_index, 0, '<mark>', '</mark>') as title_highlighted,
    snippet(search_index, 1, '<mark>', '</mark>', '…', 24) as abstract_snippet,
    snippet(search_index, 4, '<mark>', '</mark>', '…', 24) as text_snippet
  from best join search_index on search_index.rowid = best.doc_rowid
  where search_index match nordic_match(:q)
)
select
  documents.id,
  hits.title_highlighted,
  case when instr(hits.text_snippet, '<mark>') and not instr(coalesce(hits.abstract_snippet, ''), '<mark>')
       then hits.text_snippet else coalesce(hits.abstract_snippet, hits.text_snippet) end as snippet,
  documents.title,
  documents.authors,
  documents.year,
  documents.language,
  documents.doc_type,
  documents.publisher,
  documents.url,
  hits.rank
from hits join documents on documents.rowid = hits.doc_rowid
order by hits.rank"""


@contextlib.contextmanager
def datasette(command: list[str], base: str) -> Iterator[str]:
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_http(f"{base}/-/versions.json", timeout=300)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def ours_command(folder: Path, metadata: Path, port: int) -> list[str]:
    return serve_command(folder, "127.0.0.1", port, metadata, {"trace_debug": "on"})


def default_command(plain: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", str(plain), "--host", "127.0.0.1", "--port", str(port)]


# --- measuring -------------------------------------------------------------------------------------

@dataclass
class Latency:
    p50: float  # seconds
    p95: float
    failures: int


def over_http(base: str, path: str) -> Latency:
    timings, failures = [], 0
    with httpx.Client(base_url=base, timeout=60) as client:
        client.get(path)  # the first request of a page kind fills SQLite's page cache
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - started)
            failures += response.status_code != 200
    return latency(timings, failures)


def latency(timings: list[float], failures: int = 0) -> Latency:
    ordered = sorted(timings)
    return Latency(statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)],
                   failures)


def traced_sql(base: str, path: str) -> list[tuple[str, dict | list]]:
    """The SQL statements Datasette ran for a page, with their parameters."""
    separator = "&" if "?" in path else "?"
    data = httpx.get(f"{base}{path}{separator}_trace=1", timeout=60).json()
    return [(trace["sql"], trace["params"] or []) for trace in data["_trace"]["traces"]
            if trace.get("database") == "catalogue" and trace.get("sql") and not trace["sql"].lstrip().lower().startswith(("pragma", "explain"))]


def direct(catalogue_path: Path, statements: list[tuple[str, dict | list]]) -> Latency:
    db = sqlite3.connect(f"file:{catalogue_path}?immutable=1", uri=True)
    db.create_function("nordic_match", 1, search.match_expression, deterministic=True)
    run = lambda: [db.execute(sql, params).fetchall() for sql, params in statements]
    run()
    return latency([timed(run) for _ in range(REQUESTS)])


# --- report ----------------------------------------------------------------------------------------

def print_build(size: int, built: Built) -> None:
    print(f"\nsynthetic catalogue: {size:,} documents")
    for step, seconds in built.seconds.items():
        print(f"  {step:15} {seconds:8.1f} s")
    ratio = built.seconds["stemmed index"] / built.seconds["plain FTS5"]
    print(f"  stemmed / plain FTS5 build: {ratio:.1f}x (target <= 3x) {'ok' if ratio <= 3 else 'MISSED'}")
    print(f"  catalogue.db {built.size_mb(built.ours):,.0f} MB; plain.db {built.size_mb(built.plain):,.0f} MB")


def print_latencies(rows: list[tuple[Page, Latency, Latency, Latency]]) -> None:
    limit = SETTINGS["sql_time_limit_ms"] / 1000
    print(f"\n{'page':32} {'ours p50/p95 ms':>17} {'default p50/p95':>17} {'sqlite3 p50/p95':>17}"
          f" {'default/ours':>12} {'ours/(1.5 sqlite3+5ms)':>23}  verdict")
    for page, ours, default, sql in rows:
        speedup = default.p95 / ours.p95
        closeness = ours.p95 / (1.5 * sql.p95 + 0.005)
        ok = speedup >= 5 and closeness <= 1 and ours.p95 < limit and not ours.failures
        print(f"{page.name:32} {ms(ours):>17} {ms(default):>17} {ms(sql):>17} {speedup:11.1f}x "
              f"{closeness:22.2f}x  {'ok' if ok else 'MISSED'}"
              f"{f' ({ours.failures} failed)' if ours.failures else ''}")
    print(f"targets: default/ours >= 5x; ours/(1.5 sqlite3 + 5 ms) <= 1 (p95s); no page at the {limit:.0f} s limit")


def ms(value: Latency) -> str:
    return f"{value.p50 * 1000:.0f}/{value.p95 * 1000:.0f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--proposed", action="store_true", help="serve the proposed search path (see the report)")
    parser.add_argument("--workdir", type=Path, help="build here and keep the files (default: a temporary folder)")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        folder = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nordcat-bench-")))
        folder.mkdir(parents=True, exist_ok=True)
        built = build(folder, args.documents) if not (folder / "plain.db").exists() else Built(
            folder / "catalogue.db", folder / "plain.db")
        if built.seconds:
            print_build(args.documents, built)
        metadata = proposed_metadata(folder) if args.proposed else METADATA
        ours_port, default_port = free_port(), free_port()
        ours_base = stack.enter_context(datasette(ours_command(folder, metadata, ours_port),
                                                  f"http://127.0.0.1:{ours_port}"))
        default_base = stack.enter_context(datasette(default_command(built.plain, default_port),
                                                     f"http://127.0.0.1:{default_port}"))
        rows = []
        for page in pages(built.plain, args.documents):
            rows.append((page, over_http(ours_base, page.ours), over_http(default_base, page.default),
                         direct(built.ours, traced_sql(ours_base, page.ours))))
            print(f"  measured {page.name}", file=sys.stderr, flush=True)
        print(f"\nlatency over HTTP, {REQUESTS} requests per page, search path: "
              f"{'proposed' if args.proposed else 'as in publish/metadata.yml'}")
        print_latencies(rows)


if __name__ == "__main__":
    main()
