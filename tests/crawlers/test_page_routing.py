"""Each HTML kind decides what a page is from its content, whatever its position or URL.

A start URL may be a record page (a docplayer transcript, a DSpace item) as well as a listing:
the parsers' `parse_page` tells them apart from the markup, and a start URL that is a record page
with its required fields counts as the source's discovery page (no parse failure). The pure tests
parse recorded pages (tests/data/pages/) and pages of the demo web rendered in this process; the
crawl tests run the real `nordcat crawl` against the embedded demo web on loopback.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import yaml

from crawlers.parsers.html import docplayer, dspace_html
from crawlers.parsers.html.article import parse_article
from crawlers.parsers.html.documents import linked_documents
from demo import DEFAULT_PORTS, DemoWeb
from demo.docplayer import COWI_NUMBER, TELEPLAN_NUMBER, DocplayerSite
from demo.registry import PARTNERSHIP_TOPICS
from demo.server import Request
from tests.helpers import nordcat, report_lines
from tests.sites import LoopbackSite, Page, html_page

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
ITEM_URL = "https://biopen.bi.no/bi-xmlui/handle/11250/94194"
NORA_ITEM_URL = "http://nora.example.org/xmlui/handle/10037/1234"
LISTING_URL = "https://biopen.bi.no/bi-xmlui/recent-submissions"
COWI_URL = "https://docplayer.dk/1374529-Partnerskaber-med-virksomheder-til-gavn-for-beboere-i-udsatte-boligomraader.html"
TELEPLAN_URL = "https://docplayer.me/2157346-Ikt-samarbeid-et-overblikk.html"
DSPACE7_URL = "https://repo.example.org/items/0b8e9a6c-3f3e-4a55-9f0e-2c1b0d6a7e11"
LISTED_ITEMS = [f"https://biopen.bi.no/bi-xmlui/handle/11250/{n}"
                for n in ("94194", "2479361", "2630117", "2731998", "3017745")]


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def demo_page(site, path: str) -> tuple[bytes, str, int]:
    """(body, URL, status) of a demo site's answer to GET path, rendered in this process."""
    response = site.respond(Request("GET", path, path, {}, b"", "https://docplayer.dk"))
    return response.body, "https://docplayer.dk" + path, response.status


@pytest.fixture(scope="module")
def docplayer_site():
    return DocplayerSite(pdfs=None)


# --- docplayer: transcript, listing or neither, from the markup -------------------------------------

@pytest.mark.parametrize("name, url", [("docplayer_partnerskaber_cowi.html", COWI_URL),
                                       ("docplayer_ikt_samarbeid_teleplan.html", TELEPLAN_URL)])
def test_a_transcript_is_a_record_wherever_it_is_met(name, url):
    record = docplayer.parse_page(page(name), url)
    transcript = docplayer.parse_transcript(page(name), url)
    assert record.is_record and record.missing == []
    assert record.metadata == transcript.metadata
    # no topics: every related document is a link to follow; the listing links are not read
    assert record.links == transcript.metadata["nordcat.related.url"]


def test_a_transcript_follows_only_its_related_documents_on_topic():
    record = docplayer.parse_page(page("docplayer_partnerskaber_cowi.html"), COWI_URL, topics=["frivillig", "csr"])
    related = dict(zip(record.metadata["nordcat.related.url"], record.metadata["nordcat.related.title"]))
    assert record.links and set(record.links) < set(related)
    assert all(docplayer.related_on_topic(related[link], ["frivillig", "csr"]) for link in record.links)
    assert [related[link] for link in record.links][:1] == ["CSR PÅ VESTERBRO & I KGS. ENGHAVE"]
    assert "Alle kan arbejde med socialt ansvar" in related.values()  # listed first, off these topics


def test_a_transcript_that_lists_documents_is_still_a_record():
    """Both at once: a transcript whose page also lists transcripts (the site's own lists) is
    read as the transcript; only its related documents are followed."""
    html = html_page("T", '<ul class="doc-list"><li><a href="/9-andet.html">Andet</a></li></ul>'
                          '<h1>Samarbeid</h1><div class="transcript"><div class="page" data-page="1">Tekst.</div></div>'
                          '<div class="related-docs"><a class="related-doc" href="/8-tredje.html">'
                          '<span class="related-title">Samarbeid i kommunen</span></a></div>')
    record = docplayer.parse_page(html, "https://docplayer.dk/7-samarbeid.html")
    assert record.is_record and record.missing == []
    assert record.links == ["https://docplayer.dk/8-tredje.html"]


def test_the_home_page_is_a_listing_wherever_it_is_met(docplayer_site):
    body, _, _ = demo_page(docplayer_site, "/")
    record = docplayer.parse_page(body, COWI_URL)  # a transcript's URL does not make it one
    assert not record.is_record and record.missing == [] and record.metadata == {}
    assert record.links[:2] == ["https://docplayer.dk" + t.path for t in docplayer_site.transcripts[:2]]
    assert record.links == docplayer.parse_home(body, "https://docplayer.dk/").links


