"""Rows handed to the warehouse inside a transaction are let go once stored.

A build keeps its curated tables in one transaction. DuckDB 2.0 keeps an Arrow table registered
inside a transaction, memory and all, until the transaction ends, unregistered or not, and outside
its own memory limit: a full build of a million records held 1.6 GB of rows it had long inserted.
The warehouse reads Arrow rows without registering them (Engine._with_rows)."""
from __future__ import annotations

import pyarrow as pa

from nordcat import tables
from warehouse.store import Warehouse

BATCHES, ROWS = 8, 5_000


def organisations(batch: int) -> pa.Table:
    """About 2 MB of organisation rows."""
    return pa.table({"id": [f"o{batch}-{i}" for i in range(ROWS)],
                     "name": [f"Organisasjon {batch}-{i} " + "x" * 400 for i in range(ROWS)],
                     "country": ["NO"] * ROWS, "aliases": ["[]"] * ROWS, "works": [1] * ROWS},
                    schema=tables.arrow_schema("organisations"))


def test_rows_stored_inside_a_transaction_are_not_held_until_it_ends(tmp_path):
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        before = pa.total_allocated_bytes()
        with warehouse.transaction():
            for batch in range(BATCHES):
                rows = organisations(batch)
                assert pa.total_allocated_bytes() - before > 1_000_000  # the batch itself: the check can see it
                warehouse.add_works({"organisations": rows})
                del rows
                assert pa.total_allocated_bytes() - before < 100_000, f"batch {batch} still held after it was stored"
            warehouse.update_redirects({"w1": "w2"}, ["w3"], [f"live{i}" for i in range(ROWS)], "2026-12-07T00:00:00Z")
            assert pa.total_allocated_bytes() - before < 100_000
        assert warehouse.query("SELECT count(*) FROM organisations") == [(BATCHES * ROWS,)]
        assert warehouse.query("SELECT id, status, target FROM work_redirects ORDER BY id") == [
            ("w1", "moved", "w2"), ("w3", "gone", None)]
