"""`nordcat nightly --scrapyd` on two real Scrapyd instances (PyPI scrapyd) started here on loopback.

The demo web serves the sources; the nodes run the jobs from the egg the nightly deploys, landing
files under DATA/landing, which both the nodes and the nightly see. The catalogue must equal the
single-process nightly's, document for document; a node killed mid-job fails only its sources,
which keep what they had, and the next nightly completes them.
"""
from __future__ import annotations

import json
import subprocess
import time

import httpx
import pytest

from tests.helpers import NORDCAT, documents, nordcat
from tests.scrapyd_nodes import ScrapydNode

pytestmark = pytest.mark.slow

# an OAI harvest and the item pages of the same repository (they merge), NVA's API, a web site with PDFs
SOURCES = ("demo-biopen-oai", "demo-biopen-html", "demo-nva", "demo-fagforbundet")
VOLATILE = ("first_seen", "last_seen")  # when the record was stored, not what it says


@pytest.fixture(scope="module")
def registry(web, tmp_path_factory):
    sources = tmp_path_factory.mktemp("sources")
    web.write_registry(sources)
    return sources


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    base = tmp_path_factory.mktemp("scrapyd")
    first, second = ScrapydNode(base / "node1").start(), ScrapydNode(base / "node2").start()
    yield first, second
    first.stop()
    second.stop()


def events(stderr: str) -> list[dict]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def jobs_of(stderr: str) -> dict[str, dict]:
    return {e["source"]: e for e in events(stderr) if e["event"] == "job"}


def results_of(stderr: str) -> dict[str, dict]:
    return {e["source"]: e for e in events(stderr) if e["event"] == "source_result"}


def comparable(data) -> list[dict]:
    return [{k: v for k, v in doc.items() if k not in VOLATILE} for doc in documents(data)]


@pytest.fixture(scope="module")
def single_process(registry, tmp_path_factory):
    data = tmp_path_factory.mktemp("single")
    proc = nordcat(data, registry, "nightly", *SOURCES)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return data


@pytest.fixture(scope="module")
def distributed(registry, nodes, tmp_path_factory):
    data = tmp_path_factory.mktemp("distributed")
    proc = nordcat(data, registry, "--log-format", "json", "nightly", "--scrapyd", ",".join(n.url for n in nodes),
                   *SOURCES)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return data, proc


def test_catalogue_equals_the_single_process_nightly(single_process, distributed):
    data, _ = distributed
    local, remote = comparable(single_process), comparable(data)
    assert len(local) > 250
    assert remote == local


def test_jobs_are_spread_over_both_nodes(distributed, nodes):
    _, proc = distributed
    jobs = jobs_of(proc.stderr)
    assert set(jobs) == set(SOURCES)
    assert {job["node"] for job in jobs.values()} == {n.url for n in nodes}
    assert all(job["error"] is None and job["duration_s"] > 0 for job in jobs.values())


def test_a_killed_node_fails_only_its_sources_and_the_next_nightly_completes_them(
        distributed, nodes, registry, tmp_path_factory):
    data, _ = distributed
    first, second = nodes
    held_before = per_source(documents(data))
    nightly = subprocess.Popen([NORDCAT, "--data-dir", str(data), "--sources-dir", str(registry), "--log-format",
                                "json", "nightly", "--scrapyd", f"{first.url},{second.url}", *SOURCES],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_running(second)
    second.kill()  # kill -9 of the node and the job it runs, mid-job
    stdout, stderr = nightly.communicate(timeout=300)
    assert nightly.returncode == 1, stdout + stderr
    jobs, results = jobs_of(stderr), results_of(stderr)
    failed = {name for name, r in results.items() if r["status"] == "failed"}
    assert failed and failed == {name for name, job in jobs.items() if job["node"] == second.url}
    assert all("node is gone" in jobs[name]["error"] for name in failed), {n: jobs[n]["error"] for n in failed}
    assert all(results[name]["status"] == "ok" for name in set(SOURCES) - failed)
    assert per_source(documents(data)) == held_before  # the failed sources kept what they had

    with ScrapydNode(tmp_path_factory.mktemp("node3")) as third:
        proc = nordcat(data, registry, "--log-format", "json", "nightly", "--scrapyd", f"{first.url},{third.url}",
                       *SOURCES)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert all(r["status"] == "ok" for r in results_of(proc.stderr).values())
    health = {f["source"]: f["health"] for f in json.loads(nordcat(data, registry, "status", "--json").stdout)}
    assert all(health[name] == "ok" for name in SOURCES), health


def per_source(docs: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for doc in docs:
        for source in doc["sources"]:
            counts[source] = counts.get(source, 0) + 1
    return counts


def wait_until_running(node: ScrapydNode, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{node.url}/listjobs.json", timeout=2).json().get("running"):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"no job ran on {node.url} within {timeout} s")
