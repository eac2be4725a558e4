"""Page extractors against hand-written pages in the real markup of DSpace XMLUI, docplayer,
a news site and an organisation site (tests/data/pages/), built from the seed facts.

Each recorded page is parsed once per module; small tests assert one field each.
"""
import gzip
import re
from pathlib import Path

import pytest

from crawlers.parsers.html import article
from crawlers.parsers.html.article import parse_article
from crawlers.parsers.html.docplayer import parse_home, parse_transcript, related_on_topic
from crawlers.parsers.html.documents import linked_documents
from crawlers.parsers.html.dspace_html import is_item_url, parse_item_page, parse_listing_page
from crawlers.parsers.html.feeds import parse_feed, parse_sitemap

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
ITEM_URL = "https://biopen.bi.no/bi-xmlui/handle/11250/94194"
COWI_URL = "https://docplayer.dk/1374529-Partnerskaber-med-virksomheder-til-gavn-for-beboere-i-udsatte-boligomraader.html"
TELEPLAN_URL = "https://docplayer.me/2157346-Ikt-samarbeid-et-overblikk.html"
ARTICLE_URL = "https://impactinsider.dk/artikel/reformkommissionens-6-principper-for-samarbejdet-mellem-kommuner-og-civilsamfund"
ORG_URL = "https://www.fagforbundet.no/tema/trepartssamarbeid/veileder-i-trepartssamarbeid/"
SEED_000_AUTHORS = ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"]
SEED_000_TITLE = "Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def mirage2_page(fields: str, head: str = "", lang: str = "no") -> str:
    """A minimal XMLUI simple item page around the given field blocks."""
    return (f'<html lang="{lang}"><head><title>T</title>{head}</head><body>'
            f'<div class="item-summary-view-metadata"><h2 class="page-header first-page-header">T</h2>'
            f'{fields}</div></body></html>')


# --- DSpace XMLUI: seed 000, simple record, Norwegian labels --------------------------------

@pytest.fixture(scope="module")
def simple_no():
    return parse_item_page(page("dspace_item_simple_no.html"), ITEM_URL)


def test_simple_page_title(simple_no):
    assert simple_no.metadata["dc.title"] == [SEED_000_TITLE]


def test_simple_page_authors_in_order(simple_no):
    assert simple_no.metadata["dc.contributor.author"] == SEED_000_AUTHORS


def test_simple_page_date(simple_no):
    assert simple_no.metadata["dc.date.issued"] == ["2005"]


def test_simple_page_series_keeps_both_values(simple_no):
    assert simple_no.metadata["dc.relation.ispartofseries"] == ["Research Report", "06/2005"]


def test_simple_page_issn_comes_from_the_head(simple_no):
    assert simple_no.metadata["dc.identifier.issn"] == ["0803-2610"]


def test_simple_page_handle_uri(simple_no):
    assert simple_no.metadata["dc.identifier.uri"] == ["http://hdl.handle.net/11250/94194"]


def test_simple_page_abstract(simple_no):
    (abstract,) = simple_no.metadata["dc.description.abstract"]
    assert abstract.startswith("Bærum kommune /Frivillighetssentralen har gjennom en fireårsperiode")
    assert abstract.endswith("en egen manual for sosialt partnerskapsarbeid.")


def test_simple_page_head_fills_keys_the_body_lacks(simple_no):
    assert simple_no.metadata["dc.language.iso"] == ["nor"]
    assert simple_no.metadata["dc.date.accessioned"] == ["2008-11-27T13:39:13Z"]
    assert simple_no.metadata["dc.type"] == ["Research report"]


def test_head_series_is_not_repeated_as_plain_relation(simple_no):
    assert "dc.relation" not in simple_no.metadata


def test_item_type_is_not_taken_for_a_keyword(simple_no):
    assert "dc.subject" not in simple_no.metadata


def test_simple_page_fulltext_is_one_absolute_pdf(simple_no):
    assert simple_no.metadata["nordcat.fulltext_url"] == [
        "https://biopen.bi.no/bi-xmlui/bitstream/handle/11250/94194/Report_06_2005.pdf?sequence=1&isAllowed=y"
    ]


def test_simple_page_links_to_full_record(simple_no):
    assert simple_no.metadata["nordcat.url"] == [ITEM_URL]
    assert simple_no.links == [ITEM_URL + "?show=full"]
    assert simple_no.is_record and simple_no.missing == []


# --- DSpace XMLUI: seed 000, full record -------------------------------------------------------

@pytest.fixture(scope="module")
def full_no():
    return parse_item_page(page("dspace_item_full_no.html"), ITEM_URL + "?show=full")


def test_full_page_reads_every_table_row(full_no):
    assert full_no.metadata["dc.contributor.author"] == SEED_000_AUTHORS
    assert full_no.metadata["dc.date.accessioned"] == ["2008-11-27T13:39:13Z"]
    assert full_no.metadata["dc.date.issued"] == ["2005"]
    assert full_no.metadata["dc.identifier.issn"] == ["0803-2610"]
    assert full_no.metadata["dc.format.extent"] == ["176209 bytes"]
    assert full_no.metadata["dc.format.mimetype"] == ["application/pdf"]
    assert full_no.metadata["dc.relation.ispartofseries"] == ["Research Report", "06/2005"]
    assert full_no.metadata["dc.type"] == ["Research report"]
    assert full_no.metadata["dc.title"] == [SEED_000_TITLE]


