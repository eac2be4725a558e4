"""The contract every spider keeps (as Kingfisher Collect tests all its spiders): an error
response yields no records and exactly one clear error, naming the status and the URL; an empty
page of the spider's kind yields no records and fails the run, for the HTML kinds through the
required-fields check (a parse failure with the page's URL and what it lacks).

One `nordcat crawl` per case runs one source of every kind in crawlers.spiders.SPIDERS against
a loopback site that answers every request of the case alike.
"""
from __future__ import annotations

import json
from typing import Callable

import duckdb
import pytest
import yaml

from crawlers.spiders import SPIDERS
from tests.helpers import nordcat, report_lines
from tests.sites import HTML, LoopbackSite, Page

EMPTY_HTML = b"<!DOCTYPE html><html><head><title></title></head><body></body></html>"
EMPTY_OAI = (b'<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
             b'<responseDate>2026-01-01T00:00:00Z</responseDate><request verb="Identify">x</request></OAI-PMH>')


def html_source(start: str) -> Callable[[str], dict]:
    return lambda base: {"url": f"{base}/", "start_urls": [f"{base}{start}"]}


# Per kind: the source file fields (from the site's base URL for the kind), the path the source
# starts from, and an empty page of the kind.
CONTRACT = {
    "oai-pmh": (lambda base: {"url": f"{base}/request"}, "/request", Page(EMPTY_OAI, "text/xml; charset=utf-8")),
    "dspace-html": (html_source("/recent-submissions"), "/recent-submissions", Page(EMPTY_HTML)),
    "docplayer": (html_source("/"), "/", Page(EMPTY_HTML)),
    "web": (html_source("/artikel/tom"), "/artikel/tom", Page(EMPTY_HTML)),
    "nva": (lambda base: {"url": base}, "/search/resources", Page(b"{}", "application/json")),
}
ERROR_PAGE = Page(b"<html><body><h1>555 Something odd</h1></body></html>", HTML, status=555)


def crawl_every_kind(tmp_path_factory, answer: Callable[[str], Page]) -> dict:
    """One source per spider kind, each under /<kind>/ of one site; `answer(kind)` is the page
    every request of that kind gets."""
    data, sources = tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("sources")
    site = LoopbackSite({f"/{kind}{path}": answer(kind) for kind, (_, path, _) in CONTRACT.items()})
    with site:
        for kind, (fields, _, _) in CONTRACT.items():
            source = {"name": kind, "title": kind, "publisher": "Test", "country": "NO", "kind": kind,
                      "politeness": {"delay": 0.0, "concurrency": 1}, **fields(f"{site.url}/{kind}")}
            (sources / f"{kind}.yml").write_text(yaml.safe_dump(source), encoding="utf-8")
        proc = nordcat(data, sources, "crawl")
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        details = dict(con.execute("SELECT source, details FROM crawl_runs").fetchall())
        raw = dict(con.execute("SELECT source, count(*) FROM raw_records GROUP BY source").fetchall())
    return {"proc": proc, "reports": report_lines(proc.stdout), "site": site, "raw": raw,
            "details": {source: json.loads(text) for source, text in details.items()}}


@pytest.fixture(scope="module")
def error_responses(tmp_path_factory):
    return crawl_every_kind(tmp_path_factory, lambda kind: ERROR_PAGE)


@pytest.fixture(scope="module")
def empty_pages(tmp_path_factory):
    return crawl_every_kind(tmp_path_factory, lambda kind: CONTRACT[kind][2])


def requests_of(site: LoopbackSite, kind: str) -> list[str]:
    return [site.url + target for target in site.fetched() if target.startswith(f"/{kind}/")]


def test_every_spider_kind_is_under_contract():
    assert set(CONTRACT) == set(SPIDERS)


@pytest.mark.parametrize("kind", sorted(SPIDERS))
def test_an_error_response_gives_no_records_and_one_clear_error(error_responses, kind):
    report, details = error_responses["reports"][kind], error_responses["details"][kind]
    [url] = requests_of(error_responses["site"], kind)  # not retried: 555 is no transient fault
    assert (report["status"], report["error"]) == ("failed", f"HTTP 555 ({url})")
    assert details["errors"] == 1
    assert (report["seen"], report["held"], kind in error_responses["raw"]) == ("0", "0", False)


LACKS = "1 of 1 pages lack required fields (100%, more than 20%): has the site changed? e.g. {url} missing "
EMPTY_PAGE_ERRORS = {
    "oai-pmh": "Identify: notOAI: an OAI-PMH envelope without a verb element or an error ({url})",
    "nva": "the source yielded no records",
    "dspace-html": LACKS + "links",
    "docplayer": LACKS + "links",
    "web": LACKS + "dc.title, nordcat.text",
}


@pytest.mark.parametrize("kind", sorted(SPIDERS))
def test_an_empty_page_of_the_kind_gives_no_records_and_fails(empty_pages, kind):
    report, details = empty_pages["reports"][kind], empty_pages["details"][kind]
    [url] = requests_of(empty_pages["site"], kind)
    assert (report["status"], report["error"]) == ("failed", EMPTY_PAGE_ERRORS[kind].format(url=url))
    assert (report["seen"], report["held"], kind in empty_pages["raw"]) == ("0", "0", False)
    if SPIDERS[kind].follows_links:  # the HTML kinds declare required fields
        assert report["parse_fail"] == "1"
        assert [entry.split(" missing ")[0] for entry in details["parse_failure_urls"]] == [url]
