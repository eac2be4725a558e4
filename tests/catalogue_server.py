"""Catalogues made the way production makes them, and a real Datasette serving them.

Nothing here writes catalogue.db by hand: every catalogue a test serves is written by the real
`publish.catalogue.publish()` from a real warehouse.

- `publish_sample(data_dir, sample)`: a small hand-picked catalogue, for tests that need specific
  rows (the page tests' works with cases and partners; hostile strings for the XSS tests). The
  sample's records are stored in a real warehouse (`warehouse.Warehouse`) as a crawl stores them
  (runs started and finished, raw records added), its works go into the curated tables as the
  build writes them (`Warehouse.add_works`, `update_seen_dates`), each crawl run's judgement of
  every enabled source into source_health as a crawl records it (`Warehouse.record_health`), the
  organisations, the
  cooperation models and the related-documents graph are written by the build's own steps
  (`pipeline.build.replace_organisations`, `pipeline.build.replace_cooperation_models` from
  pipeline/data/cooperation_models.yml, `pipeline.relations.replace_relations`, from the related
  lists in the records' metadata), and
  catalogue.db, its inspect data and the downloads are written by `publish()`.
- `SAMPLE`: the sample of the page tests (tests/publish/test_pages.py, tests/publish/test_browser.py), with only
  values the pipeline produces (sectors of pipeline/cases/model.py, roles owner|host|funder|None,
  model keys of pipeline/data/cooperation_models.yml, case ids "<work id>-<n>").
- `publish_demo(root)`: a real `nordcat nightly` over the embedded demo web, with DEMO_DEPOSITS
  deposited in its repository (HOSTILE for the feeds, SEARCH_DEPOSITS for the search tests).
- `CatalogueServer`: `nordcat serve` (publish/serve.py's supervisor and its Datasette worker, with
  nordcat's metadata, plugins, templates and static files) over a data folder, on a free port.
- `chromium`: Debian's chromium through Playwright.

The fixtures that use these are in tests/conftest.py.
"""
from __future__ import annotations

import itertools
import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from demo.works import REPORTS, Work
from tests.helpers import NORDCAT, free_port, nordcat, wait_for_http

CHROMIUM = "/usr/bin/chromium"  # Debian's (make browser); never a browser Playwright downloads


# --- a hand-picked catalogue through warehouse + publish() ----------------------------------------

@dataclass(frozen=True)
class Sample:
    """What a warehouse holds, by table; lists for the JSON columns.

    sources: registry entries (nordcat.sources.Source fields).
    runs: crawl runs in the order they ran (run_id, source, kind, started_at as ISO 8601 UTC, and
        the fields a crawl finishes a run with: status, health, records_seen, ..., error).
    records: records as a crawl stores them (source, record_key, url, format, run_id: the run that
        fetched it, metadata: its dc-dict, e.g. a docplayer page's "nordcat.related.url"/".title"),
        with the work they are part of and the fields they gave it (document_id, fields).
    documents, places, cases: curated rows as the build writes them (first_seen and last_seen are
        derived from the records, as the build derives them).
    partners: case partners (case_id, position, name, sector, role); their organisation is the
        pipeline's canonical one (pipeline.organisations).
    """
    sources: list[dict]
    runs: list[dict]
    records: list[dict]
    documents: list[dict]
    places: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    partners: list[dict] = field(default_factory=list)


