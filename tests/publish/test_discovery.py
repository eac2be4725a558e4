"""What indexers, reference managers, crawlers and feed readers find on the served demo catalogue
(`served_demo`: a real nightly over the demo web, served by `nordcat serve`).

Pages are read the way the tools read them, not with nordcat's own code: Zotero's "Embedded
Metadata" and "COinS" translators (zotero/translators, zotero/utilities openurl.js) are followed
in `zotero_page_item` and `zotero_coins_type`, robots.txt is read by Scrapy's parser (Protego,
Google's rules), the sitemap and the OpenSearch description by an XML parser.
"""
from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import httpx
import lxml.html
import pytest
from protego import Protego

pytestmark = pytest.mark.slow

# What a Zotero user should get for each of the catalogue's resource types (written from Zotero's
# item types, not from publish/pages/embedded.py)
ZOTERO_TYPE = {"research report": "report", "report": "report", "working paper": "report",
               "policy report": "report", "master thesis": "thesis", "doctoral thesis": "thesis",
               "journal article": "journalArticle", "newspaper article": "newspaperArticle",
               "lecture": "presentation", "website": "webpage", "other": "document", "book": "book"}
SCHEMA_TYPE = {"report": "Report", "thesis": "Thesis", "journalArticle": "ScholarlyArticle"}

# --- Zotero's Embedded Metadata translator, as far as a page of ours reaches it ------------------

DC = "http://purl.org/dc/elements/1.1/"
PREFIXES = {"dc": DC, "dcterms": "http://purl.org/dc/terms/", "og": "http://ogp.me/ns#",
            "prism": "http://prismstandard.org/namespaces/1.2/basic/", "eprints": "http://purl.org/eprint/terms/",
            "bib": "http://purl.org/net/biblio#", "bibo": "http://purl.org/ontology/bibo/",
            "z": "http://www.zotero.org/namespaces/export#"}
ZOTERO_ITEM_TYPES = {
    "artwork", "audioRecording", "bill", "blogPost", "book", "bookSection", "case", "computerProgram",
    "conferencePaper", "dataset", "dictionaryEntry", "document", "email", "encyclopediaArticle", "film",
    "forumPost", "hearing", "instantMessage", "interview", "journalArticle", "letter", "magazineArticle",
    "manuscript", "map", "newspaperArticle", "patent", "podcast", "preprint", "presentation", "radioBroadcast",
    "report", "standard", "statute", "thesis", "tvBroadcast", "videoRecording", "webpage"}
HW_TYPES = {"citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
            "citation_conference_title": "conferencePaper", "citation_conference": "conferencePaper",
            "citation_book_title": "bookSection", "citation_inbook_title": "bookSection",
            "citation_dissertation_institution": "thesis"}
HW_GUESSES = {"citation_title": "journalArticle", "citation_series_title": "journalArticle", "citation_isbn": "book"}
HIGHWIRE_MAPPINGS = {
    "citation_title": "title", "citation_publication_date": "date", "citation_date": "date",
    "citation_journal_title": "publicationTitle", "citation_series_title": "series",
    "citation_conference_title": "conferenceName", "citation_dissertation_institution": "university",
    "citation_technical_report_institution": "institution", "citation_technical_report_number": "number",
    "citation_publisher": "publisher", "citation_isbn": "ISBN", "citation_doi": "DOI",
    "citation_public_url": "url", "citation_language": "language"}


