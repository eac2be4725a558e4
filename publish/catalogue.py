"""Write the read-only SQLite catalogue that Datasette serves, from the warehouse.

The file is built under a temporary name beside the old one and renamed over it, so a reader
sees the old catalogue or the new one, never a half-written file. Rows are copied in batches
(executemany over Arrow batches), never one statement per row.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from nordcat.sources import Source
from publish import search
from publish.browse_tables import write_browse_tables
from publish.downloads import write_downloads
from warehouse.store import Warehouse

DOCUMENT_COLUMNS = ("id", "title", "authors", "year", "date_issued", "language", "doc_type", "publisher",
                    "series", "series_number", "issn", "isbn", "doi", "handle", "url", "fulltext_url",
                    "abstract", "subjects", "country", "sources", "first_seen", "last_seen", "match_rule", "match_score")

SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT, authors TEXT, year INTEGER, date_issued TEXT, language TEXT,
    doc_type TEXT, publisher TEXT, series TEXT, series_number TEXT, issn TEXT, isbn TEXT, doi TEXT,
    handle TEXT, url TEXT, fulltext_url TEXT, abstract TEXT, subjects TEXT, country TEXT,
    sources TEXT, first_seen TEXT, last_seen TEXT, match_rule TEXT, match_score REAL
);
CREATE INDEX documents_year ON documents(year);
CREATE INDEX documents_language ON documents(language);
CREATE INDEX documents_doc_type ON documents(doc_type);
CREATE INDEX documents_country ON documents(country);
CREATE INDEX documents_publisher ON documents(publisher);
CREATE TABLE document_sources (
    document_id TEXT NOT NULL REFERENCES documents(id), source TEXT NOT NULL REFERENCES sources(name),
    record_key TEXT NOT NULL, url TEXT, fields TEXT NOT NULL
);
CREATE INDEX document_sources_document ON document_sources(document_id);
CREATE INDEX document_sources_source ON document_sources(source);
CREATE TABLE sources (
    name TEXT PRIMARY KEY, title TEXT, publisher TEXT, country TEXT, kind TEXT, url TEXT,
    licence TEXT, enabled INTEGER, evidence TEXT, status TEXT, health TEXT, last_run TEXT,
    last_success TEXT, records INTEGER, documents INTEGER, last_error TEXT
);
CREATE TABLE crawl_runs (
    run_id TEXT, source TEXT, kind TEXT, started_at TEXT, ended_at TEXT, status TEXT,
    records_seen INTEGER, records_new INTEGER, records_changed INTEGER, records_deleted INTEGER,
    records_held INTEGER, pages INTEGER, parse_failures INTEGER, error TEXT, harvest_from TEXT,
    response_date TEXT, PRIMARY KEY (run_id, source)
);
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, abstract, authors, subjects, content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE document_texts (
    document_id TEXT PRIMARY KEY REFERENCES documents(id), text TEXT NOT NULL
);
CREATE TABLE document_fulltexts (
    document_id TEXT PRIMARY KEY REFERENCES documents(id), url TEXT NOT NULL, pages INTEGER, bytes INTEGER,
    sha256 TEXT
);
CREATE TABLE persons (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, family TEXT NOT NULL, given TEXT, orcid TEXT, cristin_id TEXT,
    works INTEGER NOT NULL
);
CREATE INDEX persons_family ON persons(family);
CREATE INDEX persons_orcid ON persons(orcid);
CREATE TABLE document_persons (
    document_id TEXT NOT NULL REFERENCES documents(id), person_id TEXT NOT NULL REFERENCES persons(id),
    role TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (document_id, role, position)
);
CREATE INDEX document_persons_person ON document_persons(person_id);
CREATE TABLE organisations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT, aliases TEXT NOT NULL, works INTEGER NOT NULL
);
CREATE TABLE document_organisations (
    document_id TEXT NOT NULL REFERENCES documents(id), organisation_id TEXT NOT NULL REFERENCES organisations(id),
    role TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (document_id, organisation_id, role)
);
CREATE INDEX document_organisations_organisation ON document_organisations(organisation_id);
CREATE TABLE document_places (
    document_id TEXT NOT NULL REFERENCES documents(id), place_code TEXT NOT NULL, country TEXT NOT NULL,
    name TEXT NOT NULL, lat REAL, lon REAL, PRIMARY KEY (document_id, country, place_code)
);
CREATE INDEX document_places_place ON document_places(country, place_code);
CREATE TABLE document_topics (
    document_id TEXT NOT NULL REFERENCES documents(id), topic TEXT NOT NULL, PRIMARY KEY (document_id, topic)
);
CREATE INDEX document_topics_topic ON document_topics(topic);
CREATE TABLE cases (
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id), name TEXT, description TEXT NOT NULL,
    model TEXT, period TEXT, target_group TEXT, outcomes TEXT NOT NULL, place_code TEXT, place_name TEXT,
    country TEXT, lat REAL, lon REAL, method TEXT NOT NULL, confidence REAL NOT NULL
);
CREATE INDEX cases_document ON cases(document_id);
CREATE INDEX cases_model ON cases(model);
CREATE TABLE case_partners (
    case_id TEXT NOT NULL REFERENCES cases(id), position INTEGER NOT NULL, name TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id), sector TEXT NOT NULL, role TEXT,
    PRIMARY KEY (case_id, position)
);
CREATE INDEX case_partners_organisation ON case_partners(organisation_id);
"""

