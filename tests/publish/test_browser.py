"""The pages in a real browser: Playwright on Debian's chromium (`browser`) over `nordcat serve`
serving the sample catalogue that the real publish() wrote (`served_sample`; tests/conftest.py,
tests/catalogue_server.py). Search, facets, a work's page, the map, the language
switch, the keyboard, and axe-core on each page; a screenshot of each page goes to
test-artifacts/screenshots/<page>.png."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.catalogue_server import SEED

pytestmark = pytest.mark.slow

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PAGES = {
    "home": "/",
    "search": "/catalogue/search?q=samarbeid",
    "documents": "/catalogue/documents?_q=kommune&language=nob",
    "document": f"/catalogue/documents/{SEED}",
    "cases": "/cases",
    "dictionary": "/dictionary",
    "health": "/health",
    "api": "/api",
}
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def page(browser, served_sample):
    context = browser.new_context(locale="nb-NO", extra_http_headers={"Accept-Language": "nb-NO,nb;q=0.9"},
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def open_page(page, server, path: str):
    page.goto(server.base + path)
    page.wait_for_load_state("networkidle")
    return page


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_search_in_norwegian_finds_the_inflected_form(page, served_sample):
    open_page(page, served_sample, "/")
    page.get_by_label("Søk i katalogen").fill("samarbeid")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.results")
    assert page.locator(".result-title").all_inner_texts() == [
        "Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet",
        "Trepartssamarbeidet i kommunene"]
    assert page.locator(".snippet mark").all_inner_texts() == ["samarbeidet"]
    screenshot(page, "search")


def test_facet_clicks_narrow_results(page, served_sample):
    open_page(page, served_sample, "/catalogue/search?q=kommune")
    page.locator("#faceted-link").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("table.rows-and-columns tbody tr").count() == 3
    page.locator(".facet-info[data-column=language] a", has_text=re.compile(r"^nob$")).click()
    page.wait_for_load_state("networkidle")
    assert "language=nob" in page.url
    assert page.locator("table.rows-and-columns tbody tr").count() == 2


def test_case_facet_clicks_narrow_the_cases(page, served_sample):
    open_page(page, served_sample, "/cases")
    assert page.locator(".cases-main .case h3").all_inner_texts() == [
        "Aalborg Partnerskab", "Frivillighetssentralen i Bærum", "Frivillighetssentralen i Bærum",
        "Trepartssamarbeid, case 2 i «Trepartssamarbeidet i kommunene»", "Samskaping i Aalborg"]
    page.locator("[data-facet=sector] a", has_text=re.compile(r"^privat$")).click()
    page.wait_for_selector("#cases-map.map-ready")
    assert "sector=private" in page.url  # the label is clicked, the id is asked for
    assert page.locator(".cases-main .case h3").all_inner_texts() == ["Aalborg Partnerskab", "Frivillighetssentralen i Bærum"]
    page.locator("[data-facet=country] a", has_text="NO").click()
    page.wait_for_selector("#cases-map.map-ready")
    assert page.locator(".cases-main .case h3").all_inner_texts() == ["Frivillighetssentralen i Bærum"]
    assert page.locator("#cases-total").inner_text().startswith("1 caser")


def test_cases_read_as_words_in_either_language(page, served_sample):
    """What a reader sees of a case: its heading (never "None"), its model by name and its partners'
    sectors and roles in the page's language; a model facet is chosen by its name."""
    open_page(page, served_sample, "/cases")
    headings = page.locator(".cases-main .case h3").all_inner_texts()
    assert "None" not in headings and "Samskaping i Aalborg" in headings
    seed_case = page.locator(f"#case-{SEED}-1")
    assert seed_case.locator("dd[data-model]").inner_text() == "Offentlig-privat samarbeid (OPS)"
    assert seed_case.locator(".partners li").all_inner_texts() == [
        "Bærum kommune (offentlig, eier)", "Frivillighetssentralen (sivilsamfunn, vert)",
        "Vital Forsikring (privat, finansierer)"]
    page.locator("[data-facet=model] a", has_text="Trepartssamarbeid").click()
    page.wait_for_selector("#cases-map.map-ready")
    assert "model=tripartite" in page.url
    assert page.locator(".cases-main .case h3").all_inner_texts() == [
        "Trepartssamarbeid, case 2 i «Trepartssamarbeidet i kommunene»"]
    page.get_by_role("link", name="In English").click()
    page.wait_for_selector("#cases-map.map-ready")
    assert page.locator(".cases-main .case h3").all_inner_texts() == [
        "Tripartite cooperation, case 2 in “Trepartssamarbeidet i kommunene”"]
    assert page.locator("#cases-total").inner_text().startswith("1 cases: Cooperation model: Tripartite cooperation")
    assert page.locator(".cases-main .case dd[data-model]").inner_text() == "Tripartite cooperation"
    assert page.locator(".cases-main .case .partners li").all_inner_texts() == ["Fagforbundet (civil society)"]
    screenshot(page, "cases-english")


