"""Crawl jobs that land files, then `nordcat load`, against `nordcat crawl` straight into DuckDB.

One OAI-PMH harvest of the demo endpoint (pages of 100, dim) three ways, each into a fresh data
folder: `nordcat crawl` (the spider writes the warehouse itself); the same harvest as a job
(crawlers/jobs.py, run in one process as `nordcat nightly` runs it) landing Parquet parts and WARC;
then `nordcat load` of what it landed, timed on its own (load throughput, records per second) and
once more (the second load must find nothing to do). Best of a few rounds.

Run: python -m benchmarks.landing [--records N] [--rounds R]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks.oai_harvest import NORDCAT, demo_server, held_records, measured, report_seconds, write_source

RUN_JOBS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from crawlers import dispatch
    from nordcat.sources import load_registry
    from warehouse.store import Warehouse

    data, sources_dir = Path(sys.argv[1]), Path(sys.argv[2])
    with Warehouse(data / "warehouse.duckdb") as warehouse:
        jobs = dispatch.prepare_jobs(warehouse, load_registry(sources_dir), data / "landing", data, "bench", sources_dir, 3600)
    started = time.perf_counter()
    dispatch.run_in_process(jobs, data / "landing")
    print(f"jobs_s={time.perf_counter() - started:.3f}")
""")


def load_counts(stderr: str) -> dict:
    (event,) = [json.loads(line) for line in stderr.splitlines() if '"event": "load"' in line]
    return event


def one_round(endpoint: str, folder: Path) -> dict[str, float]:
    direct, landed = folder / "direct", folder / "landed"
    name = write_source(direct / "sources", endpoint, "dim")
    write_source(landed / "sources", endpoint, "dim")
    crawl = measured([*NORDCAT, "--data-dir", str(direct / "data"), "--sources-dir", str(direct / "sources"),
                      "crawl", name])
    jobs = measured([sys.executable, "-c", RUN_JOBS, str(landed / "data"), str(landed / "sources")])
    base = [*NORDCAT, "--data-dir", str(landed / "data"), "--sources-dir", str(landed / "sources"),
            "--log-format", "json"]
    first = subprocess.run([*base, "load"], capture_output=True, text=True)
    again = subprocess.run([*base, "load"], capture_output=True, text=True)
    once, twice = load_counts(first.stderr), load_counts(again.stderr)
    held = held_records(direct / "data", name)
    if held_records(landed / "data", name) != held:  # the two ways did the same work, or neither time counts
        sys.exit(f"the landed and loaded harvest holds other records than `nordcat crawl` ({len(held):,})")
    return {"direct_crawl_s": report_seconds(crawl.stdout, name), "direct_process_s": crawl.seconds,
            "job_process_s": jobs.seconds, "load_s": once["duration_s"], "records": once["counts"]["records"],
            "second_load_files": twice["counts"]["files"], "held": len(held)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    rows = []
    with demo_server(args.records) as urls, tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            rows.append(one_round(f"{urls['dspace']}/bi-oai/request", Path(tmp) / str(round_)))
    best = {key: min(row[key] for row in rows) for key in rows[0]}
    print(f"{args.records:,} OAI records (dim), best of {args.rounds}:")
    print(f"  nordcat crawl into DuckDB:   crawl {best['direct_crawl_s']:.1f} s, process {best['direct_process_s']:.1f} s")
    print(f"  as a job landing files:      process {best['job_process_s']:.1f} s")
    print(f"  nordcat load:                {best['load_s']:.1f} s = {best['records'] / best['load_s']:,.0f} records/s")
    print(f"  job + load:                  {best['job_process_s'] + best['load_s']:.1f} s")
    print(f"  second load: {best['second_load_files']} files loaded; records held {best['held']:,}, the same records "
          f"(keys and tombstones) as the crawl into DuckDB (asserted)")


if __name__ == "__main__":
    main()
