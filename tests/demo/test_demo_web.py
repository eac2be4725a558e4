"""The embedded demo web over real HTTP on ephemeral ports: OAI-PMH protocol behaviour, the seed
pages in the markup the spiders expect, the registry, and the content rules (counts, checksums,
determinism)."""
import json
import re
import signal
import subprocess
import sys
import zlib
from pathlib import Path

import httpx
import pytest
import yaml
from lxml import etree, html
from sickle import Sickle
from stdnum import isbn, issn

from demo import DEFAULT_PORTS, DemoWeb, Work
from demo import cases as case_documents
from demo import registry, seeds
from demo.identifiers import isbn13
from demo.identifiers import issn as make_issn
from demo.works import biopen_works, nordarkiv_works

OAI = "{http://www.openarchives.org/OAI/2.0/}"
DIM = "{http://www.dspace.org/xmlns/dspace/dim}"
DC = "{http://purl.org/dc/elements/1.1/}"
SEED_ITEM = "/bi-xmlui/handle/11250/94194"
COWI_PATH = "/1374529-Partnerskaber-med-virksomheder-til-gavn-for-beboere-i-udsatte-boligomraader.html"
TELEPLAN_PATH = "/21493076-Ikt-samarbeid-et-overblikk.html"
REFORM_PATH = "/artikel/reformkommissionens-6-principper-for-samarbejdet-mellem-kommuner-og-civilsamfund"
TREPART_PATH = "/tema/veileder-i-trepartssamarbeid/"


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=10, trust_env=False) as session:
        yield session


def oai(web, client, query: str) -> etree._Element:
    response = client.get(f"{web.urls['dspace']}/bi-oai/request?{query}")
    assert response.status_code == 200
    return etree.fromstring(response.content)


def error_code(root: etree._Element) -> str | None:
    error = root.find(f"{OAI}error")
    return None if error is None else error.get("code")


def page(web, client, site: str, path: str) -> html.HtmlElement:
    response = client.get(web.urls[site] + path)
    assert response.status_code == 200, path
    return html.fromstring(response.content)


def metas(document: html.HtmlElement, name: str) -> list[str]:
    return [m.get("content") for m in document.xpath(f'//meta[@name="{name}"]')]


# --- OAI-PMH ---------------------------------------------------------------------------------

def test_identify_describes_the_repository(web, client):
    response = client.get(f"{web.urls['dspace']}/bi-oai/request?verb=Identify")
    assert response.headers["content-type"] == "text/xml;charset=UTF-8"
    identify = etree.fromstring(response.content).find(f"{OAI}Identify")
    fields = {child.tag.removeprefix(OAI): child.text for child in identify}
    assert fields["repositoryName"] == "BI Open (demo)"
    assert fields["baseURL"] == f"{web.urls['dspace']}/bi-oai/request"
    assert fields["protocolVersion"] == "2.0"
    assert fields["deletedRecord"] == "transient"
    assert fields["granularity"] == "YYYY-MM-DDThh:mm:ssZ"
    assert fields["earliestDatestamp"] == min(w.datestamp for w in web.oai.store.snapshot())


def test_list_records_token_chain_covers_every_record_once(web, client):
    root = oai(web, client, "verb=ListRecords&metadataPrefix=oai_dc")
    identifiers, page_sizes, token = [], [], None
    while True:
        listing = root.find(f"{OAI}ListRecords")
        records = listing.findall(f"{OAI}record")
        page_sizes.append(len(records))
        identifiers += [r.findtext(f"{OAI}header/{OAI}identifier") for r in records]
        token = listing.find(f"{OAI}resumptionToken")
        if not token.text:
            break
        assert token.get("completeListSize") == "250"
        root = oai(web, client, f"verb=ListRecords&resumptionToken={token.text}")
    assert page_sizes == [100, 100, 50]
    assert (token.get("completeListSize"), token.get("cursor")) == ("250", "200")
    assert len(set(identifiers)) == 250
    assert sorted(identifiers) == sorted(
        f"oai:biopen.bi.no:{w.handle}" for w in web.oai.store.snapshot())


def test_single_page_list_has_no_token(web, client):
    root = oai(web, client, "verb=ListIdentifiers&metadataPrefix=dim&set=col_11250_93524")
    listing = root.find(f"{OAI}ListIdentifiers")
    assert 0 < len(listing.findall(f"{OAI}header")) < 100
    assert listing.find(f"{OAI}resumptionToken") is None


