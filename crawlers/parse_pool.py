"""OAI-PMH pages parsed in a second process, beside the crawl.

A harvest is a chain of pages, and its CPU time splits in two halves: the crawl (Scrapy, the
WARC archive, the warehouse) and the parse (lxml, the format mapping, serialising and hashing
each record: pure Python). In one process they take turns on one core. With the parse in a
process of its own, page n is parsed while page n+1 downloads and page n-1 is stored, and the
records come back ready for the warehouse, so the crawl process does no per-record work.

One worker, so pages come back in the order they were sent: a harvest checkpoint must never
run ahead of the records stored before it. The worker is spawned, not forked (the crawl
process has threads that may hold locks), and ends when the crawl process ends, even by kill -9.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from crawlers.parsers import oai
from nordcat.records import RawRecord, raw_record


@dataclass(slots=True)
class PreparedPage:
    """An OAI-PMH list page, parsed, with its records as the warehouse stores them."""
    error: tuple[str, str] | None  # (OAI error code, message): the page has nothing else
    response_date: str = ""
    token: str | None = None
    complete_list_size: int | None = None
    recovered: bool = False
    keys: tuple[str, ...] = ()      # every record's identifier, "" where the server left it out
    records: list[RawRecord] | None = None  # the records that have an identifier


def prepare_page(body: bytes, prefix: str, source: str) -> PreparedPage:
    """Parse a ListRecords page and prepare its records (runs in the worker; `nordcat reparse`
    calls it in process)."""
    try:
        page = oai.parse_page(body, prefix)
    except oai.OAIError as exc:
        return PreparedPage(error=(exc.code, exc.message))
    records = [oai_record(r, prefix, source) for r in page.records if r.identifier]
    return PreparedPage(None, page.response_date, page.token, page.complete_list_size, page.recovered,
                        tuple(r.identifier for r in page.records), records)


def oai_record(record: oai.OAIRecord, prefix: str, source: str) -> RawRecord:
    """An OAI record as the warehouse stores it: its dc-dict encoded and its payload hashed, once."""
    return raw_record(source=source, key=record.identifier, fmt=prefix, payload=record.xml,
                      metadata=record.metadata, datestamp=record.datestamp, deleted=record.deleted)


class ParsePool:
    """One parser process for one harvest. Start it early: a new interpreter takes a moment."""

    def __init__(self) -> None:
        self._executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_exit_with_parent, initargs=(os.getpid(),))
        with _main_module_hidden():
            self._executor.submit(int)  # spawns the worker now, while Identify is under way

    async def prepare(self, body: bytes, prefix: str, source: str) -> PreparedPage:
        return await asyncio.wrap_future(self._executor.submit(prepare_page, body, prefix, source))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Spawn runs the parent's main module again in a new worker, so that functions defined there
    unpickle. The worker runs this module's functions only, and the crawl's main module is the
    `nordcat` command line: typer, rich, pydantic and the config, half a second of imports before
    the first page could be parsed. Hidden (no __file__, no __spec__), the main module is not run
    again. Only while the worker is spawned: ProcessPoolExecutor.submit starts it synchronously."""
    main = sys.modules["__main__"]
    spec, path = main.__spec__, main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__spec__ = spec
        if path is not None:
            main.__file__ = path


def _exit_with_parent(parent: int) -> None:
    """In the worker: end when the crawl process is gone. A killed crawl never tells its pool,
    and an orphaned worker would wait for pages forever."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)
    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
