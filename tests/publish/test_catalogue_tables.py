"""Browse tables (publish/browse_tables.py): many-to-many tables and precomputed counts, first on a
small catalogue written here, then on the catalogue a real `nordcat nightly` published from the
demo web (`demo_catalogue`, tests/conftest.py: made once per session, shared with other modules),
as its publish() wrote it.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter

import pytest

from nordcat import tables
from publish import catalogue
from publish.browse_tables import COUNT_TABLES, write_browse_tables
from tests.helpers import catalogue as open_catalogue, documents

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
def test_demo_authors_and_subjects_are_the_json_lists(demo_catalogue):
    docs = documents(demo_catalogue)
    with open_catalogue(demo_catalogue) as db:
        authors = {}
        for document_id, name in db.execute("SELECT document_id, name FROM document_authors ORDER BY document_id, position"):
            authors.setdefault(document_id, []).append(name)
        subjects = {}
        for document_id, subject in db.execute("SELECT document_id, subject FROM document_subjects"):
            subjects.setdefault(document_id, set()).add(subject)
    assert authors == {d["id"]: d["authors"] for d in docs if d["authors"]}
    assert subjects == {d["id"]: set(d["subjects"]) for d in docs if d["subjects"]}


@pytest.mark.slow
def test_demo_counts_match_the_documents(demo_catalogue):
    docs = documents(demo_catalogue)
    with open_catalogue(demo_catalogue) as db:
        counts = {table.name: {tuple(row)[:-1]: row["documents"] for row in db.execute(f"SELECT * FROM {table.name}")}
                  for table in COUNT_TABLES if table.name in {"counts_by_language", "counts_by_doc_type",
                                                               "counts_by_source", "counts_by_year"}}
    assert counts["counts_by_language"] == {(k,): v for k, v in Counter(d["language"] for d in docs).items() if k}
    assert counts["counts_by_doc_type"] == {(k,): v for k, v in Counter(d["doc_type"] for d in docs).items() if k}
    assert counts["counts_by_year"] == {(k,): v for k, v in Counter(d["year"] for d in docs).items() if k}
    assert counts["counts_by_source"] == {(k,): v for k, v in Counter(s for d in docs for s in d["sources"]).items()}


@pytest.mark.slow
def test_demo_inspect_data_knows_the_browse_tables(demo_catalogue):
    inspected = json.loads((demo_catalogue / "inspect-data.json").read_text())["catalogue"]
    tables = inspected["tables"]
    with open_catalogue(demo_catalogue) as db:
        assert tables["document_authors"]["count"] == db.execute("SELECT count(*) FROM document_authors").fetchone()[0]
        # publish() inspects the very file it puts in place: every table of it, with its rows
        counts = {name: db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
                  for name, in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {name: table["count"] for name, table in tables.items()} == counts
    content = (demo_catalogue / "catalogue.db").read_bytes()
    assert (inspected["size"], inspected["hash"]) == (len(content), hashlib.sha256(content).hexdigest())
    assert tables["counts_by_language"]["count"] >= 5


@pytest.mark.slow
def test_demo_publishes_the_declared_tables_and_only_those(demo_catalogue):
    """Besides the full-text indexes and the counts, every table of the catalogue is declared in
    nordcat/tables.py, with the declared columns, and every declared table is published."""
    with open_catalogue(demo_catalogue) as db:
        names = {name for name, in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        plain = {name for name in names if not name.startswith(("documents_fts", "search_index", "counts_by_", "sqlite_"))}
        assert plain == {t.name for t in tables.tables_in(tables.CATALOGUE)}
        for name in plain:
            columns = tuple(row[1] for row in db.execute(f"PRAGMA table_info({name})"))
            assert columns == tables.table(name).column_names(tables.CATALOGUE), name
        assert db.execute("SELECT count(*) FROM document_relations").fetchone()[0] > 0
        # set before the first table, or SQLite keeps its 4 KB pages without a word
        assert db.execute("PRAGMA page_size").fetchone()[0] == catalogue.PAGE_SIZE


@pytest.mark.slow
def test_demo_cases_point_to_the_passage_that_tells_them(demo_catalogue):
    """Every case of the demo says where its work's text tells it: its first words as the text
    writes them, a link to them at the source, and for a transcript's slide its page."""
    with open_catalogue(demo_catalogue) as db:
        rows = db.execute("SELECT c.name, c.passage, c.page, c.passage_url, t.text, d.title FROM cases AS c "
                          "JOIN document_texts AS t USING (document_id) "
                          "JOIN documents AS d ON d.id = c.document_id").fetchall()
    assert len(rows) >= 40
    for name, passage, page, url, text, title in rows:
        assert passage and " ".join(passage.split()) in " ".join(text.split()), (name, passage)
        assert url and "#:~:text=" in url or "#page=" in url, (name, url)
    # seed 003, the COWI deck on the demo docplayer: its seven cases are listed on one slide, past the
    # title slide
    deck = {name: page for name, _, page, _, _, title in rows if title.startswith("PARTNERSKABER MED VIRKSOMHEDER")}
    assert len(deck) == 7 and len(set(deck.values())) == 1 and next(iter(deck.values())) > 1, deck


@pytest.mark.slow
def test_demo_seed_004_s_cooperation_models_are_data(demo_catalogue):
    """Seed 004 tells no case but compares the models of inter-municipal ICT cooperation: they are
    the work's document_models, in the order the deck first names them."""
    with open_catalogue(demo_catalogue) as db:
        models = [model for model, in db.execute(
            "SELECT m.model FROM document_models AS m JOIN documents AS d ON d.id = m.document_id "
            "WHERE d.title LIKE 'IKT-samarbeid%' ORDER BY m.position")]
    assert models[:3] == ["host_municipality", "joint_board", "inter_municipal_company"]
    assert {"limited_company", "project_cooperation", "outsourcing"} <= set(models)
