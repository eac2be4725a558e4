"""nordcat command line: crawl, build, publish and serve the catalogue.

Exit codes: 0 all healthy (a source stopped at its max_runtime is `partial`, not failed: it resumes
next run); 1 some source failed (the others were still stored and published), or
for `status` some source is unhealthy; 2 usage or configuration error (e.g. an invalid source or
config file); 3 another nightly run holds the lock.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import shlex
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.table import Table

from nordcat import alerts
from nordcat.config import ConfigError, Settings, load_config
from nordcat.events import EventLog
from nordcat.health import Freshness, status_line
from nordcat.sources import RegistryError, Source, load_registry, select
from nordcat.stages import Stages

PACKAGE_SOURCES = Path(__file__).resolve().parent.parent / "crawlers" / "sources"
EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)
sources_app = typer.Typer(help="List and validate the source registry.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
console = Console(stderr=True, highlight=False, soft_wrap=True)  # an error names a path whole: never wrapped
events = EventLog(console)  # what the CLI reports, as text or JSON lines (--log-format)


class LogFormat(str, Enum):
    text = "text"
    json = "json"


class Config:
    def __init__(self, data_dir: Path, sources_dir: Path, verbose: bool, settings: Settings, run_id: str):
        self.data_dir = data_dir
        self.sources_dir = sources_dir
        self.verbose = verbose
        self.settings = settings  # the config file's (nordcat/config.py)
        self.run_id = run_id      # of this invocation: the crawl's, and every event's

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def landing_dir(self) -> Path:
        """Where crawl jobs land their files (crawlers/landing.py); NORDCAT_LANDING_DIR, a path
        every Scrapyd node sees, else DATA/landing."""
        return Path(os.environ.get("NORDCAT_LANDING_DIR") or self.data_dir / "landing")

    def registry(self) -> list[Source]:
        try:
            return load_registry(self.sources_dir)
        except RegistryError as exc:
            stop("config", str(exc), text=f"[red]invalid source registry[/red]\n{exc}")


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: Path = typer.Option(Path("data"), envvar="NORDCAT_DATA_DIR", help="Warehouse, raw archive and catalogue."),
    sources_dir: Path = typer.Option(PACKAGE_SOURCES, envvar="NORDCAT_SOURCES_DIR", help="Source registry (*.yml)."),
    config_file: Optional[Path] = typer.Option(None, "--config", envvar="NORDCAT_CONFIG", metavar="PATH",
                                               help="Config file (on_failure hooks); default DATA/nordcat.yml if there."),
    log_format: LogFormat = typer.Option(LogFormat.text, "--log-format",
                                         help="text, or json: one JSON object per event on stderr."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Scrapy's log at INFO level."),
) -> None:
    run_id = new_run_id()
    events.configure(log_format.value, run_id, logging.INFO if verbose else logging.WARNING)
    try:
        settings = load_config(config_file, data_dir)
    except ConfigError as exc:
        stop("config", str(exc), text=f"[red]invalid config file[/red]\n{exc}")
    ctx.obj = Config(data_dir, sources_dir, verbose, settings, run_id)


# --- sources ---------------------------------------------------------------------------------

@sources_app.command("list")
def sources_list(ctx: typer.Context) -> None:
    """List the sources of the registry."""
    for s in ctx.obj.registry():
        state = "enabled " if s.enabled else "disabled"
        print(f"{s.name:28} {state} {s.kind:12} {s.country} {s.url}")


@sources_app.command("check")
def sources_check(
    ctx: typer.Context,
    live: bool = typer.Option(False, "--live", help="Also send one Identify (or HEAD) to each enabled source."),
) -> None:
    """Validate every source file (exit 2 naming file and field); --live: exit 1 if a source is not ok."""
    sources = ctx.obj.registry()
    print(f"{len(sources)} source files valid in {ctx.obj.sources_dir}")
    if live:
        from crawlers.probe import probe
        statuses = []
        for s in sources:
            if s.enabled:
                status, detail = probe(s)
                statuses.append(status)
                print(f"{s.name:28} {status:6} {detail}", flush=True)
        if any(status != "ok" for status in statuses):
            raise typer.Exit(EXIT_SOURCE_FAILED)


# --- status ----------------------------------------------------------------------------------

@app.command()
def status(ctx: typer.Context,
           as_json: bool = typer.Option(False, "--json", help="Print one JSON array instead of lines.")) -> None:
    """Each enabled source's last success, age and health. Exit 1 when one is unhealthy.

    One line per enabled source: name, last successful crawl (UTC) or never, its age in hours,
    health (ok, moved, stale, failing, dead, never). Read from the warehouse without taking the
    lock. Exit 1 when a source is stale, failing, dead or never succeeded; 2 without a warehouse."""
    sources = [s for s in ctx.obj.registry() if s.enabled]
    judged = read_freshness(ctx.obj, sources)
    if as_json:
        print(json.dumps([f.as_json() for f in judged], ensure_ascii=False, indent=1))
    else:
        for f in judged:
            print(status_line(f))
    raise typer.Exit(EXIT_OK if all(f.healthy for f in judged) else EXIT_SOURCE_FAILED)


def read_freshness(config: Config, sources: list[Source]) -> list[Freshness]:
    """The sources judged from the warehouse, opened read-only. DuckDB lets no reader in while a
    writer (a crawl, build or publish) holds the file: then the warehouse snapshot of the last
    publish (DATA/downloads/warehouse.duckdb) is read instead, and said so; without one, exit 2."""
    from warehouse.store import Warehouse, WarehouseBusy

    path = config.warehouse_path
    if not path.is_file():
        stop("status", f"no warehouse at {path}: run `nordcat crawl` or `nordcat nightly` first")
    try:
        with Warehouse(path, read_only=True) as warehouse:
            return warehouse.freshness(sources)
    except WarehouseBusy:
        snapshot = config.data_dir / "downloads" / "warehouse.duckdb"
        if not snapshot.is_file():
            stop("status", f"{path} is being written by another nordcat process (DuckDB lets no reader in "
                           f"meanwhile) and there is no published snapshot ({snapshot}) to read instead: try again "
                           f"when it is done")
        written = datetime.fromtimestamp(snapshot.stat().st_mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        events.event("status", "snapshot", f"[yellow]{path} is being written by another nordcat process: reading the "
                                           f"snapshot of the last publish, {snapshot} (written {written})[/yellow]",
                     stamped=False, path=str(snapshot), written=written)
        with Warehouse(snapshot, read_only=True) as warehouse:
            return warehouse.freshness(sources)


def stop(stage: str, message: str, code: int = EXIT_USAGE, text: str | None = None) -> None:
    """Say why the command cannot go on (`text`: its console form, default the message in red), and
    exit with `code` (default 2, a usage or configuration error)."""
    events.event(stage, "error", text or f"[red]{message}[/red]", stamped=False, error=message, exit_code=code)
    raise typer.Exit(code)


# --- stages ----------------------------------------------------------------------------------

def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")


def choose(config: Config, names: list[str]) -> tuple[list[Source], list[Source]]:
    """The sources named (default: every enabled one), and the registry they come from."""
    registry = config.registry()
    try:
        return select(registry, names), registry
    except RegistryError as exc:
        stop("config", str(exc))


def run_crawl(config: Config, names: list[str], options=None) -> tuple[list, list[Freshness]]:
    """Crawl the sources, then judge every enabled source (and any other crawled) into the
    source_health history: this run's results, and the judgements."""
    from crawlers.run import CrawlOptions, crawl_sources
    from warehouse.store import Warehouse

    chosen, registry = choose(config, names)
    run_id = config.run_id
    events.event("crawl", "crawl_start", f"crawl {run_id}: {', '.join(s.name for s in chosen) or 'no enabled sources'}",
                 counts={"sources": len(chosen)}, sources=[s.name for s in chosen])
    crawled = {s.name for s in chosen}
    with Warehouse(config.warehouse_path) as warehouse:
        options = options or CrawlOptions()
        options = replace(options, log_level="INFO" if config.verbose else "WARNING", log_format=events.format)
        results = crawl_sources(chosen, warehouse, config.data_dir, run_id, options)
        judged = warehouse.record_health(run_id, [s for s in registry if s.enabled or s.name in crawled], crawled)
    return results, judged


