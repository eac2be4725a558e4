"""`nordcat nightly` crawls only the sources that are due by their `schedule`, says which it left
for later, always runs sources named on its command line, and does nothing (exit 0) when nothing
is due. Real nightlies over a loopback site."""
from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from tests.helpers import nordcat, report_lines
from tests.sites import LoopbackSite, article, sitemap


def write_source(sources: Path, name: str, site: LoopbackSite, **fields) -> None:
    sources.mkdir(exist_ok=True)
    data = {"name": name, "title": name, "publisher": "Test", "country": "DK", "kind": "web", "url": site.url + "/",
            "sitemaps": [f"{site.url}/{name}.xml"], "politeness": {"delay": 0.0, "concurrency": 4}, **fields}
    (sources / f"{name}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")


def crawl_counts(data: Path) -> dict[str, int]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return dict(con.execute("SELECT source, count(*) FROM crawl_runs GROUP BY source").fetchall())


def test_a_nightly_runs_only_the_due_sources(tmp_path):
    data, sources = tmp_path / "data", tmp_path / "sources"
    routes = {"/weekly.xml": sitemap(["/a"]), "/always.xml": sitemap(["/b"]),
              "/a": article("Partnerskab A", "Kommune og virksomhed."), "/b": article("Partnerskab B", "Region og NGO.")}
    with LoopbackSite(routes) as site:
        write_source(sources, "weekly", site, schedule="weekly")
        write_source(sources, "always", site)
        first = nordcat(data, sources, "nightly")
        second = nordcat(data, sources, "nightly")
        after_second = crawl_counts(data)
        named = nordcat(data, sources, "nightly", "weekly")
        write_source(sources, "always", site, schedule="0 0 1 1 *")  # once a year, and it has just run
        idle = nordcat(data, sources, "nightly")

    assert first.returncode == 0, first.stdout + first.stderr
    assert set(report_lines(first.stdout)) == {"weekly", "always"}, "never crawled: both are due"
    assert second.returncode == 0, second.stdout + second.stderr
    assert set(report_lines(second.stdout)) == {"always"}
    assert "not due: weekly (weekly: last success " in second.stderr
    assert after_second == {"weekly": 1, "always": 2}
    assert named.returncode == 0 and set(report_lines(named.stdout)) == {"weekly"}, "named sources always run"
    assert idle.returncode == 0, idle.stdout + idle.stderr
    assert "no source is due: nothing crawled, built or published" in idle.stderr
    assert "not due: always (0 0 1 1 *: last success" in idle.stderr
    assert crawl_counts(data) == {"weekly": 2, "always": 2}
