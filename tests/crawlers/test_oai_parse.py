"""crawlers.parsers.oai against every real OAI-PMH sample in the reference folder, and against crafted
bodies for the faults real servers produce (control characters, mislabelled Latin-1, HTML
error pages served with status 200, empty resumption tokens)."""
import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import etree

from crawlers.parsers import oai
from crawlers.parsers.oai import (Identify, OAIError, choose_prefix, format_datestamp, parse_identify,
                                  parse_metadata_formats, parse_page, parse_sets, to_dc)


@pytest.fixture(scope="module")
def samples(shared_dir: Path) -> Path:
    return shared_dir / "real-samples" / "oai"


def page_of(samples: Path, name: str, prefix: str = "oai_dc"):
    return parse_page((samples / name).read_bytes(), prefix)


def payload_of(samples: Path, name: str, prefix: str) -> dict[str, list[str]]:
    return to_dc(etree.parse(str(samples / name)).getroot(), prefix)


# ------------------------------------------------------------ every sample: parses or raises


@dataclass(frozen=True)
class Raises:
    code: str


def page_summary(body: bytes):
    page = parse_page(body, "oai_dc")
    return page.verb, len(page.records), page.token


def identify_granularity(body: bytes) -> str:
    return parse_identify(body).granularity


def set_count_and_token(body: bytes):
    sets, token = parse_sets(body)
    return len(sets), token


def title_as(prefix: str):
    return lambda body: to_dc(etree.fromstring(body), prefix)["dc.title"]


OUTCOMES = {
    "ckanext-helda-oai_dc-listrecords.xml": (page_summary, ("ListRecords", 1, None)),
    "dspace-item.xml": (title_as("xoai"), ["Teste"]),
    "dspace-xoai-test1.xml": (title_as("xoai"), ["Test Webpage"]),
    "nva-brage-import-overcomplete_example.xml": (title_as("dim"), ["Dette er hovedtittelen"]),
    "recordmanager-helsinki-qdc1.xml": (
        title_as("qdc"), ["Urine : The potential, value chain and its sustainable management"]),
    "sickle-GetRecord.xml": (page_summary, ("GetRecord", 1, None)),
    "sickle-GetRecord_utf8test.xml": (page_summary, ("GetRecord", 1, None)),
    "sickle-Identify.xml": (identify_granularity, "YYYY-MM-DD"),
    "sickle-ListIdentifiers.xml": (page_summary, ("ListIdentifiers", 2, "ListIdentifiers2.xml")),
    "sickle-ListIdentifiers2.xml": (page_summary, ("ListIdentifiers", 2, None)),
    "sickle-ListMetadataFormats.xml": (
        parse_metadata_formats, ["epicur", "xMetaDissPlus", "oai_dc", "mods", "swepub_mods"]),
    "sickle-ListRecords.xml": (page_summary, ("ListRecords", 2, "ListRecords2.xml")),
    "sickle-ListRecords2.xml": (page_summary, ("ListRecords", 2, "ListRecords3.xml")),
    "sickle-ListRecords3.xml": (page_summary, ("ListRecords", 2, "ListRecords4.xml")),
    "sickle-ListRecords4.xml": (page_summary, ("ListRecords", 2, None)),
    # "broken xml": no element to recover, so badXML rather than an empty "recovered" page.
    "sickle-ListRecordsBroken.xml": (page_summary, Raises("badXML")),
    "sickle-ListSets.xml": (set_count_and_token, (131, None)),
    "sickle-badArgument.xml": (page_summary, Raises("badArgument")),
    "sickle-badResumptionToken.xml": (parse_sets, Raises("badResumptionToken")),
    "sickle-cannotDisseminateFormat.xml": (page_summary, Raises("cannotDisseminateFormat")),
    "sickle-idDoesNotExist.xml": (parse_metadata_formats, Raises("idDoesNotExist")),
    "sickle-noRecordsMatch.xml": (page_summary, ("ListIdentifiers", 0, None)),
    "sickle-noSetHierarchy.xml": (parse_sets, Raises("noSetHierarchy")),
    "sickle-undefinedError.xml": (page_summary, Raises("undefinedError")),
    "vufindharvest-identify_response.xml": (identify_granularity, "YYYY-MM-DDThh:mm:ssZ"),
    "vufindharvest-list_records_token_response.xml": (page_summary, ("ListRecords", 1, "more")),
    "vufindharvest-list_sets_response.xml": (set_count_and_token, (2, None)),
    "vufindharvest-token_error_response.xml": (page_summary, Raises("badResumptionToken")),
    "zotero-dspace-dim-mets.xml": (title_as("dim"), [
        "M/V CONNECTED Coral Reef Restoration Monitoring Report, Monitoring Events 2004-2005. "
        "Florida Keys National Marine Sanctuary Monroe County, Florida"]),
}


def test_every_sample_has_an_expected_outcome(samples):
    assert sorted(path.name for path in samples.glob("*.xml")) == sorted(OUTCOMES)


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_sample_parses_or_raises_its_code(samples, name):
    read, expected = OUTCOMES[name]
    body = (samples / name).read_bytes()
    if isinstance(expected, Raises):
        with pytest.raises(OAIError) as raised:
            read(body)
        assert raised.value.code == expected.code
    else:
        assert read(body) == expected


# ------------------------------------------------------------ real records, field by field


def test_helda_oai_dc_flattens_handle_and_issn_into_dc_identifier(samples):
    record = page_of(samples, "ckanext-helda-oai_dc-listrecords.xml").records[0]
    assert (record.identifier, record.datestamp, record.sets, record.deleted) == (
        "oai:helda.helsinki.fi:1975/7634", "2011-06-09T14:38:35Z", ["hdl_10138_18081"], False)
    assert record.metadata["dc.identifier"] == ["http://hdl.handle.net/1975/7634", "1796-6361"]
    assert record.metadata["dc.relation"] == [
        "Julkaisuja / Helsingin yliopisto, soveltavan biologian laitos", "34"]
    assert record.metadata["dc.subject"] == [
        "peruna", "luonnonmukainen viljely", "sato", "määrä", "laatu", "viherlannoitus"]
    assert record.metadata["dc.creator"] == ["Tall, Anna"]


