"""OAI-PMH harvester: Identify, metadata-format negotiation, ListRecords with resumption tokens.

Incremental: `from` is the server's responseDate of the last complete harvest (never the local
clock), sent in the granularity the server declares; this harvest's first responseDate becomes
the next `from` only when the token chain ends cleanly. A harvest cut off mid-way resumes from
its checkpoint (the token of the first page not yet stored). An expired token
(badResumptionToken) restarts the harvest from its `from`, not from zero. Because DSpace deletes
are transient, a periodic ListIdentifiers pass lists every record, and records no longer listed
get a tombstone (see crawlers/run.py).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator
from urllib.parse import urlencode, urlsplit

from scrapy.http import Response

from crawlers.parse_pool import ParsePool, PreparedPage, oai_record
from crawlers.parsers import oai
from crawlers.spiders.base import SourceSpider
from warehouse.crawl_state import Checkpoint


class OaiPmhSpider(SourceSpider):
    kind = "oai-pmh"
    incremental = True
    # a token chain is as deep as the repository is large; repeated tokens end loops instead
    custom_settings = {"DEPTH_LIMIT": 0}

    parser: ParsePool | None = None  # parses ListRecords pages in a process of its own (harvests only)

    async def start(self):
        if not self.context.record_id:
            self.parser = ParsePool()
        yield self.request(self._url(verb="Identify"), self.parse_identify, dont_filter=True)

    def closed(self, reason: str) -> None:
        if self.parser:
            self.parser.close()

    def _url(self, **params: str) -> str:
        return f"{self.source.url}?{urlencode(params)}"

    # --- Identify and format negotiation ---------------------------------------------------------

    def parse_identify(self, response: Response) -> Iterator[Any]:
        try:
            identify = oai.parse_identify(response.body)
        except oai.OAIError as exc:
            self.fail(f"Identify: {exc.code}: {exc.message}", response.url)
            return
        self.identify = identify
        stats = self.crawler.stats
        stats.set_value("nordcat/identify", {
            "repository_name": identify.repository_name, "base_url": identify.base_url,
            "granularity": identify.granularity, "deleted_record": identify.deleted_record,
            "earliest_datestamp": identify.earliest_datestamp, "compression": identify.compression})
        declared = urlsplit(identify.base_url or "").hostname
        if declared and declared != urlsplit(str(self.source.url)).hostname:
            stats.set_value("nordcat/moved_to", identify.base_url)
        if self.source.metadata_prefix:
            yield from self._harvest(self.source.metadata_prefix)
        else:
            yield self.request(self._url(verb="ListMetadataFormats"), self.parse_formats, dont_filter=True)

    def parse_formats(self, response: Response) -> Iterator[Any]:
        try:
            prefix = oai.choose_prefix(oai.parse_metadata_formats(response.body))
        except oai.OAIError as exc:
            self.fail(f"ListMetadataFormats: {exc.code}: {exc.message}", response.url)
            return
        yield from self._harvest(prefix)

    def _harvest(self, prefix: str) -> Iterator[Any]:
        self.prefix = prefix
        self.crawler.stats.set_value("nordcat/metadata_prefix", prefix)
        if self.context.record_id:
            yield self.request(self._url(verb="GetRecord", identifier=self.context.record_id, metadataPrefix=prefix),
                               self.parse_get_record, dont_filter=True)
            return
        yield self._start_list_records()
        if self.context.reconcile and self.harvest_from:
            self.seen_id_tokens: set[str] = set()
            yield self.request(self._url(verb="ListIdentifiers", metadataPrefix=prefix, **self._set()),
                               self.parse_identifiers, dont_filter=True)

    def _set(self) -> dict[str, str]:
        return {"set": self.source.set} if self.source.set else {}

    # --- ListRecords -----------------------------------------------------------------------------

    def _start_list_records(self):
        self.seen_tokens: set[str] = set()
        self.previous_keys: tuple[str, ...] = ()
        self.pages = 0
        self.restarts = 0
        checkpoint = self.context.checkpoint
        if checkpoint and checkpoint.prefix == self.prefix and checkpoint.set_spec == self.source.set:
            self.harvest_from, self.response_date = checkpoint.harvest_from, checkpoint.response_date
            self.pages = checkpoint.pages
            self.crawler.stats.set_value("nordcat/resumed_at_page", checkpoint.pages)
            return self._next_page(checkpoint.token)
        self.harvest_from = None if self.context.full_harvest else self.context.harvest_from
        self.response_date = None
        return self._first_page()

    def _first_page(self):
        params = {"verb": "ListRecords", "metadataPrefix": self.prefix, **self._set()}
        if self.harvest_from:
            stamp = datetime.fromisoformat(self.harvest_from)
            params["from"] = oai.format_datestamp(stamp, self.identify.granularity)
            self.crawler.stats.set_value("nordcat/harvest_from", params["from"])
        return self.request(self._url(**params), self.parse_records, dont_filter=True)

    def _next_page(self, token: str):
        return self.request(self._url(verb="ListRecords", resumptionToken=token), self.parse_records,
                            dont_filter=True)

    async def parse_records(self, response: Response):
        """One ListRecords page. The next page is requested before this one is parsed, so the
        server prepares it while we parse and store: the harvest is a chain, and this keeps both
        ends busy (and the parser process: crawlers/parse_pool.py)."""
        early_token = oai.peek_token(response.body)
        if early_token:
            if early_token in self.seen_tokens:
                self.fail(f"resumption token repeated: {early_token!r}; stopping instead of looping", response.url)
                return
            self.seen_tokens.add(early_token)
            yield self._next_page(early_token)
        page = await self.parser.prepare(response.body, self.prefix, self.name)
        if page.error:
            for request in self._list_error(oai.OAIError(*page.error), response):
                yield request
            return
        if page.token != early_token:
            self.fail(f"badXML: resumption token {page.token!r} not found by the quick scan", response.url)
            return
        for output in self._take_page(page, response):
            yield output

    def _list_error(self, exc: oai.OAIError, response: Response) -> Iterator[Any]:
        if exc.code == "badResumptionToken" and self.restarts == 0:
            # an expired token: harvest again from this harvest's `from`; stored records are not duplicated
            self.restarts += 1
            self.crawler.stats.inc_value("nordcat/fault/bad_resumption_token")
            self.seen_tokens.clear()
            yield self._first_page()
            return
        self.fail(f"ListRecords: {exc.code}: {exc.message}", response.url)

    def _take_page(self, page: PreparedPage, response: Response) -> Iterator[Any]:
        stats = self.crawler.stats
        if page.recovered:
            stats.inc_value("nordcat/fault/recovered_xml")
            self.logger.warning("%s: recovered malformed XML in %s", self.name, response.url)
        if self.response_date is None:
            self.response_date = page.response_date
        stats.set_value("nordcat/response_date", self.response_date)
        if page.keys and page.keys == self.previous_keys:
            self.fail("the server returned the same records again; stopping instead of looping", response.url)
            return
        self.previous_keys = page.keys
        records = page.records
        if len(records) < len(page.keys):
            # a record we cannot key would be lost silently: truncated or malformed XML
            recovered = " after XML recovery" if page.recovered else ""
            self.fail(f"badXML: {len(page.keys) - len(records)} record(s) without identifier{recovered}",
                      response.url)
        self.pages += 1
        if page.complete_list_size:
            stats.set_value("nordcat/complete_list_size", page.complete_list_size)
        if records:
            item = self.page_item(response, records)
            if page.token:  # where to resume once this page's records are stored
                item["checkpoint"] = Checkpoint(self.name, self.prefix, self.source.set, self.harvest_from,
                                                self.response_date, page.token, self.pages)
            yield item
        if not page.token:
            stats.set_value("nordcat/complete", True)
            # a whole repository listed in this run: what it did not list has vanished
            resumed = stats.get_value("nordcat/resumed_at_page")
            stats.set_value("nordcat/full_listing", not self.harvest_from and not resumed)

    # --- GetRecord and ListIdentifiers ----------------------------------------------------------

    def parse_get_record(self, response: Response) -> Iterator[Any]:
        try:
            page = oai.parse_page(response.body, self.prefix)
        except oai.OAIError as exc:
            self.fail(f"GetRecord: {exc.code}: {exc.message}", response.url)
            return
        yield self.page_item(response, [oai_record(r, self.prefix, self.name) for r in page.records])

    def parse_identifiers(self, response: Response) -> Iterator[Any]:
        """The reconciliation pass: every identifier the source lists now, nothing else."""
        try:
            page = oai.parse_page(response.body, self.prefix)
        except oai.OAIError as exc:
            self.fail(f"ListIdentifiers: {exc.code}: {exc.message}", response.url)
            return
        self.context.store.mark_seen(self.name, [r.identifier for r in page.records if not r.deleted])
        if not page.token:
            self.crawler.stats.set_value("nordcat/listed_all", True)
        elif page.token in self.seen_id_tokens:
            self.fail(f"resumption token repeated in ListIdentifiers: {page.token!r}", response.url)
        else:
            self.seen_id_tokens.add(page.token)
            yield self.request(self._url(verb="ListIdentifiers", resumptionToken=page.token), self.parse_identifiers,
                               dont_filter=True)
