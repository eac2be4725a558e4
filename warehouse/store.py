"""The `Warehouse` class, composed of the mixins that own each part of the DuckDB warehouse
(warehouse/__init__.py says what is where). `from warehouse.store import Warehouse, utcnow`
and `from warehouse import Warehouse` name the same class.
"""
from __future__ import annotations

from warehouse.crawl_state import CrawlState
from warehouse.curated import CuratedStore
from warehouse.engine import Engine, WarehouseBusy, utcnow
from warehouse.landing_log import LandingLog
from warehouse.publish_reads import PublishReads
from warehouse.raw import RawRecords

__all__ = ["Warehouse", "WarehouseBusy", "utcnow"]


class Warehouse(RawRecords, CrawlState, CuratedStore, PublishReads, LandingLog, Engine):
    """The DuckDB warehouse: raw record versions with lineage, crawl state, curated tables.

    One object per open warehouse file (`with Warehouse(path) as warehouse:`); its methods are
    the only way into the database (no layer outside warehouse/ touches the connection)."""
