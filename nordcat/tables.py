"""The one declaration of the curated tables (the warehouse's, written by `nordcat build`) and of
the published catalogue's tables (DATA/catalogue.db, written by `nordcat publish`).

Each table says where it lives (the warehouse, the catalogue or both), its columns in order
(logical type, NOT NULL, description, and where a column lives when only in one of the two), its
primary key, and for SQLite its foreign keys and indexes. Everything else is generated from it:

- `duckdb_ddl()`: the CREATE TABLEs of the curated tables, run by the warehouse after its
  schema.sql (with an ALTER TABLE for each column added after the first release, so a warehouse
  made before gets it);
- `arrow_schema(name)`: the Arrow schema of the rows the build hands the warehouse;
- `sqlite_ddl()`: the catalogue's CREATE TABLEs and CREATE INDEXes;
- `column_descriptions()` / `datasette_metadata()`: the column descriptions Datasette shows
  (merged with publish/metadata.yml, which describes the tables and holds the canned queries).

A column may be added, never renamed or changed: the catalogue is a contract. Imports only
pyarrow and the standard library (it is part of the shared core).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa

WAREHOUSE = "warehouse"
CATALOGUE = "catalogue"
BOTH = frozenset({WAREHOUSE, CATALOGUE})

# logical type -> (DuckDB, SQLite, Arrow)
TYPES: dict[str, tuple[str, str, pa.DataType]] = {
    "text": ("VARCHAR", "TEXT", pa.string()),
    "json": ("JSON", "TEXT", pa.string()),            # JSON text (a list or an object)
    "integer": ("INTEGER", "INTEGER", pa.int32()),
    "bigint": ("BIGINT", "INTEGER", pa.int64()),
    "real": ("DOUBLE", "REAL", pa.float64()),
    "bool": ("BOOLEAN", "INTEGER", pa.bool_()),
    "timestamp": ("TIMESTAMP", "TEXT", pa.timestamp("us")),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str                       # a key of TYPES, or "records" (a list of structs of `fields`)
    description: str
    not_null: bool = False
    references: str | None = None   # SQLite foreign key, "table(column)"
    only: str | None = None         # WAREHOUSE or CATALOGUE: the column lives there alone
    derived: bool = False           # filled in the warehouse after the build's rows are inserted
    compression: str | None = None  # DuckDB's USING COMPRESSION
    added: bool = False             # added after the first release: old warehouses get it by ALTER TABLE
    fields: tuple[tuple[str, str], ...] = ()  # "records": (name, logical type) of each struct field

    def duckdb_type(self) -> str:
        if self.type == "records":
            return f"STRUCT({', '.join(f'{name} {TYPES[kind][0]}' for name, kind in self.fields)})[]"
        return TYPES[self.type][0]

    def sqlite_type(self) -> str:
        if self.type == "records":
            raise ValueError(f"{self.name}: a list of structs has no SQLite type")
        return TYPES[self.type][1]

    def arrow_type(self) -> pa.DataType:
        if self.type == "records":
            return pa.list_(pa.struct([(name, TYPES[kind][2]) for name, kind in self.fields]))
        return TYPES[self.type][2]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    lives: frozenset[str] = BOTH                    # WAREHOUSE, CATALOGUE or both
    primary_key: tuple[str, ...] = ()
    indexes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # SQLite: index name -> columns

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        assert len(set(names)) == len(names), f"{self.name}: a column declared twice"
        assert set(self.primary_key) <= set(names), f"{self.name}: primary key of undeclared columns"
        for column in self.columns:
            assert column.type == "records" or column.type in TYPES, f"{self.name}.{column.name}: type {column.type}"
            assert column.only is None or column.only in self.lives, f"{self.name}.{column.name} lives nowhere"

    def columns_in(self, place: str) -> tuple[Column, ...]:
        """The table's columns in the warehouse or in the catalogue, in order."""
        if place not in self.lives:
            raise ValueError(f"{self.name} is not a table of the {place}")
        return tuple(c for c in self.columns if c.only in (None, place))

    def column_names(self, place: str) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns_in(place))


def _table(name: str, description: str, *columns: Column, **options) -> Table:
    return Table(name, description, columns, **options)


C = Column
WORK = "The work (documents.id)"

