"""Build the curated tables: map every live raw record, merge records of one work, keep lineage.

Deterministic: records are read in a fixed order, clusters and fields are chosen by fixed
rules, so the same raw input gives the same tables. Work ids are stable across runs: a work
keeps the id its records had in the previous build.

Incremental: what costs per record (JSON parsing, the mapping, reading its text for language,
places, topics and cases) is kept in `mapped_records`, keyed by the head version it was mapped
from, its full text and the context that mapped it (the source's settings and a fingerprint of
the code and data involved). A build maps only records without a valid row there (in worker
processes when there are many), clusters all records again from their cached match keys and the
fuzzy merge's memory of the last build (merge_blocks, merge_edges: only the blocks that changed
are compared again, pipeline/merge/memory.py), and combines only the works whose member versions
changed (pipeline/combine.py); the other works' rows stay as they are.
Persons are resolved again for the person keys the changed works name (pipeline/persons.py: a
person never spans keys but through an ORCID, which the keys followed include); organisations
and the seen dates are derived for all works from their rows. So an incremental build writes the
same tables as a full one (`full=True`: every record mapped and every work combined again).
The tables' columns are those nordcat/tables.py declares.
"""
from __future__ import annotations

import gc
import hashlib
import itertools
import json
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import yaml

import nordcat.text
from nordcat import dc, tables
from nordcat.sources import Source
from nordcat.stages import Stages
from nordcat.urls import canonical_url
from pipeline import merge, normalise as norm, organisations, persons, redirects
from pipeline.cases import Case, extract_cases, find_models
from pipeline.combine import assign_ids, combine_batch, rows_table, work_batches
from pipeline.language import identify
from pipeline.mapping import to_work
from pipeline.places import find_places
from pipeline.relations import replace_relations
from pipeline.topics import topics
from warehouse.store import Warehouse

DEFAULT_TYPE = {"docplayer": "Lecture", "web": None}

# dc keys naming organisations, by their role for a work. Author keys and unqualified
# dc.contributor also name persons: only the values that read as organisations (by their words,
# or as a comma-less name the alias file knows) count there.
ORGANISATION_KEYS = {
    "author": ("dc.contributor.author", "dc.creator"),
    "affiliation": ("dc.contributor.affiliation", "dc.contributor.department", "dc.contributor.organization",
                    "dc.contributor"),
    "partner": ("dc.contributor.sponsor", "dc.contributor.funder"),
}
MIXED_KEYS = {"dc.contributor.author", "dc.creator", "dc.contributor"}

# The code and data a cached mapping depends on: when one changes, every record is mapped again
# (and so every work combined again): the mapping and combining modules of the pipeline, the case
# extractor, the core's dc keys and text analysis (places, topics), the data files.
# tests/pipeline/test_build.py follows the imports of build and combine to keep this list whole.
_PIPELINE = Path(__file__).resolve().parent
MAPPING_INPUTS = [_PIPELINE / name for name in (
    "build.py", "combine.py", "mapping.py", "normalise.py", "coar.py", "persons.py", "organisations.py",
    "language.py", "places.py", "topics.py", "data/organisation_aliases.yml", "data/places.csv", "data/topics.yml",
    "data/organisations.yml", "data/cooperation_models.yml",
)] + sorted(_PIPELINE.glob("merge/*.py")) + sorted(_PIPELINE.glob("cases/*.py")) + [
    Path(module.__file__).resolve() for module in (nordcat.text, dc)]
MAP_BATCH = 5_000         # records mapped and stored per Arrow batch (with their PDF texts)
EXAMPLE_CHARS = 200       # a glimpse of the value is enough: provenance logs run to kilobytes
MAPPED_SCHEMA = tables.arrow_schema("mapped_records")
T = TypeVar("T")


@dataclass
class BuildReport:
    records: int = 0
    documents: int = 0
    merged: int = 0                      # works made of more than one record
    mapped: int = 0                      # records mapped in this build (the others came from the cache)
    combined: int = 0                    # works combined in this build (the others were kept)
    persons: int = 0                     # persons resolved in this build (all in a full one)
    organisations: int = 0
    relations: int = 0                   # related-document edges (docplayer lists, page -> document)
    moved: int = 0                       # work ids this build folded into another work (301)
    gone: int = 0                        # work ids whose records all went from their sources (410)
    unmapped: dict[str, Counter] = field(default_factory=dict)  # source -> dc key -> count
    merge_warnings: list[str] = field(default_factory=list)  # overrides naming records that are not there
    blocked: merge.Blocked = merge.Blocked()  # the fuzzy stage's comparisons and largest block
    stages: Stages = field(default_factory=Stages)  # seconds per stage of this build


