"""Docplayer-style transcript sites: title, transcript text and the related-documents graph.

What a page is (a transcript, a listing of transcripts) is read from its markup by
crawlers.parsers.html.docplayer.parse_page, wherever the crawl met it: a start URL may be a
transcript as well as a home or listing page. Related documents are followed only when their
title matches the source's `topics` (when it lists any), so the crawl stays on topic;
DEPTH_LIMIT bounds it in any case.
"""
from __future__ import annotations

from scrapy.http import Response

from crawlers.parsers.html import docplayer
from crawlers.spiders.base import HtmlSourceSpider


class DocplayerSpider(HtmlSourceSpider):
    kind = "docplayer"
    record_format = "docplayer"
    # a transcript holds the text of a whole document: a long report makes a large page
    custom_settings = {"DEPTH_LIMIT": 3, "DOWNLOAD_MAXSIZE": 16 * 1024 * 1024}

    def parse_page(self, response: Response):
        return docplayer.parse_page(response.text, response.url, self.source.topics)
