"""How the HTML crawls behave on the web: robots.txt, canonical URLs, traps, the allow-list,
content types and sizes, conditional GET across runs, and the health checks that compare runs.

The integration tests run the real `nordcat crawl` over small sites on loopback (tests/sites.py)
and check both sides: what the site was asked for, and what the run report and warehouse say.
"""
from __future__ import annotations

import json
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import yaml
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawlers.middlewares import CanonicalFingerprinter, TrapGuard, repeated_segments
from nordcat.records import raw_record
from nordcat.urls import canonical_url
from nordcat.sources import Source
from crawlers.run import judge
from crawlers.spiders import DocplayerSpider, OaiPmhSpider
from crawlers.spiders.base import CrawlContext
from demo.server import Response, with_validators
from tests.helpers import nordcat, report_lines
from tests.sites import LoopbackSite, Page, article, docplayer_home, redirect, sitemap, transcript
from warehouse.crawl_state import PageState
from warehouse.store import Warehouse

MIB = 1024 * 1024


def write_source(sources: Path, name: str, kind: str, url: str, **fields) -> None:
    data = {"name": name, "title": name, "publisher": "Test", "country": "DK", "kind": kind, "url": url,
            "politeness": {"delay": 0.0, "concurrency": 4}, **fields}
    (sources / f"{name}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")


def last_runs(data: Path) -> dict[str, dict]:
    """The newest crawl_runs row of each source, details parsed."""
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        cursor = con.execute("SELECT * FROM crawl_runs ORDER BY started_at")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    return {row["source"]: {**row, "details": json.loads(row["details"])} for row in rows}


def skips(report: dict[str, str]) -> dict[str, int]:
    return {reason: int(n) for reason, n in (part.split(":") for part in report["skipped"].split(",") if part)}


# --- canonical URLs and duplicates --------------------------------------------------------------

@pytest.mark.parametrize("url, canonical", [
    ("HTTP://Example.COM:80/a/b?utm_source=x&b=2&a=1#top", "http://example.com/a/b?a=1&b=2"),
    ("https://nsd.no:443/rapport?fbclid=abc&gclid=1&id=%7e7", "https://nsd.no/rapport?id=~7"),
    ("http://brage.no:8080/handle/11250/94194;jsessionid=8F3A?show=full",
     "http://brage.no:8080/handle/11250/94194?show=full"),
    ("http://127.0.0.1:8110/bi-xmlui/recent-submissions?offset=20",
     "http://127.0.0.1:8110/bi-xmlui/recent-submissions?offset=20"),
])
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_one_fingerprint_per_page_however_spelt():
    fingerprint = CanonicalFingerprinter().fingerprint
    spellings = ["http://x.no/a?b=1&c=2", "http://X.no:80/a?c=2&b=1#p2", "http://x.no/a?b=1&utm_medium=email&c=2"]
    assert len({fingerprint(Request(url)) for url in spellings}) == 1
    assert fingerprint(Request("http://x.no/a?b=2&c=2")) != fingerprint(Request(spellings[0]))


# --- trap rules ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path, trap", [
    ("/a/a/a", True), ("/a/b/a/b/a/b", True), ("/x/a/b/c/a/b/c/a/b/c/y", True),
    ("/a/b/a/b", False), ("/2024/01/01/nyhet", False), ("/handle/11250/94194", False),
])
def test_repeating_path_segments(path, trap):
    assert repeated_segments(path, 3) is trap


@pytest.fixture
def guard():
    return TrapGuard(get_crawler(settings_dict={
        "NORDCAT_TRAP_SEGMENT_REPEATS": 3, "NORDCAT_TRAP_MAX_PAGE_NUMBER": 500, "NORDCAT_TRAP_DATE_VARIANTS": 24}))


def test_paging_beyond_the_limit_is_a_trap(guard):
    assert guard.trap("http://x.no/liste?side=500") is None
    assert guard.trap("http://x.no/liste?page=501&q=ppp") == "page 501, beyond page 500"


def test_a_calendar_takes_at_most_so_many_dates(guard):
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(25)]
    verdicts = [guard.trap(f"http://x.no/kalender?dato={day}&vis=maaned") for day in days]
    assert verdicts[:24] == [None] * 24
    assert verdicts[24] == "calendar-like: more than 24 dates of /kalender"
    assert guard.trap(f"http://x.no/kalender?dato={days[0]}&vis=maaned") is None  # a date already met
    assert guard.trap("http://x.no/arkiv?year=2019") is None  # another calendar, its own count
    assert guard.trap("http://x.no/kalender?dato=2027-01-01") is None  # other parameters, other shape


