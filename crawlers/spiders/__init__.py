"""One spider per source kind; a source file's `kind` picks its spider.

The registry names each kind's spider by module and class and imports it on first use: the HTML
spiders bring trafilatura, extruct and BeautifulSoup (about half a second of imports), which a
crawl of OAI-PMH sources alone never needs.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from crawlers.spiders.base import SourceSpider

# kind -> "module:class"; the class's own `kind` must be its key (tests/core/test_registry.py)
SPIDER_CLASSES = {
    "oai-pmh": "crawlers.spiders.oai_pmh:OaiPmhSpider",
    "dspace-html": "crawlers.spiders.dspace_html:DspaceHtmlSpider",
    "docplayer": "crawlers.spiders.docplayer:DocplayerSpider",
    "web": "crawlers.spiders.web:WebSpider",
    "nva": "crawlers.spiders.nva:NvaSpider",
}


class SpiderRegistry(Mapping[str, type[SourceSpider]]):
    """kind -> spider class, each imported when it is first asked for."""

    def __init__(self, classes: dict[str, str]):
        self._classes = classes

    def __getitem__(self, kind: str) -> type[SourceSpider]:
        module, _, name = self._classes[kind].partition(":")
        return getattr(import_module(module), name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)


SPIDERS = SpiderRegistry(SPIDER_CLASSES)


def __getattr__(name: str) -> type[SourceSpider]:
    """`from crawlers.spiders import OaiPmhSpider` as before, imported when first named."""
    for path in SPIDER_CLASSES.values():
        module, _, class_name = path.partition(":")
        if class_name == name:
            return getattr(import_module(module), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
