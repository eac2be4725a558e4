"""OAI-PMH harvester: Identify, metadata-format negotiation, ListRecords with resumption tokens.

Incremental: `from` is the server's responseDate of the last complete harvest (never the local
clock), sent in the granularity the server declares. The responseDate of this harvest's first
page becomes the next `from` only when the token chain ends cleanly.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator
from urllib.parse import urlencode

from scrapy.http import Response

from crawlers import oai
from crawlers.spiders.base import SourceSpider


class OaiPmhSpider(SourceSpider):
    kind = "oai-pmh"
    incremental = True
    # a token chain is as deep as the repository is large; repeated tokens end loops instead
    custom_settings = {"DEPTH_LIMIT": 0}

    async def start(self):
        yield self.request(self._url(verb="Identify"), self.parse_identify, dont_filter=True)

    def _url(self, **params: str) -> str:
        return f"{self.source.url}?{urlencode(params)}"

    def parse_identify(self, response: Response) -> Iterator[Any]:
        try:
            identify = oai.parse_identify(response.body)
        except oai.OAIError as exc:
            self.fail(f"Identify: {exc.code}: {exc.message}", response.url)
            return
        self.identify = identify
        self.crawler.stats.set_value("nordcat/identify", {
            "repository_name": identify.repository_name, "base_url": identify.base_url,
            "granularity": identify.granularity, "deleted_record": identify.deleted_record,
            "earliest_datestamp": identify.earliest_datestamp})
        if self.source.metadata_prefix:
            yield self._list_records(self.source.metadata_prefix)
        else:
            yield self.request(self._url(verb="ListMetadataFormats"), self.parse_formats, dont_filter=True)

    def parse_formats(self, response: Response) -> Iterator[Any]:
        try:
            prefix = oai.choose_prefix(oai.parse_metadata_formats(response.body))
        except oai.OAIError as exc:
            self.fail(f"ListMetadataFormats: {exc.code}: {exc.message}", response.url)
            return
        yield self._list_records(prefix)

    def _list_records(self, prefix: str):
        self.prefix = prefix
        self.seen_tokens: set[str] = set()
        self.crawler.stats.set_value("nordcat/metadata_prefix", prefix)
        params = {"verb": "ListRecords", "metadataPrefix": prefix}
        since = None if self.context.full_harvest else self.context.harvest_from
        if since:
            stamp = datetime.fromisoformat(since)
            params["from"] = oai.format_datestamp(stamp, self.identify.granularity)
            self.crawler.stats.set_value("nordcat/harvest_from", params["from"])
        if self.source.set:
            params["set"] = self.source.set
        return self.request(self._url(**params), self.parse_records, dont_filter=True)

    def parse_records(self, response: Response) -> Iterator[Any]:
        """One ListRecords page. The next page is requested before this one is parsed, so the
        server prepares it while we parse and store: the harvest is a chain, and this keeps both
        ends busy."""
        stats = self.crawler.stats
        early_token = oai.peek_token(response.body)
        if early_token:
            if early_token in self.seen_tokens:
                self.fail(f"resumption token repeated: {early_token!r}; stopping instead of looping", response.url)
                return
            self.seen_tokens.add(early_token)
            yield self.request(self._url(verb="ListRecords", resumptionToken=early_token),
                               self.parse_records, dont_filter=True)
        try:
            page = oai.parse_page(response.body, self.prefix)
        except oai.OAIError as exc:
            self.fail(f"ListRecords: {exc.code}: {exc.message}", response.url)
            return
        if page.token != early_token:
            self.fail(f"badXML: resumption token {page.token!r} not found by the quick scan", response.url)
            return
        if page.recovered:
            stats.inc_value("nordcat/recovered_pages")
            self.logger.warning("%s: recovered malformed XML in %s", self.name, response.url)
        if not stats.get_value("nordcat/response_date"):
            stats.set_value("nordcat/response_date", page.response_date)
        records = [self._record(r) for r in page.records if r.identifier]
        if len(records) < len(page.records):
            # a record we cannot key would be lost silently: truncated or malformed XML
            recovered = " after XML recovery" if page.recovered else ""
            self.fail(f"badXML: {len(page.records) - len(records)} record(s) without identifier{recovered}",
                      response.url)
        if records:
            yield self.page_item(response, records)
        if not page.token:
            stats.set_value("nordcat/complete", True)

    def _record(self, rec: oai.OAIRecord) -> dict[str, Any]:
        return self.record(key=rec.identifier, url=None, fmt=self.prefix, payload=rec.xml,
                           metadata=rec.metadata, deleted=rec.deleted, datestamp=rec.datestamp)
