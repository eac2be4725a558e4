"""The warehouse and the build on a real DuckDB file: idempotent loads, lineage, deterministic merges."""
from __future__ import annotations

import json

import pytest

from crawlers.registry import Source
from pipeline.build import build
from warehouse.store import Warehouse

SOURCES = [
    Source(name="repo", title="Repo", publisher="BI Norwegian Business School", country="NO", kind="oai-pmh",
           url="https://biopen.bi.no/bi-oai/request", language="nob"),
    Source(name="pages", title="Pages", publisher="BI Norwegian Business School", country="NO",
           kind="dspace-html", url="https://biopen.bi.no/", start_urls=["https://biopen.bi.no/bi-xmlui/"]),
    Source(name="archive", title="Archive", publisher="NORA", country="SE", kind="dspace-html",
           url="https://nora.example.org/", start_urls=["https://nora.example.org/xmlui/"]),
]

SEED_000 = {
    "dc.contributor.author": ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"],
    "dc.date.issued": ["2005"], "dc.identifier.issn": ["0803-2610"],
    "dc.identifier.uri": ["http://hdl.handle.net/11250/94194"], "dc.language.iso": ["nor"],
    "dc.relation.ispartofseries": ["Research Report", "06/2005"],
    "dc.title": ["Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet"],
    "dc.type": ["Research report"],
}


def record(source, key, metadata, **extra):
    return {"source": source, "record_key": key, "format": "dim", "payload": json.dumps(metadata, sort_keys=True),
            "metadata": metadata, **extra}


@pytest.fixture
def warehouse(tmp_path):
    with Warehouse(tmp_path / "warehouse.duckdb") as wh:
        wh.add_records([
            record("repo", "oai:biopen.bi.no:11250/94194", SEED_000),
            record("pages", "https://biopen.bi.no/bi-xmlui/handle/11250/94194",
                   {"dc.title": ["Offentlig-private partnerskap (side)"],
                    "dc.identifier.uri": ["http://hdl.handle.net/11250/94194"],
                    "nordcat.fulltext_url": ["https://biopen.bi.no/bitstream/11250/94194/1/rr06.pdf"]}),
            record("repo", "oai:biopen.bi.no:11250/100", {"dc.title": ["Samskaping i kommunene"],
                                                         "dc.identifier.doi": ["https://doi.org/10.1234/ABC"]}),
            record("archive", "https://nora.example.org/xmlui/handle/10037/5",
                   {"dc.title": ["Co-creation in municipalities"], "dc.identifier": ["doi:10.1234/abc"],
                    "dc.identifier.uri": ["http://hdl.handle.net/10037/5"]}),
            record("repo", "oai:biopen.bi.no:11250/101", {"dc.title": ["Alone"]}),
        ], run_id="r1")
        yield wh


def curated(wh):
    docs = wh.con.execute("SELECT * EXCLUDE (first_seen, last_seen) FROM documents ORDER BY id").fetchall()
    lineage = wh.con.execute("SELECT * FROM document_sources ORDER BY ALL").fetchall()
    return docs, lineage


def test_loading_the_same_records_again_stores_nothing(warehouse):
    rows = warehouse.con.execute("SELECT source, record_key, metadata FROM raw_records").fetchall()
    again = [record(s, k, json.loads(m)) for s, k, m in rows]
    assert warehouse.add_records(again, run_id="r2") == 0
    assert warehouse.run_changes("r2", "repo") == {"new": 0, "changed": 0, "deleted": 0}


def test_a_tombstone_removes_the_work_but_keeps_history(warehouse):
    build(warehouse, SOURCES)
    before = warehouse.con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    warehouse.add_records([record("repo", "oai:biopen.bi.no:11250/101", {}, payload="<header status='deleted'/>",
                                  deleted=True)], run_id="r2")
    assert warehouse.run_changes("r2", "repo") == {"new": 0, "changed": 0, "deleted": 1}
    build(warehouse, SOURCES)
    titles = [t for (t,) in warehouse.con.execute("SELECT title FROM documents").fetchall()]
    assert "Alone" not in titles and len(titles) == before - 1
    assert warehouse.con.execute("SELECT count(*) FROM raw_records WHERE record_key LIKE '%/101'").fetchall()[0][0] == 2


