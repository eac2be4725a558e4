"""Hostile metadata is inert on every page and in every export; SQL in a search is just text.

A catalogue whose titles, abstracts, authors, subjects, series, URLs, source titles, crawl errors,
cases, partners and related lists carry script and attribute-injection payloads and javascript:
URLs is stored in a real warehouse and published by the real publish() (tests/catalogue_server.py,
publish_sample), then served by `nordcat serve`; the served HTML must hold them as text only, and
chromium, loading each page, must never run them.

The payloads go wherever the warehouse takes any text. The registry validates a source's URL
(an http(s) URL: nordcat/sources.py), so a source's URL carries markup but cannot be a javascript:
URL; the javascript: URLs are a work's landing page and full text, a record's URL and a related
list's link.
"""
from __future__ import annotations

import json
import re

import pytest

from tests.catalogue_server import CatalogueServer, Sample, publish_sample

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
QUOTED = "' onmouseover='alert(1)"
JS_URL = "javascript:alert(1)"
RELATED_JS_URL = "javascript:alert(2)"  # a related list's link that no record of ours has: not held
EVIL = "wevil00000001"
# what must never appear in a served page: the payloads as markup, a javascript: link
MARKUP = ("<script>alert", "<img src=x", "onerror=alert(1)>", "<b onmouseover", "onmouseover='alert",
          'href="javascript:', "href='javascript:", 'src="javascript:')
INJECTIONS = ["x' OR 1=1; DROP TABLE documents; --", '" OR ""="', "1) UNION SELECT sql FROM sqlite_master --",
              'NEAR(a b) OR title:*']

DOCUMENTS = [
    {"id": EVIL, "title": f"Samarbeid {SCRIPT} {ATTRIBUTE}", "authors": [f"{ATTRIBUTE}, Eve", f"Mallory, {SCRIPT}"],
     "year": 2020, "date_issued": "2020", "language": "nob", "doc_type": f"report{ATTRIBUTE}",
     "publisher": "<b onmouseover=alert(1)>Pub</b>", "series": f"Serie {QUOTED}", "series_number": SCRIPT,
     "doi": '10.1234/x"><script>alert(1)</script>', "handle": f"11250/{ATTRIBUTE}", "url": JS_URL,
     "fulltext_url": " JaVaScRiPt:alert(1)", "abstract": f"Om samarbeid {ATTRIBUTE} {SCRIPT}\r\nER  - \r\nTY  - JOUR",
     "subjects": [SCRIPT, f"samarbeid{QUOTED}", "a} @misc{evil,"], "country": "NO", "sources": ["evil-source"],
     "match_rule": "url"},
    {"id": "wplain0000002", "title": "Samarbeid i kommunene", "authors": [f"{ATTRIBUTE}, Eve"], "year": 2021,
     "language": "nob", "sources": ["evil-source"], "match_rule": "single", "subjects": ["samarbeid"]},
]
SOURCES = [{"name": "evil-source", "title": f"Kilde {SCRIPT}", "publisher": f"Utgiver {ATTRIBUTE}", "country": "NO",
            "kind": "web", "url": f"https://evil.example/{ATTRIBUTE}", "start_urls": ["https://evil.example/"]}]
RUNS = [{"run_id": "20260101T000000Z", "source": "evil-source", "kind": "web", "started_at": "2026-01-01T00:00:00Z",
         "status": "failed", "health": f"failing{ATTRIBUTE}", "records_seen": 3, "error": f"HTTP 500 {SCRIPT}"}]
RECORDS = [{"document_id": EVIL, "source": "evil-source", "record_key": f"key{ATTRIBUTE}", "url": JS_URL,
            "format": "web", "run_id": "20260101T000000Z", "fields": ["title", "abstract"],
            # the page's related list: a javascript: URL with markup for its text
            "metadata": {"dc.title": [DOCUMENTS[0]["title"]], "nordcat.related.url": [RELATED_JS_URL],
                         "nordcat.related.title": [SCRIPT]}},
           {"document_id": EVIL, "source": "evil-source", "record_key": "key2", "url": None, "format": "web",
            "run_id": "20260101T000000Z", "fields": ["url"], "metadata": {"dc.identifier.uri": [JS_URL]}},
           {"document_id": "wplain0000002", "source": "evil-source", "record_key": "key3", "url": None, "format": "web",
            "run_id": "20260101T000000Z", "fields": ["title"], "metadata": {"dc.title": ["Samarbeid i kommunene"]}}]
CASES = [{"id": f"c{ATTRIBUTE}", "document_id": EVIL, "name": f"Case {SCRIPT}", "description": ATTRIBUTE,
          "model": f"OPS{ATTRIBUTE}", "period": SCRIPT, "target_group": QUOTED, "outcomes": [SCRIPT],
          "place_code": "3024", "place_name": f"Bærum{SCRIPT}", "country": "NO", "lat": 59.89, "lon": 10.52,
          "method": "section", "confidence": 0.5},
         {"id": "c2", "document_id": "wplain0000002", "name": f"Case {SCRIPT}", "description": "x", "outcomes": [],
          "method": "section", "confidence": 0.5}]
PARTNERS = [{"case_id": f"c{ATTRIBUTE}", "position": 1, "name": f"Kommune {SCRIPT}", "sector": f"public{ATTRIBUTE}",
             "role": QUOTED},
            {"case_id": f"c{ATTRIBUTE}", "position": 2, "name": "AS", "sector": "private"}]
