"""pipeline.mapping.to_work and pipeline.coar: real records typed as dc-dicts.

The records come from /work/shared (seed 000, BI Open's full item page) and from the real
samples (Helda oai_dc and qdc, a Brage record exported for NVA). They are typed here because
the XML parsers are separate; test_seed_000_matches_the_reference_page checks the typing.
The Pure ddf-mxd record is the project's own fixture, read through crawlers.parsers.oai.
"""
from pathlib import Path

import pytest

from crawlers.parsers.oai import parse_page
from pipeline import coar
from pipeline.mapping import CONTRACT_FIELDS, to_work

SEED_000_ABSTRACT_START = (
    "Bærum kommune /Frivillighetssentralen har gjennom en fireårsperiode gjort forsøk med å "
    "engasjere private bedrifter i partnerskap med kommunen."
)
SEED_000_TITLE = "Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet"

# BI Open "Vis full innførsel" of 11250/94194 (seed 000); the page glues an "en" language
# column onto some values, which is not part of them.
SEED_000 = {
    "dc.contributor.author": ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"],
    "dc.date.accessioned": ["2008-11-27T13:39:13Z"],
    "dc.date.issued": ["2005"],
    "dc.identifier.issn": ["0803-2610"],
    "dc.identifier.uri": ["http://hdl.handle.net/11250/94194"],
    "dc.description.abstract": [SEED_000_ABSTRACT_START],
    "dc.format.extent": ["176209 bytes"],
    "dc.format.mimetype": ["application/pdf"],
    "dc.language.iso": ["nor"],
    "dc.relation.ispartofseries": ["Research Report", "06/2005"],
    "dc.title": [SEED_000_TITLE],
    "dc.type": ["Research report"],
}

# The same item as DSpace's oai_dc flattens it: authors as creators, accession, availability
# and issue date in one dc.date, ISSN and handle in dc.identifier, series in dc.relation.
SEED_000_OAI_DC = {
    "dc.title": [SEED_000_TITLE],
    "dc.creator": ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"],
    "dc.description": [SEED_000_ABSTRACT_START],
    "dc.date": ["2008-11-27T13:39:13Z", "2008-11-27T13:39:13Z", "2005"],
    "dc.type": ["Research report"],
    "dc.identifier": ["0803-2610", "http://hdl.handle.net/11250/94194"],
    "dc.language": ["nor"],
    "dc.relation": ["Research Report;06/2005"],
    "dc.format": ["176209 bytes", "application/pdf"],
}

# real-samples/oai/ckanext-helda-oai_dc-listrecords.xml
HELDA_OAI_DC = {
    "dc.title": ["Perunan typpilannoitus luonnonmukaisessa viljelyssä"],
    "dc.creator": ["Tall, Anna"],
    "dc.subject": ["peruna", "luonnonmukainen viljely", "sato", "määrä", "laatu", "viherlannoitus"],
    "dc.contributor": ["Helsingin yliopisto, soveltavan biologian laitos"],
    "dc.date": ["2007"],
    "dc.type": ["Book"],
    "dc.identifier": ["http://hdl.handle.net/1975/7634", "1796-6361"],
    "dc.language": ["fi"],
    "dc.relation": ["Julkaisuja / Helsingin yliopisto, soveltavan biologian laitos", "34"],
}

