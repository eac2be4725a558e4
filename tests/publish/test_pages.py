"""nordcat's pages over real HTTP (`nordcat serve`: Datasette with publish/templates, publish/plugins,
publish/static) on the sample catalogue of tests/catalogue_server.py, which the real publish()
wrote from a warehouse (`served_sample`, tests/conftest.py): each page's parts, the exports, the
labels; and the related list of a docplayer page on the demo catalogue of a real nightly."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sqlite3
from html import unescape
from html.parser import HTMLParser

import pytest

from publish.serve import PLUGINS
from tests.catalogue_server import AALBORG, SEED, CatalogueServer
from tests.helpers import catalogue as open_catalogue

NORWEGIAN = {"Accept-Language": "nb-NO,nb;q=0.9"}
# what a catalogue published before case extraction lacks (and the sources' health history, newer still)
CASE_ERA_TABLES = ("case_partners", "cases", "document_relations", "source_health")


@pytest.fixture(scope="module")
def bare_server(sample_catalogue, tmp_path_factory):
    """A catalogue as nordcat published it before case extraction (no case tables, no related
    lists), still served after an upgrade until the next publish: the sample's catalogue.db as
    publish() wrote it, without those tables (and without inspect data, which would name them)."""
    data = tmp_path_factory.mktemp("bare")
    shutil.copyfile(sample_catalogue / "catalogue.db", data / "catalogue.db")
    db = sqlite3.connect(data / "catalogue.db")
    with db:
        for table in CASE_ERA_TABLES:
            db.execute(f"DROP TABLE {table}")
    db.close()
    with CatalogueServer(data, data / "serve.log") as running:
        yield running


def load_plugin(name: str):
    spec = importlib.util.spec_from_file_location(name, PLUGINS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Texts(HTMLParser):
    """The text of the elements with an id (a space between elements), and every link, of a page."""

    def __init__(self):
        super().__init__()
        self.by_id: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []
        self._open: list[tuple[str, str | None]] = []
        self._link: str | None = None
        self._link_text = ""

    def handle_starttag(self, tag, attrs):
        self.handle_data(" ")
        attrs = dict(attrs)
        if tag not in {"br", "img", "input", "meta", "link"}:
            self._open.append((tag, attrs.get("id")))
            if attrs.get("id"):
                self.by_id[attrs["id"]] = ""
        if tag == "a":
            self._link, self._link_text = attrs.get("href"), ""

    def handle_endtag(self, tag):
        self.handle_data(" ")
        if self._open and self._open[-1][0] == tag:
            self._open.pop()
        if tag == "a" and self._link is not None:
            self.links.append((" ".join(self._link_text.split()), self._link))
            self._link = None

    def handle_data(self, data):
        for _, element_id in self._open:
            if element_id:
                self.by_id[element_id] += data
        if self._link is not None:
            self._link_text += data

    def text(self, element_id: str) -> str:
        return " ".join(self.by_id[element_id].split())


def page(server, path: str, headers=NORWEGIAN, **params) -> Texts:
    response = server.get(path, headers=headers, params=params)
    assert response.status_code == 200, response.text[-2000:]
    texts = Texts()
    texts.feed(response.text)
    return texts


# --- home ---------------------------------------------------------------------------------------------

def test_home_counts_per_source_language_type_and_year(served_sample):
    home = page(served_sample, "/")
    assert home.text("holdings-heading") == "Hva katalogen inneholder: 4 dokumenter"
    assert home.text("table-by_source") == "Etter kilde Antall BI Open 3 docplayer 2"
    assert home.text("table-by_language") == "Etter språk Antall Norsk bokmål 2 Dansk 1 Svensk 1"
    assert home.text("table-by_year") == "Etter år Antall 2021 1 2019 1 2010 1 2005 1"
    assert ("BI Open", "/catalogue/documents?sources__arraycontains=bi-open") in home.links
    assert ("forskningsrapport", "/catalogue/documents?doc_type=research+report") in home.links


def test_home_lists_the_newest_works_and_has_a_search_box(served_sample):
    home = page(served_sample, "/")
    assert home.text("newest").startswith("Sociale partnerskaber i Aalborg av Nielsen, Mette (2021, tidsskriftartikkel) "
                                          "Trepartssamarbeidet i kommunene")
    html = served_sample.get("/", headers=NORWEGIAN).text
    assert '<form class="search-box" action="/catalogue/search" method="get" role="search">' in html
    assert '<label for="home-q">Søk i katalogen</label>' in html and '<input id="home-q" type="search" name="q"' in html


def test_home_shows_the_last_runs_health_not_a_reparse(served_sample):
    home = page(served_sample, "/")
    health = home.text("health")
    assert "Kjøring 20260103T020000Z" in health
    assert "BI Open ok ok 4 1 3" in health
    assert "docplayer failed failing 0 0 2 HTTP 503 after 3 retries" in health


# --- the sources' health history ---------------------------------------------------------------------

def history_cells(html: str, source: str) -> list[tuple[str, str, str]]:
    """(state of its class, title, word shown) of each run cell of a source's row, oldest first."""
    row = re.search(rf'<tr id="history-{source}">.*?</tr>', html, re.S).group(0)
    return [(state, unescape(title), word) for state, title, word in
            re.findall(r'<li class="run run-(\w+)" title="([^"]*)">([^<]*)</li>', row)]


