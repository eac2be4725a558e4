"""Downloader middlewares: keep crawls where their source file says they may go, meet HTTP
faults the way a polite harvester should, and keep link-following crawls finite and cheap.

Every fault met is counted in the crawler stats as `nordcat/fault/<name>`, which the run report
shows in its `faults` column: http_<status>, retry_after, retry_after_waited_s, backoff_waited_s,
timeout, truncated, connection_refused, redirect, offsite_redirect, html_page, wrong_charset,
missing_charset, invalid_xml_chars.

Every request left out on purpose is counted as `nordcat/skipped/<reason>` (the report's `skipped`
column): robots (robots.txt disallows it), trap (a URL that only a crawler trap produces),
max_pages (the source's page cap is reached), content_type (not what the request expects),
too_large (beyond the kind's DOWNLOAD_MAXSIZE); Scrapy's own offsite and depth-limit drops are
added to them in the run report.
"""
from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import random
import re
import socket
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, urlsplit, urlunsplit
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import (CannotResolveHostError, DownloadCancelledError, DownloadConnectionRefusedError,
                               DownloadTimeoutError, IgnoreRequest, ResponseDataLossError, StopDownload)
from scrapy.http import Headers, Request, Response
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message
from w3lib.url import canonicalize_url

logger = logging.getLogger(__name__)


def count_fault(crawler, name: str, amount: float = 1) -> None:
    crawler.stats.inc_value(f"nordcat/fault/{name}", amount)


def is_robots_txt(url: str) -> bool:
    return urlsplit(url).path == "/robots.txt"


# --- the allow-list ----------------------------------------------------------------------------

@lru_cache(maxsize=1024)
def _addresses(host: str) -> tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, ...]:
    try:
        return (ipaddress.ip_address(host),)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return ()
    return tuple(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos)


def is_private(host: str) -> bool:
    """True when any address of the host is loopback, private, link-local or otherwise internal."""
    return any(
        a.is_private or a.is_loopback or a.is_link_local or a.is_reserved or a.is_multicast
        for a in _addresses(host)
    )


def private_and_unnamed(url: str, spider) -> bool:
    """An internal address that the source file does not name as host:port."""
    parts = urlsplit(url)
    named = getattr(spider, "named_netlocs", set())
    return parts.netloc.lower() not in named and bool(parts.hostname) and is_private(parts.hostname)


def outside_allow_list(url: str, spider) -> str | None:
    """Why the source may not fetch `url` (a host outside its allowed_domains, or an internal
    host:port it does not name), or None when it may."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    allowed = [d.lower() for d in getattr(spider, "allowed_domains", None) or []]
    if allowed and not any(host == d or host.endswith(f".{d}") for d in allowed):
        return f"{host} is outside the source's allowed_domains {allowed}"
    if private_and_unnamed(url, spider):
        return f"{parts.netloc} is an internal address the source file does not name"
    return None



class CrawlerComponent:
    """A downloader middleware or extension that reads the crawler's spider, settings and stats."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

class PrivateAddressGuard(CrawlerComponent):
    """Refuse requests to internal addresses unless the source file names that host:port.

    A redirect or a link on a public page must never make the crawler probe the local network;
    the demo web and test servers on 127.0.0.1 work because their source files name them.
    """

    def process_request(self, request, spider=None):
        spider = self.crawler.spider
        if not private_and_unnamed(request.url, spider):
            return None
        netloc = urlsplit(request.url).netloc.lower()
        self.crawler.stats.inc_value("nordcat/refused_private")
        logger.warning("refused %s: private address not named by source %s", request.url, spider.name)
        raise IgnoreRequest(f"private address not named by the source: {netloc}")


class RedirectRefused(IgnoreRequest):
    """A source's own request was redirected outside its allow-list."""