@pytest.mark.parametrize("arguments, lower, upper", [
    ("from=2020-01-01", "2020-01-01T00:00:00Z", None),
    ("from=2019-06-30T12:00:00Z&until=2021-12-31T23:59:59Z", "2019-06-30T12:00:00Z",
     "2021-12-31T23:59:59Z"),
    ("until=2012-12-31", None, "2012-12-31T23:59:59Z"),
])
def test_from_and_until_select_by_datestamp(web, client, arguments, lower, upper):
    root = oai(web, client, f"verb=ListIdentifiers&metadataPrefix=oai_dc&{arguments}")
    stamps = [h.findtext(f"{OAI}datestamp") for h in root.iter(f"{OAI}header")]
    expected = [w.datestamp for w in web.oai.store.snapshot()
                if (lower is None or w.datestamp >= lower) and (upper is None or w.datestamp <= upper)]
    assert 0 < len(expected) < 250
    assert stamps == expected[:100]
    token = root.find(f"{OAI}ListIdentifiers/{OAI}resumptionToken")
    assert token is None if len(expected) <= 100 else token.get("completeListSize") == str(
        len(expected))


def test_deleted_records_carry_only_a_status_header(web, client):
    root = oai(web, client, "verb=ListRecords&metadataPrefix=dim&from=2015-01-01")
    records = list(root.iter(f"{OAI}record"))
    while (token := root.find(f"{OAI}ListRecords/{OAI}resumptionToken")) is not None and token.text:
        root = oai(web, client, f"verb=ListRecords&resumptionToken={token.text}")
        records += list(root.iter(f"{OAI}record"))
    deleted = [r for r in records if r.find(f"{OAI}header").get("status") == "deleted"]
    assert len(deleted) == 5
    assert all(r.find(f"{OAI}metadata") is None for r in deleted)
    assert all(r.find(f"{OAI}metadata") is not None for r in records if r not in deleted)


def test_get_record_dim_gives_the_seed_fields(web, client):
    root = oai(web, client,
               "verb=GetRecord&identifier=oai:biopen.bi.no:11250/94194&metadataPrefix=dim")
    header = root.find(f"{OAI}GetRecord/{OAI}record/{OAI}header")
    assert [s.text for s in header.findall(f"{OAI}setSpec")] == ["com_11250_93519",
                                                                  "col_11250_93520"]
    fields: dict[str, list[str]] = {}
    for field in root.iter(f"{DIM}field"):
        key = ".".join(filter(None, [field.get("mdschema"), field.get("element"),
                                     field.get("qualifier")]))
        fields.setdefault(key, []).append(field.text)
    assert fields == {
        "dc.contributor.author": ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"],
        "dc.date.accessioned": ["2008-11-27T13:39:13Z"], "dc.date.issued": ["2005"],
        "dc.identifier.issn": ["0803-2610"], "dc.identifier.uri": ["http://hdl.handle.net/11250/94194"],
        "dc.description.abstract": [seeds.BI_REPORT_ABSTRACT],
        "dc.format.extent": ["176209 bytes"], "dc.format.mimetype": ["application/pdf"],
        "dc.language.iso": ["nor"], "dc.relation.ispartofseries": ["Research Report", "06/2005"],
        "dc.title": ["Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet"],
        "dc.type": ["Research report"],
    }
    title = next(f for f in root.iter(f"{DIM}field") if f.get("element") == "title")
    assert title.get("lang") == "en"


def test_oai_dc_flattens_identifiers_and_dates_like_dspace(web, client):
    root = oai(web, client,
               "verb=GetRecord&identifier=oai:biopen.bi.no:11250/94194&metadataPrefix=oai_dc")
    assert [e.text for e in root.iter(f"{DC}identifier")] == ["0803-2610",
                                                              "http://hdl.handle.net/11250/94194"]
    assert [e.text for e in root.iter(f"{DC}date")] == ["2008-11-27T13:39:13Z", "2005"]
    assert [e.text for e in root.iter(f"{DC}creator")][0] == "Midttun, Atle"
    assert [e.text for e in root.iter(f"{DC}relation")] == ["Research Report", "06/2005"]


