"""Links that last, across real builds on a real DuckDB warehouse: a work folded into another
leaves a redirect to it, a work deleted at its source leaves what it was, chains point at the
last work, and an id that names a live work again is no redirect (pipeline/redirects.py,
Warehouse.update_redirects); the catalogue publishes them."""
from __future__ import annotations

import json

import pytest

from pipeline.build import build
from pipeline.redirects import fates
from publish.catalogue import publish
from tests.helpers import catalogue
from tests.pipeline.test_build import SOURCES, record
from warehouse.store import Warehouse

A, B, C = "oai:biopen.bi.no:11250/1", "oai:biopen.bi.no:11250/2", "oai:biopen.bi.no:11250/3"


def meta(title: str, doi: str | None = None) -> dict:
    return {"dc.title": [title], "dc.date.issued": ["2020"], **({"dc.identifier.doi": [doi]} if doi else {})}


def work_of(wh: Warehouse, key: str) -> str:
    return wh.query("SELECT document_id FROM document_sources WHERE record_key = ?", [key])[0][0]


def redirects(wh: Warehouse) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in wh.query(
        "SELECT id, status, target, title, sources::VARCHAR, changed_at FROM work_redirects ORDER BY id")}


@pytest.fixture
def wh(tmp_path):
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        warehouse.add_records([record("repo", A, meta("Samarbeid i Lofoten")),
                               record("repo", B, meta("Trepartssamarbeid på Senja")),
                               record("repo", C, meta("Kommunesamarbeid i Vesterålen"))], run_id="r1")
        build(warehouse, SOURCES)
        yield warehouse


def test_a_work_folded_into_another_redirects_to_it(wh):
    a, b = work_of(wh, A), work_of(wh, B)
    # the source gives both the same DOI: one work now, under the smaller of the two ids
    wh.add_records([record("repo", A, meta("Samarbeid i Lofoten", "10.1234/x")),
                    record("repo", B, meta("Trepartssamarbeid på Senja", "10.1234/x"))], run_id="r2")
    report = build(wh, SOURCES)
    kept, folded = sorted((a, b))
    assert work_of(wh, A) == work_of(wh, B) == kept
    assert (report.moved, report.gone) == (1, 0)
    status, target, title, sources, _ = redirects(wh)[folded]
    assert (status, target, json.loads(sources)) == ("moved", kept, ["repo"])
    assert title in ("Samarbeid i Lofoten", "Trepartssamarbeid på Senja")


def test_a_work_deleted_at_its_source_is_gone_with_what_it_was(wh):
    c = work_of(wh, C)
    wh.add_records([record("repo", C, {}, payload="<header status='deleted'/>", deleted=True)], run_id="r2")
    tombstone_at = wh.query("SELECT strftime(max(fetched_at), '%Y-%m-%dT%H:%M:%SZ') FROM raw_records "
                            "WHERE deleted")[0][0]
    report = build(wh, SOURCES)
    assert report.gone == 1
    assert redirects(wh)[c] == ("gone", None, "Kommunesamarbeid i Vesterålen", '["repo"]', tombstone_at)
    assert not wh.query("SELECT 1 FROM documents WHERE id = ?", [c])


def test_a_chain_points_at_the_last_work_and_dies_with_it(wh):
    a, b, c = work_of(wh, A), work_of(wh, B), work_of(wh, C)
    first, second, third = sorted((a, b, c))
    keys = {a: A, b: B, c: C}
    # the two larger ids merge first, then the survivor merges into the smallest
    wh.add_records([record("repo", keys[second], meta("x2", "10.1234/two")),
                    record("repo", keys[third], meta("x3", "10.1234/two"))], run_id="r2")
    build(wh, SOURCES)
    assert redirects(wh)[third][:2] == ("moved", second)
    wh.add_records([record("repo", keys[first], meta("x1", "10.1234/all")),
                    record("repo", keys[second], meta("x2", "10.1234/all")),
                    record("repo", keys[third], meta("x3", "10.1234/all"))], run_id="r3")
    build(wh, SOURCES)
    found = redirects(wh)
    assert found[third][:2] == found[second][:2] == ("moved", first)
    # the last work goes: every id that led to it is gone too, none leads to a dead id
    wh.add_records([record("repo", key, {}, payload="<deleted/>", deleted=True) for key in (A, B, C)], run_id="r4")
    build(wh, SOURCES)
    assert {id: row[:2] for id, row in redirects(wh).items()} == {
        first: ("gone", None), second: ("gone", None), third: ("gone", None)}


def test_a_work_that_comes_back_is_live_not_a_redirect(wh, tmp_path):
    c = work_of(wh, C)
    wh.add_records([record("repo", C, {}, payload="<deleted/>", deleted=True)], run_id="r2")
    build(wh, SOURCES)
    assert c in redirects(wh)
    wh.add_records([record("repo", C, meta("Kommunesamarbeid i Vesterålen, 2. utgave"))], run_id="r3")
    build(wh, SOURCES)
    assert work_of(wh, C) == c  # the same record gives the same id again
    assert c not in redirects(wh)
    publish(wh, SOURCES, tmp_path)
    with catalogue(tmp_path) as db:
        assert db.execute("SELECT count(*) FROM work_redirects r JOIN documents d USING (id)").fetchone()[0] == 0


def test_redirects_are_published_with_the_catalogue(wh, tmp_path):
    c = work_of(wh, C)
    wh.add_records([record("repo", C, {}, payload="<deleted/>", deleted=True)], run_id="r2")
    build(wh, SOURCES)
    publish(wh, SOURCES, tmp_path)
    with catalogue(tmp_path) as db:
        row = db.execute("SELECT status, target, title FROM work_redirects WHERE id = ?", [c]).fetchone()
    assert tuple(row) == ("gone", None, "Kommunesamarbeid i Vesterålen")


def test_fates_follow_most_records_and_leave_live_ids_alone():
    previous = {("s", "1"): "wA", ("s", "2"): "wA", ("s", "3"): "wA", ("s", "4"): "wB", ("s", "5"): "wC"}
    current = {("s", "1"): "wX", ("s", "2"): "wY", ("s", "3"): "wY", ("s", "4"): "wB"}
    found = fates(previous, current)
    assert found.moved == {"wA": "wY"}  # two of its three records are in wY
    assert found.gone == ["wC"]