class _AllowListRedirects:
    """Scrapy's redirects, checked against the source's allow-list.

    The source's own requests (dont_filter: its start URLs and the OAI-PMH chain) pass Scrapy's
    offsite filter, so without this check a redirect could take them to any host. Redirected
    outside the allow-list, such a request fails with both URLs named: the source has moved and
    its file needs a look. A followed link redirected offsite is only counted; Scrapy's offsite
    filter then drops it like any offsite link.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:
        followed = super().process_response(request, response)
        if not isinstance(followed, Request):
            return followed
        reason = outside_allow_list(followed.url, self.crawler.spider)
        if reason is None:
            count_fault(self.crawler, "redirect")
            return followed
        count_fault(self.crawler, "offsite_redirect")
        if request.dont_filter:
            raise RedirectRefused(f"redirected to {followed.url}: {reason}")  # the errback adds request.url
        return followed


class AllowListRedirectMiddleware(_AllowListRedirects, RedirectMiddleware):
    """3xx redirects within the allow-list only."""


class AllowListMetaRefreshMiddleware(_AllowListRedirects, MetaRefreshMiddleware):
    """<meta http-equiv="refresh"> redirects within the allow-list only."""


# --- retries -----------------------------------------------------------------------------------

class RetryAfterTooLong(IgnoreRequest):
    """The server asked for a longer pause than NORDCAT_MAX_RETRY_AFTER allows."""


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> int | None:
    """The wait a Retry-After header asks for, in whole seconds: delta-seconds, or an HTTP-date
    (rounded up, so we never come back early; a past date is 0). None when absent or unreadable."""
    if not value:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return int(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # "-0000": HTTP-dates are GMT anyway
        moment = moment.replace(tzinfo=timezone.utc)
    elapsed = moment - (now or datetime.now(timezone.utc))
    return max(0, math.ceil(elapsed.total_seconds()))


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff for retry number `attempt` (1, 2, ...): base, 2 base, 4 base ... at
    most cap, with jitter (between half and all of it) so that clients that failed together do
    not come back together."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)


_EXCEPTION_FAULTS = [(DownloadTimeoutError, "timeout"), (ResponseDataLossError, "truncated"),
                     (DownloadConnectionRefusedError, "connection_refused"),
                     (CannotResolveHostError, "dns_failure")]
_CAMEL_HUMPS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def exception_fault(exception: Exception) -> str:
    for kind, name in _EXCEPTION_FAULTS:
        if isinstance(exception, kind):
            return name
    return _CAMEL_HUMPS.sub("_", type(exception).__name__).lower()  # ConnectionLost: connection_lost


class PoliteRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS), waiting as asked.

    On 429 and 503 the server's Retry-After is honoured; a wait longer than
    NORDCAT_MAX_RETRY_AFTER fails the request instead, with the reason. Other retries wait an
    exponential backoff (NORDCAT_BACKOFF_BASE, at most NORDCAT_BACKOFF_MAX): retrying a struggling
    server at once only adds to its load. Waits are awaited, so other sources keep crawling.
    robots.txt is retried without backoff: the request behind it would wait twice.
    """

    RETRY_AFTER_STATUSES = frozenset({429, 503})

    def __init__(self, settings):
        super().__init__(settings)
        self.max_retry_after = settings.getfloat("NORDCAT_MAX_RETRY_AFTER")
        self.backoff_base = settings.getfloat("NORDCAT_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("NORDCAT_BACKOFF_MAX")

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        count_fault(self.crawler, f"http_{response.status}")
        asked = None
        if response.status in self.RETRY_AFTER_STATUSES:
            asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.max_retry_after:
            raise RetryAfterTooLong(f"HTTP {response.status}: Retry-After {asked} s exceeds cap of "
                                    f"{self.max_retry_after:g} s")
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response  # retries exhausted: the spider's errback fails the source
        if asked is None:
            await self._back_off(retry)
        else:
            count_fault(self.crawler, "retry_after")
            count_fault(self.crawler, "retry_after_waited_s", asked)
            await sleep(asked)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        count_fault(self.crawler, exception_fault(exception))
        retry = self._retry(request, exception)
        if retry is not None:
            await self._back_off(retry)
        return retry

    async def _back_off(self, retry: Request) -> None:
        if is_robots_txt(retry.url):
            return  # failing, it only means "allowed"; waiting would hold up the request behind it
        wait = backoff_seconds(retry.meta["retry_times"], self.backoff_base, self.backoff_max)
        stats = self.crawler.stats
        key = "nordcat/fault/backoff_waited_s"
        stats.set_value(key, round(stats.get_value(key, 0) + wait, 1))
        await sleep(wait)


# --- what an XML body gets wrong ----------------------------------------------------------------

XML_KINDS = frozenset({"oai-pmh"})
_HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html)", re.IGNORECASE)
_CHARSET_PARAMETER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)")
# C0 controls other than tab, LF and CR, U+FFFE and U+FFFF (in UTF-8), and references to them:
# three cheap scans, not one alternation tried at every byte of a 200 kB page (2-5 ms a page)
_FORBIDDEN_CONTROLS = bytes(b for b in range(0x20) if b not in b"\t\n\r")
_NONCHARACTERS = re.compile(rb"\xef\xbf[\xbe\xbf]")
_FORBIDDEN_REFERENCES = re.compile(
    rb"&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|fff[ef])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|6553[45]));",
    re.IGNORECASE)


