"""The unmapped-fields report: what each real sample sends that the catalogue mapping reads nowhere,
and the warehouse table `unmapped_fields` that every build rewrites.

Each expected field below was checked against the catalogue contract (pipeline.mapping): none of
them has a contract field to go to. Machine dates (accessioned, available, created, datefoa,
legacy timestamps), DSpace's provenance log, rights and licences, contributors other than
authors, alternative titles, journal citation parts (source.*), funding, places and formats
are kept in raw_records but are not catalogue fields.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from crawlers.parsers.oai import OAIError, parse_page, to_dc
from nordcat.records import RawRecord, raw_record
from pipeline.build import EXAMPLE_CHARS, build
from pipeline.mapping import to_work
from warehouse.store import Warehouse

# Samples that are a bare metadata payload, not an OAI-PMH response, and their format family.
PAYLOAD_FORMATS = {
    "dspace-item.xml": "xoai", "dspace-xoai-test1.xml": "xoai",
    "nva-brage-import-overcomplete_example.xml": "dim", "recordmanager-helsinki-qdc1.xml": "qdc",
    "zotero-dspace-dim-mets.xml": "dim",
}
NO_RECORDS = (0, {})  # error responses, and verbs without records (Identify, ListSets, ...)
SICKLE_OAI_DC = (1, {"dc.source": 1})  # one live oai_dc record beside a deleted one

# file -> (live records, {unmapped dc key: records carrying it})
EXPECTED = {
    "ckanext-helda-oai_dc-listrecords.xml": (1, {}),
    "dspace-item.xml": (1, {"dc.date.accessioned": 1, "dc.date.available": 1,
                            "dc.description.provenance": 1}),
    "dspace-xoai-test1.xml": (1, {"dc.date.accessioned": 1, "dc.date.available": 1, "dc.date.created": 1,
                                  "dc.description.provenance": 1}),
    "nva-brage-import-overcomplete_example.xml": (1, {
        "dc.coverage.spatial": 1,
        "dc.date.accessioned": 1, "dc.date.available": 1, "dc.description.provenance": 1,
        "dc.description.sponsorship": 1, "dc.relation.haspart": 1,
        "dc.title.alternative": 1, "dc.rights.holder": 1, "dc.source.articlenumber": 1,
        "dc.description.localcode": 1, "dc.description.version": 1, "dc.source.journal": 1,
        "dc.source.volume": 1, "dc.source.issue": 1, "dc.source.pagenumber": 1, "dc.relation.project": 1}),
    "recordmanager-helsinki-qdc1.xml": (1, {"dc.date.available": 1, "dc.type.okm": 1, "dc.type.other": 1}),
    "sickle-GetRecord.xml": (1, {"dc.source": 1}),
    "sickle-GetRecord_utf8test.xml": (1, {"dc.source": 1}),
    "sickle-Identify.xml": NO_RECORDS,
    "sickle-ListIdentifiers.xml": NO_RECORDS,
    "sickle-ListIdentifiers2.xml": NO_RECORDS,
    "sickle-ListMetadataFormats.xml": NO_RECORDS,
    "sickle-ListRecords.xml": SICKLE_OAI_DC,
    "sickle-ListRecords2.xml": SICKLE_OAI_DC,
    "sickle-ListRecords3.xml": SICKLE_OAI_DC,
    "sickle-ListRecords4.xml": SICKLE_OAI_DC,
    "sickle-ListRecordsBroken.xml": NO_RECORDS,
    "sickle-ListSets.xml": NO_RECORDS,
    "sickle-badArgument.xml": NO_RECORDS,
    "sickle-badResumptionToken.xml": NO_RECORDS,
    "sickle-cannotDisseminateFormat.xml": NO_RECORDS,
    "sickle-idDoesNotExist.xml": NO_RECORDS,
    "sickle-noRecordsMatch.xml": NO_RECORDS,
    "sickle-noSetHierarchy.xml": NO_RECORDS,
    "sickle-undefinedError.xml": NO_RECORDS,
    "vufindharvest-identify_response.xml": NO_RECORDS,
    "vufindharvest-list_records_token_response.xml": (1, {}),  # a record without a known payload
    "vufindharvest-list_sets_response.xml": NO_RECORDS,
    "vufindharvest-token_error_response.xml": NO_RECORDS,
    "zotero-dspace-dim-mets.xml": (1, {
        "dc.date.accessioned": 1, "dc.date.available": 1, "dc.format": 1, "dc.format.mimetype": 1,
        "dc.relation.uri": 1, "dc.bibliographiccitation.issue": 1, "dc.publisher.place": 1,
        "refterms.datefoa": 1, "dc.source.legacyrecordurl": 1, "dc.source.legacydepositorid": 1,
        "dc.source.legacylastmod": 1, "dc.source.legacyid": 1, "dc.source.legacyagency": 1}),
}


@pytest.fixture(scope="module")
def samples(shared_dir: Path) -> Path:
    return shared_dir / "real-samples" / "oai"


def live_dc_dicts(path: Path) -> list[dict[str, list[str]]]:
    """Every live record of a sample file as a dc-dict, through crawlers.parsers.oai."""
    if path.name in PAYLOAD_FORMATS:
        return [to_dc(etree.parse(str(path)).getroot(), PAYLOAD_FORMATS[path.name])]
    try:
        page = parse_page(path.read_bytes(), "oai_dc")
    except OAIError:  # test_oai_parse checks which code each of these raises
        return []
    if page.verb == "ListIdentifiers":  # headers only: no metadata to map
        return []
    return [record.metadata for record in page.records if not record.deleted]


def test_every_sample_file_has_an_expected_report(samples):
    assert sorted(path.name for path in samples.glob("*.xml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_unmapped_fields_of_each_real_sample(samples, name):
    metas = live_dc_dicts(samples / name)
    unmapped = Counter(key for meta in metas for key in to_work(meta)["unmapped"])
    assert (len(metas), dict(unmapped)) == EXPECTED[name]


def record(source: str, key: str, metadata: dict, deleted: bool = False) -> RawRecord:
    return raw_record(source=source, key=key, fmt="oai_dc", metadata=metadata, deleted=deleted,
                      payload=json.dumps(metadata, sort_keys=True))


def unmapped_table(warehouse: Warehouse) -> list[tuple]:
    return warehouse.query(
        "SELECT source, field, records, example FROM unmapped_fields ORDER BY source, field")


def test_build_writes_the_report_of_every_sample_as_a_table(samples, tmp_path):
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        warehouse.add_records([record(name, f"{name}#{i}", meta) for name in sorted(EXPECTED)
                               for i, meta in enumerate(live_dc_dicts(samples / name))], run_id="r1")
        report = build(warehouse, [])
        rows = unmapped_table(warehouse)
    assert [(source, field, count) for source, field, count, _ in rows] == sorted(
        (name, field, count) for name, (_, fields) in EXPECTED.items() for field, count in fields.items())
    assert {name: dict(counter) for name, counter in report.unmapped.items()} == {
        name: fields for name, (_, fields) in EXPECTED.items() if fields}
    examples = {(source, field): example for source, field, _, example in rows}
    assert examples[("zotero-dspace-dim-mets.xml", "dc.publisher.place")] == "Silver Spring, MD"
    assert examples[("sickle-ListRecords.xml", "dc.source")] == "Sample Source"


def test_each_build_replaces_the_rows_counting_live_records_only(tmp_path):
    long_note = "Made available in DSpace " * 40
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        warehouse.add_records([
            record("brage", "oai:1", {"dc.title": ["A"], "dc.description.provenance": [long_note]}),
            record("brage", "oai:2", {"dc.title": ["B"], "dc.description.provenance": ["Submitted"],
                                      "dc.rights.holder": ["BI"]}),
        ], run_id="r1")
        build(warehouse, [])
        first = unmapped_table(warehouse)
        warehouse.add_records([record("brage", "oai:2", {}, deleted=True)], run_id="r2")
        build(warehouse, [])
        second = unmapped_table(warehouse)
    assert first == [("brage", "dc.description.provenance", 2, long_note[:EXAMPLE_CHARS]),
                     ("brage", "dc.rights.holder", 1, "BI")]
    assert second == [("brage", "dc.description.provenance", 1, long_note[:EXAMPLE_CHARS])]
