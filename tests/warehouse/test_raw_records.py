"""The warehouse's raw side on a real DuckDB file: idempotent loads, and the crawl runs that decide
where the next harvest starts."""
from __future__ import annotations

import json

import pytest

from nordcat.records import raw_record
from warehouse import Warehouse


def record(source, key, metadata, *, deleted=False):
    return raw_record(source=source, key=key, fmt="dim", metadata=metadata, deleted=deleted,
                      payload=json.dumps(metadata, sort_keys=True))


@pytest.fixture
def warehouse(tmp_path):
    with Warehouse(tmp_path / "warehouse.duckdb") as wh:
        wh.add_records([record("repo", "oai:biopen.bi.no:11250/100", {"dc.title": ["Samskaping i kommunene"]}),
                        record("repo", "oai:biopen.bi.no:11250/101", {"dc.title": ["Alone"]})], run_id="r1")
        yield wh


def test_loading_the_same_records_again_stores_nothing(warehouse):
    rows = warehouse.query("SELECT source, record_key, metadata FROM raw_records")
    again = [record(s, k, json.loads(m)) for s, k, m in rows]
    assert warehouse.add_records(again, run_id="r2") == 0
    assert warehouse.run_changes("r2", "repo") == {"new": 0, "changed": 0, "deleted": 0}


def test_a_changed_record_is_a_new_version_and_its_head_moves(warehouse):
    warehouse.add_records([record("repo", "oai:biopen.bi.no:11250/101", {"dc.title": ["Alone, revised"]}),
                           record("repo", "oai:biopen.bi.no:11250/100", {}, deleted=True)], run_id="r2")
    assert warehouse.run_changes("r2", "repo") == {"new": 0, "changed": 1, "deleted": 1}
    assert warehouse.held("repo") == 1
    versions = warehouse.query("SELECT record_key, count(*) FROM raw_records GROUP BY ALL ORDER BY ALL")
    assert versions == [("oai:biopen.bi.no:11250/100", 2), ("oai:biopen.bi.no:11250/101", 2)]


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
