"""Small HTTP servers that misbehave on purpose.

FaultServer, one fault per path prefix, no upstream:
/ok-identify/...   answers Identify and ListMetadataFormats correctly, then the fault in the
                   rest of the path for ListRecords: /ok-identify/malformed, /ok-identify/500
/500/...           HTTP 500 for everything

FaultProxy, a proxy in front of a real OAI-PMH endpoint (the demo web's) that follows a fault
plan: "the 2nd ListRecords request answers 503 with Retry-After: 1 once, then passes through" is
`FaultProxy(upstream, Fault(status(503, retry_after="1"), page=2))`. Requests are numbered per
verb by their distinct targets, so a retry or a rerun of a page is the same page, and a fault
served `times` times is gone: retries and reruns then get the upstream's answer.
"""
from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

IDENTIFY = b"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2026-01-01T00:00:00Z</responseDate><request verb="Identify">http://x/oai</request>
<Identify><repositoryName>Faulty</repositoryName><baseURL>http://x/oai</baseURL>
<protocolVersion>2.0</protocolVersion><adminEmail>a@b.c</adminEmail>
<earliestDatestamp>2000-01-01T00:00:00Z</earliestDatestamp><deletedRecord>transient</deletedRecord>
<granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify></OAI-PMH>"""

FORMATS = b"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2026-01-01T00:00:00Z</responseDate><request verb="ListMetadataFormats">http://x/oai</request>
<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix>
<schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>
<metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat>
</ListMetadataFormats></OAI-PMH>"""

MALFORMED = b"<?xml version='1.0'?><OAI-PMH><ListRecords><record><header>"

XML_UTF8 = "text/xml;charset=UTF-8"
MOVED = "/moved"  # FaultProxy serves the upstream under this prefix too: a relocated endpoint


class _Handler(BaseHTTPRequestHandler):
    """HTTP/1.0: the connection closes after each answer, which a truncated body relies on."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def reply(self, status: int, body: bytes, ctype: str = "text/xml; charset=utf-8",
              headers: dict[str, str] | None = None, length: int | None = None):
        """Answer; `length` overrides Content-Length (to announce more than is sent)."""
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _LocalServer:
    """A ThreadingHTTPServer on an ephemeral loopback port, as a context manager."""

    handler: type[BaseHTTPRequestHandler]

    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self.handler)
        self.httpd.owner = self
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# --- FaultServer ------------------------------------------------------------------------------

class FaultHandler(_Handler):
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        parts = urlsplit(self.path)
        verb = parse_qs(parts.query).get("verb", [""])[0]
        if parts.path == "/robots.txt":
            return self.reply(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if parts.path.startswith("/500"):
            return self.reply(500, b"<html><body>Internal Server Error</body></html>", "text/html")
        if parts.path.startswith("/ok-identify"):
            if verb == "Identify":
                return self.reply(200, IDENTIFY)
            if verb == "ListMetadataFormats":
                return self.reply(200, FORMATS)
            if parts.path.endswith("/malformed"):
                return self.reply(200, MALFORMED)
            return self.reply(500, b"boom", "text/plain")
        return self.reply(404, b"not found", "text/plain")


class FaultServer(_LocalServer):
    handler = FaultHandler


# --- FaultProxy -------------------------------------------------------------------------------

Answer = Callable[["ProxyHandler"], None]


@dataclass
class Fault:
    """Answer the `page`-th distinct `verb` request with `answer`, the first `times` times."""
    answer: Answer
    page: int = 2
    times: int = 1
    verb: str = "ListRecords"
    served: int = 0


class ProxyHandler(_Handler):
    server: ThreadingHTTPServer

    @property
    def target(self) -> str:
        """The upstream path and query: the relocated endpoint is the same endpoint."""
        return self.path.removeprefix(MOVED)

    def do_GET(self):
        fault = self.server.owner.fault_for(self.target)
        try:
            if fault is None:
                self.reply(*self.upstream())
            else:
                fault.answer(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up first (a timeout): nobody left to answer

    def upstream(self) -> tuple[int, bytes, str]:
        """The upstream's status, body and Content-Type for this request."""
        parts = urlsplit(self.server.owner.upstream)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request("GET", self.target)
            response = connection.getresponse()
            return response.status, response.read(), response.getheader("Content-Type", "")
        finally:
            connection.close()


