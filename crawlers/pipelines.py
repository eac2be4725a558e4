"""Item pipelines: archive the response, then load what it holds into the warehouse in batches.

Source spiders pass one item per *page* ({"response": ..., "records": [...]}), not one per
record: Scrapy's per-item overhead would otherwise dominate an OAI harvest of 100 records a page.
The full-text step (crawlers/spiders/fulltext.py) passes one item per PDF to FulltextPipeline.
"""
from __future__ import annotations

import asyncio
from typing import Any

from crawlers.archive import RawArchive
from crawlers.fulltext import examine
from nordcat.records import RawRecord
from warehouse.store import utcnow

BATCH_SIZE = 2000  # records a batch, unless the setting NORDCAT_BATCH_SIZE says otherwise
FULLTEXT_BATCH_SIZE = 200  # rows carry up to a million characters of text each


class WarehousePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.buffer: list[RawRecord] = []  # nordcat.records.RawRecord, as the spiders made them
        self.batch_size = crawler.settings.getint("NORDCAT_BATCH_SIZE", BATCH_SIZE)
        self.checkpoint = None  # the harvest checkpoint of the newest buffered page

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def open_spider(self) -> None:
        spider = self.crawler.spider
        self.context = spider.context
        self.archive = RawArchive(self.context.raw_dir, spider.name, self.context.run_id)

    async def process_item(self, item):
        self.archive.write(item["response"])
        self.buffer.extend(item["records"])
        self.checkpoint = item.get("checkpoint") or self.checkpoint
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    async def close_spider(self) -> None:
        self.flush()
        self.archive.close()

    def flush(self) -> None:
        store = self.context.store
        with store.transaction():  # records and the checkpoint after them: both or neither
            if self.buffer:
                stored = store.add_records(self.buffer, run_id=self.context.run_id)
                self.crawler.stats.inc_value("nordcat/versions_stored", stored)
            if self.checkpoint:  # never ahead of the stored records: a checkpoint may lag, never lead
                store.save_checkpoint(self.checkpoint)
        self.buffer = []
        self.checkpoint = None


class FulltextPipeline:
    """Archives each answer, extracts its text off the reactor thread, stores rows in batches."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.rows: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def open_spider(self) -> None:
        spider = self.crawler.spider
        self.source = spider.name
        self.context = spider.context
        self.archive = RawArchive(self.context.raw_dir, spider.name, f"{self.context.run_id}.fulltext")

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        response = item.get("response")
        if response is None:
            result = item["fulltext"]
        else:
            # archived under the URL the record names (not a redirect's): reparse keys its row by it
            self.archive.write(response.replace(url=item["url"]))
            result = await asyncio.to_thread(examine, response.status, response.body)
        if result.status != "skipped":  # skips are counted where they happen, as skipped/<reason>
            self.crawler.stats.inc_value("nordcat/fulltexts" if result.status == "ok" else "nordcat/fulltext_failed")
        self.rows.append(result.row(source=self.source, url=item["url"], run_id=self.context.run_id,
                                    fetched_at=utcnow()))
        if len(self.rows) >= FULLTEXT_BATCH_SIZE:
            self.flush()
        return item

    async def close_spider(self) -> None:
        self.flush()
        self.archive.close()

    def flush(self) -> None:
        self.context.store.store_fulltexts(self.rows)
        self.rows = []