# Tables copied as they are from the warehouse, in a fixed order. (Their primary keys, which
# open with document_id, index that foreign key; the other foreign keys have indexes of their own.)
COPIED_TABLES = {
    "persons": "SELECT id, name, family, given, orcid, cristin_id, works FROM persons ORDER BY id",
    "document_persons": "SELECT document_id, person_id, role, position FROM document_persons ORDER BY ALL",
    "organisations": "SELECT id, name, country, aliases, works FROM organisations ORDER BY id",
    "document_organisations": "SELECT document_id, organisation_id, role, name FROM document_organisations ORDER BY ALL",
    "document_places": "SELECT document_id, place_code, country, name, lat, lon FROM document_places ORDER BY ALL",
    "document_topics": "SELECT document_id, topic FROM document_topics ORDER BY ALL",
    "cases": """SELECT id, document_id, name, description, model, period, target_group, outcomes, place_code, place_name,
                       country, lat, lon, method, confidence FROM cases ORDER BY id""",
    "case_partners": "SELECT case_id, position, name, organisation_id, sector, role FROM case_partners ORDER BY ALL",
}

# The stemmed index (see publish/search.py). Its external content is a view, not `documents`:
# Datasette's `_search` must not attach itself to an index whose terms are stems. The index is
# filled with normalised text, never with the FTS5 'rebuild' command (that would index the view's
# original text) and never checked with 'integrity-check' (which compares it with that text).
SEARCH_SCHEMA = f"""
CREATE VIEW search_content AS
    SELECT documents.rowid AS doc_rowid, title, abstract, subjects, authors,
           document_texts.text AS fulltext, NULL AS parts
    FROM documents LEFT JOIN document_texts ON document_texts.document_id = documents.id;
CREATE VIRTUAL TABLE search_index USING fts5(
    {", ".join(search.INDEX_COLUMNS)}, content='search_content', content_rowid='doc_rowid',
    tokenize='{search.TOKENIZER}'
);
"""
SEARCH_INSERT = (f"INSERT INTO search_index(rowid, {', '.join(search.INDEX_COLUMNS)}) "
                 f"VALUES (?{', ?' * len(search.INDEX_COLUMNS)})")