def publish_sample(data_dir: Path, sample: Sample) -> Path:
    """DATA_DIR/warehouse.duckdb holding the sample, and DATA_DIR/catalogue.db (with its inspect
    data and downloads) published from it by publish.catalogue.publish(); returns DATA_DIR."""
    from nordcat.sources import Source
    from pipeline import organisations
    from pipeline.build import replace_cooperation_models, replace_organisations
    from pipeline.relations import replace_relations
    from publish.catalogue import publish
    from warehouse import Warehouse

    data_dir.mkdir(parents=True, exist_ok=True)
    registry = [Source(**source) for source in sample.sources]
    with Warehouse(data_dir / "warehouse.duckdb") as warehouse:
        for run_id, runs in itertools.groupby(sample.runs, key=lambda run: run["run_id"]):
            runs = list(runs)
            for run in runs:
                store_run(warehouse, run, sample.records)
            crawled = {run["source"] for run in runs if run["kind"] != "reparse"}
            if crawled:  # judged as at the run's start, so that the sample's ages do not grow with the calendar
                warehouse.record_health(run_id, [s for s in registry if s.enabled], crawled,
                                        now=utc(runs[0]["started_at"]))
        seqs = {(source, key): seq for source, key, seq in
                warehouse.query("SELECT source, record_key, seq FROM record_heads")}
        case_works = {case["id"]: case["document_id"] for case in sample.cases}
        partners = [{**p, "document_id": case_works[p["case_id"]],
                     "organisation_id": organisations.canonical(p["name"]).id} for p in sample.partners]
        named = [("publisher", d["id"], d["publisher"]) for d in sample.documents if d.get("publisher")] + [
            ("partner", p["document_id"], p["name"]) for p in partners]
        with warehouse.transaction():
            warehouse.add_works({
                "documents": arrow("documents", sample.documents),
                "document_sources": arrow("document_sources", [
                    {**r, "seq": seqs[r["source"], r["record_key"]]} for r in sample.records]),
                "document_places": arrow("document_places", sample.places),
                "cases": arrow("cases", sample.cases),
                "case_partners": arrow("case_partners", partners),
                "document_organisations": arrow("document_organisations", list({
                    (work, organisations.canonical(name).id, role): {
                        "document_id": work, "organisation_id": organisations.canonical(name).id, "role": role,
                        "name": name} for role, work, name in named}.values())),
            })
            warehouse.update_seen_dates()
            replace_organisations(warehouse)
            replace_cooperation_models(warehouse)
            replace_relations(warehouse)
        publish(warehouse, registry, data_dir)
    return data_dir


def store_run(warehouse, run: dict, records: list[dict]) -> None:
    """A crawl run as a crawl stores it: started, its records added, finished with its fields."""
    from nordcat.records import raw_record

    run_id, source = run["run_id"], run["source"]
    warehouse.start_run(run_id, source, run["kind"])
    fetched = [raw_record(source=r["source"], key=r["record_key"], fmt=r["format"], url=r["url"],
                          payload=payload(r), metadata=r["metadata"])
               for r in records if (r["source"], r["run_id"]) == (source, run_id)]
    warehouse.add_records(fetched, run_id=run_id)
    finished = {k: v for k, v in run.items() if k not in ("run_id", "source", "kind")}
    finished["started_at"] = utc(run["started_at"])
    warehouse.finish_run(run_id, source, **finished)


def arrow(table: str, rows: list[dict]):
    """Rows of a curated table as the build hands them to the warehouse (nordcat.tables): its
    JSON columns (lists, all of them) as JSON text, [] where a row has none, as the build writes them."""
    import pyarrow as pa

    from nordcat.tables import arrow_schema, table as declared

    json_columns = {c.name for c in declared(table).columns if c.type == "json"}
    schema = arrow_schema(table)
    return pa.Table.from_pylist(
        [{name: json.dumps(row.get(name) or [], ensure_ascii=False) if name in json_columns else row.get(name)
          for name in schema.names} for row in rows], schema=schema)


def payload(record: dict) -> str:
    """The record as fetched (never published; its content hash tells versions apart)."""
    if record["format"] == "oai_dc":
        return f"<record><header><identifier>{record['record_key']}</identifier></header></record>"
    return f"<html><head><link rel=\"canonical\" href=\"{record['record_key']}\"></head></html>"


def utc(iso: str) -> datetime:
    """'2026-01-03T02:00:00Z' as the naive UTC the warehouse's TIMESTAMP columns hold."""
    return datetime.fromisoformat(iso.removesuffix("Z"))


# --- the sample of the page tests -----------------------------------------------------------------

