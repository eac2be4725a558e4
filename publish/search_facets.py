"""The facets of a Nordic search (`?_q=` on the documents table), counted by the ranked index.

Datasette counts a facet with SQL over the filtered rows: for a common word at 1M works that is
158,000 row lookups per facet, about 300 ms each, so five facets took two seconds. The ranked index
holds the facet columns as fast fields and counts them all in one pass (RankedSearch.facet_counts),
the same counts in the same order as SQL's (tests/publish/test_search.py). A request that narrows
the rows in any other way than `_q` and a facet column's value, or asks for another column, gets
Datasette's own facets.
"""
from __future__ import annotations

import asyncio

from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from publish.pages.common import DATABASE
from publish.ranked_search import FACET_COLUMNS, SearchIndexMissing, ranked_index_folder, ranked_search

SEARCH_PARAMETER = "_q"
# Arguments that shape the page but not which rows it is about (Datasette's special `_` arguments;
# `_next` is not one: Datasette facets only the rows after it).
ROW_NEUTRAL = {SEARCH_PARAMETER, "_facet", "_facet_size", "_size", "_sort", "_sort_desc", "_nocount", "_nofacet",
               "_nosuggest", "_labels", "_label", "_col", "_nocol", "_shape", "_json", "_trace", "_ttl",
               "_timelimit", "_context", "_extra", "_dl", "_stream"}


def equal_filters(args) -> dict[str, list[str]] | None:
    """A search request's row filters as {facet column: values it must equal}; None if it filters
    otherwise."""
    equal: dict[str, list[str]] = {}
    for key in args:
        column = key.removesuffix("__exact")
        if column in FACET_COLUMNS:
            equal.setdefault(column, []).extend(args.getlist(key))
        elif key not in ROW_NEUTRAL:
            return None
    return equal


class SearchColumnFacet(ColumnFacet):
    """Datasette's column facet (`_facet=language`), counted by the ranked index for a search."""

    async def facet_results(self):
        counts = await self._ranked_counts()
        if counts is None:
            return await super().facet_results()
        qs_pairs = self.get_querystring_pairs()
        facet_size = self.get_facet_size()
        results = []
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            values = counts[column]
            results.append({
                "name": column, "type": self.type, "hideable": config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                "results": [self._value(column, value, count, qs_pairs) for value, count in values[:facet_size]],
                "truncated": len(values) > facet_size,
            })
        return results, []

    def _value(self, column: str, value, count: int, qs_pairs) -> dict:
        selected = (column, str(value)) in qs_pairs
        toggle = (path_with_removed_args(self.request, {column: str(value)}) if selected
                  else path_with_added_args(self.request, {column: value}))
        return {"value": value, "label": value, "count": count, "selected": selected,
                "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle))}

    async def _ranked_counts(self) -> dict[str, list[tuple]] | None:
        query = self.request.args.get(SEARCH_PARAMETER)
        equal = equal_filters(self.request.args)
        columns = [c["config"].get("column") or c["config"].get("simple") for c in self.get_configs()]
        if (self.database, self.table) != (DATABASE, "documents") or not query or equal is None \
                or not set(columns) <= set(FACET_COLUMNS):
            return None
        database = self.ds.get_database(self.database)
        folder = await database.execute_fn(lambda conn: ranked_index_folder(conn, database.path))
        if folder is None:
            return None
        try:
            searcher = ranked_search(folder)
        except SearchIndexMissing:
            return None
        return await asyncio.to_thread(searcher.facet_counts, query, equal, columns)
