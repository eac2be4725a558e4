"""What the middlewares share: fault counting and a base for components that read the crawler."""
from __future__ import annotations

from urllib.parse import urlsplit


def count_fault(crawler, name: str, amount: float = 1) -> None:
    crawler.stats.inc_value(f"nordcat/fault/{name}", amount)


def is_robots_txt(url: str) -> bool:
    return urlsplit(url).path == "/robots.txt"


class CrawlerComponent:
    """A downloader middleware or extension that reads the crawler's spider, settings and stats."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)
