"""Requests left out on purpose (robots.txt, traps, caps) are skips, counted by reason, not errors."""
from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)


class Skipped(IgnoreRequest):
    """A request left out on purpose, counted as nordcat/skipped/<reason>. Not a fault of the site:
    only when it is one of the source's own requests (a start URL, sitemap or feed) does the source
    fail, since its file then points where the crawl may not or should not go."""

    def __init__(self, reason: str, why: str):
        super().__init__(f"skipped ({reason}): {why}")
        self.reason = reason


def skip(crawler, reason: str, why: str, url: str) -> Skipped:
    """Count a skip and make the exception that carries it to the request's errback."""
    crawler.stats.inc_value(f"nordcat/skipped/{reason}")
    logger.info("%s: skipped %s: %s", crawler.spider.name, url, why)
    return Skipped(reason, why)


def follows_links(crawler) -> bool:
    """Spiders that follow links found on pages get the trap guards and conditional GET."""
    return getattr(crawler.spider, "follows_links", False)


class RobotsTxtSkips(RobotsTxtMiddleware):
    """Scrapy's robots.txt check (Protego as ROBOTSTXT_PARSER), its refusals counted as skips.

    Every request that waits for a robots.txt still downloading is checked. Scrapy (2.19) hands
    them one Deferred and each asFuture() consumes its result: the first waiter got the parser,
    the others None, which means "allowed" (seen: docplayer PDFs behind `Disallow:` fetched when
    a full-text step sent its first requests to the host together).
    """

    async def robot_parser(self, request: Request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        waiter: Deferred = Deferred()
        pending.addBoth(lambda result: (waiter.callback(result), result)[1])  # passed on, not consumed
        return await maybe_deferred_to_future(waiter)

    def process_request_2(self, rp, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            raise skip(self.crawler, "robots", "disallowed by robots.txt", request.url) from None