def test_health_page_shows_each_sources_runs_at_a_glance(served_sample):
    """The sample's two crawl runs (tests/catalogue_server.py): bi-open ok in both; docplayer ok, then
    failed; munin, in the registry but never crawled, stale in both. Not the reparse."""
    html = served_sample.get("/health", headers=NORWEGIAN).text
    assert history_cells(html, "bi-open") == [
        ("ok", "2026-01-02 02:00 UTC: ok (ok)", "ok"), ("ok", "2026-01-03 02:00 UTC: ok (ok)", "ok")]
    assert history_cells(html, "docplayer") == [
        ("ok", "2026-01-02 02:00 UTC: ok (ok)", "ok"),
        ("failed", "2026-01-03 02:00 UTC: feilet (feiler; HTTP 503 after 3 retries)", "feilet")]
    assert history_cells(html, "munin") == [
        ("stale", "2026-01-02 02:00 UTC: utdatert (aldri hentet; ikke hentet i denne kjøringen)", "utdatert"),
        ("stale", "2026-01-03 02:00 UTC: utdatert (aldri hentet; ikke hentet i denne kjøringen)", "utdatert")]
    history = page(served_sample, "/health")
    assert history.text("history-bi-open") == "BI Open ok 2026-01-03 02:00 0 ok ok"
    assert history.text("history-docplayer") == "docplayer feiler HTTP 503 after 3 retries 2026-01-02 02:00 24 ok feilet"
    assert history.text("history-munin") == "Munin aldri hentet aldri utdatert utdatert"
    assert ("BI Open", "/catalogue/sources/bi-open") in history.links
    assert history.text("history-legend") == "Rutene: ok feilet utdatert"
    english = page(served_sample, "/health", headers={"Accept-Language": "en"})
    assert english.text("history-docplayer") == ("docplayer failing HTTP 503 after 3 retries 2026-01-02 02:00 24 ok "
                                                 "failed")


def test_the_health_history_is_published_and_linked_where_sources_are_shown(served_sample):
    with open_catalogue(served_sample.data_dir) as db:
        assert tuple(db.execute("SELECT count(*), count(DISTINCT run_id) FROM source_health").fetchone()) == (6, 2)
    assert ("Hver kildes historikk", "/health") in page(served_sample, "/").links
    sources = page(served_sample, "/catalogue/sources")
    assert ("each source's history", "/health") in sources.links


def test_a_source_that_recovered_shows_no_old_error(tmp_path):
    """The sources table tells of the last crawl: its error, or none (not an older run's)."""
    from warehouse import Warehouse

    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        for run_id, status, error in (("r1", "failed", "HTTP 503 after 3 retries"), ("r2", "ok", None)):
            warehouse.start_run(run_id, "repo", "oai-pmh")
            warehouse.finish_run(run_id, "repo", status=status, health="failing" if error else "ok", error=error)
        [(status, health, *_, error)] = warehouse.source_health().values()
    assert (status, health, error) == ("ok", "ok", None)


# --- a work's page ------------------------------------------------------------------------------------

def test_document_page_shows_citation_and_provenance(served_sample):
    doc = page(served_sample, f"/catalogue/documents/{SEED}")
    assert doc.text("provenance") == "Fra BI Open, også i docplayer"
    assert doc.text("citation") == (
        "Midttun, A., Dirdal, T., & Gautesen, K. (2005). Offentlig-private partnerskap som supplement til det "
        "offentlige velferdstilbudet (Research Report 06/2005). BI Norwegian Business School. "
        "https://hdl.handle.net/11250/94194")
    html = served_sample.get(f"/catalogue/documents/{SEED}", headers=NORWEGIAN).text
    assert re.search(r'<tr class="field-fulltext_url">.*?fra docplayer</td>', html, re.S)
    assert re.search(r'<tr class="field-series_number"><th scope="row">Nummer i serien</th>\s*<td>06/2005</td>\s*'
                     r'<td class="given-by">fra BI Open</td>', html)


