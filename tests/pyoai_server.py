"""A third-party OAI-PMH server (pyoai's BatchingServer) on 127.0.0.1, over records we control.

nordcat's own demo repository could share our misreadings of the protocol; pyoai's server was
written by others, so harvesting it checks tokens, `from`, sets and deletes against their reading.
"""
from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


def _cgi_shim() -> None:
    """pyoai 2.5 decodes tokens with cgi.parse_qs, gone since Python 3.8 (and cgi itself in 3.13)."""
    import types
    import urllib.parse
    try:
        import cgi
    except ImportError:
        cgi = sys.modules["cgi"] = types.ModuleType("cgi")
    if not hasattr(cgi, "parse_qs"):
        cgi.parse_qs = urllib.parse.parse_qs


_cgi_shim()

from oaipmh import common, error  # noqa: E402  (after the shim)
from oaipmh.metadata import MetadataRegistry  # noqa: E402
from oaipmh.server import BatchingServer, oai_dc_writer  # noqa: E402

PAGE_SIZE = 100


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


@dataclass
class Item:
    identifier: str
    datestamp: datetime
    sets: list[str]
    fields: dict[str, list[str]] = field(default_factory=dict)
    deleted: bool = False


class Repository:
    """The IBatchingOAIPMH interface pyoai's BatchingServer asks of a repository."""

    def __init__(self, items: list[Item], base_url: str = "http://127.0.0.1/oai"):
        self.items = {item.identifier: item for item in items}
        self.base_url = base_url
        self.lock = threading.Lock()

    def identify(self):
        return common.Identify("pyoai test repository", self.base_url, "2.0", ["admin@example.org"],
                               datetime(2000, 1, 1), "persistent", "YYYY-MM-DDThh:mm:ssZ", ["identity"])

    def listMetadataFormats(self, identifier=None):
        return [("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                 "http://www.openarchives.org/OAI/2.0/oai_dc/")]

    def listSets(self, cursor=0, batch_size=10):
        specs = sorted({s for item in self.items.values() for s in item.sets})
        return [(spec, f"Set {spec}", None) for spec in specs][cursor:cursor + batch_size]

    def _select(self, set=None, from_=None, until=None):
        with self.lock:
            items = sorted(self.items.values(), key=lambda i: i.identifier)
        chosen = [i for i in items if (set is None or set in i.sets)
                  and (from_ is None or i.datestamp >= from_) and (until is None or i.datestamp <= until)]
        if not chosen:
            raise error.NoRecordsMatchError("no records match")
        return chosen

    def _record(self, item: Item):
        header = common.Header(None, item.identifier, item.datestamp, item.sets, item.deleted)
        return header, (None if item.deleted else common.Metadata(None, item.fields)), None

    def listRecords(self, metadataPrefix, set=None, from_=None, until=None, cursor=0, batch_size=10):
        return [self._record(i) for i in self._select(set, from_, until)][cursor:cursor + batch_size]

    def listIdentifiers(self, metadataPrefix, set=None, from_=None, until=None, cursor=0, batch_size=10):
        return [self._record(i)[0] for i in self._select(set, from_, until)][cursor:cursor + batch_size]

    def getRecord(self, metadataPrefix, identifier):
        if identifier not in self.items:
            raise error.IdDoesNotExistError(identifier)
        return self._record(self.items[identifier])

    def change(self, identifier: str, **updates) -> None:
        with self.lock:
            item = self.items[identifier]
            for name, value in updates.items():
                setattr(item, name, value)
            item.datestamp = now()

    def add(self, item: Item) -> None:
        with self.lock:
            self.items[item.identifier] = item


class PyoaiServer:
    """Serve a Repository over HTTP with pyoai's BatchingServer; a context manager."""

    def __init__(self, repository: Repository):
        registry = MetadataRegistry()
        registry.registerWriter("oai_dc", oai_dc_writer)
        oai = BatchingServer(repository, metadata_registry=registry, resumption_batch_size=PAGE_SIZE)

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                if parts.path == "/robots.txt":
                    body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
                else:
                    body, ctype = oai.handleRequest(dict(parse_qsl(parts.query))), "text/xml; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/oai"
        repository.base_url = self.url

    def __enter__(self) -> PyoaiServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
