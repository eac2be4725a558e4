"""NVA, Norway's national research archive (Sikt), harvested over its public REST API.

The source's `url` is the API base (https://api.nva.unit.no); `query`, `organizations` and
`instance_types` scope the harvest. Search pages (GET /search/resources, 100 hits, sorted by
modifiedDate) are followed through `nextSearchAfterResults`: a search_after cursor has no
10,000-hit ceiling as from/size has, and a work modified during the harvest moves behind the
cursor, so it is met again rather than missed. The API keeps offering a cursor while
from + size < totalHits, even after the last hit, so a short page ends the chain.

Incremental: `modified_since` is the Date header of the last complete harvest's first page, an
hour early, because the search index trails the database. A search hit is the expanded index
document (series, journal and publisher names filled in) with at most ten contributors; when
`contributorsCount` says there are more, the full list comes from GET /publication/{id}.
The public search shows published works only, so an unpublished work simply disappears: the
reconciliation pass lists every identifier in scope (`nodes_included=identifier`), and
crawlers/run.py entombs the records it no longer lists. A work unpublished between search and
detail fetch answers 410 Gone and becomes a tombstone at once.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Iterator
from urllib.parse import urlencode

from scrapy.http import Response

from crawlers.parsers import nva
from crawlers.spiders.base import SourceSpider
from nordcat.records import RawRecord, raw_record

PAGE_SIZE = 100
LISTING_PAGE_SIZE = 1000  # the largest page the API serves
INDEX_LAG = timedelta(hours=1)
RECORD_FORMAT = "nva-json"
STAMP = "%Y-%m-%dT%H:%M:%SZ"


class NvaSpider(SourceSpider):
    kind = "nva"
    incremental = True
    # a cursor chain is as deep as the archive is large; repeated cursors end loops instead
    custom_settings = {"DEPTH_LIMIT": 0}

    async def start(self):
        self.api = str(self.source.url).rstrip("/")
        self.landing = nva.landing_base(self.api)
        self.cursors: set[str] = set()
        self.since = None if self.context.full_harvest else self.context.harvest_from
        if self.context.record_id:  # `nordcat crawl --record`: one publication, in its search-hit form
            yield self._search({"id": self.context.record_id, "size": str(PAGE_SIZE)}, self.parse_search)
            return
        params = {**self._scope(), "sort": "modifiedDate:asc", "size": str(PAGE_SIZE), "aggregation": "none"}
        if self.since:
            params["modified_since"] = (datetime.fromisoformat(self.since) - INDEX_LAG).strftime(STAMP)
            self.crawler.stats.set_value("nordcat/harvest_from", params["modified_since"])
        yield self._search(params, self.parse_search)
        if self.context.reconcile and self.since:
            params = {**self._scope(), "nodes_included": "identifier", "sort": "modifiedDate:asc",
                      "size": str(LISTING_PAGE_SIZE), "aggregation": "none"}
            yield self._search(params, self.parse_listing)

    def _scope(self) -> dict[str, str]:
        scope = {"query": self.source.query or "",
                 "topLevelOrganization": ",".join(self.source.organizations),
                 "instanceType": ",".join(self.source.instance_types)}
        return {name: value for name, value in scope.items() if value}

    def _search(self, params: dict[str, str], callback):
        return self._get(f"{self.api}/search/resources?{urlencode(params)}", callback)

    def _get(self, url: str, callback, **kwargs: Any):
        return self.request(url, callback, dont_filter=True, headers={"Accept": "application/json"}, **kwargs)

    # --- the harvest ---------------------------------------------------------------------------

    def parse_search(self, response: Response) -> Iterator[Any]:
        page = self._json(response)
        if page is None:
            return
        stats = self.crawler.stats
        if not stats.get_value("nordcat/response_date"):
            stats.set_value("nordcat/total_hits", page.get("totalHits"))
            stats.set_value("nordcat/response_date", _server_time(response))
        hits = self._keyed(page, response)
        records = []
        for hit in hits:
            if nva.contributors_truncated(hit):
                yield self._get(f"{self.api}/publication/{hit['identifier']}", self.parse_publication,
                                cb_kwargs={"hit": hit}, meta={"handle_httpstatus_list": [404, 410]})
            else:
                records.append(self._record(hit))
        if records:
            yield self.page_item(response, records)
        next_page = self._next(page, hits, PAGE_SIZE, response)
        if next_page:
            yield self._get(next_page, self.parse_search)
        else:
            stats.set_value("nordcat/complete", True)
            # the whole scope came in this run: what it did not bring is gone (crawlers/run.py)
            stats.set_value("nordcat/full_listing", not self.since)

    def parse_publication(self, response: Response, hit: dict[str, Any]) -> Iterator[Any]:
        """The full contributor list of a hit that showed only a preview; 410/404: gone since."""
        if response.status in (404, 410):
            yield self.page_item(response, [raw_record(
                source=self.name, key=hit["identifier"], url=nva.landing_page(self.landing, hit["identifier"]),
                fmt=RECORD_FORMAT, payload=response.text, metadata={}, deleted=True)])
            return
        publication = self._json(response)
        if publication is not None:
            yield self.page_item(response, [self._record(nva.with_contributors(hit, publication))])

    def _record(self, doc: dict[str, Any]) -> RawRecord:
        identifier = doc["identifier"]
        return raw_record(
            source=self.name, key=identifier, url=nva.landing_page(self.landing, identifier), fmt=RECORD_FORMAT,
            payload=json.dumps(doc, ensure_ascii=False, sort_keys=True), metadata=nva.to_dc(doc, self.landing),
            deleted=nva.is_withdrawn(doc), datestamp=doc.get("modifiedDate"))

    # --- reconciliation ------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Every identifier in scope, a thousand a page: what is listed is still published."""
        page = self._json(response)
        if page is None:
            return
        hits = self._keyed(page, response)
        self.context.store.mark_seen(self.name, [hit["identifier"] for hit in hits])
        next_page = self._next(page, hits, LISTING_PAGE_SIZE, response)
        if next_page:
            yield self._get(next_page, self.parse_listing)
        else:
            self.crawler.stats.set_value("nordcat/listed_all", True)

    # --- shared --------------------------------------------------------------------------------

    def _json(self, response: Response) -> dict[str, Any] | None:
        try:
            document = json.loads(response.text)
        except ValueError as exc:
            self.fail(f"badJSON: {exc}", response.url)
            return None
        if not isinstance(document, dict):
            self.fail("badJSON: not a JSON object", response.url)
            return None
        return document

    def _keyed(self, page: dict[str, Any], response: Response) -> list[dict[str, Any]]:
        """The hits of a page; a hit without identifier cannot be stored, which fails the run."""
        hits = page.get("hits") or []
        keyed = [hit for hit in hits if isinstance(hit, dict) and hit.get("identifier")]
        if len(keyed) < len(hits):
            self.fail(f"badJSON: {len(hits) - len(keyed)} hit(s) without identifier", response.url)
        return keyed

    def _next(self, page: dict[str, Any], hits: list, size: int, response: Response) -> str | None:
        """The next page's URL, None after the last page (a repeated cursor also fails the run)."""
        cursor = page.get("nextSearchAfterResults")
        if len(hits) < size or not cursor:
            return None
        if cursor in self.cursors:
            self.fail(f"search cursor repeated: {cursor}; stopping instead of looping", response.url)
            return None
        self.cursors.add(cursor)
        return cursor


def _server_time(response: Response) -> str | None:
    """The server's clock from the Date header, as the next harvest's `modified_since`."""
    header = response.headers.get("Date")
    if not header:
        return None
    return parsedate_to_datetime(header.decode("latin-1")).astimezone(timezone.utc).strftime(STAMP)