TABLES: dict[str, Table] = {t.name: t for t in (
    _table(
        "documents",
        "One row per work after merging (the catalogue contract), rebuilt deterministically.",
        C("id", "text", "Stable id of the work (kept across runs while any of its records remains)"),
        C("title", "text", "Main title"),
        C("authors", "json", 'JSON list of persons as "Family, Given", in source order'),
        C("year", "integer", "Year of issue"),
        C("date_issued", "text", "Date of issue, ISO 8601 as precise as known (2005, 2005-03, 2005-03-14)"),
        C("language", "text", "Language of the text, ISO 639-3 (nor, nob, nno, dan, swe, fin, isl, eng) - as a "
                              "record declares it, else identified from title, abstract and text, else the source's"),
        C("doc_type", "text", "Resource type from the COAR resource types vocabulary (English label)"),
        C("publisher", "text", "Publisher, by its canonical name (see organisations)"),
        C("series", "text", "Series title"),
        C("series_number", "text", "Number within the series (e.g. 06/2005)"),
        C("issn", "json", 'JSON list of checksum-valid ISSNs "NNNN-NNNN"'),
        C("isbn", "json", "JSON list of valid ISBN-13s (digits only)"),
        C("doi", "text", 'DOI, lower case, without resolver ("10.…")'),
        C("handle", "text", 'Handle ("11250/94194")'),
        C("url", "text", "Landing page"),
        C("fulltext_url", "text", "Link to the full text (PDF) where a source gives one"),
        C("abstract", "text", "Abstract or summary"),
        C("subjects", "json", "JSON list of subject terms and keywords"),
        C("country", "text", "ISO 3166-1 alpha-2 country of the source"),
        C("sources", "json", "JSON list of the names of the sources that hold this work"),
        C("first_seen", "text", "When nordcat first saw any record of this work (UTC)", derived=True),
        C("last_seen", "text", "When a source last listed a record of this work (UTC)", derived=True),
        C("match_rule", "text", "Why its records are one work (doi, handle, isbn, url joined by +), or single"),
        C("match_score", "real", "How strong the weakest link of the merge is, 0 to 1 (1.0 for shared identifiers; "
                                 "empty for a work of one record)", added=True),
        C("urn", "text", 'URN:NBN as the source writes it ("URN:NBN:fi-fe2019061020123")', added=True),
        C("cristin", "text", 'Cristin result id ("1853003")', added=True),
        primary_key=("id",),
        indexes={"documents_year": ("year",), "documents_language": ("language",),
                 "documents_doc_type": ("doc_type",), "documents_country": ("country",),
                 "documents_publisher": ("publisher",)},
    ),
    _table(
        "document_sources",
        "Lineage: which raw record version is part of which work, and which fields it gave.",
        C("document_id", "text", WORK, not_null=True, references="documents(id)"),
        C("source", "text", "Source name (sources.name)", not_null=True, references="sources(name)"),
        C("record_key", "text", "The record's key at its source (OAI identifier or page URL)", not_null=True),
        C("seq", "bigint", "The record's version the work was combined from (raw_records.seq)", not_null=True,
          only=WAREHOUSE),
        C("url", "text", "Where the record can be seen"),
        C("fields", "json", "JSON list of the document fields this record provided", not_null=True),
        C("text_kind", "text", "pdf or page on the record whose text stands for the work (its PDF's, else its "
                               "page's: the text searched, whose cases are the work's), chosen by the build "
                               "(pipeline/combine.py); empty on the other records", only=WAREHOUSE, added=True),
        indexes={"document_sources_document": ("document_id",), "document_sources_source": ("source",)},
    ),
    _table(
        "sources",
        "The source registry joined with each source's health after its last crawl (publish/catalogue.py).",
        C("name", "text", "Source name (file name of its registry entry)"),
        C("title", "text", "Source title"),
        C("publisher", "text", "Who runs the source"),
        C("country", "text", "ISO 3166-1 alpha-2"),
        C("kind", "text", "oai-pmh, dspace-html, docplayer or web"),
        C("url", "text", "OAI-PMH endpoint or site root"),
        C("licence", "text", "Licence of the source's metadata, where known"),
        C("enabled", "integer", "1 when crawled nightly"),
        C("evidence", "text", "Where the URL comes from"),
        C("status", "text", "ok or failed after the last run; disabled; never run"),
        C("health", "text", "ok, moved (the server names another base URL), dead (no answer, gone) or failing (errors)"),
        C("last_run", "text", "Start of the last run (UTC)"),
        C("last_success", "text", "Start of the last healthy run (UTC)"),
        C("records", "integer", "Live records the source holds"),
        C("documents", "integer", "Works in the catalogue with a record from this source"),
        C("last_error", "text", "Why the last run failed"),
        lives=frozenset({CATALOGUE}),
        primary_key=("name",),
    ),
    _table(
        "crawl_runs",
        "The warehouse's crawl_runs as published: one row per source and run, times as ISO 8601 text.",
        C("run_id", "text", "Run id (UTC start time)"),
        C("source", "text", "Source name"),
        C("kind", "text", "Source kind, or reparse (the raw archive parsed again, no request sent; its versions "
                          "name this run)"),
        C("started_at", "text", "Start (UTC)"),
        C("ended_at", "text", "End (UTC)"),
        C("status", "text", "ok or failed (a reparse - reparsed or failed)"),
        C("records_seen", "integer", "Records the source sent in this run"),
        C("records_new", "integer", "Records stored for the first time"),
        C("records_changed", "integer", "Records whose content changed"),
        C("records_deleted", "integer", "Records the source marked deleted"),
        C("records_held", "integer", "Live records after the run"),
        C("pages", "integer", "Pages that held records"),
        C("parse_failures", "integer", "Pages that lacked required fields"),
        C("error", "text", "Why the run failed"),
        C("harvest_from", "text", "OAI-PMH from= sent"),
        C("response_date", "text", "OAI-PMH responseDate of the first page (the next from=)"),
        lives=frozenset({CATALOGUE}),
        primary_key=("run_id", "source"),
    ),
    _table(
        "document_texts",
        "The text searched for each work: its PDF's where it has one, else its running page text.",
        C("document_id", "text", WORK, references="documents(id)"),
        C("text", "text", "The text, whitespace normalised (PDF text at most 1,000,000 characters)", not_null=True),
        lives=frozenset({CATALOGUE}),
        primary_key=("document_id",),
    ),
    _table(
        "document_fulltexts",
        "The PDF whose text is searched for each work that has one.",
        C("document_id", "text", WORK, references="documents(id)"),
        C("url", "text", "The PDF, as the source links it", not_null=True),
        C("pages", "integer", "Pages of the PDF"),
        C("bytes", "integer", "Size of the PDF"),
        C("sha256", "text", "SHA-256 of the PDF as fetched"),
        lives=frozenset({CATALOGUE}),
        primary_key=("document_id",),
    ),
    _table(
        "mapped_records",
        "The build's cache of each live record as mapped (pipeline/build.py): a build maps only the records "
        "whose head, mapping context (source settings, mapping code) or full text changed, and recombines only "
        "the works those records are part of. Rows of superseded versions go.",
        C("seq", "bigint", "The head version it was mapped from"),
        C("source", "text", "Source name", not_null=True),
        C("record_key", "text", "The record's key at its source", not_null=True),
        C("context", "text", "Hash of the source settings and code that mapped it", not_null=True),
        C("fulltext_url", "text", 'The record\'s first "nordcat.fulltext_url"'),
        C("fulltext_sha256", "text", "Of that full text when the record was mapped"),
        C("keys", "json", 'Match keys ("doi:10.…", "handle:…") for clustering', not_null=True),
        C("unmapped", "records", "The dc keys no mapping rule reads, with an example value", not_null=True,
          fields=(("field", "text"), ("example", "text"))),
        C("work", "json", "The mapped record (pipeline.mapping.to_work and more)", not_null=True,
          compression="zstd"),
        lives=frozenset({WAREHOUSE}),
        primary_key=("seq",),
    ),
    _table(
        "person_mentions",
        "Persons named by each work's records (rewritten for the works a build recombines). A build resolves "
        "persons and document_persons again for the person keys of the works it recombined or dropped (and the "
        "keys an ORCID or Cristin id links to them): pipeline/persons.py.",
        C("document_id", "text", WORK, not_null=True),
        C("role", "text", "author | editor | advisor", not_null=True),
        C("position", "integer", "1-based in the work's list; NULL: named by another record only"),
        C("name", "text", '"Family, Given"', not_null=True),
        C("orcid", "text", "ORCID iD, where the record gives one"),
        C("cristin_id", "text", "Cristin person id, where the record gives one"),
        C("person_key", "text", '"vabo|si" (pipeline.persons.person_key)'),
        lives=frozenset({WAREHOUSE}),
    ),
    _table(
        "persons",
        "One row per person credited by some work (pipeline/persons.py).",
        C("id", "text", "Stable id of the person (from the ORCID where known, else from the name)"),
        C("name", "text", '"Family, Given", the most complete spelling met', not_null=True),
        C("family", "text", "Family name, particles included (van, von, de)", not_null=True),
        C("given", "text", "Given names as written in that spelling"),
        C("orcid", "text", 'ORCID iD ("0000-0002-1825-0097"), check character verified, where a source gives one'),
        C("cristin_id", "text", "Cristin person id, where a source gives one"),
        C("works", "integer", "Works that credit this person", not_null=True),
        primary_key=("id",),
        indexes={"persons_family": ("family",), "persons_orcid": ("orcid",)},
    ),
    _table(
        "document_persons",
        "Who wrote, edited or supervised each work, in the work's order.",
        C("document_id", "text", WORK, not_null=True, references="documents(id)"),
        C("person_id", "text", "The person (persons.id)", not_null=True, references="persons(id)"),
        C("role", "text", "author, editor or advisor", not_null=True),
        C("position", "integer", "Place in the work's list of that role, from 1", not_null=True),
        primary_key=("document_id", "role", "position"),
        indexes={"document_persons_person": ("person_id",)},
    ),
    _table(
        "organisations",
        "Organisations under their canonical names (pipeline/organisations.py), rewritten by every build from "
        "document_organisations.",
        C("id", "text", 'Stable id, the canonical name folded ("bi-norwegian-business-school")'),
        C("name", "text", "Canonical name (documents.publisher shows it)", not_null=True),
        C("country", "text", "ISO 3166-1 alpha-2; empty for Nordic and international bodies and unlisted names"),
        C("aliases", "json", "JSON list of the other names it goes by, listed and met in the records", not_null=True),
        C("works", "integer", "Works that name it", not_null=True),
        primary_key=("id",),
    ),
    _table(
        "document_organisations",
        "Which organisations each work names, and as what; `name` keeps the spelling each work's records used.",
        C("document_id", "text", WORK, not_null=True, references="documents(id)"),
        C("organisation_id", "text", "The organisation (organisations.id)", not_null=True,
          references="organisations(id)"),
        C("role", "text", "publisher, author (a corporate author), affiliation (department, contributing body) or "
                          "partner (sponsor, funder, a partner in one of its cases)", not_null=True),
        C("name", "text", "The name as the work's record wrote it", not_null=True),
        primary_key=("document_id", "organisation_id", "role"),
        indexes={"document_organisations_organisation": ("organisation_id",)},
    ),
    _table(
        "document_places",
        "Nordic municipalities and regions each work's title, abstract or text names (pipeline/places.py).",
        C("document_id", "text", WORK, not_null=True, references="documents(id)"),
        C("place_code", "text", "Official code within the country (kommunenummer, kommunekode, kommunkod, "
                                "kuntanumero; fylke and län codes)", not_null=True),
        C("country", "text", "ISO 3166-1 alpha-2", not_null=True),
        C("name", "text", "Official name", not_null=True),
        C("lat", "real", "Latitude (WGS 84), where known"),
        C("lon", "real", "Longitude (WGS 84), where known"),
        primary_key=("document_id", "country", "place_code"),
        indexes={"document_places_place": ("country", "place_code")},
    ),
    _table(
        "document_topics",
        "Topics of each work's title, abstract and text (pipeline/topics.py, pipeline/data/topics.yml).",
        C("document_id", "text", WORK, not_null=True, references="documents(id)"),
        C("topic", "text", "Concept id of the vocabulary (e.g. public-private-partnership)", not_null=True),
        primary_key=("document_id", "topic"),
        indexes={"document_topics_topic": ("topic",)},
    ),
    _table(
        "cooperation_models",
        "The controlled list of cooperation models a case can have (pipeline/data/cooperation_models.yml), with "
        "their names in Norwegian and English, rewritten by every build: join cases.model to id for the words.",
        C("id", "text", 'Key of the model, the value of cases.model (e.g. "inter_municipal_company")'),
        C("label_no", "text", 'Name in Norwegian bokmål (e.g. "Interkommunalt selskap (IKS)")', not_null=True),
        C("label_en", "text", 'Name in English (e.g. "Inter-municipal company")', not_null=True),
        C("description", "text", "What the model is, in English"),
        primary_key=("id",),
    ),
    _table(
        "cases",
        "Partnership cases that a work's running text describes (pipeline/cases/).",
        C("id", "text", '"<work id>-<n>", n from 1 in the order of the text'),
        C("document_id", "text", "The work whose text describes the case (documents.id)", not_null=True,
          references="documents(id)"),
        C("name", "text", "The case's name as the text gives it"),
        C("description", "text", "The passage that describes it", not_null=True),
        C("model", "text", "Cooperation model (cooperation_models.id, a key of pipeline/data/cooperation_models.yml), "
                           "where the text names one", references="cooperation_models(id)"),
        C("period", "text", "When it ran, as the text says"),
        C("target_group", "text", "Whom it was for"),
        C("outcomes", "json", "JSON list of results the text reports", not_null=True),
        C("place_code", "text", "Official code of the first municipality it names"),
        C("place_name", "text", "That municipality's official name"),
        C("country", "text", "Its country, ISO 3166-1 alpha-2"),
        C("lat", "real", "Its latitude (WGS 84), where known"),
        C("lon", "real", "Its longitude (WGS 84), where known"),
        C("method", "text", "Which rule found the case (e.g. heading-list)", not_null=True),
        C("confidence", "real", "How sure that rule is, 0 to 1", not_null=True),
        primary_key=("id",),
        indexes={"cases_document": ("document_id",), "cases_model": ("model",)},
    ),
    _table(
        "case_partners",
        "The organisations that worked together in each case, in the order the text names them.",
        C("case_id", "text", "The case (cases.id)", not_null=True, references="cases(id)"),
        C("document_id", "text", "The case's work, so that a build drops both together", not_null=True,
          only=WAREHOUSE),
        C("position", "integer", "Place in the case's list of partners, from 1", not_null=True),
        C("name", "text", "The name as the text writes it", not_null=True),
        C("organisation_id", "text", "The organisation (organisations.id)", not_null=True,
          references="organisations(id)"),
        C("sector", "text", "public, private, civil_society or unknown", not_null=True),
        C("role", "text", "owner, host or funder, where the text says so"),
        primary_key=("case_id", "position"),
        indexes={"case_partners_organisation": ("organisation_id",)},
    ),
    _table(
        "unmapped_fields",
        "What each source sends that the mapping reads nowhere (rewritten by every build): a field a source "
        "starts sending, or one the mapping forgets, shows here instead of vanishing silently.",
        C("source", "text", "Source name", not_null=True),
        C("field", "text", "The dc-dict key, e.g. dc.description.sponsorship", not_null=True),
        C("records", "bigint", "Live records of the source that carry it", not_null=True),
        C("example", "text", "One of its values, for the reader of the report"),
        lives=frozenset({WAREHOUSE}),
        primary_key=("source", "field"),
    ),
    _table(
        "document_relations",
        "The related-documents lists of transcript pages as a graph (pipeline/relations.py, rewritten by every "
        "build): one edge per listed document, with the anchor text, and the work it leads to where we hold it.",
        C("document_id", "text", "The work whose page lists the related document (documents.id)", not_null=True,
          references="documents(id)"),
        C("source", "text", "The source whose page gives the list (sources.name)", not_null=True,
          references="sources(name)"),
        C("position", "integer", "Place in the page's list, from 1", not_null=True),
        C("related_url", "text", "The related document's URL (canonical form)", not_null=True),
        C("anchor_text", "text", "The link's text on the page"),
        C("related_document_id", "text", "The work the link leads to (documents.id); empty when the catalogue "
                                         "does not hold it (the crawl did not follow it: off topic, too deep)",
          references="documents(id)"),
        primary_key=("document_id", "source", "position"),
        indexes={"document_relations_related": ("related_document_id",)},
    ),
    _table(
        "document_authors",
        "documents.authors as rows (publish/browse_tables.py).",
        C("document_id", "text", WORK, not_null=True, references="documents(id)"),
        C("position", "integer", "1 for the first author", not_null=True),
        C("name", "text", '"Family, Given" as in documents.authors', not_null=True),
        lives=frozenset({CATALOGUE}),
        primary_key=("document_id", "position"),
        indexes={"document_authors_name": ("name", "document_id")},
    ),
    _table(
        "document_subjects",
        "documents.subjects as rows (publish/browse_tables.py).",
        C("document_id", "text", WORK, not_null=True, references="documents(id)"),
        C("subject", "text", "Subject term or keyword as the source gives it", not_null=True),
        lives=frozenset({CATALOGUE}),
        primary_key=("document_id", "subject"),
        indexes={"document_subjects_subject": ("subject", "document_id")},
    ),
)}


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