def test_document_page_links_landing_page_full_text_and_exports(served_sample):
    doc = page(served_sample, f"/catalogue/documents/{SEED}")
    assert ("Landingsside", "https://hdl.handle.net/11250/94194") in doc.links
    assert ("Fulltekst (PDF)", "https://biopen.bi.no/bi-xmlui/bitstream/handle/11250/94194/2005-06.pdf?sequence=1") \
        in doc.links
    assert doc.text("exports") == "BibTeX RIS CSL-JSON"
    assert ("RIS", f"/catalogue/documents/{SEED}.ris") in doc.links


def related_groups(html: str) -> dict[str, str]:
    """The related groups of a work's page: key (same_case, same_authors, listed, similar) -> its list."""
    return dict(re.findall(r'<h3 id="related-(\w+)">.*?</h3>\s*<ul class="related"[^>]*>(.*?)</ul>', html, re.S))


def test_document_page_relates_same_case_authors_source_list_and_text(served_sample):
    html = served_sample.get(f"/catalogue/documents/{SEED}", headers=NORWEGIAN).text
    groups = related_groups(html)
    titles = {key: re.findall(r">([^<>]+)</a>", block) for key, block in groups.items()}
    # listed: the related list of the seed's docplayer page, in the page's order (publish() publishes
    # the warehouse's document_relations, which the build derives from it)
    assert titles == {"same_case": ["Trepartssamarbeidet i kommunene"],
                      "same_authors": ["Trepartssamarbeidet i kommunene"],
                      "listed": ["Sociale partnerskaber i Aalborg", "Et annet dokument"],
                      "similar": ["Trepartssamarbeidet i kommunene"]}
    # a listed page the crawl holds links its work, under the work's title and year (not docplayer's anchor text)
    assert f'<li><a href="/catalogue/documents/{AALBORG}">Sociale partnerskaber i Aalborg</a> (2021)</li>' \
        in groups["listed"]
    assert 'href="https://docplayer.me/77-Annet.html" rel="noopener noreferrer nofollow">Et annet dokument</a> ' \
           '<span class="meta">(ikke i katalogen)</span>' in html


@pytest.mark.slow
def test_docplayer_related_list_on_the_demo_work_page(served_demo, demo_catalogue):
    """The seed transcript's page on the demo docplayer (demo/docplayer.py) lists 30 related
    documents; after a real nightly its work's page shows them all, in the page's order: those the
    crawl holds (the on-topic ones that exist) linked to their works, the others to docplayer."""
    from demo.docplayer import COWI_NUMBER, build_transcripts

    transcripts = build_transcripts()
    on_topic = {t.number for t in transcripts if t.on_topic}
    cowi = next(t for t in transcripts if t.number == COWI_NUMBER)
    with open_catalogue(demo_catalogue) as db:
        works = {key: (work_id, title) for key, work_id, title in db.execute(
            "SELECT s.record_key, d.id, d.title FROM document_sources AS s JOIN documents AS d ON d.id = s.document_id "
            "WHERE s.source = 'demo-docplayer'")}
    [page_key] = [key for key in works if key.endswith(cowi.path)]
    base = page_key.removesuffix(cowi.path)
    expected = []
    for related in cowi.related:
        url = base + related.path
        if related.number in on_topic:
            assert url in works, f"the crawl does not hold {url}"
            expected.append((f"/catalogue/documents/{works[url][0]}", works[url][1], True))
        else:
            expected.append((url, related.title, False))
    assert len(expected) == 30 and sum(held for *_, held in expected) == 10

    html = served_demo.get(f"/catalogue/documents/{works[page_key][0]}", headers=NORWEGIAN).text
    groups = related_groups(html)
    assert "listed" in groups, "the work's page shows no related list"
    items = re.findall(r'<li><a href="([^"]*)"( rel="noopener noreferrer nofollow")?>([^<]*)</a>(.*?)</li>',
                       groups["listed"], re.S)
    assert [(unescape(href), unescape(title), not rel) for href, rel, title, _ in items] == expected
    for (*_, held), (_, _, _, after) in zip(expected, items):
        assert ('<span class="meta">(ikke i katalogen)</span>' in after) is not held