def run_build(config: Config, full: bool = False) -> None:
    from pipeline.build import build
    from pipeline.merge import OverridesError, load_overrides
    from warehouse.store import Warehouse

    started = time.monotonic()
    try:
        overrides = load_overrides(config.data_dir / "merge_overrides.yml")
    except OverridesError as exc:
        stop("build", str(exc))
    with Warehouse(config.warehouse_path) as warehouse:
        report = build(warehouse, config.registry(), full=full, overrides=overrides)
    seconds = time.monotonic() - started
    events.event("build", "build", f"build: {report.records} records -> {report.documents} documents "
                 f"({report.merged} merged from several records) in {seconds:.1f} s", duration_s=seconds,
                 counts={"records": report.records, "documents": report.documents, "merged": report.merged})
    events.event("build", "stages", f"  stages (s): {report.stages.line(seconds)}",
                 counts={stage: round(s, 1) for stage, s in report.stages.items()})
    blocked = report.blocked
    events.event("build", "fuzzy_merge",
                 f"  fuzzy merge: {blocked.comparisons:,} pairs compared ({blocked.comparisons / max(report.records, 1):.1f} "
                 f"per record), largest block {blocked.largest_block:,} records, {blocked.uncompared:,} left uncompared "
                 f"in blocks of one too common title, {blocked.reused:,} blocks unchanged since the last build",
                 counts={"comparisons": blocked.comparisons, "largest_block": blocked.largest_block,
                         "uncompared": blocked.uncompared, "reused_blocks": blocked.reused})
    for warning in report.merge_warnings:
        events.event("build", "merge_warning", f"  merge_overrides.yml: {warning}", error=warning)
    for source, counter in sorted(report.unmapped.items()):
        if counter:
            fields = ", ".join(f"{k} ({n})" for k, n in counter.most_common(8))
            events.event("build", "unmapped_fields", f"  unmapped fields of {source}: {fields}", source=source,
                         counts=dict(counter.most_common(8)))