def test_document_page_shows_provenance_and_exports(page, served_sample):
    open_page(page, served_sample, PAGES["document"])
    assert page.locator("#provenance").inner_text() == "Fra BI Open, også i docplayer"
    assert page.locator("tr.field-fulltext_url .given-by").inner_text() == "fra docplayer"
    links = {a.inner_text(): a.get_attribute("href") for a in page.locator("#exports a").all()}
    assert list(links) == ["BibTeX", "RIS", "CSL-JSON"]
    bibtex = page.request.get(served_sample.base + links["BibTeX"]).text()
    assert bibtex.startswith(f"@techreport{{{SEED},")
    ris = page.request.get(served_sample.base + links["RIS"]).text()
    assert ris.startswith("TY  - RPRT\r\n") and ris.endswith("ER  - \r\n")
    assert page.request.get(served_sample.base + links["CSL-JSON"]).json()[0]["id"] == SEED
    with page.expect_download() as download:
        page.locator("#exports a", has_text="RIS").click()
    assert download.value.suggested_filename == f"{SEED}.ris"


def test_map_renders_points_over_the_bundled_outline(page, served_sample):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_page(page, served_sample, "/cases")
    page.wait_for_selector("#cases-map.map-ready")
    assert page.locator("#cases-map").get_attribute("data-points") == "3"
    assert page.locator("path.case-point").count() == 3
    page.wait_for_function("document.querySelectorAll('#cases-map path:not(.case-point)').length >= 7")
    page.locator("path.case-point").nth(1).click(force=True)
    assert page.locator(".leaflet-popup-content a").inner_text() == "Bærum (NO)"
    assert all(url.startswith(served_sample.base) for url in requests)  # no tile served_sample, no CDN
    screenshot(page, "cases-map")


def test_language_switch_holds_across_pages(page, served_sample):
    open_page(page, served_sample, "/")
    assert page.locator("html").get_attribute("lang") == "no"
    page.get_by_role("link", name="In English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#holdings-heading").inner_text() == "What the catalogue holds: 4 documents"
    page.get_by_role("link", name="Data dictionary").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Data dictionary"
    page.get_by_role("link", name="På norsk").click()
    assert page.locator("h1").inner_text() == "Dataordbok"


def test_keyboard_reaches_the_content_and_the_search(page, served_sample):
    open_page(page, served_sample, "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hopp til innholdet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "home-q":
            break
    assert page.evaluate("document.activeElement.id") == "home-q"
    page.keyboard.type("kommune")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.results")
    assert page.locator(".result-title").count() == 3


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page, served_sample, name):
    open_page(page, served_sample, PAGES[name])
    if name == "cases":
        page.wait_for_selector("#cases-map.map-ready")
    screenshot(page, name)
    violations = Axe().run(page).response["violations"]
    blocking = [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
                for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == []
