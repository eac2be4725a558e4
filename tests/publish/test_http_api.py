"""HTTP for a public API, links that last and citations in CSL styles, over real HTTP against
`nordcat serve` on demo catalogues made by real nightlies:

- CORS on the machine-readable answers, ETag / Last-Modified from the catalogue's version and
  304 for a client that has the current answer (publish/plugins/http_api.py), on `served_demo`;
- the licence a demo source states, in the catalogue and on the work's page;
- CSL-JSON and the formatted citation of a demo work of every type, and the .citation export in
  every shipped style (publish/citations.py);
- 301 for a work a later nightly merged into another, 410 for one its source deleted, and a new
  ETag once the new catalogue is served (publish/plugins/redirects.py), on a demo whose
  repository changes between two nightlies while the catalogue is served.
"""
from __future__ import annotations

import json
import re
import time
from email.utils import formatdate

import lxml.html
import pytest

from publish.citations import STYLES, csl_item, formatted, record, style_of
from tests.catalogue_server import CatalogueServer
from tests.helpers import catalogue, nordcat

NORWEGIAN = {"Accept-Language": "nb"}


def a_work(data_dir, where: str = "1 = 1", params=()) -> dict:
    with catalogue(data_dir) as db:
        return dict(db.execute(f"SELECT * FROM documents WHERE {where} ORDER BY id LIMIT 1", params).fetchone())


# --- CORS -------------------------------------------------------------------------------------------------

def test_machine_readable_answers_may_be_read_from_any_origin(served_demo, demo_catalogue):
    doc_id = a_work(demo_catalogue)["id"]
    for path in ("/catalogue/documents.json", "/catalogue/documents.csv", "/-/feed.atom",
                 f"/catalogue/documents/{doc_id}.json", f"/catalogue/documents/{doc_id}.bib",
                 f"/catalogue/documents/{doc_id}.csljson", f"/catalogue/documents/{doc_id}.citation"):
        response = served_demo.get(path, headers={"Origin": "https://elsewhere.example"})
        assert response.status_code == 200, path
        assert response.headers["access-control-allow-origin"] == "*", path
        assert "ETag" in response.headers["access-control-expose-headers"], path
    page = served_demo.get(f"/catalogue/documents/{doc_id}")
    assert "access-control-allow-origin" not in page.headers  # an HTML page is for people, not scripts


def test_a_preflight_allows_conditional_requests(served_demo):
    import httpx

    response = httpx.options(served_demo.base + "/catalogue/documents.json", timeout=30, headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert "If-None-Match" in response.headers["access-control-allow-headers"]


# --- validators and 304 -----------------------------------------------------------------------------------

def test_answers_carry_the_catalogues_validators_and_a_client_that_has_them_gets_304(served_demo, demo_catalogue):
    doc_id = a_work(demo_catalogue)["id"]
    for path in (f"/catalogue/documents/{doc_id}", f"/catalogue/documents/{doc_id}.json",
                 "/catalogue/documents.csv?_size=5", "/-/feed.atom"):
        first = served_demo.get(path, headers=NORWEGIAN)
        etag, last_modified = first.headers["etag"], first.headers["last-modified"]
        assert etag.startswith('W/"') and served_demo.get(path, headers=NORWEGIAN).headers["etag"] == etag
        assert first.headers["cache-control"] == "public, no-cache"
        again = served_demo.get(path, headers={**NORWEGIAN, "If-None-Match": etag})
        assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag), path
        assert served_demo.get(path, headers={**NORWEGIAN, "If-Modified-Since": last_modified}).status_code == 304
        older = formatdate(time.mktime(time.strptime(last_modified, "%a, %d %b %Y %H:%M:%S GMT")) - 86400 * 400,
                           usegmt=True)
        assert served_demo.get(path, headers={**NORWEGIAN, "If-Modified-Since": older}).status_code == 200
        stale = served_demo.get(path, headers={**NORWEGIAN, "If-None-Match": 'W/"another-version"'})
        assert stale.status_code == 200 and timeless(stale.text) == timeless(first.text)


def timeless(text: str) -> str:
    """The answer without the time its queries took (Datasette's "Queries took 1.9ms", JSON's
    "query_ms"): what a weak ETag says is the same."""
    return re.sub(r'Queries took [\d.]+ms|"query_ms": [\d.e-]+', "", text)


def test_the_etag_differs_for_another_interface_language(served_demo, demo_catalogue):
    path = f"/catalogue/documents/{a_work(demo_catalogue)['id']}"
    norwegian = served_demo.get(path, headers=NORWEGIAN)
    english = served_demo.get(path, headers={"Accept-Language": "en"})
    assert norwegian.headers["etag"] != english.headers["etag"]
    # the English page's tag does not pass for the Norwegian page
    assert served_demo.get(path, headers={**NORWEGIAN, "If-None-Match": english.headers["etag"]}).status_code == 200