def run_publish(config: Config) -> Path:
    from publish.catalogue import publish
    from warehouse.store import Warehouse

    started, stages = time.monotonic(), Stages()
    with Warehouse(config.warehouse_path) as warehouse:
        path = publish(warehouse, config.registry(), config.data_dir, stages)
    seconds = time.monotonic() - started
    events.event("publish", "publish", f"publish: {path} in {seconds:.1f} s", duration_s=seconds, path=str(path))
    events.event("publish", "stages", f"  stages (s): {stages.line(seconds)}",
                 counts={stage: round(s, 1) for stage, s in stages.items()})
    return path


def skipped(details: dict) -> str:
    """Requests left out on purpose, as 'reason:count,...' (robots, offsite, trap, max_pages ...)."""
    return ",".join(f"{k.removeprefix('skipped/')}:{v}" for k, v in sorted(details.items()) if k.startswith("skipped/"))


def print_report(results: list) -> None:
    """Per source: records seen (with pages that answered 304 Not Modified counted apart), pages
    with records, pages fetched, parse failures, skips, faults, and the full texts stored and PDFs
    that failed (a 404, no PDF, too large, unreadable: counted, never failing the source)."""
    columns = ("source", "status", "health", "seen", "not modified", "new", "changed", "deleted", "held", "pages",
               "fetched", "parse fail", "skipped", "s", "faults", "error", "fulltexts", "fulltext failed")
    rows = [(r.source, r.status, r.health, r.seen, r.details.get("not_modified", 0), r.new, r.changed, r.deleted,
             r.held, r.pages, r.details.get("fetched", 0), r.parse_failures, skipped(r.details), f"{r.seconds:.2f}",
             r.faults, r.error or "", r.details.get("fulltexts", 0), r.details.get("fulltext_failed", 0))
            for r in results]
    if events.json:
        for r, row in zip(results, rows):
            report_event(r, columns, row)
    elif console.is_terminal:
        table = Table(*columns, title="run report")
        for row in rows:
            style = "red" if row[1] == "failed" else None
            table.add_row(*(str(v) for v in row), style=style)
        console.print(table)
    else:
        for row in rows:
            print("report " + " ".join(f"{c.replace(' ', '_')}={shlex.quote(str(v))}" for c, v in zip(columns, row)),
                  flush=True)