def test_full_page_url_is_the_simple_one_and_leads_nowhere(full_no):
    assert full_no.metadata["nordcat.url"] == [ITEM_URL]
    assert full_no.links == []
    assert full_no.missing == []


def test_simple_and_full_pages_agree(simple_no, full_no):
    for key in ("dc.title", "dc.contributor.author", "dc.date.issued", "dc.relation.ispartofseries",
                "dc.identifier.issn", "dc.identifier.uri", "dc.description.abstract", "nordcat.fulltext_url"):
        assert simple_no.metadata[key] == full_no.metadata[key], key


# --- DSpace XMLUI: English interface ------------------------------------------------------------

@pytest.fixture(scope="module")
def simple_en():
    return parse_item_page(page("dspace_item_simple_en.html"), "http://nora.example.org/xmlui/handle/10037/1234")


def test_english_labels_authors_without_orcid_icon(simple_en):
    assert simple_en.metadata["dc.contributor.author"] == ["Lindqvist, Maria", "Berg, Johan"]


def test_english_labels_identifiers(simple_en):
    assert simple_en.metadata["dc.identifier.uri"] == ["http://hdl.handle.net/10037/1234"]
    assert simple_en.metadata["dc.identifier.doi"] == ["10.5324/nora.2016.003"]
    assert simple_en.metadata["dc.identifier.isbn"] == ["978-91-7601-452-3"]


def test_english_labels_series_in_one_value(simple_en):
    assert simple_en.metadata["dc.relation.ispartofseries"] == ["Rapportserie;2016:3"]


def test_line_break_in_abstract_separates_words(simple_en):
    assert "(IOP). Studien bygger" in simple_en.metadata["dc.description.abstract"][0]


def test_english_page_head_values(simple_en):
    assert simple_en.metadata["dc.date.issued"] == ["2016"]
    assert simple_en.metadata["dc.language.iso"] == ["swe"]
    assert simple_en.metadata["dc.subject"] == ["idéburet offentligt partnerskap", "samverkan"]
    assert simple_en.metadata["dc.publisher"] == ["Nordic Open Research Archive"]


@pytest.mark.parametrize("label, key", [
    ("Forfatter", "dc.contributor.author"), ("Författare", "dc.contributor.author"),
    ("Tekijä", "dc.contributor.author"), ("Authors", "dc.contributor.author"),
    ("Dato", "dc.date.issued"), ("Datum", "dc.date.issued"), ("Päivämäärä", "dc.date.issued"),
    ("Sammendrag", "dc.description.abstract"), ("Resumé", "dc.description.abstract"),
    ("Sammanfattning", "dc.description.abstract"), ("Tiivistelmä", "dc.description.abstract"),
    ("Serie", "dc.relation.ispartofseries"), ("Sarja", "dc.relation.ispartofseries"),
    ("Utgiver", "dc.publisher"), ("Veileder", "dc.contributor.advisor"), ("Emneord:", "dc.subject"),
])
def test_simple_record_labels(label, key):
    html = mirage2_page(f'<div class="item-page-field-wrapper table"><h5>{label}</h5><div>Verdi</div></div>')
    assert parse_item_page(html, ITEM_URL).metadata[key] == ["Verdi"]


def test_unknown_label_falls_back_to_the_field_class():
    html = mirage2_page('<div class="simple-item-view-authors item-page-field-wrapper table">'
                        '<h5>Skrevet av</h5><div>Nordmann, Kari</div></div>')
    assert parse_item_page(html, ITEM_URL).metadata["dc.contributor.author"] == ["Nordmann, Kari"]


def test_dates_separated_by_line_breaks_are_two_values():
    html = mirage2_page('<div class="simple-item-view-date word-break item-page-field-wrapper table">'
                        '<h5>Dato</h5>2005<br>2006</div>')
    assert parse_item_page(html, ITEM_URL).metadata["dc.date.issued"] == ["2005", "2006"]


def test_bare_head_identifiers_are_sorted_by_shape():
    head = "".join(f'<meta name="DC.identifier" content="{value}" />' for value in (
        "http://hdl.handle.net/11250/2479361", "1890-6583", "978-82-7645-748-5", "doi:10.18261/ISSN1504-2928-2017-01-02",
        "FAFO-rapport 2017:14"))
    record = parse_item_page(mirage2_page("", head=head), "https://biopen.bi.no/bi-xmlui/handle/11250/2479361")
    assert record.metadata["dc.identifier.uri"] == ["http://hdl.handle.net/11250/2479361"]
    assert record.metadata["dc.identifier.issn"] == ["1890-6583"]
    assert record.metadata["dc.identifier.isbn"] == ["978-82-7645-748-5"]
    assert record.metadata["dc.identifier.doi"] == ["10.18261/ISSN1504-2928-2017-01-02"]
    assert record.metadata["dc.identifier"] == ["FAFO-rapport 2017:14"]


