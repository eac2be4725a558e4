"""Run the spiders of several sources in one Scrapy process and judge each source's health.

A source fails when any request or parse step reported an error, when more than a fifth of its
pages lack their required fields, when a full crawl yields nothing, when an HTML source finds
fewer than half the records of its last healthy run, or when it holds fewer records than its
`assertions.min_records`. A failed source keeps everything earlier runs stored, and its OAI
`from` does not advance.

A source whose `max_runtime` ends its crawl (Scrapy's CLOSESPIDER_TIMEOUT) is `partial`, not
failed, unless it met an error before: its records are stored, its OAI checkpoint or HTML frontier
(crawlers/frontier.py) is kept, its `from` does not advance, and its next run resumes where it
stopped. The counts a healthy run must reach are judged when the resumed crawl comes to its end.

After a source's spider has finished well, its FulltextSpider fetches the PDFs its records link
(crawlers/spiders/fulltext.py) in the same process; what it meets is counted in the source's
result (`fulltexts`, `fulltext_failed`) but never fails the source.

This is `nordcat crawl`. `nordcat nightly` runs the same spiders as jobs that land files
(crawlers/dispatch.py, crawlers/jobs.py), and `record_result` judges each run when the files are
loaded (crawlers/load.py).
"""
from __future__ import annotations

import signal
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.settings import Settings

from crawlers import settings as default_settings
from crawlers.frontier import STOPPED_AT_LIMIT
from nordcat.sources import Source
from crawlers.spiders import SPIDERS
from crawlers.spiders.base import CrawlContext
from crawlers.spiders.fulltext import FulltextSpider
from warehouse.store import Warehouse, utcnow


@dataclass
class SourceResult:
    source: str
    kind: str
    status: str = "ok"
    error: str | None = None
    health: str = "ok"
    seen: int = 0
    new: int = 0
    changed: int = 0
    deleted: int = 0
    held: int = 0
    pages: int = 0
    parse_failures: int = 0
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def faults(self) -> str:
        """Transient faults met and survived (retries, waits), as 'name:count,...'."""
        return ",".join(f"{k.removeprefix('fault/')}:{v}" for k, v in sorted(self.details.items())
                        if k.startswith("fault/"))


