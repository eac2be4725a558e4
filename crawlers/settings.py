"""Scrapy settings shared by every nordcat crawl; per-source politeness is layered on top."""
import os

from scrapy.settings import default_settings as scrapy_defaults

BOT_NAME = "nordcat"
# Scrapyd and `scrapy list` find the crawl jobs here: one spider per source kind (crawlers/jobs.py)
SPIDER_MODULES = ["crawlers.jobs"]
# Where jobs land their files (crawlers/landing.py): a path every Scrapyd node and `nordcat load` see
NORDCAT_LANDING_DIR = os.environ.get("NORDCAT_LANDING_DIR")
# A job finds its source by name here (NORDCAT_SOURCES_DIR), else in the registry of the egg
NORDCAT_SOURCES_DIR = os.environ.get("NORDCAT_SOURCES_DIR")
USER_AGENT = "nordcat/0.1 (+https://github.com/nordcat/nordcat; open catalogue of Nordic grey literature)"

ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"

# Politeness: AutoThrottle adapts the delay to the server's latency; the source file's delay is
# the floor and its concurrency the ceiling per host.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_MAX_DELAY = 30.0
CONCURRENT_REQUESTS = 16
# Outputs of one callback handled at once. Scrapy starts this many tasks per response (default
# 100); our callbacks yield one item per page and a few requests, so 100 tasks a page were a
# tenth of a harvest's time.
CONCURRENT_ITEMS = 4
# Records stored (or landed as one Parquet part) a batch; the tests land small parts
NORDCAT_BATCH_SIZE = int(os.environ.get("NORDCAT_BATCH_SIZE", "2000"))
# A source file has no timeout; the environment may shorten it (the fault tests wait 1 s, not 30).
DOWNLOAD_TIMEOUT = float(os.environ.get("NORDCAT_DOWNLOAD_TIMEOUT", "30"))
# OAI-PMH and API pages; the HTML kinds cap their pages lower (their spiders' custom_settings)
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
RETRY_ENABLED = True
# A page that fails for good fails the harvest, so retry more than Scrapy's 2; the waits between
# (Retry-After, else a backoff of 1, 2, 4 s with jitter) give a struggling server time.
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NORDCAT_MAX_RETRY_AFTER = 300  # seconds; a server asking for a longer pause fails the request
NORDCAT_BACKOFF_BASE = 1.0     # seconds before the first retry without Retry-After; doubles each time
NORDCAT_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 6
# Trap guards of the spiders that follow links (crawlers.middlewares.TrapGuard); the page cap is
# the source file's max_pages
NORDCAT_TRAP_SEGMENT_REPEATS = 3   # /a/b/a/b/a/b: a run of path segments three times in a row
NORDCAT_TRAP_MAX_PAGE_NUMBER = 500  # ?page=501 and beyond
NORDCAT_TRAP_DATE_VARIANTS = 24     # dates one calendar-like URL may take: two years of months
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control runs Python sent to a localhost HTTP port: no crawl needs it. It is
# left out of the base list, not disabled in EXTENSIONS: Scrapy imports every class named there,
# and its import (aiohttp) cost each crawl process 0.05-0.08 s of start-up.
EXTENSIONS_BASE = {name: order for name, order in scrapy_defaults.EXTENSIONS_BASE.items()
                   if name != "scrapy.extensions.remote_control.RemoteControl"}
# Scrapy reads the source of every callback of every request to warn about `return` in a
# generator: 2 ms a page, and no spider of ours returns a value from one.
WARN_ON_GENERATOR_RETURN_VALUE = False

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's own, replaced by subclasses at the same places in the chain
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.RobotsTxtSkips": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.PoliteRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawlers.middlewares.AllowListMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawlers.middlewares.AllowListRedirectMiddleware": 600,
    # its responses come after the retries' (540 < 550): only those that reach the spider
    "crawlers.middlewares.XmlBodyFaults": 540,
    "crawlers.middlewares.PrivateAddressGuard": 560,
    # answers pass it last (60 < all others but the offsite filter): counts what reaches the spider
    "crawlers.middlewares.FetchCounter": 60,
    # after robots.txt (100): a disallowed page does not count against max_pages
    "crawlers.middlewares.TrapGuard": 120,
    "crawlers.middlewares.ConditionalGet": 450,
    # sees answers after redirects (600) and decompression (590), before the retries (550)
    "crawlers.middlewares.ContentCheck": 570,
}
# keeps an HTML crawl's frontier, to resume one stopped by its max_runtime (crawlers/frontier.py);
# it sees the spiders' output last, after Scrapy's depth middleware has set each request's depth
SPIDER_MIDDLEWARES = {"crawlers.frontier.FrontierMiddleware": 50}
ITEM_PIPELINES = {
    "crawlers.pipelines.WarehousePipeline": 300,
}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "WARNING"
# duplicates are found on canonical URLs: no fragment, tracking parameters or default port
REQUEST_FINGERPRINTER_CLASS = "crawlers.middlewares.CanonicalFingerprinter"