SEED = "w000000094194"  # the seed report (shared/seeds: BI Open 11250/94194), also on docplayer
AALBORG = "w000000000003"
SEED_PAGE = "https://docplayer.me/94194-Offentlig.html"
# a docplayer page the crawl holds as a work (the Aalborg article), listed on the seed's page
AALBORG_PAGE = "https://docplayer.me/3-Sociale-partnerskaber-i-aalborg.html"
NOT_HELD_PAGE = "https://docplayer.me/77-Annet.html"
SAMPLE_SOURCES = [
    {"name": "bi-open", "title": "BI Open", "publisher": "BI", "country": "NO", "kind": "oai-pmh",
     "url": "https://biopen.bi.no/bi-oai/request", "metadata_prefix": "oai_dc"},
    {"name": "docplayer", "title": "docplayer", "publisher": "docplayer", "country": "NO", "kind": "docplayer",
     "url": "https://docplayer.me/", "start_urls": [SEED_PAGE]},
    # added to the registry, not crawled yet: never (and stale) in every run's judgement
    {"name": "munin", "title": "Munin", "publisher": "UiT The Arctic University of Norway", "country": "NO",
     "kind": "oai-pmh", "url": "https://munin.uit.no/oai/request"},
]
SAMPLE_RUNS = [
    {"run_id": "20260102T020000Z", "source": "bi-open", "kind": "oai-pmh", "started_at": "2026-01-02T02:00:00Z",
     "status": "ok", "health": "ok", "records_seen": 3, "records_new": 3, "records_held": 3},
    {"run_id": "20260102T020000Z", "source": "docplayer", "kind": "docplayer", "started_at": "2026-01-02T02:00:00Z",
     "status": "ok", "health": "ok", "records_seen": 2, "records_new": 2, "records_held": 2},
    {"run_id": "20260103T020000Z", "source": "bi-open", "kind": "oai-pmh", "started_at": "2026-01-03T02:00:00Z",
     "status": "ok", "health": "ok", "records_seen": 4, "records_new": 1, "records_held": 3},
    {"run_id": "20260103T020000Z", "source": "docplayer", "kind": "docplayer", "started_at": "2026-01-03T02:00:00Z",
     "status": "failed", "health": "failing", "records_seen": 0, "records_new": 0, "records_held": 2,
     "error": "HTTP 503 after 3 retries"},
    {"run_id": "20260103T030000Z", "source": "bi-open", "kind": "reparse", "started_at": "2026-01-03T03:00:00Z",
     "status": "reparsed"},
]
SAMPLE_DOCUMENTS = [
    {"id": SEED, "title": "Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet",
     "authors": ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"], "year": 2005, "date_issued": "2005",
     "language": "nob", "doc_type": "research report", "publisher": "BI Norwegian Business School",
     "series": "Research Report", "series_number": "06/2005", "issn": ["0803-2610"],
     "handle": "11250/94194", "url": "https://hdl.handle.net/11250/94194",
     "fulltext_url": "https://biopen.bi.no/bi-xmlui/bitstream/handle/11250/94194/2005-06.pdf?sequence=1",
     "abstract": "Bærum kommune /Frivillighetssentralen har gjennom en fireårsperiode samarbeidet med private "
                 "bedrifter om velferdstilbud til eldre.",
     "subjects": ["offentlig-privat samarbeid", "frivillighet", "Bærum"], "country": "NO",
     "sources": ["bi-open", "docplayer"], "match_rule": "url", "match_score": 1.0},
    {"id": "w000000000002", "title": "Trepartssamarbeidet i kommunene", "authors": ["Midttun, Atle"], "year": 2019,
     "date_issued": "2019-03-14", "language": "nob", "doc_type": "report", "publisher": "Fafo",
     "abstract": "Om partssamarbeid i norske kommuner og frivillighetssentralen i Bærum.",
     "subjects": ["trepartssamarbeid"], "country": "NO", "sources": ["bi-open"], "match_rule": "single"},
    {"id": AALBORG, "title": "Sociale partnerskaber i Aalborg", "authors": ["Nielsen, Mette"], "year": 2021,
     "date_issued": "2021-06", "language": "dan", "doc_type": "journal article", "doi": "10.1234/nordcat.3",
     "series": "Tidsskrift for Kommunal Samarbejde", "url": "https://example.dk/artikel/3",
     "subjects": ["partnerskab"], "country": "DK", "sources": ["docplayer"], "match_rule": "single"},
    {"id": "w000000000004", "title": "Samverkan i kommunerna", "authors": [], "year": 2010, "date_issued": "2010",
     "language": "swe", "doc_type": "working paper", "publisher": "Stockholms universitet",
     "series": "Research Report", "series_number": "01/2010", "country": "SE", "sources": ["bi-open"],
     "match_rule": "single"},
]
SAMPLE_RECORDS = [
    {"document_id": SEED, "source": "bi-open", "record_key": "oai:biopen.bi.no:11250/94194", "format": "oai_dc",
     "url": "https://hdl.handle.net/11250/94194", "run_id": "20260102T020000Z",
     "metadata": {"dc.title": [SAMPLE_DOCUMENTS[0]["title"]],
                  "dc.identifier.uri": ["https://hdl.handle.net/11250/94194"]},
     "fields": ["title", "authors", "year", "date_issued", "language", "doc_type", "publisher", "series",
                "series_number", "issn", "handle", "url", "abstract", "subjects", "country"]},
    # the seed's docplayer page, with the related list docplayer shows beside it: a page the crawl
    # holds (its anchor text is docplayer's, not the work's title) and one it does not
    {"document_id": SEED, "source": "docplayer", "record_key": SEED_PAGE, "format": "docplayer", "url": SEED_PAGE,
     "run_id": "20260102T020000Z", "fields": ["fulltext_url"],
     "metadata": {"dc.title": [SAMPLE_DOCUMENTS[0]["title"]],
                  "nordcat.related.url": [AALBORG_PAGE, NOT_HELD_PAGE],
                  "nordcat.related.title": ["Sociale partnerskaber i Aalborg - PDF Gratis download",
                                            "Et annet dokument"]}},
    {"document_id": "w000000000002", "source": "bi-open", "record_key": "oai:x:2", "format": "oai_dc", "url": None,
     "run_id": "20260102T020000Z", "metadata": {"dc.title": ["Trepartssamarbeidet i kommunene"]},
     "fields": ["title", "authors"]},
    {"document_id": AALBORG, "source": "docplayer", "record_key": AALBORG_PAGE, "format": "docplayer",
     "url": AALBORG_PAGE, "run_id": "20260102T020000Z", "metadata": {"dc.title": ["Sociale partnerskaber i Aalborg"]},
     "fields": ["title"]},
    {"document_id": "w000000000004", "source": "bi-open", "record_key": "oai:x:4", "format": "oai_dc", "url": None,
     "run_id": "20260103T020000Z", "metadata": {"dc.title": ["Samverkan i kommunerna"]}, "fields": ["title"]},
]
SAMPLE_CASES = [
    {"id": f"{SEED}-1", "document_id": SEED, "name": "Frivillighetssentralen i Bærum",
     "model": "public_private_partnership",
     "description": "Kommunen, frivilligsentralen og bedrifter om tilbud til eldre.", "period": "2001–2005",
     "target_group": "eldre", "outcomes": ["flere besøk hos eldre"], "place_code": "3024", "place_name": "Bærum",
     "country": "NO", "lat": 59.89, "lon": 10.52, "method": "labelled-block", "confidence": 0.9},
    {"id": "w000000000002-1", "document_id": "w000000000002", "name": "Frivillighetssentralen i Bærum",
     "model": "public_private_partnership", "description": "Partssamarbeid om frivilligsentralen.", "outcomes": [],
     "place_code": "3024", "place_name": "Bærum", "country": "NO", "lat": 59.89, "lon": 10.52, "method": "section",
     "confidence": 0.7},
    {"id": f"{AALBORG}-1", "document_id": AALBORG, "name": "Aalborg Partnerskab", "model": "social_partnership",
     "description": "Kommunen og virksomheder om beskæftigelse.", "outcomes": [], "place_code": "0851",
     "place_name": "Aalborg", "country": "DK", "lat": 57.05, "lon": 9.92, "method": "bullet", "confidence": 0.8},
    # cases the text gives no name (the pipeline leaves name empty): one with a model and a
    # municipality, one with a model only
    {"id": f"{AALBORG}-2", "document_id": AALBORG, "name": None, "model": "co_creation",
     "description": "Kommunen og frivilligcentret om samskabelse i nærmiljøet.", "outcomes": [],
     "place_code": "0851", "place_name": "Aalborg", "country": "DK", "lat": 57.05, "lon": 9.92,
     "method": "sentence-pattern", "confidence": 0.6},
    {"id": "w000000000002-2", "document_id": "w000000000002", "name": None, "model": "tripartite",
     "description": "Fagforbundet om trepartssamarbeid i kommunene.", "outcomes": [], "method": "sentence-pattern",
     "confidence": 0.6},
]
SAMPLE_PARTNERS = [
    {"case_id": f"{SEED}-1", "position": 1, "name": "Bærum kommune", "sector": "public", "role": "owner"},
    {"case_id": f"{SEED}-1", "position": 2, "name": "Frivillighetssentralen", "sector": "civil_society",
     "role": "host"},
    {"case_id": f"{SEED}-1", "position": 3, "name": "Vital Forsikring", "sector": "private", "role": "funder"},
    {"case_id": "w000000000002-1", "position": 1, "name": "Bærum kommune", "sector": "public", "role": None},
    {"case_id": f"{AALBORG}-1", "position": 1, "name": "Aalborg Kommune", "sector": "public", "role": None},
    {"case_id": f"{AALBORG}-1", "position": 2, "name": "Novo Nordisk", "sector": "private", "role": None},
    {"case_id": f"{AALBORG}-2", "position": 1, "name": "Aalborg Kommune", "sector": "public", "role": None},
    {"case_id": f"{AALBORG}-2", "position": 2, "name": "Frivilligcenter Aalborg", "sector": "civil_society",
     "role": None},
    {"case_id": "w000000000002-2", "position": 1, "name": "Fagforbundet", "sector": "civil_society", "role": None},
]
SAMPLE_PLACES = [
    {"document_id": SEED, "place_code": "3024", "country": "NO", "name": "Bærum", "lat": 59.89, "lon": 10.52},
    {"document_id": "w000000000004", "place_code": "0180", "country": "SE", "name": "Stockholm", "lat": 59.33,
     "lon": 18.07},
]
SAMPLE = Sample(sources=SAMPLE_SOURCES, runs=SAMPLE_RUNS, records=SAMPLE_RECORDS, documents=SAMPLE_DOCUMENTS,
                places=SAMPLE_PLACES, cases=SAMPLE_CASES, partners=SAMPLE_PARTNERS)