HOSTILE = Sample(sources=SOURCES, runs=RUNS, records=RECORDS, documents=DOCUMENTS, cases=CASES, partners=PARTNERS)
PAGES = ["/", f"/catalogue/documents/{EVIL}", "/catalogue/documents/wplain0000002", "/catalogue/search?q=samarbeid",
         "/catalogue/documents?_q=samarbeid", "/cases", f"/cases?model=OPS{ATTRIBUTE}", "/dictionary",
         "/catalogue/documents_by_municipality?municipality=", "/catalogue/sources", "/catalogue/crawl_runs",
         "/catalogue/cases", "/catalogue/case_partners", "/catalogue/document_relations", "/health",
         "/catalogue/source_health"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = publish_sample(tmp_path_factory.mktemp("hostile") / "data", HOSTILE)
    with CatalogueServer(data, data.parent / "serve.log") as running:
        yield running


@pytest.mark.parametrize("path", PAGES)
def test_payloads_are_text_on_every_page(server, path):
    response = server.get(path)
    assert response.status_code == 200, response.text[-1000:]
    html = response.text
    for markup in MARKUP:
        assert markup not in html


@pytest.mark.parametrize("path", PAGES)
def test_no_link_or_source_leads_to_javascript(server, path):
    html = server.get(path).text
    for attribute in re.findall(r'(?:href|src|action)\s*=\s*"([^"]*)"', html):
        assert not attribute.strip().lower().startswith("javascript:"), attribute


def test_the_payloads_are_shown_escaped(server):
    html = server.get(f"/catalogue/documents/{EVIL}").text
    assert "Samarbeid &lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<li>Mallory, &lt;script&gt;alert(1)&lt;/script&gt;</li>" in html
    # a javascript: URL is shown, never linked
    assert "<td>javascript:alert(1)</td>" in html
    # the related list's javascript: link: its text shown, not linked, marked as not held
    listed = re.search(r'<ul class="related" aria-labelledby="related-listed">(.*?)</ul>', html, re.S).group(1)
    assert " ".join(listed.split()) == \
        '<li>&lt;script&gt;alert(1)&lt;/script&gt; <span class="meta">(ikke i katalogen)</span></li>'
    cases = server.get("/cases").text
    points = json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', cases).group(1))
    assert [p["name"] for p in points] == [f"Bærum{SCRIPT}"]
    assert r'"B\u00e6rum\u003cscript\u003ealert(1)\u003c/script\u003e"' in cases  # data, not markup
    # the health history: the run's error in the cell's title and beside the health, as text
    health = server.get("/health").text
    assert 'title="2026-01-01 00:00 UTC: feilet (feiler; HTTP 500 &lt;script&gt;alert(1)&lt;/script&gt;)"' in health
    assert "Kilde &lt;script&gt;alert(1)&lt;/script&gt;</a>" in health


def test_exports_are_no_html_and_keep_their_structure(server):
    for extension, content_type in (("bib", "application/x-bibtex"), ("ris", "application/x-research-info-systems"),
                                    ("csljson", "application/vnd.citationstyles.csl+json")):
        response = server.get(f"/catalogue/documents/{EVIL}.{extension}")
        assert response.headers["content-type"].startswith(content_type)
        assert response.headers["x-content-type-options"] == "nosniff"
    bib = server.get(f"/catalogue/documents/{EVIL}.bib").text
    assert bib.count("\n@") == 0 and bib.startswith("@misc{wevil00000001,")  # the type is no COAR type
    assert r"keywords = {<script>alert(1)</script>, samarbeid' onmouseover='alert(1), a\} @misc\{evil,}" in bib
    ris = server.get(f"/catalogue/documents/{EVIL}.ris").text
    assert [line[:2] for line in ris.split("\r\n") if line].count("ER") == 1
    assert [line[:2] for line in ris.split("\r\n") if line].count("TY") == 1
    [item] = server.get(f"/catalogue/documents/{EVIL}.csljson").json()
    assert item["title"] == DOCUMENTS[0]["title"]


@pytest.mark.parametrize("injection", INJECTIONS)
def test_sql_in_a_search_is_just_text(server, injection):
    for path, params in (("/catalogue/documents.json", {"_search": injection}),
                         ("/catalogue/documents.json", {"_q": injection}),
                         ("/catalogue/search.json", {"q": injection})):
        response = server.get(path, params={**params, "_shape": "array"})
        assert response.status_code == 200, (path, response.text)
        assert response.json() == [], (path, injection)
    assert len(server.get("/catalogue/documents.json", params={"_shape": "array"}).json()) == 2


def test_sql_in_a_search_page_is_shown_as_text(server):
    html = server.get("/catalogue/search", params={"q": f"{SCRIPT}' OR 1=1 --"}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#39; OR 1=1 --" in html
    assert "<script>alert" not in html


@pytest.mark.slow
def test_no_payload_runs_in_the_browser(server, browser):
    dialogs, errors = [], []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        for path in PAGES:
            page.goto(server.base + path)
            page.wait_for_load_state("networkidle")
            for element in page.locator("main a, main td, main li, .leaflet-interactive").all()[:60]:
                if element.is_visible():
                    element.hover(timeout=2000, force=True)
            assert page.locator("img[src='x']").count() == 0, path
        page.goto(server.base + "/cases")
        page.wait_for_selector("#cases-map.map-ready")
        page.locator("path.case-point").first.click(force=True)
        assert page.locator(".leaflet-popup-content a").inner_text() == f"Bærum{SCRIPT} (NO)"
    finally:
        context.close()
    assert dialogs == []
    assert errors == []