# real-samples/oai/recordmanager-helsinki-qdc1.xml (qualifiers as DSpace keys)
HELDA_QDC = {
    "dc.title": ["Urine : The potential, value chain and its sustainable management"],
    "dc.creator": ["Viskari, Eeva-Liisa", "Lehtoranta, Suvi", "Malila, Riikka"],
    "dc.subject": ["urine", "fertilizer", "value chain", "agriculture", "nutrient recovery"],
    "dc.subject.ysa": ["virtsa", "lannoitteet", "ravinteet", "uudelleenkäyttö", "maatalous"],
    "dc.date.available": ["2021-06-16T06:31:44Z"],
    "dc.date.issued": ["2021"],
    "dc.type": ["Article", "okm_type", "okm_type_2", "other_type"],
    "dc.identifier.citation": [
        "Eeva-Liisa Viskari, Suvi Lehtoranta, Riikka Malila. Urine : The potential, value chain "
        "and its sustainable management. Sanitation Value Chain (2021) 5, 1, pages 10-12. "
        "https://doi.org/10.34416/svc.00029"],
    "dc.identifier.issn": ["2432-5058"],
    "dc.identifier.uri": ["http://hdl.handle.net/10138/331330"],
    "dc.identifier.doi": ["https://doi.org/10.34416/svc.00029"],
    "dc.language.iso": ["en"],
    "dc.relation.ispartofseries": ["Sanitation Value Chain 5:1"],
    "dc.rights": ["CC BY-NC-ND 4.0"],
    "dc.publisher": ["Sanitation Project, Research Institute for Humanity and Nature"],
}

# real-samples/oai/nva-brage-import-overcomplete_example.xml (a subset of its fields)
BRAGE_OVERCOMPLETE = {
    "dc.contributor.advisor": ["Olsen, Ole"],
    "dc.contributor.author": ["Johannesen, Hege"],
    "dc.contributor.editor": ["Knutsdotter, Kari"],
    "dc.coverage.spatial": ["Norway, Oslo"],
    "dc.date.accessioned": ["2020-12-07T16:46:42Z"],
    "dc.date.available": ["2020-12-07T16:46:42Z"],
    "dc.date.issued": ["2020-12-07"],
    "dc.identifier.isbn": ["1234567890123"],
    "dc.identifier.issn": ["0029-2001"],
    "dc.identifier.uri": ["https://hdl.handle.net/11250/2712283"],
    "dc.description": ["Dette er en beskrivelse av publikasjonen, ikke et sammendrag."],
    "dc.description.abstract": [
        "Dette er et sammendrag av publikasjonen som ikke sier så veldig mye.",
        "Dette er enda et sammendrag av publikasjonen på et annet språk enn det første"],
    "dc.language.iso": ["nob"],
    "dc.publisher": ["Utgiver"],
    "dc.relation.ispartofseries": ["Serietittel;99"],
    "dc.relation.haspart": ["Del 1 av en artikkelbasert avhandling"],
    "dc.rights.uri": ["http://creativecommons.org/licenses/by-sa/4.0/deed.no"],
    "dc.subject": ["nøkkelorden", "nøkkelordto", "nøkkelordtre"],
    "dc.title": ["Dette er hovedtittelen"],
    "dc.title.alternative": ["Dette er den alternative tittelen"],
    "dc.type": ["Others"],
    "dc.identifier.doi": ["10.1088/1742-6596/551/1/012031"],
    "dc.identifier.cristin": ["1853003"],
}


def _seed_line_matches(line: str, key: str, value: str) -> bool:
    if key == "dc.description.abstract":
        return line.startswith(key + value)
    return line in (key + value, key + value + "en")


def test_seed_000_matches_the_reference_page(shared_dir):
    (seed,) = shared_dir.glob("seeds/000_*.txt")
    lines = seed.read_text(encoding="utf-8").splitlines()
    for key, values in SEED_000.items():
        for value in values:
            assert any(_seed_line_matches(line, key, value) for line in lines), (key, value)


# --- seed 000 in both forms -------------------------------------------------------------------

SEED_000_EXPECTED = {
    "title": SEED_000_TITLE,
    "authors": ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"],
    "year": 2005,
    "date_issued": "2005",
    "language": "nor",
    "doc_type": "research report",
    "publisher": "BI Norwegian Business School",
    "series": "Research Report",
    "series_number": "06/2005",
    "issn": ["0803-2610"],
    "isbn": [],
    "doi": None,
    "handle": "11250/94194",
    "url": "https://hdl.handle.net/11250/94194",
    "fulltext_url": None,
    "abstract": SEED_000_ABSTRACT_START,
    "subjects": [],
    "country": "NO",
    "urn": None,
    "cristin": None,
    "licence": None,
}


