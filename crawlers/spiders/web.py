"""News and organisation sites: pages found through sitemaps and RSS/Atom feeds.

Sitemaps and feeds are discovery only; each listed page on the allow-list is parsed as an
article (JSON-LD, OpenGraph, <meta>, main text). A sitemap or feed that the source file names
must list at least one page, or it is a parse failure, like a page that lacks its required fields.

Each document a page links to (PDF, Word, OpenDocument) on the allow-list is a record of its own
(format "web-document", key: the document's canonical URL), made from the link alone: the file
is not fetched here. A document linked from several pages is recorded once a run, from the first
page parsed. When a page answers 304, its documents count as seen with it.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterator
from urllib.parse import urlsplit

from scrapy.http import Response

from crawlers.middlewares import KNOWN_PAGE
from crawlers.parsers.html import article, feeds
from crawlers.parsers.html.documents import linked_documents
from nordcat import dc
from nordcat.records import metadata_json, raw_record
from nordcat.urls import canonical_url
from nordcat.sources import Source
from crawlers.spiders.base import CrawlContext, HtmlSourceSpider


# The sitemaps protocol's limit for one file, uncompressed
SITEMAP_MAXSIZE = 50 * 1024 * 1024


class WebSpider(HtmlSourceSpider):
    kind = "web"
    record_format = "web"
    # an article page is rarely above a megabyte, even with inline images and scripts
    custom_settings = {"DOWNLOAD_MAXSIZE": 8 * 1024 * 1024}
    document_format = "web-document"

    def __init__(self, source: Source, context: CrawlContext, **kwargs: Any):
        super().__init__(source, context, **kwargs)
        self.documents_by_page = held_documents(context, source.name)  # page record key -> document keys
        self.recorded_documents: set[str] = set()  # this run's

    async def first_requests(self):
        for url in self.source.sitemaps:
            yield self.listing(str(url), self.parse_sitemap, dont_filter=True)
        for url in self.source.feeds:
            yield self.listing(str(url), self.parse_feed, dont_filter=True)
        async for request in super().first_requests():
            yield request

    def listing(self, url: str, callback, **kwargs):
        """A sitemap or feed: XML, and allowed to be larger than a page."""
        return self.request(url, callback, expects="xml", meta={"download_maxsize": SITEMAP_MAXSIZE}, **kwargs)

    def parse_sitemap(self, response: Response):
        pages, children = feeds.parse_sitemap(response.body, response.url)
        if not (pages or children) and response.request.dont_filter:
            self.parse_failure(response.url, ["links"])
        for url in children:
            yield self.listing(url, self.parse_sitemap)
        for url, _lastmod in pages:
            yield self.request(url, self.parse)

    def parse_feed(self, response: Response):
        entries = feeds.parse_feed(response.body, response.url)
        if not entries:  # feeds are named by the source file
            self.parse_failure(response.url, ["links"])
        for url, _date in entries:
            yield self.request(url, self.parse)

    def parse_page(self, response: Response):
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        page = article.parse_article(response.text, response.url, headers=headers)
        page.links = [u for u in page.links if self.on_allow_list(u)]
        return page

    def on_allow_list(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return any(host == domain or host.endswith("." + domain) for domain in self.allowed_domains)

    def record_item(self, response: Response, page) -> dict[str, Any]:
        """The page's record, then a record for each document it links to on the allow-list."""
        item = super().record_item(response, page)
        documents = []
        for metadata in linked_documents(page.metadata):
            url = metadata[dc.URL][0]
            key = canonical_url(url)
            if self.on_allow_list(url) and key not in self.recorded_documents:
                self.recorded_documents.add(key)
                documents.append(raw_record(
                    source=self.name, key=key, url=url, fmt=self.document_format, metadata=metadata,
                    # no body of its own: its content hash must change when what the page says of it does
                    payload=metadata_json(metadata)))
        item["records"] += documents
        self.crawler.stats.inc_value("nordcat/records", len(documents))
        return item

    def not_modified(self, response: Response) -> Iterator[Any]:
        """An unchanged page: its documents are seen again too, and count as not modified."""
        documents = self.documents_by_page.get(response.meta[KNOWN_PAGE].record_key, [])
        self.unchanged_keys.extend(documents)
        self.crawler.stats.inc_value("nordcat/not_modified", len(documents))
        yield from super().not_modified(response)


def held_documents(context: CrawlContext, source: str) -> dict[str, list[str]]:
    """The live document records of the source, by the record key of the page they were found on."""
    rows = context.store.documents_found_on(source, WebSpider.document_format)
    by_page: dict[str, list[str]] = defaultdict(list)
    for key, found_on in rows:
        by_page[canonical_url(found_on)].append(key)
    return by_page
