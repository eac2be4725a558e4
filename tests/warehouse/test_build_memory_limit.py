"""The build's raised DuckDB memory limit (Warehouse.build_memory) ends without failing the build.

At 1M works an incremental build committed its tables and then failed: DuckDB refused to lower its
limit back to the crawl's cap while it held more than that pinned. Here a result left open on a
cursor pins a sorted table larger than the cap, as real DuckDB does."""
from __future__ import annotations

import duckdb
import pytest

from warehouse import engine
from warehouse.store import Warehouse

ROWS = 6_000_000  # sorted with their md5 text: well over the crawl's 256 MB


def test_a_build_that_leaves_memory_pinned_ends_and_keeps_what_it_stored(tmp_path):
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        with warehouse.build_memory():
            warehouse.con.execute(f"CREATE TABLE big AS SELECT range AS i, md5(range::varchar) AS s FROM range({ROWS})")
            cursor = warehouse.con.cursor()
            cursor.execute("SELECT * FROM big ORDER BY s")  # held open: its memory stays pinned
        # the plain SET the context used to end with fails here: the case is real
        with pytest.raises(duckdb.OutOfMemoryException):
            warehouse.con.execute(f"SET memory_limit = '{engine.MEMORY_LIMIT}'")
        assert warehouse.query("SELECT count(*) FROM big") == [(ROWS,)]
        cursor.close()
        warehouse.con.execute(f"SET memory_limit = '{engine.MEMORY_LIMIT}'")  # the cap holds again once freed
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        assert warehouse.query("SELECT count(*) FROM big") == [(ROWS,)]