def zotero_page_item(html: str) -> dict:
    """The item Zotero's Embedded Metadata translator makes of a page: its type (init: the Highwire
    tag's type, else the RDF type of the DC statements, else the Highwire guess) and its fields
    (addHighwireMetadata: the first <head> meta whose name ends with the tag's)."""
    page = lxml.html.fromstring(html)
    prefixes = dict(PREFIXES)
    for link in page.xpath("//link[starts-with(@rel, 'schema.')]"):
        prefixes[link.get("rel").split(".", 1)[1].lower()] = link.get("href")
    hw_type = hw_guess = None
    statements = []
    for meta in page.xpath("//meta"):
        names, value = meta.get("name") or meta.get("property"), meta.get("content")
        if not names or not value:
            continue
        for tag in names.split():
            parts = re.split(r"[.:_]", tag)
            prefix, length = (parts[1].lower(), len(parts[0]) + len(parts[1]) + 1) if len(parts) > 2 else (None, 0)
            if not prefix or prefix not in prefixes:
                prefix, length = parts[0].lower(), len(parts[0])
            if prefix in prefixes:
                prop = tag[length + 1:]
                statements.append((prefixes[prefix] + prop[:1].lower() + prop[1:], value))
            else:
                short = tag[tag.rfind("citation_"):]
                hw_type = HW_TYPES.get(short, hw_type)
                hw_guess = HW_GUESSES[short] if short == "citation_isbn" else hw_guess or HW_GUESSES.get(short)
    if statements:
        item_type = hw_type or rdf_dc_type(statements) or hw_guess or "webpage"
    else:
        item_type = hw_type or hw_guess
    head = lambda name: [m.get("content") for m in page.xpath("/html/head/meta") if (m.get("name") or "").endswith(name)]
    item = {"itemType": item_type}
    for tag, field in HIGHWIRE_MAPPINGS.items():
        values = head(tag)
        if values:
            item[field] = ", ".join(values) if field == "ISBN" else values[0]
    item["creators"] = [dict(zip(("lastName", "firstName"), (part.strip() for part in name.split(",", 1))))
                        for name in head("citation_author")]
    item["ISSN"] = ", ".join(head("citation_issn")) or None
    item["pdf"] = (head("citation_pdf_url") or [None])[0]
    item.setdefault("url", (head("citation_abstract_html_url") or [None])[0])
    return item


def rdf_dc_type(statements: list[tuple[str, str]]) -> str | None:
    """RDF.js detectType on dc:type: a Zotero item type as it is, or an eprints/DCMI word."""
    value = next((v for predicate, v in statements if predicate == DC + "type"), None)
    if value is None:
        return None
    if value in ZOTERO_ITEM_TYPES:
        return value
    return {"report": "report", "thesis": "thesis", "book": "book", "workingpaper": "report",
            "journalarticle": "journalArticle", "article": "journalArticle"}.get(value.lower().replace(" ", ""))


def zotero_coins_type(title: str) -> str | None:
    """openurl.js parseContextObject: the item type of a COinS span's ContextObject."""
    parts = title.split("&")
    formats = [unquote(p[len("rft_val_fmt="):]) for p in parts if p.startswith("rft_val_fmt=")]
    if not formats:
        return None
    kind = {"info:ofi/fmt:kev:mtx:journal": "journalArticle", "info:ofi/fmt:kev:mtx:dissertation": "thesis",
            "info:ofi/fmt:kev:mtx:patent": "patent", "info:ofi/fmt:kev:mtx:dc": "webpage"}.get(formats[0])
    if formats[0] == "info:ofi/fmt:kev:mtx:book":
        genres = {"rft.genre=bookitem": "bookSection", "rft.genre=proceeding": "conferencePaper",
                  "rft.genre=report": "report", "rft.genre=document": "document"}
        kind = next((genres[p] for p in parts if p in genres), "book")
    rft_type = [unquote(p[len("rft.type="):]) for p in parts if p.startswith("rft.type=")]
    return rft_type[0] if kind == "webpage" and rft_type and rft_type[0] in ZOTERO_ITEM_TYPES else kind


# --- the demo's works -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def works(demo_catalogue) -> list[dict]:
    with contextlib.closing(sqlite3.connect(f"file:{demo_catalogue / 'catalogue.db'}?immutable=1", uri=True)) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("SELECT * FROM documents ORDER BY id")]


def one_work_per_type(works: list[dict]) -> dict[str, list[dict]]:
    """Per resource type: the work with the most fields filled, and one without a publisher if any."""
    chosen = {}
    for doc_type in sorted({w["doc_type"] for w in works}):
        of_type = sorted((w for w in works if w["doc_type"] == doc_type),
                         key=lambda w: (-sum(v is not None for v in w.values()), w["id"]))
        chosen[doc_type] = [of_type[0]] + [w for w in of_type if not w["publisher"]][:1]
    return chosen


def document_page(server, doc_id: str) -> str:
    response = server.get(f"/catalogue/documents/{doc_id}")
    assert response.status_code == 200
    return response.text


def head_of(html: str) -> str:
    return html[:html.index("</head>")]


# --- a work's page for Zotero, Google Scholar and schema.org ---------------------------------------

