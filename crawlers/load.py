"""`nordcat load`: the single writer ingests landed crawl jobs (crawlers/landing.py) into DuckDB.

Idempotent by construction: each landing file is logged in the warehouse (landing_files) in the
transaction that stores what it held, so a file is loaded once however often `load` runs, and a
load that dies half-way resumes at the first file it had not committed. Records are stored by
content hash (Warehouse.add_records), so even a source fetched twice stores each version once.

- A complete attempt (its _DONE written) is loaded whole: its record parts with the harvest
  checkpoint after each, its raw responses appended to DATA/raw, then its state (records seen
  again, page validators), and its run is judged from the job's stats as an in-process crawl is
  (crawlers.run.record_result); a full-text step that completed adds its rows and counts.
- A run is settled by its first complete attempt loaded. Another attempt of that run (a job that
  ran twice) is logged as a duplicate and nothing of it is stored; a run that failed without a
  complete attempt (a dead job, a crash) is settled by one that lands later.
- An attempt without _DONE may still be running and is left alone, unless the caller declares
  it dead (its Scrapyd job failed, timed out, or its node is gone): then its whole parts are
  loaded, as an in-process crawl that crashed keeps the batches it stored, and its run fails
  with the reason; the next run resumes from its checkpoint.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from crawlers.landing import (
    LandingRun, checkpoint_of, complete, context_of, frontier_of, page_states, part_paths, records_of,
)
from crawlers.frontier import STOPPED_AT_LIMIT
from crawlers.run import SourceResult, record_result
from crawlers.spiders import SPIDERS
from nordcat.sources import Source
from warehouse.store import Warehouse

FULLTEXT = "fulltext"


@dataclass
class LoadReport:
    results: list[SourceResult] = field(default_factory=list)  # runs settled by this load
    files: int = 0          # landing files loaded
    records: int = 0        # records read from parts
    versions: int = 0       # new versions stored
    duplicates: int = 0     # attempts of settled runs, left out


def landed_runs(root: Path) -> list[LandingRun]:
    """Every run under the landing directory that has an input."""
    return [LandingRun(root, inputs.parent.parent.name, inputs.parent.name)
            for inputs in sorted(Path(root).glob("*/*/input.json"))]


def load_landing(warehouse: Warehouse, root: Path, sources: dict[str, Source], data_dir: Path,
                 runs: list[LandingRun] | None = None, dead: dict[Path, str] | None = None) -> LoadReport:
    """Load the complete attempts of `runs` (default: all landed) not loaded yet; `dead`: attempts
    the caller knows ended without finishing, with the reason."""
    report, dead = LoadReport(), dead or {}
    for run in runs if runs is not None else landed_runs(root):
        source = sources.get(run.source)
        if source is None:
            continue  # a source no longer in the registry: its landing stays for when it returns
        for attempt in run.attempts():
            if complete(attempt):
                load_attempt(warehouse, run, attempt, source, data_dir, report)
            elif attempt in dead:
                load_attempt(warehouse, run, attempt, source, data_dir, report, dead[attempt])
    return report


def load_attempt(warehouse: Warehouse, run: LandingRun, attempt: Path, source: Source, data_dir: Path,
                 report: LoadReport, died: str | None = None) -> None:
    state = run.read_input()
    prefix = attempt.relative_to(run.root).as_posix()
    loaded = warehouse.loaded_files(prefix + "/")
    if f"{prefix}/output.json" in loaded or f"{prefix}/duplicate" in loaded:
        return
    if settled_by_another(warehouse, run):
        warehouse.log_loaded(f"{prefix}/duplicate", run.run_id, run.source, "duplicate")
        report.duplicates += 1
        return
    status = warehouse.run_status(run.run_id, run.source)
    if status is None:  # jobs scheduled by hand: the run starts when it is first loaded
        warehouse.start_run(run.run_id, run.source, source.kind, state.get("harvest_from"))
    versions = load_parts(warehouse, run, attempt, prefix, loaded, report)
    append_warcs(warehouse, run, attempt, prefix, loaded, data_dir, report)
    fulltext_stats = load_fulltexts(warehouse, run, attempt, prefix, loaded, report)
    if died:
        if status in (None, "running"):
            report.results.append(fail_run(warehouse, run.run_id, source, died))
        return
    output = json.loads((attempt / "output.json").read_text(encoding="utf-8"))
    with warehouse.transaction():
        warehouse.mark_seen(run.source, output["seen"])
        warehouse.save_pages(run.source, page_states(output["pages"]))
        apply_frontier(warehouse, run.source, output.get("frontier", "kept"))
        stats = judged_stats(output["stats"], versions, source)
        spider_cls = SPIDERS[source.kind]
        context = context_of(state, warehouse, data_dir / "raw")
        report.results.append(record_result(warehouse, run.run_id, source, spider_cls, context, stats, fulltext_stats))
        warehouse.log_loaded(f"{prefix}/output.json", run.run_id, run.source, "state")
    report.files += 1


def settled_by_another(warehouse: Warehouse, run: LandingRun) -> bool:
    """Whether a complete attempt of the run was loaded already. A run that failed without one
    (its job declared dead, or marked crashed) is settled again by an attempt that lands late."""
    prefix = run.path.relative_to(run.root).as_posix()
    return any(path.endswith("/output.json") for path in warehouse.loaded_files(prefix + "/"))


def apply_frontier(warehouse: Warehouse, source: str, frontier: dict | None | str) -> None:
    """The job's HTML frontier: saved when its max_runtime stopped it, cleared when it finished."""
    if frontier == "kept":
        return
    if frontier is None:
        warehouse.clear_frontier(source)
    else:
        saved = frontier_of(frontier)
        warehouse.save_frontier(source, saved.pending, saved.done)


