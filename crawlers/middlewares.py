"""Downloader middlewares: keep crawls where their source file says they may go, and meet HTTP
faults the way a polite harvester should.

Every fault met is counted in the crawler stats as `nordcat/fault/<name>`, which the run report
shows in its `faults` column: http_<status>, retry_after, retry_after_waited_s, backoff_waited_s,
timeout, truncated, connection_refused, redirect, offsite_redirect, html_page, wrong_charset,
missing_charset, invalid_xml_chars.
"""
from __future__ import annotations

import ipaddress
import logging
import math
import random
import re
import socket
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import (CannotResolveHostError, DownloadConnectionRefusedError,
                               DownloadTimeoutError, IgnoreRequest, ResponseDataLossError)
from scrapy.http import Request, Response
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

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


class PrivateAddressGuard:
    """Refuse requests to internal addresses unless the source file names that host:port.

    A redirect or a link on a public page must never make the crawler probe the local network;
    the demo web and test servers on 127.0.0.1 work because their source files name them.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

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
# C0 controls other than tab, LF and CR, U+FFFE and U+FFFF (in UTF-8), and references to them
_FORBIDDEN_IN_XML = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]"
    rb"|&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|fff[ef])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|6553[45]));",
    re.IGNORECASE)


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
    if _FORBIDDEN_IN_XML.search(body):
        faults.append("invalid_xml_chars")
    return faults


def _decodes(body: bytes, charset: str) -> bool:
    try:
        body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


class XmlBodyFaults:
    """Names the faults of XML responses (see xml_body_faults) for the run report.

    The OAI-PMH parser repairs a mislabelled charset and forbidden characters, and refuses an
    HTML page; this only counts them, so an operator sees which server needs a word.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        spider = self.crawler.spider
        if (response.status == 200 and getattr(spider, "kind", "") in XML_KINDS
                and not is_robots_txt(request.url)):
            content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
            for fault in xml_body_faults(content_type, response.body):
                count_fault(self.crawler, fault)
                logger.warning("%s: %s in %s", spider.name, fault, response.url)
        return response