@pytest.mark.parametrize("meta", [SEED_000, SEED_000_OAI_DC], ids=["full-record", "oai_dc"])
def test_seed_000_gives_the_contract_values(meta):
    work = to_work(meta, country="NO", language="nob", publisher="BI Norwegian Business School")
    assert {field: work[field] for field in CONTRACT_FIELDS} == SEED_000_EXPECTED


def test_seed_000_oai_dc_with_series_as_two_relations():
    meta = {**SEED_000_OAI_DC, "dc.relation": ["Research Report", "06/2005"]}
    work = to_work(meta)
    assert (work["series"], work["series_number"]) == ("Research Report", "06/2005")


def test_seed_000_provenance():
    assert to_work(SEED_000, country="NO", publisher="BI Norwegian Business School")["provenance"] == {
        "title": "dc.title",
        "authors": "dc.contributor.author",
        "year": "dc.date.issued",
        "date_issued": "dc.date.issued",
        "language": "dc.language.iso",
        "doc_type": "dc.type",
        "publisher": "arg:publisher",
        "series": "dc.relation.ispartofseries",
        "series_number": "dc.relation.ispartofseries",
        "issn": "dc.identifier.issn",
        "handle": "dc.identifier.uri",
        "url": "dc.identifier.uri",
        "abstract": "dc.description.abstract",
        "country": "arg:country",
    }


def test_seed_000_unmapped_keys_are_the_ones_no_rule_reads():
    assert to_work(SEED_000)["unmapped"] == ["dc.date.accessioned", "dc.format.extent",
                                            "dc.format.mimetype"]
    assert to_work(SEED_000_OAI_DC)["unmapped"] == ["dc.format"]


def test_returns_exactly_the_contract_keys_and_empty_lists():
    work = to_work({})
    assert list(work) == [*CONTRACT_FIELDS, "provenance", "unmapped"]
    assert [work[field] for field in ("authors", "issn", "isbn", "subjects")] == [[], [], [], []]
    assert work["doc_type"] == "other"
    assert work["provenance"] == {} and work["unmapped"] == []


# --- the real samples -------------------------------------------------------------------------

def test_helda_oai_dc():
    work = to_work(HELDA_OAI_DC, country="FI")
    assert work["authors"] == ["Tall, Anna"]
    assert (work["date_issued"], work["year"]) == ("2007", 2007)
    assert work["doc_type"] == "book"
    assert work["language"] == "fin"
    assert work["issn"] == ["1796-6361"]
    assert work["handle"] == "1975/7634"
    assert work["url"] == "https://hdl.handle.net/1975/7634"
    assert (work["series"], work["series_number"]) == (
        "Julkaisuja / Helsingin yliopisto, soveltavan biologian laitos", "34")
    assert work["subjects"] == HELDA_OAI_DC["dc.subject"]
    assert work["unmapped"] == []


def test_helda_qdc():
    work = to_work(HELDA_QDC)
    assert work["authors"] == ["Viskari, Eeva-Liisa", "Lehtoranta, Suvi", "Malila, Riikka"]
    assert work["doi"] == "10.34416/svc.00029"
    assert work["handle"] == "10138/331330"
    assert work["issn"] == ["2432-5058"]
    assert work["language"] == "eng"
    assert work["doc_type"] == "journal article"
    assert (work["series"], work["series_number"]) == ("Sanitation Value Chain 5:1", None)
    assert work["publisher"] == "Sanitation Project, Research Institute for Humanity and Nature"
    assert work["subjects"] == HELDA_QDC["dc.subject"] + HELDA_QDC["dc.subject.ysa"]
    assert work["provenance"]["subjects"] == "dc.subject"
    assert work["licence"] == "CC BY-NC-ND 4.0"  # in words: the record gives no URI
    assert work["unmapped"] == ["dc.date.available"]


