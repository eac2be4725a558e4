"""The engine under the warehouse: the one DuckDB connection, its memory limits, the schema,
transactions, and the few operations on the database as a whole.

`Engine` is the base of the mixin composition in warehouse/store.py:
`class Warehouse(RawRecords, CrawlState, CuratedStore, PublishReads, Engine)`. It alone opens the
connection (`self.con`); the mixins use it, and nothing outside the warehouse package does:
crawlers, pipeline and publish call Warehouse methods.

Queries fetch all their rows (`fetchall`): DuckDB 2 keeps a half-read result open and refuses
other work on the connection until it is read to the end.
"""
from __future__ import annotations

import importlib.resources
import logging
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Self

import duckdb
import pyarrow as pa

from nordcat import tables

log = logging.getLogger(__name__)

# read as a package resource: a crawl job imports this module from the zipped egg Scrapyd runs
SCHEMA = importlib.resources.files("warehouse").joinpath("schema.sql").read_text(encoding="utf-8")
MEMORY_LIMIT = "256MB"        # see Engine.__init__
BUILD_MEMORY_LIMIT = "1GB"
CHECKPOINT_THRESHOLD = "256MB"  # see Engine.__init__
# allocator_background_threads: DuckDB's allocator (jemalloc) hands memory a query has freed back
# to the system from threads of its own. Without them it does so only while DuckDB works: through
# a build's merge, pure Python for a minute, it kept 450 MB of the read it had done (1M records).
CONFIG = {"memory_limit": MEMORY_LIMIT, "allocator_background_threads": True}
# A reader (`nordcat status`) holds the file for a moment; a writer opening it meanwhile waits this
# long for it rather than failing the nightly. A writer holds it for a whole stage: a reader does not wait.
WRITER_WAITS_S = 15.0


class WarehouseBusy(Exception):
    """Another process holds the warehouse file in a way that excludes this one (DuckDB allows one
    writing process, or any number of reading ones)."""


def utcnow() -> datetime:
    """Naive UTC, as DuckDB TIMESTAMP columns hold it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """The connection; a writer waits up to WRITER_WAITS_S for readers to let go of the file, a
    reader raises WarehouseBusy at once while a writer holds it."""
    deadline = time.monotonic() + (0 if read_only else WRITER_WAITS_S)
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=CONFIG)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"{path} is held by another process: {exc}") from exc
            time.sleep(0.2)


class Engine:
    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # DuckDB caches blocks up to 80 % of RAM by default: a crawl's memory would grow with the
        # warehouse. Capped, it stays flat; what does not fit spills to disk.
        self.con = _connect(self.path, read_only)
        self._in_transaction = False
        if not read_only:
            # A checkpoint costs far more than the rows written since the last one (it seems to
            # rewrite the growing last row group and the primary-key index each time): at 32 MB
            # (every 12,000-24,000 OAI records) a 300,000-record load spent 18 s of CPU in
            # checkpoints, at 256 MB 7 s, and the file came out half as large. Uncheckpointed rows
            # stay under the memory limit (DuckDB spills them to warehouse.duckdb.tmp); a crash
            # replays the WAL.
            self.con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
            self.con.execute(SCHEMA + tables.duckdb_ddl())  # the curated tables: nordcat/tables.py

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            self._lower_memory_limit()

    def _lower_memory_limit(self) -> None:
        """Back to the crawl's cap after a build. DuckDB refuses a limit below what it holds pinned
        (a result still open on a cursor: at 1M works an incremental build ended so, after its
        transaction had committed, and the command failed); then the build's limit stays for the
        rest of this connection, which the command closes when it ends."""
        try:
            self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        except duckdb.OutOfMemoryException:
            log.warning("DuckDB holds more than %s when a build ends; its limit stays %s until the warehouse "
                        "is closed", MEMORY_LIMIT, BUILD_MEMORY_LIMIT)

    def query(self, sql: str, params: Any = None) -> list[tuple]:
        """Run one SQL statement and return all its rows. For tests and ad-hoc inspection (the
        CLI, a debugging session) only: the layers call the named methods of the warehouse,
        which keep its invariants (heads, lineage, transactions)."""
        return self.con.execute(sql, params).fetchall()

    def snapshot_to(self, path: Path) -> None:
        """A consistent copy of the whole warehouse in a new DuckDB file at `path`, through the
        open connection: `COPY FROM DATABASE` reads one MVCC snapshot of every table, and the
        copy is an ordinary (compacted) DuckDB file. Copying the file with the file system could
        miss what is only in its WAL, or catch a checkpoint half written."""
        [[source]] = self.con.execute("SELECT current_database()").fetchall()
        quoted = str(path).replace("'", "''")
        self.con.execute(f"ATTACH '{quoted}' AS downloads_snapshot")
        try:
            self.con.execute(f'COPY FROM DATABASE "{source}" TO downloads_snapshot')
        finally:
            self.con.execute("DETACH downloads_snapshot")

    def _insert(self, table: str, rows: pa.Table) -> None:
        """Arrow rows into a table, by column name, in one INSERT ... SELECT."""
        self._with_rows("new_rows", rows, f"INSERT INTO {table} BY NAME SELECT * FROM new_rows")

    def _with_rows(self, name: str, rows: pa.Table, sql: str) -> duckdb.DuckDBPyRelation:
        """Run one statement that reads the Arrow `rows` as the table `name`; its result, if any,
        is read from the relation returned. Not register(): a table registered inside a
        transaction is kept, memory and all, until the transaction ends, unregistered or not
        (DuckDB 2.0), and that memory is outside DuckDB's limit: a full build of a million
        records held 1.6 GB of rows it had long inserted so."""
        return self.con.from_arrow(rows).query(name, sql)
