"""News and organisation sites: pages found through sitemaps and RSS/Atom feeds.

Sitemaps and feeds are discovery only; each listed page on the allow-list is parsed as an
article (JSON-LD, OpenGraph, <meta>, main text).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.http import Response

from crawlers.extract import article
from crawlers.spiders.base import HtmlSourceSpider


class WebSpider(HtmlSourceSpider):
    kind = "web"
    record_format = "web"

    async def start(self):
        for url in self.source.sitemaps:
            yield self.request(str(url), self.parse_sitemap, dont_filter=True)
        for url in self.source.feeds:
            yield self.request(str(url), self.parse_feed, dont_filter=True)
        async for request in super().start():
            yield request

    def parse_sitemap(self, response: Response):
        pages, children = article.parse_sitemap(response.body, response.url)
        for url in children:
            yield self.request(url, self.parse_sitemap)
        for url, _lastmod in pages:
            yield self.request(url, self.parse)

    def parse_feed(self, response: Response):
        for url, _date in article.parse_feed(response.body, response.url):
            yield self.request(url, self.parse)

    def parse_page(self, response: Response):
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        page = article.parse_article(response.text, response.url, headers=headers)
        page.links = [u for u in page.links if urlsplit(u).hostname in self.allowed_domains]
        return page
