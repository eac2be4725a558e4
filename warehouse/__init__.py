"""The DuckDB warehouse: raw record versions with lineage, crawl state, and the curated tables
that `nordcat build` writes and `nordcat publish` reads.

One class, `Warehouse` (`from warehouse import Warehouse`), composed in warehouse/store.py of
mixins, one per owner; each method lives in the module of the layer that needs it:

- engine.py: `Engine`, the one DuckDB connection (memory limits, schema creation from schema.sql,
  `transaction()`, `build_memory()`, `snapshot_to()` for the downloads, `query()` for tests and
  inspection; a writer waits a moment for a reader such as `nordcat status`, a reader meets a
  writer with `WarehouseBusy`), and `utcnow()`. Only the mixins below use the connection (`self.con`); crawlers/,
  pipeline/, publish/ and nordcat/ call Warehouse methods and never touch it.
- raw.py: `RawRecords`, what the crawlers store: raw record versions (`add_records`,
  `add_reparsed` for `nordcat reparse`, both taking `nordcat.records.RawRecord`s), their heads
  (`mark_seen`, `held`), and a run's changes (`run_changes`).
- crawl_state.py: `CrawlState`, the crawlers' bookkeeping: crawl runs, OAI-PMH harvest
  checkpoints and reconciliation (`entomb_vanished`), page validators for conditional GET, full
  texts with their retry policy (`fulltext_candidates`), and each source's freshness
  (`freshness`, `record_health`: the source_health history).
- landing_log.py: `LandingLog`, the landing files `nordcat load` ingested (`loaded_files`,
  `log_loaded`) and the run lookups the job dispatcher needs (`expected_durations`).
- curated.py: `CuratedStore`, what the build reads and writes: stale and mapped records, works
  and their lineage, persons, organisations, derived tables, unmapped fields, relations.
- publish_reads.py: `PublishReads`, what publish reads: `read_table` (a table or named query in
  Arrow batches), `source_health`, `documents_per_source`.
- schema.sql: the DDL of every table, run when a warehouse is opened for writing.
"""
from warehouse.store import Warehouse

__all__ = ["Warehouse"]
