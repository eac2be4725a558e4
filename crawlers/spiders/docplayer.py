"""Docplayer-style transcript sites: title, transcript text and the related-documents graph.

Related documents are followed only when their title matches the source's `topics` (when it
lists any), so the crawl stays on topic; DEPTH_LIMIT bounds it in any case.
"""
from __future__ import annotations

from scrapy.http import Response

from crawlers.parsers.html import docplayer
from crawlers.spiders.base import HtmlSourceSpider
from nordcat import dc
from nordcat.urls import canonical_url


class DocplayerSpider(HtmlSourceSpider):
    kind = "docplayer"
    record_format = "docplayer"
    # a transcript holds the text of a whole document: a long report makes a large page
    custom_settings = {"DEPTH_LIMIT": 3, "DOWNLOAD_MAXSIZE": 16 * 1024 * 1024}

    def parse_page(self, response: Response):
        if response.url.rstrip("/") in {canonical_url(str(u)).rstrip("/") for u in self.source.start_urls}:
            return docplayer.parse_home(response.text, response.url)
        page = docplayer.parse_transcript(response.text, response.url)
        meta = page.metadata
        related = zip(meta.get(dc.RELATED_URL, []), meta.get(dc.RELATED_TITLE, []))
        page.links = [url for url, title in related if self.on_topic(title)]
        return page

    def on_topic(self, title: str) -> bool:
        return not self.source.topics or docplayer.related_on_topic(title, self.source.topics)