def test_a_demo_transcript_is_a_record_at_the_home_page_url(docplayer_site):
    body, _, _ = demo_page(docplayer_site, docplayer_site.by_number[COWI_NUMBER].path)
    record = docplayer.parse_page(body, "https://docplayer.dk/")
    assert record.is_record and record.missing == []
    assert record.metadata["dc.title"] == [docplayer_site.by_number[COWI_NUMBER].title]


def test_an_error_page_is_neither_and_a_parse_failure(docplayer_site):
    body, url, status = demo_page(docplayer_site, "/1-findes-ikke.html")
    assert status == 404  # served with 200 by a site that hides its errors, it is still no page of the kind
    record = docplayer.parse_page(body, url)
    assert (record.is_record, record.links, record.missing) == (False, [], ["links"])


# --- DSpace: item page (full or simple), listing or neither, from the markup --------------------------

def test_a_full_record_is_the_items_record_whatever_its_url():
    at_full = dspace_html.parse_item_page(page("dspace_item_full_no.html"), ITEM_URL + "?show=full")
    for url in (ITEM_URL + "?show=full", ITEM_URL, LISTING_URL):
        record = dspace_html.parse_page(page("dspace_item_full_no.html"), url)
        assert record.is_record and record.missing == [] and record.links == []
        assert record.metadata["dc.title"] == at_full.metadata["dc.title"]
        assert record.metadata["dc.date.accessioned"] == at_full.metadata["dc.date.accessioned"]
    assert dspace_html.parse_page(page("dspace_item_full_no.html"), ITEM_URL).metadata == at_full.metadata


@pytest.mark.parametrize("name, url", [("dspace_item_simple_no.html", ITEM_URL),
                                       ("dspace_item_simple_en.html", NORA_ITEM_URL)])
def test_a_simple_record_leads_to_its_full_record(name, url):
    record = dspace_html.parse_page(page(name), url)
    assert not record.is_record and record.missing == []
    assert record.links == [url + "?show=full"]


def test_a_simple_record_at_the_full_record_url_is_the_record():
    """A theme that shows the simple record at ?show=full too: there is no fuller page to fetch."""
    record = dspace_html.parse_page(page("dspace_item_simple_no.html"), ITEM_URL + "?show=full")
    assert record.is_record and record.missing == [] and record.links == []
    assert record.metadata == dspace_html.parse_item_page(page("dspace_item_simple_no.html"), ITEM_URL).metadata


def test_dspace7_item_pages():
    head = '<meta name="citation_title" content="Kommunesamarbeid i Norden">'
    simple = (f'<html><head>{head}</head><body><ds-item-page><h1 class="item-page-title-field">'
              '<span class="dont-break-out">Kommunesamarbeid i Norden</span></h1></ds-item-page></body></html>')
    full = (f'<html><head>{head}</head><body><ds-full-item-page><div class="full-item-info"><table>'
            '<tr><td>dc.title</td><td>Kommunesamarbeid i Norden</td><td></td></tr>'
            '<tr><td>dc.identifier.uri</td><td>https://hdl.handle.net/1234/567</td><td></td></tr>'
            '</table></div></ds-full-item-page></body></html>')
    assert dspace_html.parse_page(simple, DSPACE7_URL).links == [DSPACE7_URL + "/full"]
    assert not dspace_html.parse_page(simple, DSPACE7_URL).is_record
    record = dspace_html.parse_page(full, DSPACE7_URL + "/full")
    assert record.is_record and record.missing == [] and record.metadata["nordcat.url"] == [DSPACE7_URL]


@pytest.mark.parametrize("url", [LISTING_URL, "https://biopen.bi.no/bi-xmlui/handle/11250/93731"])
def test_a_listing_is_a_listing_whatever_its_url(url):
    """Recent submissions at a handle URL (the form of an item's) are still a listing: its items
    are fetched as their full records."""
    record = dspace_html.parse_page(page("dspace_recent_submissions_no.html"), url)
    assert not record.is_record and record.missing == [] and record.metadata == {}
    assert record.links[:-1] == [link + "?show=full" for link in LISTED_ITEMS]
    assert record.links[-1].endswith("/recent-submissions?offset=20")


def test_listed_dspace7_items_are_fetched_as_their_full_record():
    html = f'<html><body><ul><li><a href="{DSPACE7_URL}">Kommunesamarbeid</a></li></ul></body></html>'
    assert dspace_html.parse_page(html, "https://repo.example.org/browse").links == [DSPACE7_URL + "/full"]