def test_brage_overcomplete():
    work = to_work(BRAGE_OVERCOMPLETE, default_type="report")
    assert work["authors"] == ["Johannesen, Hege"]
    assert (work["date_issued"], work["year"]) == ("2020-12-07", 2020)
    assert work["isbn"] == []  # "1234567890123" fails the ISBN checksum
    assert work["issn"] == ["0029-2001"]
    assert work["doi"] == "10.1088/1742-6596/551/1/012031"
    assert work["handle"] == "11250/2712283"
    assert work["language"] == "nob"
    assert (work["series"], work["series_number"]) == ("Serietittel", "99")
    assert work["abstract"] == "\n\n".join(BRAGE_OVERCOMPLETE["dc.description.abstract"])
    assert work["doc_type"] == "report"  # "Others" says less than the source's default
    assert work["provenance"]["doc_type"] == "arg:default_type"
    assert work["unmapped"] == [
        "dc.coverage.spatial", "dc.date.accessioned", "dc.date.available", "dc.relation.haspart",
        "dc.title.alternative",
    ]
    assert work["licence"] == "http://creativecommons.org/licenses/by-sa/4.0/deed.no"


def test_the_licence_uri_wins_over_its_words_and_access_rights_are_no_licence():
    words_first = {"dc.title": ["T"], "dc.rights": ["Navngivelse 4.0 Internasjonal",
                                                     "http://creativecommons.org/licenses/by/4.0/deed.no"]}
    assert to_work(words_first)["licence"] == "http://creativecommons.org/licenses/by/4.0/deed.no"
    access_only = {"dc.title": ["T"], "dc.rights.accessrights": ["openAccess"]}
    assert to_work(access_only)["licence"] is None


# --- single rules -----------------------------------------------------------------------------

@pytest.mark.parametrize(("dates", "expected"), [
    (["2008-11-27T13:39:13Z", "2008-11-27T13:39:13Z", "2005"], "2005"),
    (["2005-03-14", "2008-11-27T13:39:13Z"], "2005-03-14"),
    (["2006", "2005-03-14"], "2005-03-14"),
    (["2010-05-03T10:00:00Z", "2009-12-01T08:00:00Z"], "2009-12-01"),
    (["n.d.", "2012"], "2012"),
])
def test_oai_dc_date_prefers_the_earliest_value_without_a_time(dates, expected):
    assert to_work({"dc.date": dates})["date_issued"] == expected


def test_date_falls_back_to_the_crawled_publication_date():
    work = to_work({"nordcat.date.published": ["Mandag den 22. november 2010"]})
    assert (work["date_issued"], work["year"]) == ("2010-11-22", 2010)
    assert work["provenance"]["date_issued"] == "nordcat.date.published"


def test_dc_date_issued_wins_over_dc_date():
    assert to_work({"dc.date.issued": ["2005-06"], "dc.date": ["2001"]})["date_issued"] == "2005-06"


def test_authors_are_normalised_and_deduplicated_in_order():
    meta = {"dc.contributor.author": ["Atle Midttun", "MIDTTUN, Atle", "Dr. Tore Dirdal"]}
    assert to_work(meta)["authors"] == ["Midttun, Atle", "Dirdal, Tore"]


def test_author_wins_over_creator_and_both_count_as_read():
    work = to_work({"dc.contributor.author": ["Midttun, Atle"], "dc.creator": ["Someone, Else"]})
    assert work["authors"] == ["Midttun, Atle"]
    assert work["unmapped"] == []


def test_unqualified_contributor_keeps_persons_only():
    meta = {"dc.contributor": ["Helsingin yliopisto, soveltavan biologian laitos", "Anna Tall"]}
    work = to_work(meta)
    assert work["authors"] == ["Tall, Anna"]
    assert work["provenance"]["authors"] == "dc.contributor"


def test_corporate_creator_is_kept():
    assert to_work({"dc.creator": ["Fagforbundet"]})["authors"] == ["Fagforbundet"]


