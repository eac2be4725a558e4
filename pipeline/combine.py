"""Combining a work's mapped records into its rows (pipeline/build.py runs it for the works whose
member versions changed): the document, the lineage of each of its fields, the persons and
organisations its records name, the places and topics of its texts, and the partnership cases of
the one text that stands for it.

Deterministic: members are ordered by kind preference, source and record key, and every field
is taken by a fixed rule from that order, so the same records give the same rows. The rows have
the columns nordcat/tables.py declares (`WORK_TABLES`: table name -> Arrow schema).
"""
from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterator
from functools import cache

import pyarrow as pa

from nordcat import tables
from pipeline import merge, organisations, persons
from pipeline.cases.pointer import passage_url
from pipeline.places import Place, all_places
from warehouse.store import Warehouse

# Which source kind is believed first for a field: repository metadata over page scraping
# over article text.
KIND_PREFERENCE = {"oai-pmh": 0, "nva": 0, "dspace-html": 1, "docplayer": 2, "web": 3}

SCALAR_FIELDS = ("title", "date_issued", "year", "language", "doc_type", "publisher", "series",
                 "series_number", "doi", "handle", "url", "fulltext_url", "abstract", "country")
UNION_FIELDS = ("issn", "isbn", "subjects")
# Taken like the scalar fields; listed last in a record's lineage (`fields`), after the fields
# the catalogue had before them (the licence too, though no identifier).
IDENTIFIER_FIELDS = ("urn", "cristin", "licence")
JSON_FIELDS = ("authors", "issn", "isbn", "subjects", "sources")

# The tables holding rows of a work, with the Arrow schema of the rows the build writes.
WORK_TABLES = {name: tables.arrow_schema(name) for name in (
    "documents", "document_sources", "person_mentions", "document_organisations", "document_places",
    "document_topics", "document_models", "cases", "case_partners")}
COMBINE_BATCH = 10_000    # works combined per fetch of their cached records

Member = tuple[str, str, int]  # source, record_key, seq


def assign_ids(clusters: list[list[Member]], previous: dict[tuple[str, str], str]) -> list[str]:
    """Reuse the smallest previous id of a cluster's records; otherwise derive a new one that no
    other work has or had: a work split in two leaves its id to one part, and the other part's id,
    derived from its smallest key, may be that very id (the key the first build derived it from)."""
    taken: set[str] = set()
    ids = []
    had = set(previous.values())
    for members in clusters:
        keys = sorted(f"{source}:{key}" for source, key, _ in members)
        old = sorted({previous[(source, key)] for source, key, _ in members if (source, key) in previous} - taken)
        work_id = old[0] if old else _unused_id(keys, taken, had)
        taken.add(work_id)
        ids.append(work_id)
    return ids


def _unused_id(keys: list[str], taken: set[str], had: set[str]) -> str:
    """The id derived from the smallest key whose id is free, else from the smallest key and a number."""
    candidates = (merge.new_work_id([key]) for key in keys)
    numbered = (merge.new_work_id([f"{keys[0]}#{n}"]) for n in itertools.count(2))
    return next(work_id for work_id in itertools.chain(candidates, numbered) if work_id not in taken and work_id not in had)


def work_batches(warehouse: Warehouse, changed: list[tuple[list[Member], tuple, str]]) -> Iterator[tuple[list, dict[int, str]]]:
    """The changed works (members, (match rule, match score), work id) a batch at a time, each with
    the cached mapped records (seq -> JSON) of its members: what combine_batch takes."""
    for start in range(0, len(changed), COMBINE_BATCH):
        batch = changed[start:start + COMBINE_BATCH]
        yield batch, warehouse.mapped_works([seq for group, _, _ in batch for _, _, seq in group])


