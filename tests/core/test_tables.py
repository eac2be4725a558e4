"""The one declaration of the tables (nordcat/tables.py) is what the live code makes: a fresh
warehouse, the rows the build writes, a published catalogue and the column descriptions Datasette
shows, each compared with the declaration column by column.

(The declaration was first transcribed from the copies the code held: warehouse/schema.sql, the
Arrow schemas of pipeline/build.py, publish/catalogue.py's SQLite schema and publish/metadata.yml's
column descriptions; the databases made both ways and the Arrow schemas were equal field by field
before those copies were replaced by what the declaration generates.)
"""
from __future__ import annotations

import json
import sqlite3

import duckdb
import pytest
import yaml

from nordcat import tables
from nordcat.records import raw_record
from nordcat.sources import Source
from pipeline import build, combine
from publish import catalogue
from publish.browse_tables import ROW_TABLES
from publish.serve import METADATA, PLUGINS
from warehouse.store import Warehouse

WAREHOUSE_TABLES = [t.name for t in tables.tables_in(tables.WAREHOUSE)]
CATALOGUE_TABLES = [t.name for t in tables.tables_in(tables.CATALOGUE)]


# --- the declaration itself ----------------------------------------------------------------------

def test_the_declaration_is_consistent():
    for t in tables.TABLES.values():
        for place in t.lives:
            names = t.column_names(place)
            assert set(t.primary_key) <= set(names), (t.name, place)
        if tables.CATALOGUE in t.lives:
            names = t.column_names(tables.CATALOGUE)
            for index, columns in t.indexes.items():
                assert index.startswith(t.name) and set(columns) <= set(names), (t.name, index)
            for c in t.columns_in(tables.CATALOGUE):
                if c.references:
                    target, column = c.references.rstrip(")").split("(")
                    assert column in tables.table(target).column_names(tables.CATALOGUE), (t.name, c.name)
        for c in t.columns:
            assert c.description.strip(), (t.name, c.name)
    documents = tables.table("documents")
    assert documents.column_names(tables.WAREHOUSE) == documents.column_names(tables.CATALOGUE)
    assert documents.column_names(tables.CATALOGUE)[-3:] == ("urn", "cristin", "licence")  # added at the end


# --- the warehouse ---------------------------------------------------------------------------------

def duck_shape(con, name: str) -> tuple:
    """What DuckDB says of a table: its DDL as DuckDB writes it (types, NOT NULL, keys, compression),
    DESCRIBE, and its constraints."""
    rows = con.execute("SELECT sql FROM duckdb_tables() WHERE table_name = ?", [name]).fetchall()
    constraints = con.execute("""SELECT constraint_type, constraint_column_names FROM duckdb_constraints()
                                 WHERE table_name = ? ORDER BY ALL""", [name]).fetchall()
    return rows, con.execute(f"DESCRIBE {name}").fetchall(), constraints


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    with Warehouse(tmp_path_factory.mktemp("fresh") / "warehouse.duckdb") as warehouse:
        yield warehouse.con


@pytest.mark.parametrize("name", WAREHOUSE_TABLES)
def test_a_fresh_warehouse_has_the_declared_curated_tables(fresh, name):
    t = tables.table(name)
    described = fresh.execute(f"DESCRIBE {name}").fetchall()
    assert [(row[0], row[1], row[2] == "YES") for row in described] == [
        (c.name, c.duckdb_type(), not (c.not_null or c.name in t.primary_key)) for c in t.columns_in(tables.WAREHOUSE)]
    keys = fresh.execute("SELECT constraint_column_names FROM duckdb_constraints() "
                         "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'", [name]).fetchall()
    assert keys == ([(list(t.primary_key),)] if t.primary_key else [])
    alone = duckdb.connect()
    alone.execute(tables.duckdb_ddl([name]))
    assert duck_shape(fresh, name) == duck_shape(alone, name)  # compression included


