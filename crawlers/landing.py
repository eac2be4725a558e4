"""Landing files: what a crawl job writes instead of opening the warehouse.

A job (a Scrapyd job, or the same spider run in-process by `nordcat nightly`) never opens DuckDB:
the single writer exports what the job needs to start from, the job lands what it found, and
`nordcat load` (crawlers/load.py) ingests it. Under the landing directory (the setting
NORDCAT_LANDING_DIR, a path every node sees):

    <source>/<run>/input.json             exported by the writer before the job: harvest `from`,
                                          checkpoint, page validators, full-text candidates ...
    <source>/<run>/<attempt>/records/part-*.parquet   the records, one part per pipeline batch,
                                          each with the harvest checkpoint after it in its metadata
    <source>/<run>/<attempt>/raw/<source>/<run>.warc.gz   the raw responses (crawlers/archive.py)
    <source>/<run>/<attempt>/output.json  records seen again, page validators, the crawler's stats
    <source>/<run>/<attempt>/_DONE        written last: the attempt is complete
    <source>/<run>/<attempt>/fulltext/    the full-text step: part-*.parquet, output.json, _DONE

An attempt is one execution of the job (Scrapyd's job id): a job scheduled twice writes two
attempts and never overwrites a file. Every file is written under a temporary name and renamed,
so a reader sees a part whole or not at all; a job killed half-way leaves whole parts, no _DONE.

An object store is the next step: the same layout under s3://bucket/prefix, written with
pyarrow.fs (parts and JSON are whole-object PUTs, and a PUT is atomic, so the rename goes) and
read the same way by the loader; only `_write_atomically` and the directory listing change.
"""
from __future__ import annotations

import json
import os
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from crawlers.spiders.base import CrawlContext
from nordcat import dc
from nordcat.records import RawRecord
from nordcat.sources import Source
from warehouse.crawl_state import FULLTEXTS, Checkpoint, FrontierRequest, PageState, SavedFrontier

DONE = "_DONE"
CHECKPOINT_KEY = b"nordcat.checkpoint"

RECORDS = pa.schema([
    ("source", pa.string()), ("record_key", pa.string()), ("format", pa.string()), ("payload", pa.string()),
    ("metadata_json", pa.string()), ("content_hash", pa.string()), ("url", pa.string()),
    ("datestamp", pa.string()), ("deleted", pa.bool_()),
])


