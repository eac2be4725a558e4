"""Tables for browsing a large catalogue: real many-to-many tables and precomputed counts.

Datasette facets over JSON-array columns (authors, subjects) cannot use an index, and any facet
over a million rows costs a scan per page view (datasette issues 359, 1255, 1684). So the
publish step writes, inside SQLite and from `documents` and `document_sources`:
- `document_authors` and `document_subjects`, one row per value, indexed on both sides, so
  "works by this author" and facets by author or subject are index lookups;
- `counts_by_*` tables: documents per language, year, type, country, source, subject (the most
  common), and per topic and place where the enrichment tables exist. A page that shows counts
  reads a few rows instead of grouping the catalogue.

The tables are dropped and written again on every call, so a catalogue can be re-browsed after
a change of these definitions without a full publish.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from nordcat import tables

TOP_VALUES = 1000  # subjects and authors: a list longer than this is never read; the long tail is a search

# The many-to-many tables (declared in nordcat/tables.py), each indexed after it is filled.
ROW_TABLES = ("document_authors", "document_subjects")
MANY_TO_MANY = tables.sqlite_ddl(["document_authors"], indexes=False) + """
INSERT INTO document_authors
    SELECT documents.id, author.key + 1, trim(author.value)
    FROM documents, json_each(documents.authors) AS author
    WHERE json_valid(documents.authors) AND trim(author.value) <> ''
    ORDER BY documents.id, author.key;
""" + tables.sqlite_indexes("document_authors") + tables.sqlite_ddl(["document_subjects"], indexes=False) + """
INSERT OR IGNORE INTO document_subjects
    SELECT documents.id, trim(subject.value)
    FROM documents, json_each(documents.subjects) AS subject
    WHERE json_valid(documents.subjects) AND trim(subject.value) <> ''
    ORDER BY documents.id;
""" + tables.sqlite_indexes("document_subjects") + """
-- the Atom feeds list the newest works first (one nightly run stamps many works alike: id decides)
CREATE INDEX IF NOT EXISTS documents_first_seen ON documents(first_seen, id);
-- a filtered page in the table's default order (newest year first) reads its 50 rows off one
-- index, instead of sorting every row of the filter (143,000 for one language of 1,000,000)
CREATE INDEX IF NOT EXISTS documents_language_year ON documents(language, year);
CREATE INDEX IF NOT EXISTS documents_doc_type_year ON documents(doc_type, year);
CREATE INDEX IF NOT EXISTS documents_country_year ON documents(country, year);
CREATE INDEX IF NOT EXISTS documents_publisher_year ON documents(publisher, year);
"""


@dataclass(frozen=True)
class CountTable:
    """`name` holds the number of documents per value of `columns`, most documents first."""
    name: str
    columns: str     # column definitions of the counted values, e.g. "language TEXT"
    rows: str        # SELECT of those values and document_id, one row per document and value
    needs: str = "documents"  # the table `rows` reads: the count is written only where it exists
    top: int | None = None

    def statements(self) -> list[str]:
        names = ", ".join(definition.split()[0] for definition in self.columns.split(","))
        first = names.split(",")[0]
        limit = f"LIMIT {self.top}" if self.top else ""
        return [
            f"CREATE TABLE {self.name} ({self.columns}, documents INTEGER NOT NULL, PRIMARY KEY ({names}))",
            f"""INSERT INTO {self.name}
                SELECT {names}, count(DISTINCT document_id) AS documents FROM ({self.rows})
                WHERE {first} IS NOT NULL GROUP BY {names} ORDER BY documents DESC, {names} {limit}""",
            f"CREATE INDEX {self.name}_documents ON {self.name}(documents)",
        ]


COUNT_TABLES = (
    CountTable("counts_by_language", "language TEXT", "SELECT language, id AS document_id FROM documents"),
    CountTable("counts_by_year", "year INTEGER", "SELECT year, id AS document_id FROM documents"),
    CountTable("counts_by_doc_type", "doc_type TEXT", "SELECT doc_type, id AS document_id FROM documents"),
    CountTable("counts_by_country", "country TEXT", "SELECT country, id AS document_id FROM documents"),
    CountTable("counts_by_source", "source TEXT", "SELECT source, document_id FROM document_sources",
               needs="document_sources"),
    CountTable("counts_by_subject", "subject TEXT", "SELECT subject, document_id FROM document_subjects",
               needs="document_subjects", top=TOP_VALUES),
    CountTable("counts_by_author", "name TEXT", "SELECT name, document_id FROM document_authors",
               needs="document_authors", top=TOP_VALUES),
    CountTable("counts_by_topic", "topic TEXT", "SELECT topic, document_id FROM document_topics",
               needs="document_topics"),
    CountTable("counts_by_place", "place_code TEXT, name TEXT, country TEXT",
               "SELECT place_code, name, country, document_id FROM document_places", needs="document_places"),
)

BROWSE_TABLES = ROW_TABLES + tuple(t.name for t in COUNT_TABLES)

# Indexes on foreign keys and facet columns of the enrichment tables, where they lack them
ENRICHMENT_INDEXES = {
    "document_topics": ("document_id", "topic"),
    "document_places": ("document_id", "place_code", "country"),
}


def write_browse_tables(db: sqlite3.Connection) -> None:
    """Write the many-to-many and count tables into the catalogue open as `db`, in one transaction."""
    drops = "".join(f"DROP TABLE IF EXISTS {table};" for table in BROWSE_TABLES)
    db.executescript(f"BEGIN; {drops} {MANY_TO_MANY}")
    present = _tables(db)
    for count in COUNT_TABLES:
        if count.needs in present:
            for statement in count.statements():
                db.execute(statement)
    for table, columns in ENRICHMENT_INDEXES.items():
        if table in present:
            for column in columns:
                db.execute(f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table}({column})")
    db.execute("COMMIT")
    # the planner's statistics, so that a facet or filter query picks these indexes
    for table in ("document_authors", "document_subjects"):
        db.execute(f"ANALYZE {table}")


def _tables(db: sqlite3.Connection) -> set[str]:
    return {name for name, in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