def combine_batch(batch: list[tuple[list[Member], tuple, str]], works: dict[int, str]) -> dict[str, pa.Table]:
    """The rows of a batch of works (see work_batches) as Arrow tables by table name."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for group, (rule, score), work_id in batch:
        members = [dict(json.loads(works[seq]), _source=source, _key=key, _seq=seq) for source, key, seq in group]
        for table, table_rows in combine(members, work_id, rule, score).items():
            rows[table] += table_rows
    return {table: rows_table(rows[table], schema) for table, schema in WORK_TABLES.items()}


def combine(members: list[dict], work_id: str, match_rule: str,
            match_score: float | None = None) -> dict[str, list[dict]]:
    """The rows of one work (by WORK_TABLES name): its document, the lineage of each of its
    fields and of its text, the persons and organisations its records name, the places, topics
    and cases of its texts."""
    members = sorted(members, key=lambda w: (KIND_PREFERENCE.get(w["kind"], 9), w["_source"], w["_key"]))
    doc: dict = {"id": work_id, "match_rule": match_rule, "match_score": match_score}
    given: dict[int, list[str]] = defaultdict(list)
    for name in SCALAR_FIELDS + ("authors",):
        doc[name] = _first_given(members, name, given, [] if name == "authors" else None)
    for name in UNION_FIELDS:
        values: list = []
        for i, member in enumerate(members):
            new = [v for v in member.get(name) or [] if v not in values]
            if new:
                values += new
                given[i].append(name)
        doc[name] = values
    for name in IDENTIFIER_FIELDS:
        doc[name] = _first_given(members, name, given, None)
    doc["sources"] = sorted({m["_source"] for m in members})
    publisher = doc["publisher"]
    doc["publisher"] = organisations.canonical(publisher).name if publisher else None
    for name in JSON_FIELDS:
        doc[name] = json.dumps(doc[name], ensure_ascii=False)
    text = chosen_text(members)
    lineage = [{"document_id": work_id, "source": m["_source"], "record_key": m["_key"], "seq": m["_seq"],
                "url": m.get("url") or m["raw_url"], "fields": json.dumps(given[i]),
                "text_kind": m["text_kind"] if i == text else None}
               for i, m in enumerate(members)]
    cases, partners = work_cases(members[text] if text is not None else None, work_id)
    partner_names = [["partner", partner["name"]] for partner in partners]
    return {"documents": [doc], "document_sources": lineage, "person_mentions": person_mentions(members, work_id),
            "document_organisations": work_organisations(members, work_id, publisher, partner_names),
            "document_places": work_places(members, work_id), "document_topics": work_topics(members, work_id),
            "document_models": work_models(members, work_id),
            "cases": cases, "case_partners": partners}


def _first_given(members: list[dict], name: str, given: dict[int, list[str]], empty):
    """The field's value from the first member (in believed order) that has one, noted in that
    member's lineage; `empty` when none has."""
    for i in _believed_order(members, name):
        value = members[i].get(name)
        if value not in (None, "", []):
            given[i].append(name)
            return value
    return empty


def _believed_order(members: list[dict], name: str) -> list[int]:
    """The order in which members are asked for a field: preference order, except that a
    language the record's metadata declares goes before one identified or defaulted."""
    order = list(range(len(members)))
    return sorted(order, key=lambda i: not members[i]["language_declared"]) if name == "language" else order


def chosen_text(members: list[dict]) -> int | None:
    """The member whose text stands for the work (the one the catalogue searches, and whose cases
    are the work's): the longest PDF text, ties to the smallest PDF URL; else the longest page text;
    remaining ties to the first member. None when no member has a text. Decided here alone: the
    lineage marks the member (document_sources.text_kind) and the published texts follow it."""
    texts = [i for i, member in enumerate(members) if member["text_kind"]]
    if not texts:
        return None
    return min(texts, key=lambda i: (members[i]["text_kind"] != "pdf", -members[i]["text_length"],
                                     (members[i].get("text_url") or "") if members[i]["text_kind"] == "pdf" else "", i))


def work_places(members: list[dict], work_id: str) -> list[dict]:
    """The places any of the work's records names, each once, in member order."""
    rows: dict[tuple[str, str], dict] = {}
    for member in members:
        for country, code, name, lat, lon in member["places"]:
            rows.setdefault((country, code), {"document_id": work_id, "place_code": code, "country": country,
                                              "name": name, "lat": lat, "lon": lon})
    return list(rows.values())


