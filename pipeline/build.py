"""Build the curated tables: map every live raw record, merge records of one work, keep lineage.

Deterministic: records are read in a fixed order, clusters and fields are chosen by fixed
rules, so the same raw input gives the same tables. Work ids are stable across runs: a work
keeps the id its records had in the previous build.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pyarrow as pa

from crawlers.registry import Source
from pipeline import merge
from pipeline.mapping import to_work
from warehouse.store import Warehouse

# Which source kind is believed first for a field: repository metadata over page scraping
# over article text.
KIND_PREFERENCE = {"oai-pmh": 0, "nva": 0, "dspace-html": 1, "docplayer": 2, "web": 3}
DEFAULT_TYPE = {"docplayer": "Lecture", "web": None}

SCALAR_FIELDS = ("title", "date_issued", "year", "language", "doc_type", "publisher", "series",
                 "series_number", "doi", "handle", "url", "fulltext_url", "abstract", "country")
UNION_FIELDS = ("issn", "isbn", "subjects")
JSON_FIELDS = ("authors", "issn", "isbn", "subjects", "sources")


@dataclass
class BuildReport:
    records: int = 0
    documents: int = 0
    merged: int = 0                      # works made of more than one record
    unmapped: dict[str, Counter] = field(default_factory=dict)  # source -> dc key -> count


def map_records(rows: list[dict], sources: dict[str, Source]) -> list[dict]:
    works = []
    for row in rows:
        source = sources.get(row["source"])
        kind = source.kind if source else "web"
        metadata = json.loads(row["metadata"])
        work = to_work(
            metadata,
            country=source.country if source else None,
            language=source.language if source else None,
            publisher=source.publisher if source and kind in ("oai-pmh", "nva", "dspace-html") else None,
            default_type=DEFAULT_TYPE.get(kind),
        )
        work.update(_source=row["source"], _key=row["record_key"], _seq=row["seq"], _kind=kind,
                    _raw_url=row["url"], _first_seen=row["first_seen"], _last_seen=row["last_seen"],
                    _unmapped_examples={key: next(iter(metadata[key]), None) for key in work["unmapped"]})
        works.append(work)
    return works


def combine(members: list[dict], work_id: str, match_rule: str) -> tuple[dict, list[dict]]:
    """One document from the records of a work, and the lineage of each of its fields."""
    members = sorted(members, key=lambda w: (KIND_PREFERENCE.get(w["_kind"], 9), w["_source"], w["_key"]))
    doc: dict = {"id": work_id, "match_rule": match_rule}
    given: dict[int, list[str]] = defaultdict(list)
    for name in SCALAR_FIELDS + ("authors",):
        for i, member in enumerate(members):
            if member.get(name) not in (None, "", []):
                doc[name] = member[name]
                given[i].append(name)
                break
        else:
            doc[name] = [] if name == "authors" else None
    for name in UNION_FIELDS:
        values: list = []
        for i, member in enumerate(members):
            new = [v for v in member.get(name) or [] if v not in values]
            if new:
                values += new
                given[i].append(name)
        doc[name] = values
    doc["sources"] = sorted({m["_source"] for m in members})
    doc["first_seen"] = min(m["_first_seen"] for m in members)
    doc["last_seen"] = max(m["_last_seen"] for m in members)
    lineage = [{"document_id": work_id, "source": m["_source"], "record_key": m["_key"], "seq": m["_seq"],
                "url": m.get("url") or m["_raw_url"], "fields": json.dumps(given[i])}
               for i, m in enumerate(members)]
    return doc, lineage


def assign_ids(clusters: list[list[dict]], previous: dict[tuple[str, str], str]) -> list[str]:
    """Reuse the smallest previous id of a cluster's records; otherwise derive a new one."""
    taken: set[str] = set()
    ids = []
    for members in clusters:
        keys = [f"{m['_source']}:{m['_key']}" for m in members]
        old = sorted({previous[(m["_source"], m["_key"])] for m in members
                      if (m["_source"], m["_key"]) in previous} - taken)
        work_id = old[0] if old else merge.new_work_id(keys)
        taken.add(work_id)
        ids.append(work_id)
    return ids


