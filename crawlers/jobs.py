"""Crawl jobs: one generic spider per source kind, as Scrapyd (and `scrapy list`) sees them.

    scrapy crawl oai-pmh -a source=NAME -a run=RUN [-a attempt=ID] [-a source_file=PATH]
    scrapy crawl fulltext -a source=NAME -a run=RUN -a attempt=ID   (after the crawl attempt ID)

The source is found by name in NORDCAT_SOURCES_DIR (a setting; default the registry that travels
with the egg, crawlers/sources), or read from `source_file`, a path every node sees. A job never
opens the warehouse: it starts from the run's exported input.json and lands its records, raw
responses and state under NORDCAT_LANDING_DIR (crawlers/landing.py), finishing with _DONE once
the crawler's stats are final. Scrapyd's `_job` id names the attempt when none is given.
"""
from __future__ import annotations

import importlib.resources
import tempfile
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.settings import BaseSettings

from crawlers.landing import LandingRun, LandingStore, context_of, new_attempt
from crawlers.spiders import SPIDERS
from crawlers.spiders.base import SourceSpider, politeness_settings
from crawlers.spiders.fulltext import FulltextSpider
from nordcat.sources import RegistryError, Source, load_source


def job_source(settings: BaseSettings, source: str | None, source_file: str | None) -> Source:
    """The source a job crawls: its file by path, or by name in the registry."""
    if source_file:
        return load_source(Path(source_file))
    if not source:
        raise RegistryError("a crawl job needs -a source=NAME or -a source_file=PATH")
    folder = settings.get("NORDCAT_SOURCES_DIR")
    if folder:
        return load_source(Path(folder) / f"{source}.yml")
    packaged = importlib.resources.files("crawlers") / "sources" / f"{source}.yml"
    if not packaged.is_file():
        raise RegistryError(f"no source file {source}.yml in the registry that came with the project")
    with tempfile.TemporaryDirectory() as folder:  # in an egg the file sits inside a zip
        path = Path(folder) / f"{source}.yml"
        path.write_text(packaged.read_text(encoding="utf-8"), encoding="utf-8")
        return load_source(path)


def landing_root(settings: BaseSettings) -> Path:
    root = settings.get("NORDCAT_LANDING_DIR")
    if not root:
        raise ValueError("the setting NORDCAT_LANDING_DIR names no landing directory")
    return Path(root)


class JobSpider:
    """Mixin before a SourceSpider: builds the spider from job arguments and lands its output."""

    step = ""  # "" for the crawl, "fulltext" for the full-text step (a folder of the attempt)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, source: str | None = None, source_file: str | None = None,
                     run: str | None = None, attempt: str | None = None, **kwargs: Any):
        found = job_source(crawler.settings, source, source_file)
        if cls.step == "" and found.kind != cls.kind:
            raise RegistryError(f"{found.name} is a {found.kind} source, not {cls.kind}")
        if not run:
            raise ValueError("a crawl job needs -a run=RUN (the run whose input.json the writer exported)")
        attempt = attempt or kwargs.get("_job") or new_attempt()
        landing = LandingRun(landing_root(crawler.settings), found.name, run)
        attempt_dir = landing.attempt(attempt)
        store = LandingStore(landing.read_input(), attempt_dir / cls.step, crawl_dir=attempt_dir)
        for key, value in politeness_settings(found).items():
            crawler.settings.set(key, value, priority="spider")
        spider = super().from_crawler(crawler, *args, source=found, context=context_of(
            store.state, store, attempt_dir / cls.step / "raw"), **kwargs)
        spider.attempt = attempt
        # engine_stopped comes after the stats are final (finish_reason, elapsed time)
        crawler.signals.connect(lambda: store.finish(crawler.stats.get_stats()), signals.engine_stopped, weak=False)
        return spider


def job_spider(spider_cls: type[SourceSpider], name: str, step: str = "") -> type:
    return type(f"{spider_cls.__name__}Job", (JobSpider, spider_cls), {"name": name, "step": step})


FULLTEXT = "fulltext"  # the full-text step's job, run after a crawl attempt that finished well
# by kind, and FULLTEXT; Scrapy's spider loader (SPIDER_MODULES, `scrapy list`) finds each once
# among this module's names, so no other module-level name may hold one
JOB_SPIDERS: dict[str, type] = {kind: job_spider(cls, kind) for kind, cls in SPIDERS.items()}
JOB_SPIDERS[FULLTEXT] = job_spider(FulltextSpider, FULLTEXT, FULLTEXT)
globals().update({spider.__name__: spider for spider in JOB_SPIDERS.values()})