# --- health across runs (crawlers.run.judge) ------------------------------------------------------

def html_source(**fields) -> Source:
    return Source.model_validate({"name": "s", "title": "S", "publisher": "P", "country": "DK", "kind": "docplayer",
                                  "url": "http://x.no/", "start_urls": ["http://x.no/"], **fields})


CONTEXT = CrawlContext(None, "run", Path("/tmp"))


def test_a_parse_failure_rate_above_a_fifth_fails_the_source():
    stats = {"nordcat/records": 40, "nordcat/fetched": 50, "nordcat/parse_failures": 11,
             "nordcat/parse_failure_urls": ["http://x.no/9-a.html missing dc.title"]}
    assert judge(html_source(), DocplayerSpider, CONTEXT, stats, held=40) == (
        "11 of 50 pages lack required fields (22%, more than 20%): has the site changed? "
        "e.g. http://x.no/9-a.html missing dc.title")
    assert judge(html_source(), DocplayerSpider, CONTEXT, {**stats, "nordcat/parse_failures": 10}, held=40) is None


def test_records_far_below_the_last_healthy_run_fail_the_source():
    stats = {"nordcat/records": 20, "nordcat/not_modified": 29, "nordcat/fetched": 21}
    assert judge(html_source(), DocplayerSpider, CONTEXT, stats, held=100, last_ok_records=98) is None
    assert judge(html_source(), DocplayerSpider, CONTEXT, stats, held=100, last_ok_records=99) == (
        "49 records, fewer than half of the 99 of the last healthy run: has the site changed or shut us out?")


def test_not_modified_pages_count_as_seen():
    source = html_source(assertions={"min_records": 30})
    stats = {"nordcat/not_modified": 30, "nordcat/fetched": 1}
    assert judge(source, DocplayerSpider, CONTEXT, stats, held=30, last_ok_records=30) is None
    assert judge(source, DocplayerSpider, CONTEXT, {"nordcat/fetched": 1}, held=30) == "the source yielded no records"


def test_incremental_sources_are_not_held_to_the_last_run():
    source = Source.model_validate({"name": "o", "title": "O", "publisher": "P", "country": "NO", "kind": "oai-pmh",
                                    "url": "http://x.no/oai"})
    context = CrawlContext(None, "run", Path("/tmp"), harvest_from="2026-01-01T00:00:00Z")
    stats = {"nordcat/records": 2, "nordcat/complete": True}
    assert judge(source, OaiPmhSpider, context, stats, held=500, last_ok_records=400) is None


# --- one crawl over several sites: robots, traps, page cap, redirects, content checks -----------

CALENDAR_START = date(2026, 1, 1)
CALENDAR_LINKS = 30  # days linked from the calendar's front page


def calendar_day(query: dict[str, str]) -> Page:
    """A calendar page links the same day a year before and after, as calendars do, for ever."""
    day = date.fromisoformat(query["dato"])
    around = [day.replace(year=day.year - 1), day.replace(year=day.year + 1)]
    return transcript(f"Kalender {day}", f"Møder i kommunen den {day}.",
                      [(f"/kalender?dato={d}", f"Kalender {d}") for d in around])


def trap_site() -> LoopbackSite:
    days = [CALENDAR_START + timedelta(days=n) for n in range(CALENDAR_LINKS)]
    front = transcript("Kalender", "Kommunens mødekalender.", [
        *[(f"/kalender?dato={d}", f"Kalender {d}") for d in days],
        ("/sti/a/b/a/b/", "Sti to gange"), ("/sti/a/b/a/b/a/b/", "Sti tre gange"),
        ("/liste?side=2", "Side 2"), ("/liste?side=501", "Side 501")])
    return LoopbackSite({
        "/": docplayer_home(["/1-kalender.html"]),
        "/1-kalender.html": front,
        "/kalender": calendar_day,
        "/sti/a/b/a/b/": transcript("Sti", "To gange a/b."),
        "/sti/a/b/a/b/a/b/": transcript("Sti", "Tre gange a/b."),
        "/liste": lambda query: transcript(f"Liste side {query['side']}", "En side af listen."),
    })


