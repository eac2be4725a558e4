"""The build on a real DuckDB warehouse: lineage, deterministic merges, stable ids, the incremental
build equal to a full one, enrichment, and the text that stands for a work."""
from __future__ import annotations

import json
from datetime import datetime
import sqlite3

import pytest

from nordcat.records import raw_record
from nordcat.sources import Source
from nordcat.stages import Stages
from pipeline.build import build
from publish.catalogue import publish
from warehouse.store import Warehouse

SOURCES = [
    Source(name="repo", title="Repo", publisher="BI Norwegian Business School", country="NO", kind="oai-pmh",
           url="https://biopen.bi.no/bi-oai/request", language="nob"),
    Source(name="pages", title="Pages", publisher="BI Norwegian Business School", country="NO",
           kind="dspace-html", url="https://biopen.bi.no/", start_urls=["https://biopen.bi.no/bi-xmlui/"]),
    Source(name="archive", title="Archive", publisher="NORA", country="SE", kind="dspace-html",
           url="https://nora.example.org/", start_urls=["https://nora.example.org/xmlui/"]),
]

SEED_000 = {
    "dc.contributor.author": ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"],
    "dc.date.issued": ["2005"], "dc.identifier.issn": ["0803-2610"],
    "dc.identifier.uri": ["http://hdl.handle.net/11250/94194"], "dc.language.iso": ["nor"],
    "dc.relation.ispartofseries": ["Research Report", "06/2005"],
    "dc.title": ["Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet"],
    "dc.type": ["Research report"],
}


def record(source, key, metadata, *, payload=None, deleted=False):
    return raw_record(source=source, key=key, fmt="dim", metadata=metadata, deleted=deleted,
                      payload=json.dumps(metadata, sort_keys=True) if payload is None else payload)


@pytest.fixture
def warehouse(tmp_path):
    with Warehouse(tmp_path / "warehouse.duckdb") as wh:
        wh.add_records([
            record("repo", "oai:biopen.bi.no:11250/94194", SEED_000),
            record("pages", "https://biopen.bi.no/bi-xmlui/handle/11250/94194",
                   {"dc.title": ["Offentlig-private partnerskap (side)"],
                    "dc.identifier.uri": ["http://hdl.handle.net/11250/94194"],
                    "nordcat.fulltext_url": ["https://biopen.bi.no/bitstream/11250/94194/1/rr06.pdf"]}),
            record("repo", "oai:biopen.bi.no:11250/100", {"dc.title": ["Samskaping i kommunene"],
                                                         "dc.identifier.doi": ["https://doi.org/10.1234/ABC"]}),
            record("archive", "https://nora.example.org/xmlui/handle/10037/5",
                   {"dc.title": ["Co-creation in municipalities"], "dc.identifier": ["doi:10.1234/abc"],
                    "dc.identifier.uri": ["http://hdl.handle.net/10037/5"]}),
            record("repo", "oai:biopen.bi.no:11250/101", {"dc.title": ["Alone"]}),
        ], run_id="r1")
        yield wh


def curated(wh):
    docs = wh.query("SELECT * EXCLUDE (first_seen, last_seen) FROM documents ORDER BY id")
    lineage = wh.query("SELECT * FROM document_sources ORDER BY ALL")
    return docs, lineage


def test_a_tombstone_removes_the_work_but_keeps_history(warehouse):
    build(warehouse, SOURCES)
    before = warehouse.query("SELECT count(*) FROM documents")[0][0]
    warehouse.add_records([record("repo", "oai:biopen.bi.no:11250/101", {}, payload="<header status='deleted'/>",
                                  deleted=True)], run_id="r2")
    assert warehouse.run_changes("r2", "repo") == {"new": 0, "changed": 0, "deleted": 1}
    build(warehouse, SOURCES)
    titles = [t for (t,) in warehouse.query("SELECT title FROM documents")]
    assert "Alone" not in titles and len(titles) == before - 1
    assert warehouse.query("SELECT count(*) FROM raw_records WHERE record_key LIKE '%/101'")[0][0] == 2