def build(warehouse: Warehouse, sources: list[Source], *, full: bool = False,
          overrides: merge.Overrides = merge.Overrides()) -> BuildReport:
    """Bring the curated tables up to date with the live raw records; `full` maps and
    combines every record again instead of only what changed. `overrides`: pairs of records
    that must or must not be one work (merge_overrides.yml)."""
    with _without_cyclic_gc(), warehouse.build_memory():
        return _build(warehouse, sources, full, overrides)


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """A build makes millions of small objects that live until it ends: the cyclic collector
    would walk them over and over (a third of a build's time) and free nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(warehouse: Warehouse, sources: list[Source], full: bool, overrides: merge.Overrides) -> BuildReport:
    by_name = {s.name: s for s in sources}
    report = BuildReport()
    with report.stages.timed("map"):
        remapped = refresh_mapped(warehouse, by_name, full=full)
    report.mapped = len(remapped)
    with report.stages.timed("merge"):
        records = warehouse.mapped_keys()
        held = records.pop("members")  # (source, record_key, seq) of each record, in the order of the rest
        overrides = with_linked_documents(warehouse, held, overrides)
        memory = merge.FuzzyMemory() if full else fuzzy_memory(warehouse)
        view = merge_view(held, records)
        del records  # the compared fields as text, parsed into the view: hundreds of MB at 1M records
        merged = merge.merge_works(view, overrides, memory=memory)
        del view
    report.merge_warnings = merged.warnings
    report.blocked = merged.blocked
    clusters = [(list(c.members), (c.match_rule, c.match_score)) for c in merged.clusters]
    found_memory = merged.memory
    del merged
    with report.stages.timed("ids"):
        members = [[held[i] for i in cluster] for cluster, _ in clusters]
        previous = warehouse.previous_ids()
        ids = assign_ids(members, previous)
        differ = set(ids) if full else warehouse.changed_works(pa.table({
            "id": pa.array([work_id for work_id, group in zip(ids, members) for _ in group], pa.string()),
            "seq": pa.array([seq for group in members for _, _, seq in group], pa.int64())}))
        changed = [(group, rule, work_id) for group, (_, rule), work_id in zip(members, clusters, ids)
                   if work_id in differ or any(seq in remapped for _, _, seq in group)]
        kept = sorted(set(ids) - {work_id for _, _, work_id in changed})
        del clusters  # `members` and `changed` hold what is needed of them; the rest would live to the end
    with warehouse.transaction():
        with report.stages.timed("redirects"):
            person_keys = None if full else warehouse.person_keys_outside(kept)
            fates = redirects.fates(previous, {(source, key): work_id for work_id, group in zip(ids, members)
                                               for source, key, _ in group})
            warehouse.update_redirects(fates.moved, fates.gone, ids,
                                       datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        report.moved, report.gone = len(fates.moved), len(fates.gone)
        with report.stages.timed("combine"):
            warehouse.drop_works(None if full else kept)
            for batch in in_order(combine_batch, work_batches(warehouse, changed)):
                warehouse.add_works(batch)
                if person_keys is not None:
                    person_keys.update(key for key in batch["person_mentions"]["person_key"].to_pylist() if key)
            warehouse.update_seen_dates()
            warehouse.replace_merge_memory(*memory_tables(found_memory))
            del found_memory, previous  # a million records' worth each, not needed past here
        with report.stages.timed("persons"):
            report.persons = update_persons(warehouse, person_keys)
        with report.stages.timed("organisations"):
            report.organisations = replace_organisations(warehouse)
            replace_cooperation_models(warehouse)
        with report.stages.timed("relations"):
            report.relations = replace_relations(warehouse)
            unmapped = warehouse.replace_unmapped_fields()
    for source, key, count in unmapped:
        report.unmapped.setdefault(source, Counter())[key] = count
    report.records = len(held)
    report.documents = len(members)
    report.merged = sum(1 for group in members if len(group) > 1)
    report.combined = len(changed)
    return report


def with_linked_documents(warehouse: Warehouse, held: list[tuple[str, str, int]],
                          overrides: merge.Overrides) -> merge.Overrides:
    """The overrides and, as must_not_merge pairs, each document linked from a page with that page
    (of the `held` records): a work of its own, however alike its title and the page's."""
    documents = warehouse.linked_documents()
    refs = {(source, key) for source, key, _ in held} if documents else set()  # a million tuples for none
    linked = tuple(pair for source, key, page in documents
                   if (pair := ((source, key), (source, canonical_url(page))))[1] in refs)
    return merge.Overrides(overrides.must_merge, overrides.must_not_merge + linked)


