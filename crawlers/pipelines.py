"""Item pipeline: archive the response, then load its records into the warehouse in batches.

Spiders pass one item per *page* ({"response": ..., "records": [...]}), not one per record:
Scrapy's per-item overhead would otherwise dominate an OAI harvest of 100 records a page.
"""
from __future__ import annotations

from crawlers.archive import RawArchive
from warehouse.harvest_state import save_checkpoint

BATCH_SIZE = 2000


class WarehousePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.buffer: list[dict] = []
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
        if len(self.buffer) >= BATCH_SIZE:
            self.flush()
        return item

    async def close_spider(self) -> None:
        self.flush()
        self.archive.close()

    def flush(self) -> None:
        warehouse = self.context.warehouse
        with warehouse.transaction():  # records and the checkpoint after them: both or neither
            if self.buffer:
                stored = warehouse.add_records(self.buffer, run_id=self.context.run_id)
                self.crawler.stats.inc_value("nordcat/versions_stored", stored)
            if self.checkpoint:  # never ahead of the stored records: a checkpoint may lag, never lead
                save_checkpoint(warehouse.con, self.checkpoint)
        self.buffer = []
        self.checkpoint = None
