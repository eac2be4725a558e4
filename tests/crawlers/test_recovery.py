"""A crash in the middle of a run loses nothing already stored and duplicates nothing; runs exclude
each other; the live registry check tells ok from dead."""
from __future__ import annotations

import fcntl
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
import yaml

from demo import DEFAULT_PORTS, DemoWeb
from tests.helpers import NORDCAT, free_port, nordcat, report_lines

RECORDS = 5000


def oai_source(folder, url, name="big-oai", delay=0.0):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yml").write_text(yaml.safe_dump({
        "name": name, "title": "A big repository", "publisher": "x", "country": "NO", "kind": "oai-pmh",
        "url": url, "metadata_prefix": "oai_dc", "politeness": {"delay": delay, "concurrency": 1},
        "assertions": {"min_records": RECORDS - 200}}))


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def ended_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_kill_9_mid_harvest_then_rerun_stores_each_record_once(tmp_path):
    data, sources = tmp_path / "data", tmp_path / "sources"
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}, oai_records=RECORDS) as web:
        oai_source(sources, f"{web.urls['dspace']}/bi-oai/request", delay=0.05)
        crawl = subprocess.Popen([NORDCAT, "--data-dir", str(data), "--sources-dir", str(sources), "crawl"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while sum("resumptionToken" in path for _, path in web.requests) < 30 and time.monotonic() < deadline:
            time.sleep(0.05)
        parser_processes = children(crawl.pid)  # the OAI page parser (crawlers/parse_pool.py)
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        assert parser_processes, "the harvest parses its pages in a process of its own"
        assert ended_within(parser_processes, seconds=10), "the parser outlived the killed crawl"
        pages_before_kill = sum("resumptionToken" in path for _, path in web.requests)
        assert 30 <= pages_before_kill < RECORDS // 100 - 1, "the kill must land mid-harvest"
        with duckdb.connect(str(data / "warehouse.duckdb")) as con:
            stored_before = con.execute("SELECT count(*) FROM raw_records").fetchall()[0][0]
        assert 0 < stored_before < RECORDS

        served_before_rerun = len(web.requests)
        proc = nordcat(data, sources, "crawl")
        rerun = [path for _, path in web.requests[served_before_rerun:] if "verb=ListRecords" in path]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # resumed at its checkpoint (a page whose records were stored), not from the first page
    assert "resumptionToken=" in rerun[0]
    assert len(rerun) < RECORDS // 100
    assert report_lines(proc.stdout)["big-oai"]["status"] == "ok"
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        total, keys = con.execute("SELECT count(*), count(DISTINCT record_key) FROM raw_records").fetchall()[0]
        statuses = [s for (s,) in con.execute("SELECT status FROM crawl_runs ORDER BY started_at").fetchall()]
    assert total == keys == RECORDS
    assert statuses == ["crashed", "ok"]


def test_a_second_writer_exits_3_while_the_lock_is_held(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (tmp_path / "sources").mkdir()
    with open(data / "nightly.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        for command in ("nightly", "crawl", "build"):
            proc = nordcat(data, tmp_path / "sources", command)
            assert proc.returncode == 3 and "nightly.lock" in proc.stderr


def test_live_check_tells_ok_from_dead(tmp_path):
    sources = tmp_path / "sources"
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web:
        oai_source(sources, f"{web.urls['dspace']}/bi-oai/request", name="alive")
        oai_source(sources, f"http://127.0.0.1:{free_port()}/oai/request", name="gone")
        proc = nordcat(tmp_path / "data", sources, "sources", "check", "--live")
    lines = {line.split()[0]: line.split()[1] for line in proc.stdout.splitlines()[1:]}
    assert lines == {"alive": "ok", "gone": "dead"}
    assert proc.returncode == 1


def test_live_check_probes_nva_with_a_search(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web:
        (sources / "nva.yml").write_text(yaml.safe_dump({
            "name": "nva", "title": "NVA", "publisher": "Sikt", "country": "NO", "kind": "nva",
            "url": web.urls["nva"]}))
        proc = nordcat(tmp_path / "data", sources, "sources", "check", "--live")
    assert proc.stdout.splitlines()[1].split()[:2] == ["nva", "ok"], proc.stdout + proc.stderr
