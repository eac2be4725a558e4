"""What a page must be (its content type), conditional GET for pages known from the last run, and the
count of pages fetched."""
from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import DownloadCancelledError, StopDownload
from scrapy.http import Headers, Request, Response

from crawlers.middlewares.common import CrawlerComponent, is_robots_txt
from crawlers.middlewares.skips import skip
from nordcat.urls import canonical_url


EXPECTS = "nordcat_expects"  # request meta: "html" or "xml", set by the spiders that follow links
EXPECTED_CONTENT_TYPES = {
    "html": frozenset({"text/html", "application/xhtml+xml"}),
    # sitemaps and feeds; sitemaps may also be plain text (one URL a line) or gzipped, which
    # file stores often label as bare bytes
    "xml": frozenset({"text/xml", "application/xml", "application/rss+xml", "application/atom+xml", "text/plain",
                      "application/gzip", "application/x-gzip", "application/octet-stream"}),
}


def unexpected_type(request: Request, headers: Headers) -> str | None:
    """The declared content type when it is not what the request expects; None when it is, when
    the request expects nothing in particular, or when the server declares no type."""
    expects = request.meta.get(EXPECTS)
    declared = (headers.get("Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()
    if not expects or not declared or declared in EXPECTED_CONTENT_TYPES[expects]:
        return None
    return declared


class ContentCheck(CrawlerComponent):
    """Pages of the type their request expects, within the size cap of their kind.

    A body of another type (a PDF behind a page link, an HTML error page for a sitemap) is not
    downloaded past its headers and never parsed; a body beyond DOWNLOAD_MAXSIZE (per spider kind,
    or the request's download_maxsize) is cut off by Scrapy. Both are skips.
    """

    @classmethod
    def from_crawler(cls, crawler):
        check = cls(crawler)
        crawler.signals.connect(check.headers_received, signal=signals.headers_received)
        return check

    def headers_received(self, headers: Headers, body_length: int, request: Request, spider) -> None:
        if unexpected_type(request, headers):
            raise StopDownload(fail=False)  # process_response still sees the headers and skips it

    def process_response(self, request: Request, response: Response) -> Response:
        declared = unexpected_type(request, response.headers)
        if declared and 200 <= response.status < 300:
            raise skip(self.crawler, "content_type", f"{declared}, not {request.meta[EXPECTS]}", request.url)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, DownloadCancelledError):  # Scrapy's answer to a body over the cap
            raise skip(self.crawler, "too_large", str(exception).split(" in request ")[0], request.url) from None
        return None


# --- conditional GET and page counts ------------------------------------------------------------

KNOWN_PAGE = "nordcat_known_page"  # request meta: the page's PageState from the last run


class ConditionalGet(CrawlerComponent):
    """Asks "changed since?" for the record pages an earlier run stored.

    A spider that follows links holds `known_pages` (warehouse/crawl_state.py): canonical URL ->
    the page's ETag, Last-Modified, record key and links. Their validators go out as If-None-Match
    and If-Modified-Since, and a 304 answer is let through to the spider, which marks the record as
    still seen and follows the remembered links without parsing anything. A redirected request is
    looked up again by its new URL.
    """

    def process_request(self, request: Request, spider=None) -> None:
        known_pages = getattr(self.crawler.spider, "known_pages", None)
        if not known_pages or is_robots_txt(request.url):
            return
        for header in ("If-None-Match", "If-Modified-Since"):  # a redirect copies them from the old URL
            request.headers.pop(header, None)
        known = known_pages.get(canonical_url(request.url))
        if known is None:
            request.meta.pop(KNOWN_PAGE, None)
            return
        request.meta[KNOWN_PAGE] = known
        request.meta["handle_httpstatus_list"] = sorted({*request.meta.get("handle_httpstatus_list", ()), 304})
        if known.etag:
            request.headers["If-None-Match"] = known.etag
        if known.last_modified:
            request.headers["If-Modified-Since"] = known.last_modified


class FetchCounter(CrawlerComponent):
    """Counts nordcat/fetched, the pages downloaded (2xx) that reach the spider, robots.txt aside.
    Answers pass it last, so retried and redirected ones are not counted twice."""

    def process_response(self, request: Request, response: Response) -> Response:
        if 200 <= response.status < 300 and not is_robots_txt(request.url):
            self.crawler.stats.inc_value("nordcat/fetched")
        return response