def test_zotero_reads_each_demo_type_with_its_item_type_and_fields(served_demo, works):
    checked = 0
    for doc_type, chosen in one_work_per_type(works).items():
        for work in chosen:
            item = zotero_page_item(document_page(served_demo, work["id"]))
            assert item["itemType"] == ZOTERO_TYPE[doc_type], (doc_type, work["id"], item)
            assert item["title"] == work["title"]
            assert [f"{c['lastName']}, {c.get('firstName', '')}".rstrip(", ") for c in item["creators"]] == \
                json.loads(work["authors"] or "[]")
            assert item.get("date", "")[:4] == str(work["year"] or "")
            assert item.get("publisher") == work["publisher"]
            assert item.get("ISSN") == (", ".join(json.loads(work["issn"] or "[]")) or None)
            assert item["pdf"] == work["fulltext_url"]
            assert item.get("url") == (work["url"] or f"{served_demo.base}/catalogue/documents/{work['id']}")
            if item["itemType"] == "report" and work["publisher"]:
                assert (item["institution"], item.get("number")) == (work["publisher"], work["series_number"])
            if item["itemType"] == "thesis" and work["publisher"]:
                assert item["university"] == work["publisher"]
            if item["itemType"] == "journalArticle" and work["series"]:
                assert item["publicationTitle"] == work["series"]
            checked += 1
    assert checked >= 10, checked  # every type of the demo, and the works without a publisher


def test_google_scholar_tags_of_a_report(served_demo, works):
    """Google Scholar's inclusion guidelines: one citation_author per author, the date as
    2010/5/12 or the year, the report's institution and number, the PDF, the ISSN."""
    report = next(w for w in works if w["doc_type"] == "research report" and w["fulltext_url"] and w["issn"])
    page = lxml.html.fromstring(document_page(served_demo, report["id"]))
    meta = lambda name: [m.get("content") for m in page.xpath(f"/html/head/meta[@name='{name}']")]
    assert meta("citation_title") == [report["title"]]
    assert meta("citation_author") == json.loads(report["authors"])
    assert re.fullmatch(r"\d{4}(/\d{2}/\d{2})?", meta("citation_publication_date")[0])
    assert meta("citation_technical_report_institution") == [report["publisher"]]
    assert meta("citation_technical_report_number") == [report["series_number"]]
    assert meta("citation_pdf_url") == [report["fulltext_url"]]
    assert meta("citation_issn") == json.loads(report["issn"])
    assert meta("DC.title") == [report["title"]] and meta("DC.type") == ["report"]


def json_ld_of(html: str) -> dict:
    [block] = lxml.html.fromstring(html).xpath("/html/head/script[@type='application/ld+json']")
    return json.loads(block.text)


def test_json_ld_types_series_and_identifiers(served_demo, works):
    for doc_type, [work, *_] in one_work_per_type(works).items():
        described = json_ld_of(document_page(served_demo, work["id"]))
        assert described["@context"] == "https://schema.org"
        assert described["@type"] == SCHEMA_TYPE.get(ZOTERO_TYPE[doc_type], described["@type"]), doc_type
        assert described["name"] == work["title"]
        assert described["@id"] == f"{served_demo.base}/catalogue/documents/{work['id']}"
        if work["series"]:
            assert described["isPartOf"]["name"] == work["series"]
        for identifier, url in (("doi", "https://doi.org/"), ("handle", "https://hdl.handle.net/")):
            if work[identifier]:
                assert url + work[identifier] in described["sameAs"]
    assert {SCHEMA_TYPE.get(ZOTERO_TYPE[t]) for t in one_work_per_type(works)} >= {"Report", "Thesis",
                                                                                   "ScholarlyArticle"}


def test_json_ld_of_a_hostile_title_is_data(served_demo, works):
    """A title made to end the block and open markup stays a string of the JSON."""
    hostile = next(w for w in works if "<svg" in w["title"])
    html = document_page(served_demo, hostile["id"])
    block = head_of(html).split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert not set(block) & set("<>&'")
    assert json_ld_of(html)["name"] == hostile["title"]
    assert json_ld_of(html)["abstract"] == hostile["abstract"]


# --- search results: a list of works, counted and paged, with its facets ---------------------------

