"""Raw record versions: what the crawlers (and `nordcat reparse`) store, with lineage.

`RawRecords` is a mixin of `Warehouse` (warehouse/store.py) over `Engine` (warehouse/engine.py),
whose connection `self.con` it uses. Records arrive as `nordcat.records.RawRecord`s, made by
`raw_record()` wherever they are parsed: each already carries its encoded metadata and content
hash, so nothing here encodes or hashes again.

Loads go through Arrow in batches (one `INSERT ... SELECT` per batch, never a row at a time) and
each batch is one transaction, so a crash mid-crawl leaves every stored batch whole and nothing
half-written. Storing is idempotent: a record whose content hash equals its head is not stored
again, only its `last_seen` moves.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

import duckdb
import pyarrow as pa

from nordcat import dc
from nordcat.records import RawRecord
from warehouse.engine import utcnow

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


def last_listing_of_each(records: Iterable[RawRecord]) -> list[RawRecord]:
    """The batch with each (source, record_key) once: a record listed twice (e.g. in two OAI
    sets) counts at its last listing, in that listing's place."""
    latest: dict[tuple[str, str], RawRecord] = {}
    for record in records:
        key = (record.source, record.record_key)
        latest.pop(key, None)
        latest[key] = record
    return list(latest.values())


def batch_keys(batch: list[RawRecord]) -> pa.Table:
    return pa.table([pa.array(range(len(batch)), pa.int64()), [r.source for r in batch],
                     [r.record_key for r in batch], [r.content_hash for r in batch]], schema=BATCH_KEYS)


def new_versions(changed: list[RawRecord], seqs: list[int], held: list[bool]) -> pa.Table:
    """The rows of the changed records, as they came (metadata encoded, content hashed)."""
    return pa.table([
        seqs, [r.source for r in changed], [r.record_key for r in changed],
        [r.url for r in changed], [r.format for r in changed],
        [r.datestamp for r in changed], [r.deleted for r in changed],
        [r.payload for r in changed], [r.metadata_json for r in changed],
        [r.content_hash for r in changed], held,
    ], schema=NEW_VERSIONS)


def next_seqs(con: duckdb.DuckDBPyConnection, count: int) -> list[int]:
    """`count` numbers from raw_seq, ascending: new versions are numbered in batch order."""
    return sorted(seq for (seq,) in con.execute("SELECT nextval('raw_seq') FROM range($n)",
                                                {"n": count}).fetchall())


def store_versions(con: duckdb.DuckDBPyConnection, versions: pa.Table, run_id: str,
                   fetched_at: datetime, parsed_from: str | None = None) -> None:
    """Insert new versions (NEW_VERSIONS) and move their records' heads to them, inside the
    caller's transaction. A head keeps its first_seen; a first version starts one; last_seen only
    moves forward (a reparse stores versions with the archived response's older time).
    `parsed_from`: the run whose archived responses a reparse parsed (None for a crawl)."""
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


class RawRecords:
    """Mixin of Warehouse: raw record versions and their heads (see the module docstring)."""

    con: duckdb.DuckDBPyConnection  # Engine's

    def add_records(self, records: Iterable[RawRecord], *, run_id: str) -> int:
        """Store a batch of records; returns how many new versions were stored.

        Only keys and content hashes meet the heads; the changed records alone go, payload and
        all, straight from Arrow into raw_records.
        """
        batch = last_listing_of_each(records)
        if not batch:
            return 0
        fetched_at = utcnow()
        con = self.con
        con.register("batch_keys", batch_keys(batch))
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
                                            [held for _, held in changes])
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

    def documents_found_on(self, source: str, fmt: str) -> list[tuple[str, str | None]]:
        """(record key, URL of the page it was found on: the first "nordcat.found_on") of every
        live record of the source in format `fmt` (the web spider's linked documents)."""
        return self.con.execute(f"""
            SELECT h.record_key, json_extract_string(r.metadata, '{dc.json_path(dc.FOUND_ON)}')
            FROM record_heads h JOIN raw_records r USING (seq)
            WHERE h.source = ? AND NOT h.deleted AND r.format = ?""", [source, fmt]).fetchall()

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

    def add_reparsed(self, records: Iterable[RawRecord], *, run_id: str, parsed_from: str,
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
        keys = pa.table([pa.array(range(len(batch)), pa.int64()), [r.source for r in batch],
                         [r.record_key for r in batch], [r.content_hash for r in batch], [r.url for r in batch],
                         [r.format for r in batch], [r.datestamp for r in batch],
                         [r.metadata_json for r in batch]],
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
                                            [held for _, held in changes])
                    store_versions(con, versions, run_id, fetched_at, parsed_from)
        finally:
            con.unregister("reparsed")
        return len(changes)
