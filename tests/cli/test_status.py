"""`nordcat status`: each enabled source's last success, age and health, read from a real warehouse
(DuckDB file) whose crawl runs are written through the warehouse's own API, as a crawl writes them;
exit 1 when a source is stale, failing, dead or never succeeded, 2 without a warehouse to read."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml

from nordcat.health import LastCrawl, judge
from nordcat.sources import Source
from tests.helpers import REPO, nordcat
from warehouse.store import Warehouse, utcnow


def source_file(sources: Path, name: str, **fields) -> None:
    sources.mkdir(exist_ok=True)
    (sources / f"{name}.yml").write_text(yaml.safe_dump({
        "name": name, "title": name.title(), "publisher": "x", "country": "NO", "kind": "oai-pmh",
        "url": f"http://127.0.0.1:9/{name}/oai", **fields}))


@pytest.fixture
def dirs(tmp_path) -> tuple[Path, Path]:
    """DATA (no warehouse yet) and a registry of two enabled sources and a disabled one."""
    sources = tmp_path / "sources"
    source_file(sources, "repo-a")
    source_file(sources, "repo-b")
    source_file(sources, "off", enabled=False)
    return tmp_path / "data", sources


def crawled(data: Path, *runs: tuple) -> None:
    """Crawl runs as a crawl leaves them: (source, status, health, error, started hours ago[, kind])."""
    with Warehouse(data / "warehouse.duckdb") as warehouse:
        for n, (source, status, health, error, hours_ago, *kind) in enumerate(runs):
            run_id = f"run-{time.time_ns()}-{n}"
            warehouse.start_run(run_id, source, kind[0] if kind else "oai-pmh")
            if status != "running":
                warehouse.finish_run(run_id, source, status=status, health=health, error=error,
                                     started_at=utcnow() - timedelta(hours=hours_ago))


def lines(stdout: str) -> dict[str, list[str]]:
    """name -> the other fields of its status line: last success, age, health and the reason of an
    unhealthy one (which may hold spaces)."""
    return {line.split()[0]: line.split(None, 4)[1:] for line in stdout.splitlines()}


def test_a_fresh_warehouse_has_no_success_yet(dirs):
    crawled(dirs[0])
    proc = nordcat(*dirs, "status")
    assert proc.returncode == 1, proc.stderr
    assert lines(proc.stdout) == {"repo-a": ["never", "-", "never", "no successful crawl yet"],
                                  "repo-b": ["never", "-", "never", "no successful crawl yet"]}


def test_recent_successes_are_healthy(dirs):
    crawled(dirs[0], ("repo-a", "ok", "ok", None, 2), ("repo-b", "ok", "moved", None, 30))
    proc = nordcat(*dirs, "status")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    shown = lines(proc.stdout)
    assert set(shown) == {"repo-a", "repo-b"}  # the disabled source is no concern of status
    last_success, age, health = shown["repo-a"]
    assert abs(datetime.strptime(last_success, "%Y-%m-%dT%H:%M:%SZ") - (utcnow() - timedelta(hours=2))) < timedelta(minutes=1)
    assert (age, health) == ("2.0h", "ok")
    assert shown["repo-b"][1:] == ["30.0h", "moved"]


def test_no_success_within_max_age_hours_is_stale(dirs):
    data, sources = dirs
    crawled(data, ("repo-a", "ok", "ok", None, 60), ("repo-b", "ok", "ok", None, 1))
    proc = nordcat(data, sources, "status")
    assert proc.returncode == 1
    assert lines(proc.stdout)["repo-a"][1:] == ["60.0h", "stale", "no successful crawl within 48 h"]
    source_file(sources, "repo-a", max_age_hours=72)  # the source's own limit
    proc = nordcat(data, sources, "status")
    assert proc.returncode == 0, proc.stdout
    assert lines(proc.stdout)["repo-a"][1:] == ["60.0h", "ok"]


def test_a_failed_last_crawl_is_failing_or_dead_whatever_came_after(dirs):
    crawled(dirs[0],
            ("repo-a", "ok", "ok", None, 5), ("repo-a", "failed", "failing", "HTTP 500 after 3 retries", 1),
            ("repo-a", "reparsed", None, None, 0.5, "reparse"),  # asks no source anything
            ("repo-a", "running", None, None, 0),                # a nightly under way has not judged it yet
            ("repo-b", "failed", "dead", "DNSLookupError: no such host", 1))
    proc = nordcat(*dirs, "status")
    assert proc.returncode == 1
    shown = lines(proc.stdout)
    assert shown["repo-a"][1:] == ["5.0h", "failing", "HTTP 500 after 3 retries"]
    assert shown["repo-b"] == ["never", "-", "dead", "DNSLookupError: no such host"]


def test_json_is_one_array(dirs):
    crawled(dirs[0], ("repo-a", "ok", "ok", None, 3), ("repo-b", "failed", "failing", "badXML", 1))
    proc = nordcat(*dirs, "status", "--json")
    assert proc.returncode == 1
    rows = {row["source"]: row for row in json.loads(proc.stdout)}
    assert set(rows) == {"repo-a", "repo-b"}
    assert rows["repo-a"]["health"] == "ok" and rows["repo-a"]["stale"] is False
    assert rows["repo-a"]["age_hours"] == pytest.approx(3, abs=0.05)
    assert rows["repo-a"]["last_success"].endswith("Z") and rows["repo-a"]["max_age_hours"] == 48
    assert rows["repo-b"] | {"last_run": None} == {
        "source": "repo-b", "health": "failing", "last_success": None, "age_hours": None, "stale": True,
        "max_age_hours": 48, "last_run": None, "status": "failed", "error": "badXML"}


def test_without_a_warehouse_exit_2(dirs):
    proc = nordcat(*dirs, "status")
    assert proc.returncode == 2
    assert f"no warehouse at {dirs[0] / 'warehouse.duckdb'}" in proc.stderr
    assert proc.stdout == ""


HOLD = """
import sys, time
from warehouse.store import Warehouse
with Warehouse(sys.argv[1], read_only=sys.argv[2] == "read") as warehouse:
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
"""


def holding(path: Path, mode: str, seconds: float) -> subprocess.Popen:
    """Another process holding the warehouse open (a nightly writing it, or a reader), once it says so."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode, str(seconds)], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_while_a_writer_holds_the_warehouse_status_says_so_and_reads_the_published_snapshot(dirs):
    data, sources = dirs
    crawled(data, ("repo-a", "ok", "ok", None, 1), ("repo-b", "ok", "ok", None, 1))
    writer = holding(data / "warehouse.duckdb", "write", 60)
    try:
        started = time.monotonic()
        proc = nordcat(data, sources, "status", timeout=30)
        assert time.monotonic() - started < 20  # no waiting for the writer
        assert proc.returncode == 2 and proc.stdout == ""
        assert "is being written by another nordcat process" in proc.stderr
        assert "no published snapshot" in proc.stderr

        writer.kill()
        writer.wait()
        (data / "downloads").mkdir()  # what publish leaves: the warehouse as of the last publish
        with Warehouse(data / "warehouse.duckdb") as warehouse:
            warehouse.snapshot_to(data / "downloads" / "warehouse.duckdb")
        crawled(data, ("repo-b", "failed", "failing", "after the snapshot", 0))
        writer = holding(data / "warehouse.duckdb", "write", 60)
        proc = nordcat(data, sources, "status", timeout=30)
        assert proc.returncode == 0, proc.stdout + proc.stderr  # the snapshot's judgement, before the failure
        assert "reading the snapshot of the last publish" in proc.stderr
        assert {name: fields[-1] for name, fields in lines(proc.stdout).items()} == {"repo-a": "ok", "repo-b": "ok"}
    finally:
        writer.kill()
        writer.wait()