def test_record_xml_is_the_record_element_as_sent(samples):
    record = page_of(samples, "ckanext-helda-oai_dc-listrecords.xml").records[0]
    archived = etree.fromstring(record.xml.encode())
    assert archived.tag == "{http://www.openarchives.org/OAI/2.0/}record"
    assert archived.findtext(".//{*}identifier") == "oai:helda.helsinki.fi:1975/7634"
    assert record.xml.endswith("</record>")


def test_to_dc_accepts_the_oai_metadata_wrapper(samples):
    tree = etree.parse(str(samples / "ckanext-helda-oai_dc-listrecords.xml"))
    wrapper = tree.find(".//{http://www.openarchives.org/OAI/2.0/}metadata")
    record = page_of(samples, "ckanext-helda-oai_dc-listrecords.xml").records[0]
    assert to_dc(wrapper, "oai_dc") == record.metadata


def test_helsinki_qdc_keeps_series_issn_doi_and_handle_apart(samples):
    assert payload_of(samples, "recordmanager-helsinki-qdc1.xml", "qdc") == {
        "dc.title": ["Urine : The potential, value chain and its sustainable management"],
        "dc.creator": ["Viskari, Eeva-Liisa", "Lehtoranta, Suvi", "Malila, Riikka"],
        "dc.subject": ["urine", "fertilizer", "value chain", "agriculture", "nutrient recovery"],
        "dc.subject.ysa": ["virtsa", "lannoitteet", "ravinteet", "uudelleenkäyttö", "maatalous"],
        "dc.date.available": ["2021-06-16T06:31:44Z"],
        "dc.date.issued": ["2021"],
        "dc.type": ["Article"],
        "dc.type.okm": ["okm_type", "okm_type_2"],
        "dc.type.other": ["other_type"],
        "dc.identifier.citation": [
            "Eeva-Liisa Viskari, Suvi Lehtoranta, Riikka Malila. Urine : The potential, value "
            "chain and its sustainable management. Sanitation Value Chain (2021) 5, 1, pages "
            "10-12. https://doi.org/10.34416/svc.00029"],
        "dc.identifier.issn": ["2432-5058"],
        "dc.identifier.uri": ["http://hdl.handle.net/10138/331330"],
        "dc.identifier.doi": ["https://doi.org/10.34416/svc.00029"],
        "dc.language.iso": ["en"],
        "dc.relation.ispartofseries": ["Sanitation Value Chain 5:1"],
        "dc.rights": ["CC BY-NC-ND 4.0"],
        "dc.publisher": ["Sanitation Project, Research Institute for Humanity and Nature"],
    }


def test_brage_overcomplete_example_maps_every_qualified_field(samples):
    metadata = payload_of(samples, "nva-brage-import-overcomplete_example.xml", "dim")
    assert list(metadata) == [
        "dc.contributor.advisor", "dc.contributor.author", "dc.contributor.editor",
        "dc.coverage.spatial", "dc.date.accessioned", "dc.date.available", "dc.date.issued",
        "dc.identifier.citation", "dc.identifier.isbn", "dc.identifier.issn",
        "dc.identifier.ismn", "dc.identifier.uri", "dc.description", "dc.description.abstract",
        "dc.description.provenance", "dc.description.sponsorship", "dc.language.iso",
        "dc.publisher", "dc.relation.ispartofseries", "dc.relation.haspart", "dc.rights",
        "dc.rights.uri", "dc.subject", "dc.title", "dc.title.alternative", "dc.type",
        "dc.rights.holder", "dc.source.articlenumber", "dc.description.localcode",
        "dc.description.version", "dc.identifier.doi", "dc.identifier.cristin",
        "dc.source.journal", "dc.source.volume", "dc.source.issue", "dc.source.pagenumber",
        "dc.relation.project"]
    assert metadata["dc.contributor.author"] == ["Johannesen, Hege"]
    assert metadata["dc.identifier.uri"] == ["https://hdl.handle.net/11250/2712283"]
    assert metadata["dc.identifier.doi"] == ["10.1088/1742-6596/551/1/012031"]
    assert metadata["dc.identifier.cristin"] == ["1853003"]
    assert metadata["dc.relation.ispartofseries"] == ["Serietittel;99"]
    assert metadata["dc.subject"] == ["nøkkelorden", "nøkkelordto", "nøkkelordtre"]
    assert metadata["dc.rights"] == ["Navngivelse-DelPåSammeVilkår 4.0 Internasjonal"]
    assert len(metadata["dc.description.abstract"]) == 2


def test_zotero_mets_record_finds_dim_inside_the_wrapper(samples):
    metadata = payload_of(samples, "zotero-dspace-dim-mets.xml", "dim")
    assert metadata["dc.contributor.author"] == [
        "Schittone, Joe", "Franklin, Erik C.", "Hudson, J. Harold", "Anderson, Jeff"]
    assert metadata["dc.date.issued"] == ["2006"]
    assert metadata["dc.identifier.uri"] == ["http://hdl.handle.net/1834/20117"]
    assert metadata["dc.relation.ispartofseries"] == ["Marine Sanctuaries Conservation Series"]
    assert metadata["dc.publisher.place"] == ["Silver Spring, MD"]
    assert metadata["refterms.datefoa"] == ["2021-06-24T15:18:40Z"]  # a non-dc schema keeps its name
    assert len(metadata["dc.subject.other"]) == 11


def test_unknown_prefix_is_mapped_by_what_the_payload_is(samples):
    assert (payload_of(samples, "zotero-dspace-dim-mets.xml", "mets")
            == payload_of(samples, "zotero-dspace-dim-mets.xml", "dim"))


@pytest.mark.parametrize("name, prefix", [
    ("dspace-item.xml", "xoai"), ("nva-brage-import-overcomplete_example.xml", "dim"),
    ("recordmanager-helsinki-qdc1.xml", "qdc"), ("zotero-dspace-dim-mets.xml", "dim")])
def test_payload_under_an_unknown_prefix_maps_like_its_family(samples, name, prefix):
    assert payload_of(samples, name, "unknown") == payload_of(samples, name, prefix)


