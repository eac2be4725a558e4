"""Minimal request/response plumbing over the stdlib `http.server`.

Each demo site is an object with `respond(Request) -> Response`; `serve_site` runs one on its own
ThreadingHTTPServer (own port, hence its own robots.txt host) and logs every request served.
Every 200 answer to GET or HEAD carries an ETag made from its body, and conditional requests are
answered as real servers do: 304 Not Modified when If-None-Match names that ETag or, without
If-None-Match, when If-Modified-Since is not before the page's Last-Modified (where it has one).
"""
import hashlib
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
OAI_XML = "text/xml;charset=UTF-8"  # byte for byte what DSpace sends
TEXT = "text/plain; charset=utf-8"
PDF = "application/pdf"


@dataclass
class Request:
    method: str
    path: str  # percent-decoded, without the query
    target: str  # path + query exactly as received
    query: dict[str, list[str]]
    body: bytes
    base_url: str  # "http://host:port" as the client addressed us (Host header)

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)


class Site(Protocol):
    def respond(self, request: Request) -> Response: ...


def html(markup: str, status: int = 200) -> Response:
    return Response(status, markup.encode("utf-8"), HTML)


def text(body: str, content_type: str = TEXT) -> Response:
    return Response(200, body.encode("utf-8"), content_type)


def redirect(location: str) -> Response:
    return Response(301, b"", HTML, {"Location": location})


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def with_validators(response: Response, if_none_match: str | None, if_modified_since: str | None) -> Response:
    """A 200 answer with its ETag (a hash of the body), or 304 when the client's copy is current."""
    if response.status != 200:
        return response
    etag = f'"{hashlib.sha256(response.body).hexdigest()[:32]}"'
    headers = {**response.headers, "ETag": etag}
    if if_none_match is not None:
        current = etag in {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")} | {"*"}
    else:
        current = _not_modified_since(headers.get("Last-Modified"), if_modified_since)
    if current:
        return Response(304, b"", response.content_type, headers)
    return Response(200, response.body, response.content_type, headers)


def _not_modified_since(last_modified: str | None, if_modified_since: str | None) -> bool:
    if not (last_modified and if_modified_since):
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):  # an unreadable date: send the page
        return False


Handler = Callable[..., Response]


class Router:
    """Regex routes tried in order; named groups become keyword arguments of the handler."""

    def __init__(self, not_found: Callable[[Request], Response]):
        self.routes: list[tuple[re.Pattern, Handler]] = []
        self.not_found = not_found

    def add(self, pattern: str, handler: Handler) -> None:
        self.routes.append((re.compile(pattern + r"\Z"), handler))

    def respond(self, request: Request) -> Response:
        for pattern, handler in self.routes:
            match = pattern.match(request.path)
            if match:
                return handler(request, **match.groupdict())
        return self.not_found(request)


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, site: Site, on_request: Callable[[str], None]):
        super().__init__(address, _Handler)
        self.site = site
        self.on_request = on_request


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: harvesters reuse connections
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def version_string(self) -> str:
        return "nordcat-demo/1.0"

    def do_GET(self):
        self._serve(b"")

    def do_HEAD(self):
        self._serve(b"", head=True)

    def do_POST(self):
        self._serve(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _serve(self, body: bytes, head: bool = False) -> None:
        self.server.on_request(self.path)
        response = self._respond(body)
        if self.command in ("GET", "HEAD"):
            response = with_validators(response, self.headers.get("If-None-Match"),
                                       self.headers.get("If-Modified-Since"))
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        if response.status != 304:  # a 304 has no body; its length would be the page's
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def _respond(self, body: bytes) -> Response:
        parts = urlsplit(self.path)
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        request = Request(self.command, unquote(parts.path), self.path,
                          parse_qs(parts.query, keep_blank_values=True), body, f"http://{host}")
        try:
            return self.server.site.respond(request)
        except Exception:  # a bug in a demo page must show as a 500, not kill the connection
            traceback.print_exc(file=sys.stderr)
            return Response(500, b"Internal Server Error", TEXT)

    def log_message(self, format, *args):  # the DemoWeb request log replaces stderr noise
        pass


@dataclass
class RunningSite:
    server: _SiteServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve_site(site: Site, host: str, port: int, on_request: Callable[[str], None]) -> RunningSite:
    server = _SiteServer((host, port), site, on_request)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name=f"demo-{host}:{server.server_address[1]}", daemon=True)
    thread.start()
    return RunningSite(server, thread)
