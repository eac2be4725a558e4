"""Write the read-only SQLite catalogue that Datasette serves, from the warehouse.

The file is built under a temporary name beside the old one and renamed over it, so a reader
sees the old catalogue or the new one, never a half-written file. Rows are copied in batches
(executemany over Arrow batches), never one statement per row.
"""
from __future__ import annotations

import functools
import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from nordcat import tables
from nordcat.sources import Source
from nordcat.stages import Stages
from publish import search
from publish.browse_tables import ROW_TABLES, write_browse_tables
from publish.downloads import write_downloads
from publish.ranked_search import FACET_COLUMNS, RankedIndexWriter, ranked_row
from publish.sitemap import write_sitemaps
from warehouse.store import Warehouse

# The catalogue's tables are those nordcat/tables.py declares (the row tables of the browse
# step are written by publish/browse_tables.py); the full-text index of documents is SQLite's own.
# Pages of 16 KB, not SQLite's 4 KB: a search's table page (`?_q=`) looks up every matching row
# twice (Datasette's count, then its rows sorted by year); at 1M works, for a word in 158,000 of
# them, the shallower B-tree took about 10 % off each (docs/scale.md).
PAGE_SIZE = 16_384
DOCUMENT_COLUMNS = tables.table("documents").column_names(tables.CATALOGUE)
SCHEMA = f"PRAGMA page_size = {PAGE_SIZE};\n" + tables.sqlite_ddl(t.name for t in tables.tables_in(tables.CATALOGUE) if t.name not in ROW_TABLES) + """
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, abstract, authors, subjects, content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
"""

# What is copied from the warehouse (Warehouse.read_table), in this order: table -> ORDER BY of
# its rows; the columns are the catalogue's columns of the table, as declared. document_texts and
# document_fulltexts: the text that stands for each work (the searched text) and its PDF, which
# the build chose (pipeline/combine.py chosen_text, recorded as document_sources.text_kind).
COPIED_TABLES = {
    "documents": "id",
    "document_sources": "document_id, source, record_key",
    "crawl_runs": "started_at, source",
    "source_health": "checked_at, source",
    "document_texts": "document_id",
    "document_fulltexts": "document_id",
    "persons": "id",
    "document_persons": "ALL",
    "organisations": "id",
    "document_organisations": "ALL",
    "document_places": "ALL",
    "document_topics": "ALL",
    "document_models": "ALL",
    "cooperation_models": "id",
    "cases": "id",
    "case_partners": "ALL",
    "document_relations": "document_id, source, position",
    "work_redirects": "id",
}
# Columns read from the warehouse as an expression rather than as they are stored.
READ_AS = {(table, column): f"strftime({column}, '%Y-%m-%dT%H:%M:%SZ')" for table, column in (
    ("crawl_runs", "started_at"), ("crawl_runs", "ended_at"),
    ("source_health", "checked_at"), ("source_health", "last_success"))}
# The registry joined with each source's health (_source_rows), not a warehouse table.
SOURCE_COLUMNS = tables.table("sources").column_names(tables.CATALOGUE)

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


def publish(warehouse: Warehouse, sources: list[Source], data_dir: Path, stages: Stages | None = None) -> Path:
    """Write DATA/catalogue.db (and Datasette's inspect data) atomically, with the ranked search
    index it names (a new folder each time, so a server still reading the old catalogue keeps
    its index); returns its path. `stages`: filled with the seconds each stage took."""
    stages = Stages() if stages is None else stages
    target = data_dir / "catalogue.db"
    tmp = data_dir / f".catalogue.db.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    ranked_dir = data_dir / f"search-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}"
    published = False
    try:
        with sqlite3.connect(tmp) as db:
            db.executescript(SCHEMA)
            with stages.timed("tables"), warehouse.build_memory():  # sorting a million works' rows needs more than a crawl's cap
                for table, order_by in COPIED_TABLES.items():
                    _copy(warehouse, db, table, order_by)
                db.executemany(f"INSERT INTO sources ({', '.join(SOURCE_COLUMNS)}) "
                               f"VALUES ({', '.join('?' * len(SOURCE_COLUMNS))})", _source_rows(warehouse, sources))
            with stages.timed("fts"):
                db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
            with stages.timed("search"):
                build_search_index(db, ranked=RankedIndexWriter(ranked_dir))
                db.execute("INSERT INTO search_engine (dir) VALUES (?)", [ranked_dir.name])
            with stages.timed("browse"):
                write_browse_tables(db)
        with stages.timed("inspect"):
            _inspect(tmp, data_dir / ".inspect-data.json.tmp")
        os.replace(data_dir / ".inspect-data.json.tmp", data_dir / "inspect-data.json")
        os.replace(tmp, target)
        published = True
    finally:
        tmp.unlink(missing_ok=True)
        if not published:
            shutil.rmtree(ranked_dir, ignore_errors=True)
    _prune_search_indexes(data_dir, keep=ranked_dir)
    with stages.timed("sitemap"):
        write_sitemaps(target, data_dir / "sitemap")
    with stages.timed("downloads"), warehouse.build_memory():  # the snapshot of a million works' warehouse
        write_downloads(target, warehouse, data_dir / "downloads")
    return target