# --- the demo nightly ------------------------------------------------------------------------------

# A deposited work whose title and abstract try to be markup (tests/publish/test_feeds.py). The
# mapping removes whole tags (<b>Kari</b>); what it cannot tell from text (an unclosed tag, quotes,
# "&", "]]>") reaches the catalogue, and every page and feed must show it as text.
HOSTILE = Work(handle="11250/4299001", title='"><svg onload=alert("feed") Samarbeid & "partnerskap" <b',
               authors=["O'Brien, <b>Kari</b>"], issued="2024", accessioned="2024-05-02T10:00:00Z",
               language="nob", type="Research report", collections=[REPORTS],
               abstract='Kommunene i ]]> Vesterålen & "<img src=x onerror=alert(1)"')
# Works deposited for forms the demo texts lack, each with a word of its own (tests/publish/test_search.py)
SEARCH_DEPOSITS = {
    "11250/4200001": ("nob", "Samarbeidets grenser i Lofoten", "Erfaringer fra kommunene i Lofoten."),
    "11250/4200002": ("swe", "Samverkan i kommunerna i Norrbotten", "Kommunernas erfarenheter av samverkan."),
    "11250/4200003": ("nob", "Trepartssamarbeidet på Senja", "Partene i arbeidslivet og kommunen på Senja."),
    "11250/4200004": ("dan", "Partnerskaber i Århus", "Kommunen i Århus og virksomhederne."),
    "11250/4200005": ("fin", "Kunnat ja kuntien yhteistyö Inarissa", "Kunnissa tehty kysely."),
}
DEMO_DEPOSITS = [HOSTILE] + [
    Work(handle=handle, title=title, authors=["Nilsen, Kari"], issued="2024", accessioned="2024-05-02T10:00:00Z",
         language=language, type="Research report", collections=[REPORTS], abstract=abstract)
    for handle, (language, title, abstract) in SEARCH_DEPOSITS.items()]


