"""Run the spiders of several sources in one Scrapy process and judge each source's health.

A source fails when any request or parse step reported an error, when a full crawl yields
nothing, or when it holds fewer records than its `assertions.min_records`. A failed source
keeps everything earlier runs stored, and its OAI `from` does not advance.
"""
from __future__ import annotations

import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from crawlers import settings as default_settings
from crawlers.registry import Source
from crawlers.spiders import SPIDERS
from crawlers.spiders.base import CrawlContext
from warehouse.store import Warehouse


@dataclass
class SourceResult:
    source: str
    kind: str
    status: str = "ok"
    error: str | None = None
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


def scrapy_settings(log_level: str = "WARNING") -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    return settings


def crawl_sources(sources: list[Source], warehouse: Warehouse, data_dir: Path, run_id: str, *,
                  full_harvest: bool = False, log_level: str = "WARNING") -> list[SourceResult]:
    warehouse.close_crashed_runs()
    process = AsyncCrawlerProcess(scrapy_settings(log_level))
    crawlers = []
    for source in sources:
        spider_cls = SPIDERS[source.kind].for_source(source)
        harvest_from = warehouse.harvest_from(source.name) if spider_cls.incremental else None
        context = CrawlContext(warehouse, run_id, data_dir / "raw", harvest_from, full_harvest)
        warehouse.start_run(run_id, source.name, source.kind, harvest_from)
        crawler = process.create_crawler(spider_cls)
        process.crawl(crawler, source=source, context=context)
        crawlers.append((source, spider_cls, context, crawler))
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        process.start()
    finally:
        # Scrapy's shutdown handlers act on a reactor that has stopped: give Ctrl-C back
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    return [record_result(warehouse, run_id, source, spider_cls, context, crawler.stats.get_stats())
            for source, spider_cls, context, crawler in crawlers]


def judge(source: Source, spider_cls: type, context: CrawlContext, stats: dict[str, Any],
          held: int) -> str | None:
    """The reason this source's run failed, or None when it is healthy."""
    if stats.get("nordcat/error"):
        return str(stats["nordcat/error"])
    if stats.get("spider_exceptions/count"):
        return f"{stats['spider_exceptions/count']} exception(s) while parsing; see the log"
    seen = stats.get("nordcat/records", 0)
    incremental_run = spider_cls.incremental and context.harvest_from and not context.full_harvest
    if seen == 0 and not incremental_run:
        return "the source yielded no records"
    if spider_cls.incremental and not stats.get("nordcat/complete"):
        return "the harvest ended before its last page"
    count = held if spider_cls.incremental else seen
    if count < source.assertions.min_records:
        return f"{count} records, fewer than assertions.min_records = {source.assertions.min_records}"
    return None


def record_result(warehouse: Warehouse, run_id: str, source: Source, spider_cls: type,
                  context: CrawlContext, stats: dict[str, Any]) -> SourceResult:
    held = warehouse.held(source.name)
    error = judge(source, spider_cls, context, stats, held)
    changes = warehouse.run_changes(run_id, source.name)
    details = {k.removeprefix("nordcat/"): v for k, v in stats.items()
               if k.startswith("nordcat/") and k not in ("nordcat/error",)}
    details["robots_forbidden"] = stats.get("robotstxt/forbidden", 0)
    details["offsite_filtered"] = stats.get("offsite/filtered", 0)
    result = SourceResult(
        source=source.name, kind=source.kind, status="failed" if error else "ok", error=error,
        seen=stats.get("nordcat/records", 0), new=changes["new"], changed=changes["changed"],
        deleted=changes["deleted"], held=held, pages=stats.get("nordcat/pages", 0),
        parse_failures=stats.get("nordcat/parse_failures", 0), seconds=float(stats.get("elapsed_time_seconds", 0.0)), details=details)
    warehouse.finish_run(
        run_id, source.name, status=result.status, error=error, records_seen=result.seen,
        records_new=result.new, records_changed=result.changed, records_deleted=result.deleted,
        records_held=held, pages=result.pages, parse_failures=result.parse_failures,
        response_date=stats.get("nordcat/response_date"),
        harvest_complete=bool(stats.get("nordcat/complete")), details=details)
    return result