def test_handle_uri_comes_from_the_url_when_the_page_lacks_it():
    record = parse_item_page(mirage2_page("", head='<meta name="DC.title" content="T" />'), ITEM_URL)
    assert record.metadata["dc.identifier.uri"] == ["http://hdl.handle.net/11250/94194"]
    assert record.missing == []


def test_windows_1252_page_is_decoded_by_its_charset():
    html = mirage2_page('<div class="item-page-field-wrapper table"><h5>Forfatter</h5><div>Sæther, Øystein</div></div>',
                        head='<meta charset="windows-1252">')
    record = parse_item_page(html.encode("cp1252"), ITEM_URL)
    assert record.metadata["dc.contributor.author"] == ["Sæther, Øystein"]


# --- DSpace 7 (Angular, server-side rendered) ------------------------------------------------

DSPACE7_URL = "https://repo.example.org/items/0b8e9a6c-3f3e-4a55-9f0e-2c1b0d6a7e11"
DSPACE7_HEAD = ('<meta name="citation_title" content="Kommunesamarbeid i Norden">'
                '<meta name="citation_author" content="Holm, Eva"><meta name="citation_publication_date" content="2021-03">'
                '<meta name="citation_pdf_url" content="https://repo.example.org/bitstreams/77aa/download">')


def test_dspace7_simple_page():
    html = (f'<html lang="en"><head>{DSPACE7_HEAD}</head><body><ds-item-page><div class="item-page">'
            '<h1 class="item-page-title-field"><div class="d-inline">Publication: </div>'
            '<span class="dont-break-out">Kommunesamarbeid i Norden</span></h1>'
            '<div class="simple-view-element"><h5 class="simple-view-element-header">Authors</h5>'
            '<div class="simple-view-element-body"><a class="dont-break-out ds-browse-link">Holm, Eva</a>'
            '<span class="separator">; </span><a class="dont-break-out ds-browse-link">Berg, Lars</a></div></div>'
            '<div class="simple-view-element"><h5 class="simple-view-element-header">URI</h5>'
            '<div class="simple-view-element-body"><a class="dont-break-out" href="https://hdl.handle.net/1234/567">'
            'https://hdl.handle.net/1234/567</a></div></div>'
            '</div></ds-item-page></body></html>')
    record = parse_item_page(html, DSPACE7_URL)
    assert record.metadata["dc.title"] == ["Kommunesamarbeid i Norden"]
    assert record.metadata["dc.contributor.author"] == ["Holm, Eva", "Berg, Lars"]
    assert record.metadata["dc.identifier.uri"] == ["https://hdl.handle.net/1234/567"]
    assert record.metadata["dc.date.issued"] == ["2021-03"]
    assert record.metadata["nordcat.fulltext_url"] == ["https://repo.example.org/bitstreams/77aa/download"]
    assert record.links == [DSPACE7_URL + "/full"]


def test_dspace7_full_page():
    html = (f'<html><head>{DSPACE7_HEAD}</head><body><ds-full-item-page><div class="full-item-info">'
            '<table class="table table-striped"><tbody>'
            '<tr><td>dc.contributor.author</td><td>Holm, Eva</td><td></td></tr>'
            '<tr><td>dc.identifier.uri</td><td>https://hdl.handle.net/1234/567</td><td></td></tr>'
            '<tr><td>dc.title</td><td>Kommunesamarbeid i Norden</td><td>nb_NO</td></tr>'
            '</tbody></table></div></ds-full-item-page></body></html>')
    record = parse_item_page(html, DSPACE7_URL + "/full")
    assert record.metadata["dc.contributor.author"] == ["Holm, Eva"]
    assert record.metadata["dc.title"] == ["Kommunesamarbeid i Norden"]
    assert record.metadata["nordcat.url"] == [DSPACE7_URL]
    assert record.links == [] and record.missing == []


# --- DSpace listings ------------------------------------------------------------------------------

LISTED_ITEMS = [
    "https://biopen.bi.no/bi-xmlui/handle/11250/94194",
    "https://biopen.bi.no/bi-xmlui/handle/11250/2479361",
    "https://biopen.bi.no/bi-xmlui/handle/11250/2630117",
    "https://biopen.bi.no/bi-xmlui/handle/11250/2731998",
    "https://biopen.bi.no/bi-xmlui/handle/11250/3017745",
]


def test_listing_gives_item_links_then_next_page():
    record = parse_listing_page(page("dspace_recent_submissions_no.html"), "https://biopen.bi.no/bi-xmlui/recent-submissions")
    assert record.links == LISTED_ITEMS + ["https://biopen.bi.no/bi-xmlui/recent-submissions?offset=20"]
    assert not record.is_record and record.missing == []


def test_listing_is_not_a_record_even_through_the_item_parser():
    record = parse_item_page(page("dspace_recent_submissions_no.html"), "https://biopen.bi.no/bi-xmlui/recent-submissions")
    assert not record.is_record
    assert record.metadata == {}
    assert record.links[:5] == LISTED_ITEMS


def test_collection_page_skips_its_own_handle():
    html = ('<html><body><h2 class="page-header">Research Reports</h2><ul>'
            '<li><a href="/bi-xmlui/handle/11250/93731">Research Reports</a></li>'
            '<li><a href="/bi-xmlui/handle/11250/93731/browse?type=title">Titler</a></li>'
            '<li><a href="/bi-xmlui/handle/11250/94194">Offentlig-private partnerskap</a></li></ul></body></html>')
    record = parse_item_page(html, "https://biopen.bi.no/bi-xmlui/handle/11250/93731")
    assert not record.is_record
    assert record.links == [ITEM_URL]