def test_xoai_collapses_language_levels_and_lists_original_bitstreams(samples):
    metadata = payload_of(samples, "dspace-xoai-test1.xml", "xoai")
    assert metadata["dc.creator"] == ["Cat, Lily"]
    assert metadata["dc.date.issued"] == ["1982-11-11"]
    assert metadata["dc.identifier.issn"] == ["123456789"]
    assert metadata["dc.subject"] == ["cat", "calico"]
    assert metadata["dc.rights"] == ["© EverCats.com"]
    assert metadata["dc.description.abstract"] == [
        "This is a Sample HTML webpage including several images and styles (CSS)."]
    assert len(metadata["dc.description.provenance"]) == 4
    assert metadata["nordcat.fulltext_url"] == [
        f"http://demo.dspace.org/bitstream/10673/4/{n}/{name}" for n, name in enumerate(
            ["Lily-cat-of-day.htm", "cl_style.css", "kitty-1257950690.jpg",
             "kitty-1257950690_002.jpg", "logo.png", "style.css", "stylesheet.css"], start=1)]


def test_xoai_item_leaves_out_license_and_repository_sections(samples):
    metadata = payload_of(samples, "dspace-item.xml", "xoai")
    assert list(metadata) == [
        "dc.contributor.author", "dc.date.accessioned", "dc.date.available", "dc.date.issued",
        "dc.identifier.uri", "dc.description.provenance", "dc.title", "nordcat.fulltext_url"]
    assert metadata["dc.contributor.author"] == ["Melo, Joao"]
    assert metadata["nordcat.fulltext_url"] == [
        "http://localhost:8080/bitstream/123456789/3/1/10.1.1.13.814.pdf"]


def test_xoai_record_inside_a_list_records_page(samples):
    xoai = (samples / "dspace-item.xml").read_text(encoding="utf-8")
    body = envelope(f"<record><header><identifier>oai:localhost:123456789/3</identifier>"
                    f"<datestamp>2013-10-07T21:10:48Z</datestamp></header>"
                    f"<metadata>{xoai[xoai.index('<metadata'):]}</metadata></record>")
    record = parse_page(body.encode(), "xoai").records[0]
    assert record.metadata["dc.title"] == ["Teste"]
    assert record.metadata["dc.contributor.author"] == ["Melo, Joao"]


def test_utf8_record_keeps_its_non_ascii_characters(samples):
    record = page_of(samples, "sickle-GetRecord_utf8test.xml").records[0]
    assert record.metadata["dc.creator"] == ["某人"]
    assert "<dc:creator>某人</dc:creator>" in record.xml


def test_get_record_keeps_repeated_values_in_source_order(samples):
    metadata = page_of(samples, "sickle-GetRecord.xml").records[0].metadata
    assert metadata["dc.creator"] == ["John Doe", "John Doe"]
    assert metadata["dc.type"] == ["info:eu-repo/semantics/article", "doc-type:article", "text"]


def test_list_records_deleted_record_token_and_trimmed_values(samples):
    page = page_of(samples, "sickle-ListRecords.xml")
    deleted, live = page.records
    assert (deleted.identifier, deleted.deleted, deleted.metadata) == (
        "oai:test.example.com:1585310", True, {})
    assert live.metadata["dc.publisher"] == ["Sample Publisher"]
    assert live.metadata["dc.description"][0].startswith("Lorem ipsum dolor sit amet, consectetur")
    assert live.metadata["dc.description"][0].endswith("id est laborum.")
    assert (page.response_date, page.token, page.complete_list_size, page.cursor, page.recovered) == (
        "2013-02-27T09:10:56Z", "ListRecords2.xml", 8, 0, False)


def test_header_without_identifier_is_kept_as_deleted_with_empty_identifier(samples):
    record = page_of(samples, "sickle-ListRecords4.xml").records[0]
    assert (record.identifier, record.datestamp, record.deleted) == ("", "", True)


def test_list_identifiers_gives_header_only_records(samples):
    page = page_of(samples, "sickle-ListIdentifiers.xml")
    assert [(r.identifier, r.deleted, r.metadata) for r in page.records] == [
        ("oai:test.example.com::1585310", False, {}), ("oai:test.example.com::1585576", True, {})]
    assert page.records[1].xml.startswith("<header")
    assert (page.complete_list_size, page.cursor) == (4, 0)


def test_no_records_match_is_an_empty_successful_page(samples):
    page = page_of(samples, "sickle-noRecordsMatch.xml")
    assert (page.verb, page.response_date, page.records, page.token) == (
        "ListIdentifiers", "2002-02-08T14:27:19Z", [], None)


def test_error_message_is_the_servers_text_on_one_line(samples):
    with pytest.raises(OAIError) as raised:
        parse_metadata_formats((samples / "sickle-idDoesNotExist.xml").read_bytes())
    assert raised.value.message == ("oai:lcoa1.loc.gov:loc.rbc/rbpe.00000111 has the structure "
                                    "of a valid LOC identifier, but it maps to no known item")


def test_record_without_a_known_payload_has_empty_metadata(samples):
    record = page_of(samples, "vufindharvest-list_records_token_response.xml").records[0]
    assert (record.identifier, record.datestamp, record.metadata) == ("fake:foo0", "", {})


def test_identify_fields(samples):
    assert parse_identify((samples / "sickle-Identify.xml").read_bytes()) == Identify(
        repository_name="A Test Repository", base_url="http://test.example.com/oai",
        protocol_version="2.0", earliest_datestamp="1970-01-01T00:00:00Z",
        deleted_record="persistent", granularity="YYYY-MM-DD", compression=[],
        admin_emails=["john.doe@example.com"])
    vufind = parse_identify((samples / "vufindharvest-identify_response.xml").read_bytes())
    assert (vufind.deleted_record, vufind.granularity) == ("transient", "YYYY-MM-DDThh:mm:ssZ")


def test_list_sets_in_server_order(samples):
    sets, token = parse_sets((samples / "sickle-ListSets.xml").read_bytes())
    assert sets[0] == ("bi", "All BI publications (already published)")
    assert sets[-1] == ("workingPaperFtxt", "Working Paper with fulltext")
    assert token is None
    vufind, _ = parse_sets((samples / "vufindharvest-list_sets_response.xml").read_bytes())
    assert vufind == [("Audio (Music)", "Audio (Music)"), ("Audio (Non-Music)", "Audio (Non-Music)")]