# The PDF whose text stands for a work: of its records' full-text URLs (the first of each) with
# text, the longest (crawlers/spiders/fulltext.py fetched them into the warehouse's fulltexts).
PDF_CHOICE = """
    SELECT document_id, url, pages, bytes, sha256, text FROM (
        SELECT document_sources.document_id, fulltexts.*, row_number() OVER (
                   PARTITION BY document_sources.document_id ORDER BY length(fulltexts.text) DESC, fulltexts.url
               ) AS choice
        FROM document_sources
        JOIN raw_records AS raw ON raw.seq = document_sources.seq
        JOIN fulltexts ON fulltexts.source = document_sources.source
         AND fulltexts.url = json_extract_string(raw.metadata, '$."nordcat.fulltext_url"[0]')
        WHERE fulltexts.status = 'ok' AND fulltexts.text <> '')
    WHERE choice = 1"""

# The text searched for each work: its PDF's where it has one, else the running text of its pages
# and transcripts ("nordcat.text", the longest of its records'). Not a catalogue column.
FULL_TEXTS = f"""
    WITH pdf AS ({PDF_CHOICE}),
    page AS (
        SELECT document_sources.document_id, arg_max(text, length(text)) AS text
        FROM document_sources
        JOIN (SELECT seq, json_extract_string(metadata, '$."nordcat.text"[0]') AS text FROM raw_records) AS raw
          ON raw.seq = document_sources.seq
        WHERE text IS NOT NULL
        GROUP BY document_sources.document_id)
    SELECT document_id, coalesce(pdf.text, page.text)
    FROM pdf FULL OUTER JOIN page USING (document_id)
    ORDER BY document_id"""

DOCUMENT_FULLTEXTS = f"SELECT document_id, url, pages, bytes, sha256 FROM ({PDF_CHOICE}) ORDER BY document_id"


