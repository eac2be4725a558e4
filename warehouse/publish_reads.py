"""What `nordcat publish` reads of the warehouse: tables in Arrow batches, the health of each
source, and its works per source. (The snapshot of the whole warehouse for the downloads is
`Engine.snapshot_to`, warehouse/engine.py.)

`PublishReads` is a mixin of `Warehouse` (warehouse/store.py) over `Engine` (warehouse/engine.py),
whose connection `self.con` it uses.
"""
from __future__ import annotations

from typing import Iterator, Sequence

import duckdb
import pyarrow as pa

from nordcat import dc

# The text that stands for each work is chosen once, by the build (pipeline/combine.py): the
# lineage row of the record whose text it is carries its kind (document_sources.text_kind). These
# queries only fetch that record's text: its PDF's (the first "nordcat.fulltext_url", read into
# fulltexts), or the running text of its page or transcript.
_CHOSEN = f"""
    SELECT s.document_id, s.text_kind, s.source, r.metadata->>'{dc.json_path(dc.TEXT)}' AS page_text,
           r.metadata->>'{dc.json_path(dc.FULLTEXT_URL)}' AS pdf_url
    FROM document_sources s JOIN raw_records r USING (seq)
    WHERE s.text_kind IS NOT NULL"""
_PDFS = f"""
    SELECT chosen.document_id, f.url, f.pages, f.bytes, f.sha256, f.text FROM ({_CHOSEN}) AS chosen
    JOIN fulltexts f ON f.source = chosen.source AND f.url = chosen.pdf_url AND f.status = 'ok'
    WHERE chosen.text_kind = 'pdf'"""

# Rows that are no table of the warehouse but are read as one (read_table), by name.
NAMED_QUERIES = {
    # The text searched for each work that has one (document_id, text).
    "document_texts": f"""
        SELECT document_id, text FROM ({_PDFS})
        UNION ALL
        SELECT document_id, page_text AS text FROM ({_CHOSEN}) WHERE text_kind = 'page' AND page_text IS NOT NULL""",
    # The PDF of each work whose text is a PDF's (document_id, url, pages, bytes, sha256).
    "document_fulltexts": f"SELECT document_id, url, pages, bytes, sha256 FROM ({_PDFS})",
}

# Tables of the crawl side that publish never reads whole: it reads what they hold through the
# curated tables and NAMED_QUERIES. Every other table (curated ones, crawl_runs) it may.
_NOT_READ = frozenset({"raw_records", "record_heads", "harvest_checkpoints", "page_validators", "fulltexts",
                       "mapped_records", "merge_blocks", "merge_edges", "merge_records"})


class PublishReads:
    """Mixin of Warehouse: the reads of publish (see the module docstring)."""

    con: duckdb.DuckDBPyConnection  # Engine's

    def read_table(self, query_name_or_table: str, columns: Sequence[str], order_by: str | None = None,
                   batch_size: int = 10_000) -> Iterator[pa.RecordBatch]:
        """The rows of one warehouse table (a curated table or crawl_runs) or named query
        (NAMED_QUERIES), as Arrow batches of `batch_size` rows: `columns` in that order (each a
        column name or an SQL expression over the columns, e.g. "strftime(started_at,
        '%Y-%m-%dT%H:%M:%SZ')"), in `order_by` order (an ORDER BY clause without its keywords,
        e.g. "id" or "ALL"; None: no particular order). Read it to the end before the next call
        on the warehouse (see warehouse/engine.py)."""
        if query_name_or_table in NAMED_QUERIES:
            relation = f"({NAMED_QUERIES[query_name_or_table]}) AS {query_name_or_table}"
        elif query_name_or_table in self._readable_tables():
            relation = query_name_or_table
        else:
            raise ValueError(f"no warehouse table or named query {query_name_or_table!r} to read")
        if not columns:
            raise ValueError("read_table needs at least one column")
        query = f"SELECT {', '.join(columns)} FROM {relation}"
        if order_by:
            query += f" ORDER BY {order_by}"
        return iter(self.con.sql(query).to_arrow_reader(batch_size=batch_size))

    def _readable_tables(self) -> set[str]:
        tables = self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main'").fetchall()
        return {name for (name,) in tables} - _NOT_READ

    def source_health(self) -> dict[str, tuple]:
        """source -> (status, health, last_run, last_success, records_held, error) of its last
        crawl (times as ISO 8601 UTC text; last_success: of the last run with status 'ok'). A
        reparse does not ask the source anything, so it says nothing of its health: reparse runs
        are left out. A source never crawled is not in it."""
        # arg_max_null: the last run's value even when it is NULL (arg_max would skip to an older
        # run's, and show the error of a failure the source has recovered from)
        return {row[0]: row[1:] for row in self.con.execute("""
            SELECT source,
                   arg_max_null(status, started_at),
                   arg_max_null(health, started_at),
                   strftime(max(started_at), '%Y-%m-%dT%H:%M:%SZ'),
                   strftime(max(started_at) FILTER (WHERE status = 'ok'), '%Y-%m-%dT%H:%M:%SZ'),
                   arg_max_null(records_held, started_at),
                   arg_max_null(error, started_at)
            FROM crawl_runs WHERE kind <> 'reparse' GROUP BY source""").fetchall()}

    def documents_per_source(self) -> dict[str, int]:
        """source -> the works its records are part of (a source with none is not in it)."""
        return dict(self.con.execute(
            "SELECT source, count(DISTINCT document_id) FROM document_sources GROUP BY source").fetchall())
