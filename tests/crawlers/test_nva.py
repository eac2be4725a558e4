"""NVA: the JSON mapping, the registry's nva keys, the test server, and the spider over real HTTP.

The mapping fixtures follow the data model in BIBSYSDEV/nva-search-api
(search-commons/.../resource/README.md): the same report, identifiers and file, with the fields
that README leaves out (contributorsCount, additionalIdentifiers, alternativeAbstracts) added in
the shape NVA's code gives them.
"""
from __future__ import annotations

import asyncio
import copy
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import httpx
import pytest
import yaml
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from crawlers.parsers import nva
from nordcat.sources import RegistryError, Source, load_source
from crawlers.spiders.base import CrawlContext
from crawlers.spiders.nva import NvaSpider
from demo import DEFAULT_PORTS, DemoWeb
from demo.nva import search_hit, stored_form
from tests.helpers import nordcat, report_lines

API = "https://api.nva.unit.no"
IDENTIFIER = "018b857b77b7-697ebc73-5195-4ce4-9ba1-1d5a7b540642"
REPORT_HIT = {
    "type": "Publication",
    "id": f"{API}/publication/{IDENTIFIER}",
    "identifier": IDENTIFIER,
    "status": "PUBLISHED",
    "createdDate": "2023-09-29T12:14:46Z",
    "publishedDate": "2023-09-29T12:14:46Z",
    "modifiedDate": "2023-10-31T11:25:43.223366513Z",
    "handle": "https://hdl.handle.net/11250/3093139",
    "additionalIdentifiers": [
        {"type": "HandleIdentifier", "sourceName": "handle@ngi", "value": "https://hdl.handle.net/11250/3093139"},
        {"type": "CristinIdentifier", "sourceName": "Cristin", "value": "2191453"},
    ],
    "associatedArtifacts": [
        {"type": "OpenFile", "identifier": "98893bfd-82d3-44d8-af10-9d1097c9510e",
         "license": "https://rightsstatements.org/page/inc/1.0", "mimeType": "application/pdf",
         "name": "20200017-03-TN_Release_area_variability.pdf", "size": 699309, "visibleForNonOwner": True},
        {"type": "InternalFile", "identifier": "5b2f3a8e-0000-4000-8000-000000000001",
         "mimeType": "application/pdf", "name": "agreement.pdf"},
    ],
    "entityDescription": {
        "type": "EntityDescription",
        "mainTitle": "A Simple Model for the Variability of Release Area Size",
        "abstract": "The hazard mapping tool NAKSIN estimates ....",
        "alternativeAbstracts": {"nb": "Farekartleggingsverktøyet NAKSIN anslår ...."},
        "contributors": [{"type": "Contributor", "correspondingAuthor": False, "sequence": 1,
                          "identity": {"id": f"{API}/cristin/person/11111", "type": "Identity",
                                       "name": "Dieter Issler"},
                          "role": {"type": "Creator"}}],
        "contributorsCount": 1,
        "language": "http://lexvo.org/id/iso639-3/eng",
        "publicationDate": {"type": "PublicationDate", "day": "24", "month": "08", "year": "2023"},
        "reference": {
            "type": "Reference",
            "doi": "https://doi.org/10.1371/journal.pone.0047855",
            "publicationContext": {
                "type": "Report",
                "publisher": {"id": f"{API}/publication-channels-v2/publisher/944351B3-DC14-4F62-9939-7A2793D6F0B1/2023",
                              "type": "Publisher", "isbnPrefix": "978-91-27", "name": "Natur och kultur"},
                "series": {"type": "UnconfirmedSeries", "title": "NGI-Rapport"},
                "seriesNumber": "20200017-03-TN",
            },
            "publicationInstance": {"type": "ReportResearch",
                                    "pages": {"type": "MonographPages", "illustrated": False, "pages": "16"}},
        },
        "tags": ["Avalanche-RnD", "Slope Stability"],
    },
}
ARTICLE_HIT = {
    "id": f"{API}/publication/0190aa11bb22-0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
    "identifier": "0190aa11bb22-0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
    "status": "PUBLISHED_METADATA",
    "entityDescription": {
        "mainTitle": "Interkommunalt samarbeid om barnevern",
        "alternativeTitles": {"en": "Inter-municipal cooperation in child welfare"},
        "contributors": [
            {"sequence": 2, "identity": {"name": "Signy Irene Vabo"}, "role": {"type": "Creator"}},
            {"sequence": 1, "identity": {"name": "Kari van der Berg"}, "role": {"type": "Creator"}},
            {"sequence": 3, "identity": {"name": "KS Kommunesektorens organisasjon", "nameType": "Organizational"},
             "role": {"type": "RightsHolder"}},
        ],
        "language": "http://lexvo.org/id/iso639-3/nob",
        "publicationDate": {"year": "2021", "month": "3"},
        "reference": {
            "publicationContext": {"type": "Journal", "id": f"{API}/publication-channels-v2/journal/ABC/2021",
                                   "name": "Tidsskrift for velferdsforskning", "printIssn": "2464-3076",
                                   "onlineIssn": "2464-3084"},
            "publicationInstance": {"type": "AcademicArticle", "volume": "24", "issue": "1"},
        },
    },
}