COUNTED = ("seen", "not modified", "new", "changed", "deleted", "held", "pages", "fetched", "parse fail", "fulltexts",
           "fulltext failed")


def report_event(result, columns: tuple[str, ...], row: tuple) -> None:
    """A source's line of the run report as an event (--log-format json)."""
    values = dict(zip(columns, row))
    events.event("crawl", "source_result", "report " + " ".join(f"{c.replace(' ', '_')}={v}" for c, v in values.items()),
                 source=result.source, counts={c.replace(" ", "_"): values[c] for c in COUNTED},
                 duration_s=result.seconds, error=result.error, status=result.status, health=result.health,
                 skipped=values["skipped"], faults=values["faults"])


def exit_code(results: list) -> int:
    """1 when a source failed; a source stopped at its max_runtime (partial) has not failed."""
    return EXIT_SOURCE_FAILED if failed_sources(results) else EXIT_OK


def failed_sources(results: list) -> list[str]:
    return [r.source for r in results if r.status not in ("ok", "partial")]


@app.command()
def crawl(ctx: typer.Context, names: Optional[list[str]] = typer.Argument(None, help="Sources (default: all enabled)."),
          full: bool = typer.Option(False, "--full", help="Harvest OAI-PMH sources from the start, not incrementally."),
          reconcile: bool = typer.Option(False, "--reconcile",
                                         help="Also list every OAI identifier now; unlisted records get a tombstone."),
          record: Optional[str] = typer.Option(None, "--record", metavar="OAI_ID",
                                               help="Fetch one record with GetRecord (one source only).")) -> None:
    """Fetch sources into the warehouse, incrementally where possible."""
    from crawlers.run import CrawlOptions

    if record and len(names or []) != 1:
        stop("crawl", "--record needs exactly one source name")
    options = CrawlOptions(full_harvest=full, reconcile=True if reconcile else None, record_id=record)
    with run_lock(ctx.obj.data_dir):
        results, _ = run_crawl(ctx.obj, names or [], options)
    print_report(results)
    raise typer.Exit(exit_code(results))


@app.command()
def reparse(ctx: typer.Context,
            names: Optional[list[str]] = typer.Argument(None, help="Sources (default: all enabled).")) -> None:
    """Parse the raw archive (DATA/raw) again into the warehouse, without any request.

    Every archived response of the sources is parsed again, in run order, by its spider's parse
    code; a record gets a new version only where the parse differs, and archived PDFs have their
    text extracted again. Run `build` and `publish` afterwards to update the catalogue. A source
    with nothing archived fails (exit 1), as does one whose archive no longer parses.
    """
    from crawlers.reparse import reparse_sources
    from warehouse.store import Warehouse

    chosen, _ = choose(ctx.obj, names or [])
    run_id = ctx.obj.run_id
    with run_lock(ctx.obj.data_dir):
        events.event("reparse", "reparse_start",
                     f"reparse {run_id}: {', '.join(s.name for s in chosen) or 'no enabled sources'}",
                     counts={"sources": len(chosen)}, sources=[s.name for s in chosen])
        with Warehouse(ctx.obj.warehouse_path) as warehouse:
            results = reparse_sources(chosen, warehouse, ctx.obj.data_dir, run_id)
    print_report(results)
    raise typer.Exit(exit_code(results))


@app.command()
def load(ctx: typer.Context) -> None:
    """Load every complete crawl job landed (DATA/landing or NORDCAT_LANDING_DIR) into the warehouse.

    Idempotent: a file loaded once is never loaded again, a job that ran twice counts once, a job
    still running (no _DONE) is left for later. Exit 1 when a loaded run failed its health checks."""
    from crawlers.load import load_landing
    from warehouse.store import Warehouse

    registry = {s.name: s for s in ctx.obj.registry()}
    started = time.monotonic()
    with run_lock(ctx.obj.data_dir), Warehouse(ctx.obj.warehouse_path) as warehouse:
        report = load_landing(warehouse, ctx.obj.landing_dir, registry, ctx.obj.data_dir)
    report_load(report, time.monotonic() - started)
    print_report(report.results)
    raise typer.Exit(exit_code(report.results))