def test_arguments_fill_only_what_the_record_lacks():
    work = to_work({"dc.language": ["da"]}, language="Norwegian", publisher="Fagforbundet",
                   country="NO", default_type="web page")
    assert (work["language"], work["provenance"]["language"]) == ("dan", "dc.language")
    assert (work["publisher"], work["provenance"]["publisher"]) == ("Fagforbundet", "arg:publisher")
    assert (work["doc_type"], work["provenance"]["doc_type"]) == ("website", "arg:default_type")
    assert to_work({}, language="Norwegian")["language"] == "nor"


def test_web_page_record():
    meta = {
        "nordcat.url": ["https://www.example.org/artikel/reformkommissionens-6-principper"],
        "dc.title": ["Reformkommissionens 6 principper for samarbejdet mellem kommuner og civilsamfund"],
        "nordcat.text": ["Kommunerne skal opbygge partnerskaber med virksomheder ..."],
        "nordcat.fulltext_url": ["/relative.pdf", "https://www.example.org/principper.pdf"],
    }
    work = to_work(meta, country="DK", language="dan", default_type="newspaper article")
    assert work["url"] == "https://www.example.org/artikel/reformkommissionens-6-principper"
    assert work["fulltext_url"] == "https://www.example.org/principper.pdf"
    assert work["handle"] is None
    assert (work["language"], work["doc_type"]) == ("dan", "newspaper article")
    assert work["unmapped"] == ["nordcat.text"]


def test_url_prefers_canonical_then_crawled_then_handle_then_identifier():
    handle_only = {"dc.identifier.uri": ["http://hdl.handle.net/11250/94194"]}
    crawled = {**handle_only, "nordcat.url": ["https://biopen.bi.no/bi-xmlui/handle/11250/94194"]}
    canonical = {**crawled, "nordcat.canonical": ["https://biopen.bi.no/canonical/94194"]}
    diva = {"dc.identifier": ["http://urn.kb.se/resolve?urn=urn:nbn:se:vti:diva-123"]}
    assert to_work(canonical)["url"] == "https://biopen.bi.no/canonical/94194"
    assert to_work(crawled)["url"] == "https://biopen.bi.no/bi-xmlui/handle/11250/94194"
    assert to_work(handle_only)["url"] == "https://hdl.handle.net/11250/94194"
    assert to_work(diva)["url"] == "http://urn.kb.se/resolve?urn=urn:nbn:se:vti:diva-123"


def test_handle_from_the_crawled_item_page():
    work = to_work({"nordcat.url": ["https://biopen.bi.no/bi-xmlui/handle/11250/94194"]})
    assert (work["handle"], work["provenance"]["handle"]) == ("11250/94194", "nordcat.url")


def test_doi_and_isbn_from_flattened_identifiers():
    meta = {"dc.identifier": ["https://doi.org/10.1000/ABC", "ISBN 82-7042-123-5"],
            "dc.relation.ispartof": ["ISBN 978-82-7042-123-7", "ISSN 0803-2610 (print)"]}
    work = to_work(meta)
    assert work["doi"] == "10.1000/abc"
    assert work["isbn"] == ["9788270421237"]
    assert work["issn"] == ["0803-2610"]


def test_print_and_electronic_issn_both_count():
    meta = {"dc.identifier.issn": ["09056947"], "dc.identifier.eissn": ["1600-8081", "0905-6947"]}
    work = to_work(meta)
    assert (work["issn"], work["provenance"]["issn"]) == (["0905-6947", "1600-8081"], "dc.identifier.issn")
    assert work["unmapped"] == []