@pytest.mark.parametrize("query, code", [
    ("verb=ListRecords&resumptionToken=oai_dc////9999", "badResumptionToken"),
    ("verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"),
    ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2031-01-01", "noRecordsMatch"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=col_11250_1", "noRecordsMatch"),
    ("verb=Harvest", "badVerb"),
    ("metadataPrefix=oai_dc", "badVerb"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=oai_dc////100", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z",
     "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-01", "badArgument"),
    ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
    ("verb=GetRecord&identifier=oai:biopen.bi.no:11250/1&metadataPrefix=dim", "idDoesNotExist"),
    ("verb=GetRecord&identifier=oai:biopen.bi.no:11250/94194&metadataPrefix=mods",
     "cannotDisseminateFormat"),
    ("verb=ListSets&resumptionToken=x", "badResumptionToken"),
])
def test_misuse_gives_oai_errors(web, client, query, code):
    root = oai(web, client, query)
    assert error_code(root) == code
    request = root.find(f"{OAI}request")
    assert request.text == f"{web.urls['dspace']}/bi-oai/request"
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}


def test_post_requests_are_answered(web, client):
    response = client.post(f"{web.urls['dspace']}/bi-oai/request",
                           data={"verb": "ListMetadataFormats"})
    prefixes = [e.text for e in etree.fromstring(response.content).iter(f"{OAI}metadataPrefix")]
    assert prefixes == ["oai_dc", "dim"]


def test_list_sets_names_communities_and_collections(web, client):
    root = oai(web, client, "verb=ListSets")
    sets = {s.findtext(f"{OAI}setSpec"): s.findtext(f"{OAI}setName") for s in root.iter(f"{OAI}set")}
    assert sets["com_11250_93519"] == "Forskningspublikasjoner"
    assert sets["col_11250_93520"] == "Research Reports"
    assert len(sets) == 6


def test_some_records_sit_in_two_collections(web):
    doubles = [w for w in web.oai.store.snapshot() if len(w.collections) == 2]
    assert doubles and all(len(web.oai.set_specs(w)) == 3 for w in doubles)


def test_sickle_harvests_everything(web):
    harvester = Sickle(f"{web.urls['dspace']}/bi-oai/request")
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
    assert len(records) == 250
    assert sum(r.deleted for r in records) == 5
    seed = next(r for r in records if r.header.identifier.endswith("11250/94194"))
    assert seed.metadata["title"] == [
        "Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet"]


def test_mutations_show_up_in_the_next_harvest():
    with DemoWeb(ports=dict.fromkeys(DEFAULT_PORTS, 0), oai_records=30) as small, \
            httpx.Client(timeout=10, trust_env=False) as session:
        base = f"{small.urls['dspace']}/bi-oai/request"
        target = next(w for w in small.oai.store.snapshot() if w.handle != "11250/94194"
                      and not w.deleted)
        updated = small.oai.update(target.handle, title="Ny tittel")
        gone = small.oai.delete("11250/94194")
        added = small.oai.add(Work(handle="11250/3000001", title="Nytt verk",
                                   authors=["Berg, Kari"], issued="2025", language="nob",
                                   accessioned="2025-11-01T10:00:00Z", type="Research report",
                                   collections=["11250/93520"]))
        since = min(updated.datestamp, gone.datestamp, added.datestamp)
        root = etree.fromstring(session.get(
            f"{base}?verb=ListRecords&metadataPrefix=oai_dc&from={since}").content)
        records = {r.findtext(f"{OAI}header/{OAI}identifier"): r for r in root.iter(f"{OAI}record")}
        assert set(records) == {f"oai:biopen.bi.no:{h}" for h in
                                (target.handle, "11250/94194", "11250/3000001")}
        assert records[f"oai:biopen.bi.no:{target.handle}"].findtext(f".//{DC}title") == "Ny tittel"
        assert records["oai:biopen.bi.no:11250/94194"].find(f"{OAI}header").get("status") == "deleted"
        assert session.get(small.urls["dspace"] + SEED_ITEM).status_code == 404


# --- XMLUI -----------------------------------------------------------------------------------