def test_document_page_shows_the_cases_it_describes(served_sample):
    doc = page(served_sample, f"/catalogue/documents/{SEED}")
    # the model by its label in the catalogue's cooperation_models, sectors and roles by publish/labels.yml
    assert doc.text("cases") == (
        "Caser dokumentet beskriver Frivillighetssentralen i Bærum Modell Offentlig-privat samarbeid (OPS) "
        "Periode 2001–2005 Sted Bærum (NO) "
        "Målgruppe eldre Kommunen, frivilligsentralen og bedrifter om tilbud til eldre. Partnere: Bærum kommune "
        "(offentlig, eier) Frivillighetssentralen (sivilsamfunn, vert) Vital Forsikring (privat, finansierer) "
        "Resultater: flere besøk hos eldre")
    english = page(served_sample, f"/catalogue/documents/{SEED}", lang="en")
    assert english.text("cases") == (
        "Cases this document describes Frivillighetssentralen i Bærum Model Public-private partnership "
        "Period 2001–2005 Place Bærum (NO) "
        "Target group eldre Kommunen, frivilligsentralen og bedrifter om tilbud til eldre. Partners: Bærum kommune "
        "(public, owner) Frivillighetssentralen (civil society, host) Vital Forsikring (private, funder) "
        "Outcomes: flere besøk hos eldre")
    html = served_sample.get(f"/catalogue/documents/{SEED}", headers=NORWEGIAN).text
    assert '<dd data-model="public_private_partnership">Offentlig-privat samarbeid (OPS)</dd>' in html


@pytest.mark.slow
def test_a_case_links_to_where_its_source_tells_it_and_a_work_lists_the_models_it_discusses(served_demo,
                                                                                          demo_catalogue):
    with open_catalogue(demo_catalogue) as db:
        [(deck, url, slide, passage)] = db.execute(
            "SELECT c.document_id, c.passage_url, c.page, c.passage FROM cases AS c JOIN documents AS d "
            "ON d.id = c.document_id WHERE d.title LIKE 'PARTNERSKABER MED VIRKSOMHEDER%' AND c.name = 'PÅ TVÆRS'")
        [ikt] = db.execute("SELECT id FROM documents WHERE title = 'IKT-samarbeid et overblikk'").fetchone()
    html = served_demo.get(f"/catalogue/documents/{deck}", headers=NORWEGIAN).text
    [shown] = [unescape(" ".join(m.split())) for m in re.findall(
        r'<dd class="case-passage">(.*?)</dd>', html, re.S) if "PÅ TVÆRS" in unescape(m)]
    assert shown == f's. {slide}: <a href="{url}" rel="nofollow">«{passage} …»</a>'
    assert url.startswith("http") and "#:~:text=P%C3%85%20TV%C3%86RS" in url
    models = page(served_demo, f"/catalogue/documents/{ikt}", lang="en").text("models")
    assert models.startswith("Cooperation models this document discusses Host municipality")
    assert "Inter-municipal company" in models


def case_headings(html: str) -> list[str]:
    return [unescape(" ".join(h.split())) for h in re.findall(r'<div class="case" id="case-[^"]*">\s*<h3[^>]*>(.*?)</h3>',
                                                               html, re.S)]


def test_a_case_without_a_name_is_headed_by_what_is_known(served_sample):
    """On its work's page, a case the text gives no name is headed by its model and number (the
    page is the work's own), marked as a made heading; never "None"."""
    html = served_sample.get("/catalogue/documents/w000000000002", headers=NORWEGIAN).text
    assert case_headings(html) == ["Frivillighetssentralen i Bærum", "Trepartssamarbeid, case 2"]
    assert '<h3 class="case-composed" title="Teksten gir ikke casen noe navn; overskriften er laget av det som er ' \
           'kjent om den.">Trepartssamarbeid, case 2</h3>' in html
    assert "None" not in html
    english = served_sample.get("/catalogue/documents/w000000000002", params={"lang": "en"}).text
    assert case_headings(english) == ["Frivillighetssentralen i Bærum", "Tripartite cooperation, case 2"]
    aalborg = page(served_sample, f"/catalogue/documents/{AALBORG}")
    assert aalborg.text("cases") == (
        "Caser dokumentet beskriver Aalborg Partnerskab Modell Sosialt partnerskap Sted Aalborg (DK) "
        "Kommunen og virksomheder om beskæftigelse. Partnere: Aalborg Kommune (offentlig) Novo Nordisk (privat) "
        "Samskaping i Aalborg Modell Samskaping Sted Aalborg (DK) "
        "Kommunen og frivilligcentret om samskabelse i nærmiljøet. Partnere: Aalborg Kommune (offentlig) "
        "Frivilligcenter Aalborg (sivilsamfunn)")


