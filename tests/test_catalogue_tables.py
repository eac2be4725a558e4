"""Browse tables (publish/browse_tables.py): many-to-many tables and precomputed counts, first on a
small catalogue written here, then on a catalogue a real `nordcat nightly` published from the
demo web.

`demo_publish()` is the published demo that tests/test_downloads.py, test_feeds.py and
test_serving.py also use: built once per test session (a nightly over the demo web takes most
of a minute), then the browse tables, inspect data and downloads written as publish writes them.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from demo import DEFAULT_PORTS, DemoWeb, Work
from demo.works import REPORTS
from publish import catalogue
from publish.browse_tables import COUNT_TABLES, write_browse_tables
from publish.downloads import write_downloads
from tests.helpers import catalogue as open_catalogue, documents, nordcat
from warehouse.store import Warehouse

# A deposited work whose title and abstract try to be markup
HOSTILE = Work(handle="11250/4299001", title='<script>alert("feed")</script> Samarbeid & "partnerskap"',
               authors=["O'Brien, <b>Kari</b>"], issued="2024", accessioned="2024-05-02T10:00:00Z",
               language="nob", type="Research report", collections=[REPORTS],
               abstract="<img src=x onerror=alert(1)> Kommunene i ]]> Lofoten.")


def demo_publish(tmp_path_factory) -> Path:
    """DATA of the published demo, shared by the session: copy it before changing it."""
    data = tmp_path_factory.getbasetemp() / "demo-publish" / "data"
    if (data / "downloads" / "manifest.json").exists():
        return data
    sources = data.parent / "sources"
    shutil.rmtree(data.parent, ignore_errors=True)
    sources.mkdir(parents=True)
    with DemoWeb(ports=dict.fromkeys(DEFAULT_PORTS, 0)) as web:
        web.oai.add(HOSTILE)
        web.write_registry(sources)
        proc = nordcat(data, sources, "nightly")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    publish_extras(data)
    return data


def publish_extras(data: Path) -> None:
    """What publish() writes with these modules: browse tables before the inspect data, the
    downloads after the catalogue."""
    with sqlite3.connect(data / "catalogue.db") as db:
        write_browse_tables(db)
    catalogue._inspect(data / "catalogue.db", data / ".inspect-data.json.tmp")
    os.replace(data / ".inspect-data.json.tmp", data / "inspect-data.json")
    with Warehouse(data / "warehouse.duckdb") as warehouse:
        write_downloads(data / "catalogue.db", warehouse, data / "downloads")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    return demo_publish(tmp_path_factory)


# --- a small catalogue ---------------------------------------------------------------------------

SMALL_SCHEMA = """
CREATE TABLE documents (id TEXT PRIMARY KEY, authors TEXT, year INTEGER, language TEXT, doc_type TEXT, publisher TEXT,
                        country TEXT, subjects TEXT, sources TEXT, first_seen TEXT);
