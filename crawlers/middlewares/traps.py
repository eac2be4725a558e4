"""Trap guards for link-following crawls: depth, a page cap, repeating path segments, calendar-like
and pagination parameter explosions."""
from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

from crawlers.middlewares.allow_list import outside_allow_list
from crawlers.middlewares.common import CrawlerComponent, is_robots_txt
from crawlers.middlewares.skips import follows_links, skip
from nordcat.urls import canonical_url


# page numbers; not "p", which WordPress gives post ids
_PAGE_PARAMETERS = frozenset({"page", "pg", "pageno", "page_no", "pagenum", "paged", "side", "sida", "sivu"})
_DATE_PARAMETERS = frozenset({"date", "day", "week", "month", "year", "cal", "calendar",
                              "dato", "datum", "dag", "uke", "uge", "vecka"})
_DATE_VALUE = re.compile(r"\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")


def repeated_segments(path: str, times: int) -> bool:
    """A run of path segments repeated `times` times in a row (/a/a/a, /a/b/a/b/a/b): what a
    relative link that resolves one level deeper on every page builds."""
    segments = [segment for segment in path.split("/") if segment]
    for size in range(1, len(segments) // times + 1):
        for start in range(len(segments) - size * times + 1):
            block = segments[start:start + size]
            if all(segments[start + k * size:start + (k + 1) * size] == block for k in range(1, times)):
                return True
    return False


def page_number(query: list[tuple[str, str]]) -> int:
    """The highest page number in a query (?page=12), 0 when it has none."""
    return max((int(value) for name, value in query if name.lower() in _PAGE_PARAMETERS and value.isdigit()),
               default=0)


def calendar_dates(parts: SplitResult, query: list[tuple[str, str]]) -> tuple[tuple, tuple] | None:
    """(shape, dates) of a calendar-like URL: its host, path and parameter names, and the
    values of its date parameters (a date-like value, or a number under a date-like name)."""
    dates = tuple(value for name, value in query if _DATE_VALUE.fullmatch(value)
                  or (name.lower() in _DATE_PARAMETERS and value.isdigit()))
    if not dates:
        return None
    return (parts.netloc.lower(), parts.path, tuple(sorted(name for name, _ in query))), dates


class TrapGuard(CrawlerComponent):
    """Keeps a link-following crawl finite where DEPTH_LIMIT alone would not.

    Followed links (never the source's own requests) are refused when their path repeats a run of
    segments NORDCAT_TRAP_SEGMENT_REPEATS times in a row, when they page beyond
    NORDCAT_TRAP_MAX_PAGE_NUMBER, or when one calendar-like URL (same path and parameters) has
    already been met with NORDCAT_TRAP_DATE_VARIANTS different dates: a calendar links to the next
    month for ever. These are checked when a request is scheduled, as Scrapy's offsite filter does.
    Whatever URL rules miss, the source's `max_pages` bounds: no more distinct pages are fetched.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self.segment_repeats = settings.getint("NORDCAT_TRAP_SEGMENT_REPEATS")
        self.max_page_number = settings.getint("NORDCAT_TRAP_MAX_PAGE_NUMBER")
        self.date_variants = settings.getint("NORDCAT_TRAP_DATE_VARIANTS")
        self.calendars: dict[tuple, set[tuple]] = {}
        self.trapped: set[str] = set()  # each trap URL is counted once, however many pages link to it
        self.pages: set[str] = set()    # distinct pages let through, against max_pages

    @classmethod
    def from_crawler(cls, crawler):
        guard = cls(crawler)
        crawler.signals.connect(guard.request_scheduled, signal=signals.request_scheduled)
        return guard

    def request_scheduled(self, request: Request, spider) -> None:
        if request.dont_filter or not follows_links(self.crawler):
            return
        if outside_allow_list(request.url, self.crawler.spider):
            return  # the offsite filter drops it and counts it
        url = canonical_url(request.url)
        if url in self.trapped:
            raise IgnoreRequest("trap")
        reason = self.trap(url)
        if reason:
            self.trapped.add(url)
            raise skip(self.crawler, "trap", reason, url)

    def trap(self, url: str) -> str | None:
        """Why `url` looks like a crawler trap, or None."""
        parts = urlsplit(url)
        if repeated_segments(parts.path, self.segment_repeats):
            return "repeating path segments"
        query = parse_qsl(parts.query, keep_blank_values=True)
        number = page_number(query)
        if number > self.max_page_number:
            return f"page {number}, beyond page {self.max_page_number}"
        calendar = calendar_dates(parts, query)
        if calendar:
            shape, dates = calendar
            met = self.calendars.setdefault(shape, set())
            if dates not in met and len(met) >= self.date_variants:
                return f"calendar-like: more than {self.date_variants} dates of {parts.path}"
            met.add(dates)
        return None

    def process_request(self, request: Request, spider=None) -> None:
        if not follows_links(self.crawler) or is_robots_txt(request.url):
            return
        url = canonical_url(request.url)
        if url in self.pages:
            return  # a retry or a redirect back: the same page
        cap = self.crawler.spider.source.max_pages
        if len(self.pages) >= cap:
            raise skip(self.crawler, "max_pages", f"the source's max_pages ({cap}) is reached", url)
        self.pages.add(url)