# --- mapping -----------------------------------------------------------------------------------

def test_a_report_hit_maps_field_by_field():
    assert nva.to_dc(REPORT_HIT, "https://nva.sikt.no") == {
        "dc.title": ["A Simple Model for the Variability of Release Area Size"],
        "dc.contributor.author": ["Issler, Dieter"],
        "nordcat.person.cristin": [f"Issler, Dieter|{API}/cristin/person/11111"],
        "dc.date.issued": ["2023-08-24"],
        "dc.date.accessioned": ["2023-09-29T12:14:46Z"],
        "dc.type": ["Research report"],
        "dc.language.iso": ["eng"],
        "dc.identifier.doi": ["https://doi.org/10.1371/journal.pone.0047855"],
        "dc.identifier.uri": ["https://hdl.handle.net/11250/3093139"],
        "dc.identifier.cristin": ["2191453"],
        "dc.relation.ispartofseries": ["NGI-Rapport;20200017-03-TN"],
        "dc.publisher": ["Natur och kultur"],
        "dc.description.abstract": ["The hazard mapping tool NAKSIN estimates ....",
                                    "Farekartleggingsverktøyet NAKSIN anslår ...."],
        "dc.subject": ["Avalanche-RnD", "Slope Stability"],
        "dc.rights.uri": ["https://rightsstatements.org/page/inc/1.0"],
        "dc.format.mimetype": ["application/pdf"],
        "nordcat.url": [f"https://nva.sikt.no/registration/{IDENTIFIER}"],
        "nordcat.fulltext_url": [f"{API}/download/public/{IDENTIFIER}/files/98893bfd-82d3-44d8-af10-9d1097c9510e"],
        "nordcat.date.modified": ["2023-10-31T11:25:43.223366513Z"],
    }


def test_an_article_keeps_sequence_roles_journal_and_issns():
    meta = nva.to_dc(ARTICLE_HIT, "https://nva.sikt.no")
    assert meta["dc.contributor.author"] == ["van der Berg, Kari", "Vabo, Signy Irene"]
    assert meta["dc.contributor"] == ["KS Kommunesektorens organisasjon"]
    assert meta["dc.title.alternative"] == ["Inter-municipal cooperation in child welfare"]
    assert meta["dc.source.journal"] == ["Tidsskrift for velferdsforskning"]
    assert meta["dc.identifier.issn"] == ["2464-3076", "2464-3084"]
    assert (meta["dc.date.issued"], meta["dc.type"], meta["dc.language.iso"]) == (
        ["2021-03"], ["Journal article"], ["nob"])
    assert "nordcat.fulltext_url" not in meta and "dc.relation.ispartofseries" not in meta