@pytest.mark.parametrize("url, expected", [
    ("https://biopen.bi.no/bi-xmlui/handle/11250/94194", True),
    ("https://biopen.bi.no/bi-xmlui/handle/11250/94194?show=full", True),
    ("https://repo.example.org/items/0b8e9a6c-3f3e-4a55-9f0e-2c1b0d6a7e11", True),
    ("https://repo.example.org/entities/publication/0b8e9a6c-3f3e-4a55-9f0e-2c1b0d6a7e11", True),
    ("https://biopen.bi.no/bi-xmlui/bitstream/handle/11250/94194/Report_06_2005.pdf?sequence=1", False),
    ("https://biopen.bi.no/bi-xmlui/handle/11250/93731/recent-submissions", False),
    ("https://biopen.bi.no/bi-xmlui/recent-submissions?offset=20", False),
    ("https://biopen.bi.no/bi-xmlui/discover?query=samarbeid", False),
])
def test_is_item_url(url, expected):
    assert is_item_url(url) is expected


# --- docplayer: seed 003 (COWI, Danish) -------------------------------------------------------------

COWI_CASES = ["Galleri Hamlet", "Adoptionsprojektet", "Gennem Ild & Vand", "Råd til livet", "Kulturringen"]


@pytest.fixture(scope="module")
def cowi():
    return parse_transcript(page("docplayer_partnerskaber_cowi.html"), COWI_URL)


def cowi_pages(record) -> list[str]:
    return record.metadata["nordcat.text"][0].split("\n\n")


def test_transcript_title_without_site_suffix(cowi):
    assert cowi.metadata["dc.title"] == ["PARTNERSKABER MED VIRKSOMHEDER TIL GAVN FOR BEBOERE I UDSATTE BOLIGOMRÅDER"]


def test_transcript_text_names_every_case(cowi):
    text = cowi.metadata["nordcat.text"][0]
    for case in COWI_CASES:
        assert case in text


def test_transcript_pages_and_count(cowi):
    assert cowi.metadata["nordcat.page_count"] == ["14"]
    assert len(cowi_pages(cowi)) == 14


def test_transcript_page_numbers_removed(cowi):
    pages = cowi_pages(cowi)
    assert pages[0].startswith("PARTNERSKABER MED VIRKSOMHEDER")
    assert pages[1].startswith("HVAD var formålet med projektet?")
    assert pages[1].endswith("Finansiering: Socialministeriet byfornyelseskontoret.")


def test_transcript_furniture_removed(cowi):
    text = cowi.metadata["nordcat.text"][0]
    for furniture in ("Størrelse", "Starte visningen", "Download", "Transkript", "Læs mere", "Relaterede"):
        assert furniture not in text


def test_transcript_date_and_author_from_first_page(cowi):
    assert cowi.metadata["dc.date.issued"] == ["2010-11-22"]
    assert cowi.metadata["dc.creator"] == ["Lise Heiner Schmidt"]


def test_transcript_language_and_download(cowi):
    assert cowi.metadata["dc.language"] == ["da"]
    assert cowi.metadata["nordcat.fulltext_url"] == ["https://docplayer.dk/storage/39/1374529/1374529.pdf"]
    assert cowi.metadata["nordcat.file_type"] == ["pdf"]
    assert cowi.metadata["nordcat.url"] == [COWI_URL]


def test_transcript_related_documents_in_page_order(cowi):
    titles, urls = cowi.metadata["nordcat.related.title"], cowi.metadata["nordcat.related.url"]
    assert len(titles) == len(urls) == 30
    assert titles[:2] == ["Alle kan arbejde med socialt ansvar", "CSR PÅ VESTERBRO & I KGS. ENGHAVE"]
    assert titles[-1] == "KOMMUNIKATIONS- STRATEGI 2015"
    assert urls[0] == "https://docplayer.dk/2204117-Alle-kan-arbejde-med-socialt-ansvar.html"


def test_transcript_is_a_record_without_links(cowi):
    assert cowi.is_record and cowi.links == [] and cowi.missing == []


def seed_transcript(path: Path) -> tuple[list[str], list[str]]:
    """(pages without page numbers, related titles) of a docplayer seed rendering."""
    blocks = [block.strip() for block in path.read_text(encoding="utf-8").split("\nTranskript\n", 1)[1].split("\n\n")]
    blocks = [block for block in blocks if block]
    pages = []
    while blocks and re.match(rf"{len(pages) + 1}( |$)", blocks[0]):
        number, _, text = blocks.pop(0).partition(" ")
        pages.append(re.sub(rf"\s+{number}$", "", text))
    return pages, blocks[0::3]


def test_cowi_transcript_matches_the_seed(cowi, shared_dir):
    pages, related = seed_transcript(shared_dir / "seeds" / "003_f3d87d729d51e10a.txt")
    assert cowi_pages(cowi) == pages
    assert cowi.metadata["nordcat.related.title"] == related


