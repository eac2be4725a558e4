"""Every HTTP fault a harvester meets, over real HTTP, through the real `nordcat crawl`.

A FaultProxy (tests/faults.py) in front of the demo web's OAI-PMH endpoint (250 records, 5 of
them deleted, pages of 100) spoils the 2nd ListRecords page once (or twice). A transient fault is
survived: every record of the upstream stored exactly once, with the metadata an undisturbed
harvest gives. A fatal one fails the source clearly: the first page stays stored, the harvest
does not advance, and a rerun once the fault is gone completes without a duplicate. Either way
the run report's `faults` column names the fault.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import duckdb
import httpx
import pytest
import yaml

from crawlers.parsers import oai
from crawlers.middlewares import backoff_seconds, retry_after_seconds, xml_body_faults
from demo import DEFAULT_PORTS, DemoWeb
from tests.faults import (Fault, FaultProxy, control_characters, html_error_page, http_date_in,
                          latin1, other_host, redirect_to, relocated, stall, status, truncated,
                          unnamed_port)
from tests.helpers import nordcat, report_lines

SOURCE = "faulty-oai"
PAGE = 100


@pytest.fixture(scope="module")
def upstream():
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web:
        yield web.urls["dspace"]


@pytest.fixture(scope="module")
def clean_harvest(upstream) -> dict[str, dict]:
    """Record key -> dc-dict of an undisturbed harvest (in harvest order), read straight from
    the upstream with the spider's parser and format (dim, the richest offered)."""
    metadata, params = {}, {"verb": "ListRecords", "metadataPrefix": "dim"}
    while True:
        page = oai.parse_page(httpx.get(f"{upstream}/bi-oai/request", params=params).content, "dim")
        metadata |= {record.identifier: record.metadata for record in page.records}
        if not page.token:
            return metadata
        params = {"verb": "ListRecords", "resumptionToken": page.token}


def crawl(tmp_path, proxy: FaultProxy) -> tuple[int, dict[str, str]]:
    """`nordcat crawl` of the proxied endpoint: exit code and the source's report line."""
    sources = tmp_path / "sources"
    sources.mkdir(exist_ok=True)
    (sources / f"{SOURCE}.yml").write_text(yaml.safe_dump({
        "name": SOURCE, "title": "A repository behind a faulty proxy", "publisher": "x",
        "country": "NO", "kind": "oai-pmh", "url": f"{proxy.url}/bi-oai/request",
        "politeness": {"delay": 0.0, "concurrency": 1}, "assertions": {"min_records": 245}}))
    proc = nordcat(tmp_path / "data", sources, "crawl", timeout=60)
    return proc.returncode, report_lines(proc.stdout)[SOURCE]


def faults(report: dict[str, str]) -> dict[str, str]:
    return dict(item.split(":", 1) for item in report["faults"].split(",") if item)


def stored(tmp_path) -> list[tuple[str, dict]]:
    """Every stored record version: (record key, dc-dict)."""
    with duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT record_key, metadata FROM raw_records ORDER BY seq").fetchall()
    return [(key, json.loads(metadata)) for key, metadata in rows]


def runs(tmp_path) -> list[tuple[str, bool]]:
    with duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT status, harvest_complete FROM crawl_runs ORDER BY started_at").fetchall()


def assert_each_record_once(rows, expected: dict[str, dict]) -> None:
    keys = [key for key, _ in rows]
    assert len(keys) == len(set(keys)) == len(expected)
    assert dict(rows) == expected


# fault on the 2nd ListRecords page -> faults the report must name: exact count, or (low, high)
RECOVERED = {
    "503 Retry-After seconds": (lambda: Fault(status(503, retry_after="1")),
                                {"http_503": "1", "retry_after": "1", "retry_after_waited_s": "1"}),
    # an HTTP-date has whole seconds: 2 s ahead when sent is 1-2 s ahead when read, rounded up
    "503 Retry-After HTTP-date": (lambda: Fault(status(503, retry_after=http_date_in(2))),
                                  {"http_503": "1", "retry_after": "1", "retry_after_waited_s": (1, 2)}),
    "429 Retry-After": (lambda: Fault(status(429, retry_after="1")),
                        {"http_429": "1", "retry_after": "1", "retry_after_waited_s": "1"}),
    # backoff 1 s then 2 s (NORDCAT_BACKOFF_BASE), each jittered down to half at most
    "500 twice": (lambda: Fault(status(500), times=2), {"http_500": "2", "backoff_waited_s": (1.5, 3.0)}),
    "timeout": (lambda: Fault(stall(3)), {"timeout": "1", "backoff_waited_s": (0.5, 1.0)}),
    "truncated body": (lambda: Fault(truncated), {"truncated": "1", "backoff_waited_s": (0.5, 1.0)}),
    "ISO-8859-1 labelled UTF-8": (lambda: Fault(latin1(labelled_utf8=True)), {"wrong_charset": "1"}),
    "ISO-8859-1 without charset or XML declaration": (lambda: Fault(latin1(labelled_utf8=False)),
                                                      {"missing_charset": "1"}),
    "invalid XML characters": (lambda: Fault(control_characters), {"invalid_xml_chars": "1"}),
    "redirect within the source's host:port": (lambda: Fault(redirect_to(relocated, code=301)),
                                               {"redirect": "1"}),
}


def assert_faults_named(report: dict[str, str], expected: dict) -> None:
    met = faults(report)
    for name, value in expected.items():
        if isinstance(value, tuple):
            assert value[0] <= float(met[name]) <= value[1], (name, report["faults"])
        else:
            assert met.get(name) == value, (name, report["faults"])


