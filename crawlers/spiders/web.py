"""News and organisation sites: pages found through sitemaps and RSS/Atom feeds.

Sitemaps and feeds are discovery only; each listed page on the allow-list is parsed as an
article (JSON-LD, OpenGraph, <meta>, main text). A sitemap or feed that the source file names
must list at least one page, or it is a parse failure, like a page that lacks its required fields.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.http import Response

from crawlers.extract import article
from crawlers.spiders.base import HtmlSourceSpider


# The sitemaps protocol's limit for one file, uncompressed
SITEMAP_MAXSIZE = 50 * 1024 * 1024


class WebSpider(HtmlSourceSpider):
    kind = "web"
    record_format = "web"
    # an article page is rarely above a megabyte, even with inline images and scripts
    custom_settings = {"DOWNLOAD_MAXSIZE": 8 * 1024 * 1024}

    async def start(self):
        for url in self.source.sitemaps:
            yield self.listing(str(url), self.parse_sitemap, dont_filter=True)
        for url in self.source.feeds:
            yield self.listing(str(url), self.parse_feed, dont_filter=True)
        async for request in super().start():
            yield request

    def listing(self, url: str, callback, **kwargs):
        """A sitemap or feed: XML, and allowed to be larger than a page."""
        return self.request(url, callback, expects="xml", meta={"download_maxsize": SITEMAP_MAXSIZE}, **kwargs)

    def parse_sitemap(self, response: Response):
        pages, children = article.parse_sitemap(response.body, response.url)
        if not (pages or children) and response.request.dont_filter:
            self.parse_failure(response.url, ["links"])
        for url in children:
            yield self.listing(url, self.parse_sitemap)
        for url, _lastmod in pages:
            yield self.request(url, self.parse)

    def parse_feed(self, response: Response):
        entries = article.parse_feed(response.body, response.url)
        if not entries:  # feeds are named by the source file
            self.parse_failure(response.url, ["links"])
        for url, _date in entries:
            yield self.request(url, self.parse)

    def parse_page(self, response: Response):
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        page = article.parse_article(response.text, response.url, headers=headers)
        page.links = [u for u in page.links if urlsplit(u).hostname in self.allowed_domains]
        return page