def test_the_downloads_are_not_validated_by_the_catalogue(served_demo):
    response = served_demo.get("/-/downloads.json")
    assert response.status_code == 200 and "etag" not in response.headers


# --- licence --------------------------------------------------------------------------------------------

def test_the_licence_a_source_states_is_in_the_catalogue_and_on_the_page(served_demo, demo_catalogue):
    with catalogue(demo_catalogue) as db:
        licences = dict(db.execute("SELECT licence, count(*) FROM documents GROUP BY licence").fetchall())
    # demo/works.py gives some works CC BY 4.0 (dc.rights.uri), demo/nva.py gives its files CC BY 4.0
    assert set(licences) >= {None, "http://creativecommons.org/licenses/by/4.0/deed.no"}, licences
    doc = a_work(demo_catalogue, "licence IS NOT NULL")
    html = served_demo.get(f"/catalogue/documents/{doc['id']}", headers=NORWEGIAN).text
    row = re.search(r'<tr class="field-licence"><th scope="row">Lisens</th>\s*<td><a href="([^"]+)"', html)
    assert row and row.group(1) == doc["licence"]
    # and as indexers read it: schema.org's license, Dublin Core's rights
    [block] = lxml.html.fromstring(html).xpath("/html/head/script[@type='application/ld+json']")
    assert json.loads(block.text)["license"] == doc["licence"]
    assert lxml.html.fromstring(html).xpath("/html/head/meta[@name='DC.rights']/@content") == [doc["licence"]]


# --- citations --------------------------------------------------------------------------------------------

# COAR type -> the CSL type a citation processor must be told (CSL 1.0.2 item types)
CSL_TYPES = {"research report": "report", "report": "report", "working paper": "report", "journal article":
             "article-journal", "master thesis": "thesis", "doctoral thesis": "thesis", "bachelor thesis": "thesis",
             "book": "book", "book part": "chapter", "lecture": "speech", "conference paper": "paper-conference",
             "newspaper article": "article-newspaper", "website": "webpage", "policy report": "report"}


def demo_works_of_each_type(data_dir) -> list[dict]:
    with catalogue(data_dir) as db:
        return [dict(row) for row in db.execute("""
            SELECT * FROM documents WHERE id IN (SELECT min(id) FROM documents GROUP BY doc_type) ORDER BY id""")]


def test_each_demo_type_maps_to_its_csl_item(demo_catalogue):
    works = demo_works_of_each_type(demo_catalogue)
    assert len({w["doc_type"] for w in works}) >= 3
    for work in works:
        item = csl_item(record(work))
        assert item["type"] == CSL_TYPES.get((work["doc_type"] or "").lower(), "document"), work["doc_type"]
        assert item["title"] == " ".join(work["title"].split())
        assert [a.get("family") or a.get("literal") for a in item.get("author", [])] == \
            [name.split(",")[0].strip() for name in json.loads(work["authors"])]
        if work["year"]:
            assert item["issued"]["date-parts"][0][0] == work["year"]
        for column, variable in (("publisher", "publisher"), ("doi", "DOI"), ("series", "collection-title"),
                                 ("licence", "license")):
            assert item.get(variable) == (" ".join(work[column].split()) if work[column] else None), column
        if item["type"] == "article-journal" and work["series"]:
            assert item["container-title"] == work["series"]
        if item["type"] == "thesis":
            assert item["genre"] == work["doc_type"]


@pytest.mark.parametrize("style", list(STYLES))
def test_every_style_formats_every_demo_type(demo_catalogue, style):
    for work in demo_works_of_each_type(demo_catalogue):
        [entry] = formatted([csl_item(record(work))], style_of(style), "en", as_html=False)
        first_words = " ".join(work["title"].split()[:3])
        assert first_words.lower() in entry.lower(), (style, entry)
        if work["year"]:
            assert str(work["year"]) in entry, (style, entry)


def test_the_citation_export_takes_a_style_and_refuses_an_unknown_one(served_demo, demo_catalogue):
    work = a_work(demo_catalogue, "doc_type = 'research report' AND json_array_length(authors) > 0")
    path = f"/catalogue/documents/{work['id']}.citation"
    entries = {style: served_demo.get(path, params={"style": style}).text.strip() for style in STYLES}
    assert len(set(entries.values())) >= 4  # the styles differ
    family = json.loads(work["authors"])[0].split(",")[0]
    assert all(family in entry for entry in entries.values()), entries
    assert served_demo.get(path).text.strip() == entries["apa"]  # the default
    refused = served_demo.get(path, params={"style": "mla"})
    assert refused.status_code == 400 and "apa" in refused.text
    listing = served_demo.get("/catalogue/documents.citation", params={"_style": "vancouver", "_size": "3"})
    assert listing.status_code == 200 and len(listing.text.strip().split("\n")) == 3