def publish_demo(root: Path) -> Path:
    """ROOT/data after a real `nordcat nightly` (crawl, build, publish) over the demo web with
    DEMO_DEPOSITS in its repository; the registry it ran with is ROOT/sources. Returns ROOT/data."""
    from demo import DEFAULT_PORTS, DemoWeb

    data, sources = root / "data", root / "sources"
    sources.mkdir(parents=True)
    with DemoWeb(ports=dict.fromkeys(DEFAULT_PORTS, 0)) as web:
        for work in DEMO_DEPOSITS:
            web.oai.add(work)
        web.write_registry(sources)
        proc = nordcat(data, sources, "nightly")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return data


# --- serving ---------------------------------------------------------------------------------------

class CatalogueServer:
    """`nordcat serve` over DATA_DIR on a free loopback port, for a `with` block: the supervisor of
    publish/serve.py and its Datasette worker, as in production. Its stderr goes to `log`."""

    def __init__(self, data_dir: Path, log: Path):
        self.data_dir = data_dir
        self.log = log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> "CatalogueServer":
        with self.log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
            self._process = subprocess.Popen(
                [NORDCAT, "--data-dir", str(self.data_dir), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=out, stderr=out)
        try:
            wait_for_http(f"{self.base}/-/versions.json", timeout=90)
        except TimeoutError:
            self.stop()
            raise RuntimeError(self.log.read_text(errors="replace")[-3000:])
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=30)

    def get(self, path: str, **kwargs) -> httpx.Response:
        return httpx.get(self.base + path, timeout=30, **kwargs)


@contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is absent: `make browser` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()