def test_metadata_formats_and_prefix_choice(samples):
    offered = parse_metadata_formats((samples / "sickle-ListMetadataFormats.xml").read_bytes())
    assert "swepub_mods" in offered and "oai_dc" in offered
    assert choose_prefix(offered) == "swepub_mods"      # richer than oai_dc, and mapped
    assert choose_prefix(offered, forced="oai_dc") == "oai_dc"


# ------------------------------------------------------------ crafted bodies

OAI_OPEN = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            '<responseDate>2026-11-25T10:00:00Z</responseDate>'
            '<request verb="ListRecords" metadataPrefix="oai_dc">https://example.org/oai</request>')


def envelope(inner: str, opening: str = OAI_OPEN) -> str:
    return f"{opening}<ListRecords>{inner}</ListRecords></OAI-PMH>"


def dc_record(identifier: str, title: str) -> str:
    return (f"<record><header><identifier>{identifier}</identifier>"
            f"<datestamp>2026-11-01</datestamp></header><metadata>"
            f'<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>'
            f"</oai_dc:dc></metadata></record>")


def titles(page) -> list[list[str]]:
    return [record.metadata["dc.title"] for record in page.records]


def test_clean_page_is_not_flagged_as_recovered():
    page = parse_page(envelope(dc_record("oai:x:1", "Kommunal samverkan")).encode(), "oai_dc")
    assert (page.recovered, titles(page)) == (False, [["Kommunal samverkan"]])


def test_invalid_xml_control_characters_are_removed_and_flagged():
    body = envelope(dc_record("oai:x:1", "Kommunal\x0b samverkan")
                    + dc_record("oai:x:2", "Offentlig&#x1a;-privat\x1a samverkan")).encode()
    page = parse_page(body, "oai_dc")
    assert page.recovered
    assert titles(page) == [["Kommunal samverkan"], ["Offentlig-privat samverkan"]]


def test_latin1_body_declaring_utf8_is_recovered_without_losing_the_page():
    """The bytes that are not UTF-8 are read as CP1252: ö and the en dash survive, both
    records are kept (libxml2 alone would put U+FFFD in their place)."""
    body = envelope(dc_record("oai:x:1", "Kuntayhteistyö – kumppanuus")
                    + dc_record("oai:x:2", "Sopimusohjaus")).encode("cp1252")
    page = parse_page(body, "oai_dc")
    assert page.recovered
    assert titles(page) == [["Kuntayhteistyö – kumppanuus"], ["Sopimusohjaus"]]


def test_text_before_the_xml_declaration_is_recovered():
    body = b"\nNotice: Undefined index: set in oai.php on line 12\n" + envelope(
        dc_record("oai:x:1", "Trepartssamarbete")).encode()
    page = parse_page(body, "oai_dc")
    assert (page.recovered, titles(page)) == (True, [["Trepartssamarbete"]])


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "x-unknown-charset"])
def test_recovery_reads_the_declared_encoding_or_falls_back_to_utf8(encoding):
    opening = OAI_OPEN.replace('encoding="UTF-8"', f'encoding="{encoding}"')
    body = envelope(dc_record("oai:x:1", "Samverkan\x0b för kommuner"), opening)
    page = parse_page(body.encode("latin-1"), "oai_dc")
    assert (page.recovered, titles(page)) == (True, [["Samverkan för kommuner"]])


def test_body_with_nothing_left_after_repair_is_bad_xml():
    with pytest.raises(OAIError) as raised:
        parse_page(b'<?xml version="1.0"?>\x01\x02', "oai_dc")
    assert raised.value.code == "badXML"


@pytest.mark.parametrize("parse, name", [
    (parse_identify, "sickle-ListRecords.xml"), (parse_sets, "sickle-Identify.xml"),
    (lambda body: parse_page(body, "oai_dc"), "sickle-Identify.xml")])
def test_response_for_another_verb_is_refused(samples, parse, name):
    with pytest.raises(OAIError) as raised:
        parse((samples / name).read_bytes())
    assert raised.value.code == "notOAI"


def test_envelope_without_records_or_error_is_refused():
    with pytest.raises(OAIError) as raised:
        parse_page(f"{OAI_OPEN}</OAI-PMH>".encode(), "oai_dc")
    assert raised.value.code == "notOAI"


@pytest.mark.parametrize("body", [
    b"<!DOCTYPE html><html><head><title>503</title></head><body><p>Busy<br></body></html>",
    b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Maintenance</p></body></html>',
], ids=["html", "xhtml"])
def test_html_page_served_as_200_is_not_oai(body):
    with pytest.raises(OAIError) as raised:
        parse_page(body, "oai_dc")
    assert raised.value.code == "notOAI"


@pytest.mark.parametrize("body", [b"", b" \r\n "], ids=["empty", "whitespace"])
def test_empty_body(body):
    with pytest.raises(OAIError) as raised:
        parse_page(body, "oai_dc")
    assert raised.value.code == "emptyBody"


def test_empty_resumption_token_ends_the_list_but_keeps_its_counts():
    body = envelope(dc_record("oai:x:120", "Viimeinen")
                    + '<resumptionToken completeListSize="120" cursor="119"/>').encode()
    page = parse_page(body, "oai_dc")
    assert (page.token, page.complete_list_size, page.cursor) == (None, 120, 119)


def test_response_without_oai_namespace_parses_the_same():
    opening = OAI_OPEN.replace(' xmlns="http://www.openarchives.org/OAI/2.0/"', "")
    body = envelope(dc_record("oai:x:7", "Partnerskap") + "<resumptionToken>next</resumptionToken>",
                    opening).encode()
    page = parse_page(body, "oai_dc")
    assert (page.verb, titles(page), page.token, page.recovered) == (
        "ListRecords", [["Partnerskap"]], "next", False)


def test_list_sets_page_with_token():
    body = (OAI_OPEN.replace(' verb="ListRecords" metadataPrefix="oai_dc"', ' verb="ListSets"')
            + "<ListSets><set><setSpec>com_10024_1</setSpec><setName>Ministeriöt</setName></set>"
            + '<resumptionToken cursor="0">sets//100</resumptionToken></ListSets></OAI-PMH>')
    assert parse_sets(body.encode()) == ([("com_10024_1", "Ministeriöt")], "sets//100")


