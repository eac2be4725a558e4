"""Progress of a crawl: a live rich display on a terminal, a plain log line every interval otherwise,
or with `--log-format json` (setting NORDCAT_LOG_FORMAT) a JSON event line (nordcat/events.py).

One instance per crawler (source); all of them share one display.
"""
from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from scrapy import signals

from nordcat.events import json_line, write_json_line

CONSOLE = Console(stderr=True)
_display: Progress | None = None
_open_spiders = 0


def _shared_display() -> Progress | None:
    global _display
    if _display is None and CONSOLE.is_terminal:
        _display = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                            console=CONSOLE, transient=True)
        _display.start()
    return _display


class CrawlProgress:
    """Counts pages and records of one source and shows them while the crawl runs."""

    def __init__(self, crawler, interval: float, run_id: str | None = None):
        self.crawler = crawler
        self.interval = interval
        self.run_id = run_id  # set: report progress as JSON event lines
        self.last_log = time.monotonic()
        self.task = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        as_json = settings.get("NORDCAT_LOG_FORMAT") == "json"
        extension = cls(crawler, settings.getfloat("NORDCAT_PROGRESS_INTERVAL", 10.0),
                        settings.get("NORDCAT_RUN_ID") if as_json else None)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.update, signal=signals.item_scraped)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider) -> None:
        global _open_spiders
        _open_spiders += 1
        display = None if self.run_id else _shared_display()  # a live display would break JSON lines
        if display is not None:
            self.task = display.add_task(self._describe())

    def update(self, item, response, spider) -> None:
        if _display is not None and self.task is not None:
            _display.update(self.task, description=self._describe())
        elif time.monotonic() - self.last_log >= self.interval:
            self.last_log = time.monotonic()
            if self.run_id:
                stats = self.crawler.stats
                write_json_line(json_line(self.run_id, "crawl", "progress", source=self.crawler.spider.name,
                                          counts={"pages": stats.get_value("nordcat/pages", 0),
                                                  "records": stats.get_value("nordcat/records", 0)},
                                          message=f"progress {self._describe()}"))
                return
            stamp = time.strftime("%H:%M:%S", time.gmtime())
            print(f"{stamp} progress {self._describe()}", file=sys.stderr, flush=True)

    def closed(self, spider, reason) -> None:
        global _display, _open_spiders
        _open_spiders -= 1
        if _display is not None and _open_spiders == 0:
            _display.stop()
            _display = None

    def _describe(self) -> str:
        stats = self.crawler.stats
        return (f"{self.crawler.spider.name}: {stats.get_value('nordcat/pages', 0)} pages, "
                f"{stats.get_value('nordcat/records', 0)} records")
