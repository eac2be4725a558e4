"""`make bench`: OAI-PMH harvest and build throughput, next to baselines measured in the same run.

Harvest of a local DSpace-style endpoint (pages of 100) in oai_dc and dim, by:
- sickle, the standard Python OAI-PMH client, looping over the endpoint;
- a bare httpx + lxml loop that only downloads, parses each page and follows the token: the
  practical limit of any harvester written in Python;
- nordcat's `crawl` (Scrapy spider, WARC archive, all the way into the DuckDB warehouse),
  measured as the whole CLI process (start-up included) and as the crawl alone (the run
  report's `s=`, Scrapy's elapsed time from spider open to close, final load included).
Then `nordcat build` over the harvested warehouse, and the peak memory of the crawl (its process
and its parser process).
Before any time is compared, the bare loop and the warehouse must hold exactly sickle's records
(identifiers, and which are tombstones); otherwise the benchmark stops with what differs.
The demo server runs in a process of its own, so no harvester shares a GIL with it. Each figure
is the best of a few rounds: on a shared machine other work only ever slows a run down.

Run: python -m benchmarks.oai_harvest [--records N] [--rounds R] [--memory]
--memory also crawls a 100,000-record endpoint, to show that peak memory does not grow with
the number of records (it takes a minute or two more).
"""
from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import httpx
import yaml
from lxml import etree
from sickle import Sickle

from benchmarks.process_memory import TreeMemory
from demo.web import DEFAULT_PORTS

NORDCAT = [str(Path(sys.executable).with_name("nordcat"))]
PREFIXES = ("oai_dc", "dim")
MEMORY_RECORDS = 100_000
OAI = "{http://www.openarchives.org/OAI/2.0/}"


@dataclass
class Process:
    """A finished child process: its output, wall time and peak memory (benchmarks/process_memory.py)."""
    stdout: str
    seconds: float
    peak_mb: float      # the process and its descendants (workers, parser process), resident memory summed; at least own_peak_mb
    own_peak_mb: float  # the process alone


# What a harvest got: each record's identifier and whether it is a tombstone. The harvesters must
# agree on it before any of their times is compared.
Harvested = dict[str, bool]


@dataclass
class Crawl:
    records: int          # held by the warehouse afterwards (deleted ones too, as sickle counts them)
    process_s: float      # the whole `nordcat crawl` process
    crawl_s: float        # the run report's s=: the crawl alone
    peak_mb: float        # the crawl process and its parser process, resident memory summed


@dataclass
class Row:
    prefix: str
    records: int
    sickle_s: float
    bare_s: float
    crawl: Crawl
    build_s: float


@contextmanager
def demo_server(records: int):
    """The demo web in a process of its own; yields site key -> base URL once every site is up."""
    server = subprocess.Popen([sys.executable, "-m", "demo", "--ephemeral", "--oai-records", str(records)],
                              stdout=subprocess.PIPE, text=True)
    try:
        urls: dict[str, str] = {}
        while not set(DEFAULT_PORTS) <= set(urls):
            line = server.stdout.readline()
            if not line:
                sys.exit(f"the demo server ended before listing every site (got {sorted(urls)})")
            key, url = line.split()
            urls[key] = url
        yield urls
    finally:
        server.terminate()
        server.wait(timeout=30)


def sickle_harvest(endpoint: str, prefix: str) -> tuple[Harvested, float]:
    started = time.perf_counter()
    records = Sickle(endpoint, max_retries=0).ListRecords(metadataPrefix=prefix, ignore_deleted=False)
    harvested = {record.header.identifier: record.header.deleted for record in records}
    return harvested, time.perf_counter() - started


def bare_harvest(endpoint: str, prefix: str) -> tuple[Harvested, float]:
    """Download, parse with lxml, follow the token: nothing else."""
    started = time.perf_counter()
    harvested: Harvested = {}
    params = {"verb": "ListRecords", "metadataPrefix": prefix}
    with httpx.Client() as client:
        while True:
            response = client.get(endpoint, params=params)
            response.raise_for_status()
            root = etree.fromstring(response.content)
            for header in root.iter(f"{OAI}header"):
                harvested[header.findtext(f"{OAI}identifier")] = header.get("status") == "deleted"
            token = root.findtext(f".//{OAI}resumptionToken")
            if not token:
                return harvested, time.perf_counter() - started
            params = {"verb": "ListRecords", "resumptionToken": token}


