"""`nordcat reparse`: the raw archive parsed again, with no request at all.

The demo web is crawled once and then stopped: every reparse below runs with no server to ask.
"""
from __future__ import annotations

import json
import shutil

import duckdb
import pytest
import yaml

from demo import DEFAULT_PORTS, DemoWeb
from tests.helpers import catalogue, documents, nordcat, report_lines

pytestmark = pytest.mark.slow

SEED_OAI_ID = "oai:biopen.bi.no:11250/94194"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A nightly over the demo web, whose servers are down once this returns."""
    data, sources = tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("sources")
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web:
        web.write_registry(sources)
        proc = nordcat(data, sources, "nightly")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return data, sources


def texts(data) -> dict[str, str]:
    with catalogue(data) as db:
        return dict(db.execute("SELECT document_id, text FROM document_texts").fetchall())


def warehouse_rows(data, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_reparse_rebuilds_an_emptied_warehouse_offline(crawled, tmp_path):
    data, sources = tmp_path / "data", crawled[1]
    shutil.copytree(crawled[0] / "raw", data / "raw")
    proc = nordcat(data, sources, "reparse")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    reports = report_lines(proc.stdout)
    assert {r["status"] for r in reports.values()} == {"ok"}
    assert reports["demo-biopen-oai"]["deleted"] == "5" and reports["demo-nordarkiv"]["fulltexts"] == "40"
    for command in ("build", "publish"):
        assert nordcat(data, sources, command).returncode == 0
    pick = lambda docs: [(d["id"], d["title"], d["sources"]) for d in docs]
    assert pick(documents(data)) == pick(documents(crawled[0]))
    assert texts(data) == texts(crawled[0])  # PDF texts extracted again from the archived PDFs


def test_reparse_stores_a_version_where_the_parse_differs(crawled, tmp_path):
    data, sources = tmp_path / "data", crawled[1]
    shutil.copytree(crawled[0], data)
    [(seq, metadata)] = warehouse_rows(data, """
        SELECT r.seq, r.metadata FROM record_heads h JOIN raw_records r USING (seq)
        WHERE h.source = 'demo-biopen-oai' AND h.record_key = ?""", [SEED_OAI_ID])
    with duckdb.connect(str(data / "warehouse.duckdb")) as con:  # what a parser bug would have stored
        con.execute("""UPDATE raw_records SET metadata = json_object('dc.title', ['Feil tittel']) WHERE seq = ?""",
                    [seq])
    proc = nordcat(data, sources, "reparse")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    reports = report_lines(proc.stdout)
    changes = {name: (r["new"], r["changed"], r["deleted"]) for name, r in reports.items()}
    assert changes == {name: ("0", "1" if name == "demo-biopen-oai" else "0", "0") for name in reports}
    [(new_seq, new_metadata, run_id, parsed_from)] = warehouse_rows(data, """
        SELECT r.seq, r.metadata, r.run_id, r.parsed_from FROM record_heads h JOIN raw_records r USING (seq)
        WHERE h.source = 'demo-biopen-oai' AND h.record_key = ?""", [SEED_OAI_ID])
    assert new_seq > seq and json.loads(new_metadata) == json.loads(metadata)
    [(crawl_run,)] = warehouse_rows(data, "SELECT run_id FROM raw_records WHERE seq = ?", [seq])
    assert parsed_from == crawl_run
    assert warehouse_rows(data, "SELECT kind, status FROM crawl_runs WHERE run_id = ? AND source = 'demo-biopen-oai'",
                          [run_id]) == [("reparse", "reparsed")]


def test_a_second_reparse_stores_nothing(crawled, tmp_path):
    data, sources = tmp_path / "data", crawled[1]
    shutil.copytree(crawled[0], data)
    before = warehouse_rows(data, "SELECT count(*) FROM raw_records")
    proc = nordcat(data, sources, "reparse")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {(r["new"], r["changed"], r["deleted"]) for r in report_lines(proc.stdout).values()} == {("0", "0", "0")}
    assert warehouse_rows(data, "SELECT count(*) FROM raw_records") == before


def test_a_source_without_archive_fails_clearly(crawled, tmp_path):
    data, sources = tmp_path / "data", tmp_path / "sources"
    shutil.copytree(crawled[0], data)
    shutil.copytree(crawled[1], sources)
    spec = yaml.safe_load((sources / "demo-nva.yml").read_text())
    (sources / "never-crawled.yml").write_text(yaml.safe_dump({**spec, "name": "never-crawled"}))
    proc = nordcat(data, sources, "reparse", "never-crawled", "demo-nva")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    reports = report_lines(proc.stdout)
    assert reports["never-crawled"]["status"] == "failed"
    assert reports["never-crawled"]["error"] == (f"no archived responses in {data / 'raw' / 'never-crawled'}: "
                                                 "crawl the source first")
    assert reports["demo-nva"]["status"] == "ok"


def test_reparse_of_an_unknown_source_is_a_usage_error(crawled):
    proc = nordcat(*crawled, "reparse", "no-such-source")
    assert proc.returncode == 2
