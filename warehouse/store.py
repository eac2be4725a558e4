"""The DuckDB warehouse: raw record versions with lineage, crawl runs, curated tables.

Queries fetch all their rows (`fetchall`): DuckDB 2 keeps a half-read result open and refuses
other work on the connection until it is read to the end.

Loads go through Arrow in batches (one `INSERT ... SELECT` per batch, never a row at a time) and
each batch is one transaction, so a crash mid-crawl leaves every stored batch whole and nothing
half-written. Storing is idempotent: a record whose content hash equals its head is not stored
again, only its `last_seen` moves.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

import duckdb
import pyarrow as pa

from warehouse.versions import content_hash, metadata_json

SCHEMA = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")

# What add_records compares with the heads: keys and hashes only, never the payloads.
BATCH_KEYS = pa.schema([
    ("ord", pa.int64()),
    ("source", pa.string()),
    ("record_key", pa.string()),
    ("content_hash", pa.string()),
])

# The new versions of a batch, as inserted; the run and the fetch time are the batch's own.
NEW_VERSIONS = pa.schema([
    ("seq", pa.int64()),
    ("source", pa.string()),
    ("record_key", pa.string()),
    ("url", pa.string()),
    ("format", pa.string()),
    ("datestamp", pa.string()),
    ("deleted", pa.bool_()),
    ("payload", pa.string()),
    ("metadata", pa.string()),
    ("content_hash", pa.string()),
    ("held", pa.bool_()),  # the record has a head already: an update, not a first version
])


def utcnow() -> datetime:
    """Naive UTC, as DuckDB TIMESTAMP columns hold it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def last_listing_of_each(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The batch with each (source, record_key) once: a record listed twice (e.g. in two OAI
    sets) counts at its last listing, in that listing's place."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:
        key = (record["source"], record["record_key"])
        latest.pop(key, None)
        latest[key] = record
    return list(latest.values())


def batch_keys(batch: list[dict[str, Any]], hashes: list[str]) -> pa.Table:
    return pa.table([pa.array(range(len(batch)), pa.int64()), [r["source"] for r in batch],
                     [r["record_key"] for r in batch], hashes], schema=BATCH_KEYS)


def new_versions(changed: list[dict[str, Any]], seqs: list[int], hashes: list[str],
                 held: list[bool]) -> pa.Table:
    """The rows of the changed records; metadata is serialised here, for them alone."""
    return pa.table([
        seqs, [r["source"] for r in changed], [r["record_key"] for r in changed],
        [r.get("url") for r in changed], [r["format"] for r in changed],
        [r.get("datestamp") for r in changed], [bool(r.get("deleted")) for r in changed],
        [r["payload"] for r in changed], [r.get("metadata_json") or metadata_json(r.get("metadata") or {}) for r in changed],
        hashes, held,
    ], schema=NEW_VERSIONS)


def next_seqs(con: duckdb.DuckDBPyConnection, count: int) -> list[int]:
    """`count` numbers from raw_seq, ascending: new versions are numbered in batch order."""
    return sorted(seq for (seq,) in con.execute("SELECT nextval('raw_seq') FROM range($n)",
                                                {"n": count}).fetchall())


def store_versions(con: duckdb.DuckDBPyConnection, versions: pa.Table, run_id: str,
                   fetched_at: datetime) -> None:
    """Insert new versions (NEW_VERSIONS) and move their records' heads to them, inside the
    caller's transaction. A head keeps its first_seen; a first version starts one."""
    con.register("new_versions", versions)
    try:
        con.execute("""
            INSERT INTO raw_records (seq, source, record_key, run_id, fetched_at, url, format,
                                     datestamp, deleted, payload, metadata, content_hash)
            SELECT seq, source, record_key, $run_id, $fetched_at, url, format,
                   datestamp, deleted, payload, metadata, content_hash
            FROM new_versions""", {"run_id": run_id, "fetched_at": fetched_at})
        con.execute("""
            UPDATE record_heads h
            SET seq = n.seq, content_hash = n.content_hash, deleted = n.deleted, last_seen = $fetched_at
            FROM new_versions n
            WHERE n.held AND h.source = n.source AND h.record_key = n.record_key""",
                    {"fetched_at": fetched_at})
        con.execute("""
            INSERT INTO record_heads
            SELECT source, record_key, seq, content_hash, deleted, $fetched_at, $fetched_at
            FROM new_versions WHERE NOT held""", {"fetched_at": fetched_at})
    finally:
        con.unregister("new_versions")


# Records parsed again from the archive (add_reparsed), as compared with their heads.
REPARSED = pa.schema([
    ("ord", pa.int64()),
    ("source", pa.string()),
    ("record_key", pa.string()),
    ("content_hash", pa.string()),
    ("url", pa.string()),
    ("format", pa.string()),
    ("datestamp", pa.string()),
    ("metadata", pa.string()),
])

FULLTEXTS = pa.schema([
    ("source", pa.string()),
    ("url", pa.string()),
    ("status", pa.string()),
    ("http_status", pa.int32()),
    ("bytes", pa.int64()),
    ("sha256", pa.string()),
    ("pages", pa.int32()),
    ("text", pa.string()),
    ("error", pa.string()),
    ("run_id", pa.string()),
    ("fetched_at", pa.timestamp("us")),
])


class Warehouse:
    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # DuckDB caches blocks up to 80 % of RAM by default: a crawl's memory would grow with the
        # warehouse. Capped, it stays flat; what does not fit spills to disk.
        self.con = duckdb.connect(str(self.path), read_only=read_only, config={"memory_limit": "256MB"})
        self._in_transaction = False
        if not read_only:
            # A checkpoint recompresses what the WAL holds; at the default 16 MB a harvest would
            # run one every few batches. Twice that halves their cost; a crash replays the WAL.
            self.con.execute("SET checkpoint_threshold = '32MB'")
            self.con.execute(SCHEMA)

    def close(self) -> None:
        self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction around the block; a block inside another joins the outer one, so a
        batch of records and the harvest checkpoint after it commit together (and once: each
        commit of a file-backed DuckDB costs a WAL sync)."""
        if self._in_transaction:
            yield
            return
        self.con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self._in_transaction = False

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- raw records -------------------------------------------------------------------------

    def add_records(self, records: Iterable[dict[str, Any]], *, run_id: str) -> int:
        """Store a batch of records; returns how many new versions were stored.

        Each record: source, record_key, url, format, datestamp, deleted, payload, metadata (dict).
        Only keys and content hashes meet the heads; the changed records alone are serialised and
        go, payload and all, straight from Arrow into raw_records.
        """
        batch = last_listing_of_each(records)
        if not batch:
            return 0
        hashes = [r.get("content_hash") or content_hash(r["payload"], bool(r.get("deleted"))) for r in batch]
        fetched_at = utcnow()
        con = self.con
        con.register("batch_keys", batch_keys(batch, hashes))
        try:
            with self.transaction():
                changes = con.execute("""
                    SELECT k.ord, h.seq IS NOT NULL FROM batch_keys k
                    LEFT JOIN record_heads h USING (source, record_key)
                    WHERE h.content_hash IS DISTINCT FROM k.content_hash
                    ORDER BY k.ord""").fetchall()
                if len(changes) < len(batch):  # some records are unchanged: they were only seen again
                    con.execute("""
                        UPDATE record_heads h SET last_seen = $fetched_at FROM batch_keys k
                        WHERE h.source = k.source AND h.record_key = k.record_key""", {"fetched_at": fetched_at})
                if changes:
                    versions = new_versions([batch[i] for i, _ in changes], next_seqs(con, len(changes)),
                                            [hashes[i] for i, _ in changes], [held for _, held in changes])
                    store_versions(con, versions, run_id, fetched_at)
        finally:
            con.unregister("batch_keys")
        return len(changes)

    def mark_seen(self, source: str, record_keys: list[str]) -> None:
        """Records the source still lists (a ListIdentifiers page, a 304 page) were seen now."""
        if record_keys:
            self.con.execute(
                "UPDATE record_heads SET last_seen = ? WHERE source = ? AND record_key IN (SELECT unnest(?::VARCHAR[]))",
                [utcnow(), source, record_keys])

    def held(self, source: str) -> int:
        """Live (not deleted) records a source holds."""
        return self.con.execute(
            "SELECT count(*) FROM record_heads WHERE source = ? AND NOT deleted", [source]).fetchall()[0][0]

    def run_changes(self, run_id: str, source: str) -> dict[str, int]:
        """New, changed and deleted records that a run stored for a source."""
        row = self.con.execute("""
            WITH touched AS (
                SELECT record_key FROM raw_records WHERE run_id = $run AND source = $src),
            versions AS (
                SELECT r.run_id, r.deleted,
                       lag(r.deleted) OVER (PARTITION BY r.record_key ORDER BY r.seq) AS prev_deleted,
                       lag(r.seq) OVER (PARTITION BY r.record_key ORDER BY r.seq) AS prev_seq
                FROM raw_records r WHERE r.source = $src AND r.record_key IN (SELECT record_key FROM touched))
            SELECT
                count(*) FILTER (WHERE NOT deleted AND (prev_seq IS NULL OR prev_deleted)),
                count(*) FILTER (WHERE NOT deleted AND prev_seq IS NOT NULL AND NOT prev_deleted),
                count(*) FILTER (WHERE deleted AND (prev_seq IS NULL OR NOT prev_deleted))
            FROM versions WHERE run_id = $run""", {"run": run_id, "src": source}).fetchall()[0]
        return {"new": row[0], "changed": row[1], "deleted": row[2]}

    def add_reparsed(self, records: Iterable[dict[str, Any]], *, run_id: str, parsed_from: str,
                     fetched_at: datetime) -> int:
        """Store records parsed again from the archived responses of run `parsed_from` (`nordcat
        reparse`); returns how many new versions were stored.

        Their payload is what was stored then, so the content hash alone cannot tell a parser
        change: a version is stored where the parse differs from the head in payload, metadata,
        URL, format, datestamp or deletion. A head that a later run stored (or parsed from a later
        run's responses) is newer than the archive and stays. New versions belong to the reparse
        run `run_id`, keep `parsed_from`, and carry the archived response's time as fetched_at;
        a head's last_seen never moves back, and records parsed the same are left untouched.
        """
        batch = last_listing_of_each(records)
        if not batch:
            return 0
        hashes = [r.get("content_hash") or content_hash(r["payload"], bool(r.get("deleted"))) for r in batch]
        metadata = [r.get("metadata_json") or metadata_json(r.get("metadata") or {}) for r in batch]
        keys = pa.table([pa.array(range(len(batch)), pa.int64()), [r["source"] for r in batch],
                         [r["record_key"] for r in batch], hashes, [r.get("url") for r in batch],
                         [r["format"] for r in batch], [r.get("datestamp") for r in batch], metadata],
                        schema=REPARSED)
        con = self.con
        con.register("reparsed", keys)
        try:
            with self.transaction():
                changes = con.execute("""
                    SELECT k.ord, h.seq IS NOT NULL FROM reparsed k
                    LEFT JOIN record_heads h USING (source, record_key)
                    LEFT JOIN raw_records r ON r.seq = h.seq
                    WHERE h.seq IS NULL
                       OR (coalesce(r.parsed_from, r.run_id) <= $parsed_from
                           AND (h.content_hash <> k.content_hash OR r.metadata::VARCHAR <> k.metadata
                                OR r.url IS DISTINCT FROM k.url OR r.format <> k.format
                                OR r.datestamp IS DISTINCT FROM k.datestamp))
                    ORDER BY k.ord""", {"parsed_from": parsed_from}).fetchall()
                if changes:
                    versions = new_versions([batch[i] for i, _ in changes], next_seqs(con, len(changes)),
                                            [hashes[i] for i, _ in changes], [held for _, held in changes])
                    self._store_reparsed(versions, run_id, parsed_from, fetched_at)
        finally:
            con.unregister("reparsed")
        return len(changes)

    def _store_reparsed(self, versions: pa.Table, run_id: str, parsed_from: str, fetched_at: datetime) -> None:
        """store_versions for reparsed records: with parsed_from, and last_seen only forward."""
        con = self.con
        params = {"run_id": run_id, "fetched_at": fetched_at, "parsed_from": parsed_from}
        con.register("new_versions", versions)
        try:
            con.execute("""
                INSERT INTO raw_records (seq, source, record_key, run_id, fetched_at, url, format,
                                         datestamp, deleted, payload, metadata, content_hash, parsed_from)
                SELECT seq, source, record_key, $run_id, $fetched_at, url, format,
                       datestamp, deleted, payload, metadata, content_hash, $parsed_from
                FROM new_versions""", params)
            con.execute("""
                UPDATE record_heads h
                SET seq = n.seq, content_hash = n.content_hash, deleted = n.deleted,
                    last_seen = greatest(h.last_seen, $fetched_at)
                FROM new_versions n
                WHERE n.held AND h.source = n.source AND h.record_key = n.record_key""",
                        {"fetched_at": fetched_at})
            con.execute("""
                INSERT INTO record_heads
                SELECT source, record_key, seq, content_hash, deleted, $fetched_at, $fetched_at
                FROM new_versions WHERE NOT held""", {"fetched_at": fetched_at})
        finally:
            con.unregister("new_versions")

    # --- full texts ----------------------------------------------------------------------------

    def fulltext_candidates(self, source: str) -> list[str]:
        """The full-text URLs (the first of each live record) a crawl of the source should fetch:
        those never tried first, then those whose last try met a passing fault (5xx, 429, no
        answer, robots.txt), longest ago first. A URL that answered 404, was no PDF, too large or
        unreadable is not asked again; a record whose URL changes names a new one."""
        rows = self.con.execute("""
            WITH named AS (
                SELECT DISTINCT json_extract_string(r.metadata, '$."nordcat.fulltext_url"[0]') AS url
                FROM record_heads h JOIN raw_records r USING (seq)
                WHERE h.source = $source AND NOT h.deleted)
            SELECT named.url FROM named
            LEFT JOIN fulltexts f ON f.source = $source AND f.url = named.url
            WHERE named.url IS NOT NULL
              AND (f.url IS NULL OR f.status = 'skipped'
                   OR (f.status = 'http_error' AND (f.http_status IS NULL OR f.http_status >= 500
                                                    OR f.http_status = 429)))
            ORDER BY f.fetched_at NULLS FIRST, named.url""", {"source": source}).fetchall()
        return [url for (url,) in rows]

    def store_fulltexts(self, rows: list[dict[str, Any]]) -> None:
        """Insert or replace full-text rows (FULLTEXTS columns) in one batch; the last row of a
        URL wins."""
        latest = {(row["source"], row["url"]): row for row in rows}
        if not latest:
            return
        table = pa.Table.from_pylist(list(latest.values()), schema=FULLTEXTS)
        self.con.register("new_fulltexts", table)
        try:
            self.con.execute("INSERT OR REPLACE INTO fulltexts BY NAME SELECT * FROM new_fulltexts")
        finally:
            self.con.unregister("new_fulltexts")

    # --- crawl runs ----------------------------------------------------------------------------

    def close_crashed_runs(self) -> int:
        """Runs still 'running' when a new run starts were cut off (kill -9, power loss)."""
        return self.con.execute(
            "UPDATE crawl_runs SET status = 'crashed', error = 'the process ended before the run finished' "
            "WHERE status = 'running'").fetchall()[0][0]

    def start_run(self, run_id: str, source: str, kind: str, harvest_from: str | None = None) -> None:
        self.con.execute(
            "INSERT INTO crawl_runs (run_id, source, kind, started_at, status, harvest_from) "
            "VALUES (?, ?, ?, ?, 'running', ?)", [run_id, source, kind, utcnow(), harvest_from])

    def finish_run(self, run_id: str, source: str, **fields: Any) -> None:
        fields["ended_at"] = utcnow()
        if "details" in fields:
            fields["details"] = json.dumps(fields["details"], ensure_ascii=False, sort_keys=True)
        assignments = ", ".join(f"{k} = ?" for k in fields)
        self.con.execute(
            f"UPDATE crawl_runs SET {assignments} WHERE run_id = ? AND source = ?",
            [*fields.values(), run_id, source])

    def harvest_from(self, source: str) -> str | None:
        """The server's responseDate of the last complete, healthy harvest: the next `from`."""
        rows = self.con.execute("""
            SELECT response_date FROM crawl_runs
            WHERE source = ? AND status = 'ok' AND harvest_complete AND response_date IS NOT NULL
            ORDER BY started_at DESC LIMIT 1""", [source]).fetchall()
        return rows[0][0] if rows else None

    def runs(self, run_id: str) -> list[dict[str, Any]]:
        cur = self.con.execute("SELECT * FROM crawl_runs WHERE run_id = ? ORDER BY source", [run_id])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    # --- curated -------------------------------------------------------------------------------

    def live_records(self) -> pa.Table:
        """The head version of every live record, in a stable order, for the build."""
        return self.con.sql("""
            SELECT r.seq, r.source, r.record_key, r.url, r.format, r.metadata,
                   strftime(h.first_seen, '%Y-%m-%dT%H:%M:%SZ') AS first_seen,
                   strftime(h.last_seen, '%Y-%m-%dT%H:%M:%SZ') AS last_seen
            FROM record_heads h JOIN raw_records r USING (seq)
            WHERE NOT h.deleted
            ORDER BY r.source, r.record_key""").to_arrow_table()

    def previous_ids(self) -> dict[tuple[str, str], str]:
        """(source, record_key) -> work id of the last build, so ids stay stable across runs."""
        rows = self.con.execute("SELECT source, record_key, document_id FROM document_sources").fetchall()
        return {(s, k): d for s, k, d in rows}

    def replace_curated(self, documents: pa.Table, document_sources: pa.Table) -> None:
        con = self.con
        con.register("new_documents", documents)
        con.register("new_document_sources", document_sources)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM documents")
            con.execute("INSERT INTO documents BY NAME SELECT * FROM new_documents")
            con.execute("DELETE FROM document_sources")
            con.execute("INSERT INTO document_sources BY NAME SELECT * FROM new_document_sources")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("new_documents")
            con.unregister("new_document_sources")
