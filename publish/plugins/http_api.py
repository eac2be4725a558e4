"""Datasette plugin: HTTP for a public API.

- CORS: every answer that is no HTML page (JSON, CSV, Atom, BibTeX/RIS/CSL-JSON, citations, the
  downloads) carries `Access-Control-Allow-Origin: *`, and exposes its validators to scripts; a
  preflight (OPTIONS with Access-Control-Request-Method) is answered 204, so a page elsewhere may
  send If-None-Match. The catalogue is public and read-only, and no answer depends on a
  credential, so any origin may read it. (Datasette's own --cors covers its JSON views only.)
- Validators: a served catalogue never changes (a publish starts a new worker, publish/serve.py),
  so everything a page or an export shows is fixed by the catalogue's version (the SHA-256 of the
  file, which `nordcat publish` records in the inspect data), the code that renders it (the
  plugins, templates, static files, labels and styles) and the request: its URL and the headers
  the pages vary on (Accept-Language, Cookie: the interface language). The ETag (weak: the bytes
  may be compressed on the way) is made of those; Last-Modified is the catalogue file's time.
  A GET or HEAD whose If-None-Match names the current ETag, or (without If-None-Match) whose
  If-Modified-Since is not older than the catalogue, is answered 304 without rendering anything.
  `Cache-Control: public, no-cache`: caches may keep an answer and must ask again, which costs a
  304 until the next publish.
- Not validated: Datasette's own /-/ pages (they show the running process) and the downloads
  (files replaced by publish after the catalogue); the Atom feed (/-/feed.atom) is.
"""
from __future__ import annotations

import hashlib
import os
from email.utils import formatdate, parsedate_to_datetime
from importlib.metadata import version
from pathlib import Path

from datasette import hookimpl

DATABASE = "catalogue"
PUBLISH = Path(__file__).resolve().parents[1]
# what renders an answer, beside the catalogue: a change here is a new version of every answer
RENDERING = ("plugins", "templates", "static", "pages", "csl", "labels.yml", "metadata.yml", "citations.py",
             "search.py", "search_facets.py", "ranked_search.py")
VALIDATED_INTERNAL = ("/-/feed.atom",)
EXPOSED = b"ETag, Last-Modified, Link"
PREFLIGHT_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
    (b"access-control-allow-headers", b"If-None-Match, If-Modified-Since, Accept, Accept-Language"),
    (b"access-control-max-age", b"86400"),
]
CACHE_CONTROL = b"public, no-cache"
VARY = b"Accept-Language, Cookie"


def code_fingerprint() -> str:
    """A hash of the files that render answers and of Datasette's version."""
    digest = hashlib.sha256(version("datasette").encode())
    for name in RENDERING:
        path = PUBLISH / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(PUBLISH)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


class Validators:
    """The catalogue's version and time, read once a worker has started (the file never changes)."""

    def __init__(self):
        self.version: str | None = None
        self.last_modified: int | None = None  # whole seconds: what an HTTP date can say

    def load(self, datasette) -> None:
        db = datasette.databases.get(DATABASE)
        if db is None or db.path is None:
            return
        catalogue_hash = db.hash  # from the inspect data publish wrote; else hashed here, once
        self.version = hashlib.sha256(f"{catalogue_hash}:{code_fingerprint()}".encode()).hexdigest()[:20]
        self.last_modified = int(os.stat(db.path).st_mtime)

    def etag(self, headers: dict[bytes, bytes]) -> bytes:
        varies = b"\n".join(headers.get(name, b"") for name in (b"accept-language", b"cookie"))
        variant = hashlib.sha256(varies).hexdigest()[:8]
        return f'W/"{self.version}-{variant}"'.encode()

    def not_modified(self, headers: dict[bytes, bytes], etag: bytes) -> bool:
        """RFC 9110 13.1: If-None-Match (weak comparison) decides when present, else If-Modified-Since."""
        if b"if-none-match" in headers:
            asked = [tag.strip() for tag in headers[b"if-none-match"].split(b",")]
            return b"*" in asked or any(tag.removeprefix(b"W/") == etag.removeprefix(b"W/") for tag in asked)
        since = headers.get(b"if-modified-since")
        if since:
            try:
                return parsedate_to_datetime(since.decode("latin-1")).timestamp() >= self.last_modified
            except (TypeError, ValueError):
                return False  # an unreadable date is ignored (RFC 9110 13.1.3)
        return False


VALIDATORS = Validators()


@hookimpl
def startup(datasette):
    # hashing a catalogue without inspect data reads the whole file: once, before any request
    VALIDATORS.load(datasette)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def public_api(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            headers = {name.lower(): value for name, value in scope.get("headers", [])}
            method = scope.get("method")
            if method == "OPTIONS" and b"access-control-request-method" in headers:
                return await empty(send, 204, PREFLIGHT_HEADERS)
            validated = method in ("GET", "HEAD") and VALIDATORS.version is not None and validates(scope["path"])
            etag = VALIDATORS.etag(headers) if validated else None
            if validated and VALIDATORS.not_modified(headers, etag):
                return await empty(send, 304, [*validator_headers(etag), (b"access-control-allow-origin", b"*"),
                                               (b"access-control-expose-headers", EXPOSED)])

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    message = {**message, "headers": answer_headers(message, etag)}
                await send(message)

            await app(scope, receive, send_with_headers)

        return public_api

    return wrap


def validates(path: str) -> bool:
    return not path.startswith("/-/") or path in VALIDATED_INTERNAL


def validator_headers(etag: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"etag", etag), (b"last-modified", formatdate(VALIDATORS.last_modified, usegmt=True).encode()),
            (b"cache-control", CACHE_CONTROL), (b"vary", VARY)]


def answer_headers(message: dict, etag: bytes | None) -> list[tuple[bytes, bytes]]:
    """The response's headers with CORS where it is no HTML page, and the validators on a 200."""
    headers = list(message.get("headers", []))
    names = {name.lower() for name, _ in headers}
    content_type = next((value for name, value in headers if name.lower() == b"content-type"), b"")
    if not content_type.startswith(b"text/html") and b"access-control-allow-origin" not in names:
        headers += [(b"access-control-allow-origin", b"*"), (b"access-control-expose-headers", EXPOSED)]
    if etag is not None and message.get("status") == 200 and b"etag" not in names:
        headers = [(name, value) for name, value in headers
                   if name.lower() not in (b"last-modified", b"cache-control")] + validator_headers(etag)
    return headers


async def empty(send, status: int, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
