"""OAI-PMH harvesting against the demo repository: GetRecord, reconciliation of vanished records,
health, and a harvest that resumes from its checkpoint."""
from __future__ import annotations

import duckdb
import pytest
import yaml

from demo import DEFAULT_PORTS, DemoWeb
from tests.helpers import nordcat, report_lines

pytestmark = pytest.mark.slow

SEED_ID = "oai:biopen.bi.no:11250/94194"


@pytest.fixture
def repo(tmp_path):
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web:
        sources = tmp_path / "sources"
        sources.mkdir()
        (sources / "repo.yml").write_text(yaml.safe_dump({
            "name": "repo", "title": "BI Open (demo)", "publisher": "BI", "country": "NO", "kind": "oai-pmh",
            "url": f"{web.urls['dspace']}/bi-oai/request", "politeness": {"delay": 0.0, "concurrency": 1}}))
        yield web, tmp_path / "data", sources


def warehouse_rows(data, sql, params=()):
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_get_record_fetches_one_record_without_moving_the_harvest(repo):
    web, data, sources = repo
    proc = nordcat(data, sources, "crawl", "repo", "--record", SEED_ID)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert report_lines(proc.stdout)["repo"]["seen"] == "1"
    assert [p for _, p in web.requests if "verb=GetRecord" in p and "metadataPrefix=dim" in p]
    assert warehouse_rows(data, "SELECT record_key, format FROM raw_records") == [(SEED_ID, "dim")]
    [(complete, response_date)] = warehouse_rows(data, "SELECT harvest_complete, response_date FROM crawl_runs")
    assert complete is False and response_date is None
    missing = nordcat(data, sources, "crawl", "repo", "--record", "oai:biopen.bi.no:11250/1")
    assert missing.returncode == 1 and "idDoesNotExist" in report_lines(missing.stdout)["repo"]["error"]


def test_record_option_needs_one_source(repo):
    _, data, sources = repo
    assert nordcat(data, sources, "crawl", "--record", SEED_ID).returncode == 2


def test_records_that_vanish_without_a_deleted_header_get_a_tombstone(repo):
    web, data, sources = repo
    assert nordcat(data, sources, "crawl").returncode == 0
    live = sorted(w.handle for w in web.oai.store.snapshot() if not w.deleted and w.handle != "11250/94194")
    web.oai.purge(live[0])
    web.oai.purge(live[1])
    incremental = nordcat(data, sources, "crawl")
    assert report_lines(incremental.stdout)["repo"]["deleted"] == "0"   # `from` cannot see a hard delete
    proc = nordcat(data, sources, "crawl", "--reconcile")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = report_lines(proc.stdout)["repo"]
    assert (report["deleted"], report["held"]) == ("2", str(len(live) + 1 - 2))
    assert [p for _, p in web.requests if "verb=ListIdentifiers" in p]
    purged = [f"oai:biopen.bi.no:{h}" for h in live[:2]]
    tombstones = warehouse_rows(data, "SELECT record_key FROM raw_records WHERE format = 'tombstone' ORDER BY 1")
    assert tombstones == [(key,) for key in purged]
    heads = warehouse_rows(data, "SELECT deleted FROM record_heads WHERE record_key IN (?, ?)", purged)
    assert heads == [(True,), (True,)]


def test_health_is_recorded_per_run(repo, tmp_path):
    web, data, sources = repo
    assert nordcat(data, sources, "crawl").returncode == 0
    (sources / "dead.yml").write_text(yaml.safe_dump({
        "name": "dead", "title": "Gone", "publisher": "x", "country": "NO", "kind": "oai-pmh",
        "url": "http://127.0.0.1:9/oai/request", "politeness": {"delay": 0.0, "concurrency": 1}}))
    proc = nordcat(data, sources, "crawl")
    reports = report_lines(proc.stdout)
    assert (reports["repo"]["health"], reports["dead"]["health"]) == ("ok", "dead")
    assert proc.returncode == 1
