"""A source's max_runtime stops its crawl cleanly, and the next run resumes it: an OAI harvest
from its checkpoint, an HTML crawl from its frontier (crawlers/frontier.py). Each record ends up
stored exactly once, the stopped run is `partial` (exit 0, not a failure), and the OAI `from` does
not advance until the harvest is complete.

Real `nordcat crawl` runs (the crawl in the writer's process) and `nordcat nightly` runs (the crawl
as a job that lands files, loaded afterwards: crawlers/landing.py) over the demo OAI server and a loopback site; the servers are slowed
only by the sources' own politeness delay, so the limit lands mid-crawl."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import yaml

from demo import DEFAULT_PORTS, DemoWeb
from tests.helpers import nordcat, report_lines
from tests.sites import LoopbackSite, article, sitemap

OAI_RECORDS = 3000
ARTICLES = 30
# the crawl straight into the warehouse, and as a landed job loaded by the nightly (named: always due)
RUNS = pytest.mark.parametrize("command", ["crawl", "nightly"])


def write_source(folder: Path, fields: dict) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{fields['name']}.yml").write_text(yaml.safe_dump(fields), encoding="utf-8")


def runs(data: Path) -> list[dict]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        cursor = con.execute("SELECT * FROM crawl_runs WHERE kind <> 'reparse' ORDER BY started_at")
        names = [d[0] for d in cursor.description]
        return [{**dict(zip(names, row)), "details": json.loads(row[names.index("details")] or "{}")}
                for row in cursor.fetchall()]


def stored(data: Path) -> tuple[int, int]:
    """Versions stored, and distinct records among them."""
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*), count(DISTINCT record_key) FROM raw_records").fetchall()[0]


@RUNS
def test_an_oai_harvest_stopped_at_max_runtime_resumes_from_its_checkpoint(tmp_path, command):
    data, sources = tmp_path / "data", tmp_path / "sources"
    source = {"name": "slow-oai", "title": "A slow repository", "publisher": "x", "country": "NO", "kind": "oai-pmh",
              "metadata_prefix": "oai_dc", "politeness": {"delay": 0.1, "concurrency": 1}, "max_runtime": "1.5s",
              "assertions": {"min_records": OAI_RECORDS - 200}}  # the demo deletes a few
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}, oai_records=OAI_RECORDS) as web:
        source["url"] = f"{web.urls['dspace']}/bi-oai/request"
        write_source(sources, source)
        first = nordcat(data, sources, command, source["name"])
        after_first = len(web.requests)
        write_source(sources, {**source, "max_runtime": None})
        second = nordcat(data, sources, command, source["name"])
        second_pages = [path for _, path in web.requests[after_first:] if "verb=ListRecords" in path]

    assert first.returncode == 0, first.stdout + first.stderr
    assert report_lines(first.stdout)["slow-oai"]["status"] == "partial"
    assert second.returncode == 0, second.stdout + second.stderr
    assert report_lines(second.stdout)["slow-oai"]["status"] == "ok"
    partial, complete = runs(data)
    assert partial["status"] == "partial" and not partial["harvest_complete"] and partial["error"] is None
    assert 0 < partial["records_seen"] < OAI_RECORDS, "the limit must land mid-harvest"
    assert partial["details"]["stopped"] == "max_runtime 1.5s: resumes next run"
    # resumed at the checkpoint: its first ListRecords carries a token, and no page is asked twice over
    assert "resumptionToken=" in second_pages[0]
    assert complete["details"]["resumed_at_page"] > 0
    assert complete["harvest_complete"] and complete["harvest_from"] is None  # `from` did not advance
    assert stored(data) == (OAI_RECORDS, OAI_RECORDS)


@RUNS
def test_an_html_crawl_stopped_at_max_runtime_resumes_from_its_frontier(tmp_path, command):
    data, sources = tmp_path / "data", tmp_path / "sources"
    pages = {f"/artikel/{i}": article(f"Partnerskab nummer {i}", f"Kommune og virksomhed samarbejder, sag {i}.")
             for i in range(ARTICLES)}
    with LoopbackSite({"/sitemap.xml": sitemap(list(pages)), **pages}) as site:
        source = {"name": "slow-web", "title": "A slow site", "publisher": "x", "country": "DK", "kind": "web",
                  "url": site.url + "/", "sitemaps": [site.url + "/sitemap.xml"],
                  "politeness": {"delay": 0.2, "concurrency": 1}, "max_runtime": "1.5s"}
        write_source(sources, source)
        first = nordcat(data, sources, command, source["name"])
        fetched_first = site.fetched()
        write_source(sources, {**source, "max_runtime": None})
        second = nordcat(data, sources, command, source["name"])
        fetched_second = site.fetched()[len(fetched_first):]
        with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
            frontier_left = con.execute("SELECT count(*) FROM crawl_frontier").fetchall()[0][0]

    assert first.returncode == 0, first.stdout + first.stderr
    assert report_lines(first.stdout)["slow-web"]["status"] == "partial"
    assert second.returncode == 0, second.stdout + second.stderr
    assert report_lines(second.stdout)["slow-web"]["status"] == "ok"
    first_articles = [p for p in fetched_first if p.startswith("/artikel/")]
    assert 0 < len(first_articles) < ARTICLES, "the limit must land mid-crawl"
    # the second run starts from the frontier: no sitemap again, no article the first run answered
    assert "/sitemap.xml" not in fetched_second
    again = [p for p in fetched_second if p in set(first_articles)]
    assert len(again) <= 1, f"only a page in flight at the limit may be fetched again: {again}"
    assert {p for p in fetched_first + fetched_second if p.startswith("/artikel/")} == set(pages)
    assert stored(data) == (ARTICLES, ARTICLES)
    assert frontier_left == 0, "a crawl that ran to its end clears the frontier"
    partial, complete = runs(data)
    assert partial["status"] == "partial" and complete["status"] == "ok"
    assert complete["details"]["resumed_frontier"] > 0