def judged_stats(stats: dict[str, Any], versions: int, source: Source) -> dict[str, Any]:
    """The job's stats as record_result judges them: the versions the load stored, and a job that
    ended early (the nightly's time limit, a shutdown) is an error. A source's own max_runtime
    ends a run as partial (crawlers/run.py), resumed by the next."""
    stats = {**stats, "nordcat/versions_stored": versions}
    reason = stats.get("finish_reason")
    at_max_runtime = reason == STOPPED_AT_LIMIT and source.max_runtime_seconds
    if reason != "finished" and not at_max_runtime and not stats.get("nordcat/error"):
        stats["nordcat/error"] = f"the job ended before it finished ({reason})"
    return stats


def load_parts(warehouse: Warehouse, run: LandingRun, attempt: Path, prefix: str, loaded: set[str],
               report: LoadReport) -> int:
    """Each record part not loaded yet, with its checkpoint, in one transaction with its log line."""
    versions = 0
    for path in part_paths(attempt / "records"):
        name = f"{prefix}/records/{path.name}"
        if name in loaded:
            continue
        table = pq.read_table(path)
        with warehouse.transaction():
            versions += warehouse.add_records(records_of(table), run_id=run.run_id)
            checkpoint = checkpoint_of(table)
            if checkpoint:
                warehouse.save_checkpoint(checkpoint)
            warehouse.log_loaded(name, run.run_id, run.source, "records", table.num_rows)
        report.files += 1
        report.records += table.num_rows
    report.versions += versions
    return versions


def load_fulltexts(warehouse: Warehouse, run: LandingRun, attempt: Path, prefix: str, loaded: set[str],
                   report: LoadReport) -> dict[str, Any]:
    """The full-text rows of a full-text step that completed, and its stats ({} when it did not)."""
    folder = attempt / FULLTEXT
    if not complete(attempt, FULLTEXT):
        return {}
    for path in part_paths(folder):
        name = f"{prefix}/{FULLTEXT}/{path.name}"
        if name not in loaded:
            table = pq.read_table(path)
            with warehouse.transaction():
                warehouse.store_fulltexts(table.to_pylist())
                warehouse.log_loaded(name, run.run_id, run.source, "fulltexts", table.num_rows)
            report.files += 1
    return json.loads((folder / "output.json").read_text(encoding="utf-8"))["stats"]


def append_warcs(warehouse: Warehouse, run: LandingRun, attempt: Path, prefix: str, loaded: set[str],
                 data_dir: Path, report: LoadReport) -> None:
    """The attempt's raw responses, appended to DATA/raw/<source>/ under the archive's own names
    (crawlers/archive.py), where `nordcat reparse` reads them; WARC files are gzip members one
    after another, so two attempts of a run append to one file as a crawl appends to it."""
    for path in sorted(attempt.glob("raw/*/*.warc.gz")) + sorted(attempt.glob(f"{FULLTEXT}/raw/*/*.warc.gz")):
        name = path.relative_to(run.root).as_posix()
        if name in loaded:
            continue
        target = data_dir / "raw" / run.source / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with warehouse.transaction():
            with open(path, "rb") as landed, open(target, "ab") as archive:
                shutil.copyfileobj(landed, archive)
                archive.flush()
                os.fsync(archive.fileno())
            warehouse.log_loaded(name, run.run_id, run.source, "warc")
        report.files += 1


def fail_run(warehouse: Warehouse, run_id: str, source: Source, reason: str) -> SourceResult:
    """A run whose job landed nothing complete: failed, and the source keeps what it had."""
    held = warehouse.held(source.name)
    changes = warehouse.run_changes(run_id, source.name)
    warehouse.finish_run(run_id, source.name, status="failed", health="failing", error=reason,
                         records_held=held, records_new=changes["new"], records_changed=changes["changed"],
                         records_deleted=changes["deleted"], details={})
    return SourceResult(source=source.name, kind=source.kind, status="failed", error=reason, health="failing",
                        held=held, new=changes["new"], changed=changes["changed"], deleted=changes["deleted"])