def test_older_documents_are_read_too():
    """Before the current model: role a plain string, licence an object, identifiers by sourceName."""
    old = copy.deepcopy(REPORT_HIT)
    old["entityDescription"]["contributors"][0]["role"] = "Editor"
    old["associatedArtifacts"][0].update(
        type="PublishedFile", license={"type": "License", "link": "https://creativecommons.org/licenses/by/4.0/"})
    old["additionalIdentifiers"] = [{"type": "AdditionalIdentifier", "sourceName": "Cristin", "value": "123"}]
    old["entityDescription"]["reference"]["publicationContext"]["publisher"] = "Universitetsforlaget"
    meta = nva.to_dc(old, "https://nva.sikt.no")
    assert meta["dc.contributor.editor"] == ["Issler, Dieter"] and "dc.contributor.author" not in meta
    assert meta["dc.rights.uri"] == ["https://creativecommons.org/licenses/by/4.0/"]
    assert (meta["dc.identifier.cristin"], meta["dc.publisher"]) == (["123"], ["Universitetsforlaget"])


@pytest.mark.parametrize("name, expected", [
    ("Dieter Issler", "Issler, Dieter"), ("Anne Lise  Hansen", "Hansen, Anne Lise"),
    ("Ludwig van Beethoven", "van Beethoven, Ludwig"), ("Midttun, Atle", "Midttun, Atle"), ("Fafo", "Fafo"),
])
def test_names_come_out_family_first(name, expected):
    assert nva.inverted(name) == expected


@pytest.mark.parametrize("status, withdrawn", [
    ("PUBLISHED", False), ("PUBLISHED_METADATA", False), ("UNPUBLISHED", True), ("DELETED", True), ("DRAFT", True)])
def test_only_published_statuses_are_live(status, withdrawn):
    assert nva.is_withdrawn({**REPORT_HIT, "status": status}) is withdrawn


def test_a_contributor_preview_is_completed_from_the_publication():
    hit = copy.deepcopy(REPORT_HIT)
    hit["entityDescription"]["contributorsCount"] = 2
    assert nva.contributors_truncated(hit) and not nva.contributors_truncated(REPORT_HIT)
    second = {"sequence": 2, "identity": {"name": "Peter Gauer"}, "role": {"type": "Creator"}}
    publication = {"entityDescription": {"contributors": [*REPORT_HIT["entityDescription"]["contributors"], second]}}
    whole = nva.with_contributors(hit, publication)
    assert nva.to_dc(whole, "x")["dc.contributor.author"] == ["Issler, Dieter", "Gauer, Peter"]
    assert len(hit["entityDescription"]["contributors"]) == 1  # the hit itself is left alone


def test_landing_pages_live_on_the_front_end():
    assert nva.landing_base(API) == "https://nva.sikt.no"
    assert nva.landing_base("http://127.0.0.1:8115/") == "http://127.0.0.1:8115"


# --- registry ----------------------------------------------------------------------------------

NVA_SOURCE = {"name": "nva", "title": "NVA", "publisher": "Sikt", "country": "NO", "kind": "nva", "url": API}


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / f"{data['name']}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_an_nva_source_takes_its_scope(tmp_path):
    source = load_source(write(tmp_path, {**NVA_SOURCE, "query": "samarbeid", "organizations": ["215.0.0.0"],
                                          "instance_types": ["ReportResearch", "ReportPolicy"]}))
    assert (source.query, source.organizations, source.hosts) == ("samarbeid", ["215.0.0.0"], ["api.nva.unit.no"])


@pytest.mark.parametrize("change, field", [
    ({"organizations": ["OsloMet"]}, "organizations"),
    ({"kind": "oai-pmh", "query": "samarbeid"}, "(file)"),
    ({"organisations": ["215.0.0.0"]}, "organisations"),
])
def test_nva_keys_are_checked(tmp_path, change, field):
    with pytest.raises(RegistryError, match=f"field '{field}'" if field != "(file)" else "nva sources only"):
        load_source(write(tmp_path, {**NVA_SOURCE, **change}))


