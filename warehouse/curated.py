"""Curated tables: what `nordcat build` reads and writes (mapped records, works and their
lineage, persons, organisations, derived tables, the related-documents graph).

`CuratedStore` is a mixin of `Warehouse` (warehouse/store.py) over `Engine` (warehouse/engine.py),
whose connection `self.con` and `_insert` it uses. The build runs these methods inside one
transaction (`Warehouse.transaction`) with the memory limit raised (`Warehouse.build_memory`);
what publish reads of the curated tables is in warehouse/publish_reads.py.
"""
from __future__ import annotations

from typing import Iterator

import duckdb
import pyarrow as pa

from nordcat import dc, tables

# The full texts a record's first "nordcat.fulltext_url" may have: those fetched and read.
_FULLTEXT_OK = "SELECT source, url, sha256, text FROM fulltexts WHERE status = 'ok' AND text <> ''"

# Each work's related lists, one per (work, source): when one source gave a work two records
# with lists (two URLs of one page), the one with the smallest record key speaks for it.
_RELATED_LISTS = f"""
    SELECT s.document_id, s.source,
           CAST(json_extract(r.metadata, '$."{dc.RELATED_URL}"') AS VARCHAR[]) AS urls,
           CAST(json_extract(r.metadata, '$."{dc.RELATED_TITLE}"') AS VARCHAR[]) AS titles
    FROM document_sources s JOIN raw_records r USING (seq)
    WHERE json_exists(r.metadata, '$."{dc.RELATED_URL}"')
    QUALIFY row_number() OVER (PARTITION BY s.document_id, s.source ORDER BY s.record_key) = 1
    ORDER BY s.document_id, s.source"""

# A related URL names a work when one of the work's records has it as key or URL; should two
# works claim it, the record key wins, then the smallest work id. An equi-join on a lookup of
# both, not an OR in the join, which DuckDB could only run as a nested loop.
_INSERT_RELATIONS = """
    WITH targets AS (
        SELECT record_key AS target, document_id, 0 AS rank FROM document_sources
        UNION ALL
        SELECT url, document_id, 1 FROM document_sources WHERE url IS NOT NULL),
    best AS (  -- the first of (rank, document_id), without an ordered aggregate's per-group state
        SELECT target, coalesce(min(document_id) FILTER (WHERE rank = 0), min(document_id)) AS document_id
        FROM targets WHERE target IN (SELECT related_url FROM new_edges) GROUP BY target)
    INSERT INTO document_relations
    SELECT e.document_id, e.source, e.position, e.related_url, e.anchor_text, b.document_id
    FROM new_edges e LEFT JOIN best b ON b.target = e.related_url"""


def _shared(values: list) -> list:
    """The values, one object for each distinct value: to_pylist makes an object per row, and a
    million records name a few sources, publishers and years (about 60 bytes a row each)."""
    first: dict = {}
    return [first.setdefault(value, value) for value in values]