def test_verb_from_the_verb_element_and_record_without_header():
    opening = OAI_OPEN.replace(' verb="ListRecords"', "")
    body = envelope("<record><metadata><oai_dc:dc xmlns:oai_dc='http://www.openarchives.org/OAI/2.0/"
                    "oai_dc/' xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:title>Utan huvud"
                    "</dc:title></oai_dc:dc></metadata></record>", opening)
    page = parse_page(body.encode(), "oai_dc")
    record = page.records[0]
    assert (page.verb, record.identifier, record.deleted, record.metadata) == (
        "ListRecords", "", False, {"dc.title": ["Utan huvud"]})


def test_dim_page_maps_each_record_and_skips_deleted_metadata():
    dim = ('<dim:dim xmlns:dim="http://www.dspace.org/xmlns/dspace/dim">'
           '<dim:field mdschema="dc" element="title" lang="nb_NO">Interkommunalt samarbeid</dim:field>'
           '<dim:field mdschema="dc" element="contributor" qualifier="author" authority="x" '
           'confidence="600">Hansen, Kari</dim:field>'
           '<dim:field mdschema="local" element="publication" qualifier="Series">NIBR</dim:field>'
           '</dim:dim>')
    body = envelope(
        f"<record><header><identifier>oai:x:1</identifier><datestamp>2026-01-01</datestamp>"
        f"<setSpec>com_11250_1</setSpec></header><metadata>{dim}</metadata></record>"
        f'<record><header status="deleted"><identifier>oai:x:2</identifier>'
        f"<datestamp>2026-01-02</datestamp></header></record>")
    live, deleted = parse_page(body.encode(), "dim").records
    assert live.metadata == {"dc.title": ["Interkommunalt samarbeid"],
                             "dc.contributor.author": ["Hansen, Kari"],
                             "local.publication.series": ["NIBR"]}
    assert live.sets == ["com_11250_1"]
    assert (deleted.deleted, deleted.metadata) == (True, {})


def test_stock_dspace_qdc_with_namespaces_labels_and_schemes():
    payload = etree.fromstring(
        '<qdc:qualifieddc xmlns:qdc="http://dspace.org/qualifieddc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>Kommunalt samarbeid</dc:title>"
        "<dcterms:alternative>Municipal cooperation</dcterms:alternative>"
        "<dc:creator>Hansen, Kari</dc:creator>"
        "<dcterms:abstract>Rapporten drøfter samarbeid.</dcterms:abstract>"
        "<dcterms:issued>2019</dcterms:issued>"
        '<dc:identifier xsi:type="dcterms:URI">https://hdl.handle.net/11250/1</dc:identifier>'
        "<dc:identifier>ISSN:0801-1702</dc:identifier>"
        "<dc:identifier>urn:nbn:no-1234</dc:identifier>"
        "<dcterms:isPartOf>NIBR-rapport;2019:5</dcterms:isPartOf>"
        '<dc:language xsi:type="dcterms:ISO639-2">nob</dc:language>'
        "<dcterms:license>http://creativecommons.org/licenses/by/4.0/</dcterms:license>"
        '<kk:file xmlns:kk="http://www.kansalliskirjasto.fi/oai" bundle="ORIGINAL" '
        'href="https://example.org/bitstream/11250/1/rapport.pdf"/>'
        "</qdc:qualifieddc>")
    assert to_dc(payload, "qdc") == {
        "dc.title": ["Kommunalt samarbeid"], "dc.title.alternative": ["Municipal cooperation"],
        "dc.creator": ["Hansen, Kari"], "dc.description.abstract": ["Rapporten drøfter samarbeid."],
        "dc.date.issued": ["2019"], "dc.identifier.uri": ["https://hdl.handle.net/11250/1"],
        "dc.identifier.issn": ["0801-1702"], "dc.identifier": ["urn:nbn:no-1234"],
        "dc.relation.ispartof": ["NIBR-rapport;2019:5"], "dc.language.iso": ["nob"],
        "dc.rights.uri": ["http://creativecommons.org/licenses/by/4.0/"],
        "nordcat.fulltext_url": ["https://example.org/bitstream/11250/1/rapport.pdf"],
    }


def test_kk_fields_and_original_files():
    """kk's structure as the National Library of Finland's converters read it."""
    payload = etree.fromstring(
        '<kk:metadata xmlns:kk="http://www.kansalliskirjasto.fi/oai">'
        '<kk:field schema="dc" element="contributor" qualifier="author" value="Virtanen, Matti"/>'
        '<kk:field schema="dc" element="title" language="fi" value="Kuntien yhteistoiminta"/>'
        '<kk:field schema="dc" element="identifier" qualifier="isbn" language="none" '
        'value="978-952-383-000-0"/>'
        '<kk:field schema="dc" element="relation" qualifier="ispartofseries" '
        'value="Valtioneuvoston julkaisuja;2021:12"/>'
        '<kk:field schema="dc" element="type" qualifier="okm" value="D4"/>'
        '<kk:file href="https://julkaisut.valtioneuvosto.fi/bitstream/10024/1/VN_2021_12.pdf" '
        'bundle="ORIGINAL" type="application/pdf"/>'
        '<kk:file href="https://julkaisut.valtioneuvosto.fi/bitstream/10024/1/VN_2021_12.pdf.jpg" '
        'bundle="THUMBNAIL" type="image/jpeg"/>'
        "</kk:metadata>")
    assert to_dc(payload, "kk") == {
        "dc.contributor.author": ["Virtanen, Matti"], "dc.title": ["Kuntien yhteistoiminta"],
        "dc.identifier.isbn": ["978-952-383-000-0"],
        "dc.relation.ispartofseries": ["Valtioneuvoston julkaisuja;2021:12"],
        "dc.type.okm": ["D4"],
        "nordcat.fulltext_url": [
            "https://julkaisut.valtioneuvosto.fi/bitstream/10024/1/VN_2021_12.pdf"],
    }