def test_pages_without_case_tables(bare_server):
    doc = page(bare_server, f"/catalogue/documents/{SEED}")
    assert "cases" not in doc.by_id and "related-listed" not in doc.by_id
    assert "related-same_authors" in doc.by_id
    assert page(bare_server, "/cases").text("no-cases") == "Katalogen inneholder ingen caser ennå."
    assert "table-cases" not in page(bare_server, "/dictionary").by_id
    assert page(bare_server, "/health").text("no-history") == "Katalogen har ingen historikk over kildenes tilstand ennå."


def test_a_work_without_cases_or_related_list(served_sample):
    """With the case tables and the related lists published, a work that has neither shows neither."""
    doc = page(served_sample, "/catalogue/documents/w000000000004")
    assert "cases" not in doc.by_id and "related-listed" not in doc.by_id and "related-same_case" not in doc.by_id


# --- exports --------------------------------------------------------------------------------------------

def bibtex_entries(text: str) -> list[tuple[str, str, dict[str, str]]]:
    entries = []
    for kind, key, body in re.findall(r"@(\w+)\{([^,]+),\n(.*?)\n\}\n", text, re.S):
        entries.append((kind, key, dict(re.findall(r"^  (\w+) = \{(.*)\},?$", body, re.M))))
    return entries


def test_bibtex_of_a_work(served_sample):
    response = served_sample.get(f"/catalogue/documents/{SEED}.bib")
    assert response.headers["content-type"] == "application/x-bibtex; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    [(kind, key, fields)] = bibtex_entries(response.text)
    assert (kind, key) == ("techreport", SEED)
    assert fields["author"] == "Midttun, Atle and Dirdal, Tore and Gautesen, Kristian"
    assert (fields["year"], fields["institution"], fields["series"], fields["number"], fields["issn"]) == \
        ("2005", "BI Norwegian Business School", "Research Report", "06/2005", "0803-2610")
    assert fields["keywords"] == "offentlig-privat samarbeid, frivillighet, Bærum"


def ris_records(text: str) -> list[list[tuple[str, str]]]:
    records, current = [], []
    for line in text.split("\r\n"):
        if not line:
            continue
        tag, value = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line).groups()
        current.append((tag, value))
        if tag == "ER":
            records.append(current)
            current = []
    assert not current, "a record without ER"
    return records


def test_ris_of_a_work(served_sample):
    response = served_sample.get(f"/catalogue/documents/{SEED}.ris")
    assert response.headers["content-type"] == "application/x-research-info-systems; charset=utf-8"
    [record] = ris_records(response.text)
    assert record[0] == ("TY", "RPRT") and record[-1] == ("ER", "")
    tags = dict(record)
    assert [v for t, v in record if t == "AU"] == ["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"]
    assert (tags["PY"], tags["T3"], tags["VL"], tags["SN"]) == ("2005", "Research Report", "06/2005", "0803-2610")
    assert tags["L1"] == "https://biopen.bi.no/bi-xmlui/bitstream/handle/11250/94194/2005-06.pdf?sequence=1"