def test_zotero_finds_a_list_of_works_on_the_search_page(served_demo, works):
    by_id = {w["id"]: w for w in works}
    page = lxml.html.fromstring(served_demo.get("/catalogue/search", params={"q": "samarbeid"}).text)
    results = page.xpath("//ol[@class='results']/li")
    spans = page.xpath("//span[@class='Z3988'][@title]")
    assert len(results) == len(spans) == 20  # every result on the page, and so "multiple" for Zotero
    for result in results:
        doc_id = result.xpath(".//a[@class='result-title']/@href")[0].rsplit("/", 1)[1]
        [span] = result.xpath(".//span[@class='Z3988']")
        assert zotero_coins_type(span.get("title")) == ZOTERO_TYPE[by_id[doc_id]["doc_type"]]
        titles = [unquote(p.split("=", 1)[1]) for p in span.get("title").split("&")
                  if p.split("=")[0] in ("rft.atitle", "rft.btitle", "rft.title")]
        assert titles == [by_id[doc_id]["title"]]


def test_following_rel_next_reaches_every_match_once(served_demo):
    url, seen, total = "/catalogue/search?q=kommune", [], None
    while url:
        html = served_demo.get(url).text
        total = int(re.search(r'<span id="result-count">([\d,]+)</span>', html).group(1).replace(",", ""))
        page = lxml.html.fromstring(html)
        seen += [href.rsplit("/", 1)[1] for href in page.xpath("//a[@class='result-title']/@href")]
        [url] = page.xpath("/html/head/link[@rel='next']/@href") or [None]
        if url:
            assert page.xpath("//a[@rel='next']/@href") == [url]
    assert total > 40 and len(seen) == len(set(seen)) == total


def test_the_facets_of_a_search_are_one_click_away(served_demo):
    page = lxml.html.fromstring(served_demo.get("/catalogue/search", params={"q": "kommune"}).text)
    total = int(page.xpath("string(//span[@id='result-count'])").replace(",", ""))
    [faceted] = page.xpath("//a[@id='faceted-link']/@href")
    table = served_demo.get(faceted.replace("/catalogue/documents?", "/catalogue/documents.json?")).json()
    assert table["filtered_table_rows_count"] == total
    assert {"language", "doc_type", "year"} <= set(table["facet_results"])
    language = table["facet_results"]["language"]["results"]
    assert sum(facet["count"] for facet in language) == total


# --- crawlers: robots.txt and the sitemap ----------------------------------------------------------

def test_robots_txt_allows_work_pages_and_keeps_crawlers_out_of_sql_facets_and_exports(served_demo, works):
    robots = served_demo.get("/robots.txt")
    assert robots.status_code == 200 and robots.headers["content-type"].startswith("text/plain")
    rules = Protego.parse(robots.text)
    work = f"{served_demo.base}/catalogue/documents/{works[0]['id']}"
    for url in (work, f"{served_demo.base}/", f"{served_demo.base}/catalogue/documents",
                f"{served_demo.base}/-/feed.atom", f"{served_demo.base}/api"):
        assert rules.can_fetch(url, "Googlebot"), url
    for url in (f"{served_demo.base}/catalogue?sql=select+1", f"{served_demo.base}/catalogue/documents?_facet=year",
                f"{served_demo.base}/catalogue/documents?_q=kommune&_facet=language",
                f"{served_demo.base}/catalogue/sources?_facet=status", f"{served_demo.base}/catalogue/search?q=kommune",
                f"{work}.json", f"{work}.bib", f"{work}.ris", f"{work}.csljson",
                f"{served_demo.base}/catalogue/documents.csv", f"{served_demo.base}/catalogue/documents.json",
                f"{served_demo.base}/-/downloads/documents.parquet", f"{served_demo.base}/-/feed.atom?q=kommune"):
        assert not rules.can_fetch(url, "Googlebot"), url
    assert list(rules.sitemaps) == [f"{served_demo.base}/sitemap.xml"]


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_every_work_once_with_its_last_seen_day(served_demo, works):
    index = served_demo.get("/sitemap.xml")
    assert index.status_code == 200 and index.headers["content-type"].startswith("application/xml")
    listed = {}
    for entry in ElementTree.fromstring(index.content).iter(f"{SITEMAP}sitemap"):
        location = entry.findtext(f"{SITEMAP}loc")
        assert location.startswith(f"{served_demo.base}/sitemap-")
        urlset = ElementTree.fromstring(httpx.get(location, timeout=30).content)
        urls = list(urlset.iter(f"{SITEMAP}url"))
        assert 0 < len(urls) <= 50_000
        days = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in urls}
        assert entry.findtext(f"{SITEMAP}lastmod") == max(days.values())
        listed |= days
    assert listed == {f"{served_demo.base}/catalogue/documents/{w['id']}": w["last_seen"][:10] for w in works}
    some = sorted(listed)[::100]
    assert all(httpx.get(url, timeout=30).status_code == 200 for url in some)
    assert served_demo.get("/sitemap-999.xml").status_code == 404