def work_topics(members: list[dict], work_id: str) -> list[dict]:
    found = dict.fromkeys(topic for member in members for topic in member["topics"])
    return [{"document_id": work_id, "topic": topic} for topic in found]


def work_models(members: list[dict], work_id: str) -> list[dict]:
    """The models any of the work's records discusses, each once, in member order."""
    found = dict.fromkeys(model for member in members for model in member.get("models", []))
    return [{"document_id": work_id, "model": model, "position": position}
            for position, model in enumerate(found, start=1)]


def work_cases(chosen: dict | None, work_id: str) -> tuple[list[dict], list[dict]]:
    """The cases of the text that stands for the work (chosen_text), so that two copies of one
    report do not give every case twice. Rows of cases and of their partners."""
    if chosen is None:
        return [], []
    cases, partners = [], []
    for number, case in enumerate(chosen["cases"], start=1):
        case_id = f"{work_id}-{number}"
        place = _place(case["place_codes"][0]) if case["place_codes"] else None
        cases.append({"id": case_id, "document_id": work_id, "outcomes": json.dumps(case["outcomes"], ensure_ascii=False),
                      "place_code": place and place.code, "place_name": place and place.name,
                      "country": place and place.country, "lat": place and place.lat, "lon": place and place.lon,
                      "passage_url": _passage_url(chosen, case),
                      **{key: case.get(key) for key in ("name", "description", "model", "period", "target_group", "method",
                                                        "confidence", "passage", "page")}})
        partners += [{"case_id": case_id, "document_id": work_id, "position": position,
                      "organisation_id": organisations.canonical(partner["name"]).id, **partner}
                     for position, partner in enumerate(case["partners"], start=1)]
    return cases, partners


def _passage_url(chosen: dict, case: dict) -> str | None:
    pdf = chosen["text_kind"] == "pdf"
    return passage_url(chosen.get("text_url") if pdf else chosen.get("url") or chosen.get("raw_url"),
                       case.get("passage") or "", case.get("page"), pdf=pdf)


def _place(country_code: str) -> Place | None:
    """A place by its "country:code" (as pipeline.cases names them)."""
    return _places_by_code().get(tuple(country_code.split(":", 1)))


@cache
def _places_by_code() -> dict[tuple[str, str], Place]:
    return {(place.country, place.code): place for place in all_places()}


def person_mentions(members: list[dict], work_id: str) -> list[dict]:
    """Each role's persons from the first record that names any (the work's list, with
    positions), then every other record's persons without a position: they tell the resolution
    what full names and identifiers the work's other sources know."""
    mentions, listed = [], set()
    for role in persons.ROLE_KEYS:
        lists = [member["persons"].get(role, []) for member in members]
        chosen = next((i for i, names in enumerate(lists) if names), None)
        for i, names in enumerate(lists):
            for position, person in enumerate(names, start=1):
                mention = {"document_id": work_id, "role": role, "position": position if i == chosen else None,
                           "person_key": persons.person_key(person["name"]), **person}
                if i == chosen or (role, person["name"], person.get("orcid"), person.get("cristin_id")) not in listed:
                    mentions.append(mention)
                    listed.add((role, person["name"], person.get("orcid"), person.get("cristin_id")))
    return mentions


def work_organisations(members: list[dict], work_id: str, publisher: str | None,
                       partners: list[list[str]]) -> list[dict]:
    """The work's publisher (as chosen for the document), every organisation its records name
    and the partners of its cases, each (organisation, role) once with the first spelling met."""
    named = ([["publisher", publisher]] if publisher else []) + [
        pair for member in members for pair in member["organisations"]] + partners
    rows: dict[tuple[str, str], dict] = {}
    for role, name in named:
        organisation = organisations.canonical(name)
        if organisation is not None:
            rows.setdefault((organisation.id, role), {"document_id": work_id, "organisation_id": organisation.id,
                                                      "role": role, "name": name})
    return list(rows.values())


def rows_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    """Rows (dicts) as an Arrow table of the schema's columns; a key the row lacks is NULL."""
    return pa.Table.from_arrays([pa.array([row.get(field.name) for row in rows], field.type) for field in schema],
                                schema=schema)  # column by column: a dict per row was most of a build's combining