@app.command()
def build(ctx: typer.Context,
          full: bool = typer.Option(False, "--full", help="Map and merge every record again, not only what changed.")) -> None:
    """Normalise and merge raw records into the curated tables."""
    with run_lock(ctx.obj.data_dir):
        run_build(ctx.obj, full)


@app.command()
def publish(ctx: typer.Context) -> None:
    """Write DATA/catalogue.db (SQLite) for Datasette, replaced atomically."""
    with run_lock(ctx.obj.data_dir):
        run_publish(ctx.obj)


@app.command()
def serve(ctx: typer.Context, host: str = typer.Option("127.0.0.1", "--host"),
          port: int = typer.Option(8001, "--port")) -> None:
    """Serve DATA/catalogue.db with Datasette."""
    from publish.serve import exec_datasette

    if not (ctx.obj.data_dir / "catalogue.db").exists():
        stop("serve", f"no catalogue at {ctx.obj.data_dir / 'catalogue.db'}: run `nordcat nightly` first")
    events.event("serve", "serve", f"serving the catalogue on http://{host}:{port}/", url=f"http://{host}:{port}/")
    exec_datasette(ctx.obj.data_dir, host, port)


@contextmanager
def run_lock(data_dir: Path) -> Iterator[None]:
    """One writer at a time: a second crawl/reparse/build/publish/nightly exits 3 instead of interleaving."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "nightly.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stop("lock", f"another nordcat run holds {data_dir / 'nightly.lock'}", EXIT_LOCKED)
        lock.write(str(os.getpid()))
        lock.flush()
        yield


def utc_now() -> datetime:
    """Naive UTC, as the warehouse holds times."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class NightlyRun:
    """What a nightly has done so far: what its summary tells even when it stopped half-way."""
    started_at: datetime = field(default_factory=utc_now)
    results: list = field(default_factory=list)            # crawlers.run.SourceResult of each crawled source
    judged: list[Freshness] = field(default_factory=list)  # every enabled source after the crawl
    not_due: list = field(default_factory=list)            # nordcat.schedule.Due of the sources left for later


def run_jobs(config: Config, names: list[str], nodes: list[str], time_limit: float) -> tuple[list, list[Freshness]]:
    """The nightly's crawl as jobs (crawlers/dispatch.py): export each source's input, run the
    jobs on the Scrapyd `nodes` (in this process without any), load what they landed, and judge
    every enabled source; a source whose job died fails and keeps what it had."""
    from crawlers import dispatch
    from crawlers.load import fail_run, load_landing
    from warehouse.store import Warehouse

    chosen, registry = choose(config, names)
    run_id, root = config.run_id, config.landing_dir
    events.event("crawl", "crawl_start", f"crawl {run_id}: {', '.join(s.name for s in chosen) or 'no enabled sources'}"
                 + (f" as jobs on {', '.join(nodes)}" if nodes else ""),
                 counts={"sources": len(chosen)}, sources=[s.name for s in chosen], nodes=nodes)
    sources_dir = None if config.sources_dir.resolve() == PACKAGE_SOURCES.resolve() else config.sources_dir
    with Warehouse(config.warehouse_path) as warehouse:
        jobs = dispatch.prepare_jobs(warehouse, chosen, root, config.data_dir, run_id, sources_dir, time_limit)
        expected = warehouse.expected_durations([s.name for s in chosen])
    if nodes:
        dispatch.run_on_scrapyd(jobs, nodes, root, expected, on_event=lambda kind, text, **fields: events.event(
            "crawl", kind, text, **fields))
    else:
        dispatch.run_in_process(jobs, root, "INFO" if config.verbose else "WARNING", events.format)
    report_jobs(jobs)
    crawled = {s.name for s in chosen}
    started = time.monotonic()
    with Warehouse(config.warehouse_path) as warehouse:
        report = load_landing(warehouse, root, {s.name: s for s in chosen}, config.data_dir,
                              [job.run for job in jobs], dispatch.dead_attempts(jobs))
        report_load(report, time.monotonic() - started)
        settled = {r.source for r in report.results}
        results = report.results + [fail_run(warehouse, run_id, job.source, job.failure or "the job landed nothing")
                                    for job in jobs if job.source.name not in settled]
        judged = warehouse.record_health(run_id, [s for s in registry if s.enabled or s.name in crawled], crawled)
    order = {s.name: i for i, s in enumerate(chosen)}
    return sorted(results, key=lambda r: order.get(r.source, 0)), judged


