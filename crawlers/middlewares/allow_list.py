"""The allow-list: no request leaves the hosts a source names, redirects included, and none goes to a
private or loopback address that the source did not name."""
from __future__ import annotations

import ipaddress
import logging
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from crawlers.middlewares.common import CrawlerComponent, count_fault

logger = logging.getLogger(__name__)


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