@pytest.mark.parametrize("body", [
    b"",
    html_page("503 Service Unavailable", "<h1>Service Unavailable</h1><p>Try again later.</p>"),
    html_page("Logg inn", '<h1>Logg inn</h1><form action="/login"><input name="user"></form>'),
])
def test_a_page_that_is_neither_item_nor_listing_is_a_parse_failure(body):
    record = dspace_html.parse_page(body, ITEM_URL)
    assert (record.is_record, record.links, record.missing) == (False, [], ["links"])


# --- web: an article or organisation page is always a page --------------------------------------

def test_an_organisation_page_is_a_record_with_its_documents():
    record = parse_article(page("org_veileder_trepartssamarbeid.html"),
                           "https://www.fagforbundet.no/tema/trepartssamarbeid/veileder-i-trepartssamarbeid/")
    assert record.is_record and record.missing == []
    assert linked_documents(record.metadata)


def test_a_page_that_only_lists_documents_is_a_record_of_them():
    """No prose, no <main>: the page says what it lists, so it is not a parse failure and its
    documents become records."""
    html = html_page("Publikasjoner", '<div id="innhold"><h1>Publikasjoner</h1><ul>'
                                      '<li><a href="/dok/samarbeid.pdf">Rapport om samarbeid (PDF)</a></li>'
                                      '<li><a href="/dok/veileder.pdf">Veileder for tillitsvalgte (PDF)</a></li></ul></div>')
    record = parse_article(html, "https://org.example.no/publikasjoner/")
    assert record.is_record and record.missing == []
    assert record.metadata["nordcat.text"] == ["Rapport om samarbeid (PDF)\nVeileder for tillitsvalgte (PDF)"]
    assert [d["dc.title"] for d in linked_documents(record.metadata)] == [
        ["Rapport om samarbeid"], ["Veileder for tillitsvalgte"]]


# --- real crawls: start URLs that are record pages ----------------------------------------------

def write_source(sources: Path, name: str, kind: str, url: str, **fields) -> None:
    data = {"name": name, "title": name, "publisher": "Test", "country": "DK", "kind": kind, "url": url,
            "politeness": {"delay": 0.0, "concurrency": 4}, **fields}
    (sources / f"{name}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")


def records_of(data: Path) -> dict[str, dict[str, dict]]:
    """source -> record key -> {"url", "payload", "metadata"} of the live records."""
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("""SELECT r.source, r.record_key, r.url, r.payload, r.metadata, r.format
                              FROM raw_records r JOIN record_heads h USING (source, record_key, seq)""").fetchall()
    found: dict[str, dict[str, dict]] = {}
    for source, key, url, payload, metadata, fmt in rows:
        found.setdefault(source, {})[key] = {"url": url, "payload": payload, "metadata": json.loads(metadata),
                                             "format": fmt}
    return found


DOCUMENTS_ONLY = html_page("Publikasjoner", '<div id="innhold"><h1>Publikasjoner</h1><ul>'
                                            '<li><a href="/dok/samarbeid.pdf">Rapport om samarbeid (PDF)</a></li>'
                                            '</ul></div>')


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    data, sources = tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("sources")
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web, \
            LoopbackSite({"/publikasjoner/": Page(DOCUMENTS_ONLY)}) as documents_site:
        docplayer_url, xmlui = web.urls["docplayer"], web.urls["dspace"] + "/bi-xmlui"
        site = web.sites["docplayer"]
        seeds = [docplayer_url + site.by_number[n].path for n in (COWI_NUMBER, TELEPLAN_NUMBER)]
        topics = {"topics": list(PARTNERSHIP_TOPICS)}
        write_source(sources, "transcripts", "docplayer", docplayer_url + "/", start_urls=seeds, **topics)
        write_source(sources, "listing", "docplayer", docplayer_url + "/", start_urls=[docplayer_url + "/"], **topics)
        write_source(sources, "item-full", "dspace-html", xmlui + "/",
                     start_urls=[xmlui + "/handle/11250/94194?show=full"])
        write_source(sources, "item-simple", "dspace-html", xmlui + "/", start_urls=[xmlui + "/handle/11250/94194"])
        article = web.sites["news"].articles[0]
        write_source(sources, "article", "web", web.urls["news"] + "/", start_urls=[web.urls["news"] + article.path])
        write_source(sources, "org-page", "web", web.urls["org"] + "/",
                     start_urls=[web.urls["org"] + "/tema/veileder-i-trepartssamarbeid/"])
        write_source(sources, "documents-page", "web", documents_site.url + "/",
                     start_urls=[documents_site.url + "/publikasjoner/"])
        since = len(web.requests)
        proc = nordcat(data, sources, "crawl")
        first = {"proc": proc, "reports": report_lines(proc.stdout), "records": records_of(data),
                 "requests": web.requests[since:]}
        since = len(web.requests)
        proc = nordcat(data, sources, "crawl")
        again = {"proc": proc, "reports": report_lines(proc.stdout), "requests": web.requests[since:]}
        yield {"first": first, "again": again, "web": web, "seeds": seeds, "article": article}


