"""The one declaration of the curated tables (the warehouse's, written by `nordcat build`) and of
the published catalogue's tables (DATA/catalogue.db, written by `nordcat publish`).

Each table says where it lives (the warehouse, the catalogue or both), its columns in order
(logical type, NOT NULL, description, and where a column lives when only in one of the two), its
primary key, and for SQLite its foreign keys and indexes: the declarations are in
nordcat/catalogue_tables.py, what a table and a column are in nordcat/table_model.py. Everything
else is generated from them, here:

- `duckdb_ddl()`: the CREATE TABLEs of the curated tables, run by the warehouse after its
  schema.sql (with an ALTER TABLE for each column added after the first release, so a warehouse
  made before gets it);
- `arrow_schema(name)`: the Arrow schema of the rows the build hands the warehouse;
- `sqlite_ddl()`: the catalogue's CREATE TABLEs and CREATE INDEXes;
- `column_descriptions()` / `datasette_metadata()`: the column descriptions Datasette shows
  (merged with publish/metadata.yml, which describes the tables and holds the canned queries).

A column may be added, never renamed or changed: the catalogue is a contract. Imports only
pyarrow and the standard library (it is part of the shared core). `from nordcat import tables`
gives the declarations and the generators alike.
"""
from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from nordcat.catalogue_tables import TABLES
from nordcat.table_model import BOTH, CATALOGUE, TYPES, WAREHOUSE, Column, Table

__all__ = ["BOTH", "CATALOGUE", "TABLES", "TYPES", "WAREHOUSE", "Column", "Table", "arrow_schema", "column_descriptions",
           "datasette_metadata", "duckdb_ddl", "sqlite_ddl", "sqlite_indexes", "table", "tables_in"]


def table(name: str) -> Table:
    return TABLES[name]


def tables_in(place: str) -> list[Table]:
    """The declared tables of the warehouse or of the catalogue, in declaration order."""
    return [t for t in TABLES.values() if place in t.lives]


def _names(names: Iterable[str] | None, place: str) -> list[Table]:
    return tables_in(place) if names is None else [table(name) for name in names]


# --- DuckDB ----------------------------------------------------------------------------------------

def duckdb_ddl(names: Iterable[str] | None = None) -> str:
    """CREATE TABLE IF NOT EXISTS for these warehouse tables (default: every curated table), and
    ALTER TABLE ... ADD COLUMN IF NOT EXISTS for their columns added after the first release."""
    statements = []
    for t in _names(names, WAREHOUSE):
        statements.append(_create_table(t, WAREHOUSE, "CREATE TABLE IF NOT EXISTS"))
        statements += [f"ALTER TABLE {t.name} ADD COLUMN IF NOT EXISTS {c.name} {c.duckdb_type()};"
                       for c in t.columns_in(WAREHOUSE) if c.added]
    return "\n".join(statements) + "\n"


def _create_table(t: Table, place: str, create: str) -> str:
    """The CREATE TABLE of a table in the warehouse (DuckDB: types, compression) or the catalogue
    (SQLite: types, foreign keys)."""
    single = t.primary_key[0] if len(t.primary_key) == 1 else None
    lines = []
    for c in t.columns_in(place):
        line = f"{c.name} {c.duckdb_type() if place == WAREHOUSE else c.sqlite_type()}"
        if c.name == single:
            line += " PRIMARY KEY"
        elif c.not_null:
            line += " NOT NULL"
        if place == WAREHOUSE and c.compression:
            line += f" USING COMPRESSION {c.compression}"
        if place == CATALOGUE and c.references:
            line += f" REFERENCES {c.references}"
        lines.append(line)
    if len(t.primary_key) > 1:
        lines.append(f"PRIMARY KEY ({', '.join(t.primary_key)})")
    return f"{create} {t.name} (\n    " + ",\n    ".join(lines) + "\n);"


# --- Arrow -----------------------------------------------------------------------------------------

def arrow_schema(name: str) -> pa.Schema:
    """The rows of a warehouse table as the build writes them: its columns but those the warehouse
    derives afterwards."""
    return pa.schema([(c.name, c.arrow_type()) for c in table(name).columns_in(WAREHOUSE) if not c.derived])


# --- SQLite ----------------------------------------------------------------------------------------

def sqlite_ddl(names: Iterable[str] | None = None, *, indexes: bool = True) -> str:
    """CREATE TABLE for these catalogue tables (default: every one declared), each followed by
    its CREATE INDEXes unless `indexes` is false (see sqlite_indexes)."""
    statements = []
    for t in _names(names, CATALOGUE):
        statements.append(_create_table(t, CATALOGUE, "CREATE TABLE"))
        if indexes:
            statements.append(sqlite_indexes(t.name))
    return "\n".join(s for s in statements if s) + "\n"


def sqlite_indexes(name: str) -> str:
    """The CREATE INDEXes of a catalogue table (IF NOT EXISTS: a catalogue may be indexed again)."""
    return "".join(f"CREATE INDEX IF NOT EXISTS {index} ON {name}({', '.join(columns)});\n"
                   for index, columns in table(name).indexes.items())


# --- Datasette -------------------------------------------------------------------------------------

def column_descriptions() -> dict[str, dict[str, str]]:
    """table -> column -> description, for every catalogue table."""
    return {t.name: {c.name: c.description for c in t.columns_in(CATALOGUE)} for t in tables_in(CATALOGUE)}


def datasette_metadata(database: str = "catalogue") -> dict:
    """The column descriptions as Datasette metadata ({"databases": {database: {"tables": ...}}}),
    new dicts on each call (Datasette merges other metadata into what it is given; it asks for
    metadata many times a request, so the descriptions are gathered once)."""
    return {"databases": {database: {"tables": {name: {"columns": dict(columns)}
                                                for name, columns in _DESCRIPTIONS.items()}}}}


_DESCRIPTIONS = column_descriptions()