def report_jobs(jobs: list) -> None:
    """Each job's node and time (scheduled to landed, full texts included), and each node's jobs,
    their time added up, and its wall time from the first job scheduled to the last landed."""
    nodes: dict[str, list] = {}
    for job in jobs:
        node = job.node or "in-process"
        nodes.setdefault(node, []).append(job)
        events.event("crawl", "job", f"job {job.source.name} on {node}: {job.seconds:.1f} s"
                     + (f" [red]{job.failure}[/red]" if job.failure else ""), source=job.source.name, node=node,
                     duration_s=job.seconds, error=job.failure)
    for node, ran in nodes.items():
        busy = sum(job.seconds for job in ran)
        wall = max(job.started + job.seconds for job in ran) - min(job.started for job in ran)
        events.event("crawl", "node", f"node {node}: {len(ran)} jobs, {busy:.1f} s of jobs in {wall:.1f} s",
                     node=node, duration_s=wall, counts={"jobs": len(ran)}, busy_s=busy)


def report_load(report, seconds: float) -> None:
    events.event("load", "load", f"load: {report.files} files, {report.records} records ({report.versions} new "
                 f"versions), {len(report.results)} runs, {report.duplicates} duplicate attempts left out, in "
                 f"{seconds:.1f} s", duration_s=seconds,
                 counts={"files": report.files, "records": report.records, "versions": report.versions,
                         "runs": len(report.results), "duplicates": report.duplicates})


def run_nightly(config: Config, names: list[str], run: NightlyRun | None = None, nodes: list[str] | None = None,
                time_limit: float = 3600.0) -> int:
    run = run or NightlyRun()
    with run_lock(config.data_dir):
        due, run.not_due = due_sources(config, names)
        if due or not run.not_due:
            run.results, run.judged = run_jobs(config, due, nodes or [], time_limit)
            run_build(config)
            run_publish(config)
            print_report(run.results)
        else:
            run.judged = read_freshness(config, [s for s in config.registry() if s.enabled])
    report_schedule(run)
    failed = failed_sources(run.results)
    text = f"[red]failed sources: {', '.join(failed)}[/red] (the others were published)" if failed else None
    events.event("nightly", "nightly_end", text, error=f"failed sources: {', '.join(failed)}" if failed else None,
                 duration_s=(utc_now() - run.started_at).total_seconds(),
                 counts={"sources": len(run.results), "failed": len(failed), "not_due": len(run.not_due),
                         "partial": sum(1 for r in run.results if r.status == "partial"),
                         "unhealthy": sum(1 for f in run.judged if not f.healthy)},
                 exit_code=exit_code(run.results))
    return exit_code(run.results)


def due_sources(config: Config, names: list[str]) -> tuple[list[str], list]:
    """The sources a nightly crawls, and the not-due ones it leaves (nordcat.schedule.Due): sources
    named on the command line always run; otherwise the enabled ones whose schedule is due."""
    from nordcat.schedule import is_due
    from warehouse.store import Warehouse

    if names:
        return names, []
    last = {}
    if config.warehouse_path.is_file():
        with Warehouse(config.warehouse_path) as warehouse:
            last = warehouse.last_crawls()
    now = utc_now()
    verdicts = [is_due(s.name, s.schedule, last.get(s.name), now) for s in config.registry() if s.enabled]
    return [v.source for v in verdicts if v.due], [v for v in verdicts if not v.due]


def report_schedule(run: NightlyRun) -> None:
    """The sources left for a later nightly, and those stopped at their max_runtime."""
    for verdict in run.not_due:
        events.event("nightly", "not_due", f"not due: {verdict.source} ({verdict.reason})", source=verdict.source,
                     reason=verdict.reason)
    if run.not_due and not run.results:
        events.event("nightly", "nothing_due", "no source is due: nothing crawled, built or published")
    for r in run.results:
        if r.status == "partial":
            events.event("nightly", "partial", f"[yellow]partial: {r.source} stopped at its max_runtime, "
                                               f"resumes next run[/yellow]", source=r.source)


