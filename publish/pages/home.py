"""The home page (index.html): counts per source, language, year and type, the newest works, the
last nightly run's health."""
from __future__ import annotations

from publish.pages.common import DATABASE, catalogue, document_url, documents_url, json_list, query

NEWEST_LIMIT = 10


async def home_data(datasette, request, lang: str) -> dict:
    db = catalogue(datasette)
    counts = lambda column: query(db, f"SELECT {column} AS value, count(*) AS n FROM documents "
                                      f"WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")
    by_source = await query(db, "SELECT name AS value, title, documents AS n FROM sources WHERE documents > 0 "
                                "ORDER BY documents DESC, name")
    for row in by_source:
        row["href"] = documents_url(datasette, sources__arraycontains=row["value"])
    holdings = {"by_source": by_source}
    for key, column in (("by_language", "language"), ("by_type", "doc_type")):
        holdings[key] = [{**row, "href": documents_url(datasette, **{column: row["value"]})}
                         for row in await counts(column)]
    years = await query(db, "SELECT year AS value, count(*) AS n FROM documents WHERE year IS NOT NULL "
                            "GROUP BY 1 ORDER BY 1 DESC")
    holdings["by_year"] = [{**row, "href": documents_url(datasette, year=row["value"])} for row in years]
    newest = await query(db, f"""SELECT id, title, authors, year, doc_type FROM documents
                                 ORDER BY date_issued DESC NULLS LAST, first_seen DESC, id LIMIT {NEWEST_LIMIT}""")
    for row in newest:
        row["href"] = document_url(datasette, row["id"])
        row["authors"] = json_list(row["authors"])
    [total] = await query(db, "SELECT count(*) AS n FROM documents")
    return {"holdings": holdings, "total": total["n"], "newest": newest, "health": await last_run(db),
            "search_url": datasette.urls.query(DATABASE, "search")}


async def last_run(db) -> dict | None:
    """The last crawl run (a reparse asks no source anything) and each source's state after it."""
    [latest] = await query(db, "SELECT run_id FROM crawl_runs WHERE kind <> 'reparse' "
                               "ORDER BY started_at DESC, run_id DESC LIMIT 1") or [None]
    if latest is None:
        return None
    sources = await query(db, """
        SELECT c.source, coalesce(s.title, c.source) AS title, c.status, s.health, c.started_at, c.ended_at,
               c.records_seen, c.records_new, c.records_held, c.error
        FROM crawl_runs AS c LEFT JOIN sources AS s ON s.name = c.source
        WHERE c.run_id = :run ORDER BY c.source""", {"run": latest["run_id"]})
    return {"run_id": latest["run_id"], "sources": sources}
