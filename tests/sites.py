"""A small web site on loopback for the crawl-behaviour and spider-contract tests.

`LoopbackSite(routes, robots)` serves `routes` (path without query -> a Page, or a function of the
query -> Page) on an ephemeral 127.0.0.1 port; other paths answer 404. It logs every request
(Host, path and query, conditional headers, status answered), so a test can tell what the crawler
fetched and how. A 200 page with `etag` set carries an ETag made from its body; conditional
requests are answered as real servers do: 304 when If-None-Match names the current ETag or,
without If-None-Match, when If-Modified-Since is not before the page's Last-Modified.

Page builders make the docplayer-style pages the DocplayerSpider reads (a home page listing
transcripts; transcripts with a title, text and related documents), sitemaps and redirects.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qsl, urlsplit

HTML = "text/html; charset=utf-8"


@dataclass
class Page:
    body: bytes = b""
    content_type: str = HTML
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True  # send an ETag of the body, and answer If-None-Match with it


@dataclass(frozen=True)
class Hit:
    host: str
    target: str  # path and query as requested
    status: int
    if_none_match: str | None
    if_modified_since: str | None

    @property
    def path(self) -> str:
        return urlsplit(self.target).path


Route = Page | Callable[[dict[str, str]], Page]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        site = self.server.site
        parts = urlsplit(self.path)
        route = site.routes.get(parts.path)
        if parts.path == "/robots.txt":
            page = Page(site.robots.encode(), "text/plain", etag=False)
        elif route is None:
            page = Page(b"<html><body><h1>Not found</h1></body></html>", status=404, etag=False)
        else:
            page = route(dict(parse_qsl(parts.query))) if callable(route) else route
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        status, headers = page.status, dict(page.headers)
        if page.status == 200 and page.etag:
            headers["ETag"] = f'"{hashlib.sha256(page.body).hexdigest()[:16]}"'
        if page.status == 200 and _current(headers, inm, ims):
            status = 304
        site.record(Hit(self.headers.get("Host", ""), self.path, status, inm, ims))
        self.send_response(status)
        self.send_header("Content-Type", page.content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        try:
            if status != 304:
                self.wfile.write(page.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up on purpose: a body it does not want


def _current(headers: dict[str, str], if_none_match: str | None, if_modified_since: str | None) -> bool:
    if if_none_match is not None:
        return headers.get("ETag") in {tag.strip() for tag in if_none_match.split(",")}
    modified = headers.get("Last-Modified")
    if not (modified and if_modified_since):
        return False
    return parsedate_to_datetime(modified) <= parsedate_to_datetime(if_modified_since)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: LoopbackSite


class LoopbackSite:
    """The routes on 127.0.0.1:<free port>, as a context manager; `hits` logs every request."""

    def __init__(self, routes: dict[str, Route] | None = None, robots: str = "User-agent: *\nAllow: /\n"):
        self.routes: dict[str, Route] = dict(routes or {})
        self.robots = robots
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.site = self
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LoopbackSite:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def fetched(self, since: int = 0) -> list[str]:
        """Paths and queries requested (robots.txt aside), in order of arrival."""
        return [hit.target for hit in self.hits[since:] if hit.path != "/robots.txt"]


# --- page builders -------------------------------------------------------------------------------

def html_page(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"</head><body>{body}</body></html>").encode("utf-8")


def docplayer_home(links: list[str]) -> Page:
    """A docplayer home page listing transcripts (hrefs as given)."""
    items = "".join(f'<li><a href="{escape(link)}">Dokument {i}</a></li>' for i, link in enumerate(links, 1))
    return Page(html_page("DocPlayer", f'<ul class="doc-list">{items}</ul>'))


def transcript(title: str, text: str, related: list[tuple[str, str]] = (), **page: object) -> Page:
    """A docplayer transcript page; `related` is (href, title) of its related documents."""
    items = "".join(f'<li><a class="related-doc" href="{escape(href)}"><span class="related-title">'
                    f"{escape(name)}</span></a></li>" for href, name in related)
    body = (f'<div class="document"><h1>{escape(title)}</h1><div class="transcript">'
            f'<div class="page" data-page="1">{escape(text)}</div></div>'
            f'<div class="related-docs"><ul>{items}</ul></div></div>')
    return Page(html_page(title, body), **page)


def sitemap(urls: list[str]) -> Page:
    entries = "".join(f"<url><loc>{escape(url)}</loc></url>" for url in urls)
    return Page(f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</urlset>".encode("utf-8"), "application/xml", etag=False)


def article(title: str, text: str) -> Page:
    """A news article page as the WebSpider reads it."""
    return Page(html_page(title, f"<article><h1>{escape(title)}</h1><p>{escape(text)}</p></article>"))


def redirect(location: str, status: int = 302) -> Page:
    return Page(b"", status=status, headers={"Location": location}, etag=False)


def transcript_with_download(title: str, text: str, download: str) -> Page:
    """A docplayer transcript page with a download button: its href becomes the record's
    nordcat.fulltext_url."""
    body = (f'<div class="document"><h1>{escape(title)}</h1>'
            f'<a class="download-btn" href="{escape(download)}">Download</a><div class="transcript">'
            f'<div class="page" data-page="1">{escape(text)}</div></div></div>')
    return Page(html_page(title, body))


def pdf(body: bytes) -> Page:
    return Page(body, "application/pdf", etag=False)