def test_records_sharing_a_handle_or_doi_are_one_work_with_lineage(warehouse):
    report = build(warehouse, SOURCES)
    assert (report.records, report.documents, report.merged) == (5, 3, 2)
    seed = warehouse.con.execute("SELECT * FROM documents WHERE handle = '11250/94194'").fetchall()
    assert len(seed) == 1
    doc = dict(zip([d[0] for d in warehouse.con.description], seed[0]))
    assert doc["title"].startswith("Offentlig-private partnerskap som supplement")  # repository wins
    assert doc["fulltext_url"].endswith("rr06.pdf")                               # only the page had it
    assert json.loads(doc["sources"]) == ["pages", "repo"] and "handle" in doc["match_rule"].split("+")
    fields = dict(warehouse.con.execute(
        "SELECT source, fields FROM document_sources WHERE document_id = ?", [doc["id"]]).fetchall())
    assert "fulltext_url" in json.loads(fields["pages"]) and "title" not in json.loads(fields["pages"])
    assert {"title", "authors", "series", "issn"} <= set(json.loads(fields["repo"]))
    [(rule, sources)] = warehouse.con.execute(
        "SELECT match_rule, sources FROM documents WHERE doi = '10.1234/abc'").fetchall()
    assert rule == "doi" and json.loads(sources) == ["archive", "repo"]


def test_build_is_deterministic_and_ids_are_stable(warehouse, tmp_path):
    build(warehouse, SOURCES)
    first = curated(warehouse)
    build(warehouse, SOURCES)
    assert curated(warehouse) == first
    # from scratch (no previous ids), the same raw input gives the same ids
    warehouse.con.execute("DELETE FROM documents; DELETE FROM document_sources")
    build(warehouse, SOURCES)
    assert curated(warehouse) == first


def test_a_work_keeps_its_id_when_a_new_source_joins_it(warehouse):
    build(warehouse, SOURCES)
    [(old_id,)] = warehouse.con.execute("SELECT id FROM documents WHERE title = 'Alone'").fetchall()
    warehouse.add_records([record("archive", "https://nora.example.org/xmlui/handle/10037/9",
                                  {"dc.title": ["Alone (copy)"], "dc.identifier.uri": ["http://hdl.handle.net/11250/101"]}),
                           record("repo", "oai:biopen.bi.no:11250/101",
                                  {"dc.title": ["Alone"], "dc.identifier.uri": ["http://hdl.handle.net/11250/101"]})],
                          run_id="r2")
    build(warehouse, SOURCES)
    [(new_id, sources)] = warehouse.con.execute("SELECT id, sources FROM documents WHERE title = 'Alone'").fetchall()
    assert new_id == old_id and json.loads(sources) == ["archive", "repo"]


def test_harvest_from_is_the_last_complete_healthy_harvest(warehouse):
    for run, status, complete, date in [("a", "ok", True, "2026-01-01T00:00:00Z"),
                                        ("b", "failed", True, "2026-02-01T00:00:00Z"),
                                        ("c", "ok", False, "2026-03-01T00:00:00Z")]:
        warehouse.start_run(run, "repo", "oai-pmh")
        warehouse.finish_run(run, "repo", status=status, harvest_complete=complete, response_date=date)
    assert warehouse.harvest_from("repo") == "2026-01-01T00:00:00Z"
    assert warehouse.harvest_from("pages") is None


def test_runs_cut_off_are_marked_crashed(warehouse):
    warehouse.start_run("cut", "repo", "oai-pmh")
    assert warehouse.close_crashed_runs() == 1
    assert warehouse.runs("cut")[0]["status"] == "crashed"