# --- docplayer: seed 004 (Teleplan, Norwegian) -----------------------------------------------------

@pytest.fixture(scope="module")
def teleplan():
    return parse_transcript(page("docplayer_ikt_samarbeid_teleplan.html"), TELEPLAN_URL)


def test_teleplan_title_and_pages(teleplan):
    assert teleplan.metadata["dc.title"] == ["IKT-samarbeid et overblikk"]
    assert teleplan.metadata["nordcat.page_count"] == ["30"]
    assert teleplan.metadata["dc.language"] == ["no"]


def test_teleplan_has_no_date_to_find(teleplan):
    assert "dc.date.issued" not in teleplan.metadata
    assert "dc.creator" not in teleplan.metadata


def test_teleplan_related_documents(teleplan):
    titles = teleplan.metadata["nordcat.related.title"]
    assert len(titles) == len(teleplan.metadata["nordcat.related.url"]) == 30
    assert titles[0] == "Samarbeid mellom ledere og tillitsvalgte"
    assert titles[-1] == "KARTLEGGING AV SKOLENES FORHOLD TIL «BRING YOUR OWN DEVICE»"


def test_teleplan_transcript_matches_the_seed(teleplan, shared_dir):
    pages, related = seed_transcript(shared_dir / "seeds" / "004_3ac157cc45cd0413.txt")
    assert teleplan.metadata["nordcat.text"][0].split("\n\n") == pages
    assert teleplan.metadata["nordcat.related.title"] == related


# --- docplayer: variants ----------------------------------------------------------------------------

def transcript_page(pages: str, head: str = "<title>Rapport - PDF Gratis download</title>") -> str:
    return f'<html lang="sv"><head>{head}</head><body><div class="transcript"><h2>Transkript</h2>{pages}</div></body></html>'


def test_title_from_html_title_without_suffix():
    record = parse_transcript(transcript_page('<div class="page" data-page="1">Text</div>'), COWI_URL)
    assert record.metadata["dc.title"] == ["Rapport"]


def test_unclosed_page_divs_do_not_repeat_text():
    html = transcript_page('<div class="page" data-page="1">1 Första sidan'
                           '<div class="page" data-page="2">2 Andra sidan 2'
                           '<div class="page" data-page="3">3 Tredje sidan')
    record = parse_transcript(html, COWI_URL)
    assert record.metadata["nordcat.text"] == ["Första sidan\n\nAndra sidan\n\nTredje sidan"]


@pytest.mark.parametrize("first_page, issued", [
    ("Seminarium Malmö 3 mars 2015 program", "2015-03-03"),
    ("Kokous 22.11.2010 Tampere", "2010-11-22"),
    ("Årsrapport 2014 Umeå kommun", "2014"),
    ("Postboks 1324 Lysaker", None),
])
def test_transcript_date_forms(first_page, issued):
    record = parse_transcript(transcript_page(f'<div class="page" data-page="1">{first_page}</div>'), COWI_URL)
    assert record.metadata.get("dc.date.issued") == ([issued] if issued else None)


def test_a_name_said_once_is_not_taken_for_the_author():
    html = transcript_page('<div class="page" data-page="1">Mandag den 22. november 2010 Socialministeriet København 1</div>')
    assert "dc.creator" not in parse_transcript(html, COWI_URL).metadata


def test_stray_windows_1252_bytes_in_utf8_page():
    html = transcript_page('<div class="page" data-page="1">Første møte: samarbeid i kommunene</div>',
                           head='<meta charset="utf-8"><title>IKT-samarbeid - PDF Gratis nedlasting</title>')
    body = html.encode("utf-8").replace(b"i kommunene", "«i kommunene»".encode("cp1252"))
    assert parse_transcript(body, COWI_URL).metadata["nordcat.text"] == ["Første møte: samarbeid «i kommunene»"]


def test_home_page_links_transcripts_only():
    html = ('<html><body><a href="/1374529-Partnerskaber-med-virksomheder.html">A</a>'
            '<a href="/upload/">Upload</a><a href="https://docplayer.dk/2204117-Alle-kan-arbejde.html">B</a>'
            '<a href="/1374529-Partnerskaber-med-virksomheder.html">A again</a></body></html>')
    record = parse_home(html, "https://docplayer.dk/")
    assert record.links == ["https://docplayer.dk/1374529-Partnerskaber-med-virksomheder.html",
                            "https://docplayer.dk/2204117-Alle-kan-arbejde.html"]
    assert not record.is_record and record.missing == []


@pytest.mark.parametrize("title, topics, expected", [
    ("Partnerskaber med virksomheder", ["partnerskab"], True),
    ("Erfaringer fra samarbeidet i Vestfold", ["samarbeid"], True),
    ("IKT-samarbeid et overblikk", ["ikt-samarbeid"], True),
    ("Samverkan mellan kommuner", ["SAMVERKAN"], True),
    ("Offentlig-privat partnerskap", ["offentlig privat"], True),
    ("Yhteistyö kuntien välillä", ["yhteistyo"], True),
    ("Bærekraftig kommune", ["baerekraft"], True),
    ("Trepartssamarbeid i kommunene", ["samarbeid"], False),
    ("Opskrifter på kager og desserter", ["partnerskab", "samarbejde"], False),
    ("Håndboldklubbens sæson 2015", [], False),
])
def test_related_on_topic(title, topics, expected):
    assert related_on_topic(title, topics) is expected