def test_csl_json_of_a_work(served_sample):
    response = served_sample.get("/catalogue/documents/w000000000003.csljson")
    assert response.headers["content-type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    [item] = response.json()
    assert item == {"id": "w000000000003", "type": "article-journal", "title": "Sociale partnerskaber i Aalborg",
                    "author": [{"family": "Nielsen", "given": "Mette"}], "issued": {"date-parts": [[2021, 6]]},
                    "collection-title": "Tidsskrift for Kommunal Samarbejde",
                    "container-title": "Tidsskrift for Kommunal Samarbejde", "DOI": "10.1234/nordcat.3",
                    "URL": "https://example.dk/artikel/3", "keyword": "partnerskab", "language": "dan"}


def test_any_query_exports_every_row(served_sample):
    search = served_sample.get("/catalogue/search.bib", params={"q": "samarbeid"})
    assert {key for _, key, _ in bibtex_entries(search.text)} == {SEED, "w000000000002"}
    table = served_sample.get("/catalogue/documents.ris", params={"language": "nob", "_sort": "id"})
    assert [dict(r)["ID"] for r in ris_records(table.text)] == ["w000000000002", SEED]
    every = served_sample.get("/catalogue/documents.csljson", params={"_size": "max"}).json()
    assert len(every) == 4 and all({"id", "type", "title"} <= set(item) for item in every)
    duplicates = served_sample.get("/catalogue/duplicates_merged.csljson").json()
    assert [item["id"] for item in duplicates] == [SEED]


def test_a_result_that_is_no_list_of_works_has_no_citation_export(served_sample):
    assert served_sample.get("/catalogue/sources.bib").status_code == 400  # titles, but of sources
    assert served_sample.get("/catalogue/crawl_runs.ris").status_code == 400
    html = served_sample.get("/catalogue/sources").text
    assert "sources.bib" not in html and "documents.bib" in served_sample.get("/catalogue/documents").text


# --- cases and dictionary ----------------------------------------------------------------------------------

def facet(html: str, name: str) -> list[tuple[str, int]]:
    return [(label, n) for label, _, n in facet_links(html, name)]


def facet_links(html: str, name: str) -> list[tuple[str, str, int]]:
    """(label, href, count) of each value of a facet of the cases page."""
    block = re.search(rf'data-facet="{name}">(.*?)</ul>', html, re.S).group(1)
    return [(unescape(label), unescape(href), int(n)) for href, label, n in
            re.findall(r'<a href="([^"]*)"[^>]*>([^<>]+)</a> <span class="n">(\d+)</span>', block)]


def test_cases_page_facets_narrow_the_cases(served_sample):
    html = served_sample.get("/cases", headers=NORWEGIAN).text
    assert facet(html, "model") == [("Offentlig-privat samarbeid (OPS)", 2), ("Samskaping", 1),
                                    ("Sosialt partnerskap", 1), ("Trepartssamarbeid", 1)]
    assert facet(html, "sector") == [("offentlig", 4), ("sivilsamfunn", 3), ("privat", 2)]
    assert facet(html, "municipality") == [("Aalborg", 2), ("Bærum", 2)]
    narrowed = served_sample.get("/cases", params={"sector": "private"}, headers=NORWEGIAN).text
    assert re.findall(r'<div class="case" id="case-([\w-]+)">', narrowed) == [f"{AALBORG}-1", f"{SEED}-1"]
    assert facet(narrowed, "country") == [("DK", 1), ("NO", 1)]
    both = served_sample.get("/cases", params={"sector": "private", "country": "NO"}, headers=NORWEGIAN).text
    assert re.findall(r'<div class="case" id="case-([\w-]+)">', both) == [f"{SEED}-1"]
    assert '<a href="/cases?sector=private" aria-current="true" class="selected">NO</a>' in both


def test_cases_page_reads_as_words_with_ids_in_the_links(served_sample):
    """Headings: the case's name, else what is known of it (never "None"); models, sectors and
    roles by their labels in the page's language; the facets' links keep the ids."""
    html = served_sample.get("/cases", headers=NORWEGIAN).text
    assert case_headings(html) == [
        "Aalborg Partnerskab", "Frivillighetssentralen i Bærum", "Frivillighetssentralen i Bærum",
        "Trepartssamarbeid, case 2 i «Trepartssamarbeidet i kommunene»", "Samskaping i Aalborg"]
    assert ">None<" not in html and "None" not in " ".join(case_headings(html))
    for model in ("public_private_partnership", "social_partnership", "co_creation", "tripartite"):
        assert f">{model}<" not in html  # the id is in links and data attributes only
    assert "(sivilsamfunn, vert)" in html and "(privat, finansierer)" in html and "civil_society," not in html
    assert facet_links(html, "model") == [
        ("Offentlig-privat samarbeid (OPS)", "/cases?model=public_private_partnership", 2),
        ("Samskaping", "/cases?model=co_creation", 1), ("Sosialt partnerskap", "/cases?model=social_partnership", 1),
        ("Trepartssamarbeid", "/cases?model=tripartite", 1)]
    assert facet_links(html, "sector") == [("offentlig", "/cases?sector=public", 4),
                                           ("sivilsamfunn", "/cases?sector=civil_society", 3),
                                           ("privat", "/cases?sector=private", 2)]

    english = served_sample.get("/cases", params={"lang": "en"}).text
    assert case_headings(english) == [
        "Aalborg Partnerskab", "Frivillighetssentralen i Bærum", "Frivillighetssentralen i Bærum",
        "Tripartite cooperation, case 2 in “Trepartssamarbeidet i kommunene”", "Co-creation in Aalborg"]
    assert facet_links(english, "model") == [
        ("Public-private partnership", "/cases?model=public_private_partnership", 2),
        ("Co-creation", "/cases?model=co_creation", 1), ("Social partnership", "/cases?model=social_partnership", 1),
        ("Tripartite cooperation", "/cases?model=tripartite", 1)]
    assert [label for label, _, _ in facet_links(english, "sector")] == ["public", "civil society", "private"]
    assert "(civil society, host)" in english and "<dd data-model=\"co_creation\">Co-creation</dd>" in english

    chosen = page(served_sample, "/cases", model="co_creation", sector="civil_society")
    assert chosen.text("cases-total") == ("1 caser: Samarbeidsmodell: Samskaping , Partneres sektor: sivilsamfunn "
                                          "( Fjern alle avgrensninger )")
    assert ("Samskaping", "/cases?sector=civil_society") in chosen.links  # choosing it again unchooses it


@pytest.mark.parametrize("case, heading", [
    ({"id": "w1-1", "name": "Vestfold IKT", "place_name": "Horten"}, "Vestfold IKT"),
    ({"id": "w1-2", "name": None, "place_name": "Horten"}, "Samarbeid i Horten"),
    ({"id": "w1-3", "name": "", "model": "x", "document_title": "Rapport"},
     "Interkommunalt selskap (IKS), case 3 i «Rapport»"),
    ({"id": "w1-12", "name": None}, "Samarbeid, case 12"),
])
def test_case_headings(case, heading):
    from publish.pages.cases import LABELS, case_heading

    model = "Interkommunalt selskap (IKS)" if case.get("model") else None
    assert case_heading(case, model, LABELS["no"]) == heading


def test_cases_map_points_by_municipality(served_sample):
    html = served_sample.get("/cases", headers=NORWEGIAN).text
    points = json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html).group(1))
    assert [(p["name"], p["country"], p["lat"], p["lon"], p["cases"], p["documents"]) for p in points] == [
        ("Aalborg", "DK", 57.05, 9.92, 2, 1), ("Bærum", "NO", 59.89, 10.52, 2, 2), ("Stockholm", "SE", 59.33, 18.07, 0, 1)]
    assert '<script src="/static/leaflet/leaflet.js" defer></script>' in html
    assert served_sample.get("/static/leaflet/leaflet.js").status_code == 200
    outline = served_sample.get("/static/nordic-outline.geojson").json()
    assert {f["properties"]["country"] for f in outline["features"]} == {"NO", "SE", "DK", "FI", "IS", "AX", "FO"}