def build(warehouse: Warehouse, sources: list[Source]) -> BuildReport:
    by_name = {s.name: s for s in sources}
    rows = warehouse.live_records().to_pylist()
    works = map_records(rows, by_name)
    report = BuildReport(records=len(works))
    unmapped = unmapped_fields(works)
    for row in unmapped:
        report.unmapped.setdefault(row["source"], Counter())[row["field"]] = row["records"]
    clusters = merge.cluster([merge.match_keys(w) for w in works])
    groups = [[works[i] for i in members] for members, _ in clusters]
    rules = [rule for _, rule in clusters]
    ids = assign_ids(groups, warehouse.previous_ids())
    documents, lineage = [], []
    for members, rule, work_id in zip(groups, rules, ids):
        doc, links = combine(members, work_id, rule)
        documents.append(doc)
        lineage += links
    documents.sort(key=lambda d: d["id"])
    lineage.sort(key=lambda link: (link["document_id"], link["source"], link["record_key"]))
    for doc in documents:
        for name in JSON_FIELDS:
            doc[name] = json.dumps(doc[name], ensure_ascii=False)
    report.documents = len(documents)
    report.merged = sum(1 for members in groups if len(members) > 1)
    warehouse.replace_curated(_table(documents, DOCUMENT_SCHEMA), _table(lineage, LINEAGE_SCHEMA))
    replace_unmapped_fields(warehouse, _table(unmapped, UNMAPPED_SCHEMA))
    return report


EXAMPLE_CHARS = 200  # a glimpse of the value is enough: provenance logs run to kilobytes


def unmapped_fields(works: list[dict]) -> list[dict]:
    """The unmapped_fields rows: per source and dc key that no mapping rule reads, how many live
    records carry it and one value. Works come in (source, record_key) order, so the example is
    the first record's and stays the same from build to build."""
    records: Counter = Counter()
    examples: dict[tuple[str, str], str | None] = {}
    for work in works:
        for key, example in work["_unmapped_examples"].items():
            records[(work["_source"], key)] += 1
            examples.setdefault((work["_source"], key), example and example[:EXAMPLE_CHARS])
    return [{"source": source, "field": key, "records": count, "example": examples[(source, key)]}
            for (source, key), count in sorted(records.items())]


def replace_unmapped_fields(warehouse: Warehouse, rows: pa.Table) -> None:
    """Rewrite the table in one transaction, all rows inserted at once from Arrow."""
    con = warehouse.con
    con.register("new_unmapped_fields", rows)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM unmapped_fields")
        con.execute("INSERT INTO unmapped_fields BY NAME SELECT * FROM new_unmapped_fields")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("new_unmapped_fields")


DOCUMENT_SCHEMA = pa.schema([
    ("id", pa.string()), ("title", pa.string()), ("authors", pa.string()), ("year", pa.int32()),
    ("date_issued", pa.string()), ("language", pa.string()), ("doc_type", pa.string()),
    ("publisher", pa.string()), ("series", pa.string()), ("series_number", pa.string()),
    ("issn", pa.string()), ("isbn", pa.string()), ("doi", pa.string()), ("handle", pa.string()),
    ("url", pa.string()), ("fulltext_url", pa.string()), ("abstract", pa.string()),
    ("subjects", pa.string()), ("country", pa.string()), ("sources", pa.string()),
    ("first_seen", pa.string()), ("last_seen", pa.string()), ("match_rule", pa.string()),
])
UNMAPPED_SCHEMA = pa.schema([
    ("source", pa.string()), ("field", pa.string()), ("records", pa.int64()), ("example", pa.string()),
])
LINEAGE_SCHEMA = pa.schema([
    ("document_id", pa.string()), ("source", pa.string()), ("record_key", pa.string()),
    ("seq", pa.int64()), ("url", pa.string()), ("fields", pa.string()),
])


def _table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist([{name: row.get(name) for name in schema.names} for row in rows], schema=schema)
