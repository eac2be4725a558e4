"""Downloader middlewares: keep crawls where their source file says they may go, meet HTTP
faults the way a polite harvester should, and keep link-following crawls finite and cheap.
One module per concern:

- allow_list: hosts the source names, redirects within them, no unnamed private addresses;
- retry: Retry-After and bounded backoff;
- xml_body: what an XML body gets wrong (HTML served with 200, charsets, forbidden characters);
- urls: canonical URLs and the request fingerprints built on them;
- skips: robots.txt and the other requests left out on purpose;
- traps: trap guards for link-following crawls;
- pages: content-type checks, conditional GET, page counts.

Every fault met is counted in the crawler stats as `nordcat/fault/<name>`, which the run report
shows in its `faults` column: http_<status>, retry_after, retry_after_waited_s, backoff_waited_s,
timeout, truncated, connection_refused, redirect, offsite_redirect, html_page, wrong_charset,
missing_charset, invalid_xml_chars.

Every request left out on purpose is counted as `nordcat/skipped/<reason>` (the report's `skipped`
column): robots (robots.txt disallows it), trap (a URL that only a crawler trap produces),
max_pages (the source's page cap is reached), content_type (not what the request expects),
too_large (beyond the kind's DOWNLOAD_MAXSIZE); Scrapy's own offsite and depth-limit drops are
added to them in the run report.

The names below are the package's interface: settings name the middlewares by these paths.
"""
from crawlers.middlewares.allow_list import (AllowListMetaRefreshMiddleware, AllowListRedirectMiddleware,
                                             PrivateAddressGuard, is_private, outside_allow_list)
from crawlers.middlewares.pages import EXPECTS, KNOWN_PAGE, ConditionalGet, ContentCheck, FetchCounter
from crawlers.middlewares.retry import PoliteRetryMiddleware, backoff_seconds, retry_after_seconds
from crawlers.middlewares.skips import RobotsTxtSkips, Skipped
from crawlers.middlewares.traps import TrapGuard, repeated_segments
from crawlers.middlewares.urls import CanonicalFingerprinter
from crawlers.middlewares.xml_body import XmlBodyFaults, xml_body_faults

__all__ = [
    "AllowListMetaRefreshMiddleware", "AllowListRedirectMiddleware", "CanonicalFingerprinter", "ConditionalGet",
    "ContentCheck", "EXPECTS", "FetchCounter", "KNOWN_PAGE", "PoliteRetryMiddleware", "PrivateAddressGuard",
    "RobotsTxtSkips", "Skipped", "TrapGuard", "XmlBodyFaults", "backoff_seconds", "is_private",
    "outside_allow_list", "repeated_segments", "retry_after_seconds", "xml_body_faults",
]
