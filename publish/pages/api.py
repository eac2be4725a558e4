"""The API page (pages/api.html, at /api): the catalogue's machine-readable addresses, each with an
example that works on this catalogue (a work it holds, a word it finds) and its curl line."""
from __future__ import annotations

from urllib.parse import urlencode

from publish.pages.common import DATABASE, catalogue, document_url, query

EXAMPLE_WORD = "samarbeid"  # found in every Nordic language's forms (samarbeid, samarbejde, samverkan ...)


async def api_data(datasette, request, lang: str) -> dict:
    [work] = await query(catalogue(datasette), "SELECT id FROM documents ORDER BY id LIMIT 1") or [None]
    table = lambda ext, **args: f"{datasette.urls.table(DATABASE, 'documents', format=ext)}?{urlencode(args)}"
    search = lambda ext, **args: (f"{datasette.urls.query(DATABASE, 'search', format=ext)}?"
                                  f"{urlencode({'q': EXAMPLE_WORD, **args})}")
    feed = datasette.urls.path("/-/feed.atom")
    work_urls = (lambda *formats: [document_url(datasette, work["id"], format=f) for f in formats]) if work \
        else (lambda *formats: [])
    groups = [
        ("JSON", [table("json", _size=5, _shape="objects"), *[u + "?_shape=objects" for u in work_urls("json")],
                  search("json", _shape="objects")]),
        ("CSV", [table("csv", _size=5), search("csv")]),
        ("Atom", [feed, f"{feed}?{urlencode({'q': EXAMPLE_WORD, 'language': 'nob'})}"]),
        ("BibTeX, RIS, CSL-JSON", [*work_urls("bib", "ris", "csljson"), search("bib"), search("ris")]),
        ("OpenSearch", [datasette.urls.path("/opensearch.xml")]),
        ("Sitemap", [datasette.urls.path("/sitemap.xml")]),
    ]
    return {"api_groups": [{"name": name, "examples": [datasette.absolute_url(request, path) for path in paths]}
                           for name, paths in groups]}