SWEPUB_MODS = """
<mods xmlns="http://www.loc.gov/mods/v3" xmlns:xlink="http://www.w3.org/1999/xlink" version="3.2">
  <genre authority="svep" type="publicationType">rap</genre>
  <name type="personal" authority="vti" xlink:href="u1">
    <namePart type="family">Östlund</namePart><namePart type="given">Sören</namePart>
    <namePart type="date">1961-</namePart>
    <role><roleTerm type="code" authority="marcrelator">aut</roleTerm></role>
  </name>
  <name type="personal"><namePart>Berg, Anna</namePart>
    <role><roleTerm type="code" authority="marcrelator">ths</roleTerm></role></name>
  <name type="corporate"><namePart>VTI</namePart><namePart>Trafikanalys</namePart>
    <role><roleTerm type="code" authority="marcrelator">pbl</roleTerm></role></name>
  <titleInfo lang="swe"><title>Offentlig-privat samverkan</title><subTitle>en utvärdering</subTitle></titleInfo>
  <titleInfo type="alternative" lang="eng"><title>Public-private partnership</title></titleInfo>
  <titleInfo type="abbreviated"><nonSort>En</nonSort></titleInfo>
  <language><languageTerm type="code" authority="iso639-2b">swe</languageTerm></language>
  <language objectPart="defence"><languageTerm type="code">eng</languageTerm></language>
  <originInfo><publisher>VTI</publisher><dateIssued>2019</dateIssued></originInfo>
  <identifier type="uri">http://urn.kb.se/resolve?urn=urn:nbn:se:vti:diva-1</identifier>
  <identifier type="isbn">978-91-0000-000-0</identifier>
  <identifier type="isbn" invalid="yes">91-0</identifier>
  <identifier type="hdl">2077/1234</identifier>
  <subject lang="swe"><topic>Kommuner</topic><topic>Upphandling</topic><geographic>Sverige</geographic></subject>
  <abstract lang="swe">Rapporten utvärderar samverkan.</abstract>
  <relatedItem type="series">
    <titleInfo><title>VTI rapport</title></titleInfo>
    <identifier type="issn">0347-6030</identifier>
    <identifier type="local">2001</identifier>
    <identifier type="issue number">1012</identifier>
  </relatedItem>
  <relatedItem type="otherFormat"><titleInfo><title>Tryckt utgåva</title></titleInfo></relatedItem>
  <physicalDescription><form authority="marcform">electronic</form><extent>84 s.</extent></physicalDescription>
  <location><url displayLabel="FULLTEXT01" access="raw object">https://vti.diva-portal.org/smash/get/diva2:1/FULLTEXT01.pdf</url></location>
  <note>QC 20190101</note>
</mods>"""


def test_swepub_mods_record():
    assert to_dc(etree.fromstring(SWEPUB_MODS), "swepub_mods") == {
        "dc.type": ["rap"],
        "dc.contributor.author": ["Östlund, Sören"],
        "dc.contributor.advisor": ["Berg, Anna"],
        "dc.contributor": ["VTI, Trafikanalys"],
        "dc.title": ["Offentlig-privat samverkan : en utvärdering"],
        "dc.title.alternative": ["Public-private partnership"],
        "dc.language.iso": ["swe"],
        "dc.publisher": ["VTI"],
        "dc.date.issued": ["2019"],
        "dc.identifier.uri": ["http://urn.kb.se/resolve?urn=urn:nbn:se:vti:diva-1",
                              "https://hdl.handle.net/2077/1234"],
        "dc.identifier.isbn": ["978-91-0000-000-0"],
        "dc.subject": ["Kommuner", "Upphandling"],
        "dc.coverage.spatial": ["Sverige"],
        "dc.description.abstract": ["Rapporten utvärderar samverkan."],
        "dc.relation.ispartofseries": ["VTI rapport;1012"],
        "dc.identifier.issn": ["0347-6030"],
        "dc.format.extent": ["84 s."],
        "nordcat.fulltext_url": ["https://vti.diva-portal.org/smash/get/diva2:1/FULLTEXT01.pdf"],
    }


def test_mods_series_number_from_part_number():
    mods = etree.fromstring(
        '<mods xmlns="http://www.loc.gov/mods/v3"><relatedItem type="series"><titleInfo>'
        "<title>TemaNord</title><partNumber>2019:501</partNumber></titleInfo></relatedItem></mods>")
    assert to_dc(mods, "mods") == {"dc.relation.ispartofseries": ["TemaNord;2019:501"]}


def test_mods_host_journal_and_its_issn():
    mods = etree.fromstring(
        '<mods xmlns="http://www.loc.gov/mods/v3"><relatedItem type="host"><titleInfo>'
        "<title>Scandinavian Political Studies</title></titleInfo>"
        '<identifier type="issn">0080-6757</identifier><identifier type="eissn">1467-9477</identifier>'
        '<identifier type="isbn">978-0-00-000000-0</identifier></relatedItem></mods>')
    assert to_dc(mods, "mods") == {"dc.relation.ispartof": ["Scandinavian Political Studies"],
                                   "dc.identifier.issn": ["0080-6757"],
                                   "dc.identifier.eissn": ["1467-9477"]}


def test_payloads_are_recognised_by_their_root_element():
    kk = etree.fromstring('<kk:metadata xmlns:kk="http://www.kansalliskirjasto.fi/oai">'
                          '<kk:field schema="dc" element="title" value="Yhteistyö"/></kk:metadata>')
    oai_dc = etree.fromstring('<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
                              'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Samarbete'
                              "</dc:title></oai_dc:dc>")
    assert to_dc(kk, "unknown") == {"dc.title": ["Yhteistyö"]}
    assert to_dc(oai_dc, "unknown") == {"dc.title": ["Samarbete"]}
    assert to_dc(etree.fromstring(SWEPUB_MODS), "unknown") == to_dc(
        etree.fromstring(SWEPUB_MODS), "mods")
    assert to_dc(etree.fromstring("<marc/>"), "marc21") == {}


# ------------------------------------------------------------ Pure's ddf-mxd

PURE_DDF_MXD = Path(__file__).resolve().parents[1] / "data" / "oai" / "pure-ddf-mxd-listrecords.xml"
MXD_13 = "http://mx.forskningsdatabasen.dk/ns/documents/1.3"


