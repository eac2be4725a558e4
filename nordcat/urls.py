"""Canonical URLs: one spelling per page (no fragment, tracking parameters, session id or
default port), so a page is fetched, keyed and linked once however it is written. In the core
because the crawl (requests, record keys, page state) and the build (links between pages and
documents) must agree on it, and the build must not load Scrapy to do so."""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url


# Query parameters that only tell a site's analytics where a visitor came from
_TRACKING_PARAMETER = re.compile(
    r"utm_\w+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid"
    r"|_ga|_gl|_hsenc|_hsmi|mkt_tok|s_cid", re.IGNORECASE)
# Java servlets (DSpace XMLUI among them) put the session in the path of every link
_SESSION_ID = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=65536)  # a page's URL is canonicalised about six times on its way through a crawl
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