def test_records_sharing_a_handle_or_doi_are_one_work_with_lineage(warehouse):
    report = build(warehouse, SOURCES)
    assert (report.records, report.documents, report.merged) == (5, 3, 2)
    columns = ("id", "title", "fulltext_url", "sources", "match_rule")
    seed = warehouse.query(f"SELECT {', '.join(columns)} FROM documents WHERE handle = '11250/94194'")
    assert len(seed) == 1
    doc = dict(zip(columns, seed[0]))
    assert doc["title"].startswith("Offentlig-private partnerskap som supplement")  # repository wins
    assert doc["fulltext_url"].endswith("rr06.pdf")                               # only the page had it
    assert json.loads(doc["sources"]) == ["pages", "repo"] and "handle" in doc["match_rule"].split("+")
    fields = dict(warehouse.query(
        "SELECT source, fields FROM document_sources WHERE document_id = ?", [doc["id"]]))
    assert "fulltext_url" in json.loads(fields["pages"]) and "title" not in json.loads(fields["pages"])
    assert {"title", "authors", "series", "issn"} <= set(json.loads(fields["repo"]))
    [(rule, sources)] = warehouse.query(
        "SELECT match_rule, sources FROM documents WHERE doi = '10.1234/abc'")
    assert rule == "doi" and json.loads(sources) == ["archive", "repo"]


def test_build_is_deterministic_and_ids_are_stable(warehouse, tmp_path):
    build(warehouse, SOURCES)
    first = curated(warehouse)
    build(warehouse, SOURCES)
    assert curated(warehouse) == first
    # from scratch (no previous ids), the same raw input gives the same ids
    warehouse.query("DELETE FROM documents; DELETE FROM document_sources")
    build(warehouse, SOURCES)
    assert curated(warehouse) == first


def test_a_full_build_that_fails_keeps_the_last_builds_tables(warehouse, monkeypatch):
    """A full build empties the tables it rewrites (new tables: the warehouse's empty_tables) inside its
    transaction: a failure after that rolls back to the last build's rows."""
    from pipeline import build as build_module

    build(warehouse, SOURCES)
    before = curated(warehouse), warehouse.query("SELECT * FROM persons ORDER BY ALL"), \
        warehouse.query("SELECT * FROM organisations ORDER BY ALL")

    def fails(*_args):
        raise RuntimeError("combining broke")
    monkeypatch.setattr(build_module, "combine_batch", fails)  # after the work tables were emptied
    with pytest.raises(RuntimeError, match="combining broke"):
        build(warehouse, SOURCES, full=True)
    assert warehouse.query("SELECT count(*) FROM persons")[0][0] > 0
    assert (curated(warehouse), warehouse.query("SELECT * FROM persons ORDER BY ALL"),
            warehouse.query("SELECT * FROM organisations ORDER BY ALL")) == before


def test_a_work_keeps_its_id_when_a_new_source_joins_it(warehouse):
    build(warehouse, SOURCES)
    [(old_id,)] = warehouse.query("SELECT id FROM documents WHERE title = 'Alone'")
    warehouse.add_records([record("archive", "https://nora.example.org/xmlui/handle/10037/9",
                                  {"dc.title": ["Alone (copy)"], "dc.identifier.uri": ["http://hdl.handle.net/11250/101"]}),
                           record("repo", "oai:biopen.bi.no:11250/101",
                                  {"dc.title": ["Alone"], "dc.identifier.uri": ["http://hdl.handle.net/11250/101"]})],
                          run_id="r2")
    build(warehouse, SOURCES)
    [(new_id, sources)] = warehouse.query("SELECT id, sources FROM documents WHERE title = 'Alone'")
    assert new_id == old_id and json.loads(sources) == ["archive", "repo"]


