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

from nordcat import tables
from tests.helpers import NORDCAT, catalogue, documents, free_port, nordcat, report_lines, wait_for_http

pytestmark = pytest.mark.slow

SEED_HANDLE = "11250/94194"


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
    with catalogue(dirs[0]) as db:
        records = db.execute("SELECT count(*) FROM document_sources").fetchall()[0][0]
    assert records == sum(held.values())  # every record held is in exactly one work


def test_merge_across_repositories_by_doi_or_isbn(first):
    both = [d for d in first["documents"] if {"demo-biopen-oai", "demo-nordarkiv"} <= set(d["sources"])]
    assert both, "the demo holds works in both repositories"
    assert all({"doi", "isbn"} & set(d["match_rule"].split("+")) for d in both)


def test_identifiers_the_mapping_reads_reach_the_catalogue(first, dirs):
    """urn and cristin, appended to documents (then licence, issue 15): the demo's NVA works carry
    Cristin ids."""
    with catalogue(dirs[0]) as db:
        assert [row[1] for row in db.execute("PRAGMA table_info(documents)")][-3:] == ["urn", "cristin", "licence"]
        rows = db.execute("""SELECT d.cristin, s.fields FROM documents d JOIN document_sources s ON s.document_id = d.id
                             WHERE s.source = 'demo-nva' AND d.cristin IS NOT NULL""").fetchall()
    assert rows and all(cristin.isdigit() and "cristin" in json.loads(fields) for cristin, fields in rows)


def test_related_lists_are_published(first, dirs):
    with catalogue(dirs[0]) as db:
        edges = db.execute("""SELECT r.document_id IN (SELECT id FROM documents), r.related_document_id,
                                     r.related_document_id IN (SELECT id FROM documents)
                              FROM document_relations r""").fetchall()
    assert edges and all(listed for listed, _, _ in edges)
    assert any(target for _, target, _ in edges) and all(held for _, target, held in edges if target)


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


def test_datasette_describes_every_column_of_the_declared_tables(datasette):
    described = httpx.get(f"{datasette}/-/metadata.json").json()["databases"]["catalogue"]["tables"]
    for name, columns in tables.column_descriptions().items():
        assert described[name]["columns"] == columns, name
    assert described["documents"]["sort_desc"] == "year"  # publish/metadata.yml's own, merged
    assert "Cristin result id" in httpx.get(f"{datasette}/dictionary").text


def fuzzy_merged(data_dir) -> list[tuple[str, str, float, list[tuple[str, str]]]]:
    """(id, match_rule, match_score, [(source, record_key)]) of the works merged by title."""
    with catalogue(data_dir) as db:
        works = db.execute("SELECT id, match_rule, match_score FROM documents "
                           "WHERE match_rule LIKE '%title%' ORDER BY id").fetchall()
        return [(w["id"], w["match_rule"], w["match_score"],
                 [tuple(r) for r in db.execute("SELECT source, record_key FROM document_sources "
                                               "WHERE document_id = ? ORDER BY source", [w["id"]])])
                for w in works]


def test_docplayer_copies_merge_by_title_and_an_override_splits_them(dirs, second):
    """The demo uploads repository reports to docplayer without identifiers: only the fuzzy
    stage can join them, with a score below the 1.0 of shared identifiers."""
    copies = [w for w in fuzzy_merged(dirs[0])
              if w[2] < 1.0 and any(source == "demo-docplayer" for source, _ in w[3])]
    assert len(copies) == 2 and all(0.86 <= score for _, _, score, _ in copies)
    [(_, rule, _, (first_record, second_record))] = [w for w in copies if len(w[3]) == 2]
    assert rule == "title+year"
    (dirs[0] / "merge_overrides.yml").write_text(
        f"must_not_merge:\n  - [{' '.join(first_record)!r}, {' '.join(second_record)!r}]\n", encoding="utf-8")
    try:
        assert nordcat(*dirs, "build").returncode == 0
        assert nordcat(*dirs, "publish").returncode == 0
        with catalogue(dirs[0]) as db:
            works = {source: db.execute("SELECT document_id FROM document_sources WHERE source = ? AND "
                                        "record_key = ?", [source, key]).fetchall()[0][0]
                     for source, key in (first_record, second_record)}
        assert len(set(works.values())) == 2
    finally:
        (dirs[0] / "merge_overrides.yml").unlink()