def test_the_document_page_formats_the_citation_in_the_style_asked(served_demo, demo_catalogue):
    work = a_work(demo_catalogue, "doc_type = 'research report' AND json_array_length(authors) > 1")
    path = f"/catalogue/documents/{work['id']}"
    apa = served_demo.get(path, headers={"Accept-Language": "en"}).text
    chicago = served_demo.get(path, params={"style": "chicago"}, headers={"Accept-Language": "en"}).text
    assert 'data-style="apa"' in apa and 'data-style="chicago"' in chicago
    cited = lambda html: re.search(r'<p class="citation" id="citation"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert " &amp; " in cited(apa) and " and " in cited(chicago)  # APA joins the last author with &
    assert 'aria-current="true">Chicago (author-date)</a>' in chicago
    # an unknown style shows the default, never an error page
    assert 'data-style="apa"' in served_demo.get(path, params={"style": "mla"}).text


# --- links that last: two nightlies while the catalogue is served -----------------------------------------

DOI = "10.5555/nordcat.lasting"
FOLDED = ("11250/4300001", "Veivedlikehold i Nordland gjennom interkommunalt samarbeid")
KEPT = ("11250/4300002", "Interkommunalt veivedlikehold i Nordland: sluttrapport")
DELETED = ("11250/4300003", "Partnerskap for kystkultur i Finnmark")


@pytest.fixture(scope="module")
def republished(tmp_path_factory):
    """A demo catalogue served while a second nightly publishes another: between the two, the
    repository gives two works one DOI (one work now) and deletes a third. Yields the server, the
    data folder, the work ids of the first catalogue by handle and the ETag it served."""
    from demo import DEFAULT_PORTS, DemoWeb
    from demo.works import REPORTS, Work

    root = tmp_path_factory.mktemp("republished")
    data, sources = root / "data", root / "sources"
    sources.mkdir()
    with DemoWeb(ports=dict.fromkeys(DEFAULT_PORTS, 0)) as web:
        for handle, title in (FOLDED, KEPT, DELETED):
            web.oai.add(Work(handle=handle, title=title, authors=["Nilsen, Kari"], issued="2024",
                             accessioned="2024-05-02T10:00:00Z", language="nob", type="Research report",
                             collections=[REPORTS], abstract=f"{title}."))
        web.write_registry(sources)
        first = nordcat(data, sources, "nightly")
        assert first.returncode == 0, first.stdout + first.stderr
        with catalogue(data) as db:
            ids = {handle: db.execute("SELECT id FROM documents WHERE handle = ?", [handle]).fetchone()[0]
                   for handle, _ in (FOLDED, KEPT, DELETED)}
        with CatalogueServer(data, root / "serve.log") as server:
            etag = server.get("/catalogue/documents.json").headers["etag"]
            web.oai.update(FOLDED[0], doi=DOI)
            web.oai.update(KEPT[0], doi=DOI)
            web.oai.delete(DELETED[0])
            second = nordcat(data, sources, "nightly")
            assert second.returncode == 0, second.stdout + second.stderr
            deadline = time.monotonic() + 120
            while server.get("/catalogue/documents.json").headers["etag"] == etag:  # the new worker takes over
                assert time.monotonic() < deadline, "the new catalogue was not served"
                time.sleep(0.5)
            yield server, data, ids, etag


def test_a_new_catalogue_has_new_etags(republished):
    server, _, _, old_etag = republished
    response = server.get("/catalogue/documents.json", headers={"If-None-Match": old_etag})
    assert response.status_code == 200 and response.headers["etag"] != old_etag


def test_a_merged_work_answers_301_to_the_work_it_went_into(republished):
    server, data, ids, _ = republished
    with catalogue(data) as db:
        [(survivor,)] = db.execute("SELECT id FROM documents WHERE doi = ?", [DOI]).fetchall()
    folded = ({ids[FOLDED[0]], ids[KEPT[0]]} - {survivor}).pop()
    for form in ("", ".json", ".bib"):
        moved = server.get(f"/catalogue/documents/{folded}{form}", params={"lang": "en"})
        assert moved.status_code == 301
        assert moved.headers["location"] == f"/catalogue/documents/{survivor}{form}?lang=en"
        assert server.get(moved.headers["location"]).status_code == 200
    assert server.get(f"/catalogue/documents/{survivor}").status_code == 200  # the survivor itself is live


def test_a_work_deleted_at_its_source_answers_410_with_what_it_was(republished):
    server, _, ids, _ = republished
    gone_id = ids[DELETED[0]]
    page = server.get(f"/catalogue/documents/{gone_id}", headers={"Accept-Language": "en"})
    assert page.status_code == 410
    assert "This work is gone" in page.text and DELETED[1] in page.text and "demo-biopen-oai" in page.text
    as_json = server.get(f"/catalogue/documents/{gone_id}.json").json()
    assert (as_json["status"], as_json["title"], as_json["id"]) == ("gone", DELETED[1], gone_id)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", as_json["deleted_at"])
    assert server.get("/catalogue/documents/wnever0000000").status_code == 404  # an id never given out