def test_simple_item_page_has_dspace_head_and_body(web, client):
    item = page(web, client, "dspace", SEED_ITEM)
    assert item.get("lang") == "no"
    assert item.findtext(".//title") == ("Offentlig-private partnerskap som supplement til det "
                                         "offentlige velferdstilbudet")
    assert metas(item, "DC.creator") == ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"]
    assert metas(item, "citation_author") == metas(item, "DC.creator")
    issued = item.xpath('//meta[@name="DCTERMS.issued"]')[0]
    assert (issued.get("content"), issued.get("scheme")) == ("2005", "DCTERMS.W3CDTF")
    uri = item.xpath('//meta[@name="DC.identifier"][@scheme="DCTERMS.URI"]')[0]
    assert uri.get("content") == "http://hdl.handle.net/11250/94194"
    assert metas(item, "DC.relation") == ["Research Report", "06/2005"]
    assert metas(item, "citation_issn") == ["0803-2610"]
    assert metas(item, "DCTERMS.abstract") == [seeds.BI_REPORT_ABSTRACT]
    assert metas(item, "citation_pdf_url") == [
        f"{web.urls['dspace']}/bi-xmlui/bitstream/handle/11250/94194/Report_06_2005.pdf"
        "?sequence=1&isAllowed=y"]
    assert metas(item, "citation_abstract_html_url") == [web.urls["dspace"] + SEED_ITEM]
    authors = item.xpath('//div[contains(@class, "simple-item-view-authors")]')[0]
    assert authors.findtext("h5") == "Forfatter"
    assert [d.text for d in authors.findall("div")] == metas(item, "DC.creator")
    assert item.xpath('string(//div[contains(@class, "simple-item-view-date")])') == "Dato2005"
    assert item.xpath('//a[text()="Vis full innførsel"]/@href') == [SEED_ITEM + "?show=full"]
    assert item.xpath('//h2[@class="ds-list-head"]/text()') == [
        "Denne innførselen finnes i følgende samling(er)"]
    assert "/bi-xmlui/handle/11250/93520" in item.xpath('//ul[@class="ds-referenceSet-list"]//a/@href')


