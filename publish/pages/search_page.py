"""The search page (query-catalogue-search.html): the query, how many works match it in all, the
links to the pages before and after (rel="prev"/"next"), the link to its faceted search, and what
the results' rows need."""
from __future__ import annotations

from math import ceil
from pathlib import Path
from urllib.parse import urlencode

from publish.pages.common import DATABASE, document_url, json_list
from publish.pages.embedded import coins
from publish.ranked_search import (FACET_COLUMNS, PAGE_SIZE, SearchIndexMissing, page_number, ranked_index_folder,
                                   ranked_search)
from publish.search_facets import SEARCH_PARAMETER



def faceted_search_url(datasette, q: str) -> str:
    """The documents table with the search as its filter and its facets (FACET_COLUMNS, counted by
    the ranked index: publish/search_facets.py). The table declares no facets of its own: five
    facets over a million rows cost half a second; the home page's counts are precomputed tables."""
    args = [(SEARCH_PARAMETER, q), *(("_facet", column) for column in FACET_COLUMNS)]
    return f"{datasette.urls.table(DATABASE, 'documents')}?{urlencode(args)}"


async def search_data(datasette, request, lang: str) -> dict:
    q = request.args.get("q", "") if request else ""
    data = {"search_query": q, "faceted_url": faceted_search_url(datasette, q) if q else None,
            "row_url": lambda doc_id: document_url(datasette, doc_id),
            "authors_of": lambda value: "; ".join(map(str, json_list(value))),
            "coins_of": lambda row: coins(dict(row)),
            "feed_url": datasette.urls.path("/-/feed.atom") + (f"?{urlencode({'q': q})}" if q else ""),
            "total": None, "page_number": 1, "page_count": 0, "prev_url": None, "next_url": None,
            "first_result": 1, "index_error": None}
    if not q:
        return data
    number = page_number(request.args.get("page"))
    try:
        # a count only (no cache shared with the canned query's ranking: a benchmark that repeats one
        # URL would time the cache, not the search)
        total = ranked_search(await _index_folder(datasette)).count(q)
    except SearchIndexMissing as missing:
        return {**data, "index_error": str(missing)}
    pages = ceil(total / PAGE_SIZE)
    page_url = lambda n: f"{datasette.urls.query(DATABASE, 'search')}?{urlencode({'q': q, 'page': n})}"
    return {**data, "total": total, "page_number": number, "page_count": pages,
            "first_result": (number - 1) * PAGE_SIZE + 1,
            "prev_url": page_url(number - 1) if 1 < number <= pages + 1 else None,
            "next_url": page_url(number + 1) if number < pages else None}


async def _index_folder(datasette) -> Path:
    database = datasette.get_database(DATABASE)
    folder = await database.execute_fn(lambda conn: ranked_index_folder(conn, database.path))
    if folder is None:
        raise SearchIndexMissing("this catalogue names no ranked search index: publish it again")
    return folder