def test_pure_ddf_mxd_report():
    page = parse_page((Path(__file__).resolve().parents[1] / "data/oai/pure-ddf-mxd-listrecords.xml").read_bytes(), "ddf-mxd")
    work = to_work(page.records[0].metadata, country="DK")
    assert {field: work[field] for field in CONTRACT_FIELDS} == {
        "title": "Offentlig-privat samarbejde om velfærdsteknologi : Erfaringer fra fem kommuner",
        "authors": ["Sørensen, Mette Kjær", "Holm, Jens"],
        "year": 2019,
        "date_issued": "2019",
        "language": "dan",
        "doc_type": "report",
        "publisher": "Aalborg Universitetsforlag",
        "series": "Skriftserie fra Institut for Politik og Samfund",
        "series_number": "12",
        "issn": ["1903-4598"],
        "isbn": ["9788772101231"],
        "doi": "10.5278/vbn.ops.2019.12",
        "handle": None,
        "url": "https://vbn.aau.dk/da/publications/5c1f2a4e-8d1b-4a7e-9b3c-2f6e8a0d1c55",
        "fulltext_url": "https://vbn.aau.dk/ws/files/30512345/rapport_12.pdf",
        "abstract": "Rapporten undersøger, hvordan fem kommuner samarbejder med private virksomheder om at "
                    "udvikle og indkøbe velfærdsteknologi.\n\nThe report studies how five municipalities "
                    "work with private firms.",
        "subjects": ["offentlig-privat samarbejde", "velfærdsteknologi", "public-private partnership"],
        "country": "DK",
        "urn": None,
        "cristin": None,
        "licence": None,
    }
    assert work["unmapped"] == ["dc.title.alternative", "dc.contributor.other",
                                "dc.contributor.affiliation", "dc.date.accessioned", "nordcat.date.modified"]


def test_relation_without_a_number_is_not_a_series():
    meta = {"dc.relation": ["Del 1 av en artikkelbasert avhandling", "https://example.org/x"]}
    work = to_work(meta)
    assert (work["series"], work["series_number"]) == (None, None)


def test_relation_links_are_skipped_when_finding_the_series():
    meta = {"dc.relation": ["http://hdl.handle.net/11250/1", "NIBR-rapport;2019:3"]}
    assert (to_work(meta)["series"], to_work(meta)["series_number"]) == ("NIBR-rapport", "2019:3")


def test_subjects_from_all_qualifiers_deduplicated_ignoring_case():
    meta = {"dc.subject": ["Partnerskap", " kommuner "], "dc.subject.nsi": ["partnerskap", "VDP::Samfunnsvitenskap"]}
    assert to_work(meta)["subjects"] == ["Partnerskap", "kommuner", "VDP::Samfunnsvitenskap"]


def test_abstract_falls_back_to_description():
    work = to_work({"dc.description": ["Første del.", "Andre   del."]})
    assert (work["abstract"], work["provenance"]["abstract"]) == ("Første del.\n\nAndre del.", "dc.description")


# --- COAR -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "expected"), [
    ("Research report", "research report"), ("Forskningsrapport", "research report"),
    ("Rapport", "report"), ("Report", "report"), ("Working paper", "working paper"),
    ("Arbeidsnotat", "working paper"), ("Journal article", "journal article"),
    ("Tidsskriftartikkel", "journal article"), ("Article", "journal article"),
    ("Book", "book"), ("Bok", "book"), ("Chapter", "book part"), ("Bokkapittel", "book part"),
    ("Master thesis", "master thesis"), ("Masteroppgave", "master thesis"),
    ("Doctoral thesis", "doctoral thesis"), ("Doktorgradsavhandling", "doctoral thesis"),
    ("Lecture", "lecture"), ("Foredrag", "lecture"), ("Presentation", "lecture"),
    ("Conference object", "conference object"), ("conference output", "conference object"),
    ("Newspaper article", "newspaper article"), ("Web page", "website"), ("Other", "other"),
    ("info:eu-repo/semantics/report", "report"),
    ("info:eu-repo/semantics/workingPaper", "working paper"),
    ("info:eu-repo/semantics/bookPart", "book part"),
    ("http://purl.org/coar/resource_type/c_18ws", "research report"),
    ("https://purl.org/coar/resource_type/c_bdcc", "master thesis"),
    ("  RESEARCH   REPORT. ", "research report"),
])
def test_coar_labels(label, expected):
    assert coar.doc_type([label]) == expected


