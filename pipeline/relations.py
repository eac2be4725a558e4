"""The related-documents graph: document -> related document, with the anchor text.

Records that list related documents (docplayer transcripts: "nordcat.related.url" and
"nordcat.related.title", parallel lists; web pages: the documents they link to) give one edge
per listed URL, in list order. An edge leads to a work where we hold the related document: a
work with a record whose key or URL is the related URL in canonical form (the spiders key HTML
records by canonical URL). A related document the crawl did not follow (off topic, too deep)
keeps a NULL work.

Rebuilt from the curated tables after each build, in one transaction (the build's, when it
runs inside one): the edges go to DuckDB as one Arrow table and are resolved and inserted by one
INSERT ... SELECT.
"""
from __future__ import annotations

import pyarrow as pa

from nordcat.urls import canonical_url
from warehouse.store import Warehouse

EDGES = pa.schema([
    ("document_id", pa.string()), ("source", pa.string()), ("position", pa.int32()),
    ("related_url", pa.string()), ("anchor_text", pa.string()),
])

# Each work's related lists, one per (work, source): when one source gave a work two records
# with lists (two URLs of one page), the one with the smallest record key speaks for it.
_LISTS = """
    SELECT s.document_id, s.source,
           CAST(json_extract(r.metadata, '$."nordcat.related.url"') AS VARCHAR[]) AS urls,
           CAST(json_extract(r.metadata, '$."nordcat.related.title"') AS VARCHAR[]) AS titles
    FROM document_sources s JOIN raw_records r USING (seq)
    WHERE json_exists(r.metadata, '$."nordcat.related.url"')
    QUALIFY row_number() OVER (PARTITION BY s.document_id, s.source ORDER BY s.record_key) = 1
    ORDER BY s.document_id, s.source"""

# A related URL names a work when one of the work's records has it as key or URL; should two
# works claim it, the record key wins, then the smallest work id. An equi-join on a lookup of
# both, not an OR in the join, which DuckDB could only run as a nested loop.
_INSERT = """
    WITH targets AS (
        SELECT record_key AS target, document_id, 0 AS rank FROM document_sources
        UNION ALL
        SELECT url, document_id, 1 FROM document_sources WHERE url IS NOT NULL),
    best AS (
        SELECT target, first(document_id ORDER BY rank, document_id) AS document_id
        FROM targets GROUP BY target)
    INSERT INTO document_relations
    SELECT e.document_id, e.source, e.position, e.related_url, e.anchor_text, b.document_id
    FROM new_edges e LEFT JOIN best b ON b.target = e.related_url"""


def replace_relations(warehouse: Warehouse) -> int:
    """Rewrite document_relations from the current documents; returns the number of edges.
    Inside a build's transaction it joins it; alone it is a transaction of its own."""
    con = warehouse.con
    edges = _edges(con.execute(_LISTS).fetchall())
    con.register("new_edges", edges)
    try:
        with warehouse.transaction():
            con.execute("DELETE FROM document_relations")
            con.execute(_INSERT)
    finally:
        con.unregister("new_edges")
    return edges.num_rows


def _edges(lists: list[tuple[str, str, list[str], list[str] | None]]) -> pa.Table:
    """One row per listed URL, 1-based positions; URLs in canonical form (computed once each:
    the same documents recur in many lists)."""
    canonical: dict[str, str] = {}
    columns: dict[str, list] = {name: [] for name in EDGES.names}
    for document_id, source, urls, titles in lists:
        titles = titles or []
        for position, url in enumerate(urls, start=1):
            if url not in canonical:
                canonical[url] = canonical_url(url)
            columns["document_id"].append(document_id)
            columns["source"].append(source)
            columns["position"].append(position)
            columns["related_url"].append(canonical[url])
            columns["anchor_text"].append(titles[position - 1] if position <= len(titles) else None)
    return pa.table(columns, schema=EDGES)