def maze_site() -> LoopbackSite:
    """Every room links ten more: only the source's max_pages bounds it within the depth limit."""
    def room(query: dict[str, str]) -> Page:
        number = int(query["nr"])
        return transcript(f"Rum {number}", f"Rum nummer {number}.",
                          [(f"/rum?nr={number * 10 + i}", f"Rum {number * 10 + i}") for i in range(10)])
    return LoopbackSite({"/": docplayer_home(["/1-labyrint.html"]),
                         "/1-labyrint.html": room({"nr": "1"}), "/rum": room})


def html_body_of(size: int) -> bytes:
    return b"<html><body><p>" + b"x" * size + b"</p></body></html>"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    data, sources = tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("sources")
    polite = LoopbackSite({
        "/": docplayer_home(["/1-en.html", "/1-en.html#side-2", "/1-en.html?utm_source=nyhedsbrev&utm_medium=email",
                             "/2-to.html", "/3-hemmelig.html"]),
        "/1-en.html": transcript("Et", "Første dokument."),
        "/2-to.html": transcript("To", "Andet dokument."),
        "/3-hemmelig.html": transcript("Hemmelig", "Må ikke hentes."),
    }, robots="User-agent: *\nDisallow: /3-\n")
    moving = LoopbackSite()
    elsewhere = f"http://localhost:{moving.port}"
    moving.routes.update({
        "/flyttet": redirect(f"{elsewhere}/"),
        "/": docplayer_home(["/1-a.html", "/2-b.html"]),
        "/1-a.html": transcript("A", "Dokument A."),
        "/2-b.html": redirect(f"{elsewhere}/2-b.html"),
    })
    typed = LoopbackSite({
        "/sitemap.xml": sitemap(["/artikel/partnerskab", "/rapport.pdf", "/stor"]),
        "/artikel/partnerskab": article("Partnerskab i kommunen", "Kommunen og erhvervslivet samarbejder."),
        "/rapport.pdf": Page(b"%PDF-1.4 " + b"0" * 50_000, "application/pdf"),
        "/stor": Page(html_body_of(9 * MIB)),
    })
    sites = {"polite": polite, "traps": trap_site(), "maze": maze_site(), "moving": moving, "typed": typed}
    with ExitStack() as running:
        for site in sites.values():
            running.enter_context(site)
        write_source(sources, "polite", "docplayer", polite.url + "/", start_urls=[polite.url + "/"])
        write_source(sources, "closed", "docplayer", polite.url + "/", start_urls=[polite.url + "/3-hemmelig.html"])
        write_source(sources, "traps", "docplayer", sites["traps"].url + "/", start_urls=[sites["traps"].url + "/"])
        write_source(sources, "maze", "docplayer", sites["maze"].url + "/", start_urls=[sites["maze"].url + "/"],
                     max_pages=25)
        write_source(sources, "moved", "docplayer", moving.url + "/", start_urls=[moving.url + "/flyttet"])
        write_source(sources, "linked-away", "docplayer", moving.url + "/", start_urls=[moving.url + "/"])
        write_source(sources, "typed", "web", typed.url + "/", sitemaps=[typed.url + "/sitemap.xml"])
        proc = nordcat(data, sources, "crawl")
        yield {"proc": proc, "reports": report_lines(proc.stdout), "runs": last_runs(data), "sites": sites,
               "data": data}


def test_only_sources_whose_own_urls_are_refused_fail(crawl):
    assert crawl["proc"].returncode == 1, crawl["proc"].stdout + crawl["proc"].stderr
    statuses = {name: report["status"] for name, report in crawl["reports"].items()}
    assert statuses == {"polite": "ok", "closed": "failed", "traps": "ok", "maze": "ok", "moved": "failed",
                        "linked-away": "ok", "typed": "ok"}


def test_robots_txt_disallow_is_honoured_and_counted(crawl):
    site, report = crawl["sites"]["polite"], crawl["reports"]["polite"]
    assert sorted(site.fetched()) == ["/", "/1-en.html", "/2-to.html"]
    assert skips(report) == {"robots": 1}
    assert (report["seen"], report["fetched"]) == ("2", "3")


def test_a_start_url_that_robots_txt_disallows_fails_the_source(crawl):
    report, site = crawl["reports"]["closed"], crawl["sites"]["polite"]
    assert report["error"] == f"skipped (robots): disallowed by robots.txt ({site.url}/3-hemmelig.html)"
    assert (skips(report), report["fetched"]) == ({"robots": 1}, "0")