CREATE TABLE document_sources (document_id TEXT, source TEXT, record_key TEXT, url TEXT, fields TEXT);
"""


def small_catalogue(*extra_schema: str) -> sqlite3.Connection:
    """The columns of `documents` and `document_sources` that the browse tables read."""
    db = sqlite3.connect(":memory:")
    db.executescript(SMALL_SCHEMA + "".join(extra_schema))
    rows = [("w1", '["Berg, Anne", "Lie, Per"]', 2005, "nob", '["samarbeid", "kommune"]', '["a", "b"]'),
            ("w2", '["Lie, Per"]', 2005, "swe", '["kommune", "kommune", " "]', '["b"]'),
            ("w3", "[]", None, None, "not json", '["a"]')]
    db.executemany("INSERT INTO documents(id, authors, year, language, subjects, sources) VALUES (?, ?, ?, ?, ?, ?)",
                   rows)
    db.executemany("INSERT INTO document_sources VALUES (?, ?, ?, NULL, '[]')",
                   [("w1", "a", "k1"), ("w1", "b", "k2"), ("w2", "b", "k3"), ("w3", "a", "k4"), ("w3", "a", "k5")])
    db.commit()
    return db


def test_authors_keep_their_order_and_subjects_are_distinct():
    db = small_catalogue()
    write_browse_tables(db)
    assert db.execute("SELECT * FROM document_authors ORDER BY document_id, position").fetchall() == [
        ("w1", 1, "Berg, Anne"), ("w1", 2, "Lie, Per"), ("w2", 1, "Lie, Per")]
    assert db.execute("SELECT * FROM document_subjects ORDER BY document_id, subject").fetchall() == [
        ("w1", "kommune"), ("w1", "samarbeid"), ("w2", "kommune")]


def test_counts_are_documents_per_value_most_first():
    db = small_catalogue()
    write_browse_tables(db)
    assert db.execute("SELECT * FROM counts_by_year").fetchall() == [(2005, 2)]
    assert db.execute("SELECT * FROM counts_by_language").fetchall() == [("nob", 1), ("swe", 1)]
    # a work with two records at one source counts once
    assert db.execute("SELECT * FROM counts_by_source").fetchall() == [("a", 2), ("b", 2)]
    assert db.execute("SELECT * FROM counts_by_subject").fetchall() == [("kommune", 2), ("samarbeid", 1)]
    assert db.execute("SELECT * FROM counts_by_author").fetchall() == [("Lie, Per", 2), ("Berg, Anne", 1)]


def test_enrichment_counts_only_where_their_tables_exist():
    plain = small_catalogue()
    write_browse_tables(plain)
    tables = {name for name, in plain.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not {"counts_by_topic", "counts_by_place"} & tables
    enriched = small_catalogue("CREATE TABLE document_topics (document_id TEXT, topic TEXT);")
    enriched.executemany("INSERT INTO document_topics VALUES (?, ?)", [("w1", "ppp"), ("w2", "ppp"), ("w2", "ict")])
    write_browse_tables(enriched)
    assert enriched.execute("SELECT * FROM counts_by_topic").fetchall() == [("ppp", 2), ("ict", 1)]
    assert "document_topics_topic" in indexes(enriched, "document_topics")


def test_written_again_gives_the_same_tables():
    db = small_catalogue()
    write_browse_tables(db)
    before = db.execute("SELECT * FROM counts_by_author").fetchall()
    write_browse_tables(db)
    assert db.execute("SELECT * FROM counts_by_author").fetchall() == before


def indexes(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA index_list({table})")}


def plan(db: sqlite3.Connection, sql: str) -> str:
    return " ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))


def test_facet_and_lookup_queries_use_indexes():
    db = small_catalogue()
    # enough rows that the planner's statistics (ANALYZE) favour the indexes, as in a real catalogue
    db.executemany("INSERT INTO documents(id, authors, subjects, first_seen) VALUES (?, ?, ?, ?)",
                   ((f"x{n}", json.dumps([f"Person {n % 300}", f"Person {n % 7}"]), json.dumps([f"s{n % 50}"]),
                     f"2024-01-01T00:00:{n % 60:02d}Z") for n in range(3000)))
    write_browse_tables(db)
    assert "USING COVERING INDEX document_authors_name" in plan(
        db, "SELECT name, count(*) FROM document_authors GROUP BY name")
    assert "INDEX document_subjects_subject" in plan(db, "SELECT document_id FROM document_subjects WHERE subject = 'x'")
    assert "INDEX sqlite_autoindex_document_authors_1" in plan(
        db, "SELECT * FROM document_authors WHERE document_id = 'w1'")
    assert "INDEX documents_first_seen" in plan(db, "SELECT id FROM documents ORDER BY first_seen DESC, id DESC LIMIT 5")


# --- the published demo ------------------------------------------------------------------------------

@pytest.mark.slow
def test_demo_authors_and_subjects_are_the_json_lists(published):
    docs = documents(published)
    with open_catalogue(published) as db:
        authors = {}
        for document_id, name in db.execute("SELECT document_id, name FROM document_authors ORDER BY document_id, position"):
            authors.setdefault(document_id, []).append(name)
        subjects = {}
        for document_id, subject in db.execute("SELECT document_id, subject FROM document_subjects"):
            subjects.setdefault(document_id, set()).add(subject)
    assert authors == {d["id"]: d["authors"] for d in docs if d["authors"]}
    assert subjects == {d["id"]: set(d["subjects"]) for d in docs if d["subjects"]}


@pytest.mark.slow
def test_demo_counts_match_the_documents(published):
    docs = documents(published)
    with open_catalogue(published) as db:
        counts = {table.name: {tuple(row)[:-1]: row["documents"] for row in db.execute(f"SELECT * FROM {table.name}")}
                  for table in COUNT_TABLES if table.name in {"counts_by_language", "counts_by_doc_type",
                                                               "counts_by_source", "counts_by_year"}}
    assert counts["counts_by_language"] == {(k,): v for k, v in Counter(d["language"] for d in docs).items() if k}
    assert counts["counts_by_doc_type"] == {(k,): v for k, v in Counter(d["doc_type"] for d in docs).items() if k}
    assert counts["counts_by_year"] == {(k,): v for k, v in Counter(d["year"] for d in docs).items() if k}
    assert counts["counts_by_source"] == {(k,): v for k, v in Counter(s for d in docs for s in d["sources"]).items()}


@pytest.mark.slow
def test_demo_inspect_data_knows_the_browse_tables(published):
    tables = json.loads((published / "inspect-data.json").read_text())["catalogue"]["tables"]
    with open_catalogue(published) as db:
        assert tables["document_authors"]["count"] == db.execute("SELECT count(*) FROM document_authors").fetchone()[0]
    assert tables["counts_by_language"]["count"] >= 5
