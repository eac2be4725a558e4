"""The whole path over real HTTP: demo web -> `nordcat nightly` -> DuckDB -> catalogue.db -> Datasette.

The runs below build on each other (module-scoped fixtures): a first nightly, a second one that
must change nothing, then a third after the demo repository changed and deleted records.
"""
from __future__ import annotations

import json
import subprocess
from urllib.parse import parse_qs, urlsplit

import duckdb
import httpx
import pytest

from demo import DEFAULT_PORTS, DemoWeb
from tests.helpers import NORDCAT, catalogue, documents, free_port, nordcat, report_lines, wait_for_http

pytestmark = pytest.mark.slow

SEED_HANDLE = "11250/94194"


@pytest.fixture(scope="module")
def web():
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web:
        yield web


@pytest.fixture(scope="module")
def dirs(web, tmp_path_factory):
    data, sources = tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("sources")
    web.write_registry(sources)
    return data, sources


@pytest.fixture(scope="module")
def first(web, dirs):
    proc = nordcat(*dirs, "nightly")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"proc": proc, "documents": documents(dirs[0]), "raw": raw_count(dirs[0]),
            "requests": len(web.requests)}


@pytest.fixture(scope="module")
def second(web, dirs, first):
    proc = nordcat(*dirs, "nightly")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"proc": proc, "documents": documents(dirs[0]), "raw": raw_count(dirs[0]),
            "requests": web.requests[first["requests"]:]}


def raw_count(data) -> int:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM raw_records").fetchall()[0][0]


def oai_handles(web, *, deleted: bool) -> set[str]:
    return {w.handle for w in web.oai.store.snapshot() if w.deleted == deleted}


def by_handle(docs: list[dict], handle: str) -> list[dict]:
    return [d for d in docs if d["handle"] == handle]


# --- first run ---------------------------------------------------------------------------------

def test_every_demo_source_is_healthy(first, dirs):
    reports = report_lines(first["proc"].stdout)
    assert set(reports) == {p.stem for p in dirs[1].glob("*.yml")}
    assert {r["status"] for r in reports.values()} == {"ok"}
    assert all(int(r["held"]) > 0 for r in reports.values())


def test_seed_000_record_comes_out_whole(first):
    [doc] = by_handle(first["documents"], SEED_HANDLE)
    assert doc["title"] == "Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet"
    assert doc["authors"] == ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"]
    assert doc["year"] == 2005 and doc["date_issued"] == "2005"
    assert (doc["series"], doc["series_number"]) == ("Research Report", "06/2005")
    assert doc["issn"] == ["0803-2610"]
    assert doc["language"] == "nor"
    assert doc["doc_type"] == "research report"
    assert doc["abstract"].startswith("Bærum kommune /Frivillighetssentralen har gjennom en fireårsperiode")


def test_oai_and_item_page_copies_are_one_work(first):
    [doc] = by_handle(first["documents"], SEED_HANDLE)
    assert doc["sources"] == ["demo-biopen-html", "demo-biopen-oai"]
    assert "handle" in doc["match_rule"].split("+")
    assert doc["fulltext_url"].endswith(".pdf?sequence=1&isAllowed=y")


def test_lineage_names_the_fields_each_record_gave(first, dirs):
    with catalogue(dirs[0]) as db:
        rows = db.execute("""SELECT s.source, s.fields FROM document_sources s JOIN documents d ON d.id = s.document_id
                             WHERE d.handle = ? ORDER BY s.source""", [SEED_HANDLE]).fetchall()
    fields = {source: set(json.loads(given)) for source, given in rows}
    assert {"title", "authors", "series"} <= fields["demo-biopen-oai"]
    assert "title" not in fields["demo-biopen-html"]  # repository metadata is preferred


def test_deleted_records_are_absent(first, web):
    handles = {d["handle"] for d in first["documents"]}
    deleted = oai_handles(web, deleted=True)
    assert len(deleted) == 5
    assert not handles & deleted


def test_counts_match_the_demo_web(first, web, dirs):
    with catalogue(dirs[0]) as db:
        held = dict(db.execute("SELECT name, records FROM sources"))
    assert held["demo-biopen-oai"] == len(oai_handles(web, deleted=False))
    assert held == web.holdings()
    docs = first["documents"]
    # every live OAI work is one document; item pages of the same works merge into them
    oai_docs = [d for d in docs if "demo-biopen-oai" in d["sources"]]
    assert len(oai_docs) == held["demo-biopen-oai"]
    assert len({d["id"] for d in docs}) == len(docs)
    assert len(docs) == sum(held.values()) - sum(len(d["sources"]) - 1 for d in docs)