def test_links_to_one_page_are_fetched_once_and_keyed_canonically(crawl):
    site = crawl["sites"]["polite"]
    assert site.fetched().count("/1-en.html") == 1
    with duckdb.connect(str(crawl["data"] / "warehouse.duckdb"), read_only=True) as con:
        keys = [key for (key,) in con.execute(
            "SELECT record_key FROM record_heads WHERE source = 'polite' ORDER BY record_key").fetchall()]
    assert keys == [f"{site.url}/1-en.html", f"{site.url}/2-to.html"]


def test_a_trap_site_stays_bounded(crawl):
    site, report = crawl["sites"]["traps"], crawl["reports"]["traps"]
    fetched = site.fetched()
    dates = sorted(target.split("dato=")[1] for target in fetched if target.startswith("/kalender"))
    assert dates == [str(CALENDAR_START + timedelta(days=n)) for n in range(24)]
    assert "/sti/a/b/a/b/" in fetched and "/sti/a/b/a/b/a/b/" not in fetched
    assert "/liste?side=2" in fetched and "/liste?side=501" not in fetched
    assert len(fetched) == 2 + 24 + 2  # home, front page, the calendar's 24 dates, two pages beyond
    # the calendar's 6 days too many, a year before and after each of its 24 pages, the two traps
    assert skips(report) == {"trap": (CALENDAR_LINKS - 24) + 2 * 24 + 2}
    assert report["seen"] == str(1 + 24 + 2)


def test_max_pages_bounds_what_no_rule_catches(crawl):
    site, report = crawl["sites"]["maze"], crawl["reports"]["maze"]
    assert len(site.fetched()) == 25 and report["fetched"] == "25"
    assert skips(report)["max_pages"] > 0
    assert report["seen"] == "24"  # every page but the home page is a record


def test_a_source_redirected_off_its_allow_list_fails(crawl):
    report, moving = crawl["reports"]["moved"], crawl["sites"]["moving"]
    assert report["error"] == (f"RedirectRefused: redirected to http://localhost:{moving.port}/: localhost is outside "
                               f"the source's allowed_domains ['127.0.0.1'] ({moving.url}/flyttet)")
    assert "offsite_redirect:1" in report["faults"]
    assert not [hit for hit in moving.hits if hit.host.startswith("localhost")]


def test_a_followed_link_redirected_off_the_allow_list_is_skipped(crawl):
    report = crawl["reports"]["linked-away"]
    assert (report["status"], report["seen"], skips(report)) == ("ok", "1", {"offsite": 1})
    assert "offsite_redirect:1" in report["faults"]


def test_wrong_content_type_and_oversized_pages_are_skipped(crawl):
    report, site = crawl["reports"]["typed"], crawl["sites"]["typed"]
    assert skips(report) == {"content_type": 1, "too_large": 1}
    assert (report["seen"], report["fetched"]) == ("1", "2")  # the sitemap and the article
    assert crawl["runs"]["typed"]["details"]["records"] == 1
    assert sorted(site.fetched()) == ["/artikel/partnerskab", "/rapport.pdf", "/sitemap.xml", "/stor"]


# --- conditional GET across runs -----------------------------------------------------------------

def test_demo_sites_answer_conditional_requests():
    page = Response(200, b"<html>Rapport</html>", headers={"Last-Modified": "Tue, 10 Mar 2015 09:00:00 GMT"})
    etag = with_validators(page, None, None).headers["ETag"]
    assert with_validators(page, f'W/"x", {etag}', None).status == 304
    assert with_validators(page, '"x"', "Wed, 11 Mar 2015 09:00:00 GMT").status == 200  # the ETag decides
    assert with_validators(page, None, "Tue, 10 Mar 2015 09:00:00 GMT").status == 304
    assert with_validators(page, None, "Mon, 09 Mar 2015 09:00:00 GMT").status == 200


def test_validators_are_kept_only_for_records_the_warehouse_holds(tmp_path):
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        warehouse.add_records([raw_record(source="s", key="http://x.no/1", url="http://x.no/1", fmt="web",
                                          payload="<html/>", metadata={})], run_id="r1")
        warehouse.save_pages("s", [PageState("http://x.no/1", '"a"', None, "http://x.no/1", ("http://x.no/2",)),
                                         PageState("http://x.no/9", '"b"', None, "http://x.no/9")])
        assert warehouse.load_pages("s") == {
            "http://x.no/1": PageState("http://x.no/1", '"a"', None, "http://x.no/1", ("http://x.no/2",))}