@pytest.mark.slow
@pytest.mark.parametrize("make_fault, expected", RECOVERED.values(), ids=RECOVERED.keys())
def test_a_transient_fault_is_survived_with_each_record_stored_once(
        tmp_path, monkeypatch, upstream, clean_harvest, make_fault, expected):
    monkeypatch.setenv("NORDCAT_DOWNLOAD_TIMEOUT", "1")  # the stall lasts 3 s; pages take ~0.1 s
    fault = make_fault()
    with FaultProxy(upstream, fault) as proxy:
        code, report = crawl(tmp_path, proxy)
    assert fault.served == fault.times
    assert (code, report["status"], report["error"]) == (0, "ok", "")
    assert_faults_named(report, expected)
    assert_each_record_once(stored(tmp_path), clean_harvest)
    assert runs(tmp_path) == [("ok", True)]


FATAL = {
    "HTML error page served with 200": (html_error_page, "notOAI: an HTML page", {"html_page": "1"}),
    "redirect to a host:port the source does not name": (
        redirect_to(unnamed_port), "is an internal address the source file does not name",
        {"offsite_redirect": "1"}),
    "redirect to a host outside allowed_domains": (
        redirect_to(other_host), "RedirectRefused: redirected to http://localhost:",
        {"offsite_redirect": "1"}),
    "Retry-After beyond NORDCAT_MAX_RETRY_AFTER": (
        status(503, retry_after="3600"), "Retry-After 3600 s exceeds cap of 300 s", {"http_503": "1"}),
}


@pytest.mark.slow
@pytest.mark.parametrize("answer, error, expected", FATAL.values(), ids=FATAL.keys())
def test_a_fatal_fault_fails_the_source_keeps_the_first_page_and_a_rerun_completes(
        tmp_path, upstream, clean_harvest, answer, error, expected):
    fault = Fault(answer)
    with FaultProxy(upstream, fault) as proxy:
        code, report = crawl(tmp_path, proxy)
        assert (code, report["status"]) == (1, "failed")
        assert error in report["error"]
        assert_faults_named(report, expected)
        first_page = dict(list(clean_harvest.items())[:PAGE])
        assert_each_record_once(stored(tmp_path), first_page)
        assert runs(tmp_path) == [("failed", False)]  # the harvest did not advance

        code, report = crawl(tmp_path, proxy)  # the fault was served once: it is gone
    assert fault.served == 1
    assert (code, report["status"], report["faults"]) == (0, "ok", "")
    assert_each_record_once(stored(tmp_path), clean_harvest)
    assert runs(tmp_path) == [("failed", False), ("ok", True)]


# --- the pure parts -------------------------------------------------------------------------

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("header, seconds", [
    (b"120", 120), ("0", 0), (" 7 ", 7),
    ("Sun, 01 Mar 2026 12:00:30 GMT", 30),
    ("Sunday, 01-Mar-26 12:01:00 GMT", 60),  # the obsolete RFC 850 form servers still send
    ("Sun, 01 Mar 2026 11:00:00 GMT", 0),  # already past: retry at once
    ("-5", None), ("soon", None), ("", None), (None, None),
])
def test_retry_after_reads_seconds_and_http_dates(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds


def test_backoff_doubles_with_jitter_and_stays_under_its_cap():
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (7, 60.0), (30, 60.0)]:
        waits = [backoff_seconds(attempt, base=1.0, cap=60.0) for _ in range(200)]
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(set(waits)) > 1


@pytest.mark.parametrize("content_type, body, expected", [
    ("text/xml;charset=UTF-8", '<?xml version="1.0"?><a>Bodø</a>'.encode(), []),
    ("text/xml", "<a>Bodø</a>".encode(), []),  # XML's default is UTF-8: nothing missing
    ("text/xml;charset=UTF-8", "<a>Bodø</a>".encode("latin-1"), ["wrong_charset"]),
    ("text/xml", '<?xml version="1.0" encoding="utf-8"?><a>Bodø</a>'.encode("latin-1"), ["wrong_charset"]),
    ("text/xml", '<?xml version="1.0" encoding="ISO-8859-1"?><a>Bodø</a>'.encode("latin-1"), []),
    ("text/xml", "<a>Bodø</a>".encode("latin-1"), ["missing_charset"]),
    ("text/xml", b"<a>x\x0by</a>", ["invalid_xml_chars"]),
    ("text/xml", b"<a>x&#x1A;y</a>", ["invalid_xml_chars"]),
    ("text/xml", b"<a>x&#26;y&#10;</a>", ["invalid_xml_chars"]),
    ("text/xml", b"<a>x&#x9;y&#10;&#13;</a>", []),  # tab, LF and CR are allowed
    ("text/xml", b"<a>x\x00y</a>", ["invalid_xml_chars"]),
    ("text/xml", "<a>x\uffffy</a>".encode(), ["invalid_xml_chars"]),  # noncharacters, raw
    ("text/xml", b"<a>x&#xFFFE;y</a>", ["invalid_xml_chars"]),  # and as references
    ("text/xml", b"<a>x&#65535;y</a>", ["invalid_xml_chars"]),
    ("text/xml", "<a>x\ufffd&#xFFFD;&#65533;y</a>".encode(), []),  # the replacement character is allowed
    ("text/xml", "<a>Bodø\x1a</a>".encode("latin-1"), ["missing_charset", "invalid_xml_chars"]),
    ("text/html; charset=utf-8", b"<html><body>Down</body></html>", ["html_page"]),
    ("text/xml", b"\n<!DOCTYPE html><html></html>", ["html_page"]),
])
def test_xml_body_faults_are_named(content_type, body, expected):
    assert xml_body_faults(content_type, body) == expected