# --- web: seed 001 (news article with JSON-LD and OpenGraph) --------------------------------------

@pytest.fixture(scope="module")
def news():
    return parse_article(page("news_reformkommissionen.html"), ARTICLE_URL)


def test_news_headline(news):
    assert news.metadata["dc.title"] == ["Reformkommissionens 6 principper for samarbejdet mellem kommuner og civilsamfund"]


def test_news_dates(news):
    assert news.metadata["dc.date.issued"] == ["2022-10-26T06:00:00+02:00"]
    assert news.metadata["nordcat.date.modified"] == ["2022-10-27T09:41:12+02:00"]


def test_news_language(news):
    assert news.metadata["dc.language"] == ["da"]


def test_news_persons_only_as_authors(news):
    assert news.metadata["dc.contributor.author"] == ["Maria Lund Holst"]


def test_news_publisher_through_graph_reference(news):
    assert news.metadata["dc.publisher"] == ["Impact Insider"]


def test_news_section_keywords_type_and_canonical(news):
    assert news.metadata["nordcat.section"] == ["Civilsamfund"]
    assert news.metadata["dc.subject"] == ["partnerskaber", "civilsamfund", "kommuner", "Reformkommissionen"]
    assert news.metadata["dc.type"] == ["Newspaper article"]
    assert news.metadata["nordcat.canonical"] == [ARTICLE_URL]


def test_news_text_is_the_article_only(news):
    text = news.metadata["nordcat.text"][0]
    for heading in ("1. Politisk ejerskab", "2. En langsigtet indsats", "6. Mere evidens og videndeling mellem kommunerne:"):
        assert heading in text
    for furniture in ("Hvad søger du?", "Connect with us", "Mere du kan læse", "CVR: 42681709", "herreklub"):
        assert furniture not in text


def test_news_footer_document_is_not_related(news):
    assert "nordcat.related.url" not in news.metadata
    assert news.links == [] and news.missing == []


# --- web: seed 002 (organisation page without JSON-LD) ---------------------------------------------

@pytest.fixture(scope="module")
def org():
    headers = {"Content-Type": "text/html; charset=utf-8", "Last-Modified": "Tue, 05 Mar 2024 10:00:00 GMT"}
    return parse_article(page("org_veileder_trepartssamarbeid.html"), ORG_URL, headers=headers)


def test_org_title_from_heading(org):
    assert org.metadata["dc.title"] == ["Veileder i trepartssamarbeid"]


def test_org_page_facts(org):
    assert org.metadata["dc.language"] == ["no"]
    assert org.metadata["dc.type"] == ["Web page"]
    assert org.metadata["dc.description.abstract"] == [
        "Fagforbundet har som mål at trepartssamarbeid skal bli en arbeidsmetode for utvikling av offentlig sektor."
    ]
    assert org.metadata["dc.subject"] == ["trepartssamarbeid", "omstilling", "kommune"]


def test_org_modified_from_http_header(org):
    assert org.metadata["nordcat.date.modified"] == ["2024-03-05T10:00:00+00:00"]


def test_org_documents_outside_navigation(org):
    assert org.metadata["nordcat.related.url"] == [
        "https://www.fagforbundet.no/globalassets/dokumenter/veileder-i-trepartssamarbeid.pdf",
        "https://www.fagforbundet.no/globalassets/dokumenter/partssamarbeid-faktaark.docx",
    ]
    assert org.metadata["nordcat.related.title"] == ["Last ned Veileder i trepartssamarbeid (PDF)", "Faktaark om partssamarbeid"]


def test_org_text(org):
    text = org.metadata["nordcat.text"][0]
    assert "casestudier fra Lunner – og Øvre Eiker kommune" in text
    assert "Tips en venn" not in text and "Til toppen" not in text


# --- web: layers and fallbacks ---------------------------------------------------------------------

def test_opengraph_and_byline_fill_a_page_without_json_ld():
    html = ('<html lang="nb"><head><meta property="og:type" content="article">'
            '<meta property="og:title" content="Kommunene samarbeider om IKT">'
            '<meta property="article:published_time" content="2024-01-09T08:00:00+01:00"></head>'
            '<body><article><h1>Kommunene samarbeider</h1><span class="byline">Av Kari Nordmann og Ola Berg</span>'
            '<p>Fire kommuner i Vestfold har slått sammen IKT-driften sin.</p></article></body></html>')
    record = parse_article(html, "https://news.example.no/a")
    assert record.metadata["dc.title"] == ["Kommunene samarbeider om IKT"]
    assert record.metadata["dc.date.issued"] == ["2024-01-09T08:00:00+01:00"]
    assert record.metadata["dc.contributor.author"] == ["Kari Nordmann", "Ola Berg"]
    assert record.metadata["dc.language"] == ["nb"]
    assert record.metadata["dc.type"] == ["Newspaper article"]