def test_sitemap_files_hold_at_most_their_share_and_stale_files_go(demo_catalogue, tmp_path, works):
    from publish.sitemap import write_sitemaps

    files = write_sitemaps(demo_catalogue / "catalogue.db", tmp_path, per_file=100)
    counts = [len(list(ElementTree.parse(f).getroot())) for f in files[1:]]
    assert counts == [100] * (len(works) // 100) + [len(works) % 100]
    assert [e.findtext(f"{SITEMAP}loc") for e in ElementTree.parse(files[0]).getroot()] == \
        [f"/sitemap-{n}.xml" for n in range(1, len(counts) + 1)]
    again = write_sitemaps(demo_catalogue / "catalogue.db", tmp_path, per_file=len(works))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in again) == ["sitemap-1.xml",
                                                                                          "sitemap.xml"]


# --- discovery: OpenSearch, Atom autodiscovery, the API page ---------------------------------------

def test_opensearch_description_is_linked_and_its_templates_search(served_demo):
    home = lxml.html.fromstring(served_demo.get("/").text)
    [href] = home.xpath("/html/head/link[@rel='search'][@type='application/opensearchdescription+xml']/@href")
    description = served_demo.get(href)
    assert description.headers["content-type"].startswith("application/opensearchdescription+xml")
    root = ElementTree.fromstring(description.content)
    templates = {url.get("type"): url.get("template") for url in root.iter("{http://a9.com/-/spec/opensearch/1.1/}Url")}
    assert {"text/html", "application/atom+xml", "application/json"} <= set(templates)
    for media_type, template in templates.items():
        url = template.replace("{searchTerms}", "samarbeid").replace("{startPage?}", "2")
        response = httpx.get(url, timeout=30)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith(media_type), (url, response.headers["content-type"])
    html_page = httpx.get(templates["text/html"].replace("{searchTerms}", "samarbeid").replace("{startPage?}", "2"))
    assert 'id="prev-page"' in html_page.text  # {startPage} turns the page


def test_atom_autodiscovery_on_home_and_search(served_demo):
    for path, query in (("/", None), ("/catalogue/search?q=kommune", "kommune")):
        page = lxml.html.fromstring(served_demo.get(path).text)
        [href] = page.xpath("/html/head/link[@rel='alternate'][@type='application/atom+xml']/@href")
        assert (dict(p.split("=") for p in urlsplit(href).query.split("&") if p).get("q")) == query
        feed = ElementTree.fromstring(served_demo.get(href).content)
        assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
        assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) > 0


def test_every_example_on_the_api_page_works(served_demo):
    page = lxml.html.fromstring(served_demo.get("/api").text)
    examples = page.xpath("//a[@class='api-example']/@href")
    curls = page.xpath("//code[@class='curl']/text()")
    assert curls == [f"curl '{url}'" for url in examples]
    expected = {".json": "application/json", ".csv": "text/plain", ".atom": "application/atom+xml",
                ".bib": "application/x-bibtex", ".ris": "application/x-research-info-systems",
                ".csljson": "application/vnd.citationstyles.csl+json", "opensearch.xml": "application/opensearch",
                "sitemap.xml": "application/xml"}
    seen = set()
    for url in examples:
        response = httpx.get(url, timeout=30)
        assert response.status_code == 200, url
        suffix = next(s for s in expected if urlsplit(url).path.endswith(s))
        assert response.headers["content-type"].startswith(expected[suffix]), (url, response.headers["content-type"])
        assert len(response.content) > 100, url
        seen.add(suffix)
    assert seen == set(expected)


def test_sitemap_command_refuses_a_missing_catalogue_and_writes_nothing(tmp_path):
    import subprocess
    import sys

    from tests.helpers import REPO

    done = subprocess.run([sys.executable, "-m", "publish.sitemap", str(tmp_path / "none.db"), str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 2 and "no catalogue" in done.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "none.db").exists()
