"""What `nordcat load` has ingested from the landing directory, and what jobs need exported.

`LandingLog` is a mixin of `Warehouse` (warehouse/store.py) over `Engine` (warehouse/engine.py).
The loader (crawlers/load.py) records each landing file it ingests in the same transaction as
what the file held, so a file is either loaded and logged or neither.
"""
from __future__ import annotations

from datetime import timedelta

import duckdb

from warehouse.engine import utcnow


class LandingLog:
    """Mixin of Warehouse: the landing files loaded, run lookups the job dispatcher needs."""

    con: duckdb.DuckDBPyConnection  # Engine's

    def loaded_files(self, prefix: str) -> set[str]:
        """The landing files under `prefix` (a path relative to the landing directory) loaded already."""
        rows = self.con.execute("SELECT path FROM landing_files WHERE starts_with(path, ?)", [prefix]).fetchall()
        return {path for (path,) in rows}

    def log_loaded(self, path: str, run_id: str, source: str, role: str, rows: int | None = None) -> None:
        self.con.execute("INSERT INTO landing_files VALUES (?, ?, ?, ?, ?, ?)",
                         [path, run_id, source, role, rows, utcnow()])

    def run_status(self, run_id: str, source: str) -> str | None:
        """The status of a source's crawl run (running, ok, failed, crashed), None if there is none."""
        rows = self.con.execute("SELECT status FROM crawl_runs WHERE run_id = ? AND source = ?",
                                [run_id, source]).fetchall()
        return rows[0][0] if rows else None

    def expected_durations(self, sources: list[str]) -> dict[str, timedelta]:
        """Each source's duration in its last finished run (the job planner spreads by it); a
        source never run is left out."""
        rows = self.con.execute("""
            SELECT source, ended_at - started_at FROM crawl_runs
            WHERE source IN (SELECT unnest(?::VARCHAR[])) AND ended_at IS NOT NULL AND kind <> 'reparse'
            QUALIFY row_number() OVER (PARTITION BY source ORDER BY started_at DESC) = 1""", [sources]).fetchall()
        return {source: duration for source, duration in rows}

    def fulltext_urls(self, source: str) -> set[str]:
        """Every full-text URL of the source with an outcome stored."""
        rows = self.con.execute("SELECT url FROM fulltexts WHERE source = ?", [source]).fetchall()
        return {url for (url,) in rows}