@app.command()
def nightly(ctx: typer.Context, names: Optional[list[str]] = typer.Argument(None, help="Sources (default: all enabled)."),
            scrapyd: Optional[str] = typer.Option(None, "--scrapyd", metavar="URL[,URL...]",
                                                  help="Run the crawls as jobs on these Scrapyd nodes."),
            job_timeout: float = typer.Option(3600.0, "--job-timeout", metavar="SECONDS",
                                              help="A source's job running longer fails it.")) -> None:
    """Crawl + build + publish + run report. Exit 1 when some source failed.

    Without names, only the enabled sources that are due by their `schedule` run (the others are
    reported as not due); sources named on the command line always run.

    Each source's crawl is a job that lands files (DATA/landing or NORDCAT_LANDING_DIR) which the
    nightly then loads: in this process, or with --scrapyd on Scrapyd nodes that see the landing
    directory, spread by each source's last duration. A job that fails, times out or whose node
    disappears fails its source only; a source's own max_runtime ends its job as partial.

    When it ends unhealthy (exit code not 0, or an enabled source stale, failing, dead or never
    successful afterwards), the config file's on_failure command runs and its webhook is called
    with the run's summary as JSON; a hook that fails never changes the exit code."""
    run = NightlyRun()
    try:
        nodes = [url.strip() for url in (scrapyd or "").split(",") if url.strip()]
        code = run_nightly(ctx.obj, names or [], run, nodes, job_timeout)
    except typer.Exit as stopped:  # a usage error (2) or the lock (3): the nightly did not run
        alert(ctx.obj, run, stopped.exit_code, events.last_error)
        raise
    except Exception as exc:  # a crash: alert, then the traceback and exit 1 as ever
        alert(ctx.obj, run, EXIT_SOURCE_FAILED, f"{type(exc).__name__}: {exc}")
        raise
    alert(ctx.obj, run, code, None)
    raise typer.Exit(code)


def alert(config: Config, run: NightlyRun, code: int, error: str | None) -> None:
    """Run the on_failure hooks when the nightly ended unhealthy; report each hook's outcome."""
    if config.settings.on_failure is None:
        return
    summary = alerts.summary(config.run_id, run.started_at, utc_now(), code, run.results, run.judged, error)
    if not alerts.unhealthy(summary):
        return
    for outcome in alerts.run_hooks(config.settings.on_failure, summary):
        text = f"on_failure {outcome.hook}: {outcome.detail}"
        events.event("alert", "hook", text if outcome.ok else f"[red]{text}[/red] (the exit code stays {code})",
                     error=None if outcome.ok else outcome.detail, hook=outcome.hook, ok=outcome.ok)


@app.command()
def demo(ctx: typer.Context, host: str = typer.Option("127.0.0.1", "--host"),
         port: int = typer.Option(8001, "--port"),
         serve_catalogue: bool = typer.Option(True, "--serve/--no-serve", help="Serve the catalogue afterwards.")) -> None:
    """Start the embedded demo web, run nightly over it and serve the catalogue."""
    from publish.serve import serve_alongside

    # Started from a shell without job control (`nohup make demo &`), a process inherits SIGINT
    # ignored and Python then installs no handler: Ctrl-C must still stop all that the demo starts.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    config = ctx.obj
    with start_demo_web() as web:
        for name, url in sorted(web.urls.items()):
            events.event("demo", "demo_web", f"demo web: {name:10} {url}", site=name, url=url)
        config.sources_dir = config.data_dir / "demo-sources"
        for old in config.sources_dir.glob("*.yml"):
            old.unlink()
        web.write_registry(config.sources_dir)
        code = run_nightly(config, [])
        if not serve_catalogue:
            raise typer.Exit(code)
        events.event("demo", "serve", f"[bold green]catalogue: http://{host}:{port}/[/bold green]  (Ctrl-C stops everything)",
                     url=f"http://{host}:{port}/")
        raise typer.Exit(serve_alongside(config.data_dir, host, port))


def start_demo_web():
    """The demo web on its default ports, or on free ones when those are taken."""
    from demo import DEFAULT_PORTS, DemoWeb

    try:
        return DemoWeb().start()
    except OSError:
        return DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}).start()


def main() -> None:
    app(prog_name="nordcat")


if __name__ == "__main__":
    sys.exit(main())