def test_merge_across_repositories_by_doi_or_isbn(first):
    both = [d for d in first["documents"] if {"demo-biopen-oai", "demo-nordarkiv"} <= set(d["sources"])]
    assert both, "the demo holds works in both repositories"
    assert all({"doi", "isbn"} & set(d["match_rule"].split("+")) for d in both)


def test_raw_responses_are_archived_as_warc(first, dirs):
    from warcio.archiveiterator import ArchiveIterator
    files = sorted((dirs[0] / "raw" / "demo-biopen-oai").glob("*.warc.gz"))
    assert len(files) == 1
    with open(files[0], "rb") as stream:
        urls = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream) if r.rec_type == "response"]
    assert urls and all("verb=ListRecords" in u for u in urls)


# --- second run: nothing changed -----------------------------------------------------------------

def test_second_run_changes_nothing(first, second):
    assert second["raw"] == first["raw"]
    reports = report_lines(second["proc"].stdout)
    assert {(r["new"], r["changed"], r["deleted"]) for r in reports.values()} == {("0", "0", "0")}
    strip = lambda docs: [{k: v for k, v in d.items() if k != "last_seen"} for d in docs]
    assert strip(second["documents"]) == strip(first["documents"])


def test_second_oai_harvest_is_incremental(second):
    harvests = [parse_qs(urlsplit(path).query) for site, path in second["requests"]
                if site == "dspace" and "verb=ListRecords" in path and "resumptionToken" not in path]
    assert harvests and all("from" in q for q in harvests)


# --- third run: the repository changed ------------------------------------------------------------

def test_changes_and_deletes_reach_the_catalogue(web, dirs, second):
    docs = second["documents"]
    changed, gone = [d["handle"] for d in docs if d["handle"] and d["handle"] != SEED_HANDLE
                     and d["sources"] == ["demo-biopen-oai"]][:2]
    web.oai.update(changed, title="Samskaping i kommunene: en revidert utgave")
    web.oai.delete(gone)
    proc = nordcat(*dirs, "nightly")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = report_lines(proc.stdout)["demo-biopen-oai"]
    assert (report["seen"], report["new"], report["changed"], report["deleted"]) == ("2", "0", "1", "1")
    after = documents(dirs[0])
    assert [d["title"] for d in by_handle(after, changed)] == ["Samskaping i kommunene: en revidert utgave"]
    assert by_handle(after, gone) == []
    assert len(after) == len(docs) - 1
    # ids are stable: every surviving work keeps its id
    assert {d["id"] for d in after} == {d["id"] for d in docs if d["handle"] != gone}


# --- Datasette ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def datasette(dirs, first):
    port = free_port()
    server = subprocess.Popen([NORDCAT, "--data-dir", str(dirs[0]), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/-/versions.json")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_datasette_full_text_search(datasette):
    rows = httpx.get(f"{datasette}/catalogue/documents.json",
                     params={"_search": "velferdstilbudet", "_shape": "array"}).json()
    assert SEED_HANDLE in [r["handle"] for r in rows]


def test_datasette_search_input_is_text_not_sql(datasette):
    response = httpx.get(f"{datasette}/catalogue/documents.json",
                         params={"_search": "x' OR 1=1; DROP TABLE documents; --", "_shape": "array"})
    assert response.status_code == 200 and response.json() == []


def test_datasette_facets(datasette, dirs):
    data = httpx.get(f"{datasette}/catalogue/documents.json", params={"_facet": "language"}).json()
    counts = {f["value"]: f["count"] for f in data["facet_results"]["language"]["results"]}
    expected = {}
    for doc in documents(dirs[0]):
        expected[doc["language"]] = expected.get(doc["language"], 0) + 1
    assert counts == {k: v for k, v in expected.items() if k is not None}


def test_datasette_row_page(datasette, first):
    [doc] = by_handle(first["documents"], SEED_HANDLE)
    page = httpx.get(f"{datasette}/catalogue/documents/{doc['id']}")
    assert page.status_code == 200
    assert "Midttun, Atle" in page.text and "Research Report" in page.text
    health = httpx.get(f"{datasette}/catalogue/sources.json", params={"_shape": "array"}).json()
    assert {s["status"] for s in health} == {"ok"}
