"""`make bench`: OAI-PMH harvest and build throughput, next to baselines measured in the same run.

Harvest: nordcat's `crawl` (Scrapy spider, all the way into the DuckDB warehouse) against
sickle, the standard Python OAI-PMH client, looping over the same local endpoint; both in
oai_dc and dim. Build: `nordcat build` over the harvested warehouse. Figures are records/s of
wall time; ratios are nordcat / sickle. Run: python -m tests.bench [--records N]
"""
from __future__ import annotations

import argparse
from contextlib import contextmanager
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sickle import Sickle


NORDCAT = [str(Path(sys.executable).with_name("nordcat"))]


@contextmanager
def demo_server(records: int):
    """The demo web in a process of its own, so neither harvester shares a GIL with the server."""
    server = subprocess.Popen([sys.executable, "-m", "demo", "--ephemeral", "--oai-records", str(records)],
                              stdout=subprocess.PIPE, text=True)
    try:
        urls = dict(server.stdout.readline().split() for _ in range(5))
        yield urls
    finally:
        server.terminate()
        server.wait(timeout=30)


def sickle_harvest(endpoint: str, prefix: str) -> tuple[int, float]:
    started = time.perf_counter()
    count = sum(1 for _ in Sickle(endpoint, max_retries=0).ListRecords(metadataPrefix=prefix, ignore_deleted=False))
    return count, time.perf_counter() - started


def write_source(folder: Path, endpoint: str, prefix: str) -> str:
    name = f"bench-{prefix.replace('_', '-')}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yml").write_text(yaml.safe_dump({
        "name": name, "title": f"Benchmark endpoint ({prefix})", "publisher": "nordcat", "country": "NO",
        "kind": "oai-pmh", "url": endpoint, "metadata_prefix": prefix,
        "politeness": {"delay": 0.0, "concurrency": 1}, "assertions": {"min_records": 1},
    }))
    return name


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{proc.stdout}{proc.stderr}")
    return time.perf_counter() - started


def held_records(data_dir: Path) -> int:
    import duckdb
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM record_heads").fetchall()[0][0]  # deleted ones too, as sickle counts them


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args()
    rows = []
    with demo_server(args.records) as urls, tempfile.TemporaryDirectory() as tmp:
        endpoint = f"{urls['dspace']}/bi-oai/request"
        for prefix in ("oai_dc", "dim"):
            count, sickle_s = sickle_harvest(endpoint, prefix)
            data_dir, sources_dir = Path(tmp) / prefix, Path(tmp) / f"{prefix}-sources"
            name = write_source(sources_dir, endpoint, prefix)
            base = [*NORDCAT, "--data-dir", str(data_dir), "--sources-dir", str(sources_dir)]
            crawl_s = timed([*base, "crawl", name])
            stored = held_records(data_dir)
            build_s = timed([*base, "build"])
            rows.append((prefix, count, stored, sickle_s, crawl_s, build_s))
    print(f"\nOAI-PMH harvest of a local DSpace-style endpoint, {args.records} works, pages of 100\n")
    print(f"{'format':7} {'records':>8} {'sickle rec/s':>13} {'nordcat crawl rec/s':>20} {'ratio':>6} "
          f"{'nordcat build rec/s':>20}")
    for prefix, count, stored, sickle_s, crawl_s, build_s in rows:
        print(f"{prefix:7} {count:>8} {count / sickle_s:>13.0f} {stored / crawl_s:>20.0f} "
              f"{(stored / crawl_s) / (count / sickle_s):>6.2f} {stored / build_s:>20.0f}")
    print("\nnordcat figures include process start-up (Scrapy, DuckDB) and loading the warehouse;"
          " sickle only parses.")


if __name__ == "__main__":
    main()