def test_full_item_page_lists_every_field(web, client):
    item = page(web, client, "dspace", SEED_ITEM + "?show=full")
    rows = [[cell.text_content() for cell in row.findall("td")]
            for row in item.xpath('//table[contains(@class, "detailtable")]/tr')]
    assert rows[:3] == [["dc.contributor.author", name, ""] for name in
                        ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"]]
    assert ["dc.relation.ispartofseries", "06/2005", "en"] in rows
    assert ["dc.title", "Offentlig-private partnerskap som supplement til det offentlige "
            "velferdstilbudet", "en"] in rows
    assert item.xpath('//a[text()="Vis enkel innførsel"]/@href') == [SEED_ITEM]
    assert item.xpath('//h4/text()') == ["Tilhørende fil(er)"]


def test_full_item_page_matches_the_real_seed_record(web, client, shared_dir):
    """Every dc row of the real BI Open page (seed 000) is on the demo page, value and lang."""
    seed_text = (shared_dir / "seeds/000_13704d08e2bb767b.txt").read_text(encoding="utf-8")
    seed_rows = [line for line in seed_text.splitlines() if line.startswith("dc.")]
    item = page(web, client, "dspace", SEED_ITEM + "?show=full")
    demo_rows = ["".join(c.text_content() for c in row.findall("td"))
                 for row in item.xpath('//table[contains(@class, "detailtable")]/tr')]
    assert len(seed_rows) == 15
    assert demo_rows == seed_rows


def test_recent_submissions_paginate_over_the_item_subset(web, client):
    path, seen, pages = "/bi-xmlui/recent-submissions", [], 0
    while path:
        listing = page(web, client, "dspace", path)
        pages += 1
        seen += listing.xpath('//div[contains(@class, "ds-artifact-item")]'
                              '//div[contains(@class, "artifact-description")]/a/@href')
        following = listing.xpath('//a[@class="next-page-link"]/@href')
        path = following[0] if following else None
    assert pages == 3 and len(seen) == len(set(seen)) == 60
    assert SEED_ITEM in seen


def test_community_collection_and_search_pages(web, client):
    community = page(web, client, "dspace", "/bi-xmlui/handle/11250/93519")
    assert community.xpath('//div[contains(@class, "main-content")]//ul[@class="ds-artifact-list"]'
                           "//a/@href") == [f"/bi-xmlui/handle/11250/{n}" for n in (93520, 93521, 93522)]
    collection = page(web, client, "dspace", "/bi-xmlui/handle/11250/93520")
    assert collection.xpath("//h2[contains(@class, 'first-page-header')]/text()") == ["Research Reports"]
    listing = page(web, client, "dspace", "/bi-xmlui/handle/11250/93520/recent-submissions")
    reports = web.sites["dspace"].xmlui.items("11250/93520")
    assert listing.xpath('string(//p[@class="pagination-info"])') == (
        f"Viser innførsler 1-{min(len(reports), 20)} av {len(reports)}")
    search = page(web, client, "dspace", "/bi-xmlui/discover?query=velferdstilbudet")
    assert SEED_ITEM in search.xpath('//div[contains(@class, "artifact-description")]/a/@href')
    assert ("dspace", "/bi-xmlui/discover?query=velferdstilbudet") in web.requests


def test_bitstream_serves_a_pdf_of_the_work(web, client):
    response = client.get(f"{web.urls['dspace']}/bi-xmlui/bitstream/handle/11250/94194/"
                          "Report_06_2005.pdf?sequence=1&isAllowed=y")
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert b"Midttun, Atle" in text and "Bærum".encode("latin-1") in text


def test_dspace_robots_and_sitemap(web, client):
    robots = client.get(web.urls["dspace"] + "/robots.txt").text
    assert robots.splitlines()[:3] == ["User-agent: *", "Disallow: /bi-xmlui/discover",
                                       "Disallow: /bi-xmlui/search"]
    assert f"Sitemap: {web.urls['dspace']}/sitemap" in robots
    locs = etree.fromstring(client.get(web.urls["dspace"] + "/sitemap").content).iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    assert len(list(locs)) == 60


def test_english_archive_shares_dois_and_isbns_with_bi_open(web, client):
    listing = page(web, client, "dspace_en", "/xmlui/recent-submissions")
    assert listing.get("lang") == "en"
    twin = page(web, client, "dspace_en", "/xmlui/handle/10037/21877")
    assert twin.xpath('string(//div[contains(@class, "simple-item-view-authors")]/h5)') == "Authors"
    assert twin.xpath('//h2[@class="ds-list-head"]/text()') == [
        "This item appears in the following Collection(s)"]
    assert metas(twin, "citation_doi") == ["10.58235/sjpa.v20i3.11482"]
    bi_dois = {w.doi for w in web.oai.store.snapshot() if w.doi}
    bi_isbns = {w.isbn for w in web.oai.store.snapshot() if w.isbn}
    shared = [w for w in nordarkiv_works() if w.doi in bi_dois or w.isbn in bi_isbns]
    assert len(shared) == 5
    assert {w.language for w in nordarkiv_works()} == {"swe", "fin", "dan", "eng"}


# --- docplayer -------------------------------------------------------------------------------

def test_cowi_transcript_page(web, client):
    doc = page(web, client, "docplayer", COWI_PATH)
    title = seeds.COWI_TITLE
    assert doc.get("lang") == "da"
    assert doc.findtext(".//title") == f"{title} - PDF Gratis download"
    assert doc.xpath('//meta[@property="og:title"]/@content') == [title]
    assert doc.xpath('//h1[@itemprop="name"]/text()') == [title]
    pages = doc.xpath('//div[@class="transcript"]/div[@class="page"]')
    assert [p.get("data-page") for p in pages] == [str(i) for i in range(1, 15)]
    assert "Mandag den 22. november 2010" in pages[0].text_content()
    text = doc.xpath('string(//div[@class="transcript"])')
    for case in ("Galleri Hamlet", "Adoptionsprojektet", "Gennem Ild & Vand", "Råd til livet",
                 "Kulturringen"):
        assert case in text
    related = doc.xpath('//div[@class="related-docs"]//span[@class="related-title"]/text()')
    assert related == [t for t, _ in seeds.COWI_RELATED]
    download = doc.xpath('//a[@class="download-btn"]/@href')[0]
    assert client.get(web.urls["docplayer"] + download).content.startswith(b"%PDF")


def test_teleplan_transcript_page(web, client):
    doc = page(web, client, "docplayer", TELEPLAN_PATH)
    assert doc.get("lang") == "no"
    assert doc.xpath("//h1/text()") == ["IKT-samarbeid et overblikk"]
    assert len(doc.xpath('//div[@class="page"]')) == 30
    assert doc.xpath('string(//div[@data-page="30"])') == "30 Gjermund Lanestedt"


def test_related_documents_form_a_crawlable_graph(web, client):
    """About half the seed's related links exist, and every document is reachable from /."""
    seed = page(web, client, "docplayer", COWI_PATH)
    statuses = [client.get(web.urls["docplayer"] + href).status_code
                for href in seed.xpath('//a[@class="related-doc"]/@href')]
    assert (statuses.count(200), statuses.count(404)) == (12, 18)
    queue, visited, found = ["/"], set(), set()
    while queue:
        path = queue.pop()
        if path in visited:
            continue
        visited.add(path)
        response = client.get(web.urls["docplayer"] + path)
        if response.status_code == 200:
            found.add(path)
            queue += html.fromstring(response.content).xpath(
                '//ul[@class="doc-list"]//a/@href | //a[@class="related-doc"]/@href')
    transcripts = web.sites["docplayer"].transcripts
    assert found - {"/"} == {t.path for t in transcripts}
    assert len(transcripts) == 31 and sum(not t.on_topic for t in transcripts) == 6
    robots = client.get(web.urls["docplayer"] + "/robots.txt").text
    assert robots == "User-agent: *\nDisallow: /storage/\n"


# --- news and organisation sites -------------------------------------------------------------

def test_news_article_has_json_ld_opengraph_and_text(web, client):
    article = page(web, client, "news", REFORM_PATH)
    assert article.get("lang") == "da"
    ld = json.loads(article.xpath('//script[@type="application/ld+json"]/text()')[0])
    assert ld["@type"] == "NewsArticle" and ld["inLanguage"] == "da"
    assert ld["headline"] == seeds.REFORM_ARTICLE_TITLE
    assert ld["author"] == {"@type": "Person", "name": "Signe Dalgaard"}
    assert ld["publisher"] == {"@type": "Organization", "name": "Impact Insider"}
    assert article.xpath('//link[@rel="canonical"]/@href') == [web.urls["news"] + REFORM_PATH]
    assert article.xpath('//meta[@property="og:type"]/@content') == ["article"]
    assert article.xpath('//meta[@property="article:published_time"]/@content') == [
        ld["datePublished"]]
    assert article.xpath("//article/h1/text()") == [seeds.REFORM_ARTICLE_TITLE]
    assert article.xpath('//span[@class="byline"]/text()') == ["Af Signe Dalgaard"]
    assert article.xpath("//article//time/@datetime") == ["2024-01-15T07:30:00+01:00"]
    assert article.xpath("//article//h2/text()") == [h for h, _ in seeds.REFORM_ARTICLE_SECTIONS]
    assert "CVR: 42681709" in article.xpath("string(//footer)")
    teasers = article.xpath('//aside[@class="related"]//a/@href')
    assert all(client.get(web.urls["news"] + t).status_code == 200 for t in teasers)


def test_news_sitemap_feed_and_closed_admin(web, client):
    base = web.urls["news"]
    robots = client.get(base + "/robots.txt").text
    assert "Disallow: /admin/" in robots and f"Sitemap: {base}/sitemap.xml" in robots
    sitemap = etree.fromstring(client.get(base + "/sitemap.xml").content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = [u.findtext(f"{ns}loc") for u in sitemap.iter(f"{ns}url")]
    assert len(urls) == 30 and base + REFORM_PATH in urls
    assert all(u.findtext(f"{ns}lastmod") for u in sitemap.iter(f"{ns}url"))
    feed = etree.fromstring(client.get(base + "/feed.xml").content)
    assert feed.tag == "rss" and len(feed.findall("channel/item")) == 20
    assert client.get(base + "/admin/").status_code == 200
    assert not any("/admin/" in u for u in urls)


def test_organisation_page_with_last_modified_and_pdf(web, client):
    response = client.get(web.urls["org"] + TREPART_PATH)
    assert response.headers["last-modified"] == "Tue, 10 Mar 2015 09:00:00 GMT"
    doc = html.fromstring(response.content)
    assert doc.get("lang") == "no"
    assert doc.xpath("//main//h1/text()") == ["Veileder i trepartssamarbeid"]
    assert doc.xpath('//meta[@name="description"]/@content') == [
        "Fagforbundet har som mål at trepartssamarbeid skal bli en arbeidsmetode for utvikling "
        "av offentlig sektor."]
    main = doc.xpath("string(//main)")
    assert "casestudier fra Lunner – og Øvre Eiker kommune" in main and "Finn din egen vei" in main
    pdf_link = doc.xpath('//a[contains(@href, "/globalassets/dokumenter/")]/@href')
    assert pdf_link == ["/globalassets/dokumenter/veileder-i-trepartssamarbeid.pdf"]
    assert client.get(web.urls["org"] + pdf_link[0]).content.startswith(b"%PDF")
    languages = [p.lang for p in web.sites["org"].pages.values()]
    assert (len(languages), languages.count("nn")) == (12, 2)


# --- registry, counts, identifiers, determinism ----------------------------------------------

def test_write_registry_uses_the_bound_ports(web, tmp_path):
    written = web.write_registry(tmp_path)
    assert sorted(p.stem for p in written) == sorted(s.name for s in registry.SOURCES)
    oai_source = yaml.safe_load((tmp_path / "demo-biopen-oai.yml").read_text())
    assert list(oai_source) == ["name", "title", "publisher", "country", "kind", "url",
                                "start_urls", "sitemaps", "feeds", "allowed_domains",
                                "metadata_prefix", "set", "language", "politeness", "assertions",
                                "licence", "enabled", "evidence"]
    assert oai_source["url"] == f"{web.urls['dspace']}/bi-oai/request"
    assert (oai_source["country"], oai_source["assertions"]) == ("NO", {"min_records": 208})
    news = yaml.safe_load((tmp_path / "demo-impactinsider.yml").read_text())
    assert news["feeds"] == [f"{web.urls['news']}/feed.xml"] and news["kind"] == "web"


def test_shipped_sources_are_the_registry_for_default_ports(web):
    default_urls = {key: f"http://127.0.0.1:{port}" for key, port in DEFAULT_PORTS.items()}
    for spec in registry.SOURCES:
        shipped = (registry.SHIPPED / f"{spec.name}.yml").read_text(encoding="utf-8")
        holding = web.holdings()[spec.name]
        assert shipped == registry.source_document(spec, default_urls[spec.site], holding)


def test_the_demo_holds_at_least_300_works(web):
    holdings = web.holdings()
    total = (holdings["demo-biopen-oai"] + holdings["demo-nordarkiv"]
             + len(web.sites["docplayer"].transcripts) + holdings["demo-impactinsider"]
             + holdings["demo-fagforbundet"] + holdings["demo-casebank"])
    assert total == 245 + 40 + 31 + 30 + 18 + 14


def test_identifiers_have_valid_check_digits():
    assert make_issn("0803261") == "0803-2610"
    assert isbn13("978", "0", "306", "40615") == "978-0-306-40615-7"
    works = biopen_works(2000) + nordarkiv_works()
    assert all(issn.is_valid(w.issn) for w in works if w.issn)
    assert all(isbn.is_valid(w.isbn) for w in works if w.isbn)
    assert all(w.doi.startswith("10.") for w in works if w.doi)
    years = {int(w.issued[:4]) for w in works}
    assert (min(years), max(years)) == (1998, 2025)


def test_generation_is_deterministic_and_prefix_stable():
    assert biopen_works(250) == biopen_works(250)
    small = {w.handle: w for w in biopen_works(120)}
    large = {w.handle: w for w in biopen_works(400)}
    assert all(large[h] == w for h, w in small.items())


def test_command_line_prints_sites_and_stops_on_sigterm(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "demo", "--ephemeral", "--registry-out", str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline().split() for _ in DEFAULT_PORTS]
        assert [name for name, _ in lines] == list(DEFAULT_PORTS)
        urls = dict(lines)
        assert httpx.get(urls["org"] + "/robots.txt", trust_env=False).status_code == 200
        assert yaml.safe_load((tmp_path / "demo-fagforbundet.yml").read_text())["url"] == (
            urls["org"] + "/")
    finally:
        process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def pdf_text(document: bytes) -> bytes:
    """The decompressed page content streams of a PDF (fpdf2 writes one per page)."""
    streams = re.findall(rb"stream\n(.*?)\nendstream", document, re.S)
    return b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")


def test_casebank_serves_each_case_document_with_its_language_and_blocks(web, client):
    sitemap = client.get(f"{web.urls['casebank']}/sitemap.xml").text
    assert sitemap.count("<loc>") == len(case_documents.DOCUMENTS) == 14
    vestfold = next(d for d in case_documents.DOCUMENTS if d.key == "vestfold")
    page = client.get(f"{web.urls['casebank']}/sak/vestfold/").text
    assert '<html lang="nb">' in page and "<p>1. Vestfold IKT<br>Vestfold IKT er et interkommunalt" in page
    article = page[page.index("<article>"):page.index("</article>")]
    assert article.count("<p>") == len(vestfold.text.strip().split("\n\n"))