class CuratedStore:
    """Mixin of Warehouse: the build's reads and writes (see the module docstring)."""

    con: duckdb.DuckDBPyConnection  # Engine's

    # The tables that hold rows of a work, and the column naming the work: a build keeps or
    # rewrites a work's rows in all of them together.
    WORK_TABLES = {"documents": "id", "document_sources": "document_id", "person_mentions": "document_id",
                   "document_persons": "document_id", "document_organisations": "document_id",
                   "document_places": "document_id", "document_topics": "document_id", "document_models": "document_id",
                   "cases": "document_id",
                   "case_partners": "document_id"}

    def stale_records(self, contexts: dict[str | None, str], *, full: bool,
                      batch_size: int) -> Iterator[pa.RecordBatch]:
        """The live head versions (seq, source, record_key, url, metadata, fulltext_url: the first
        "nordcat.fulltext_url", fulltext_sha256 and fulltext: its text where one was read) that
        mapped_records lacks, holds under another mapping context
        (`contexts`: source -> context, under None for a source not in the registry) or
        with another full text; all of them when `full`. Their old rows and those of versions
        no longer live are deleted first. Batches in no particular order (sorting the metadata of
        a million records would not fit the memory limit), read on a cursor of their own so that
        the caller can store mapped rows meanwhile."""
        con = self.con
        if full:
            con.execute("DELETE FROM mapped_records")
        build_contexts = pa.table({"source": pa.array(list(contexts), pa.string()),  # None: a source not known
                                   "context": pa.array(list(contexts.values()), pa.string())})
        stale = self._with_rows("build_contexts", build_contexts, f"""
            SELECT h.seq FROM record_heads h
            LEFT JOIN mapped_records m USING (seq)
            LEFT JOIN build_contexts c ON c.source = h.source
            LEFT JOIN ({_FULLTEXT_OK}) f ON f.source = h.source AND f.url = m.fulltext_url
            WHERE NOT h.deleted
              AND (m.seq IS NULL
                   OR m.context <> coalesce(c.context, (SELECT context FROM build_contexts WHERE source IS NULL))
                   OR m.fulltext_sha256 IS DISTINCT FROM f.sha256)""").to_arrow_table()
        self._with_rows("stale_seqs", stale, """
            DELETE FROM mapped_records
            WHERE seq IN (SELECT seq FROM stale_seqs)
               OR seq NOT IN (SELECT seq FROM record_heads WHERE NOT deleted)""")
        cursor = con.cursor()
        try:
            yield from cursor.from_arrow(stale).query("stale_seqs", f"""
                WITH stale AS (
                    SELECT r.seq, r.source, r.record_key, r.url, r.metadata,
                           json_extract_string(r.metadata, '{dc.json_path(dc.FULLTEXT_URL)}') AS fulltext_url
                    FROM stale_seqs JOIN raw_records r USING (seq))
                SELECT stale.*, f.sha256 AS fulltext_sha256, f.text AS fulltext FROM stale
                LEFT JOIN ({_FULLTEXT_OK}) f ON f.source = stale.source AND f.url = stale.fulltext_url
                """).to_arrow_reader(batch_size)
        finally:
            cursor.close()

    def store_mapped(self, rows: pa.Table) -> None:
        self._insert("mapped_records", rows)

    def mapped_keys(self) -> dict[str, list]:
        """Every live record's (source, record_key, seq), match keys (JSON) and the fields the
        fuzzy merge compares (title, authors as JSON, year, publisher, series with its number, title
        parts as JSON), in (source, record_key) order."""
        table = self.con.sql("""
            SELECT source, record_key, seq, keys, title, authors, year, publisher, series, title_parts
            FROM mapped_records ORDER BY source, record_key""").to_arrow_table()
        columns = [_shared(table["source"].to_pylist()), table["record_key"].to_pylist(), table["seq"].to_pylist()]
        return {"members": list(zip(*columns)),
                **{name: table[name].to_pylist() for name in ("keys", "title", "authors", "series", "title_parts")},
                **{name: _shared(table[name].to_pylist()) for name in ("year", "publisher")}}

    def merge_memory(self) -> tuple[pa.Array, pa.Table]:
        """What the last build's fuzzy merge compared and found (pipeline/merge/memory.py): its
        block digests, and its edges (seq_a, seq_b, kinds, score, rank)."""
        blocks = self.con.sql("SELECT digest FROM merge_blocks").to_arrow_table()["digest"]
        return blocks, self.con.sql("SELECT seq_a, seq_b, kinds, score, rank FROM merge_edges").to_arrow_table()

    def merge_records(self, seqs: list[int]) -> pa.Table:
        """The last build's merge memory of these records (seq, version, blocks)."""
        return self._with_rows("wanted_seqs", pa.table({"seq": pa.array(seqs, pa.int64())}),
                               "SELECT seq, version, blocks FROM merge_records JOIN wanted_seqs USING (seq)"
                               ).to_arrow_table()

    def replace_merge_memory(self, blocks: pa.Table, edges: pa.Table, records: pa.Table) -> None:
        """Keep this build's block digests, fuzzy edges and records for the next, inside its transaction."""
        self.replace_table("merge_blocks", blocks)
        self.replace_table("merge_edges", edges)
        self.replace_table("merge_records", records)

    def linked_documents(self) -> list[tuple[str, str, str]]:
        """(source, record_key, URL of the page it was found on) of every live record of a
        document linked from a page ("nordcat.found_on")."""
        return self.con.execute(f"""
            SELECT h.source, h.record_key, r.metadata->>'{dc.json_path(dc.FOUND_ON)}' AS page
            FROM record_heads h JOIN raw_records r USING (seq)
            WHERE NOT h.deleted AND page IS NOT NULL ORDER BY h.source, h.record_key""").fetchall()

    def mapped_works(self, seqs: list[int]) -> dict[int, str]:
        """seq -> the cached mapped record (JSON) of these records."""
        table = self._with_rows("wanted_seqs", pa.table({"seq": pa.array(seqs, pa.int64())}),
                                "SELECT seq, work FROM mapped_records JOIN wanted_seqs USING (seq)").to_arrow_table()
        return dict(zip(table["seq"].to_pylist(), table["work"].to_pylist()))

    def previous_ids(self) -> dict[tuple[str, str], str]:
        """(source, record_key) -> work id of the last build, so ids stay stable across runs."""
        rows = self.con.execute("SELECT source, record_key, document_id FROM document_sources").fetchall()
        return {(s, k): d for s, k, d in rows}

    def changed_works(self, members: pa.Table) -> set[str]:
        """The works whose record versions differ between `members` (work id, seq: the works as
        clustered now) and the last build; ids of either side."""
        rows = self._with_rows("new_members", members, """
            SELECT DISTINCT coalesce(n.id, s.document_id)
            FROM new_members n FULL OUTER JOIN document_sources s ON s.document_id = n.id AND s.seq = n.seq
            WHERE n.id IS NULL OR s.document_id IS NULL""").fetchall()
        return {work_id for (work_id,) in rows}

    def drop_works(self, kept: list[str] | None) -> None:
        """Delete the rows of every work except the `kept` ones (None: of every work)."""
        if kept is None:
            self.empty_tables(list(self.WORK_TABLES))
            return
        kept_works = pa.table({"id": pa.array(kept, pa.string())})
        for table, column in self.WORK_TABLES.items():
            self._with_rows("kept_works", kept_works,
                            f"DELETE FROM {table} WHERE {column} NOT IN (SELECT id FROM kept_works)")

    def update_redirects(self, moved: dict[str, str], gone: list[str], live: list[str], at: str) -> None:
        """Keep work_redirects whole across builds (pipeline/redirects.py), inside the build's
        transaction and before the last build's works are dropped (their titles are read here):
        this build's moved ids (old id -> live work) and gone ids, with what they were; earlier
        rows that led to a work that moved now lead where it went, or are gone with it; an id
        that names a live work again (`live`: this build's work ids) is no redirect. `at`: now, UTC
        ISO 8601; a gone work's time is its sources' last tombstone."""
        # each id with the build's time: a statement reading Arrow rows takes no parameters
        moved_ids = pa.table({"id": pa.array(list(moved), pa.string()),
                              "target": pa.array(list(moved.values()), pa.string()),
                              "at": pa.array([at] * len(moved), pa.string())})
        gone_ids = pa.table({"id": pa.array(gone, pa.string()), "at": pa.array([at] * len(gone), pa.string())})
        self._with_rows("moved_ids", moved_ids, "DELETE FROM work_redirects WHERE id IN (SELECT id FROM moved_ids)")
        self._with_rows("gone_ids", gone_ids, "DELETE FROM work_redirects WHERE id IN (SELECT id FROM gone_ids)")
        self._with_rows("moved_ids", moved_ids, """
            INSERT INTO work_redirects
            SELECT m.id, 'moved', m.target, d.title, coalesce(d.sources, '[]'), m.at
            FROM moved_ids m LEFT JOIN documents d USING (id)""")
        self._with_rows("gone_ids", gone_ids, """
            INSERT INTO work_redirects
            SELECT g.id, 'gone', NULL, d.title, coalesce(d.sources, '[]'), coalesce(t.deleted_at, g.at)
            FROM gone_ids g LEFT JOIN documents d USING (id)
            LEFT JOIN (SELECT s.document_id, strftime(max(r.fetched_at), '%Y-%m-%dT%H:%M:%SZ') AS deleted_at
                       FROM document_sources s JOIN record_heads h USING (source, record_key)
                       JOIN raw_records r ON r.seq = h.seq
                       WHERE h.deleted AND s.document_id IN (SELECT id FROM gone_ids)
                       GROUP BY s.document_id) t ON t.document_id = g.id""")
        self._with_rows("moved_ids", moved_ids, """
            UPDATE work_redirects SET target = m.target FROM moved_ids m WHERE work_redirects.target = m.id""")
        self._with_rows("gone_ids", gone_ids, """
            UPDATE work_redirects SET status = 'gone', target = NULL, changed_at = g.at
            FROM gone_ids g WHERE work_redirects.target = g.id""")
        self._with_rows("live_ids", pa.table({"id": pa.array(live, pa.string())}),
                        "DELETE FROM work_redirects WHERE id IN (SELECT id FROM live_ids)")

    def add_works(self, tables: dict[str, pa.Table]) -> None:
        """Insert the rows of combined works (WORK_TABLES name -> rows)."""
        for name, rows in tables.items():
            self._insert(name, rows)

    def update_seen_dates(self) -> None:
        """Every work's first_seen and last_seen from its records' heads (they move without a
        new version: a record seen again is not a changed record)."""
        self.con.execute("""
            UPDATE documents SET first_seen = seen.first_seen, last_seen = seen.last_seen
            FROM (SELECT s.document_id,
                         strftime(min(h.first_seen), '%Y-%m-%dT%H:%M:%SZ') AS first_seen,
                         strftime(max(h.last_seen), '%Y-%m-%dT%H:%M:%SZ') AS last_seen
                  FROM document_sources s JOIN record_heads h USING (source, record_key)
                  GROUP BY s.document_id) AS seen
            WHERE documents.id = seen.document_id
              AND (documents.first_seen IS DISTINCT FROM seen.first_seen
                   OR documents.last_seen IS DISTINCT FROM seen.last_seen)""")

    def person_keys_outside(self, kept: list[str]) -> set[str]:
        """The person keys of the works not in `kept` (those a build drops or recombines)."""
        rows = self._with_rows("kept_works", pa.table({"id": pa.array(kept, pa.string())}),
                               "SELECT DISTINCT person_key FROM person_mentions WHERE person_key IS NOT NULL "
                               "AND document_id NOT IN (SELECT id FROM kept_works)").fetchall()
        return {key for (key,) in rows}

    def person_keys(self) -> list[str]:
        """Every person key the works' mentions name, in order."""
        return [key for (key,) in self.con.execute(
            "SELECT DISTINCT person_key FROM person_mentions WHERE person_key IS NOT NULL ORDER BY 1").fetchall()]

    def linked_person_keys(self, keys: set[str]) -> list[str]:
        """The keys and every key that shares an ORCID or a Cristin id with one of them, transitively."""
        found, frontier = set(keys), set(keys)
        while frontier:
            rows = self._with_rows("frontier", pa.table({"key": pa.array(sorted(frontier), pa.string())}), """
                SELECT DISTINCT b.person_key FROM person_mentions a JOIN person_mentions b USING (orcid)
                WHERE a.person_key IN (SELECT key FROM frontier)
                UNION
                SELECT DISTINCT b.person_key FROM person_mentions a JOIN person_mentions b USING (cristin_id)
                WHERE a.person_key IN (SELECT key FROM frontier)""").fetchall()
            frontier = {key for (key,) in rows} - found
            found |= frontier
        return sorted(found)

    def person_mentions(self, keys: list[str] | None) -> tuple[list[dict], dict[str, set[str]]]:
        """The mentions of these person keys (None: all), in no particular order, and, for the
        works they are in, every person key of the work (for the co-author context; empty when
        all were asked for)."""
        columns = "document_id, role, position, name, orcid, cristin_id"
        if keys is None:
            return self.con.sql(f"SELECT {columns} FROM person_mentions").to_arrow_table().to_pylist(), {}
        wanted_keys = pa.table({"key": pa.array(keys, pa.string())})
        mentions = self._with_rows("wanted_keys", wanted_keys, f"""
            SELECT {columns} FROM person_mentions WHERE person_key IN (SELECT key FROM wanted_keys)
            """).to_arrow_table().to_pylist()
        pairs = self._with_rows("wanted_keys", wanted_keys, """
            SELECT document_id, list(DISTINCT person_key) FROM person_mentions
            WHERE person_key IS NOT NULL AND document_id IN (
                SELECT document_id FROM person_mentions WHERE person_key IN (SELECT key FROM wanted_keys))
            GROUP BY document_id""").fetchall()
        return mentions, {document: set(keys) for document, keys in pairs}

    def replace_persons(self, keys: list[str] | None, persons: pa.Table, credits: pa.Table) -> None:
        """Replace the credits of the mentions of these person keys (None: all credits) and the
        persons they name; a person no work credits any more goes."""
        if keys is None:
            self.empty_tables(["document_persons", "persons"])
        else:
            self._with_rows("wanted_keys", pa.table({"key": pa.array(keys, pa.string())}), """
                DELETE FROM document_persons USING person_mentions m
                WHERE m.person_key IN (SELECT key FROM wanted_keys) AND m.position IS NOT NULL
                  AND document_persons.document_id = m.document_id AND document_persons.role = m.role
                  AND document_persons.position = m.position""")
        self._insert("document_persons", credits)
        self._with_rows("new_persons", persons, "DELETE FROM persons WHERE id IN (SELECT id FROM new_persons) "
                                                "OR id NOT IN (SELECT person_id FROM document_persons)")
        self._insert("persons", persons)

    def organisation_names(self) -> list[tuple[str, list[str], int]]:
        """Per organisation: the spellings its works' records used (sorted) and its works."""
        return self.con.execute("""
            SELECT organisation_id, list(DISTINCT name ORDER BY name), count(DISTINCT document_id)
            FROM document_organisations GROUP BY organisation_id ORDER BY organisation_id""").fetchall()

    def replace_table(self, name: str, rows: pa.Table) -> None:
        """All rows of a derived table, inside the caller's transaction."""
        self.empty_tables([name])
        self._insert(name, rows)

    def empty_tables(self, names: list[str]) -> None:
        """These curated tables without a row, inside the caller's transaction: new tables as
        nordcat/tables.py declares them, not a DELETE. DuckDB (2.0) commits a DELETE of every row
        of a table with a primary key followed by rows with the same keys in seconds per 100,000
        rows (a second full build of 200,000 records spent 50 s in its COMMIT); a new table, at once."""
        for name in names:
            self.con.execute(f"DROP TABLE {name}")
        self.con.execute(tables.duckdb_ddl(names))

    def replace_unmapped_fields(self) -> list[tuple[str, str, int]]:
        """Rewrite unmapped_fields from the cached mappings: per source and dc key that no mapping
        rule reads, the live records that carry it and the example of the first of them in
        record_key order (so it stays the same from build to build). Returns (source, field,
        records)."""
        self.con.execute("DELETE FROM unmapped_fields")
        self.con.execute("""
            INSERT INTO unmapped_fields
            SELECT source, u.field, count(*), first(u.example ORDER BY record_key)
            FROM (SELECT source, record_key, unnest(unmapped) AS u FROM mapped_records)
            GROUP BY source, u.field""")
        return self.con.execute("SELECT source, field, records FROM unmapped_fields ORDER BY ALL").fetchall()

    # --- the related-documents graph (pipeline/relations.py) ------------------------------------

    def related_lists(self) -> list[tuple[str, str, list[str], list[str] | None]]:
        """(work id, source, related URLs, their titles or None) of every work whose records list
        related documents, one list per work and source, in (work, source) order."""
        return self.con.execute(_RELATED_LISTS).fetchall()

    def replace_relations(self, edges: pa.Table) -> None:
        """Rewrite document_relations from `edges` (document_id, source, position, related_url,
        anchor_text), each resolved to the work it leads to, if any; inside a build's transaction
        it joins it, alone it is a transaction of its own."""
        with self.transaction():
            self.con.execute("DELETE FROM document_relations")
            if edges.num_rows:  # the targets of a million works need not be resolved for none
                self._with_rows("new_edges", edges, _INSERT_RELATIONS)
