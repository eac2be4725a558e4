"""DSpace item pages (XMLUI and DSpace 7) for repositories whose OAI-PMH is off or thin.

Listing pages (recent submissions, browse) are followed for discovery and never archived; each
item is fetched once as its full record (`?show=full`), whose table holds every dc.* field.
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
        if dspace_html.is_item_url(response.url):
            page = dspace_html.parse_item_page(response.text, response.url)
            page.links = [link for link in page.links if "show=full" not in link]
            return page
        page = dspace_html.parse_listing_page(response.text, response.url)
        page.links = [full_record(link) if dspace_html.is_item_url(link) else link for link in page.links]
        return page


def full_record(url: str) -> str:
    return url if "show=full" in url else f"{url.split('?')[0]}?show=full"