def publish(warehouse: Warehouse, sources: list[Source], data_dir: Path) -> Path:
    """Write DATA/catalogue.db (and Datasette's inspect data) atomically; returns its path."""
    target = data_dir / "catalogue.db"
    tmp = data_dir / f".catalogue.db.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        with sqlite3.connect(tmp) as db:
            db.executescript(SCHEMA)
            _copy(warehouse, db, "documents", f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents ORDER BY id")
            _copy(warehouse, db, "document_sources",
                  "SELECT document_id, source, record_key, url, fields FROM document_sources "
                  "ORDER BY document_id, source, record_key")
            _copy(warehouse, db, "crawl_runs", """
                SELECT run_id, source, kind, strftime(started_at, '%Y-%m-%dT%H:%M:%SZ'),
                       strftime(ended_at, '%Y-%m-%dT%H:%M:%SZ'), status, records_seen, records_new,
                       records_changed, records_deleted, records_held, pages, parse_failures, error,
                       harvest_from, response_date
                FROM crawl_runs ORDER BY started_at, source""")
            db.executemany(f"INSERT INTO sources VALUES ({', '.join('?' * 16)})", _source_rows(warehouse, sources))
            db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
            _copy(warehouse, db, "document_texts", FULL_TEXTS)
            _copy(warehouse, db, "document_fulltexts", DOCUMENT_FULLTEXTS)
            for table, query in COPIED_TABLES.items():
                _copy(warehouse, db, table, query)
            build_search_index(db)
            write_browse_tables(db)
        _inspect(tmp, data_dir / ".inspect-data.json.tmp")
        os.replace(data_dir / ".inspect-data.json.tmp", data_dir / "inspect-data.json")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    write_downloads(target, warehouse, data_dir / "downloads")
    return target


# From this many documents on, the words are normalised (lemma, stem, compound parts: pure Python,
# most of the index build) on every core while SQLite fills the index; below it, the workers'
# start-up (each loads the dictionaries, seconds) costs more than they save.
PARALLEL_FROM = 20_000
CHUNK_ROWS = 2_000


def build_search_index(db: sqlite3.Connection, workers: int | None = None) -> None:
    """Create and fill the stemmed index from `documents` and `document_texts`. `workers`:
    normalising processes (default: one per core from PARALLEL_FROM documents, else none)."""
    db.executescript(SEARCH_SCHEMA)
    if workers is None:
        large = db.execute("SELECT count(*) FROM documents").fetchall()[0][0] >= PARALLEL_FROM
        workers = (os.cpu_count() or 1) if large else 0
    # read through the view: highlight() finds the tokens of exactly this text again
    rows = db.execute("""
        SELECT doc_rowid, (SELECT language FROM documents WHERE rowid = doc_rowid),
               title, abstract, subjects, authors, fulltext
        FROM search_content""")
    if workers > 1:
        context = multiprocessing.get_context("spawn")  # the publish process holds DuckDB's threads
        with ProcessPoolExecutor(workers, mp_context=context, initializer=search.warm_up) as pool:
            db.executemany(SEARCH_INSERT, _in_order(pool, _index_rows, _chunks(rows, CHUNK_ROWS), ahead=2 * workers))
    else:
        db.executemany(SEARCH_INSERT, ((rowid, *search.index_row(*fields)) for rowid, *fields in rows))
    db.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")


def _index_rows(rows) -> list[tuple]:
    return [(rowid, *search.index_row(*fields)) for rowid, *fields in rows]


def _chunks(rows, size: int) -> Iterator[list[tuple]]:
    while chunk := rows.fetchmany(size):
        yield chunk


def _in_order(pool: ProcessPoolExecutor, function, chunks: Iterator[list], ahead: int) -> Iterator[tuple]:
    """function(chunk) for every chunk on the pool, results in chunk order, at most `ahead`
    chunks in flight (Executor.map would read every row first)."""
    pending: deque[Future] = deque()
    for chunk in chunks:
        pending.append(pool.submit(function, chunk))
        if len(pending) > ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _copy(warehouse: Warehouse, db: sqlite3.Connection, table: str, query: str) -> None:
    reader = warehouse.con.sql(query).to_arrow_reader(batch_size=10_000)
    for batch in reader:
        columns = batch.num_columns
        db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * columns)})",
                       zip(*(col.to_pylist() for col in batch.columns)))


def _source_rows(warehouse: Warehouse, sources: list[Source]) -> list[tuple]:
    """The registry joined with each source's health: its last crawl and last success (a reparse
    does not ask the source anything, so it says nothing of its health)."""
    health = {row[0]: row[1:] for row in warehouse.con.execute("""
        SELECT source,
               arg_max(status, started_at),
               arg_max(health, started_at),
               strftime(max(started_at), '%Y-%m-%dT%H:%M:%SZ'),
               strftime(max(started_at) FILTER (WHERE status = 'ok'), '%Y-%m-%dT%H:%M:%SZ'),
               arg_max(records_held, started_at),
               arg_max(error, started_at)
        FROM crawl_runs WHERE kind <> 'reparse' GROUP BY source""").fetchall()}
    documents = dict(warehouse.con.execute(
        "SELECT source, count(DISTINCT document_id) FROM document_sources GROUP BY source").fetchall())
    rows = []
    for s in sources:
        status, state, last_run, last_success, held, error = health.get(
            s.name, ("never run", None, None, None, 0, None))
        rows.append((s.name, s.title, s.publisher, s.country, s.kind, str(s.url), s.licence, int(s.enabled),
                     s.evidence, status if s.enabled else "disabled", state, last_run, last_success, held,
                     documents.get(s.name, 0), error))
    return rows


def _inspect(db_path: Path, out: Path) -> None:
    """Datasette's inspect data, so an immutable catalogue serves counts without scanning."""
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(out)],
                   check=True, capture_output=True)
    data = json.loads(out.read_text())
    # the file is renamed after inspection: key it by the published name
    out.write_text(json.dumps({"catalogue": next(iter(data.values()))}, indent=1))