@pytest.fixture(scope="module")
def pure_page():
    return parse_page(PURE_DDF_MXD.read_bytes(), "ddf-mxd")


def test_pure_ddf_mxd_page_headers(pure_page):
    assert [(r.identifier.rsplit("/", 1)[1][:8], r.deleted, r.sets) for r in pure_page.records] == [
        ("5c1f2a4e", False, ["publications:year2019", "publications:all"]),
        ("9a7d3b21", False, ["publications:year2019"]),
        ("0e6b8c3d", True, [])]
    assert (pure_page.token, pure_page.complete_list_size, pure_page.recovered) == (None, 3, False)
    assert pure_page.records[2].metadata == {}


def test_ddf_mxd_report_field_by_field(pure_page):
    assert pure_page.records[0].metadata == {
        "dc.title": ["Offentlig-privat samarbejde om velfærdsteknologi : Erfaringer fra fem kommuner"],
        "dc.title.alternative": [
            "Public-private collaboration on welfare technology : Experiences from five municipalities"],
        "dc.description.abstract": [
            "Rapporten undersøger, hvordan fem kommuner samarbejder med private virksomheder om at "
            "udvikle og indkøbe velfærdsteknologi.",
            "The report studies how five municipalities work with private firms."],
        "dc.description": ["Udarbejdet for KL."],
        "dc.subject": ["offentlig-privat samarbejde", "velfærdsteknologi", "public-private partnership"],
        "dc.contributor.author": ["Sørensen, Mette Kjær", "Holm, Jens"],
        "dc.contributor.editor": ["Lund, Anne"],
        "dc.contributor.other": ["Nielsen, Peter"],  # the translator
        "dc.contributor.affiliation": ["Aalborg Universitet, Institut for Politik og Samfund"],
        "dc.publisher": ["Aalborg Universitetsforlag", "Aalborg Universitetsforlag"],  # opu, report
        "dc.identifier.isbn": ["9788772101231"],
        "dc.date.issued": ["2019"],
        "dc.identifier.doi": ["10.5278/vbn.ops.2019.12"],
        "dc.identifier.eissn": ["19034598"],
        "dc.relation.ispartofseries": ["Skriftserie fra Institut for Politik og Samfund;12"],
        "nordcat.url": ["https://vbn.aau.dk/da/publications/5c1f2a4e-8d1b-4a7e-9b3c-2f6e8a0d1c55"],
        # the campus-only annex is left out; the oa_link repeats the open PDF
        "nordcat.fulltext_url": ["https://vbn.aau.dk/ws/files/30512345/rapport_12.pdf"],
        "dc.type": ["report"],
        "dc.language.iso": ["dan"],
        "dc.date.accessioned": ["2019-05-14"],
        "nordcat.date.modified": ["2024-03-05"],
    }


def test_ddf_mxd_journal_article_keeps_the_journal_as_host(pure_page):
    assert pure_page.records[1].metadata == {
        "dc.title": ["Tripartite agreements and municipal employment policy"],
        "dc.contributor.author": ["Kristensen, Søren"],
        "dc.contributor.affiliation": ["Aalborg University"],
        "dc.relation.ispartof": ["Scandinavian Journal of Public Administration"],
        "dc.date.issued": ["2019"],  # the publication year, not doc_year="2018"
        "dc.identifier.doi": ["10.58235/sjpa.v23i2.7654"],
        "dc.identifier.uri": ["https://doi.org/10.58235/sjpa.v23i2.7654"],
        "dc.identifier.issn": ["09056947"],
        "dc.identifier.eissn": ["16008081"],
        "dc.type": ["journal article"],
        "dc.language.iso": ["eng"],
        "dc.date.accessioned": ["2018-11-02"],
        "nordcat.date.modified": ["2024-01-10"],
    }


def ddf_doc(inner: str, namespace: str = MXD_13, **attributes: str) -> etree._Element:
    attributes = {"doc_type": "dtp", "doc_lang": "dan", "doc_year": "2021", **attributes}
    written = " ".join(f'{name}="{value}"' for name, value in attributes.items())
    return etree.fromstring(f'<ddf_doc xmlns="{namespace}" {written}>{inner}</ddf_doc>')


THESIS = (
    '<title><original xml:lang="dan"><main>Kommunalt samarbejde</main></original></title>'
    "<description><thesis><institution>Roskilde Universitet</institution>"
    "<advisor>Berg, Ida</advisor></thesis></description>"
    '<person pers_role="pa1" aff_no="1"><name><first>Ole</first><last>Dahl</last></name></person>'
    '<person pers_role="sup" aff_no="1"><name><first>Ida</first><last>Berg</last></name></person>'
    '<organisation org_role="oau" aff_no="2"><name><level1>KL</level1></name></organisation>'
    '<publication><other>Afhandling</other>'
    '<digital_object id="1" access="ea"><file size="1" timestamp="2021-01-01T00:00:00" filename="a.pdf"/>'
    "<uri>https://rucforsk.ruc.dk/files/1/a.pdf</uri></digital_object>"
    '<oa_link type="loc" version="pub" public_access="oa" url="https://rucforsk.ruc.dk/files/2/b.pdf"/>'
    "</publication>")


def test_ddf_mxd_thesis_roles_and_year_from_doc_year():
    assert to_dc(ddf_doc(THESIS), "ddf-mxd") == {
        "dc.title": ["Kommunalt samarbejde"],
        "dc.contributor.advisor": ["Berg, Ida", "Berg, Ida"],  # thesis note, then the sup person
        "dc.publisher": ["Roskilde Universitet"],
        "dc.contributor.author": ["Dahl, Ole", "KL"],  # a corporate author (oau) stays an author
        "nordcat.fulltext_url": ["https://rucforsk.ruc.dk/files/2/b.pdf"],  # embargoed object left out
        "dc.type": ["doctoral thesis"],
        "dc.language.iso": ["dan"],
        "dc.date.issued": ["2021"],  # no publication case gives a year
    }


def test_ddf_mxd_unknown_doc_type_is_kept_as_sent_and_title_language_stands_in():
    metadata = to_dc(ddf_doc(THESIS, doc_type="dzz", doc_lang=""), "ddf-mxd")
    assert (metadata["dc.type"], metadata["dc.language.iso"]) == (["dzz"], ["dan"])


