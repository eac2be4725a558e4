"""Page state of HTML sources across runs: conditional GET, and the record count of the last run.

A record page that came with an ETag or a Last-Modified is remembered with the record it gave
and the links the crawl followed from it. The next run sends those validators; a page that
answers 304 Not Modified is neither downloaded nor parsed again: its record is marked as still
seen, and its links are followed from here, so that discovery goes on through unchanged pages.

Validators are saved when the spider closes, after its records are stored, and only for records
the warehouse holds: they may lag behind the records (a page is then fetched once more), never
run ahead of them (a 304 would then stand for a record that was never stored).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

import pyarrow as pa

from warehouse.store import Warehouse

PAGE_VALIDATORS = pa.schema([
    ("source", pa.string()), ("url", pa.string()), ("etag", pa.string()), ("last_modified", pa.string()),
    ("record_key", pa.string()), ("links", pa.string()),
])


@dataclass(frozen=True)
class PageState:
    url: str                   # canonical page URL
    etag: str | None
    last_modified: str | None
    record_key: str
    links: tuple[str, ...] = ()


def load(warehouse: Warehouse, source: str) -> dict[str, PageState]:
    """The remembered record pages of a source, by canonical URL."""
    rows = warehouse.con.execute(
        "SELECT url, etag, last_modified, record_key, links FROM page_validators WHERE source = ?",
        [source]).fetchall()
    return {url: PageState(url, etag, modified, key, tuple(json.loads(links)))
            for url, etag, modified, key, links in rows}


def save(warehouse: Warehouse, source: str, pages: Iterable[PageState]) -> None:
    """Remember (or update) record pages. Pages whose record the warehouse does not hold, and
    remembered pages whose record is gone, are left out."""
    pages = list(pages)
    table = pa.table([[source] * len(pages), [p.url for p in pages], [p.etag for p in pages],
                      [p.last_modified for p in pages], [p.record_key for p in pages],
                      [json.dumps(list(p.links)) for p in pages]], schema=PAGE_VALIDATORS)
    con = warehouse.con
    con.register("new_page_validators", table)
    try:
        with warehouse.transaction():
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


def last_ok_records(warehouse: Warehouse, source: str) -> int | None:
    """Records the last healthy run of a source found, fetched or not modified; None before one."""
    rows = warehouse.con.execute("""
        SELECT records_seen + coalesce(TRY_CAST(details->>'$.not_modified' AS BIGINT), 0) FROM crawl_runs
        WHERE source = ? AND status = 'ok' ORDER BY started_at DESC LIMIT 1""", [source]).fetchall()
    return rows[0][0] if rows else None