# --- the test server ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def api(web):
    with httpx.Client(base_url=web.urls["nva"], timeout=10, trust_env=False) as client:
        yield client


def test_the_cursor_chain_visits_every_work_once_and_outlives_the_last_hit(web, api):
    url, seen, sizes = "/search/resources?sort=modifiedDate:asc&size=7", [], []
    while url:
        page = api.get(url).json()
        seen += [hit["identifier"] for hit in page["hits"]]
        sizes.append(len(page["hits"]))
        url = page.get("nextSearchAfterResults") if page["hits"] else None
    assert sorted(seen) == sorted(d["identifier"] for d in web.sites["nva"].published()) and len(seen) == 40
    assert sizes == [7, 7, 7, 7, 7, 5, 0]  # the API offers a cursor while from + size < totalHits
    first = api.get("/search/resources", params={"size": 7}).json()
    assert first["totalHits"] == 40 and "previousResults" not in first
    assert parse_qs(urlsplit(first["nextResults"]).query)["from"] == ["7"]


def test_filters_and_errors(web, api):
    by_org = api.get("/search/resources", params={"topLevelOrganization": "215.0.0.0", "size": 100}).json()
    assert by_org["totalHits"] == sum(d["topLevelOrganizations"][0]["id"].endswith("/215.0.0.0")
                                      for d in web.sites["nva"].published()) > 0
    reports = api.get("/search/resources", params={"instance_type": "ReportPolicy,ReportBasic", "size": 100}).json()
    assert {h["entityDescription"]["reference"]["publicationInstance"]["type"] for h in reports["hits"]} == {
        "ReportPolicy", "ReportBasic"}
    assert api.get("/search/resources", params={"modified_since": "2030-01-01"}).json()["totalHits"] == 0
    listing = api.get("/search/resources", params={"nodes_included": "identifier", "size": 2}).json()
    assert [set(hit) for hit in listing["hits"]] == [{"identifier"}, {"identifier"}]
    for bad in ({"institutio": "x"}, {"size": 1001}, {"from": 9995, "size": 10}, {"sort": "colour"},
                {"modified_since": "yesterday"}):
        response = api.get("/search/resources", params=bad)
        assert (response.status_code, response.json()["status"]) == (400, 400), bad


def test_search_hits_and_stored_documents_differ_as_in_nva(web, api):
    doc = next(d for d in web.sites["nva"].published()
               if d["entityDescription"]["reference"]["publicationContext"]["type"] == "Journal")
    hit = api.get("/search/resources", params={"id": doc["identifier"]}).json()["hits"][0]
    stored = api.get(f"/publication/{doc['identifier']}").json()
    assert hit["entityDescription"]["reference"]["publicationContext"]["name"]
    assert set(stored["entityDescription"]["reference"]["publicationContext"]) == {"type", "id"}
    assert stored["id"] == f"{web.urls['nva']}/publication/{doc['identifier']}"
    assert "topLevelOrganizations" in hit and "topLevelOrganizations" not in stored
    team = large_team(web)
    assert len(search_hit(team)["entityDescription"]["contributors"]) == 10
    assert len(stored_form(team)["entityDescription"]["contributors"]) == 12
    assert api.get("/publication/0000").status_code == 404


# --- the spider over real HTTP -------------------------------------------------------------------

@pytest.fixture
def harvest(tmp_path):
    """A fresh demo web (the tests change it) and a registry holding only demo-nva."""
    with DemoWeb(ports=dict.fromkeys(DEFAULT_PORTS, 0)) as running:
        running.write_registry(tmp_path / "all")
        sources = tmp_path / "sources"
        sources.mkdir()
        (sources / "demo-nva.yml").write_bytes((tmp_path / "all" / "demo-nva.yml").read_bytes())
        yield running, tmp_path / "data", sources


