"""nordcat command line: crawl, build, publish and serve the catalogue.

Exit codes: 0 all healthy; 1 some source failed (the others were still stored and published);
2 usage or configuration error (e.g. an invalid source file); 3 another nightly run holds the lock.
"""
from __future__ import annotations

import fcntl
import os
import shlex
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.table import Table

from nordcat.sources import RegistryError, Source, load_registry, select

PACKAGE_SOURCES = Path(__file__).resolve().parent.parent / "crawlers" / "sources"
EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)
sources_app = typer.Typer(help="List and validate the source registry.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
console = Console(stderr=True, highlight=False, soft_wrap=True)  # an error names a path whole: never wrapped


class Config:
    def __init__(self, data_dir: Path, sources_dir: Path, verbose: bool):
        self.data_dir = data_dir
        self.sources_dir = sources_dir
        self.verbose = verbose

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    def registry(self) -> list[Source]:
        try:
            return load_registry(self.sources_dir)
        except RegistryError as exc:
            console.print(f"[red]invalid source registry[/red]\n{exc}")
            raise typer.Exit(EXIT_USAGE)


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: Path = typer.Option(Path("data"), envvar="NORDCAT_DATA_DIR", help="Warehouse, raw archive and catalogue."),
    sources_dir: Path = typer.Option(PACKAGE_SOURCES, envvar="NORDCAT_SOURCES_DIR", help="Source registry (*.yml)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Scrapy's log at INFO level."),
) -> None:
    ctx.obj = Config(data_dir, sources_dir, verbose)


def say(message: str) -> None:
    stamp = datetime.now(timezone.utc).strftime("%H:%M:%S")
    console.print(f"[dim]{stamp}[/dim] {message}")


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


# --- stages ----------------------------------------------------------------------------------

def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")


def run_crawl(config: Config, names: list[str], options=None) -> list:
    from crawlers.run import CrawlOptions, crawl_sources
    from warehouse.store import Warehouse

    try:
        chosen = select(config.registry(), names)
    except RegistryError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_USAGE)
    run_id = new_run_id()
    say(f"crawl {run_id}: {', '.join(s.name for s in chosen) or 'no enabled sources'}")
    with Warehouse(config.warehouse_path) as warehouse:
        options = options or CrawlOptions()
        options = replace(options, log_level="INFO" if config.verbose else "WARNING")
        return crawl_sources(chosen, warehouse, config.data_dir, run_id, options)


def run_build(config: Config, full: bool = False) -> None:
    from pipeline.build import build
    from pipeline.merge import OverridesError, load_overrides
    from warehouse.store import Warehouse

    started = time.monotonic()
    try:
        overrides = load_overrides(config.data_dir / "merge_overrides.yml")
    except OverridesError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_USAGE)
    with Warehouse(config.warehouse_path) as warehouse:
        report = build(warehouse, config.registry(), full=full, overrides=overrides)
    say(f"build: {report.records} records -> {report.documents} documents "
        f"({report.merged} merged from several records) in {time.monotonic() - started:.1f} s")
    blocked = report.blocked
    say(f"  fuzzy merge: {blocked.comparisons:,} pairs compared ({blocked.comparisons / max(report.records, 1):.1f} "
        f"per record), largest block {blocked.largest_block:,} records, {blocked.uncompared:,} left uncompared "
        f"in blocks of one too common title")
    for warning in report.merge_warnings:
        say(f"  merge_overrides.yml: {warning}")
    for source, counter in sorted(report.unmapped.items()):
        if counter:
            fields = ", ".join(f"{k} ({n})" for k, n in counter.most_common(8))
            say(f"  unmapped fields of {source}: {fields}")


def run_publish(config: Config) -> Path:
    from publish.catalogue import publish
    from warehouse.store import Warehouse

    with Warehouse(config.warehouse_path) as warehouse:
        path = publish(warehouse, config.registry(), config.data_dir)
    say(f"publish: {path}")
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
    if console.is_terminal:
        table = Table(*columns, title="run report")
        for row in rows:
            style = "red" if row[1] == "failed" else None
            table.add_row(*(str(v) for v in row), style=style)
        console.print(table)
    else:
        for row in rows:
            print("report " + " ".join(f"{c.replace(' ', '_')}={shlex.quote(str(v))}" for c, v in zip(columns, row)),
                  flush=True)


def exit_code(results: list) -> int:
    return EXIT_SOURCE_FAILED if any(r.status != "ok" for r in results) else EXIT_OK


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
        console.print("[red]--record needs exactly one source name[/red]")
        raise typer.Exit(EXIT_USAGE)
    options = CrawlOptions(full_harvest=full, reconcile=True if reconcile else None, record_id=record)
    with run_lock(ctx.obj.data_dir):
        results = run_crawl(ctx.obj, names or [], options)
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

    try:
        chosen = select(ctx.obj.registry(), names or [])
    except RegistryError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_USAGE)
    run_id = new_run_id()
    with run_lock(ctx.obj.data_dir):
        say(f"reparse {run_id}: {', '.join(s.name for s in chosen) or 'no enabled sources'}")
        with Warehouse(ctx.obj.warehouse_path) as warehouse:
            results = reparse_sources(chosen, warehouse, ctx.obj.data_dir, run_id)
    print_report(results)
    raise typer.Exit(exit_code(results))


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
        console.print(f"[red]no catalogue at {ctx.obj.data_dir / 'catalogue.db'}: run `nordcat nightly` first[/red]")
        raise typer.Exit(EXIT_USAGE)
    say(f"serving the catalogue on http://{host}:{port}/")
    exec_datasette(ctx.obj.data_dir, host, port)


@contextmanager
def run_lock(data_dir: Path) -> Iterator[None]:
    """One writer at a time: a second crawl/reparse/build/publish/nightly exits 3 instead of interleaving."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "nightly.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            console.print(f"[red]another nordcat run holds {data_dir / 'nightly.lock'}[/red]")
            raise typer.Exit(EXIT_LOCKED)
        lock.write(str(os.getpid()))
        lock.flush()
        yield


def run_nightly(config: Config, names: list[str]) -> int:
    with run_lock(config.data_dir):
        results = run_crawl(config, names)
        run_build(config)
        run_publish(config)
        print_report(results)
    failed = [r.source for r in results if r.status != "ok"]
    if failed:
        say(f"[red]failed sources: {', '.join(failed)}[/red] (the others were published)")
    return exit_code(results)


@app.command()
def nightly(ctx: typer.Context, names: Optional[list[str]] = typer.Argument(None, help="Sources (default: all enabled).")) -> None:
    """Crawl + build + publish + run report. Exit 1 when some source failed."""
    raise typer.Exit(run_nightly(ctx.obj, names or []))


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
            say(f"demo web: {name:10} {url}")
        config.sources_dir = config.data_dir / "demo-sources"
        for old in config.sources_dir.glob("*.yml"):
            old.unlink()
        web.write_registry(config.sources_dir)
        code = run_nightly(config, [])
        if not serve_catalogue:
            raise typer.Exit(code)
        say(f"[bold green]catalogue: http://{host}:{port}/[/bold green]  (Ctrl-C stops everything)")
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