LAST_MODIFIED = "Tue, 10 Mar 2015 09:00:00 GMT"


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """Four runs over one site: a first one, one where nothing changed, one where a page changed,
    and one where most pages are gone from the home page."""
    data, sources = tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("sources")
    site = LoopbackSite({
        "/": docplayer_home(["/1-a.html", "/2-b.html"]),
        "/1-a.html": transcript("A", "Dokument A.", [("/3-c.html", "C")]),
        "/2-b.html": transcript("B", "Dokument B.", headers={"Last-Modified": LAST_MODIFIED}, etag=False),
        "/3-c.html": transcript("C", "Dokument C."),
    })
    with site:
        write_source(sources, "nightly", "docplayer", site.url + "/", start_urls=[site.url + "/"])
        runs = []
        for change in (None, None, "changed", "shrunk"):
            if change == "changed":
                site.routes["/3-c.html"] = transcript("C", "Dokument C, revideret udgave.")
            if change == "shrunk":
                site.routes["/"] = docplayer_home(["/2-b.html"])
            since = len(site.hits)
            proc = nordcat(data, sources, "crawl")
            runs.append({"proc": proc, "report": report_lines(proc.stdout)["nightly"], "hits": site.hits[since:],
                         "run": last_runs(data)["nightly"], "raw": raw_records(data), "last_seen": last_seen(data)})
        yield runs, site


def raw_records(data: Path) -> int:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM raw_records").fetchall()[0][0]


def last_seen(data: Path) -> dict[str, object]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return dict(con.execute("SELECT record_key, last_seen FROM record_heads").fetchall())


def statuses(hits) -> dict[str, int]:
    return {hit.target: hit.status for hit in hits if hit.path != "/robots.txt"}


def test_first_run_fetches_and_stores_every_page(nights):
    first = nights[0][0]
    assert first["proc"].returncode == 0, first["proc"].stdout + first["proc"].stderr
    assert statuses(first["hits"]) == {"/": 200, "/1-a.html": 200, "/2-b.html": 200, "/3-c.html": 200}
    assert (first["report"]["seen"], first["report"]["new"], first["raw"]) == ("3", "3", 3)


def test_unchanged_pages_answer_304_and_nothing_is_parsed_or_stored(nights):
    (first, second, *_), site = nights
    assert second["proc"].returncode == 0, second["proc"].stdout + second["proc"].stderr
    # the home page is discovery and is always fetched; /3-c.html is reached through the link
    # that /1-a.html had last time
    assert statuses(second["hits"]) == {"/": 200, "/1-a.html": 304, "/2-b.html": 304, "/3-c.html": 304}
    asked = {hit.path: (hit.if_none_match, hit.if_modified_since) for hit in second["hits"]}
    assert asked["/2-b.html"] == (None, LAST_MODIFIED)
    assert asked["/1-a.html"][0].startswith('"') and asked["/1-a.html"][1] is None
    details = second["run"]["details"]
    assert details["not_modified"] == 3 and details["fetched"] == 1
    assert "records" not in details and "pages" not in details and "versions_stored" not in details
    assert second["raw"] == first["raw"]
    report = second["report"]
    assert (report["status"], report["seen"], report["not_modified"], report["held"]) == ("ok", "0", "3", "3")


def test_not_modified_records_are_still_seen(nights):
    (first, second, *_), site = nights
    assert sorted(second["last_seen"]) == [f"{site.url}/{page}" for page in ("1-a.html", "2-b.html", "3-c.html")]
    assert all(second["last_seen"][key] > first["last_seen"][key] >= first["run"]["started_at"]
               for key in second["last_seen"])
    assert all(seen >= second["run"]["started_at"] for seen in second["last_seen"].values())


def test_a_changed_page_is_fetched_and_stored_again(nights):
    (_, second, third, _), _ = nights
    assert statuses(third["hits"]) == {"/": 200, "/1-a.html": 304, "/2-b.html": 304, "/3-c.html": 200}
    report = third["report"]
    assert (report["status"], report["seen"], report["not_modified"], report["changed"]) == ("ok", "1", "2", "1")
    assert third["raw"] == second["raw"] + 1


def test_a_source_that_lost_most_of_its_records_fails(nights):
    (*_, fourth), _ = nights
    assert fourth["proc"].returncode == 1
    assert fourth["report"]["error"] == (
        "1 records, fewer than half of the 3 of the last healthy run: has the site changed or shut us out?")
