"""The indexer and discovery parts of the pages in a real browser: Playwright on Debian's chromium
(`browser`) over `nordcat serve` serving the demo catalogue (`served_demo`). What the browser
itself reads from a page's head (meta tags, the JSON-LD block, the links to the search
description and the feeds), that the strict CSP lets the page run without a violation, and that
the result pages and the facets of a search are a click away."""
from __future__ import annotations

import contextlib
import json
import re
import sqlite3

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def page(browser, served_demo):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_reports = []  # what chromium refused under the Content-Security-Policy
    page.on("console", lambda message: "Content Security Policy" in message.text and page.csp_reports.append(
        message.text))
    yield page
    context.close()


def a_report_with_its_pdf(demo_catalogue) -> dict:
    with contextlib.closing(sqlite3.connect(f"file:{demo_catalogue / 'catalogue.db'}?immutable=1", uri=True)) as db:
        db.row_factory = sqlite3.Row
        return dict(db.execute("SELECT * FROM documents WHERE doc_type = 'research report' AND fulltext_url IS NOT "
                               "NULL AND series IS NOT NULL ORDER BY id LIMIT 1").fetchone())


def test_a_work_page_carries_its_metadata_to_the_browser_without_a_csp_violation(page, served_demo, demo_catalogue):
    work = a_report_with_its_pdf(demo_catalogue)
    page.goto(f"{served_demo.base}/catalogue/documents/{work['id']}")
    page.wait_for_load_state("networkidle")
    meta = page.evaluate("""() => Array.from(document.head.querySelectorAll('meta[name]'))
                                  .map(m => [m.name, m.content])""")
    assert ["citation_title", work["title"]] in meta and ["citation_pdf_url", work["fulltext_url"]] in meta
    assert [name for name, _ in meta if name == "citation_author"] == ["citation_author"] * len(json.loads(work["authors"]))
    described = page.evaluate("""() => JSON.parse(
        document.head.querySelector('script[type="application/ld+json"]').textContent)""")
    assert (described["@type"], described["name"], described["isPartOf"]["name"]) == ("Report", work["title"],
                                                                                      work["series"])
    assert page.locator("h1#doc-title").inner_text() == work["title"]
    canonical = page.evaluate("() => document.head.querySelector('link[rel=canonical]').href")
    assert canonical == page.url
    assert page.csp_reports == []


def test_the_browser_finds_the_search_description_and_the_feeds(page, served_demo):
    page.goto(served_demo.base + "/")
    links = page.evaluate("""() => Array.from(document.head.querySelectorAll('link[rel=search], link[rel=alternate]'))
                                   .map(l => [l.rel, l.type, l.href])""")
    kinds = {(rel, media_type): href for rel, media_type, href in links}
    description = page.request.get(kinds["search", "application/opensearchdescription+xml"])
    assert description.ok and "{searchTerms}" in description.text()
    feed = page.request.get(kinds["alternate", "application/atom+xml"])
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    assert page.csp_reports == []


def test_paging_through_a_search_and_on_to_its_facets(page, served_demo):
    page.goto(served_demo.base + "/catalogue/search?q=kommune")
    total = int(page.locator("#result-count").inner_text().replace(",", ""))
    assert total > 40
    seen = page.locator(".result-title").count()
    page.locator("#next-page").click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"[?&]page=2\b", page.url)
    assert page.locator("#prev-page").count() == 1 and page.locator("ol.results").get_attribute("start") == "21"
    seen += page.locator(".result-title").count()
    assert seen == min(total, 40)
    page.locator("#faceted-link").click()
    page.wait_for_load_state("networkidle")
    assert "_q=kommune" in page.url
    counts = page.locator(".facet-info[data-column=language] ul li").all_inner_texts()
    assert sum(int(text.rsplit(" ", 1)[1].replace(",", "")) for text in counts) == total  # each work has one
    assert page.locator(".facet-info[data-column=doc_type]").count() == 1
    assert page.csp_reports == []


def test_an_api_example_is_copied_with_one_click_and_works(browser, served_demo):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_demo.base)
    page = context.new_page()
    try:
        page.goto(served_demo.base + "/api?lang=en")
        page.wait_for_load_state("networkidle")
        curls = page.locator("code.curl").all_inner_texts()
        assert page.locator("button.copy").count() == len(curls) > 10
        page.locator("button.copy").nth(2).click()
        page.wait_for_function("() => document.querySelectorAll('button.copy')[2].textContent === 'Copied'")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == curls[2] and copied.startswith(f"curl '{served_demo.base}/")
        response = page.request.get(copied.removeprefix("curl '").removesuffix("'"))
        assert response.ok and len(response.body()) > 100
    finally:
        context.close()