def merge_view(held: list[tuple[str, str, int]], records: dict[str, list]) -> list[dict]:
    """What the merge compares of each record (`held`: source, record_key, seq), from the
    mapped_records cache (`records`: mapped_keys' columns)."""
    return [{"_source": source, "_key": key, "_seq": seq, "_keys": json.loads(keys), "title": title,
             "authors": json.loads(authors) if authors else [], "year": year, "publisher": publisher, "series": series,
             "_parts": merge.TitleParts.from_json(parts)}
            for (source, key, seq), keys, title, authors, year, publisher, series, parts
            in zip(held, records["keys"], records["title"], records["authors"], records["year"],
                   records["publisher"], records["series"], records["title_parts"])]


def fuzzy_memory(warehouse: Warehouse) -> merge.FuzzyMemory:
    """What the last build's fuzzy merge compared and found, as the merge takes it (its records
    looked up when the merge asks for them: most are never asked for)."""
    blocks, edges = warehouse.merge_memory()
    return merge.FuzzyMemory(frozenset(blocks.to_pylist()), tuple(
        merge.MemoryEdge(a, b, tuple(kinds.split("+")), score, rank) for a, b, kinds, score, rank
        in zip(*(edges[name].to_pylist() for name in ("seq_a", "seq_b", "kinds", "score", "rank")))),
        _StoredRecords(warehouse))


class _StoredRecords:
    """The last build's merge memory of records, recalled from the warehouse."""

    def __init__(self, warehouse: Warehouse):
        self.warehouse = warehouse

    def recall(self, seqs: list[int]) -> dict[int, merge.RecordMemory]:
        table = self.warehouse.merge_records(seqs)
        return {seq: merge.RecordMemory(version, frozenset(json.loads(blocks))) for seq, version, blocks
                in zip(*(table[name].to_pylist() for name in ("seq", "version", "blocks")))}


def memory_tables(memory: merge.FuzzyMemory) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The merge's memory as the warehouse keeps it (merge_blocks, merge_edges, merge_records)."""
    edges, records = memory.edges, memory.records
    return (pa.table({"digest": pa.array(list(memory.blocks), pa.int64())}, schema=tables.arrow_schema("merge_blocks")),
            pa.table({"seq_a": pa.array([e.seq_a for e in edges], pa.int64()),
                      "seq_b": pa.array([e.seq_b for e in edges], pa.int64()),
                      "kinds": pa.array(["+".join(e.kinds) for e in edges], pa.string()),
                      "score": pa.array([e.score for e in edges], pa.float64()),
                      "rank": pa.array([e.rank for e in edges], pa.float64())},
                     schema=tables.arrow_schema("merge_edges")),
            pa.table({"seq": pa.array(list(records), pa.int64()),
                      "version": pa.array([r.version for r in records.values()], pa.int64()),
                      "blocks": pa.array([json.dumps(sorted(r.blocks)) for r in records.values()], pa.string())},
                     schema=tables.arrow_schema("merge_records")))


# --- mapping -------------------------------------------------------------------------------

def mapping_context(source: Source | None) -> str:
    """What a record's mapping depends on besides the record: its source's settings and the
    mapping code and data."""
    settings = [source.kind, source.country, source.language, source.publisher] if source else None
    code = [hashlib.sha1(path.read_bytes()).hexdigest() for path in MAPPING_INPUTS]
    return hashlib.sha1(json.dumps([settings, code]).encode("utf-8")).hexdigest()[:16]


def refresh_mapped(warehouse: Warehouse, sources: dict[str, Source], *, full: bool) -> set[int]:
    """Map the live records whose cached mapping is missing or stale, in Arrow batches; the
    seqs of the records mapped."""
    contexts = {name: mapping_context(source) for name, source in sources.items()}
    contexts[None] = mapping_context(None)
    batches = warehouse.stale_records(contexts, full=full, batch_size=MAP_BATCH)
    remapped: set[int] = set()
    for rows in in_order(map_batch, ((batch.to_pylist(), sources, contexts) for batch in batches)):
        warehouse.store_mapped(pa.Table.from_pylist(rows, schema=MAPPED_SCHEMA))
        remapped.update(row["seq"] for row in rows)
    return remapped


