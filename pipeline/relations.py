"""The related-documents graph: document -> related document, with the anchor text.

Records that list related documents (docplayer transcripts: "nordcat.related.url" and
"nordcat.related.title", parallel lists; web pages: the documents they link to) give one edge
per listed URL, in list order. An edge leads to a work where we hold the related document: a
work with a record whose key or URL is the related URL in canonical form (the spiders key HTML
records by canonical URL). A related document the crawl did not follow (off topic, too deep)
keeps a NULL work.

Rebuilt from the curated tables after each build, in one transaction (the build's, when it
runs inside one): the edges go to the warehouse as one Arrow table, which resolves and inserts
them by one INSERT ... SELECT (Warehouse.related_lists and Warehouse.replace_relations in
warehouse/curated.py). Should two works claim a related URL, the one that has it as a record key
wins, then the smallest work id.
"""
from __future__ import annotations

import pyarrow as pa

from nordcat.urls import canonical_url
from warehouse.store import Warehouse

EDGES = pa.schema([
    ("document_id", pa.string()), ("source", pa.string()), ("position", pa.int32()),
    ("related_url", pa.string()), ("anchor_text", pa.string()),
])


def replace_relations(warehouse: Warehouse) -> int:
    """Rewrite document_relations from the current documents; returns the number of edges.
    Inside a build's transaction it joins it; alone it is a transaction of its own."""
    edges = _edges(warehouse.related_lists())
    warehouse.replace_relations(edges)
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
