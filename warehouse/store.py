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

from nordcat.records import content_hash, metadata_json

SCHEMA = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")
MEMORY_LIMIT = "256MB"        # see Warehouse.__init__
BUILD_MEMORY_LIMIT = "1GB"

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
        self.con = duckdb.connect(str(self.path), read_only=read_only, config={"memory_limit": MEMORY_LIMIT})
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

    @contextmanager
    def build_memory(self) -> Iterator[None]:
        """DuckDB's memory limit raised to BUILD_MEMORY_LIMIT for the block: a build joins the
        mapped records of a million works and keeps its curated rows in one transaction."""
        self.con.execute(f"SET memory_limit = '{BUILD_MEMORY_LIMIT}'")
        try:
            yield
        finally:
            self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")

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

    # The tables that hold rows of a work, and the column naming the work: a build keeps or
    # rewrites a work's rows in all of them together.
    WORK_TABLES = {"documents": "id", "document_sources": "document_id", "person_mentions": "document_id",
                   "document_persons": "document_id", "document_organisations": "document_id",
                   "document_places": "document_id", "document_topics": "document_id", "cases": "document_id",
                   "case_partners": "document_id"}

    def stale_records(self, contexts: dict[str | None, str], *, full: bool,
                      batch_size: int) -> Iterator[pa.RecordBatch]:
        """The live head versions (seq, source, record_key, url, metadata, fulltext_url: the first
        "nordcat.fulltext_url", fulltext_sha256 and fulltext: its text where one was read) that
        mapped_records lacks, holds under another mapping context
        (`contexts`: source -> context, under None for a source not in the registry) or
        with another full text; all of them when `full`. Their old rows and those of versions
        no longer live are deleted first. Batches in no particular order (sorting the metadata of
        a million records would not fit the memory limit), read on a cursor of their own so that
        the caller can store mapped rows meanwhile."""
        con = self.con
        if full:
            con.execute("DELETE FROM mapped_records")
        known = {source: context for source, context in contexts.items() if source is not None}
        con.register("build_contexts", pa.table({"source": pa.array(list(known), pa.string()),
                                                 "context": pa.array(list(known.values()), pa.string())}))
        try:
            stale = con.sql(f"""
                SELECT h.seq FROM record_heads h
                LEFT JOIN mapped_records m USING (seq)
                LEFT JOIN build_contexts c ON c.source = h.source
                LEFT JOIN ({_FULLTEXT_OK}) f ON f.source = h.source AND f.url = m.fulltext_url
                WHERE NOT h.deleted
                  AND (m.seq IS NULL OR m.context <> coalesce(c.context, $unknown)
                       OR m.fulltext_sha256 IS DISTINCT FROM f.sha256)""", params={"unknown": contexts[None]}).to_arrow_table()
        finally:
            con.unregister("build_contexts")
        con.register("stale_seqs", stale)
        try:
            con.execute("""
                DELETE FROM mapped_records
                WHERE seq IN (SELECT seq FROM stale_seqs)
                   OR seq NOT IN (SELECT seq FROM record_heads WHERE NOT deleted)""")
        finally:
            con.unregister("stale_seqs")
        cursor = con.cursor()
        try:
            cursor.register("stale_seqs", stale)
            yield from cursor.sql(f"""
                WITH stale AS (
                    SELECT r.seq, r.source, r.record_key, r.url, r.metadata,
                           json_extract_string(r.metadata, '$."nordcat.fulltext_url"[0]') AS fulltext_url
                    FROM stale_seqs JOIN raw_records r USING (seq))
                SELECT stale.*, f.sha256 AS fulltext_sha256, f.text AS fulltext FROM stale
                LEFT JOIN ({_FULLTEXT_OK}) f ON f.source = stale.source AND f.url = stale.fulltext_url
                """).to_arrow_reader(batch_size)
        finally:
            cursor.close()

    def store_mapped(self, rows: pa.Table) -> None:
        self._insert("mapped_records", rows)

    def mapped_keys(self) -> dict[str, list]:
        """Every live record's (source, record_key, seq), match keys (JSON) and the fields the
        fuzzy merge compares (title, authors as JSON, year, publisher), in (source, record_key)
        order."""
        table = self.con.sql("""
            SELECT source, record_key, seq, keys, json_extract_string(work, '$.title') AS title,
                   json_extract(work, '$.authors')::VARCHAR AS authors,
                   TRY_CAST(json_extract_string(work, '$.year') AS INTEGER) AS year,
                   json_extract_string(work, '$.publisher') AS publisher
            FROM mapped_records ORDER BY source, record_key""").to_arrow_table()
        columns = [table[name].to_pylist() for name in ("source", "record_key", "seq")]
        return {"members": list(zip(*columns)),
                **{name: table[name].to_pylist() for name in ("keys", "title", "authors", "year", "publisher")}}

    def linked_documents(self) -> list[tuple[str, str, str]]:
        """(source, record_key, URL of the page it was found on) of every live record of a
        document linked from a page ("nordcat.found_on")."""
        return self.con.execute("""
            SELECT h.source, h.record_key, r.metadata->>'$."nordcat.found_on"[0]' AS page
            FROM record_heads h JOIN raw_records r USING (seq)
            WHERE NOT h.deleted AND page IS NOT NULL ORDER BY h.source, h.record_key""").fetchall()

    def mapped_works(self, seqs: list[int]) -> dict[int, str]:
        """seq -> the cached mapped record (JSON) of these records."""
        self.con.register("wanted_seqs", pa.table({"seq": pa.array(seqs, pa.int64())}))
        try:
            table = self.con.sql("SELECT seq, work FROM mapped_records JOIN wanted_seqs USING (seq)").to_arrow_table()
        finally:
            self.con.unregister("wanted_seqs")
        return dict(zip(table["seq"].to_pylist(), table["work"].to_pylist()))

    def previous_ids(self) -> dict[tuple[str, str], str]:
        """(source, record_key) -> work id of the last build, so ids stay stable across runs."""
        rows = self.con.execute("SELECT source, record_key, document_id FROM document_sources").fetchall()
        return {(s, k): d for s, k, d in rows}

    def changed_works(self, members: pa.Table) -> set[str]:
        """The works whose record versions differ between `members` (work id, seq: the works as
        clustered now) and the last build; ids of either side."""
        self.con.register("new_members", members)
        try:
            rows = self.con.execute("""
                SELECT DISTINCT coalesce(n.id, s.document_id)
                FROM new_members n FULL OUTER JOIN document_sources s ON s.document_id = n.id AND s.seq = n.seq
                WHERE n.id IS NULL OR s.document_id IS NULL""").fetchall()
        finally:
            self.con.unregister("new_members")
        return {work_id for (work_id,) in rows}

    def drop_works(self, kept: list[str] | None) -> None:
        """Delete the rows of every work except the `kept` ones (None: of every work)."""
        con = self.con
        if kept is None:
            for table in self.WORK_TABLES:
                con.execute(f"DELETE FROM {table}")
            return
        con.register("kept_works", pa.table({"id": pa.array(kept, pa.string())}))
        try:
            for table, column in self.WORK_TABLES.items():
                con.execute(f"DELETE FROM {table} WHERE {column} NOT IN (SELECT id FROM kept_works)")
        finally:
            con.unregister("kept_works")

    def add_works(self, tables: dict[str, pa.Table]) -> None:
        """Insert the rows of combined works (WORK_TABLES name -> rows)."""
        for name, rows in tables.items():
            self._insert(name, rows)

    def update_seen_dates(self) -> None:
        """Every work's first_seen and last_seen from its records' heads (they move without a
        new version: a record seen again is not a changed record)."""
        self.con.execute("""
            UPDATE documents SET first_seen = seen.first_seen, last_seen = seen.last_seen
            FROM (SELECT s.document_id,
                         strftime(min(h.first_seen), '%Y-%m-%dT%H:%M:%SZ') AS first_seen,
                         strftime(max(h.last_seen), '%Y-%m-%dT%H:%M:%SZ') AS last_seen
                  FROM document_sources s JOIN record_heads h USING (source, record_key)
                  GROUP BY s.document_id) AS seen
            WHERE documents.id = seen.document_id
              AND (documents.first_seen IS DISTINCT FROM seen.first_seen
                   OR documents.last_seen IS DISTINCT FROM seen.last_seen)""")

    def person_keys_outside(self, kept: list[str]) -> set[str]:
        """The person keys of the works not in `kept` (those a build drops or recombines)."""
        self.con.register("kept_works", pa.table({"id": pa.array(kept, pa.string())}))
        try:
            rows = self.con.execute("SELECT DISTINCT person_key FROM person_mentions WHERE person_key IS NOT NULL "
                                    "AND document_id NOT IN (SELECT id FROM kept_works)").fetchall()
        finally:
            self.con.unregister("kept_works")
        return {key for (key,) in rows}

    def linked_person_keys(self, keys: set[str]) -> list[str]:
        """The keys and every key that shares an ORCID or a Cristin id with one of them, transitively."""
        found, frontier = set(keys), set(keys)
        while frontier:
            self.con.register("frontier", pa.table({"key": pa.array(sorted(frontier), pa.string())}))
            try:
                rows = self.con.execute("""
                    SELECT DISTINCT b.person_key FROM person_mentions a JOIN person_mentions b USING (orcid)
                    WHERE a.person_key IN (SELECT key FROM frontier)
                    UNION
                    SELECT DISTINCT b.person_key FROM person_mentions a JOIN person_mentions b USING (cristin_id)
                    WHERE a.person_key IN (SELECT key FROM frontier)""").fetchall()
            finally:
                self.con.unregister("frontier")
            frontier = {key for (key,) in rows} - found
            found |= frontier
        return sorted(found)

    def person_mentions(self, keys: list[str] | None) -> tuple[list[dict], dict[str, set[str]]]:
        """The mentions of these person keys (None: all), in no particular order, and, for the
        works they are in, every person key of the work (for the co-author context; empty when
        all were asked for)."""
        columns = "document_id, role, position, name, orcid, cristin_id"
        if keys is None:
            return self.con.sql(f"SELECT {columns} FROM person_mentions").to_arrow_table().to_pylist(), {}
        self.con.register("wanted_keys", pa.table({"key": pa.array(keys, pa.string())}))
        try:
            mentions = self.con.sql(f"""
                SELECT {columns} FROM person_mentions WHERE person_key IN (SELECT key FROM wanted_keys)
                """).to_arrow_table().to_pylist()
            pairs = self.con.execute("""
                SELECT document_id, list(DISTINCT person_key) FROM person_mentions
                WHERE person_key IS NOT NULL AND document_id IN (
                    SELECT document_id FROM person_mentions WHERE person_key IN (SELECT key FROM wanted_keys))
                GROUP BY document_id""").fetchall()
        finally:
            self.con.unregister("wanted_keys")
        return mentions, {document: set(keys) for document, keys in pairs}

    def replace_persons(self, keys: list[str] | None, persons: pa.Table, credits: pa.Table) -> None:
        """Replace the credits of the mentions of these person keys (None: all credits) and the
        persons they name; a person no work credits any more goes."""
        con = self.con
        if keys is None:
            con.execute("DELETE FROM document_persons")
        else:
            con.register("wanted_keys", pa.table({"key": pa.array(keys, pa.string())}))
            try:
                con.execute("""
                    DELETE FROM document_persons USING person_mentions m
                    WHERE m.person_key IN (SELECT key FROM wanted_keys) AND m.position IS NOT NULL
                      AND document_persons.document_id = m.document_id AND document_persons.role = m.role
                      AND document_persons.position = m.position""")
            finally:
                con.unregister("wanted_keys")
        self._insert("document_persons", credits)
        con.register("new_persons", persons)
        try:
            con.execute("DELETE FROM persons WHERE id IN (SELECT id FROM new_persons) "
                        "OR id NOT IN (SELECT person_id FROM document_persons)")
            con.execute("INSERT INTO persons BY NAME SELECT * FROM new_persons")
        finally:
            con.unregister("new_persons")

    def organisation_names(self) -> list[tuple[str, list[str], int]]:
        """Per organisation: the spellings its works' records used (sorted) and its works."""
        return self.con.execute("""
            SELECT organisation_id, list(DISTINCT name ORDER BY name), count(DISTINCT document_id)
            FROM document_organisations GROUP BY organisation_id ORDER BY organisation_id""").fetchall()

    def replace_table(self, name: str, rows: pa.Table) -> None:
        """All rows of a derived table, inside the caller's transaction."""
        self.con.execute(f"DELETE FROM {name}")
        self._insert(name, rows)

    def replace_unmapped_fields(self) -> list[tuple[str, str, int]]:
        """Rewrite unmapped_fields from the cached mappings: per source and dc key that no mapping
        rule reads, the live records that carry it and the example of the first of them in
        record_key order (so it stays the same from build to build). Returns (source, field,
        records)."""
        self.con.execute("DELETE FROM unmapped_fields")
        self.con.execute("""
            INSERT INTO unmapped_fields
            SELECT source, u.field, count(*), first(u.example ORDER BY record_key)
            FROM (SELECT source, record_key, unnest(unmapped) AS u FROM mapped_records)
            GROUP BY source, u.field""")
        return self.con.execute("SELECT source, field, records FROM unmapped_fields ORDER BY ALL").fetchall()

    def _insert(self, table: str, rows: pa.Table) -> None:
        self.con.register("new_rows", rows)
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM new_rows")
        finally:
            self.con.unregister("new_rows")


# The full texts a record's first "nordcat.fulltext_url" may have: those fetched and read.
_FULLTEXT_OK = "SELECT source, url, sha256, text FROM fulltexts WHERE status = 'ok' AND text <> ''"