CURATED = ("documents", "document_sources", "person_mentions", "persons", "document_persons",
           "document_organisations", "organisations", "unmapped_fields")


def snapshot(wh):
    return {table: wh.query(f"SELECT * FROM {table} ORDER BY ALL") for table in CURATED}


def test_an_incremental_build_maps_only_changed_records_and_equals_a_full_build(warehouse):
    build(warehouse, SOURCES)
    warehouse.add_records([
        # changed: the seed record's title
        record("repo", "oai:biopen.bi.no:11250/94194", {**SEED_000, "dc.title": ["Offentlig-private partnerskap"]}),
        # deleted
        record("repo", "oai:biopen.bi.no:11250/101", {}, payload="<deleted/>", deleted=True),
        # added, joining the DOI work
        record("pages", "https://biopen.bi.no/bi-xmlui/handle/11250/100",
               {"dc.title": ["Samskaping (side)"], "dc.identifier.doi": ["10.1234/abc"]}),
        # added, on its own
        record("archive", "https://nora.example.org/xmlui/handle/10037/7", {"dc.title": ["New"]}),
    ], run_id="r2")
    report = build(warehouse, SOURCES)
    assert (report.records, report.mapped, report.combined, report.documents) == (6, 3, 3, 3)
    incremental = snapshot(warehouse)
    full = build(warehouse, SOURCES, full=True)
    assert (full.mapped, full.combined) == (6, 3)
    assert snapshot(warehouse) == incremental
    assert [t for (t,) in warehouse.query("SELECT title FROM documents ORDER BY title")] == [
        "New", "Offentlig-private partnerskap", "Samskaping i kommunene"]


def test_a_build_with_nothing_changed_maps_and_combines_nothing(warehouse):
    build(warehouse, SOURCES)
    before = snapshot(warehouse)
    report = build(warehouse, SOURCES)
    assert (report.mapped, report.combined, report.documents) == (0, 0, 3)
    assert snapshot(warehouse) == before


def test_batches_mapped_and_combined_on_worker_processes_give_the_tables_of_one_batch(warehouse, monkeypatch):
    build(warehouse, SOURCES)
    alone = snapshot(warehouse)
    import pipeline.build
    import pipeline.combine
    monkeypatch.setattr(pipeline.build, "MAP_BATCH", 2)  # 3 batches of records, 2 of works: a pool each
    monkeypatch.setattr(pipeline.combine, "COMBINE_BATCH", 2)
    report = build(warehouse, SOURCES, full=True)
    assert (report.mapped, report.combined) == (5, 3)
    assert snapshot(warehouse) == alone


def test_a_build_reports_how_long_each_stage_took(warehouse):
    report = build(warehouse, SOURCES)
    assert list(report.stages) == ["map", "merge", "ids", "redirects", "combine", "persons", "organisations",
                                   "relations"]
    assert all(seconds >= 0 for seconds in report.stages.values())


def test_a_publish_reports_how_long_each_stage_took(warehouse, tmp_path):
    build(warehouse, SOURCES)
    stages = Stages()
    publish(warehouse, SOURCES, tmp_path, stages)
    assert list(stages) == ["tables", "fts", "search", "browse", "inspect", "sitemap", "downloads"]
    assert stages.line(sum(stages.values()) + 1.0).endswith("the rest 1.0")


def test_a_changed_source_setting_maps_its_records_again(warehouse):
    build(warehouse, SOURCES)
    moved = [SOURCES[0].model_copy(update={"country": "SE"}), *SOURCES[1:]]
    report = build(warehouse, moved)
    assert (report.mapped, report.combined) == (3, 3)
    countries = warehouse.query("SELECT DISTINCT country FROM documents ORDER BY ALL")
    assert countries == [("SE",)]  # the repository's country wins over the pages' and the archive's