KEPT_SEARCH_INDEXES = 2  # this catalogue's, and the one a server may still be reading


def _prune_search_indexes(data_dir: Path, keep: Path) -> None:
    """The ranked indexes of catalogues before the last two go."""
    older = sorted((p for p in data_dir.glob("search-*") if p.is_dir() and p != keep), key=lambda p: p.stat().st_mtime)
    for folder in older[:max(0, len(older) - (KEPT_SEARCH_INDEXES - 1))]:
        shutil.rmtree(folder, ignore_errors=True)


# From this many documents on, the words are normalised (lemma, stem, compound parts: pure Python,
# most of the index build) on every core while SQLite fills the index; below it, the workers'
# start-up (each loads the dictionaries, seconds) costs more than they save.
PARALLEL_FROM = 20_000
CHUNK_ROWS = 2_000


def build_search_index(db: sqlite3.Connection, workers: int | None = None,
                       ranked: RankedIndexWriter | None = None) -> None:
    """Create and fill the stemmed index from `documents` and `document_texts`, and the ranked
    index (`ranked`, fed the same normalised rows). `workers`: normalising processes (default:
    one per core from PARALLEL_FROM documents, else none)."""
    db.executescript(SEARCH_SCHEMA)
    if workers is None:
        large = db.execute("SELECT count(*) FROM documents").fetchall()[0][0] >= PARALLEL_FROM
        workers = (os.cpu_count() or 1) if large else 0
    indexed_chunk = functools.partial(_index_rows, ranked=ranked is not None)
    chunks = _chunks(_search_rows(db), CHUNK_ROWS)
    if workers > 1:
        context = multiprocessing.get_context("spawn")  # the publish process holds DuckDB's threads
        with ProcessPoolExecutor(workers, mp_context=context, initializer=search.warm_up) as pool:
            db.executemany(SEARCH_INSERT, _fed(_in_order(pool, indexed_chunk, chunks, ahead=2 * workers), ranked))
    else:
        db.executemany(SEARCH_INSERT, _fed((row for chunk in chunks for row in indexed_chunk(chunk)), ranked))
    db.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
    if ranked:
        ranked.finish()


def _search_rows(db: sqlite3.Connection) -> sqlite3.Cursor:
    """Each document's rowid, language, searched texts (read through the view: highlight() finds
    the tokens of exactly this text again) and facet columns."""
    return db.execute(f"""
        SELECT doc_rowid, d.language, s.title, s.abstract, s.subjects, s.authors, s.fulltext,
               {", ".join(f"d.{column}" for column in FACET_COLUMNS)}
        FROM search_content s JOIN documents d ON d.rowid = s.doc_rowid""")


def _index_rows(rows, ranked: bool) -> list[tuple[tuple, tuple | None]]:
    """For each row: its FTS5 row (rowid, the index forms of search.INDEX_COLUMNS) and, if `ranked`,
    its ranked index row (those forms as Tantivy reads them, the facet columns as they are)."""
    indexed = [(rowid, *search.index_row(*fields[:INDEX_ROW_FIELDS]), *fields[INDEX_ROW_FIELDS:]) for rowid, *fields in rows]
    width = 1 + len(search.INDEX_COLUMNS)
    return [(row[:width], ranked_row(row) if ranked else None) for row in indexed]


def _fed(rows: Iterator[tuple[tuple, tuple | None]], ranked: RankedIndexWriter | None) -> Iterator[tuple]:
    """The FTS5 rows, each ranked row given to the ranked index on the way."""
    for fts5_row, ranked_fields in rows:
        if ranked:
            ranked.add(ranked_fields)
        yield fts5_row


INDEX_ROW_FIELDS = 6  # what search.index_row reads: language, title, abstract, subjects, authors, fulltext


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


def _copy(warehouse: Warehouse, db: sqlite3.Connection, table: str, order_by: str) -> None:
    """The catalogue's columns of a warehouse table, in Arrow batches, into the same table here."""
    columns = tables.table(table).column_names(tables.CATALOGUE)
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for batch in warehouse.read_table(table, [READ_AS.get((table, name), name) for name in columns], order_by):
        db.executemany(insert, zip(*(col.to_pylist() for col in batch.columns)))


def _source_rows(warehouse: Warehouse, sources: list[Source]) -> list[tuple]:
    """The registry joined with each source's health: its last crawl and last success (a reparse
    does not ask the source anything, so it says nothing of its health)."""
    health = warehouse.source_health()
    documents = warehouse.documents_per_source()
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