@pytest.mark.parametrize(("values", "default", "expected"), [
    (["Peer reviewed", "Research report"], None, "research report"),
    (["Peer reviewed"], None, "journal article"),
    (["Other", "Working paper"], None, "working paper"),
    (["Other"], "report", "report"),
    (["Unknown kind"], "Rapport", "report"),
    (["Unknown kind"], "not a label", "other"),
    (["Unknown kind"], None, "other"),
    ([], None, "other"),
])
def test_coar_preference(values, default, expected):
    assert coar.doc_type(values, default) == expected


@pytest.mark.parametrize(("label", "concept"), [
    ("research report", "c_18ws"), ("report", "c_93fc"), ("working paper", "c_8042"),
    ("journal article", "c_6501"), ("book", "c_2f33"), ("book part", "c_3248"),
    ("master thesis", "c_bdcc"), ("doctoral thesis", "c_db06"), ("conference object", "c_c94f"),
    ("lecture", "c_8544"), ("newspaper article", "c_998f"), ("other", "c_1843"),
    ("text", "c_18cf"), ("website", "c_7ad9"),
])
def test_coar_uris(label, concept):
    assert coar.COAR_URI[label] == "http://purl.org/coar/resource_type/" + concept


def test_every_mapped_label_has_a_coar_uri():
    labels = {coar.lookup(value) for value in coar._LABELS} | set(coar._EU_REPO.values())
    assert labels <= set(coar.COAR_URI)


def test_urn_nbn_and_cristin_id_are_read_from_any_identifier_field():
    diva = to_work({"dc.identifier": ["http://urn.kb.se/resolve?urn=urn:nbn:se:vti:diva-123"]})
    helda = to_work({"dc.identifier.urn": ["URN:NBN:fi-fe2019061020123"], "dc.identifier.cristin": [" 1853003 "]})
    assert (diva["urn"], diva["cristin"]) == ("urn:nbn:se:vti:diva-123", None)
    assert (helda["urn"], helda["cristin"]) == ("URN:NBN:fi-fe2019061020123", "1853003")


def test_a_title_sent_escaped_twice_reaches_the_catalogue_as_text_while_the_record_keeps_it():
    """A repository's XML of already escaped text: `&amp;amp;` parses to "&amp;" in the dc-dict."""
    xml = (b'<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-07T00:00:00Z'
           b'</responseDate><request verb="ListRecords">x</request><ListRecords><record><header><identifier>oai:x:1'
           b'</identifier><datestamp>2026-01-01</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc='
           b'"http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           b'<dc:title>Forskning &amp;amp; utvikling i &lt;i&gt;kommunene&lt;/i&gt;</dc:title>'
           b'<dc:creator>Hansen, Kari &amp;amp; Co</dc:creator></oai_dc:dc></metadata></record></ListRecords></OAI-PMH>')
    record = parse_page(xml, "oai_dc").records[0]
    assert record.metadata["dc.title"] == ["Forskning &amp; utvikling i <i>kommunene</i>"]  # kept raw
    assert "&amp;amp;" in record.xml
    work = to_work(record.metadata)
    assert work["title"] == "Forskning & utvikling i kommunene"


def test_an_isbn_given_as_urn_isbn_is_an_isbn_of_the_work():
    work = to_work({"dc.title": ["Kuntien yhteistyö"], "dc.identifier.urn": ["URN:ISBN:978-952-03-0871-1"],
                    "dc.identifier.isbn": ["978-82-7042-123-7"]})
    assert work["isbn"] == ["9788270421237", "9789520308711"]
    # a URN:NBN full of digits is no ISBN
    nbn = to_work({"dc.title": ["X"], "dc.identifier.urn": ["URN:NBN:fi-fe2019061020123"]})
    assert nbn["isbn"] == [] and nbn["urn"] == "URN:NBN:fi-fe2019061020123"
