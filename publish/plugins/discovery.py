"""Datasette plugin: what crawlers and browsers look for at fixed addresses.

    /robots.txt            work pages and the feed allowed; SQL, facets, filtered tables, exports
                           and search results not (each an endless space of URLs over the same
                           works); names the sitemap
    /sitemap.xml           the sitemap index publish wrote (publish/sitemap.py) ...
    /sitemap-N.xml         ... and its files, with this server's origin before every path
    /opensearch.xml        the OpenSearch description: the search as HTML, Atom and JSON

Only sitemap file names made of digits reach the file system. The sitemap is read from
DATA/sitemap on every request, so a new publish is served at once, as the downloads are.
"""
from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import escape

SITEMAP_TYPE = "application/xml; charset=utf-8"
OPENSEARCH_TYPE = "application/opensearchdescription+xml; charset=utf-8"

# Google's and Bing's robots.txt rules: "*" any characters, "$" the end of the URL; the longest
# matching rule wins. Work pages (/catalogue/documents/<id>) match no Disallow and are allowed
# without an Allow, which, longer than "/*.json", would let their exports through too.
DISALLOWED = [
    "/*?sql=", "/*&sql=",                     # arbitrary SQL
    "/*_facet",                               # facets (any parameter naming one)
    "/catalogue/documents?",                  # the table's filters, sorts and pages
    "/catalogue/search?",                     # search results (the sitemap lists every work)
    "/*.json", "/*.csv", "/*.bib", "/*.ris", "/*.csljson", "/*.atom",  # exports
    "/-/",                                    # Datasette's own pages, feeds and bulk downloads
]
ALLOWED = ["/-/feed.atom$"]  # the feed of new works (its searches stay out, as search results do)


@hookimpl
def register_routes():
    return [(r"^/robots\.txt$", robots_txt), (r"^/sitemap(?:-(?P<number>[0-9]{1,7}))?\.xml$", sitemap),
            (r"^/opensearch\.xml$", opensearch)]


def origin(datasette, request) -> str:
    """This server's address with the base URL, without the last slash."""
    return datasette.absolute_url(request, datasette.urls.path("/")).rstrip("/")


async def robots_txt(datasette, request):
    lines = ["User-agent: *", *(f"Allow: {path}" for path in ALLOWED),
             *(f"Disallow: {path}" for path in DISALLOWED), "", f"Sitemap: {origin(datasette, request)}/sitemap.xml"]
    return Response.text("\n".join(lines) + "\n")


def sitemap_dir(datasette) -> Path:
    """DATA/sitemap (the data folder as the downloads plugin finds it)."""
    data_dir = (datasette.plugin_config("nordcat") or {}).get("data_dir")
    return Path(data_dir or Path(datasette.get_database("catalogue").path).parent) / "sitemap"


async def sitemap(datasette, request):
    number = request.url_vars.get("number")
    path = sitemap_dir(datasette) / (f"sitemap-{int(number)}.xml" if number else "sitemap.xml")
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        return Response.text("no such sitemap: publish writes the sitemap with the catalogue\n", status=404)
    # the files hold paths: the protocol wants full URLs, of the address the reader asked
    return Response(body.replace(b"<loc>/", f"<loc>{escape(origin(datasette, request))}/".encode()),
                    content_type=SITEMAP_TYPE)


async def opensearch(datasette, request):
    search = datasette.absolute_url(request, datasette.urls.query("catalogue", "search"))
    feed = datasette.absolute_url(request, datasette.urls.path("/-/feed.atom"))
    templates = [("text/html", f"{search}?q={{searchTerms}}&page={{startPage?}}"),
                 ("application/atom+xml", f"{feed}?q={{searchTerms}}"),
                 ("application/json", f"{search}.json?q={{searchTerms}}&page={{startPage?}}&_shape=objects"),
                 ("application/opensearchdescription+xml", datasette.absolute_url(request, request.path))]
    self_rel = lambda kind: ' rel="self"' if kind == OPENSEARCH_TYPE.split(";")[0] else ""
    urls = "\n".join(f'  <Url type="{kind}"{self_rel(kind)} template="{escape(template)}"/>'
                     for kind, template in templates)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>nordcat</ShortName>
  <Description>Nordic grey literature on public-sector partnerships</Description>
  <InputEncoding>UTF-8</InputEncoding>
{urls}
</OpenSearchDescription>
"""
    return Response(xml, content_type=OPENSEARCH_TYPE)
