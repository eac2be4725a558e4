"""Base spiders. A source spider chooses behaviour through the class attributes of its base.

Every spider crawls exactly one source file. It yields one item per fetched page that holds
records ({"response", "records"}), each record a nordcat.records.RawRecord made by `raw_record`;
the WarehousePipeline archives the response and loads the records. Failures are counted in the crawler stats under `nordcat/*`, which the run report reads:
a source fails on any error, and a page that lacks its required fields is a parse failure.
Requests left out on purpose (robots.txt, traps, caps: crawlers.middlewares.Skipped) are counted
as skips, not errors, unless they are the source's own.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.frontier import STOPPED_AT_LIMIT, Frontier, resumed_requests
from crawlers.middlewares import EXPECTS, KNOWN_PAGE, Skipped
from nordcat import dc
from nordcat.records import RawRecord, raw_record
from nordcat.sources import Source
from nordcat.urls import canonical_url
from warehouse.crawl_state import Checkpoint, FrontierRequest, PageState, SavedFrontier

logger = logging.getLogger(__name__)


class CrawlStore(Protocol):
    """What spiders and pipelines read and write: the Warehouse itself when a crawl runs in the
    writer's process (`nordcat crawl`), a crawlers.landing.LandingStore in a job, which never
    opens the warehouse and lands files that `nordcat load` ingests."""

    def transaction(self): ...
    def add_records(self, records: list[RawRecord], *, run_id: str) -> int: ...
    def save_checkpoint(self, checkpoint: Checkpoint) -> None: ...
    def mark_seen(self, source: str, record_keys: list[str]) -> None: ...
    def load_pages(self, source: str) -> dict[str, PageState]: ...
    def save_pages(self, source: str, pages: Iterable[PageState]) -> None: ...
    def documents_found_on(self, source: str, fmt: str) -> list[tuple[str, str | None]]: ...
    def fulltext_candidates(self, source: str) -> list[str]: ...
    def store_fulltexts(self, rows: list[dict[str, Any]]) -> None: ...
    # an HTML crawl stopped at its max_runtime resumes from its frontier (crawlers/frontier.py)
    def load_frontier(self, source: str) -> SavedFrontier | None: ...
    def save_frontier(self, source: str, pending: list[FrontierRequest], done: Iterable[str]) -> None: ...
    def clear_frontier(self, source: str) -> None: ...


@dataclass
class CrawlContext:
    """What a spider needs from the run around it."""
    store: CrawlStore
    run_id: str
    raw_dir: Path
    harvest_from: str | None = None  # OAI: the server's responseDate of the last complete harvest
    full_harvest: bool = False       # OAI: ignore harvest_from
    checkpoint: Checkpoint | None = None  # OAI: where an interrupted harvest stopped
    reconcile: bool = False          # OAI: also list every identifier to find vanished records
    record_id: str | None = None     # OAI: fetch this one record (GetRecord) instead of harvesting


def politeness_settings(source: Source) -> dict[str, Any]:
    """The source file's politeness as Scrapy settings."""
    polite = source.politeness
    return {
        "DOWNLOAD_DELAY": polite.delay,
        # delay 0 is for servers we run ourselves (demo, tests, benchmarks): no throttling
        "AUTOTHROTTLE_ENABLED": polite.delay > 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": polite.concurrency,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(polite.concurrency),
        "AUTOTHROTTLE_START_DELAY": max(polite.delay, 0.05),
    }


class SourceSpider(scrapy.Spider):
    """One source file, crawled politely within its allow-list."""

    kind: str = ""            # the registry kind this spider serves
    incremental: bool = False  # True: a run may legitimately bring nothing new
    follows_links: bool = False  # True: links found on pages are followed (trap guards, conditional GET)

    def __init__(self, source: Source, context: CrawlContext, **kwargs: Any):
        super().__init__(name=source.name, **kwargs)
        self.source = source
        self.context = context
        self.allowed_domains = source.hosts
        self.named_netlocs = source.named_netlocs

    @classmethod
    def for_source(cls, source: Source) -> type[SourceSpider]:
        """A subclass carrying the source's politeness as Scrapy settings."""
        settings = {
            **(cls.custom_settings or {}), **politeness_settings(source),
            # the source's max_runtime: Scrapy closes the spider (finish_reason closespider_timeout),
            # the run is partial and the next resumes it (OAI: its checkpoint; HTML: crawlers/frontier.py)
            "CLOSESPIDER_TIMEOUT": source.max_runtime_seconds or 0,
        }
        return type(cls.__name__, (cls,), {"custom_settings": settings, "name": source.name})

    # --- what spiders call ------------------------------------------------------------------

    def page_item(self, response: Response, records: list[RawRecord]) -> dict[str, Any]:
        stats = self.crawler.stats
        stats.inc_value("nordcat/pages")
        stats.inc_value("nordcat/records", len(records))
        return {"response": response, "records": records}

    def fail(self, message: str, url: str | None = None) -> None:
        """An error that makes this source's run fail; the first one is kept as its reason."""
        stats = self.crawler.stats
        stats.inc_value("nordcat/errors")
        text = f"{message} ({url})" if url else message
        if not stats.get_value("nordcat/error"):
            stats.set_value("nordcat/error", text)
        logger.error("%s: %s", self.name, text)

    def parse_failure(self, url: str, missing: list[str]) -> None:
        """A page of the expected kind lacks required fields: the site may have changed."""
        stats = self.crawler.stats
        stats.inc_value("nordcat/parse_failures")
        examples = stats.get_value("nordcat/parse_failure_urls") or []
        if len(examples) < 20:
            stats.set_value("nordcat/parse_failure_urls", [*examples, f"{url} missing {', '.join(missing)}"])
        logger.warning("%s: %s lacks %s", self.name, url, ", ".join(missing))

    def on_error(self, failure: Failure) -> None:
        """Errback of every request: a failed download fails the source, with the reason.

        A followed link that is gone (404/410) is a broken link on the site, counted but not
        fatal; the same answer to a start URL means the source itself is gone. A skipped request
        was counted where it was skipped; only the source's own requests may not be skipped.
        """
        request = getattr(failure, "request", None)
        url = request.url if request is not None else None
        response = getattr(failure.value, "response", None)
        if failure.check(Skipped):
            if request is not None and request.dont_filter:
                self.fail(str(failure.value), url)
        elif response is not None and response.status in (404, 410) and request.meta.get("depth", 0) > 0:
            self.crawler.stats.inc_value("nordcat/broken_links")
            logger.info("%s: broken link %s (HTTP %s)", self.name, url, response.status)
        elif response is not None:
            self.fail(f"HTTP {response.status}", url)
        else:
            self.fail(f"{type(failure.value).__name__}: {failure.getErrorMessage()}", url)

    def request(self, url: str, callback, **kwargs: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.on_error, **kwargs)


