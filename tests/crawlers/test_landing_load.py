"""`nordcat load` over real landed jobs: idempotent, whatever happened to the jobs.

The jobs are real: the demo web's OAI-PMH repository and a web source (page validators, linked
PDFs) crawled by the job spiders (crawlers/jobs.py) in one process, as `nordcat nightly` runs
them, landing their files; the warehouse they started from is the one each test loads into.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from crawlers.landing import DONE, checkpoint_of, part_paths
from crawlers.load import load_landing
from demo import DEFAULT_PORTS, DemoWeb
from nordcat.sources import load_registry
from tests.helpers import nordcat
from warehouse.store import Warehouse

SOURCES = ("demo-biopen-oai", "demo-fagforbundet")
RUN = "20260101T000000.000000Z"

# prepare, then run the jobs in-process: what `nordcat nightly` does before it loads
RUN_JOBS = textwrap.dedent("""
    import sys
    from pathlib import Path
    from crawlers import dispatch
    from nordcat.sources import load_registry
    from warehouse.store import Warehouse

    data, sources_dir, run_id = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    sources = [s for s in load_registry(sources_dir) if s.name in sys.argv[4:]]
    with Warehouse(data / "warehouse.duckdb") as warehouse:
        jobs = dispatch.prepare_jobs(warehouse, sources, data / "landing", data, run_id, sources_dir, 600)
    dispatch.run_in_process(jobs, data / "landing")
