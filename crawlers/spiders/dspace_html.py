"""DSpace item pages (XMLUI and DSpace 7) for repositories whose OAI-PMH is off or thin.

What a page is comes from its markup (crawlers.parsers.html.dspace_html.parse_page), wherever
the crawl met it: a start URL may be an item page as well as a listing. Listing pages (recent
submissions, browse, collections) are followed for discovery and never archived; each item is
fetched once as its full record (`?show=full`, `/full` on DSpace 7), whose table holds every
dc.* field, and a simple item page leads to it.
"""
from __future__ import annotations

from scrapy.http import Response

from crawlers.parsers.html import dspace_html
from crawlers.spiders.base import HtmlSourceSpider


class DspaceHtmlSpider(HtmlSourceSpider):
    kind = "dspace-html"
    record_format = "dspace-html"
    # A full item record is tens of kilobytes; far more is no item page. Listings come 20 items
    # a page, each page one level deeper: 5,000 items are 250 levels down, so depth bounds
    # nothing here (the next-page link ends with the items; TrapGuard and max_pages still apply).
    custom_settings = {"DOWNLOAD_MAXSIZE": 8 * 1024 * 1024, "DEPTH_LIMIT": 0}

    def parse_page(self, response: Response):
        return dspace_html.parse_page(response.text, response.url)