def test_a_new_full_text_recombines_its_work(warehouse):
    build(warehouse, SOURCES)
    warehouse.store_fulltexts([{"source": "pages", "url": "https://biopen.bi.no/bitstream/11250/94194/1/rr06.pdf",
                                "status": "ok", "sha256": "ab", "text": "Tekst", "run_id": "r2",
                                "fetched_at": warehouse.query("SELECT now()::TIMESTAMP")[0][0]}])
    report = build(warehouse, SOURCES)
    assert (report.mapped, report.combined) == (1, 1)


PERSON_RECORDS = [
    record("repo", "oai:biopen.bi.no:11250/200",
           {"dc.title": ["Samstyring i kommunene"], "dc.identifier.doi": ["10.1234/vabo"],
            "dc.contributor.author": ["Vabo, S. I.", "Hansen, K."], "dc.contributor.editor": ["Midttun, Atle"],
            "dc.publisher": ["Handelshøyskolen BI"], "dc.contributor": ["Kommunesektorens organisasjon"]}),
    record("archive", "https://nora.example.org/xmlui/handle/10037/200",
           {"dc.title": ["Samstyring"], "dc.identifier": ["doi:10.1234/vabo"],
            "dc.contributor.author": ["Signy Irene Vabo", "Kari Hansen"],
            "nordcat.person.orcid": ["Vabo, Signy Irene|https://orcid.org/0000-0002-1825-0097"]}),
]


def test_persons_take_full_names_and_orcids_from_the_works_other_records(warehouse):
    warehouse.add_records(PERSON_RECORDS, run_id="r2")
    build(warehouse, SOURCES)
    credits = warehouse.query("""
        SELECT dp.role, dp.position, p.name, p.orcid, p.works FROM document_persons dp
        JOIN persons p ON p.id = dp.person_id JOIN documents d ON d.id = dp.document_id
        WHERE d.doi = '10.1234/vabo' ORDER BY dp.role, dp.position""")
    assert credits == [("author", 1, "Vabo, Signy Irene", "0000-0002-1825-0097", 1),
                       ("author", 2, "Hansen, Kari", None, 1), ("editor", 1, "Midttun, Atle", None, 2)]  # and author of SEED_000
    [(authors,)] = warehouse.query("SELECT authors FROM documents WHERE doi = '10.1234/vabo'")
    assert json.loads(authors) == ["Vabo, S. I.", "Hansen, K."]  # the record as the repository wrote it


def test_organisations_are_canonical_with_their_aliases_and_works(warehouse):
    warehouse.add_records(PERSON_RECORDS, run_id="r2")
    build(warehouse, SOURCES)
    publishers = warehouse.query("SELECT DISTINCT publisher FROM documents ORDER BY ALL")
    assert publishers == [("BI Norwegian Business School",)]  # the repository and its defaults win
    roles = warehouse.query("""
        SELECT o.organisation_id, o.role, o.name FROM document_organisations o JOIN documents d ON d.id = o.document_id
        WHERE d.doi = '10.1234/vabo' ORDER BY ALL""")
    assert roles == [("bi-norwegian-business-school", "publisher", "Handelshøyskolen BI"),
                     ("ks", "affiliation", "Kommunesektorens organisasjon")]
    [(name, country, aliases, works)] = warehouse.query(
        "SELECT name, country, aliases, works FROM organisations WHERE id = 'bi-norwegian-business-school'")
    assert (name, country, works) == ("BI Norwegian Business School", "NO", 4)
    assert {"BI", "Handelshøyskolen BI"} <= set(json.loads(aliases))