def _has_forbidden_xml_chars(body: bytes) -> bool:
    return (len(body.translate(None, _FORBIDDEN_CONTROLS)) != len(body)
            or (b"\xef\xbf" in body and _NONCHARACTERS.search(body) is not None)
            or (b"&#" in body and _FORBIDDEN_REFERENCES.search(body) is not None))


def xml_body_faults(content_type: str, body: bytes) -> list[str]:
    """What is wrong with the body of an XML response served with 200: an HTML page instead
    (html_page); a declared charset that does not decode it (wrong_charset); no charset in the
    header or the XML declaration and a body that is not UTF-8, XML's default (missing_charset);
    characters XML 1.0 forbids, raw or as references (invalid_xml_chars)."""
    if content_type.lower().startswith("text/html") or _HTML_START.match(body):
        return ["html_page"]
    faults = []
    declared = [m.group(1) for m in (_CHARSET_PARAMETER.search(content_type),) if m]
    declared += [m.group(1).decode("ascii") for m in (_XML_ENCODING.match(body[:300]),) if m]
    if not all(_decodes(body, charset) for charset in declared or ["utf-8"]):
        faults.append("wrong_charset" if declared else "missing_charset")
    if _has_forbidden_xml_chars(body):
        faults.append("invalid_xml_chars")
    return faults


def _decodes(body: bytes, charset: str) -> bool:
    try:
        body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


class XmlBodyFaults(CrawlerComponent):
    """Names the faults of XML responses (see xml_body_faults) for the run report.

    The OAI-PMH parser repairs a mislabelled charset and forbidden characters, and refuses an
    HTML page; this only counts them, so an operator sees which server needs a word.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        spider = self.crawler.spider
        if (response.status == 200 and getattr(spider, "kind", "") in XML_KINDS
                and not is_robots_txt(request.url)):
            content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
            for fault in xml_body_faults(content_type, response.body):
                count_fault(self.crawler, fault)
                logger.warning("%s: %s in %s", spider.name, fault, response.url)
        return response


# --- canonical URLs ------------------------------------------------------------------------------

# Query parameters that only tell a site's analytics where a visitor came from
_TRACKING_PARAMETER = re.compile(
    r"utm_\w+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid"
    r"|_ga|_gl|_hsenc|_hsmi|mkt_tok|s_cid", re.IGNORECASE)
# Java servlets (DSpace XMLUI among them) put the session in the path of every link
_SESSION_ID = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """One spelling per page: host in lower case without its scheme's default port, no fragment,
    no tracking parameters or session id, then w3lib's canonical form (sorted query, normalised
    percent-encoding). Requests, duplicate filtering, record keys and page state all use it."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:  # not a number: nothing to normalise there
        return canonicalize_url(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    query = "&".join(pair for pair in parts.query.split("&")
                     if pair and not _TRACKING_PARAMETER.fullmatch(pair.split("=", 1)[0]))
    return canonicalize_url(urlunsplit((scheme, netloc, _SESSION_ID.sub("", parts.path), query, "")))


class CanonicalFingerprinter:
    """Request fingerprints over canonical_url (REQUEST_FINGERPRINTER_CLASS): the duplicate filter
    then fetches a page once, however the links to it spell its URL."""

    def __init__(self, crawler=None):
        self._cache: WeakKeyDictionary[Request, bytes] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        known = self._cache.get(request)
        if known is None:
            data = b"\n".join([request.method.encode(), canonical_url(request.url).encode(), request.body])
            known = self._cache[request] = hashlib.sha1(data).digest()
        return known


# --- requests left out on purpose ----------------------------------------------------------------

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
    """Scrapy's robots.txt check (Protego as ROBOTSTXT_PARSER), its refusals counted as skips."""

    def process_request_2(self, rp, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            raise skip(self.crawler, "robots", "disallowed by robots.txt", request.url) from None


# --- trap guards -----------------------------------------------------------------------------------

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


# --- what a page must be ------------------------------------------------------------------------

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

    A spider that follows links holds `known_pages` (warehouse.page_state): canonical URL ->
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