def in_order(function: Callable[..., T], arguments: Iterator[tuple]) -> Iterator[T]:
    """function(*args) for each args, results in order. With two or more, on a pool of processes,
    one per core (mapping and combining are pure Python: threads would share one core) while this
    one reads and stores, at most two per worker in flight, so memory stays flat; with one, here
    (a pool's start-up, seconds, is more than one batch of a small build)."""
    first = next(arguments, None)
    if first is None:
        return
    second = next(arguments, None)
    if second is None:
        yield function(*first)
        return
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque[Future] = deque()
        for args in itertools.chain([first, second], arguments):
            pending.append(pool.submit(function, *args))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def map_batch(rows: list[dict], sources: dict[str, Source], contexts: dict[str | None, str]) -> list[dict]:
    return [map_record(row, sources.get(row["source"]), contexts.get(row["source"], contexts[None])) for row in rows]


def map_record(row: dict, source: Source | None, context: str) -> dict:
    """The mapped_records row of one raw record."""
    kind = source.kind if source else "web"
    metadata = json.loads(row["metadata"])
    work = to_work(
        metadata,
        country=source.country if source else None,
        language=source.language if source else None,
        publisher=source.publisher if source and kind in ("oai-pmh", "nva", "dspace-html") else None,
        default_type=DEFAULT_TYPE.get(kind),
    )
    unmapped = [{"field": key, "example": _example(metadata[key])} for key in work.pop("unmapped")]
    declared = not (work.pop("provenance").get("language") or "arg:").startswith("arg:")
    work.update(kind=kind, raw_url=row["url"], persons=persons.record_names(metadata, work["authors"]),
                organisations=record_organisations(metadata))
    work.update(enrich(work, declared, _first(metadata.get(dc.TEXT)), row["fulltext"]),
                text_url=row["fulltext_url"] if row["fulltext"] else None)  # the PDF its text is from
    return {"seq": row["seq"], "source": row["source"], "record_key": row["record_key"], "context": context,
            "fulltext_url": row["fulltext_url"], "fulltext_sha256": row["fulltext_sha256"],
            "keys": json.dumps(merge.match_keys(work)), "unmapped": unmapped, "work": json.dumps(work, ensure_ascii=False),
            **merge_fields(work)}


def merge_fields(work: dict) -> dict:
    """What the merge compares of a record (mapped_records' columns for it): the series with its
    number in one text."""
    series = " ".join(part for part in (work.get("series"), work.get("series_number")) if part is not None)
    authors = work.get("authors")
    return {"title": work.get("title"), "authors": json.dumps(authors, ensure_ascii=False) if authors else None,
            "year": work.get("year"), "publisher": work.get("publisher"), "series": series or None,
            "title_parts": merge.title_parts(work.get("title")).to_json()}


def _first(values: list | None) -> str | None:
    return next((value for value in values or [] if isinstance(value, str) and value), None)


def enrich(work: dict, declared: bool, page_text: str | None, pdf_text: str | None) -> dict:
    """What the record's text says: its language where its metadata declares none (identified
    from title, abstract and text; the source's default language breaks near-ties and is kept
    when there is too little text), the places and topics named in it, and the partnership
    cases its running text (PDF, else page) describes. Done per record as part of its mapping,
    so a work's records are read once and the results are cached with the mapping."""
    text = pdf_text or page_text
    language = work["language"]
    if not declared:
        language = identify(work["title"], work["abstract"], text, hint=language) or language
    searched = "\n\n".join(part for part in (work["title"], work["abstract"], text) if part)
    return {
        "language": language, "language_declared": declared,
        "text_kind": "pdf" if pdf_text else "page" if page_text else None, "text_length": len(text or ""),
        "places": [[p.country, p.code, p.name, p.lat, p.lon] for p in find_places(searched, language)],
        "topics": topics(searched, language),
        "models": find_models(searched),
        "cases": [_case_dict(case) for case in extract_cases(text, language=language or "", title=work["title"],
                                                                 pages=_page_layout(work["kind"], pdf_text))]
                 if text else [],
    }


def _page_layout(kind: str, pdf_text: str | None) -> str | None:
    """How the text cases are read from lays out its pages (pipeline/cases/pointer.py)."""
    return "lines" if pdf_text else "paragraphs" if kind == "docplayer" else None