def test_warehouse_schema_sql_declares_no_curated_table():
    from warehouse.engine import SCHEMA
    con = duckdb.connect()
    con.execute(SCHEMA)
    made = {name for name, in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert made.isdisjoint(WAREHOUSE_TABLES)


def test_an_older_warehouse_gains_the_columns_added_since(tmp_path):
    documents = tables.table("documents")
    first = [c for c in documents.columns_in(tables.WAREHOUSE) if not c.added]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute(f"CREATE TABLE documents ({', '.join(f'{c.name} {c.duckdb_type()}' for c in first)})")
        con.execute("INSERT INTO documents (id, title) VALUES ('w1', 'Kept')")
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        assert [row[0] for row in warehouse.query("DESCRIBE documents")] == list(documents.column_names(tables.WAREHOUSE))
        assert warehouse.query("SELECT id, title, urn FROM documents") == [("w1", "Kept", None)]


# --- the rows the build writes ---------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(combine.WORK_TABLES))
def test_the_build_writes_rows_of_the_declared_columns(fresh, name):
    schema = combine.WORK_TABLES[name]
    assert schema == tables.arrow_schema(name)
    derived = {c.name for c in tables.table(name).columns if c.derived}
    assert schema.names == [row[0] for row in fresh.execute(f"DESCRIBE {name}").fetchall() if row[0] not in derived]


def test_arrow_types_are_the_warehouse_types(fresh):
    for name in WAREHOUSE_TABLES:
        empty = tables.arrow_schema(name).empty_table()
        fresh.register("empty_rows", empty)
        try:  # DuckDB takes the rows by name without a cast it would refuse
            fresh.execute(f"INSERT INTO {name} BY NAME SELECT * FROM empty_rows")
        finally:
            fresh.unregister("empty_rows")
    assert build.MAPPED_SCHEMA == tables.arrow_schema("mapped_records")


# --- the published catalogue -----------------------------------------------------------------------

SOURCES = [Source(name="repo", title="Repo", publisher="BI", country="NO", kind="oai-pmh",
                  url="https://biopen.bi.no/bi-oai/request", language="nob"),
           Source(name="pages", title="Pages", publisher="BI", country="NO", kind="docplayer",
                  url="https://docplayer.me/", start_urls=["https://docplayer.me/"])]


def record(source, key, metadata):
    return raw_record(source=source, key=key, fmt="dim", metadata=metadata, payload=json.dumps(metadata))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder = tmp_path_factory.mktemp("published")
    with Warehouse(folder / "warehouse.duckdb") as warehouse:
        warehouse.add_records([
            record("repo", "oai:biopen.bi.no:11250/1", {
                "dc.title": ["Samarbeid i kommunene"], "dc.identifier.uri": ["http://hdl.handle.net/11250/1"],
                "dc.identifier.urn": ["URN:NBN:no-12345"], "dc.identifier.cristin": ["1853003"],
                "dc.contributor.author": ["Vabo, Signy"]}),
            record("pages", "https://docplayer.me/1-Samarbeid.html", {
                "dc.title": ["Samarbeid i Bærum kommune"], "nordcat.text": ["Bærum kommune og frivillige."],
                "nordcat.related.url": ["https://docplayer.me/2-Annet.html"],
                "nordcat.related.title": ["Annet"]}),
        ], run_id="r1")
        build.build(warehouse, SOURCES)
        catalogue.publish(warehouse, SOURCES, folder)
    db = sqlite3.connect(folder / "catalogue.db")
    yield db
    db.close()


@pytest.mark.parametrize("name", CATALOGUE_TABLES)
def test_a_published_catalogue_has_the_declared_tables(published, name):
    t = tables.table(name)
    info = published.execute(f"PRAGMA table_info({name})").fetchall()
    assert [(row[1], row[2], bool(row[3]), row[5]) for row in info] == [
        (c.name, c.sqlite_type(), c.not_null, t.primary_key.index(c.name) + 1 if c.name in t.primary_key else 0)
        for c in t.columns_in(tables.CATALOGUE)]
    keys = sorted((row[3], row[2], row[4]) for row in published.execute(f"PRAGMA foreign_key_list({name})"))
    assert keys == sorted((c.name, *c.references.rstrip(")").split("(")) for c in t.columns_in(tables.CATALOGUE)
                          if c.references)
    indexes = {row[1]: tuple(i[2] for i in published.execute(f"PRAGMA index_info({row[1]})"))
               for row in published.execute(f"PRAGMA index_list({name})")}
    assert t.indexes.items() <= indexes.items()


def test_the_catalogue_schema_is_generated():
    assert catalogue.DOCUMENT_COLUMNS == tables.table("documents").column_names(tables.CATALOGUE)
    db = sqlite3.connect(":memory:")
    db.executescript(catalogue.SCHEMA)
    made = {name for name, in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("documents_fts")}
    assert made == set(CATALOGUE_TABLES) - set(ROW_TABLES)


def test_published_rows_carry_urn_cristin_and_relations(published):
    assert published.execute("SELECT title, urn, cristin FROM documents WHERE urn IS NOT NULL").fetchall() == [
        ("Samarbeid i kommunene", "URN:NBN:no-12345", "1853003")]
    assert published.execute("SELECT position, related_url, anchor_text, related_document_id "
                             "FROM document_relations").fetchall() == [(1, "https://docplayer.me/2-Annet.html", "Annet", None)]
    fields = json.loads(published.execute("SELECT fields FROM document_sources WHERE source = 'repo'").fetchone()[0])
    assert fields[-2:] == ["urn", "cristin"]  # listed after the fields the catalogue had before


# --- Datasette's column descriptions -------------------------------------------------------------

def test_metadata_yml_describes_no_column_of_a_declared_table():
    described = yaml.safe_load(METADATA.read_text())["databases"]["catalogue"]["tables"]
    assert not [name for name, table in described.items() if name in tables.TABLES and "columns" in (table or {})]


def test_datasette_shows_the_declared_descriptions_with_the_metadata_file():
    from datasette.app import Datasette
    datasette = Datasette(memory=True, metadata=yaml.safe_load(METADATA.read_text()), plugins_dir=str(PLUGINS))
    for name in CATALOGUE_TABLES:
        shown = datasette.table_metadata("catalogue", name)
        assert shown["columns"] == tables.column_descriptions()[name], name
    assert datasette.table_metadata("catalogue", "documents")["sort_desc"] == "year"  # the file's, still there
    assert datasette.table_metadata("catalogue", "document_relations")["description"]
    assert datasette.metadata()["databases"]["catalogue"]["queries"]["search"]["title"] == "Search the catalogue"
