"""Page state of HTML sources as the crawlers call it: conditional GET, and the record count of
the last run. The state and its rules (validators may lag behind the records, never run ahead of
them) live in warehouse/crawl_state.py (methods of `Warehouse`); these functions are the names
crawlers/ imports, and call those methods.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from warehouse.crawl_state import PageState

if TYPE_CHECKING:
    from warehouse.store import Warehouse

__all__ = ["PageState", "load", "save", "last_ok_records"]


def load(warehouse: Warehouse, source: str) -> dict[str, PageState]:
    """The remembered record pages of a source, by canonical URL."""
    return warehouse.load_pages(source)


def save(warehouse: Warehouse, source: str, pages: Iterable[PageState]) -> None:
    """Remember (or update) record pages of records the warehouse holds."""
    warehouse.save_pages(source, pages)


def last_ok_records(warehouse: Warehouse, source: str) -> int | None:
    """Records the last healthy run of a source found, fetched or not modified; None before one."""
    return warehouse.last_ok_records(source)
