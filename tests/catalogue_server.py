"""A small catalogue written here and a real Datasette serving it with nordcat's pages.

`write_catalogue` builds catalogue.db from rows given by the test (the published schema of
publish/catalogue.py and its stemmed search index), fast enough for every page test;
`sample_catalogue` writes the one the page tests share. `CatalogueServer` runs Datasette as
publish/serve.py does, with the page templates, static files and canned queries of publish/
(see `command`); `chromium` opens Debian's chromium through Playwright.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from publish import catalogue, serve
from tests.helpers import free_port, wait_for_http

CHROMIUM = "/usr/bin/chromium"  # Debian's (make browser); never a browser Playwright downloads
PUBLISH = Path(serve.__file__).parent
TEMPLATES = PUBLISH / "templates"
STATIC = PUBLISH / "static"

# The related lists (the warehouse's document_relations), which the catalogue may publish: the
# document page shows them when the table is there
RELATIONS_SCHEMA = """
CREATE TABLE IF NOT EXISTS document_relations (
    document_id TEXT, source TEXT, position INTEGER, related_url TEXT, anchor_text TEXT, related_document_id TEXT
);
"""
CASE_TABLES = ("case_partners", "cases")
LIST_COLUMNS = ("authors", "issn", "isbn", "subjects", "sources")


def write_catalogue(path: Path, documents: list[dict], *, sources: list[dict] = (), records: list[dict] = (),
                    runs: list[dict] = (), cases: list[dict] | None = None, partners: list[dict] = (),
                    places: list[dict] = (), relations: list[dict] = ()) -> Path:
    """catalogue.db with these rows (dicts by column name; lists for the JSON list columns).

    cases=None drops the case tables and leaves the related lists out, as in a catalogue
    published before case extraction.
    """
    db = sqlite3.connect(path)
    db.executescript(catalogue.SCHEMA)
    insert(db, "documents", [{c: as_stored(c, d.get(c)) for c in catalogue.DOCUMENT_COLUMNS} for d in documents])
    insert(db, "sources", sources)
    insert(db, "document_sources", [{**r, "fields": json.dumps(r["fields"])} for r in records])
    insert(db, "crawl_runs", runs)
    insert(db, "document_places", places)
    if cases is None:
        for table in CASE_TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
    else:
        db.executescript(RELATIONS_SCHEMA)
        insert(db, "cases", [{**c, "outcomes": json.dumps(c.get("outcomes", []), ensure_ascii=False)} for c in cases])
        insert(db, "case_partners", partners)
        insert(db, "document_relations", relations)
    db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    catalogue.build_search_index(db)
    db.commit()
    db.close()
    return path


def as_stored(column: str, value):
    if column in LIST_COLUMNS:
        return json.dumps(value or [], ensure_ascii=False)
    return value


def insert(db: sqlite3.Connection, table: str, rows) -> None:
    for row in rows:
        db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def command(data_dir: Path, port: int) -> list[str]:
    """Datasette with what publish/serve.py's worker gives it: metadata, plugins, settings, page
    templates and static files (one Datasette, without the worker's supervisor)."""
    args = [sys.executable, "-m", "datasette", "serve", "-i", str(data_dir / "catalogue.db"),
            "--host", "127.0.0.1", "--port", str(port), "--metadata", str(serve.METADATA),
            "--plugins-dir", str(serve.PLUGINS), "--template-dir", str(TEMPLATES), "--static", f"static:{STATIC}"]
    for name, value in serve.SETTINGS.items():
        args += ["--setting", name, {True: "on", False: "off"}.get(value, str(value))]
    return args


@contextmanager
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is absent: `make browser` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


class CatalogueServer:
    """Datasette over DATA_DIR/catalogue.db on a free loopback port, for a `with` block."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._workdir = tempfile.TemporaryDirectory(prefix="nordcat-serve-")
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> "CatalogueServer":
        workdir = Path(self._workdir.name)
        log = workdir / "datasette.log"
        with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
            self._process = subprocess.Popen(command(self.data_dir, self.port), stdout=out, stderr=out)
        try:
            wait_for_http(f"{self.base}/-/versions.json", timeout=90)
        except TimeoutError:
            self._process.kill()
            self._process.wait()
            raise RuntimeError(log.read_text(errors="replace")[-3000:])
        return self

    def __exit__(self, *exc) -> None:
        self._process.terminate()
        self._process.wait(timeout=20)
        self._workdir.cleanup()

    def get(self, path: str, **kwargs) -> httpx.Response:
        return httpx.get(self.base + path, timeout=30, **kwargs)


# --- the sample catalogue of the page tests -------------------------------------------------------

SEED = "w000000094194"  # the seed report (shared/seeds: BI Open 11250/94194), also on docplayer
SAMPLE_SOURCES = [
    {"name": "bi-open", "title": "BI Open", "publisher": "BI", "country": "NO", "kind": "oai-pmh",
     "url": "https://biopen.bi.no/bi-oai/request", "enabled": 1, "status": "ok", "health": "ok", "documents": 3},
    {"name": "docplayer", "title": "docplayer", "publisher": "docplayer", "country": "NO", "kind": "docplayer",
     "url": "https://docplayer.me/", "enabled": 1, "status": "failed", "health": "failing", "documents": 2,
     "last_error": "HTTP 503 after 3 retries"},
]
SAMPLE_DOCUMENTS = [
    {"id": SEED, "title": "Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet",
     "authors": ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"], "year": 2005, "date_issued": "2005",
     "language": "nob", "doc_type": "research report", "publisher": "BI Norwegian Business School",
     "series": "Research Report", "series_number": "06/2005", "issn": ["0803-2610"], "handle": "11250/94194",
     "url": "https://hdl.handle.net/11250/94194",
     "fulltext_url": "https://biopen.bi.no/bi-xmlui/bitstream/handle/11250/94194/2005-06.pdf?sequence=1",
     "abstract": "Bærum kommune /Frivillighetssentralen har gjennom en fireårsperiode samarbeidet med private "
                 "bedrifter om velferdstilbud til eldre.",
     "subjects": ["offentlig-privat samarbeid", "frivillighet", "Bærum"], "country": "NO",
     "sources": ["bi-open", "docplayer"], "first_seen": "2026-01-01T02:00:00Z", "last_seen": "2026-01-03T02:00:00Z",
     "match_rule": "url"},
    {"id": "w000000000002", "title": "Trepartssamarbeidet i kommunene", "authors": ["Midttun, Atle"], "year": 2019,
     "date_issued": "2019-03-14", "language": "nob", "doc_type": "report", "publisher": "Fafo",
     "abstract": "Om partssamarbeid i norske kommuner og frivillighetssentralen i Bærum.",
     "subjects": ["trepartssamarbeid"], "country": "NO", "sources": ["bi-open"], "match_rule": "single",
     "first_seen": "2026-01-01T02:00:00Z", "last_seen": "2026-01-03T02:00:00Z"},
    {"id": "w000000000003", "title": "Sociale partnerskaber i Aalborg", "authors": ["Nielsen, Mette"], "year": 2021,
     "date_issued": "2021-06", "language": "dan", "doc_type": "journal article", "doi": "10.1234/nordcat.3",
     "series": "Tidsskrift for Kommunal Samarbejde", "url": "https://example.dk/artikel/3",
     "subjects": ["partnerskab"], "country": "DK", "sources": ["docplayer"], "match_rule": "single",
     "first_seen": "2026-01-02T02:00:00Z", "last_seen": "2026-01-03T02:00:00Z"},
    {"id": "w000000000004", "title": "Samverkan i kommunerna", "authors": [], "year": 2010, "date_issued": "2010",
     "language": "swe", "doc_type": "working paper", "publisher": "Stockholms universitet",
     "series": "Research Report", "series_number": "01/2010", "country": "SE", "sources": ["bi-open"],
     "match_rule": "single", "first_seen": "2026-01-01T02:00:00Z", "last_seen": "2026-01-03T02:00:00Z"},
]
SAMPLE_RECORDS = [
    {"document_id": SEED, "source": "bi-open", "record_key": "oai:biopen.bi.no:11250/94194",
     "url": "https://hdl.handle.net/11250/94194",
     "fields": ["title", "authors", "year", "date_issued", "language", "doc_type", "publisher", "series",
                "series_number", "issn", "handle", "url", "abstract", "subjects", "country"]},
    {"document_id": SEED, "source": "docplayer", "record_key": "https://docplayer.me/94194-Offentlig.html",
     "url": "https://docplayer.me/94194-Offentlig.html", "fields": ["fulltext_url"]},
    {"document_id": "w000000000002", "source": "bi-open", "record_key": "oai:x:2", "url": None,
     "fields": ["title", "authors"]},
    {"document_id": "w000000000003", "source": "docplayer", "record_key": "https://docplayer.dk/3", "url": None,
     "fields": ["title"]},
    {"document_id": "w000000000004", "source": "bi-open", "record_key": "oai:x:4", "url": None, "fields": ["title"]},
]
SAMPLE_RUNS = [
    {"run_id": "20260102T020000Z", "source": "bi-open", "kind": "oai-pmh", "started_at": "2026-01-02T02:00:00Z",
     "status": "ok", "records_seen": 1, "records_held": 3},
    {"run_id": "20260103T020000Z", "source": "bi-open", "kind": "oai-pmh", "started_at": "2026-01-03T02:00:00Z",
     "ended_at": "2026-01-03T02:01:00Z", "status": "ok", "records_seen": 4, "records_new": 1, "records_held": 3},
    {"run_id": "20260103T020000Z", "source": "docplayer", "kind": "docplayer", "started_at": "2026-01-03T02:00:00Z",
     "ended_at": "2026-01-03T02:02:00Z", "status": "failed", "records_seen": 0, "records_new": 0,
     "records_held": 2, "error": "HTTP 503 after 3 retries"},
    {"run_id": "20260103T030000Z", "source": "bi-open", "kind": "reparse", "started_at": "2026-01-03T03:00:00Z",
     "status": "reparsed"},
]
SAMPLE_CASES = [
    {"id": "c1", "document_id": SEED, "name": "Frivillighetssentralen i Bærum", "model": "OPS",
     "description": "Kommunen, frivilligsentralen og bedrifter om tilbud til eldre.", "period": "2001–2005",
     "target_group": "eldre", "outcomes": ["flere besøk hos eldre"], "place_code": "3024", "place_name": "Bærum",
     "country": "NO", "lat": 59.89, "lon": 10.52, "method": "labelled-block", "confidence": 0.9},
    {"id": "c2", "document_id": "w000000000002", "name": "Frivillighetssentralen i Bærum", "model": "OPS",
     "description": "Partssamarbeid om frivilligsentralen.", "place_code": "3024", "place_name": "Bærum", "country": "NO", "lat": 59.89, "lon": 10.52, "method": "section",
     "confidence": 0.7},
    {"id": "c3", "document_id": "w000000000003", "name": "Aalborg Partnerskab", "model": "socialt partnerskab",
     "description": "Kommunen og virksomheder om beskæftigelse.", "place_code": "0851", "place_name": "Aalborg", "country": "DK", "lat": 57.05, "lon": 9.92, "method": "bullet",
     "confidence": 0.8},
]
SAMPLE_PARTNERS = [
    {"case_id": "c1", "position": 1, "name": "Bærum kommune", "organisation_id": "o-baerum", "sector": "public", "role": "owner"},
    {"case_id": "c1", "position": 2, "name": "Frivillighetssentralen", "organisation_id": "o-frivillig", "sector": "civil society", "role": "operator"},
    {"case_id": "c1", "position": 3, "name": "Vital Forsikring", "organisation_id": "o-vital", "sector": "private", "role": "sponsor"},
    {"case_id": "c2", "position": 1, "name": "Bærum kommune", "organisation_id": "o-baerum", "sector": "public", "role": None},
    {"case_id": "c3", "position": 1, "name": "Aalborg Kommune", "organisation_id": "o-aalborg", "sector": "public", "role": None},
    {"case_id": "c3", "position": 2, "name": "Novo Nordisk", "organisation_id": "o-novo", "sector": "private", "role": None},
]
SAMPLE_PLACES = [
    {"document_id": SEED, "place_code": "3024", "country": "NO", "name": "Bærum", "lat": 59.89, "lon": 10.52},
    {"document_id": "w000000000004", "place_code": "0180", "country": "SE", "name": "Stockholm", "lat": 59.33,
     "lon": 18.07},
]
SAMPLE_RELATIONS = [
    {"document_id": SEED, "source": "docplayer", "position": 1, "related_url": "https://docplayer.me/4-Samverkan.html",
     "anchor_text": "Samverkan i kommunerna", "related_document_id": "w000000000004"},
    {"document_id": SEED, "source": "docplayer", "position": 2, "related_url": "https://docplayer.me/77-Annet.html",
     "anchor_text": "Et annet dokument", "related_document_id": None},
]


def sample_catalogue(data_dir: Path, *, with_cases: bool = True) -> Path:
    """The sample catalogue in DATA_DIR/catalogue.db; without the case tables when asked."""
    return write_catalogue(data_dir / "catalogue.db", SAMPLE_DOCUMENTS, sources=SAMPLE_SOURCES,
                           records=SAMPLE_RECORDS, runs=SAMPLE_RUNS,
                           cases=SAMPLE_CASES if with_cases else None, partners=SAMPLE_PARTNERS,
                           places=SAMPLE_PLACES, relations=SAMPLE_RELATIONS)
