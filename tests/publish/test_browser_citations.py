"""The citation style switch in a real browser: Playwright on Debian's
chromium (`browser`) over `nordcat serve` serving the demo catalogue of a real nightly
(`served_demo`). The switch is plain links: it works with JavaScript off, and the CSP lets no
inline script run anyway."""
from __future__ import annotations

import json

import pytest

from publish.citations import STYLES
from tests.helpers import catalogue

pytestmark = pytest.mark.slow


@pytest.fixture(params=[True, False], ids=["script", "no-script"])
def page(request, browser):
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"},
                                  java_script_enabled=request.param)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def a_report_with_authors(data_dir) -> dict:
    with catalogue(data_dir) as db:
        return dict(db.execute("""SELECT * FROM documents WHERE doc_type = 'research report'
                                  AND json_array_length(authors) > 1 ORDER BY id LIMIT 1""").fetchone())


def test_the_style_switch_changes_the_citation_and_holds_the_language(page, served_demo, demo_catalogue):
    work = a_report_with_authors(demo_catalogue)
    page.goto(f"{served_demo.base}/catalogue/documents/{work['id']}?lang=en")
    citation = page.locator("#citation")
    assert citation.get_attribute("data-style") == "apa"
    apa = citation.inner_text()
    family = json.loads(work["authors"])[0].split(",")[0]
    assert apa.startswith(family) and f"({work['year']})" in apa
    assert page.locator("#citation i").inner_text() == " ".join(work["title"].split())  # APA sets the title in italics
    seen = {"apa": apa}
    for key in ("chicago", "harvard", "vancouver", "norsk-apa"):
        page.locator(f"#citation-styles a[data-style='{key}']").click()
        page.wait_for_load_state("load")
        assert page.locator("#citation").get_attribute("data-style") == key
        assert f"style={key}" in page.url and "lang=en" in page.url
        assert page.locator(f"#citation-styles a[data-style='{key}']").get_attribute("aria-current") == "true"
        seen[key] = page.locator("#citation").inner_text()
        assert family in seen[key]
    assert len(set(seen.values())) == len(seen)  # each style reads differently
    assert " and " in seen["chicago"] and seen["vancouver"].startswith(family)
    assert " & " in seen["norsk-apa"] and "Tilgjengelig" not in seen["norsk-apa"]
    assert page.locator("#citation-styles a").count() == len(STYLES)
    # the same citation as plain text, in the style chosen
    text_link = page.locator("#citation ~ nav a.citation-text, .citation-styles a.citation-text").first
    text = page.request.get(served_demo.base + text_link.get_attribute("href")).text().strip()
    assert text == seen["norsk-apa"]