def test_time_element_dates_a_plain_page():
    html = '<html><body><main><h1>Nyhet</h1><time datetime="2023-05-02">2. mai</time><p>Tekst.</p></main></body></html>'
    assert parse_article(html, "https://org.example.no/n").metadata["dc.date.issued"] == ["2023-05-02"]


def test_main_text_falls_back_to_the_main_element(monkeypatch):
    monkeypatch.setattr(article.trafilatura, "extract", lambda *args, **kwargs: None)
    html = ('<html><body><nav><p>Meny</p></nav><main><h1>Tema</h1><p>Første avsnitt.</p>'
            '<ul><li><p>Punkt</p></li></ul></main><footer><p>Kontakt</p></footer></body></html>')
    assert parse_article(html, "https://org.example.no/t").metadata["nordcat.text"] == ["Første avsnitt.\nPunkt"]


def test_microdata_article_fills_what_json_ld_lacks():
    html = ('<html lang="sv"><head><script type="application/ld+json">{"@type": "WebPage", "name": "Sidan"}</script>'
            '</head><body><article itemscope itemtype="https://schema.org/NewsArticle">'
            '<h1 itemprop="headline">Kommuner samverkar om IT</h1>'
            '<span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Eva Holm</span></span>'
            '<time itemprop="datePublished" datetime="2023-04-02">2 april</time><p>Text.</p></article></body></html>')
    record = parse_article(html, "https://news.example.se/a")
    assert record.metadata["dc.title"] == ["Sidan"]  # JSON-LD first
    assert record.metadata["dc.contributor.author"] == ["Eva Holm"]
    assert record.metadata["dc.date.issued"] == ["2023-04-02"]
    assert record.metadata["dc.type"] == ["Newspaper article"]


def test_a_broken_json_ld_script_does_not_cost_the_others():
    html = ('<html><head><script type="application/ld+json">{"@type": "Article", "headline": </script>'
            '<script type="application/ld+json">\n// <![CDATA[\n{"@type": "Article", "headline": "Rapport",'
            ' "datePublished": "2024-02-01"}\n// ]]>\n</script></head><body><main><p>Tekst.</p></main></body></html>')
    record = parse_article(html, "https://org.example.no/r")
    assert record.metadata["dc.title"] == ["Rapport"]
    assert record.metadata["dc.date.issued"] == ["2024-02-01"]


def test_opengraph_site_name_is_the_publisher_and_repeated_tags_are_kept():
    html = ('<html><head><meta property="og:site_name" content="Fagforbundet">'
            '<meta property="article:tag" content="IKT"><meta property="article:tag" content="kommune">'
            '<meta property="og:url" content="/tema/ikt/"></head><body><main><h1>IKT</h1><p>Tekst.</p></main></body></html>')
    record = parse_article(html, "https://www.fagforbundet.no/tema/ikt/?utm=x")
    assert record.metadata["dc.publisher"] == ["Fagforbundet"]
    assert record.metadata["dc.subject"] == ["IKT", "kommune"]
    assert record.metadata["nordcat.canonical"] == ["https://www.fagforbundet.no/tema/ikt/"]


# --- web: documents linked from a page as records of their own -------------------------------------

def test_org_linked_documents(org):
    assert linked_documents(org.metadata) == [
        {"dc.title": ["Veileder i trepartssamarbeid"], "dc.language": ["no"], "nordcat.file_type": ["pdf"],
         "nordcat.fulltext_url": ["https://www.fagforbundet.no/globalassets/dokumenter/veileder-i-trepartssamarbeid.pdf"],
         "nordcat.found_on": [ORG_URL],
         "nordcat.url": ["https://www.fagforbundet.no/globalassets/dokumenter/veileder-i-trepartssamarbeid.pdf"]},
        {"dc.title": ["Faktaark om partssamarbeid"], "dc.language": ["no"], "nordcat.file_type": ["docx"],
         "nordcat.fulltext_url": ["https://www.fagforbundet.no/globalassets/dokumenter/partssamarbeid-faktaark.docx"],
         "nordcat.found_on": [ORG_URL],
         "nordcat.url": ["https://www.fagforbundet.no/globalassets/dokumenter/partssamarbeid-faktaark.docx"]},
    ]


@pytest.mark.parametrize("anchor, href, title, file_type", [
    ("Last ned årsrapporten (PDF, 2 MB)", "/filer/aarsrapport.pdf", "årsrapporten", "pdf"),
    ("Ladda ner: Vägledning [pdf]", "/dok/vagledning.PDF", "Vägledning", "pdf"),
    ("PDF", "/dok/Samarbeid%20i%20kommunene.odt", "Samarbeid i kommunene.odt", "odt"),
    ("her", "/dok/notat.doc", "notat.doc", "doc"),
])
def test_linked_document_titles_and_types(anchor, href, title, file_type):
    html = (f'<html lang="sv"><head><meta property="og:site_name" content="SKR"></head><body><main><h1>Sida</h1>'
            f'<p>Text.</p><a href="{href}">{anchor}</a></main></body></html>')
    (document,) = linked_documents(parse_article(html, "https://skr.example.se/sida").metadata)
    assert document["dc.title"] == [title]
    assert document["nordcat.file_type"] == [file_type]
    assert document["dc.publisher"] == ["SKR"] and document["dc.language"] == ["sv"]


def test_a_page_without_documents_has_no_linked_records(news):
    assert linked_documents(news.metadata) == []


# --- empty pages: every kind reports what it misses -------------------------------------------------

@pytest.mark.parametrize("body", ["", b"", "<html><body></body></html>"])
def test_empty_pages_are_parse_failures(body):
    assert parse_item_page(body, ITEM_URL).missing == ["links"]  # no item marker: read as a listing
    assert parse_listing_page(body, "https://biopen.bi.no/bi-xmlui/recent-submissions").missing == ["links"]
    assert parse_transcript(body, COWI_URL).missing == ["dc.title", "nordcat.text"]
    assert parse_home(body, "https://docplayer.dk/").missing == ["links"]
    assert parse_article(body, ARTICLE_URL).missing == ["dc.title", "nordcat.text"]


# --- sitemaps and feeds ------------------------------------------------------------------------------

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://impactinsider.dk/artikel/a</loc><lastmod>2024-02-01T10:00:00+01:00</lastmod></url>
<url><loc> https://impactinsider.dk/artikel/b </loc></url>
</urlset>"""
SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://impactinsider.dk/post-sitemap.xml</loc><lastmod>2024-02-01</lastmod></sitemap>
<sitemap><loc>https://impactinsider.dk/page-sitemap.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_sitemap_urlset():
    assert parse_sitemap(URLSET, "https://impactinsider.dk/sitemap.xml") == (
        [("https://impactinsider.dk/artikel/a", "2024-02-01T10:00:00+01:00"), ("https://impactinsider.dk/artikel/b", None)], []
    )


def test_sitemap_index():
    assert parse_sitemap(SITEMAP_INDEX, "https://impactinsider.dk/sitemap.xml") == (
        [], ["https://impactinsider.dk/post-sitemap.xml", "https://impactinsider.dk/page-sitemap.xml.gz"]
    )


def test_gzipped_bom_and_plain_text_sitemaps():
    first_page = ("https://impactinsider.dk/artikel/a", "2024-02-01T10:00:00+01:00")
    assert parse_sitemap(gzip.compress(URLSET), "https://x/s.xml.gz")[0][0] == first_page
    assert parse_sitemap(b"\xef\xbb\xbf" + URLSET, "https://x/s.xml")[0][0] == first_page
    assert parse_sitemap(b"https://a.example/1\nnot a url\nhttps://a.example/2\n", "https://a.example/s.txt") == (
        [("https://a.example/1", None), ("https://a.example/2", None)], []
    )


def test_unreadable_sitemap_is_empty():
    assert parse_sitemap(b"", "https://x/s.xml") == ([], [])
    assert parse_sitemap(b"<html><body>Not found</body></html>", "https://x/s.xml") == ([], [])


def test_rss_feed():
    rss = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Impact Insider</title>
    <item><title>A</title><link>https://impactinsider.dk/artikel/a</link><pubDate>Tue, 05 Mar 2024 10:00:00 +0100</pubDate></item>
    <item><title>B</title><guid isPermaLink="true">https://impactinsider.dk/artikel/b</guid></item>
    <item><title>C</title><guid isPermaLink="false">post-123</guid></item>
    </channel></rss>""".encode()
    assert parse_feed(rss, "https://impactinsider.dk/feed.xml") == [
        ("https://impactinsider.dk/artikel/a", "2024-03-05T10:00:00+01:00"),
        ("https://impactinsider.dk/artikel/b", None),
    ]


def test_atom_feed():
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Nyheter</title>
    <entry><title>A</title><link rel="self" href="https://org.example.no/api/a"/>
    <link rel="alternate" href="/nyheter/a"/><updated>2024-03-05T10:00:00Z</updated></entry>
    <entry><title>B</title><link href="https://org.example.no/nyheter/b"/><published>2024-01-02T08:00:00Z</published></entry>
    </feed>"""
    assert parse_feed(atom, "https://org.example.no/feed.atom") == [
        ("https://org.example.no/nyheter/a", "2024-03-05T10:00:00Z"),
        ("https://org.example.no/nyheter/b", "2024-01-02T08:00:00Z"),
    ]


def test_empty_feed():
    assert parse_feed(b"", "https://x/feed.xml") == []


def test_article_text_keeps_the_blocks_that_case_extraction_reads():
    """The casebank pages of the demo put each demo case document online: the main text must
    keep its paragraphs (trafilatura's plain text would join them with single newlines, and
    then 19 of the 33 cases found in the source were found instead of all)."""
    from demo.casebank import CasebankSite
    from demo.cases import DOCUMENTS
    from demo.server import Request
    from pipeline.cases import extract_cases

    site = CasebankSite()
    found_in_source, found_on_pages = 0, 0
    for document in DOCUMENTS:
        path = f"/sak/{document.key}/"
        response = site.respond(Request("GET", path, path, {}, b"", "http://casebank.test"))
        text = parse_article(response.body.decode("utf-8"), "http://casebank.test" + path).metadata["nordcat.text"][0]
        found_in_source += len(extract_cases(document.text, language=document.language, title=document.title))
        found_on_pages += len(extract_cases(text, language=document.language, title=document.title))
    assert found_on_pages == found_in_source >= 33  # the cases found in the source (35 are labelled)