class HtmlSourceSpider(SourceSpider):
    """Sources made of HTML pages: discovery pages are followed, record pages are archived.

    Subclasses implement `parse_page`, which returns a PageRecord (crawlers.parsers.html) for a page.
    A record page must give the fields its kind requires (PageRecord.missing), and a discovery page
    the source file names (a start URL) at least one link, or it is a parse failure; a followed
    listing may be empty (a collection without items). URLs are canonical
    (crawlers.middlewares.canonical_url) in requests, record keys and page state alike. A record
    page that came with an ETag or a Last-Modified is remembered (warehouse/crawl_state.py); the next
    run asks it "changed since?", and one that answers 304 is neither downloaded nor parsed.
    """

    record_format: str = ""
    follows_links = True

    def __init__(self, source: Source, context: CrawlContext, **kwargs: Any):
        super().__init__(source, context, **kwargs)
        self.known_pages = context.store.load_pages(source.name)  # earlier runs' record pages
        self.remembered: dict[str, PageState] = {}  # this run's record pages, saved when the spider closes
        self.unchanged_keys: list[str] = []         # records of the pages that answered 304
        self.frontier = Frontier(context.store.load_frontier(source.name))  # a stopped crawl's

    async def start(self):
        """The start URLs, or where a crawl stopped by its max_runtime left off."""
        if self.frontier.resumed:
            self.crawler.stats.set_value("nordcat/resumed_frontier", len(self.frontier.saved.pending))
            for request in resumed_requests(self, self.frontier.saved):
                yield request
            return
        async for request in self.first_requests():
            yield request

    async def first_requests(self):
        for url in self.source.start_urls:
            yield self.request(str(url), self.parse, dont_filter=True)

    def request(self, url: str, callback, *, expects: str = "html", **kwargs: Any) -> scrapy.Request:
        """A request for the canonical URL, expecting a body of type `expects` (html, xml)."""
        meta = {**kwargs.pop("meta", {}), EXPECTS: expects}
        return super().request(canonical_url(url), callback, meta=meta, **kwargs)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if response.status == 304:
            yield from self.not_modified(response)
            return
        page = self.parse_page(response)
        if page.missing and (page.is_record or response.request.dont_filter):
            self.parse_failure(response.url, page.missing)
        for link in page.links:
            yield self.request(link, self.parse)
        if page.is_record and not page.missing:
            yield self.record_item(response, page)

    def parse_page(self, response: Response):
        raise NotImplementedError

    def not_modified(self, response: Response) -> Iterator[scrapy.Request]:
        """A record page unchanged since it was stored: its record is still there, and its links
        are followed as the last run found them."""
        known: PageState = response.meta[KNOWN_PAGE]
        self.crawler.stats.inc_value("nordcat/not_modified")
        self.unchanged_keys.append(known.record_key)
        for link in known.links:
            yield self.request(link, self.parse)

    def record_item(self, response: Response, page) -> dict[str, Any]:
        url = (page.metadata.get(dc.URL) or [response.url])[0]
        key = canonical_url(url)
        modified, etag = header(response, "Last-Modified"), header(response, "ETag")
        if modified or etag:
            page_url = canonical_url(response.url)
            self.remembered[page_url] = PageState(page_url, etag, modified, key, tuple(page.links))
        return self.page_item(response, [raw_record(
            source=self.name, key=key, url=url, fmt=self.record_format, payload=response.text,
            metadata=page.metadata, datestamp=modified)])

    def on_error(self, failure: Failure) -> None:
        super().on_error(failure)
        if getattr(failure, "request", None) is not None:
            self.frontier.answered(failure.request)  # errbacks bypass the spider middlewares

    def closed(self, reason: str) -> None:
        """Runs after the item pipeline has stored this run's records (Scrapy closes it first).
        A crawl stopped at its max_runtime saves its frontier; one that ran to its end clears it."""
        self.context.store.save_pages(self.name, self.remembered.values())
        self.context.store.mark_seen(self.name, self.unchanged_keys)
        if reason == STOPPED_AT_LIMIT:
            self.context.store.save_frontier(self.name, *self.frontier.to_save())
        elif reason == "finished":
            self.context.store.clear_frontier(self.name)


def header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