def test_dictionary_documents_every_table_and_column(served_sample):
    db = open_catalogue(served_sample.data_dir)  # the file served, as publish() wrote it
    html = served_sample.get("/dictionary", headers=NORWEGIAN).text
    names = [name for name, in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    for name in names:
        section = re.search(rf'<section class="dictionary-table" id="table-{name}".*?</section>', html, re.S).group(0)
        columns = [row[1] for row in db.execute(f"PRAGMA table_xinfo({name})")]  # FTS5's hidden columns too
        assert re.findall(r'<th scope="row"><code>(\w+)</code>', section) == columns
    assert '<tr><th scope="row"><code>handle</code></th><td>TEXT</td><td>Handle (&#34;11250/94194&#34;)</td></tr>' in html


def test_dictionary_lists_the_canned_queries(served_sample):
    html = served_sample.get("/dictionary", headers=NORWEGIAN).text
    listed = re.findall(r'<dt><a href="/catalogue/(\w+)">', html)
    assert {"search", "documents_by_municipality", "partnerships_by_sector_pair", "series_over_time",
            "duplicates_merged"} == set(listed)


# --- canned queries ------------------------------------------------------------------------------------

def canned(server, name: str, **params) -> list[dict]:
    response = server.get(f"/catalogue/{name}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


def test_documents_by_municipality(served_sample):
    rows = canned(served_sample, "documents_by_municipality", municipality="Bærum")
    assert [(r["municipality"], r["id"]) for r in rows] == [("Bærum", "w000000000002"), ("Bærum", SEED)]
    assert {r["id"] for r in canned(served_sample, "documents_by_municipality", municipality="0180")} == \
        {"w000000000004"}
    assert len(canned(served_sample, "documents_by_municipality", municipality="")) == 4


def test_partnerships_by_sector_pair(served_sample):
    rows = canned(served_sample, "partnerships_by_sector_pair")
    assert [(r["sector_a"], r["sector_b"], r["cases"], r["documents"]) for r in rows] == [
        ("civil_society", "public", 2, 2), ("private", "public", 2, 2), ("civil_society", "private", 1, 1)]


def test_series_over_time(served_sample):
    rows = canned(served_sample, "series_over_time", series="Research Report")
    assert [(r["year"], r["documents"], r["numbers"]) for r in rows] == [(2005, 1, "06/2005"), (2010, 1, "01/2010")]


def test_duplicates_merged(served_sample):
    [row] = canned(served_sample, "duplicates_merged")
    assert (row["id"], row["records"], row["match_rule"], row["sources"]) == (SEED, 2, "url", "bi-open, docplayer")


# --- search page ---------------------------------------------------------------------------------------

def test_search_page_finds_and_marks_the_inflected_form_and_the_compound(served_sample):
    html = served_sample.get("/catalogue/search", params={"q": "samarbeid"}, headers=NORWEGIAN).text
    assert re.findall(r'<a class="result-title" href="/catalogue/documents/(\w+)">', html) == [SEED, "w000000000002"]
    assert "har gjennom en fireårsperiode <mark>samarbeidet</mark> med private bedrifter" in html
    assert 'id="result-count">2</span>' in html
    assert ('<a href="/catalogue/documents?_q=samarbeid&amp;_facet=language&amp;_facet=year&amp;_facet=doc_type'
            '&amp;_facet=country&amp;_facet=publisher" id="faceted-link">') in html


# --- labels ----------------------------------------------------------------------------------------------

def test_every_label_exists_in_both_languages():
    from pipeline.cases.model import SECTORS

    plugin = load_plugin("pages")
    assert set(plugin.LABELS["no"]) == set(plugin.LABELS["en"])
    for vocabulary in ("languages", "sectors", "roles"):
        assert set(plugin.LABELS[vocabulary]["no"]) == set(plugin.LABELS[vocabulary]["en"]), vocabulary
    # every sector and role the case extractor writes (pipeline/cases/model.py) has a label
    assert set(plugin.LABELS["sectors"]["no"]) == set(SECTORS)
    assert set(plugin.LABELS["roles"]["no"]) == {"owner", "host", "funder"}
    for lang in ("no", "en"):  # the headings of cases without a name fill in what is known
        labels = plugin.LABELS[lang]
        assert "{kind}" in labels["case_heading_place"] and "{place}" in labels["case_heading_place"]
        assert "{n}" in labels["case_heading_number"] and "{document}" in labels["case_heading_document"]


@pytest.mark.parametrize("header, language", [
    ("", "no"), ("en-GB,en;q=0.9", "en"), ("nb-NO,nb;q=0.9,en;q=0.8", "no"), ("sv-SE,sv;q=0.9,en;q=0.5", "en"),
    ("de-DE", "no"), ("en;q=0.2,nn;q=0.5", "no"), ("en;q=x,nb", "no"),
])
def test_accept_language_chooses_the_interface(header, language):
    plugin = load_plugin("pages")
    assert (plugin.accepted_language(header) or plugin.DEFAULT_LANGUAGE) == language


def test_labels_switch_language(served_sample):
    english = served_sample.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="en">' in english.text and "What the catalogue holds: " in english.text
    assert '<a class="lang-switch" href="/?lang=no" hreflang="no" lang="no">På norsk</a>' in english.text
    norwegian = served_sample.get("/", headers={"Accept-Language": "en-US"}, params={"lang": "no"})
    assert '<html lang="no">' in norwegian.text and "Hva katalogen inneholder: " in norwegian.text
    assert norwegian.headers["set-cookie"].startswith("nordcat_lang=no; Path=/;")
    remembered = served_sample.get(f"/catalogue/documents/{SEED}", headers={"Accept-Language": "en"},
                            cookies={"nordcat_lang": "no"})
    assert '<h2 id="citation-heading">Sitering</h2>' in remembered.text
    english_doc = served_sample.get(f"/catalogue/documents/{SEED}", params={"lang": "en"})
    assert '<p class="provenance-line" id="provenance">From BI Open, also in docplayer</p>' in english_doc.text
    assert '<th scope="row">Number in series</th>' in english_doc.text


def test_error_pages_keep_the_site_menu(served_sample):
    response = served_sample.get("/catalogue/documents/nonexistent", headers=NORWEGIAN)
    assert response.status_code == 404
    assert '<nav class="site-nav" aria-label="Hovedmeny">' in response.text


# --- unit: citation parts --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, apa", [("Midttun, Atle", "Midttun, A."), ("Berg, Hans-Petter Ola", "Berg, H.-P. O."),
                                       ("Fafo", "Fafo"), ("Nilsen,", "Nilsen,")])
def test_apa_names(name, apa):
    assert load_plugin("pages").apa_name(name) == apa
