"""Harvest state beside the records: resumable checkpoints and reconciliation of vanished records.

A checkpoint may lag behind what is stored (it is written after the records of its page), never
run ahead of it: resuming from a lagging checkpoint fetches a page again, and records whose
content did not change are not stored twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from warehouse.store import Warehouse, utcnow


@dataclass(frozen=True)
class Checkpoint:
    source: str
    prefix: str
    set_spec: str | None
    harvest_from: str | None
    response_date: str
    token: str
    pages: int


def save_checkpoint(con: duckdb.DuckDBPyConnection, cp: Checkpoint) -> None:
    con.execute("DELETE FROM harvest_checkpoints WHERE source = ?", [cp.source])
    con.execute("INSERT INTO harvest_checkpoints VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [cp.source, cp.prefix, cp.set_spec, cp.harvest_from, cp.response_date, cp.token, cp.pages,
                 utcnow()])


def load_checkpoint(warehouse: Warehouse, source: str) -> Checkpoint | None:
    rows = warehouse.con.execute(
        "SELECT source, prefix, set_spec, harvest_from, response_date, token, pages "
        "FROM harvest_checkpoints WHERE source = ?", [source]).fetchall()
    return Checkpoint(*rows[0]) if rows else None


def clear_checkpoint(warehouse: Warehouse, source: str) -> None:
    warehouse.con.execute("DELETE FROM harvest_checkpoints WHERE source = ?", [source])


def last_reconciled(warehouse: Warehouse, source: str) -> datetime | None:
    rows = warehouse.con.execute(
        "SELECT max(started_at) FROM crawl_runs WHERE source = ? AND reconciled", [source]).fetchall()
    return rows[0][0]


def entomb_vanished(warehouse: Warehouse, run_id: str, source: str) -> int:
    """Tombstones for live records a complete listing of this run did not mention.

    Every record a full ListRecords or ListIdentifiers pass lists has its last_seen moved to
    this run; the ones left behind are gone from the source.
    """
    vanished = [key for (key,) in warehouse.con.execute("""
        SELECT h.record_key FROM record_heads h
        WHERE h.source = $source AND NOT h.deleted
          AND h.last_seen < (SELECT started_at FROM crawl_runs WHERE run_id = $run AND source = $source)
        ORDER BY h.record_key""", {"source": source, "run": run_id}).fetchall()]
    return warehouse.add_records([
        {"source": source, "record_key": key, "format": "tombstone", "deleted": True, "metadata": {},
         "payload": f"vanished: not listed by the source in run {run_id}"} for key in vanished],
        run_id=run_id)