def scrapy_settings(log_level: str = "WARNING", log_format: str = "text", run_id: str | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    settings.set("EXTENSIONS", {"crawlers.progress.CrawlProgress": 500}, priority="cmdline")
    settings.set("NORDCAT_LOG_FORMAT", log_format, priority="cmdline")
    settings.set("NORDCAT_RUN_ID", run_id, priority="cmdline")
    # The CLI hands Scrapy its spider classes; the job spiders (SPIDER_MODULES) are Scrapyd's, and
    # loading them imports every kind's spider with trafilatura, extruct and BeautifulSoup.
    settings.set("SPIDER_MODULES", [], priority="cmdline")
    if log_format == "json":
        # the CLI's JSON handler (nordcat/events.py) takes Scrapy's records: a handler of Scrapy's
        # own beside it would write every record twice, once as text
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    return settings


@dataclass(frozen=True)
class CrawlOptions:
    full_harvest: bool = False        # OAI: ignore the incremental `from`
    reconcile: bool | None = None     # OAI: list every identifier; None = when source.reconcile_days have passed
    record_id: str | None = None      # OAI: fetch one record (GetRecord)
    log_level: str = "WARNING"
    log_format: str = "text"          # json: log records and progress as JSON lines (nordcat/events.py)


def crawl_sources(sources: list[Source], warehouse: Warehouse, data_dir: Path, run_id: str,
                  options: CrawlOptions = CrawlOptions()) -> list[SourceResult]:
    warehouse.close_crashed_runs()
    process = AsyncCrawlerProcess(scrapy_settings(options.log_level, options.log_format, run_id))
    crawlers = []
    fulltexts: dict[str, Crawler] = {}  # source -> its full-text step, once started
    for source in sources:
        spider_cls = SPIDERS[source.kind].for_source(source)
        context = make_context(warehouse, data_dir, run_id, source, spider_cls, options)
        warehouse.start_run(run_id, source.name, source.kind, context.harvest_from)
        crawler = process.create_crawler(spider_cls)
        task = process.crawl(crawler, source=source, context=context)
        if source.fulltext and not options.record_id:
            task.add_done_callback(lambda _, c=crawler, s=source, x=context: fetch_fulltexts(
                process, c, s, x, fulltexts))
        crawlers.append((source, spider_cls, context, crawler))
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        process.start()
    finally:
        # Scrapy's shutdown handlers act on a reactor that has stopped: give Ctrl-C back
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    return [record_result(warehouse, run_id, source, spider_cls, context, crawler.stats.get_stats(),
                          fulltexts[source.name].stats.get_stats() if source.name in fulltexts else {})
            for source, spider_cls, context, crawler in crawlers]


def fetch_fulltexts(process: AsyncCrawlerProcess, crawler: Crawler, source: Source, context: CrawlContext,
                    started: dict[str, Crawler]) -> None:
    """Start the source's full-text step once its spider has finished well: not after an error
    (a server in trouble gets no more requests; its PDFs come on a later run) nor on shutdown."""
    stats = crawler.stats
    if stats.get_value("finish_reason") != "finished" or stats.get_value("nordcat/error"):
        return
    started[source.name] = process.create_crawler(FulltextSpider.for_source(source))
    process.crawl(started[source.name], source=source, context=context)


def make_context(warehouse: Warehouse, data_dir: Path, run_id: str, source: Source, spider_cls: type,
                 options: CrawlOptions) -> CrawlContext:
    incremental = spider_cls.incremental and not options.record_id
    harvest_from = warehouse.harvest_from(source.name) if incremental else None
    reconcile = options.reconcile
    if reconcile is None:
        last = warehouse.last_reconciled(source.name)
        reconcile = last is None or utcnow() - last >= timedelta(days=source.reconcile_days)
    return CrawlContext(
        warehouse, run_id, data_dir / "raw", harvest_from, options.full_harvest,
        checkpoint=warehouse.load_checkpoint(source.name) if incremental else None,
        reconcile=reconcile and incremental, record_id=options.record_id)


MAX_PARSE_FAILURE_RATE = 0.2  # of the pages fetched: more means the site's markup has changed


def judge(source: Source, spider_cls: type, context: CrawlContext, stats: dict[str, Any],
          held: int, last_ok_records: int | None = None, partial_before: int = 0) -> str | None:
    """The reason this source's run failed, or None when it is healthy. `last_ok_records`: the
    records of the source's last healthy run (Warehouse.last_ok_records); `partial_before`: the
    records of the runs stopped at max_runtime that this HTML run resumes. A run stopped at its
    max_runtime is judged on its errors and parse failures only: its counts are a part."""
    if stats.get("nordcat/error"):
        return str(stats["nordcat/error"])
    if stats.get("spider_exceptions/count"):
        return f"{stats['spider_exceptions/count']} exception(s) while parsing; see the log"
    # A page that answered 304 Not Modified still holds the record it held: it counts as seen.
    seen = stats.get("nordcat/records", 0) + stats.get("nordcat/not_modified", 0)
    if context.record_id:
        return None if seen else f"the source did not return record {context.record_id}"
    failures, fetched = stats.get("nordcat/parse_failures", 0), stats.get("nordcat/fetched", 0)
    if fetched and failures / fetched > MAX_PARSE_FAILURE_RATE:
        example = (stats.get("nordcat/parse_failure_urls") or ["?"])[0]
        return (f"{failures} of {fetched} pages lack required fields ({failures / fetched:.0%}, more than "
                f"{MAX_PARSE_FAILURE_RATE:.0%}): has the site changed? e.g. {example}")
    if stopped_at_limit(stats):
        return None
    seen += partial_before
    incremental_run = spider_cls.incremental and context.harvest_from and not context.full_harvest
    if seen == 0 and not incremental_run and not stats.get("nordcat/resumed_at_page"):
        return "the source yielded no records"
    if spider_cls.incremental and not stats.get("nordcat/complete"):
        return "the harvest ended before its last page"
    if not spider_cls.incremental and last_ok_records and seen * 2 < last_ok_records:
        return (f"{seen} records, fewer than half of the {last_ok_records} of the last healthy run: "
                f"has the site changed or shut us out?")
    count = held if spider_cls.incremental else seen
    if count < source.assertions.min_records:
        return f"{count} records, fewer than assertions.min_records = {source.assertions.min_records}"
    return None


def stopped_at_limit(stats: dict[str, Any]) -> bool:
    """Whether the source's max_runtime ended this crawl (Scrapy's CLOSESPIDER_TIMEOUT)."""
    return stats.get("finish_reason") == STOPPED_AT_LIMIT


def run_status(error: str | None, stats: dict[str, Any]) -> str:
    """failed; partial: stopped at its max_runtime, healthy so far, resumed by the next run; ok."""
    if error:
        return "failed"
    return "partial" if stopped_at_limit(stats) else "ok"


DEAD_SIGNS = ("DNSLookupError", "ConnectionRefused", "NoRouteError", "HTTP 404", "HTTP 410")


def health(error: str | None, stats: dict[str, Any]) -> str:
    """ok / moved / dead / failing: what the catalogue shows about a source that went dark."""
    if error is None:
        return "moved" if stats.get("nordcat/moved_to") else "ok"
    if not stats.get("nordcat/pages") and any(sign in error for sign in DEAD_SIGNS):
        return "dead"
    return "failing"


def settle_harvest(warehouse: Warehouse, run_id: str, source: Source, context: CrawlContext,
                   stats: dict[str, Any]) -> bool:
    """After a healthy harvest: drop its checkpoint, entomb what a full listing did not list.
    Returns whether the run reconciled the source."""
    if context.record_id or not stats.get("nordcat/complete"):
        return False
    warehouse.clear_checkpoint(source.name)
    listed_all = stats.get("nordcat/full_listing") or stats.get("nordcat/listed_all")
    if listed_all:
        warehouse.entomb_vanished(run_id, source.name)
    return bool(listed_all)


# Requests that Scrapy's own middlewares leave out, reported with nordcat's skips
SCRAPY_SKIPS = {"offsite": "offsite/filtered", "depth": "depth/request_ignored_count"}


def fulltext_details(stats: dict[str, Any]) -> dict[str, Any]:
    """What the full-text step adds to a source's details: texts stored and PDFs that failed
    (always, 0 when it did not run), PDFs left for later runs by the cap, and its skips and
    faults under the source's own as skipped/fulltext_* and fault/fulltext_*."""
    details = {"fulltexts": stats.get("nordcat/fulltexts", 0),
               "fulltext_failed": stats.get("nordcat/fulltext_failed", 0)}
    if stats.get("nordcat/fulltext_deferred"):
        details["fulltext_deferred"] = stats["nordcat/fulltext_deferred"]
    for key, value in stats.items():
        for prefix in ("nordcat/skipped/", "nordcat/fault/"):
            if key.startswith(prefix):
                details[f"{prefix.removeprefix('nordcat/')}fulltext_{key.removeprefix(prefix)}"] = value
    return details


def record_result(warehouse: Warehouse, run_id: str, source: Source, spider_cls: type,
                  context: CrawlContext, stats: dict[str, Any],
                  fulltext: dict[str, Any] | None = None) -> SourceResult:
    resumed_frontier = "nordcat/resumed_frontier" in stats
    error = judge(source, spider_cls, context, stats, warehouse.held(source.name),
                  warehouse.last_ok_records(source.name),
                  warehouse.partial_records(source.name) if resumed_frontier else 0)
    reconciled = error is None and spider_cls.incremental and settle_harvest(warehouse, run_id, source, context, stats)
    held = warehouse.held(source.name)
    changes = warehouse.run_changes(run_id, source.name)
    details = {k.removeprefix("nordcat/"): v for k, v in stats.items()
               if k.startswith("nordcat/") and k not in ("nordcat/error",)}
    for reason, counter in SCRAPY_SKIPS.items():
        if stats.get(counter):
            details[f"skipped/{reason}"] = stats[counter]
    details.update(fulltext_details(fulltext or {}))
    if stopped_at_limit(stats):
        details["stopped"] = f"max_runtime {source.max_runtime}: resumes next run"
    result = SourceResult(
        source=source.name, kind=source.kind, status=run_status(error, stats), error=error,
        health=health(error, stats), seen=stats.get("nordcat/records", 0), new=changes["new"],
        changed=changes["changed"], deleted=changes["deleted"], held=held, pages=stats.get("nordcat/pages", 0),
        parse_failures=stats.get("nordcat/parse_failures", 0),
        seconds=float(stats.get("elapsed_time_seconds", 0.0)), details=details)
    warehouse.finish_run(
        run_id, source.name, status=result.status, health=result.health, error=error, records_seen=result.seen,
        records_new=result.new, records_changed=result.changed, records_deleted=result.deleted,
        records_held=held, pages=result.pages, parse_failures=result.parse_failures,
        response_date=None if context.record_id else stats.get("nordcat/response_date"),
        harvest_complete=bool(stats.get("nordcat/complete")) and not context.record_id,
        reconciled=bool(reconciled), details=details)
    return result
