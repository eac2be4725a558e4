"""Bulk downloads of a published catalogue, with checksums: DATA/downloads/.

- catalogue.sqlite: the catalogue as served;
- <table>.parquet and <table>.csv for every public table of it (documents, lineage, sources,
  browse tables, enrichment tables; not the full-text indexes, which only SQLite can read);
- warehouse.duckdb: a snapshot of the DuckDB warehouse (raw records, versions, runs, curated
  tables);
- SHA256SUMS (`sha256sum -c SHA256SUMS` checks them) and manifest.json (file, bytes, sha256,
  rows, created_at), which the Datasette plugin publish/plugins/downloads.py lists and serves.

The snapshot is made through the warehouse that publish already holds open
(`Warehouse.snapshot_to`), with `COPY FROM DATABASE` into a new file: one statement reads one
MVCC snapshot of every table, so the copy is consistent, and it is an ordinary DuckDB file
(compacted) that opens as it is.
Copying warehouse.duckdb with the file system instead could miss what is only in its WAL, or
catch a checkpoint half written; EXPORT DATABASE reads one snapshot too, but as a folder of
files to import again.

Everything is written into a new folder beside DATA/downloads, which is a symbolic link: the
link is replaced (rename, atomic) once the folder is complete, then older folders are removed.
A reader sees the old set or the new one, never a mix; a download already streaming keeps its
open file.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as csv
import pyarrow.parquet as pq

from warehouse.store import Warehouse

BATCH_ROWS = 50_000
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
CSV_OPTIONS = csv.WriteOptions(quoting_style="needed")
ARROW_TYPES = {"INTEGER": pa.int64(), "INT": pa.int64(), "REAL": pa.float64()}  # anything else: text


@dataclass(frozen=True)
class Download:
    file: str
    bytes: int
    sha256: str
    rows: int | None  # None for a whole database (several tables)
    created_at: str


def write_downloads(catalogue_path: Path, warehouse: Warehouse, out_dir: Path) -> list[Download]:
    """Write the downloads of `catalogue_path` and the warehouse; `out_dir` then links to them."""
    created_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    folder = out_dir.with_name(f".{out_dir.name}-{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}")
    folder.mkdir(parents=True)
    try:
        rows = {"catalogue.sqlite": None, "warehouse.duckdb": None}
        # DuckDB copies the warehouse on its own threads while this one writes the tables
        with ThreadPoolExecutor(1) as snapshotting:
            snapshot = snapshotting.submit(warehouse.snapshot_to, folder / "warehouse.duckdb")
            shutil.copyfile(catalogue_path, folder / "catalogue.sqlite")
            with sqlite3.connect(f"file:{catalogue_path}?mode=ro", uri=True) as db:
                for table in public_tables(db):
                    rows[f"{table}.parquet"] = rows[f"{table}.csv"] = write_table(db, table, folder)
            snapshot.result()
        downloads = [Download(name, (folder / name).stat().st_size, sha256(folder / name), count, created_at)
                     for name, count in sorted(rows.items())]
        (folder / CHECKSUMS).write_text("".join(f"{d.sha256}  {d.file}\n" for d in downloads))
        (folder / MANIFEST).write_text(json.dumps(
            {"created_at": created_at, "files": [asdict(d) for d in downloads]}, indent=1))
        switch_link(out_dir, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return downloads


def public_tables(db: sqlite3.Connection) -> list[str]:
    """Ordinary tables: not full-text indexes and their shadow tables, not SQLite's own."""
    return sorted(name for _, name, kind, *_ in db.execute("PRAGMA main.table_list")
                  if kind == "table" and not name.startswith("sqlite_"))


def arrow_schema(db: sqlite3.Connection, table: str) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES.get(declared.upper(), pa.string()))
                      for _, name, declared, *_ in db.execute(f"PRAGMA table_info([{table}])")])


def write_table(db: sqlite3.Connection, table: str, folder: Path) -> int:
    """The table as <table>.parquet and <table>.csv (a header line; every text quoted, so an empty
    text and a missing one differ), read once; returns its rows."""
    schema = arrow_schema(db, table)
    texts = [index for index, column in enumerate(schema) if column.type == pa.string()]
    cursor = db.execute(f"SELECT * FROM [{table}] ORDER BY rowid")
    rows = 0
    with pq.ParquetWriter(folder / f"{table}.parquet", schema, compression="zstd") as parquet, \
            csv.CSVWriter(folder / f"{table}.csv", schema, write_options=CSV_OPTIONS) as text:
        while batch := cursor.fetchmany(BATCH_ROWS):
            columns = [list(column) for column in zip(*batch)]
            for index in texts:  # a value SQLite stored as a number in a text column stays text
                columns[index] = [None if v is None else str(v) for v in columns[index]]
            arrow = pa.record_batch(columns, schema=schema)
            parquet.write_batch(arrow)
            text.write_batch(arrow)
            rows += len(batch)
    return rows


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def switch_link(out_dir: Path, folder: Path) -> None:
    """Point `out_dir` at `folder` in one rename; remove the folders it pointed at before."""
    if out_dir.is_dir() and not out_dir.is_symlink():
        shutil.rmtree(out_dir)  # a plain folder cannot be renamed over: replaced once, by a link
    link = out_dir.with_name(f".{out_dir.name}.link.{os.getpid()}")
    link.unlink(missing_ok=True)
    link.symlink_to(folder.name)
    os.replace(link, out_dir)
    for old in out_dir.parent.glob(f".{out_dir.name}-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
