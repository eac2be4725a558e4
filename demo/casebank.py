"""A Nordic knowledge bank of cooperation cases ("Samarbeidsbanken"): one page per case
document of demo/cases.py, in its own language, listed in a sitemap.

The documents are the demo half of the labelled set for case extraction, so the demo catalogue
holds the cases the quality figures are measured on. A page keeps the document's structure:
a paragraph per block of the text, its lines apart by <br>, as a report or a slide deck put
online would, and the web extractor keeps it too (crawlers/parsers/html/article.py).
"""
from datetime import datetime, timezone
from html import escape

from demo import cases
from demo.server import Request, Response, Router, XML, html, http_date, text

SITE_NAME = "Samarbeidsbanken"
PUBLISHED = datetime(2024, 3, 1, 8, 0, tzinfo=timezone.utc)


class CasebankSite:
    """Routes: /, /sak/<key>/, /sitemap.xml, /robots.txt."""

    def __init__(self):
        self.documents = {document.key: document for document in cases.DOCUMENTS}
        self.router = Router(self.not_found)
        self.router.add("/", self.index)
        self.router.add("/robots.txt", self.robots)
        self.router.add("/sitemap.xml", self.sitemap)
        self.router.add("/sak/(?P<key>[a-z0-9-]+)/", self.page)

    def respond(self, request: Request) -> Response:
        return self.router.respond(request)

    def robots(self, request: Request) -> Response:
        return text(f"User-agent: *\nDisallow:\n\nSitemap: {request.base_url}/sitemap.xml\n")

    def sitemap(self, request: Request) -> Response:
        urls = "".join(f"<url><loc>{request.base_url}/sak/{key}/</loc><lastmod>{PUBLISHED:%Y-%m-%d}</lastmod>"
                       "</url>" for key in self.documents)
        return text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
                    f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>', XML)

    def index(self, request: Request) -> Response:
        links = "".join(f'<li><a href="/sak/{d.key}/">{escape(d.title)}</a></li>' for d in self.documents.values())
        return html(_page("nb", SITE_NAME, "Eksempler på samarbeid i Norden", f"<h1>{SITE_NAME}</h1><ul>{links}</ul>"))

    def page(self, request: Request, key: str) -> Response:
        document = self.documents.get(key)
        if document is None:
            return self.not_found(request)
        blocks = document.text.strip().split("\n\n")
        body = "".join("<p>" + "<br>".join(escape(line) for line in block.splitlines()) + "</p>" for block in blocks)
        main = f"<article><h1>{escape(document.title)}</h1>{body}</article>"
        response = html(_page(document.language, document.title, blocks[0][:200], main))
        response.headers["Last-Modified"] = http_date(PUBLISHED)
        return response

    def not_found(self, request: Request) -> Response:
        return html(_page("nb", "Fant ikke siden", "", "<h1>Fant ikke siden</h1>"), status=404)


def _page(lang: str, title: str, description: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{escape(title)} - {SITE_NAME}</title>
<meta name="description" content="{escape(description)}">
<meta property="og:site_name" content="{SITE_NAME}">
</head>
<body>
<header><a href="/">{SITE_NAME}</a></header>
<main>{main}</main>
<footer><p>{SITE_NAME}: eksempler på samarbeid mellom kommuner, næringsliv og frivillighet i Norden (demo)</p></footer>
</body>
</html>
"""