def new_attempt() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class LandingRun:
    """One source's run under the landing directory: its input and its attempts."""
    root: Path
    source: str
    run_id: str

    @property
    def path(self) -> Path:
        return Path(self.root) / self.source / self.run_id

    @property
    def input_path(self) -> Path:
        return self.path / "input.json"

    def attempt(self, attempt: str) -> Path:
        return self.path / attempt

    def attempts(self) -> list[Path]:
        """Every attempt of the run, oldest first."""
        if not self.path.is_dir():
            return []
        return sorted((p for p in self.path.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)

    def read_input(self) -> dict[str, Any]:
        if not self.input_path.is_file():
            raise FileNotFoundError(f"{self.input_path}: no input for this job: the writer exports it before "
                                    f"scheduling (nordcat nightly)")
        return json.loads(self.input_path.read_text(encoding="utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def write_json(path: Path, value: Any) -> None:
    _write_atomically(path, json.dumps(value, ensure_ascii=False, default=str, sort_keys=True).encode("utf-8"))


def complete(attempt_dir: Path, step: str = "") -> bool:
    return (attempt_dir / step / DONE).is_file()


# --- the writer's side: what a job starts from ------------------------------------------------

def export_input(warehouse, run: LandingRun, source: Source, context: CrawlContext, follows_links: bool) -> None:
    """Write the run's input.json from the warehouse (`context`: what crawlers.run.make_context
    read for an in-process crawl). Only what the source's spider reads is exported."""
    checkpoint = context.checkpoint
    pages = warehouse.load_pages(source.name).values() if follows_links else []
    state = {
        "run_id": run.run_id, "source": source.name, "kind": source.kind, "exported_at": datetime.now().isoformat(),
        "harvest_from": context.harvest_from, "full_harvest": context.full_harvest, "reconcile": context.reconcile,
        "record_id": context.record_id, "checkpoint": asdict(checkpoint) if checkpoint else None,
        "pages": [asdict(p) for p in pages],
        "frontier": frontier_json(warehouse.load_frontier(source.name)) if follows_links else None,
        "documents_found_on": warehouse.documents_found_on(source.name, "web-document") if source.kind == "web" else [],
        "fulltext": fulltext_state(warehouse, source) if source.fulltext else {"candidates": [], "settled": []},
    }
    write_json(run.input_path, state)


def frontier_json(saved: SavedFrontier | None) -> dict | None:
    """A crawl stopped at its max_runtime left this frontier: the job resumes from it."""
    if saved is None:
        return None
    return {"pending": [asdict(r) for r in saved.pending], "done": sorted(saved.done)}


def frontier_of(value: dict | None) -> SavedFrontier | None:
    if value is None:
        return None
    return SavedFrontier([FrontierRequest(**r) for r in value["pending"]], frozenset(value["done"]))


def fulltext_state(warehouse, source: Source) -> dict[str, list]:
    """The warehouse's full-text candidates in its order (each with whether it was tried before)
    and the URLs it will not ask again: with the records the job lands, the job's candidates."""
    known = warehouse.fulltext_urls(source.name)
    candidates = warehouse.fulltext_candidates(source.name)
    return {"candidates": [[url, url in known] for url in candidates],
            "settled": sorted(known - set(candidates))}


def context_of(state: dict[str, Any], store, raw_dir: Path) -> CrawlContext:
    """The CrawlContext an exported input.json describes."""
    checkpoint = state.get("checkpoint")
    return CrawlContext(store, state["run_id"], raw_dir, state.get("harvest_from"), bool(state.get("full_harvest")),
                        checkpoint=Checkpoint(**checkpoint) if checkpoint else None,
                        reconcile=bool(state.get("reconcile")), record_id=state.get("record_id"))


# --- the job's side: a CrawlStore over landing files ------------------------------------------

class LandingStore:
    """A job's CrawlStore (crawlers.spiders.base.CrawlStore): reads the exported input, lands
    records as Parquet parts, and keeps what it is told for output.json."""

    def __init__(self, state: dict[str, Any], out_dir: Path, crawl_dir: Path | None = None):
        self.state = state
        self.out_dir = out_dir
        self.crawl_dir = crawl_dir or out_dir  # the full-text step reads the crawl's records
        self.token = new_attempt()  # part names of this process: a second writer never overwrites one
        self.parts = 0
        self.seen: list[str] = []
        self.pages: dict[str, PageState] = {}
        self.frontier: dict | None | str = "kept"  # what the loader does with the source's frontier
        self._pending: list[RawRecord] | None = None
        self._checkpoint: Checkpoint | None = None

    # records and checkpoints: one part a transaction, the checkpoint in the part's metadata
    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._pending is not None:
            yield
            return
        self._pending, self._checkpoint = [], None
        try:
            yield
            if self._pending or self._checkpoint:
                self._write_part(self._pending, self._checkpoint)
        finally:
            self._pending, self._checkpoint = None, None

    def add_records(self, records: Iterable[RawRecord], *, run_id: str) -> int:
        records = list(records)
        with self.transaction():
            self._pending.extend(records)
        return len(records)  # landed; the loader counts the versions actually stored

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        with self.transaction():
            self._checkpoint = checkpoint

    def _write_part(self, records: list[RawRecord], checkpoint: Checkpoint | None) -> None:
        table = pa.Table.from_pylist([{name: getattr(r, name) for name in RECORDS.names} for r in records],
                                     schema=RECORDS)
        if checkpoint:
            table = table.replace_schema_metadata({CHECKPOINT_KEY: json.dumps(asdict(checkpoint)).encode()})
        self._write_table(self.out_dir / "records", table)

    def _write_table(self, folder: Path, table: pa.Table) -> None:
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        _write_atomically(folder / f"part-{self.parts:05d}-{self.token}.parquet", sink.getvalue().to_pybytes())
        self.parts += 1

    # state the spiders read: exported by the writer
    def load_pages(self, source: str) -> dict[str, PageState]:
        return {p["url"]: PageState(p["url"], p["etag"], p["last_modified"], p["record_key"], tuple(p["links"]))
                for p in self.state["pages"]}

    def documents_found_on(self, source: str, fmt: str) -> list[tuple[str, str | None]]:
        return [tuple(row) for row in self.state["documents_found_on"]]

    def fulltext_candidates(self, source: str) -> list[str]:
        """The warehouse's policy (Warehouse.fulltext_candidates) as it will stand once the job's
        records are loaded: URLs never tried first, by URL (those the job's records name among
        them), then the retries in the warehouse's order."""
        exported, settled = self.state["fulltext"]["candidates"], set(self.state["fulltext"]["settled"])
        listed = {url for url, _ in exported}
        untried = {url for url, tried in exported if not tried}
        untried |= {url for url in landed_fulltext_urls(self.crawl_dir) if url not in settled and url not in listed}
        return sorted(untried) + [url for url, tried in exported if tried]

    def load_frontier(self, source: str) -> SavedFrontier | None:
        return frontier_of(self.state.get("frontier"))

    # what the loader applies after the records
    def save_frontier(self, source: str, pending: list[FrontierRequest], done: Iterable[str]) -> None:
        self.frontier = frontier_json(SavedFrontier(list(pending), frozenset(done)))

    def clear_frontier(self, source: str) -> None:
        self.frontier = None

    def mark_seen(self, source: str, record_keys: list[str]) -> None:
        self.seen.extend(record_keys)

    def save_pages(self, source: str, pages: Iterable[PageState]) -> None:
        self.pages.update((p.url, p) for p in pages)

    def store_fulltexts(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._write_table(self.out_dir, pa.Table.from_pylist(rows, schema=FULLTEXTS))

    def finish(self, stats: dict[str, Any]) -> None:
        """output.json, then _DONE: the attempt is complete."""
        write_json(self.out_dir / "output.json", {
            "stats": stats, "seen": self.seen, "pages": [asdict(p) for p in self.pages.values()],
            "frontier": self.frontier})
        _write_atomically(self.out_dir / DONE, b"")


def landed_fulltext_urls(crawl_dir: Path) -> set[str]:
    """The first full-text URL of every live record the crawl landed."""
    urls = set()
    for table in record_parts(crawl_dir):
        for deleted, metadata in zip(table["deleted"].to_pylist(), table["metadata_json"].to_pylist()):
            named = None if deleted else json.loads(metadata).get(dc.FULLTEXT_URL)
            if named:
                urls.add(named[0])
    return urls


def part_paths(folder: Path) -> list[Path]:
    """Whole parts in the order they were written (sequence number, then writer)."""
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def record_parts(attempt_dir: Path) -> Iterator[pa.Table]:
    for path in part_paths(attempt_dir / "records"):
        yield pq.read_table(path)


def records_of(table: pa.Table) -> list[RawRecord]:
    return [RawRecord(**row) for row in table.to_pylist()]


def checkpoint_of(table: pa.Table) -> Checkpoint | None:
    metadata = table.schema.metadata or {}
    return Checkpoint(**json.loads(metadata[CHECKPOINT_KEY])) if CHECKPOINT_KEY in metadata else None


def page_states(rows: list[dict[str, Any]]) -> list[PageState]:
    return [PageState(p["url"], p["etag"], p["last_modified"], p["record_key"], tuple(p["links"])) for p in rows]


def elapsed(stats: dict[str, Any]) -> timedelta:
    return timedelta(seconds=float(stats.get("elapsed_time_seconds", 0.0)))