""")


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    """DATA with its warehouse and the landing of one run of SOURCES, not loaded yet."""
    base = tmp_path_factory.mktemp("landing")
    data, sources = base / "data", base / "sources"
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web:
        web.write_registry(sources)
        # batches of 100 records: the OAI harvest lands parts, each with its checkpoint
        proc = subprocess.run([sys.executable, "-c", RUN_JOBS, str(data), str(sources), RUN, *SOURCES],
                              capture_output=True, text=True, timeout=300, env={**os.environ, "NORDCAT_BATCH_SIZE": "100"})
    assert proc.returncode == 0, proc.stderr
    pristine = base / "pristine"
    shutil.copytree(data, pristine)
    return pristine, sources


@pytest.fixture
def dirs(landed, tmp_path):
    pristine, sources = landed
    data = tmp_path / "data"
    shutil.copytree(pristine, data)
    return data, sources


def counts(data: Path) -> dict[str, object]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return {
            "versions": con.execute("SELECT count(*) FROM raw_records").fetchone()[0],
            "keys": con.execute("SELECT count(DISTINCT (source, record_key, content_hash)) FROM raw_records").fetchone()[0],
            "runs": con.execute("SELECT list(source || ':' || status ORDER BY source) FROM crawl_runs").fetchone()[0],
            "fulltexts": con.execute("SELECT count(*) FROM fulltexts").fetchone()[0],
            "pages": con.execute("SELECT count(*) FROM page_validators").fetchone()[0],
        }


def attempt_of(data: Path, source: str) -> Path:
    (attempt,) = [p for p in (data / "landing" / source / RUN).iterdir() if p.is_dir()]
    return attempt


def test_load_settles_each_run_from_its_landed_files(dirs):
    data, sources = dirs
    assert counts(data)["runs"] == [f"{s}:running" for s in SOURCES]  # the jobs opened no warehouse
    proc = nordcat(data, sources, "load")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = counts(data)
    assert after["runs"] == [f"{s}:ok" for s in SOURCES]
    assert after["versions"] == after["keys"] == 250 + 18  # the demo's OAI records (with 5 tombstones), the web's
    assert after["fulltexts"] > 0 and after["pages"] > 0
    assert (data / "raw" / "demo-biopen-oai" / f"{RUN}.warc.gz").stat().st_size > 0


def test_loading_twice_stores_nothing_twice(dirs):
    data, sources = dirs
    assert nordcat(data, sources, "load").returncode == 0
    once = counts(data)
    warc = (data / "raw" / "demo-biopen-oai" / f"{RUN}.warc.gz").stat().st_size
    proc = nordcat(data, sources, "--log-format", "json", "load")
    assert proc.returncode == 0, proc.stderr
    (loaded,) = [json.loads(line) for line in proc.stderr.splitlines() if '"event": "load"' in line]
    assert loaded["counts"]["files"] == 0 and loaded["counts"]["runs"] == 0
    assert counts(data) == once
    assert (data / "raw" / "demo-biopen-oai" / f"{RUN}.warc.gz").stat().st_size == warc


def test_a_job_that_ran_twice_counts_once(dirs):
    data, sources = dirs
    first = attempt_of(data, "demo-fagforbundet")
    shutil.copytree(first, first.with_name("second-attempt"))
    proc = nordcat(data, sources, "--log-format", "json", "load")
    assert proc.returncode == 0, proc.stderr
    (loaded,) = [json.loads(line) for line in proc.stderr.splitlines() if '"event": "load"' in line]
    assert loaded["counts"]["duplicates"] == 1 and loaded["counts"]["runs"] == 2
    after = counts(data)
    assert after["versions"] == after["keys"] == 250 + 18


def test_a_job_without_done_is_left_alone_until_declared_dead(dirs):
    data, sources = dirs
    attempt = attempt_of(data, "demo-biopen-oai")
    aside = data / "aside"
    aside.mkdir()
    (attempt / DONE).rename(aside / DONE)  # killed before it finished: its parts are whole, no _DONE
    parts = part_paths(attempt / "records")
    assert len(parts) > 1
    first_checkpoint = checkpoint_of(pq.read_table(parts[0]))
    for late in parts[1:]:
        late.rename(aside / late.name)  # only the first batch had landed
    assert nordcat(data, sources, "load").returncode == 0
    assert counts(data)["runs"] == ["demo-biopen-oai:running", "demo-fagforbundet:ok"]
    with Warehouse(data / "warehouse.duckdb") as warehouse:
        assert warehouse.held("demo-biopen-oai") == 0
        registry = {s.name: s for s in load_registry(sources)}
        report = load_landing(warehouse, data / "landing", registry, data, dead={attempt: "its node is gone"})
        (result,) = report.results
        assert (result.source, result.status, result.error) == ("demo-biopen-oai", "failed", "its node is gone")
        stored = warehouse.query("SELECT count(*) FROM raw_records WHERE source = 'demo-biopen-oai'")[0][0]
        assert stored == report.records > 0  # the whole parts it left, each once
        checkpoint = warehouse.load_checkpoint("demo-biopen-oai")
    # the next run resumes where the dead job's last whole part stopped
    assert checkpoint is not None and checkpoint == first_checkpoint
    assert nordcat(data, sources, "load").returncode == 0  # and a later load does not load it again
    assert counts(data)["versions"] == stored + 18

    for late in parts[1:]:  # the job was not dead after all: it lands the rest late
        (aside / late.name).rename(late)
    (aside / DONE).rename(attempt / DONE)
    assert nordcat(data, sources, "load").returncode == 0
    after = counts(data)
    assert after["runs"] == [f"{s}:ok" for s in SOURCES]  # settled by the attempt that landed whole
    assert after["versions"] == after["keys"] == 250 + 18


def test_a_job_that_ended_early_fails_its_source_and_the_source_keeps_what_it_had(dirs):
    data, sources = dirs
    output = attempt_of(data, "demo-fagforbundet") / "output.json"
    landed = json.loads(output.read_text())
    landed["stats"]["finish_reason"] = "closespider_timeout"  # its time limit closed it
    output.write_text(json.dumps(landed))
    proc = nordcat(data, sources, "load")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert counts(data)["runs"] == ["demo-biopen-oai:ok", "demo-fagforbundet:failed"]
    with Warehouse(data / "warehouse.duckdb", read_only=True) as warehouse:
        (run,) = [r for r in warehouse.runs(RUN) if r["source"] == "demo-fagforbundet"]
        assert run["error"] == "the job ended before it finished (closespider_timeout)"
        assert warehouse.held("demo-fagforbundet") == 18  # what it landed before the limit is kept
