"""Crawl state beside the records: crawl runs, harvest checkpoints, page validators, full texts.

`CrawlState` is a mixin of `Warehouse` (warehouse/store.py) over `Engine` (warehouse/engine.py),
whose connection `self.con` it uses; it calls `add_records` of the `RawRecords` mixin
(warehouse/raw.py) for tombstones.

Harvest checkpoints: a checkpoint may lag behind what is stored (it is written after the records
of its page, in the same transaction), never run ahead of it: resuming from a lagging checkpoint
fetches a page again, and records whose content did not change are not stored twice.

Page validators (conditional GET of HTML sources): a record page that came with an ETag or a
Last-Modified is remembered with the record it gave and the links the crawl followed from it.
The next run sends those validators; a page that answers 304 Not Modified is neither downloaded
nor parsed again: its record is marked as still seen, and its links are followed from here.
Validators are saved when the spider closes, after its records are stored, and only for records
the warehouse holds: they may lag behind the records (a page is then fetched once more), never
run ahead of them (a 304 would then stand for a record that was never stored).

Full texts: one row per full-text URL, its latest outcome; `fulltext_candidates` is the retry
policy (which URLs a crawl fetches again).

Source health: after every crawl run each enabled source is judged from its crawl runs
(nordcat/health.py) and a row of source_health records it, whether the run crawled it or not, so
that the history shows a source going stale as well as one failing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

import duckdb
import pyarrow as pa

from nordcat import dc, tables
from nordcat.health import Freshness, LastCrawl, judge
from nordcat.records import raw_record
from nordcat.sources import Source
from warehouse.engine import utcnow

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

PAGE_VALIDATORS = pa.schema([
    ("source", pa.string()), ("url", pa.string()), ("etag", pa.string()), ("last_modified", pa.string()),
    ("record_key", pa.string()), ("links", pa.string()),
])


@dataclass(frozen=True)
class Checkpoint:
    source: str
    prefix: str
    set_spec: str | None
    harvest_from: str | None
    response_date: str
    token: str
    pages: int


@dataclass(frozen=True)
class FrontierRequest:
    url: str        # canonical
    callback: str   # name of the spider method
    meta: dict      # the request's meta that matters on resumption (crawlers/frontier.py)


@dataclass(frozen=True)
class SavedFrontier:
    pending: list[FrontierRequest]
    done: frozenset[str]


@dataclass(frozen=True)
class PageState:
    url: str                   # canonical page URL
    etag: str | None
    last_modified: str | None
    record_key: str
    links: tuple[str, ...] = ()


class CrawlState:
    """Mixin of Warehouse: crawl runs, checkpoints, page validators, full texts (see the module
    docstring)."""

    con: duckdb.DuckDBPyConnection  # Engine's

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

    def last_reconciled(self, source: str) -> datetime | None:
        """When the last run that listed every identifier of the source started."""
        rows = self.con.execute(
            "SELECT max(started_at) FROM crawl_runs WHERE source = ? AND reconciled", [source]).fetchall()
        return rows[0][0]

    def last_ok_records(self, source: str) -> int | None:
        """Records the last healthy run of a source found, fetched or not modified; None before one."""
        rows = self.con.execute("""
            SELECT records_seen + coalesce(TRY_CAST(details->>'$.not_modified' AS BIGINT), 0) FROM crawl_runs
            WHERE source = ? AND status = 'ok' ORDER BY started_at DESC LIMIT 1""", [source]).fetchall()
        return rows[0][0] if rows else None

    def entomb_vanished(self, run_id: str, source: str) -> int:
        """Tombstones for live records a complete listing of this run did not mention.

        Every record a full ListRecords or ListIdentifiers pass lists has its last_seen moved to
        this run; the ones left behind are gone from the source.
        """
        vanished = [key for (key,) in self.con.execute("""
            SELECT h.record_key FROM record_heads h
            WHERE h.source = $source AND NOT h.deleted
              AND h.last_seen < (SELECT started_at FROM crawl_runs WHERE run_id = $run AND source = $source)
            ORDER BY h.record_key""", {"source": source, "run": run_id}).fetchall()]
        return self.add_records([
            raw_record(source=source, key=key, fmt="tombstone", deleted=True, metadata={},
                       payload=f"vanished: not listed by the source in run {run_id}") for key in vanished],
            run_id=run_id)

    # --- source health ------------------------------------------------------------------------

    def last_crawls(self) -> dict[str, LastCrawl]:
        """source -> its last finished crawl run and last success (reparse runs, which ask no
        source anything, and runs still running are left out). A source never crawled is not in it."""
        rows = self.con.execute("""
            SELECT source, status, health, error, started_at,
                   max(started_at) FILTER (WHERE status = 'ok') OVER (PARTITION BY source)
            FROM crawl_runs WHERE kind <> 'reparse' AND status <> 'running'
            QUALIFY row_number() OVER (PARTITION BY source ORDER BY started_at DESC, run_id DESC) = 1""").fetchall()
        return {source: LastCrawl(*fields) for source, *fields in rows}

    def freshness(self, sources: list[Source], now: datetime | None = None) -> list[Freshness]:
        """Each source's health at `now` (default: now), in the order given."""
        now = now or utcnow()
        last = self.last_crawls()
        return [judge(source, last.get(source.name), now) for source in sources]

    def record_health(self, run_id: str, sources: list[Source], crawled: set[str],
                      now: datetime | None = None) -> list[Freshness]:
        """Judge the sources at the end of crawl run `run_id` (`crawled`: the names it crawled) and
        add a source_health row for each; returns the judgements."""
        now = now or utcnow()
        judged = self.freshness(sources, now)
        rows = [{"run_id": run_id, "source": f.source, "checked_at": now, "crawled": f.source in crawled,
                 "status": f.status if f.source in crawled else None, "health": f.health,
                 "last_success": f.last_success, "age_hours": f.age_hours, "stale": f.stale, "error": f.error}
                for f in judged]
        self._insert("source_health", pa.Table.from_pylist(rows, schema=tables.arrow_schema("source_health")))
        return judged

    # --- harvest checkpoints -------------------------------------------------------------------

    def save_checkpoint(self, cp: Checkpoint) -> None:
        """Replace the source's checkpoint (inside the transaction of the records before it)."""
        self.con.execute("DELETE FROM harvest_checkpoints WHERE source = ?", [cp.source])
        self.con.execute("INSERT INTO harvest_checkpoints VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [cp.source, cp.prefix, cp.set_spec, cp.harvest_from, cp.response_date, cp.token,
                          cp.pages, utcnow()])

    def load_checkpoint(self, source: str) -> Checkpoint | None:
        rows = self.con.execute(
            "SELECT source, prefix, set_spec, harvest_from, response_date, token, pages "
            "FROM harvest_checkpoints WHERE source = ?", [source]).fetchall()
        return Checkpoint(*rows[0]) if rows else None

    def clear_checkpoint(self, source: str) -> None:
        self.con.execute("DELETE FROM harvest_checkpoints WHERE source = ?", [source])

    # --- page validators -----------------------------------------------------------------------

    def load_pages(self, source: str) -> dict[str, PageState]:
        """The remembered record pages of a source, by canonical URL."""
        rows = self.con.execute(
            "SELECT url, etag, last_modified, record_key, links FROM page_validators WHERE source = ?",
            [source]).fetchall()
        return {url: PageState(url, etag, modified, key, tuple(json.loads(links)))
                for url, etag, modified, key, links in rows}

    def save_pages(self, source: str, pages: Iterable[PageState]) -> None:
        """Remember (or update) record pages. Pages whose record the warehouse does not hold, and
        remembered pages whose record is gone, are left out."""
        pages = list(pages)
        table = pa.table([[source] * len(pages), [p.url for p in pages], [p.etag for p in pages],
                          [p.last_modified for p in pages], [p.record_key for p in pages],
                          [json.dumps(list(p.links)) for p in pages]], schema=PAGE_VALIDATORS)
        con = self.con
        con.register("new_page_validators", table)
        try:
            with self.transaction():
                con.execute("""
                    INSERT OR REPLACE INTO page_validators
                    SELECT n.* FROM new_page_validators n
                    WHERE EXISTS (SELECT 1 FROM record_heads h
                                  WHERE h.source = n.source AND h.record_key = n.record_key AND NOT h.deleted)""")
                con.execute("""
                    DELETE FROM page_validators v WHERE v.source = ? AND NOT EXISTS (
                        SELECT 1 FROM record_heads h
                        WHERE h.source = v.source AND h.record_key = v.record_key AND NOT h.deleted)""", [source])
        finally:
            con.unregister("new_page_validators")

    # --- HTML crawl frontier ---------------------------------------------------------------------

    def save_frontier(self, source: str, pending: list[FrontierRequest], done: Iterable[str]) -> None:
        """Replace the source's frontier: requests still to answer, URLs answered."""
        rows = [(source, r.url, "pending", r.callback, json.dumps(r.meta, sort_keys=True)) for r in pending]
        pending_urls = {r.url for r in pending}
        rows += [(source, url, "done", None, None) for url in sorted(set(done) - pending_urls)]
        with self.transaction():
            self.con.execute("DELETE FROM crawl_frontier WHERE source = ?", [source])
            if rows:
                self.con.executemany("INSERT INTO crawl_frontier VALUES (?, ?, ?, ?, ?)", rows)

    def load_frontier(self, source: str) -> SavedFrontier | None:
        """The frontier a crawl stopped by its max_runtime left, or None."""
        rows = self.con.execute("SELECT url, state, callback, meta FROM crawl_frontier WHERE source = ? ORDER BY url",
                                [source]).fetchall()
        if not rows:
            return None
        pending = [FrontierRequest(url, callback, json.loads(meta)) for url, state, callback, meta in rows
                   if state == "pending"]
        return SavedFrontier(pending, frozenset(url for url, state, _, _ in rows if state == "done"))

    def clear_frontier(self, source: str) -> None:
        self.con.execute("DELETE FROM crawl_frontier WHERE source = ?", [source])

    def partial_records(self, source: str) -> int:
        """Records seen (fetched or not modified) by the source's runs stopped at max_runtime since
        its last run that went to the end: what a resumed crawl adds its own to."""
        rows = self.con.execute("""
            SELECT coalesce(sum(records_seen + coalesce(TRY_CAST(details->>'$.not_modified' AS BIGINT), 0)), 0)
            FROM crawl_runs
            WHERE source = $source AND status = 'partial' AND started_at > coalesce(
                (SELECT max(started_at) FROM crawl_runs
                 WHERE source = $source AND kind <> 'reparse' AND status NOT IN ('partial', 'running')), TIMESTAMP '1900-01-01')""",
                                {"source": source}).fetchall()
        return int(rows[0][0])

    # --- full texts ----------------------------------------------------------------------------

    def fulltext_candidates(self, source: str) -> list[str]:
        """The full-text URLs (the first of each live record) a crawl of the source should fetch:
        those never tried first, then those whose last try met a passing fault (5xx, 429, no
        answer, robots.txt), longest ago first. A URL that answered 404, was no PDF, too large or
        unreadable is not asked again; a record whose URL changes names a new one."""
        rows = self.con.execute(f"""
            WITH named AS (
                SELECT DISTINCT json_extract_string(r.metadata, '{dc.json_path(dc.FULLTEXT_URL)}') AS url
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