def test_a_new_work_expands_initials_in_a_work_that_is_kept_as_a_full_build_would(warehouse):
    warehouse.add_records([record("repo", "oai:biopen.bi.no:11250/300",
                                  {"dc.title": ["Styring"], "dc.contributor.author": ["Vabo, S. I.", "Hansen, Kari"]})],
                          run_id="r2")
    build(warehouse, SOURCES)
    warehouse.add_records([record("archive", "https://nora.example.org/xmlui/handle/10037/300",
                                  {"dc.title": ["Samstyring"], "dc.contributor.author": ["Vabo, Signy Irene", "Hansen, Kari"]})],
                          run_id="r3")
    report = build(warehouse, SOURCES)
    assert report.combined == 1
    names = warehouse.query("""
        SELECT d.title, p.name, p.works FROM document_persons dp JOIN persons p ON p.id = dp.person_id
        JOIN documents d ON d.id = dp.document_id WHERE p.family = 'Vabo' ORDER BY d.title""")
    assert names == [("Samstyring", "Vabo, Signy Irene", 2), ("Styring", "Vabo, Signy Irene", 2)]
    incremental = snapshot(warehouse)
    build(warehouse, SOURCES, full=True)
    assert snapshot(warehouse) == incremental


def test_the_catalogue_holds_persons_organisations_places_and_cases_with_foreign_key_indexes(warehouse, tmp_path):
    warehouse.add_records(PERSON_RECORDS + [TRANSCRIPT], run_id="r2")
    build(warehouse, SOURCES)
    with sqlite3.connect(publish(warehouse, SOURCES, tmp_path)) as db:
        credits = db.execute("""
            SELECT p.name, p.orcid, dp.role, dp.position FROM document_persons dp JOIN persons p ON p.id = dp.person_id
            JOIN documents d ON d.id = dp.document_id WHERE d.doi = '10.1234/vabo' ORDER BY dp.role, dp.position""").fetchall()
        assert credits == [("Vabo, Signy Irene", "0000-0002-1825-0097", "author", 1), ("Hansen, Kari", None, "author", 2),
                           ("Midttun, Atle", None, "editor", 1)]
        organisations = db.execute("SELECT o.name, d.role FROM document_organisations d "
                                   "JOIN organisations o ON o.id = d.organisation_id ORDER BY 1, 2").fetchall()
        assert ("KS", "affiliation") in organisations and ("BI Norwegian Business School", "publisher") in organisations
        plans = {(table, column): " ".join(row[-1] for row in db.execute(
                     f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} = 'x'"))
                 for table, column in (("document_persons", "person_id"), ("document_persons", "document_id"),
                                       ("document_organisations", "organisation_id"),
                                       ("document_organisations", "document_id"), ("document_places", "document_id"),
                                       ("document_topics", "topic"), ("cases", "document_id"),
                                       ("case_partners", "case_id"), ("case_partners", "organisation_id"))}
        assert all("USING INDEX" in plan or "USING COVERING INDEX" in plan for plan in plans.values()), plans
        partners = db.execute("""
            SELECT c.name, c.place_name, o.name, p.sector FROM case_partners p JOIN cases c ON c.id = p.case_id
            JOIN organisations o ON o.id = p.organisation_id ORDER BY c.id, p.position""").fetchall()
        assert partners[:2] == [("Adoptionsprojektet", "Esbjerg", "LEGO", "private"),
                                ("Adoptionsprojektet", "Esbjerg", "JydskeVestkysten", "private")]
        assert db.execute("SELECT count(*) FROM document_places").fetchall() == [(2,)]


# A slide of seed-003 (COWI's deck on social partnerships), as a transcript page gives it.
SLIDE = ("5 HVILKE cases har vi med i idékatalogerne? Adoptionsprojektet: LEGO/JydskeVestkysten og Bakkegårdsskolen, "
         "Esbjerg (Trekantsområdet) adoption af skoleklasser Gennem Ild & Vand: Vejle Brandvæsen (Falck) og udsatte "
         "unge fra Nørremarken, Vejle ugeophold for unge. 5")
TRANSCRIPT = record("archive", "https://nora.example.org/xmlui/handle/10037/400",
                    {"dc.title": ["Sociale partnerskaber"], "nordcat.text": [SLIDE],
                     "dc.subject": ["offentlig-privat samarbeid"]})


def test_the_text_gives_language_places_topics_and_cases(warehouse):
    warehouse.add_records([TRANSCRIPT], run_id="r2")
    build(warehouse, SOURCES)
    [(work_id, language)] = warehouse.query(
        "SELECT id, language FROM documents WHERE title = 'Sociale partnerskaber'")
    assert language == "dan"  # identified: the record declares none, its source no default
    places = warehouse.query("SELECT country, place_code, name FROM document_places WHERE document_id = ? "
                             "ORDER BY ALL", [work_id])
    assert places == [("DK", "0561", "Esbjerg"), ("DK", "0630", "Vejle")]
    cases = warehouse.query("SELECT id, name, place_name, country, lat IS NOT NULL, method FROM cases "
                            "ORDER BY id")
    assert cases == [(f"{work_id}-1", "Adoptionsprojektet", "Esbjerg", "DK", True, "heading-list"),
                     (f"{work_id}-2", "Gennem Ild & Vand", "Vejle", "DK", True, "heading-list")]
    partners = warehouse.query("SELECT case_id, position, name, organisation_id, sector FROM case_partners "
                               "WHERE case_id LIKE '%-1' ORDER BY position")
    assert partners == [(f"{work_id}-1", 1, "LEGO", "lego", "private"),
                        (f"{work_id}-1", 2, "JydskeVestkysten", "jydskevestkysten", "private"),
                        (f"{work_id}-1", 3, "Bakkegårdsskolen", "bakkegardsskolen", "public")]
    roles = warehouse.query("SELECT count(*) FROM document_organisations WHERE document_id = ? "
                            "AND role = 'partner'", [work_id])
    assert roles == [(5,)]


def test_declared_language_wins_and_the_source_default_stays_for_short_titles(warehouse):
    warehouse.add_records([record("repo", "oai:biopen.bi.no:11250/500",
                                  {"dc.title": ["Partnerships between municipalities and firms in Norway"],
                                   "dc.language.iso": ["nob"]}),
                           record("repo", "oai:biopen.bi.no:11250/501",
                                  {"dc.title": ["Cooperation of firms and local government in Norway today"]})],
                          run_id="r2")
    build(warehouse, SOURCES)
    languages = dict(warehouse.query(
        "SELECT title, language FROM documents WHERE title LIKE '%in Norway%' OR title = 'Alone'"))
    assert languages == {"Partnerships between municipalities and firms in Norway": "nob",       # declared
                         "Cooperation of firms and local government in Norway today": "eng",      # identified
                         "Alone": "nob"}                                                           # default


def test_a_full_text_fetched_later_is_read_for_places(warehouse):
    build(warehouse, SOURCES)
    warehouse.store_fulltexts([{"source": "pages", "url": "https://biopen.bi.no/bitstream/11250/94194/1/rr06.pdf",
                                "status": "ok", "sha256": "ab", "text": "Erfaringer fra Drammen kommune og Tromsø.",
                                "run_id": "r2", "fetched_at": datetime(2026, 1, 2)}])
    build(warehouse, SOURCES)
    places = warehouse.query("SELECT name FROM document_places ORDER BY name")
    assert places == [("Drammen",), ("Tromsø",)]


# --- the text that stands for a work (pipeline/combine.py chosen_text) --------------------------------

def test_the_text_of_a_work_is_the_longest_pdf_ties_to_the_smallest_url_else_the_longest_page():
    from pipeline.combine import chosen_text

    def pdf(length, url):
        return {"text_kind": "pdf", "text_length": length, "text_url": url}

    def page(length):
        return {"text_kind": "page", "text_length": length, "text_url": None}

    assert chosen_text([page(900), pdf(10, "https://b.no/x.pdf")]) == 1          # a PDF before any page text
    assert chosen_text([pdf(10, "https://b.no/x.pdf"), pdf(20, "https://c.no/y.pdf")]) == 1   # the longest
    assert chosen_text([pdf(20, "https://b.no/x.pdf"), pdf(20, "https://a.no/y.pdf")]) == 1   # then the smallest URL
    assert chosen_text([page(5), page(7), page(7)]) == 1                           # then the first member
    assert chosen_text([{"text_kind": None, "text_length": 0}]) is None


def test_the_catalogue_searches_the_text_the_build_chose(warehouse, tmp_path):
    """Two PDFs of one work as long as each other: the smaller URL's stands for the work (as the
    catalogue's choice always did), though its record comes second among the work's records."""
    biopen, nora = "https://biopen.bi.no/bitstream/11250/94194/1/rr06.pdf", "https://nora.example.org/bitstream/10037/9/rr06.pdf"
    warehouse.add_records([record("archive", "https://nora.example.org/xmlui/handle/10037/9",
                                  {"dc.title": ["Offentlig-private partnerskap (kopi)"],
                                   "dc.identifier.uri": ["http://hdl.handle.net/11250/94194"],
                                   "nordcat.fulltext_url": [nora], "nordcat.text": ["Kort sidetekst."]})], run_id="r2")
    now = warehouse.query("SELECT now()::TIMESTAMP")[0][0]
    warehouse.store_fulltexts([{"source": source, "url": url, "status": "ok", "sha256": url[-9:], "pages": 1,
                                "bytes": 10, "text": text, "run_id": "r2", "fetched_at": now}
                               for source, url, text in (("pages", biopen, "Erfaringer fra Drammen kommune."),
                                                         ("archive", nora, "Erfaringer fra Tromsø kommune.."))])
    build(warehouse, SOURCES)
    chosen = warehouse.query("SELECT source, text_kind FROM document_sources WHERE text_kind IS NOT NULL "
                             "AND document_id = (SELECT id FROM documents WHERE handle = '11250/94194')")
    assert chosen == [("pages", "pdf")]
    with sqlite3.connect(publish(warehouse, SOURCES, tmp_path)) as db:
        assert db.execute("""SELECT f.url, t.text FROM documents d JOIN document_fulltexts f ON f.document_id = d.id
                             JOIN document_texts t ON t.document_id = d.id WHERE d.handle = '11250/94194'""").fetchall() == [
            (biopen, "Erfaringer fra Drammen kommune.")]


# --- what the mapping cache depends on (pipeline/build.py MAPPING_INPUTS) ----------------------------

def test_a_change_to_the_match_keys_maps_every_record_again(monkeypatch):
    from pathlib import Path

    from pipeline import build as build_module, merge
    before = build_module.mapping_context(SOURCES[0])
    merge_file, read = Path(merge.__file__).resolve(), Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read(path) + b"#" if path.resolve() == merge_file else read(path))
    assert build_module.mapping_context(SOURCES[0]) != before