def test_a_writer_waits_for_a_reader_rather_than_failing(dirs):
    """status holds the file a moment; a nightly opening the warehouse meanwhile must not fail."""
    data, _ = dirs
    crawled(data)
    reader = holding(data / "warehouse.duckdb", "read", 2)
    try:
        started = time.monotonic()
        with Warehouse(data / "warehouse.duckdb") as warehouse:
            assert warehouse.query("SELECT count(*) FROM crawl_runs") == [(0,)]
        assert time.monotonic() - started > 0.5  # it did wait for the reader
    finally:
        reader.wait(timeout=30)


# --- the judgement itself ---------------------------------------------------------------------

SOURCE = Source(name="repo", title="Repo", publisher="x", country="NO", kind="oai-pmh", url="http://127.0.0.1:9/oai",
                max_age_hours=24)
NOW = datetime(2026, 1, 10, 12, 0)


@pytest.mark.parametrize("last, health, stale", [
    (None, "never", True),
    (LastCrawl("ok", "ok", None, NOW - timedelta(hours=1), NOW - timedelta(hours=1)), "ok", False),
    (LastCrawl("ok", "moved", None, NOW - timedelta(hours=1), NOW - timedelta(hours=1)), "moved", False),
    (LastCrawl("ok", "ok", None, NOW - timedelta(hours=25), NOW - timedelta(hours=25)), "stale", True),
    (LastCrawl("ok", "moved", None, NOW - timedelta(hours=25), NOW - timedelta(hours=25)), "stale", True),
    (LastCrawl("failed", "failing", "x", NOW, NOW - timedelta(hours=1)), "failing", False),
    (LastCrawl("failed", "dead", "x", NOW, None), "dead", True),
    (LastCrawl("crashed", None, "cut off", NOW, NOW - timedelta(hours=30)), "failing", True),
])
def test_judge(last, health, stale):
    judged = judge(SOURCE, last, NOW)
    assert (judged.health, judged.stale, judged.healthy) == (health, stale, health in ("ok", "moved"))
    assert (judged.error is not None) == (health in ("failing", "dead"))