class FaultProxy(_LocalServer):
    """The upstream (scheme://host:port) through a fault plan; see the module docstring."""

    handler = ProxyHandler

    def __init__(self, upstream: str, *faults: Fault):
        super().__init__()
        self.upstream = upstream.rstrip("/")
        self.faults = faults
        self._targets: dict[str, list[str]] = {}  # verb -> distinct targets, in order of arrival
        self._lock = threading.Lock()

    def fault_for(self, target: str) -> Fault | None:
        verb = parse_qs(urlsplit(target).query).get("verb", [""])[0]
        with self._lock:
            seen = self._targets.setdefault(verb, [])
            if target not in seen:
                seen.append(target)
            page = seen.index(target) + 1
            for fault in self.faults:
                if fault.verb == verb and fault.page == page and fault.served < fault.times:
                    fault.served += 1
                    return fault
        return None


# --- answers for a fault plan -----------------------------------------------------------------

ERROR_PAGE = (b"<!DOCTYPE html><html><head><title>Service unavailable</title></head>"
              b"<body><h1>The repository is down for maintenance</h1></body></html>")


def status(code: int, retry_after: str | Callable[[], str] | None = None) -> Answer:
    """An error status with an HTML body, and a Retry-After (a value, or made when served)."""
    def answer(handler: ProxyHandler) -> None:
        value = retry_after() if callable(retry_after) else retry_after
        handler.reply(code, ERROR_PAGE, "text/html; charset=utf-8",
                      {"Retry-After": value} if value is not None else None)
    return answer


def http_date_in(seconds: float) -> Callable[[], str]:
    """A Retry-After HTTP-date `seconds` from when the answer is served."""
    return lambda: formatdate(time.time() + seconds, usegmt=True)


def stall(seconds: float) -> Answer:
    """Say nothing for `seconds` (longer than the crawler's timeout), then hang up."""
    return lambda handler: time.sleep(seconds)


def truncated(handler: ProxyHandler) -> None:
    """Announce the whole upstream body, send half of it and close the connection."""
    code, body, ctype = handler.upstream()
    handler.reply(code, body[:len(body) // 2], ctype, length=len(body))


_XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>\s*")


def latin1(labelled_utf8: bool) -> Answer:
    """The upstream page re-encoded as ISO-8859-1 (what it lacks as character references, as a
    Latin-1 serialiser writes it). labelled_utf8: header and XML declaration still say UTF-8;
    otherwise there is no charset in the header and no XML declaration at all."""
    def answer(handler: ProxyHandler) -> None:
        code, body, ctype = handler.upstream()
        text = body.decode("utf-8")
        if not labelled_utf8:
            text, ctype = _XML_DECLARATION.sub("", text, count=1), "text/xml"
        handler.reply(code, text.encode("iso-8859-1", errors="xmlcharrefreplace"), ctype)
    return answer


_TITLE_START = re.compile(rb'(?:<dim:field mdschema="dc" element="title"[^>]*>|<dc:title>)[^<&]{3}')
FORBIDDEN_CHARACTERS = (b"\x0b", b"\x1a", b"&#x1a;")


def control_characters(handler: ProxyHandler) -> None:
    """The upstream page with a character XML 1.0 forbids inside each of its first three titles,
    after their third character: \\x0b, \\x1a, and &#x1a; (a reference to one)."""
    code, body, ctype = handler.upstream()
    pieces, start = [], 0
    for match, bad in zip(_TITLE_START.finditer(body), FORBIDDEN_CHARACTERS):
        pieces += [body[start:match.end()], bad]
        start = match.end()
    handler.reply(code, b"".join(pieces) + body[start:], ctype)


def html_error_page(handler: ProxyHandler) -> None:
    """A maintenance page served with 200, as some proxies in front of repositories do."""
    handler.reply(200, ERROR_PAGE, "text/html; charset=utf-8")


def redirect_to(base: Callable[[ProxyHandler], str], code: int = 302) -> Answer:
    """Send the crawler to the same target under another base URL (made per request)."""
    return lambda handler: handler.reply(code, b"", "text/html",
                                         {"Location": base(handler) + handler.target})


def relocated(handler: ProxyHandler) -> str:
    """The proxy's own endpoint under MOVED: a move within the hosts the source names."""
    return MOVED


def unnamed_port(handler: ProxyHandler) -> str:
    """The upstream itself: same host, but a host:port the source file does not name."""
    return handler.server.owner.upstream


def other_host(handler: ProxyHandler) -> str:
    """The proxy by another host name: outside the source's allowed_domains."""
    return f"http://localhost:{handler.server.server_address[1]}"
