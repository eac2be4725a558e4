"""`nordcat reparse`: parse the archived responses again, without a single request.

Every response that gave records is in DATA/raw/<source>/<run>.warc.gz, every full-text answer in
<run>.fulltext.warc.gz (crawlers/archive.py). Reparse reads a source's archives in run order and
hands each response, rebuilt as Scrapy built it (same class, URL, status, headers and body), to the
spider's own parse code: `parse` of the HTML kinds (parse_page and the record it makes),
the OAI-PMH page parser with the metadata prefix of the harvest (from the archived URL, carried
over to the resumption-token pages that follow), NVA's parse_search and parse_publication. A
fresh spider reads each run's archive, as a fresh spider crawled it. Discovery pages were never
archived, so nothing needs following.

A new record version is stored only where the parse differs from what the warehouse holds, and
never over a version that a later run stored (Warehouse.add_reparsed). PDF texts are extracted
again from the archived PDFs. The run is a crawl_runs row of kind 'reparse' (status 'reparsed',
or 'failed'), so lineage tells reparsed versions apart; it says nothing about a source's health.
`nordcat build` and `nordcat publish` then bring the catalogue up to date.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import MemoryStatsCollector
from warcio.archiveiterator import ArchiveIterator

from crawlers.fulltext import describe, examine
from crawlers.parse_pool import prepare_page
from crawlers.parsers import oai
from nordcat.records import RawRecord
from nordcat.sources import Source
from crawlers.run import SourceResult, scrapy_settings
from crawlers.spiders import SPIDERS
from crawlers.spiders.base import CrawlContext, SourceSpider
from warehouse.store import Warehouse

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
FULLTEXT_BATCH_SIZE = 200  # rows carry up to a million characters of text each
FULLTEXT_SUFFIX = ".fulltext.warc.gz"
PAGE_SUFFIX = ".warc.gz"
RUN_KIND = "reparse"


@dataclass
class Archived:
    """One archived response."""
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: datetime  # when it was archived, right after it was fetched

    def response(self) -> Response:
        """The response as Scrapy built it from the wire: the class its headers and body call for."""
        headers = Headers(self.headers)
        cls = responsetypes.from_args(headers=headers, url=self.url, body=self.body)
        return cls(url=self.url, status=self.status, headers=headers, body=self.body,
                   request=scrapy.Request(self.url))


def read_archive(path: Path) -> Iterator[Archived]:
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            http = record.http_headers
            date = record.rec_headers.get_header("WARC-Date")
            yield Archived(record.rec_headers.get_header("WARC-Target-URI"), int(http.get_statuscode()),
                           list(http.headers), record.content_stream().read(),
                           datetime.fromisoformat(date.replace("Z", "+00:00")).replace(tzinfo=None))


def archives(raw_dir: Path, source: str) -> tuple[list[Path], list[Path]]:
    """(page archives, full-text archives) of a source, each in run order (run ids sort by time)."""
    folder = raw_dir / source
    files = sorted(folder.glob(f"*{PAGE_SUFFIX}")) if folder.is_dir() else []
    fulltexts = [f for f in files if f.name.endswith(FULLTEXT_SUFFIX)]
    return [f for f in files if f not in fulltexts], fulltexts


def run_of(path: Path) -> str:
    return path.name.removesuffix(FULLTEXT_SUFFIX).removesuffix(PAGE_SUFFIX)


# --- the spider's own parse code, offline -----------------------------------------------------------

def offline_spider(source: Source, context: CrawlContext) -> SourceSpider:
    """The source's spider, as a crawl creates it, with stats but no engine: its requests are
    never sent. Its start() runs to the end, for the state parse callbacks read (NVA's API base)."""
    spider_cls = SPIDERS[source.kind].for_source(source)
    crawler = Crawler(spider_cls, scrapy_settings())
    crawler.stats = MemoryStatsCollector(crawler)
    spider = spider_cls.from_crawler(crawler, source=source, context=context)

    async def run_start() -> None:
        async for _request in spider.start():
            pass

    asyncio.run(run_start())
    return spider


class KindReparser:
    """Records of one archived response, by the spider of the source's kind. One per source
    and reparse: it may carry state from run to run (the OAI prefix)."""

    def records(self, spider: SourceSpider, archived: Archived) -> list[RawRecord]:
        raise NotImplementedError


class HtmlReparser(KindReparser):
    """dspace-html, docplayer, web: the spider's parse(), which calls parse_page and makes the
    record; the links it would follow are dropped."""

    def records(self, spider, archived):
        items = [out for out in spider.parse(archived.response()) if isinstance(out, dict)]
        return [record for item in items for record in item["records"]]


class OaiReparser(KindReparser):
    """A ListRecords or GetRecord page, with the prefix its harvest asked for, prepared as the
    harvest's parser process prepares a ListRecords page (crawlers.parse_pool.prepare_page)."""

    def __init__(self, source: Source):
        self.prefix = source.metadata_prefix

    def records(self, spider, archived):
        asked = parse_qs(urlsplit(archived.url).query).get("metadataPrefix")
        self.prefix = asked[0] if asked else self.prefix
        if not self.prefix:
            raise oai.OAIError("noMetadataPrefix", "no metadataPrefix in this page's URL nor in an earlier one")
        page = prepare_page(archived.body, self.prefix, spider.name)
        if page.error:
            raise oai.OAIError(*page.error)
        return page.records


class NvaReparser(KindReparser):
    """Search pages, and the detail fetches of hits whose contributors the search cut short
    (parse_publication needs the hit: the search page that asked for it comes first)."""

    def __init__(self, source: Source):
        self.hits: dict[str, dict[str, Any]] = {}  # publication identifier -> its search hit

    def records(self, spider, archived):
        response = archived.response()
        path = urlsplit(archived.url).path
        if "/publication/" in path:
            identifier = path.rstrip("/").rsplit("/", 1)[-1]
            hit = self.hits.get(identifier)
            if hit is None:
                raise LookupError(f"no archived search hit for publication {identifier}")
            outputs = list(spider.parse_publication(response, hit=hit))
        else:
            outputs = list(spider.parse_search(response))
        for out in outputs:
            if isinstance(out, scrapy.Request) and "hit" in out.cb_kwargs:
                self.hits[out.cb_kwargs["hit"]["identifier"]] = out.cb_kwargs["hit"]
        return [record for out in outputs if isinstance(out, dict) for record in out["records"]]


def reparser_for(source: Source) -> KindReparser:
    if source.kind == "oai-pmh":
        return OaiReparser(source)
    if source.kind == "nva":
        return NvaReparser(source)
    return HtmlReparser()


# --- one source ------------------------------------------------------------------------------------

def reparse_source(source: Source, warehouse: Warehouse, raw_dir: Path, run_id: str,
                   problems: list[str]) -> Counter:
    """Parse every archived response of the source again into the warehouse; the counts. What
    no longer parses is added to `problems`."""
    pages, fulltexts = archives(raw_dir, source.name)
    if not pages and not fulltexts:
        problems.append(f"no archived responses in {raw_dir / source.name}: crawl the source first")
        return Counter()
    counts: Counter = Counter(archives=len(pages) + len(fulltexts))
    reparser = reparser_for(source)
    for path in pages:
        spider = offline_spider(source, CrawlContext(warehouse, run_id, raw_dir))
        reparse_pages(path, spider, reparser, warehouse, run_id, counts, problems)
        stats = spider.crawler.stats
        counts["parse_failures"] += stats.get_value("nordcat/parse_failures", 0)
        if stats.get_value("nordcat/error"):
            problems.append(stats.get_value("nordcat/error"))
    for path in fulltexts:
        reextract(path, source.name, warehouse, run_id, counts)
    return counts


def reparse_pages(path: Path, spider: SourceSpider, reparser: KindReparser, warehouse: Warehouse,
                  run_id: str, counts: Counter, problems: list[str]) -> None:
    """One run's archive, stored in batches; a response that no longer parses is a problem and
    the others go on, as a crawl treats a callback that raises."""
    parsed_from, batch, batch_date = run_of(path), [], None
    for archived in read_archive(path):
        try:
            records = reparser.records(spider, archived)
        except Exception as exc:  # a parser error of any kind: the source's reparse fails, not the command
            problems.append(f"{describe(exc)} ({archived.url})")
            continue
        counts["pages"] += 1
        counts["seen"] += len(records)
        batch.extend(records)
        batch_date = batch_date or archived.date
        if len(batch) >= BATCH_SIZE:
            warehouse.add_reparsed(batch, run_id=run_id, parsed_from=parsed_from, fetched_at=batch_date)
            batch, batch_date = [], None
    if batch:
        warehouse.add_reparsed(batch, run_id=run_id, parsed_from=parsed_from, fetched_at=batch_date)


def reextract(path: Path, source: str, warehouse: Warehouse, run_id: str, counts: Counter) -> None:
    """The PDFs of one run's full-text archive, judged and extracted again."""
    rows = []
    for archived in read_archive(path):
        result = examine(archived.status, archived.body)
        counts["fulltexts" if result.status == "ok" else "fulltext_failed"] += 1
        rows.append(result.row(source=source, url=archived.url, run_id=run_id, fetched_at=archived.date))
        if len(rows) >= FULLTEXT_BATCH_SIZE:
            warehouse.store_fulltexts(rows)
            rows = []
    warehouse.store_fulltexts(rows)


# --- every source ----------------------------------------------------------------------------------

def reparse_sources(sources: list[Source], warehouse: Warehouse, data_dir: Path, run_id: str) -> list[SourceResult]:
    """Reparse each source; a source without archive, or whose archive no longer parses, fails
    (the others are still reparsed)."""
    warehouse.close_crashed_runs()
    return [reparse_one(source, warehouse, data_dir / "raw", run_id) for source in sources]


def reparse_one(source: Source, warehouse: Warehouse, raw_dir: Path, run_id: str) -> SourceResult:
    warehouse.start_run(run_id, source.name, RUN_KIND)
    started = time.monotonic()
    problems: list[str] = []
    counts = reparse_source(source, warehouse, raw_dir, run_id, problems)
    error = f"{problems[0]} (and {len(problems) - 1} more)" if len(problems) > 1 else (problems or [None])[0]
    changes = warehouse.run_changes(run_id, source.name)
    held = warehouse.held(source.name)
    details = {"reparse": True, **counts}
    result = SourceResult(
        source=source.name, kind=RUN_KIND, status="failed" if error else "ok", error=error, health="n/a",
        seen=counts["seen"], new=changes["new"], changed=changes["changed"], deleted=changes["deleted"],
        held=held, pages=counts["pages"], parse_failures=counts["parse_failures"],
        seconds=time.monotonic() - started, details=details)
    warehouse.finish_run(
        run_id, source.name, status="failed" if error else "reparsed", error=error, records_seen=result.seen,
        records_new=result.new, records_changed=result.changed, records_deleted=result.deleted,
        records_held=held, pages=result.pages, parse_failures=result.parse_failures, details=details)
    if error:
        logger.error("%s: reparse failed: %s", source.name, error)
    return result