def reachable_on_topic(site: DocplayerSite, numbers: list[int], depth_limit: int = 3) -> set[str]:
    """Paths of the transcripts a crawl from these transcripts reaches: on-topic related links
    to documents that exist, at most depth_limit links away."""
    found, frontier = {site.by_number[n].path for n in numbers}, [site.by_number[n] for n in numbers]
    for _ in range(depth_limit):
        following = []
        for transcript in frontier:
            for related in transcript.related:
                target = site.by_number.get(related.number)
                if target and target.path not in found and docplayer.related_on_topic(related.title, list(PARTNERSHIP_TOPICS)):
                    found.add(target.path)
                    following.append(target)
        frontier = following
    return found


def test_every_source_is_healthy(crawl):
    first = crawl["first"]
    assert first["proc"].returncode == 0, first["proc"].stdout + first["proc"].stderr
    assert {name: (r["status"], r["parse_fail"], r["error"]) for name, r in first["reports"].items()} == {
        name: ("ok", "0", "") for name in ("transcripts", "listing", "item-full", "item-simple", "article",
                                          "org-page", "documents-page")}


def test_docplayer_start_urls_that_are_transcripts_are_records(crawl):
    web, records = crawl["web"], crawl["first"]["records"]["transcripts"]
    site, base = web.sites["docplayer"], web.urls["docplayer"]
    assert set(crawl["seeds"]) <= set(records)
    assert set(records) == {base + path for path in reachable_on_topic(site, [COWI_NUMBER, TELEPLAN_NUMBER])}
    on_topic = {base + t.path for t in site.transcripts if t.on_topic}
    assert set(records) <= on_topic
    titles = {records[url]["metadata"]["dc.title"][0] for url in crawl["seeds"]}
    assert titles == {site.by_number[n].title for n in (COWI_NUMBER, TELEPLAN_NUMBER)}


def test_docplayer_from_the_listing_finds_what_it_found_before(crawl):
    web, records = crawl["web"], crawl["first"]["records"]["listing"]
    site, base = web.sites["docplayer"], web.urls["docplayer"]
    assert set(records) == {base + t.path for t in site.transcripts if t.on_topic}
    assert crawl["first"]["reports"]["listing"]["seen"] == str(len(records)) == "25"


def test_the_transcript_start_urls_are_asked_changed_since_on_the_next_run(crawl):
    again = crawl["again"]
    assert again["proc"].returncode == 0, again["proc"].stdout + again["proc"].stderr
    report = again["reports"]["transcripts"]
    held = len(crawl["first"]["records"]["transcripts"])
    assert (report["status"], report["seen"], report["not_modified"], report["held"]) == ("ok", "0", str(held), str(held))


@pytest.mark.parametrize("source", ["item-full", "item-simple"])
def test_a_dspace_start_url_that_is_an_item_gives_its_full_record(crawl, source):
    records, xmlui = crawl["first"]["records"], crawl["web"].urls["dspace"] + "/bi-xmlui"
    [(key, record)] = records[source].items()
    assert key == xmlui + "/handle/11250/94194"
    assert 'class="label-cell"' in record["payload"]  # the full record's table
    assert record["metadata"] == records["item-full"][key]["metadata"]
    assert record["metadata"]["dc.date.accessioned"] and record["metadata"]["dc.format.mimetype"]


def test_the_simple_item_page_is_fetched_once_and_leads_to_the_full_record(crawl):
    paths = [path for site, path in crawl["first"]["requests"] if site == "dspace" and path.startswith("/bi-xmlui/handle/")]
    assert sorted(paths) == sorted(["/bi-xmlui/handle/11250/94194?show=full"] * 2 + ["/bi-xmlui/handle/11250/94194"])


def test_a_web_start_url_that_is_an_article_is_its_record(crawl):
    [(key, record)] = crawl["first"]["records"]["article"].items()
    assert key == crawl["web"].urls["news"] + crawl["article"].path
    assert record["metadata"]["dc.title"] == [crawl["article"].title]


def test_a_web_start_url_that_is_an_organisation_page_gives_its_documents(crawl):
    records, org = crawl["first"]["records"]["org-page"], crawl["web"].urls["org"]
    assert {key: record["format"] for key, record in records.items()} == {
        org + "/tema/veileder-i-trepartssamarbeid/": "web",
        org + "/globalassets/dokumenter/veileder-i-trepartssamarbeid.pdf": "web-document"}


def test_a_web_start_url_that_only_lists_documents_gives_them(crawl):
    records = crawl["first"]["records"]["documents-page"]
    assert sorted(record["format"] for record in records.values()) == ["web", "web-document"]