def _case_dict(case: Case) -> dict:
    found = asdict(case)
    found["partners"] = [asdict(partner) for partner in case.partners]
    return found


def _example(values: list) -> str | None:
    example = next(iter(values), None)
    return example[:EXAMPLE_CHARS] if isinstance(example, str) else example


def record_organisations(metadata: dict[str, list[str]]) -> list[list[str]]:
    """[role, name] of every organisation the record names as author, affiliation or partner."""
    found = []
    for role, keys in ORGANISATION_KEYS.items():
        for key in keys:
            for raw in metadata.get(key, []):
                name = norm.clean_text(raw)
                if name and [role, name] not in found and (key not in MIXED_KEYS or norm.is_organisation(name)
                                                            or ("," not in name and organisations.listed_as(name))):
                    found.append([role, name])
    return found


# --- derived tables ------------------------------------------------------------------------

PERSON_BATCH = 50_000  # person keys a full build resolves at a time: a million works' mentions at once held gigabytes


def update_persons(warehouse: Warehouse, keys: set[str] | None) -> int:
    """Resolve the persons of these person keys (None: of all) again from the works' mentions
    and replace them and their credits; returns the number of persons resolved. All of them are
    resolved in batches of PERSON_BATCH keys, each with the keys an ORCID or Cristin id links to
    them: a person spans keys only through those, so a batch's persons are those of all at once."""
    if keys is not None:
        return _resolve_persons(warehouse, warehouse.linked_person_keys(keys))
    warehouse.replace_persons(None, *_person_tables([], []))
    everyone, done, resolved = warehouse.person_keys(), set(), 0
    for start in range(0, len(everyone), PERSON_BATCH):
        batch = set(everyone[start:start + PERSON_BATCH]) - done
        if batch:
            linked = warehouse.linked_person_keys(batch)
            done.update(linked)
            resolved += _resolve_persons(warehouse, linked)
    return resolved


def _resolve_persons(warehouse: Warehouse, linked: list[str]) -> int:
    """Resolve the persons of these keys (closed under ORCID and Cristin links) and replace them."""
    mentions, work_keys = warehouse.person_mentions(linked)
    found, credits = persons.resolve([persons.Mention(**row) for row in mentions], work_keys)
    warehouse.replace_persons(linked, *_person_tables(found, credits))
    return len(found)


def _person_tables(found: list[persons.Person], credits: list[persons.Credit]) -> tuple[pa.Table, pa.Table]:
    return (rows_table([vars(p) for p in found], tables.arrow_schema("persons")),
            rows_table([vars(c) for c in credits], tables.arrow_schema("document_persons")))


def replace_organisations(warehouse: Warehouse) -> int:
    """Rewrite organisations from the works' document_organisations: canonical name, country,
    listed aliases and the spellings the records used, number of works."""
    rows = []
    for organisation_id, names, works in warehouse.organisation_names():
        known = organisations.canonical(names[0])
        aliases = sorted((set(known.aliases) | set(names)) - {known.name})
        rows.append({"id": organisation_id, "name": known.name, "country": known.country,
                     "aliases": json.dumps(aliases, ensure_ascii=False), "works": works})
    warehouse.replace_table("organisations", rows_table(rows, tables.arrow_schema("organisations")))
    return len(rows)


COOPERATION_MODELS = _PIPELINE / "data" / "cooperation_models.yml"


def replace_cooperation_models(warehouse: Warehouse) -> int:
    """Rewrite cooperation_models from pipeline/data/cooperation_models.yml: every model a case can
    name, with its Norwegian (bokmål) and English label and its description, so the catalogue
    shows and joins words for cases.model. A model without both labels stops the build."""
    rows = []
    for key, spec in yaml.safe_load(COOPERATION_MODELS.read_text(encoding="utf-8")).items():
        label = spec.get("label") if isinstance(spec.get("label"), dict) else {}
        if not (label.get("nb") and label.get("en")):
            raise ValueError(f"{COOPERATION_MODELS.name}: {key} needs a label in nb and in en")
        rows.append({"id": key, "label_no": label["nb"], "label_en": label["en"],
                     "description": " ".join((spec.get("description") or "").split()) or None})
    warehouse.replace_table("cooperation_models", rows_table(rows, tables.arrow_schema("cooperation_models")))
    return len(rows)