def write_source(folder: Path, endpoint: str, prefix: str) -> str:
    name = f"bench-{prefix.replace('_', '-')}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yml").write_text(yaml.safe_dump({
        "name": name, "title": f"Benchmark endpoint ({prefix})", "publisher": "nordcat", "country": "NO",
        "kind": "oai-pmh", "url": endpoint, "metadata_prefix": prefix,
        "politeness": {"delay": 0.0, "concurrency": 1}, "assertions": {"min_records": 1},
        "fulltext": False,  # the harvest alone: PDFs are another step, with their own politeness
    }))
    return name


def measured(command: list[str]) -> Process:
    """Run to the end, its memory sampled meanwhile."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        with TreeMemory(proc.pid) as memory:
            proc.wait()
        seconds = time.perf_counter() - started
        output.seek(0)
        text = output.read().decode("utf-8", errors="replace")
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{text}")
    # a sample can miss the process's own peak, which VmHWM keeps: the tree held at least that
    return Process(text, seconds, max(memory.tree_peak_mb, memory.own_peak_mb), memory.own_peak_mb)


def report_seconds(stdout: str, source: str) -> float:
    """The `s=` column of the source's `report ...` line (printed when stdout is not a terminal)."""
    for line in stdout.splitlines():
        if line.startswith("report "):
            fields = dict(field.split("=", 1) for field in shlex.split(line)[1:])
            if fields["source"] == source:
                return float(fields["s"])
    sys.exit(f"no run report line for {source} in:\n{stdout}")


def held_records(data_dir: Path, source: str) -> Harvested:
    """What the warehouse holds of the source: each record's key and whether its head is a tombstone."""
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return dict(con.execute("SELECT record_key, deleted FROM record_heads WHERE source = ?", [source]).fetchall())


def nordcat_crawl(folder: Path, endpoint: str, prefix: str) -> tuple[list[str], Crawl, Harvested]:
    """A full harvest into a fresh data folder; returns the CLI prefix for that folder and what
    the warehouse holds afterwards too."""
    data_dir, sources_dir = folder / "data", folder / "sources"
    name = write_source(sources_dir, endpoint, prefix)
    base = [*NORDCAT, "--data-dir", str(data_dir), "--sources-dir", str(sources_dir)]
    proc = measured([*base, "crawl", name])
    held = held_records(data_dir, name)
    return base, Crawl(len(held), proc.seconds, report_seconds(proc.stdout, name), proc.peak_mb), held


def same_records(prefix: str, who: str, got: Harvested, sickle: Harvested) -> None:
    """Stop before any ratio is printed unless `who` got exactly sickle's records (identifiers and
    tombstones): a faster harvest of other records would prove nothing."""
    if got != sickle:
        missing, extra = sickle.keys() - got.keys(), got.keys() - sickle.keys()
        flipped = [key for key in sickle.keys() & got.keys() if sickle[key] != got[key]]
        sys.exit(f"{prefix}: {who} got other records than sickle: {len(missing)} missing (e.g. "
                 f"{sorted(missing)[:3]}), {len(extra)} extra (e.g. {sorted(extra)[:3]}), {len(flipped)} "
                 f"with the other deleted status (e.g. {sorted(flipped)[:3]})")


def harvest_round(endpoint: str, prefix: str, folder: Path) -> Row:
    sickle, sickle_s = sickle_harvest(endpoint, prefix)
    bare, bare_s = bare_harvest(endpoint, prefix)
    same_records(prefix, "the bare loop", bare, sickle)
    base, crawl, held = nordcat_crawl(folder, endpoint, prefix)
    same_records(prefix, "nordcat crawl", held, sickle)
    build_s = measured([*base, "build"]).seconds
    return Row(prefix, len(sickle), sickle_s, bare_s, crawl, build_s)