# Modules the build imports that do not decide what a record maps to or how a work combines: the
# warehouse; the related-documents graph and canonical URLs (derived on every build, never cached);
# the source model (its settings are part of the context); the table declaration (columns); where
# simplemma's seek index is kept (the lemmas are simplemma's, pinned: tests/core/test_dictionaries.py).
NOT_MAPPING = {"pipeline.relations", "pipeline.redirects", "nordcat.urls", "nordcat.sources", "nordcat.tables", "nordcat.table_model",
               "nordcat.catalogue_tables", "nordcat.stages", "nordcat.dictionaries"}


def test_every_module_of_the_mapping_and_combining_code_keys_the_cache():
    import ast
    from pathlib import Path

    from pipeline import build as build_module
    repo = Path(build_module.__file__).resolve().parents[1]

    def module_file(module: str) -> Path | None:
        base = repo.joinpath(*module.split("."))
        return next((path for path in (base.with_suffix(".py"), base / "__init__.py") if path.exists()), None)

    def imported(path: Path) -> set[str]:
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        return {module for module in found if module.split(".")[0] in ("pipeline", "nordcat") and "." in module
                and module not in NOT_MAPPING and module_file(module)}  # (the packages' __init__ hold no code)

    seen, todo = set(), ["pipeline.build", "pipeline.combine"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += imported(module_file(module))
    inputs = {path.resolve() for path in build_module.MAPPING_INPUTS}
    assert {module for module in seen if module_file(module).resolve() not in inputs} == set()
    assert {"pipeline.merge", "pipeline.combine", "nordcat.text", "pipeline.cases.extract"} <= seen


# --- the cooperation models as catalogue data --------------------------------------------------------

def model_vocabulary() -> dict:
    """pipeline/data/cooperation_models.yml: the models the case extractor can name (its keys)."""
    import yaml

    from pipeline.build import COOPERATION_MODELS
    return yaml.safe_load(COOPERATION_MODELS.read_text(encoding="utf-8"))


IKS_TEXT = ("Vestfold IKT er et interkommunalt selskap (IKS) eid av Horten kommune, Holmestrand kommune og "
            "Tønsberg kommune. Selskapet drifter IKT for kommunene siden 2008.")


def test_the_build_writes_every_cooperation_model_with_both_labels(warehouse, tmp_path):
    """Every model id the case extractor can produce (a key of the vocabulary) is a row of
    cooperation_models with a Norwegian and an English label, in the warehouse and in the catalogue,
    where cases.model is a foreign key to it and joins to the words."""
    vocabulary = model_vocabulary()
    warehouse.add_records([record("archive", "https://nora.example.org/xmlui/handle/10037/401",
                                  {"dc.title": ["Interkommunalt samarbeid i Vestfold"], "nordcat.text": [IKS_TEXT]})],
                          run_id="r2")
    build(warehouse, SOURCES)
    rows = {id_: (label_no, label_en, description) for id_, label_no, label_en, description in
            warehouse.query("SELECT id, label_no, label_en, description FROM cooperation_models")}
    assert set(rows) == set(vocabulary)
    for key, spec in vocabulary.items():
        assert rows[key] == (spec["label"]["nb"], spec["label"]["en"], " ".join(spec["description"].split())), key
        assert all(label.strip() and label != key for label in rows[key][:2]), key
    assert warehouse.query("SELECT model FROM cases WHERE model IS NOT NULL") == [("inter_municipal_company",)]

    with sqlite3.connect(publish(warehouse, SOURCES, tmp_path)) as db:
        assert db.execute("SELECT count(*) FROM cooperation_models WHERE label_no <> '' AND label_en <> ''"
                          ).fetchone()[0] == len(vocabulary)
        assert ("model", "cooperation_models", "id") in [
            (row[3], row[2], row[4]) for row in db.execute("PRAGMA foreign_key_list(cases)")]
        assert db.execute("PRAGMA foreign_key_check(cases)").fetchall() == []
        assert db.execute("SELECT c.name, m.label_no, m.label_en FROM cases AS c JOIN cooperation_models AS m "
                          "ON m.id = c.model").fetchall() == [
            (None, "Interkommunalt selskap (IKS)", "Inter-municipal company")]
    # a second build rewrites the table, it does not add to it
    build(warehouse, SOURCES)
    assert warehouse.query("SELECT count(*) FROM cooperation_models") == [(len(vocabulary),)]


def test_a_model_without_both_labels_stops_the_build(tmp_path, monkeypatch):
    from pipeline import build as build_module

    vocabulary = tmp_path / "cooperation_models.yml"
    vocabulary.write_text("tripartite:\n  label:\n    en: Tripartite cooperation\n  terms: {nb: [trepartssamarbeid]}\n",
                          encoding="utf-8")
    monkeypatch.setattr(build_module, "COOPERATION_MODELS", vocabulary)
    with Warehouse(tmp_path / "warehouse.duckdb") as wh, pytest.raises(ValueError, match="tripartite needs a label"):
        with wh.transaction():
            build_module.replace_cooperation_models(wh)
