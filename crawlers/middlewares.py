"""Downloader middlewares that keep crawls where their source file says they may go."""
from __future__ import annotations

import ipaddress
import logging
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

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
        parts = urlsplit(request.url)
        netloc = parts.netloc.lower()
        named = getattr(spider, "named_netlocs", set())
        if netloc in named or not parts.hostname or not is_private(parts.hostname):
            return None
        self.crawler.stats.inc_value("nordcat/refused_private")
        logger.warning("refused %s: private address not named by source %s", request.url, spider.name)
        raise IgnoreRequest(f"private address not named by the source: {netloc}")
