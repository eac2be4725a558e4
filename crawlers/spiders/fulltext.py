"""Full texts: the PDFs a source's records link, fetched after the source's own crawl.

`crawl_sources` runs a FulltextSpider for a source once its spider has finished well, in the same
Scrapy process and with the source's politeness, robots.txt, allow-list and private-address guard
(it is a SourceSpider of the same source file). It asks for the first "nordcat.fulltext_url" of each
live record that has no full text yet (Warehouse.fulltext_candidates), at most the source's
`fulltext_max_pdfs` a run, and a body beyond `fulltext_max_mb` is cut off by Scrapy
(download_maxsize) and recorded as too_large. Every answer is archived under
DATA/raw/<source>/<run>.fulltext.warc.gz and judged by crawlers.fulltext.examine; a PDF that fails
(404, no PDF, too large, unreadable) is a broken link on the source's side: it is recorded with its
status and counted, and never fails the source.
"""
from __future__ import annotations

from typing import Any, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.fulltext import Fulltext, describe
from crawlers.middlewares import Skipped, outside_allow_list
from crawlers.spiders.base import SourceSpider

FULLTEXT_URL = "nordcat_fulltext_url"  # request meta: the URL as the record names it (the row's key)
MEGABYTE = 1024 * 1024


class FulltextSpider(SourceSpider):
    kind = "fulltext"  # not a registry kind: it serves every source that links PDFs
    custom_settings = {
        "ITEM_PIPELINES": {"crawlers.pipelines.WarehousePipeline": None,
                           "crawlers.pipelines.FulltextPipeline": 300},
        "DOWNLOAD_WARNSIZE": 0,  # the size cap is the source file's; nothing to warn about below it
    }

    async def start(self):
        stats = self.crawler.stats
        allowed = []
        for url in self.context.store.fulltext_candidates(self.name):
            reason = refusal(url, self)
            if reason:
                stats.inc_value(f"nordcat/skipped/{reason}")
            else:
                allowed.append(url)
        cap = self.source.fulltext_max_pdfs
        if len(allowed) > cap:
            stats.set_value("nordcat/fulltext_deferred", len(allowed) - cap)
        max_bytes = int(self.source.fulltext_max_mb * MEGABYTE)
        for url in allowed[:cap]:
            yield scrapy.Request(url, callback=self.parse_pdf, errback=self.pdf_failed,
                                 meta={FULLTEXT_URL: url, "download_maxsize": max_bytes})

    def parse_pdf(self, response: Response) -> Iterator[dict[str, Any]]:
        yield {"url": response.meta[FULLTEXT_URL], "response": response}

    def pdf_failed(self, failure: Failure) -> Iterator[dict[str, Any]]:
        """An answer that is not 2xx is judged like any answer (and archived); a request that got
        none is recorded with the reason."""
        url = failure.request.meta[FULLTEXT_URL]
        if failure.check(HttpError):
            yield {"url": url, "response": failure.value.response}
        elif failure.check(Skipped) and failure.value.reason == "too_large":
            yield {"url": url, "fulltext": Fulltext("too_large", error=str(failure.value))}
        elif failure.check(IgnoreRequest):  # robots.txt, a redirect to an internal address
            yield {"url": url, "fulltext": Fulltext("skipped", error=str(failure.value))}
        else:
            yield {"url": url, "fulltext": Fulltext("http_error", error=describe(failure.value))}


def refusal(url: str, spider: SourceSpider) -> str | None:
    """Why a full-text URL is not requested at all (counted as a skip, not recorded, so it is
    considered again once the source file allows it), or None."""
    if urlsplit(url).scheme not in ("http", "https"):
        return "bad_url"
    if outside_allow_list(url, spider):
        return "offsite"
    return None