def best_of(rows: list[Row]) -> Row:
    """The fastest time of each contender over the rounds (a shared machine only ever slows a
    run down), and the highest peak memory."""
    crawls = [row.crawl for row in rows]
    crawl = Crawl(crawls[0].records, min(c.process_s for c in crawls), min(c.crawl_s for c in crawls),
                  max(c.peak_mb for c in crawls))
    return Row(rows[0].prefix, rows[0].records, min(r.sickle_s for r in rows), min(r.bare_s for r in rows),
               crawl, min(r.build_s for r in rows))


def harvest_all(records: int, rounds: int, tmp: Path) -> list[Row]:
    with demo_server(records) as urls:
        endpoint = f"{urls['dspace']}/bi-oai/request"
        return [best_of([harvest_round(endpoint, prefix, tmp / f"{prefix}-{i}") for i in range(rounds)])
                for prefix in PREFIXES]


def memory_crawls(tmp: Path) -> dict[str, Crawl]:
    with demo_server(MEMORY_RECORDS) as urls:
        endpoint = f"{urls['dspace']}/bi-oai/request"
        return {prefix: nordcat_crawl(tmp / f"memory-{prefix}", endpoint, prefix)[1] for prefix in PREFIXES}


def print_harvest(records: int, rounds: int, rows: list[Row]) -> None:
    print(f"\nOAI-PMH harvest of a local DSpace-style endpoint, {records} works, pages of 100 "
          f"(rec/s, best of {rounds}; every harvester got sickle's records)\n")
    print(f"{'format':7} {'records':>8} {'sickle':>7} {'bare':>7} {'crawl':>7} {'process':>8} "
          f"{'/sickle':>8} {'process/sickle':>15} {'/bare':>6} {'peak MB':>8} {'build':>7}")
    for row in rows:
        crawl = row.crawl
        sickle, bare = row.records / row.sickle_s, row.records / row.bare_s
        alone, process = crawl.records / crawl.crawl_s, crawl.records / crawl.process_s
        print(f"{row.prefix:7} {row.records:>8} {sickle:>7.0f} {bare:>7.0f} {alone:>7.0f} {process:>8.0f} "
              f"{alone / sickle:>8.2f} {process / sickle:>15.2f} {alone / bare:>6.2f} {crawl.peak_mb:>8.0f} "
              f"{crawl.records / row.build_s:>7.0f}")
    print("\nsickle: sickle's ListRecords loop; bare: httpx + lxml, download and parse only;"
          "\ncrawl: nordcat crawl alone, into the warehouse (run report s=, 0.1 s resolution);"
          "\nprocess: the whole `nordcat crawl` process, start-up included;"
          " /sickle, /bare: crawl over those;\nprocess/sickle: the whole process over sickle;"
          " peak MB: the crawl process and its parser process at their\npeak, resident memory summed;\nbuild: `nordcat build` over the harvested warehouse.")


def print_memory(records: int, rows: list[Row], memory: dict[str, Crawl] | None) -> None:
    if memory is None:
        print(f"\nPeak memory at {MEMORY_RECORDS} records not measured: run with --memory (a minute or two more).")
        return
    print("\nPeak memory of the nordcat crawl (MB: its process and its parser process) by harvest size\n")
    print(f"{'format':7} {records:>8} {MEMORY_RECORDS:>8} {'crawl rec/s at ' + str(MEMORY_RECORDS):>22}")
    for row in rows:
        big = memory[row.prefix]
        print(f"{row.prefix:7} {row.crawl.peak_mb:>8.0f} {big.peak_mb:>8.0f} "
              f"{big.records / big.crawl_s:>22.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many runs of each (default 3)")
    parser.add_argument("--memory", action="store_true",
                        help=f"also crawl {MEMORY_RECORDS} records to compare peak memory (takes longer)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = harvest_all(args.records, args.rounds, Path(tmp))
        memory = memory_crawls(Path(tmp)) if args.memory else None
    print_harvest(args.records, args.rounds, rows)
    print_memory(args.records, rows, memory)


if __name__ == "__main__":
    main()
