"""The frontier of an HTML crawl, kept so that a crawl stopped by its `max_runtime` resumes.

When Scrapy's CLOSESPIDER_TIMEOUT (the source's max_runtime) closes an HTML spider, the spider
saves in the warehouse (crawl_frontier) the requests it had scheduled and not yet seen answered,
and the URLs it had seen answered. The next crawl of the source starts from those pending requests
instead of its start URLs, and follows no link to a URL answered before. A crawl that runs to its
end clears the frontier: the next one starts afresh.

A request counts as answered once its callback has yielded everything (or its errback has run),
so a page whose records may not have reached the warehouse stays pending: a frontier may make the
next run fetch a page again (its record is then not stored twice), never lose one.

Why not Scrapy's JOBDIR, which persists the scheduler's queue? Its duplicate filter marks a
request seen when it is queued, and closing the spider drops the requests in the downloader:
those in flight at the time limit would be lost for good (scrapy/core/engine.py close_spider:
the downloader closes, the scheduler saves only its queue). It also pickles requests into a
directory beside the warehouse, not with the records in one place; here the frontier is a table.
"""
from __future__ import annotations

from typing import Any, AsyncIterator, Iterable, Iterator

import scrapy
from scrapy import signals

from crawlers.middlewares import EXPECTS
from warehouse.crawl_state import FrontierRequest, SavedFrontier

STOPPED_AT_LIMIT = "closespider_timeout"  # Scrapy's finish_reason when CLOSESPIDER_TIMEOUT ends a crawl
RESUMED_META = (EXPECTS, "depth", "download_maxsize")  # what a resumed request must carry again


class Frontier:
    """Requests scheduled and not yet answered, and URLs answered, during one crawl of a source."""

    def __init__(self, saved: SavedFrontier | None):
        self.saved = saved
        self.done_before = saved.done if saved else frozenset()  # answered by the stopped crawls
        self.pending: dict[str, scrapy.Request] = {}
        self.done: set[str] = set()

    @property
    def resumed(self) -> bool:
        return self.saved is not None

    def scheduled(self, request: scrapy.Request) -> None:
        if request.url not in self.done:
            self.pending.setdefault(request.url, request)

    def dropped(self, request: scrapy.Request) -> None:
        """A duplicate the scheduler left out: the request queued first stays pending."""
        if self.pending.get(request.url) is request:
            del self.pending[request.url]

    def answered(self, request: scrapy.Request) -> None:
        for url in (request.url, *request.meta.get("redirect_urls", ())):
            self.pending.pop(url, None)
            self.done.add(url)

    def answered_before(self, request: scrapy.Request) -> bool:
        return not request.dont_filter and request.url in self.done_before

    def to_save(self) -> tuple[list[FrontierRequest], set[str]]:
        pending = [FrontierRequest(url, getattr(r.callback, "__name__", "parse"),
                                   {"dont_filter": r.dont_filter,
                                    **{k: r.meta[k] for k in RESUMED_META if k in r.meta}})
                   for url, r in sorted(self.pending.items())]
        return pending, self.done | self.done_before


def resumed_requests(spider: Any, saved: SavedFrontier) -> Iterator[scrapy.Request]:
    """The pending requests of a stopped crawl, made again by the spider (its middlewares add
    conditional-GET validators anew)."""
    for pending in saved.pending:
        meta = dict(pending.meta)
        dont_filter = meta.pop("dont_filter", False)
        expects = meta.pop(EXPECTS, "html")
        yield spider.request(pending.url, getattr(spider, pending.callback), expects=expects, meta=meta,
                             dont_filter=dont_filter)


class FrontierMiddleware:
    """Spider middleware: keeps the frontier of spiders that have one (`spider.frontier`) up to
    date, and leaves out links to URLs a stopped crawl of the source already answered."""

    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def frontier(self) -> Frontier | None:
        return getattr(self.crawler.spider, "frontier", None)

    def request_scheduled(self, request, spider=None) -> None:
        if frontier := self.frontier():
            frontier.scheduled(request)

    def request_dropped(self, request, spider=None) -> None:
        if frontier := self.frontier():
            frontier.dropped(request)

    def process_spider_output(self, response, result: Iterable[Any], spider=None) -> Iterator[Any]:
        frontier = self.frontier()
        for output in result:
            if not self._answered_before(frontier, output):
                yield output
        if frontier:
            frontier.answered(response.request)

    async def process_spider_output_async(self, response, result: AsyncIterator[Any], spider=None):
        frontier = self.frontier()
        async for output in result:
            if not self._answered_before(frontier, output):
                yield output
        if frontier:
            frontier.answered(response.request)

    def _answered_before(self, frontier: Frontier | None, output: Any) -> bool:
        if frontier and isinstance(output, scrapy.Request) and frontier.answered_before(output):
            self.crawler.stats.inc_value("nordcat/resumed_skipped_done")
            return True
        return False