def large_team(web) -> dict:
    """The one demo work with more contributors than a search hit shows."""
    [team] = [d for d in web.sites["nva"].documents() if len(d["entityDescription"]["contributors"]) > 10]
    return team


def nva_requests(web, since: int = 0) -> list[str]:
    """The API requests (robots.txt and the full-text step's PDF downloads aside)."""
    return [path for site, path in web.requests[since:]
            if site == "nva" and path != "/robots.txt" and not path.startswith("/download/")]


def warehouse_rows(data: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.mark.slow
def test_full_then_incremental_harvest(harvest):
    web, data, sources = harvest
    site = web.sites["nva"]
    first = nordcat(data, sources, "crawl")
    assert first.returncode == 0, first.stdout + first.stderr
    report = report_lines(first.stdout)["demo-nva"]
    assert (report["status"], report["seen"], report["new"], report["held"]) == ("ok", "40", "40", "40")
    team = large_team(web)
    # one search page, one detail fetch: the only work with more contributors than a hit shows
    assert [urlsplit(p).path for p in nva_requests(web)] == ["/search/resources", f"/publication/{team['identifier']}"]
    assert parse_qs(urlsplit(nva_requests(web)[0]).query) == {
        "sort": ["modifiedDate:asc"], "size": ["100"], "aggregation": ["none"]}
    [(metadata,)] = warehouse_rows(data, "SELECT metadata FROM raw_records WHERE record_key = ?", [team["identifier"]])
    assert len(json.loads(metadata)["dc.contributor.author"]) == 12
    [(response_date,)] = warehouse_rows(data, "SELECT response_date FROM crawl_runs")

    changed, gone = site.published()[3]["identifier"], site.published()[5]["identifier"]
    site.update(changed, mainTitle="Samskaping i kommunene: en revidert utgave")
    site.unpublish(gone)
    served = len(web.requests)
    second = nordcat(data, sources, "crawl", "--reconcile")
    assert second.returncode == 0, second.stdout + second.stderr
    report = report_lines(second.stdout)["demo-nva"]
    counts = (report["seen"], report["new"], report["changed"], report["deleted"], report["held"])
    assert counts == ("1", "0", "1", "1", "39")
    search, listing = nva_requests(web, served)
    since = datetime.fromisoformat(response_date) - timedelta(hours=1)
    assert parse_qs(urlsplit(search).query)["modified_since"] == [since.strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert parse_qs(urlsplit(listing).query)["nodes_included"] == ["identifier"]
    heads = warehouse_rows(data, """SELECT h.record_key, r.metadata, h.deleted FROM record_heads h
                                    JOIN raw_records r USING (seq) WHERE h.record_key IN (?, ?)""", [changed, gone])
    assert {key: (json.loads(meta).get("dc.title"), deleted) for key, meta, deleted in heads} == {
        changed: (["Samskaping i kommunene: en revidert utgave"], False), gone: (None, True)}


@pytest.mark.slow
def test_scope_and_single_record(harvest):
    web, data, sources = harvest
    path = sources / "demo-nva.yml"
    scoped = yaml.safe_load(path.read_text()) | {"organizations": ["215.0.0.0"], "assertions": {"min_records": 5}}
    path.write_text(yaml.safe_dump(scoped, allow_unicode=True))
    proc = nordcat(data, sources, "crawl")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    oslomet = [d["identifier"] for d in web.sites["nva"].published()
               if d["topLevelOrganizations"][0]["id"].endswith("/215.0.0.0")]
    assert report_lines(proc.stdout)["demo-nva"]["seen"] == str(len(oslomet))
    assert parse_qs(urlsplit(nva_requests(web)[0]).query)["topLevelOrganization"] == ["215.0.0.0"]
    one = nordcat(data, sources, "crawl", "demo-nva", "--record", oslomet[0])
    assert one.returncode == 0 and report_lines(one.stdout)["demo-nva"]["seen"] == "1"


# --- the page chain, offline ---------------------------------------------------------------------

def spider_at(url: str = API) -> NvaSpider:
    source = Source.model_validate({**NVA_SOURCE, "url": url})
    spider = get_crawler(NvaSpider)._create_spider(source=source, context=CrawlContext(None, "run", Path("/tmp")))

    async def first_requests():
        return [request async for request in spider.start()]
    # in a thread of its own: the session's browser (Playwright's sync API) keeps an event loop
    # running in this one once a browser test has run
    with ThreadPoolExecutor(1) as thread:
        spider.first = thread.submit(asyncio.run, first_requests()).result()
    return spider


def page_response(url: str, hits: int, cursor: str | None) -> TextResponse:
    body = {"totalHits": 500, "hits": [{**REPORT_HIT, "identifier": f"id-{url[-3:]}-{n}"} for n in range(hits)],
            **({"nextSearchAfterResults": cursor} if cursor else {})}
    return TextResponse(url, body=json.dumps(body).encode(), headers={"Date": "Wed, 25 Nov 2026 10:00:00 GMT"})


def test_a_full_page_follows_the_cursor_and_a_short_page_ends_the_chain():
    spider = spider_at()
    out = list(spider.parse_search(page_response(spider.first[0].url, 100, f"{API}/search/resources?search_after=1,a")))
    assert [o.url for o in out if hasattr(o, "url")] == [f"{API}/search/resources?search_after=1,a"]
    assert len(out[0]["records"]) == 100 and not spider.crawler.stats.get_value("nordcat/complete")
    assert spider.crawler.stats.get_value("nordcat/response_date") == "2026-11-25T10:00:00Z"
    last = list(spider.parse_search(page_response(f"{API}/x?p=two", 40, f"{API}/search/resources?search_after=2,b")))
    assert [type(o) for o in last] == [dict]  # the cursor after a short page is not followed
    stats = spider.crawler.stats
    assert (stats.get_value("nordcat/complete"), stats.get_value("nordcat/full_listing")) == (True, True)


def test_a_repeated_cursor_fails_instead_of_looping():
    spider = spider_at()
    cursor = f"{API}/search/resources?search_after=1,a"
    list(spider.parse_search(page_response(spider.first[0].url, 100, cursor)))
    again = list(spider.parse_search(page_response(f"{API}/x?p=two", 100, cursor)))
    assert [type(o) for o in again] == [dict]
    assert "search cursor repeated" in spider.crawler.stats.get_value("nordcat/error")


def test_a_hit_without_identifier_and_broken_json_fail_the_run():
    spider = spider_at()
    body = {"hits": [{"entityDescription": {}}]}
    list(spider.parse_search(TextResponse(f"{API}/a", body=json.dumps(body).encode())))
    assert "1 hit(s) without identifier" in spider.crawler.stats.get_value("nordcat/error")
    spider = spider_at()
    list(spider.parse_search(TextResponse(f"{API}/a", body=b"<html>")))
    assert spider.crawler.stats.get_value("nordcat/error").startswith("badJSON")


def test_person_identifiers_go_to_the_persons_table_keys():
    """ORCIDs and Cristin person ids, as "Family, Given|id" (pipeline/persons.py reads them);
    organisations carry none."""
    hit = copy.deepcopy(ARTICLE_HIT)
    hit["entityDescription"]["contributors"][0]["identity"]["orcId"] = "https://orcid.org/0000-0002-1825-0097"
    meta = nva.to_dc(hit, "https://nva.sikt.no")
    assert meta["nordcat.person.orcid"] == ["Vabo, Signy Irene|https://orcid.org/0000-0002-1825-0097"]
    assert "nordcat.person.cristin" not in meta
    assert nva.to_dc(REPORT_HIT, "https://nva.sikt.no")["nordcat.person.cristin"] == [
        f"Issler, Dieter|{API}/cristin/person/11111"]