@pytest.mark.parametrize("namespace", [
    "http://mx.forskningsdatabasen.dk/ns/mxd/1.2", MXD_13,
    "http://mx.forskningsdatabasen.dk/ns/documents/1.4"])
def test_every_mxd_version_is_recognised_by_its_root(namespace):
    assert to_dc(ddf_doc(THESIS, namespace), "unknown") == to_dc(ddf_doc(THESIS), "ddf-mxd")


PURE_FORMATS = [
    ("mods", "http://www.loc.gov/standards/mods/v3/mods-3-6.xsd", "http://www.loc.gov/mods/v3"),
    ("ddf-mxd", "http://mx.forskningsdatabasen.dk/mxd/1.3.1/ddf-mxd.xsd", MXD_13),
    ("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
]


def test_pure_list_metadata_formats_negotiates_ddf_mxd():
    formats = "".join(f"<metadataFormat><metadataPrefix>{prefix}</metadataPrefix><schema>{schema}</schema>"
                      f"<metadataNamespace>{namespace}</metadataNamespace></metadataFormat>"
                      for prefix, schema, namespace in PURE_FORMATS)
    body = ('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-11-20T08:00:00Z'
            '</responseDate><request verb="ListMetadataFormats">https://vbn.aau.dk/ws/oai</request>'
            f"<ListMetadataFormats>{formats}</ListMetadataFormats></OAI-PMH>")
    offered = parse_metadata_formats(body.encode())
    assert offered == ["mods", "ddf-mxd", "oai_dc"]
    assert choose_prefix(offered) == "ddf-mxd"
    assert choose_prefix(offered, forced="mods") == "mods"


# ------------------------------------------------------------ prefixes and datestamps

DSPACE_PREFIXES = ["oai_dc", "qdc", "dim", "xoai", "mods", "mets", "marc", "ore", "didl"]


def test_choose_prefix_prefers_swepub_mods_on_diva_and_ddf_mxd_on_pure():
    assert choose_prefix(["oai_dc", "mods", "swepub_mods", "marc21"]) == "swepub_mods"  # DiVA
    assert choose_prefix(["oai_dc", "mods", "ddf-mxd", "fi-person"]) == "ddf-mxd"      # Pure


def test_choose_prefix_prefers_dim_on_dspace():
    assert choose_prefix(DSPACE_PREFIXES) == "dim"
    assert choose_prefix(["oai_dc", "kk", "qdc"]) == "qdc"


@pytest.mark.parametrize("offered, forced", [
    (["marc21", "epicur"], None), (DSPACE_PREFIXES, "swepub_mods")], ids=["nothing-usable", "forced"])
def test_choose_prefix_refuses_what_is_not_offered(offered, forced):
    with pytest.raises(OAIError) as raised:
        choose_prefix(offered, forced)
    assert raised.value.code == "cannotDisseminateFormat"


@pytest.mark.parametrize("moment, granularity, expected", [
    (datetime(2024, 3, 1, 12, 30, 5), "YYYY-MM-DD", "2024-03-01"),
    (datetime(2024, 3, 1, 12, 30, 5), "YYYY-MM-DDThh:mm:ssZ", "2024-03-01T12:30:05Z"),
    (datetime(2024, 3, 1, 1, 0, tzinfo=timezone(timedelta(hours=2))), "YYYY-MM-DD", "2024-02-29"),
    (datetime(2024, 3, 1, 1, 0, tzinfo=timezone(timedelta(hours=2))), "YYYY-MM-DDThh:mm:ssZ",
     "2024-02-29T23:00:00Z"),
    (datetime.fromisoformat("2013-02-27T09:10:56Z"), "YYYY-MM-DDThh:mm:ssZ", "2013-02-27T09:10:56Z"),
])
def test_format_datestamp_in_utc(moment, granularity, expected):
    assert format_datestamp(moment, granularity) == expected


def test_format_datestamp_refuses_unknown_granularity():
    with pytest.raises(ValueError):
        format_datestamp(datetime(2024, 3, 1), "YYYY")


# --- peek_token: the quick scan the harvester uses to request the next page early -----------------

@pytest.mark.parametrize("fragment, expected", [
    (b"<resumptionToken cursor='0' completeListSize='250'>oai_dc////100</resumptionToken>", "oai_dc////100"),
    (b"<oai:resumptionToken>a&amp;b</oai:resumptionToken>", "a&b"),
    (b"<resumptionToken completeListSize='250' cursor='200'/>", None),
    (b"<resumptionToken completeListSize='250' cursor='200'></resumptionToken>", None),
    (b"<resumptionToken>\n   tok-1\n </resumptionToken>", "tok-1"),
    (b"", None),
])
def test_peek_token_agrees_with_parse_page(fragment, expected):
    body = (b'<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
            b'xmlns:oai="http://www.openarchives.org/OAI/2.0/">'
            b"<responseDate>2026-01-01T00:00:00Z</responseDate><request verb='ListRecords'>x</request>"
            b"<ListRecords><record><header><identifier>oai:x:1</identifier><datestamp>2020-01-01</datestamp>"
            b"</header><metadata><oai_dc:dc xmlns:oai_dc='http://www.openarchives.org/OAI/2.0/oai_dc/' "
            b"xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:title>T</dc:title></oai_dc:dc></metadata></record>"
            + fragment + b"</ListRecords></OAI-PMH>")
    assert oai.peek_token(body) == expected
    assert oai.parse_page(body, "oai_dc").token == expected


# ------------------------------------------------------------ the parser process

def test_records_come_back_from_the_parser_process_exactly_as_parsed_in_process(samples):
    """RawRecords cross the process boundary pickled (RawRecord.__reduce__): every field, tombstones too."""
    from crawlers.parse_pool import ParsePool, prepare_page

    body = (samples / "sickle-ListRecords.xml").read_bytes()
    here = prepare_page(body, "oai_dc", "sample")
    pool = ParsePool()
    try:
        there = asyncio.run(pool.prepare(body, "oai_dc", "sample"))
    finally:
        pool.close()
    assert sorted(r.deleted for r in here.records) == [False, True]  # a live record and a tombstone
    assert there == here
