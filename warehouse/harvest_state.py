"""Harvest state as the crawlers call it: resumable checkpoints and reconciliation of vanished
records. The state and its rules live in warehouse/crawl_state.py (methods of `Warehouse`); these
functions are the names crawlers/ imports, and call those methods.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from warehouse.crawl_state import Checkpoint

if TYPE_CHECKING:
    from warehouse.store import Warehouse

__all__ = ["Checkpoint", "load_checkpoint", "clear_checkpoint", "last_reconciled", "entomb_vanished"]


def load_checkpoint(warehouse: Warehouse, source: str) -> Checkpoint | None:
    return warehouse.load_checkpoint(source)


def clear_checkpoint(warehouse: Warehouse, source: str) -> None:
    warehouse.clear_checkpoint(source)


def last_reconciled(warehouse: Warehouse, source: str) -> datetime | None:
    return warehouse.last_reconciled(source)


def entomb_vanished(warehouse: Warehouse, run_id: str, source: str) -> int:
    """Tombstones for live records a complete listing of this run did not mention."""
    return warehouse.entomb_vanished(run_id, source)
