"""The search page (query-catalogue-search.html): the query, the link to its faceted search, and
what the results' rows need."""
from __future__ import annotations

from urllib.parse import urlencode

from publish.pages.common import DATABASE, document_url, json_list

# The facets of a search: the documents table declares none by default, since five facets over a
# million rows on every page cost half a second (benchmarks/catalogue.py); a search narrows the
# rows first. The home page's counts are precomputed tables.
SEARCH_FACETS = ("language", "year", "doc_type", "country", "publisher")


def faceted_search_url(datasette, q: str) -> str:
    args = [("_q", q), *(("_facet", column) for column in SEARCH_FACETS)]
    return f"{datasette.urls.table(DATABASE, 'documents')}?{urlencode(args)}"


async def search_data(datasette, request, lang: str) -> dict:
    q = request.args.get("q", "") if request else ""
    return {"search_query": q, "faceted_url": faceted_search_url(datasette, q) if q else None,
            "row_url": lambda doc_id: document_url(datasette, doc_id),
            "authors_of": lambda value: "; ".join(map(str, json_list(value)))}
