"""The sources' health history (pages/health.html, at /health): a row per source with its health
now, and its last runs as small cells, oldest first, each ok, failed or stale, in words as well as
colours, with its date and what happened in its title. From the catalogue's source_health table
(one row per source per crawl run, nordcat/health.py judges them; publish copies it)."""
from __future__ import annotations

from datasette.utils import tilde_encode

from publish.pages.common import DATABASE, catalogue, has_rows, label_maker, query

RUNS_SHOWN = 30  # the last month of nightly runs
CELL_STATES = ("ok", "failed", "stale")


async def health_data(datasette, request, lang: str) -> dict:
    db = catalogue(datasette)
    if "source_health" not in await db.table_names() or not await has_rows(db, "source_health"):
        return {"history_available": False}
    rows = await query(db, f"""
        SELECT source, run_id, checked_at, crawled, status, health, last_success, age_hours, stale, error FROM (
            SELECT *, row_number() OVER (PARTITION BY source ORDER BY checked_at DESC, run_id DESC) AS newest
            FROM source_health)
        WHERE newest <= {RUNS_SHOWN} ORDER BY source, checked_at, run_id""")
    titles = {row["name"]: row["title"] for row in await query(db, "SELECT name, title FROM sources")}
    word = label_maker(lang, "healths")
    by_source: dict[str, list[dict]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    return {"history_available": True, "runs_shown": RUNS_SHOWN, "legend": [(s, word(s)) for s in CELL_STATES],
            "sources": [
        source_row(datasette, name, titles.get(name) or name, runs, word) for name, runs in by_source.items()]}


def source_row(datasette, name: str, title: str, runs: list[dict], word) -> dict:
    """A source's health now (after its last run) and a cell for each of its runs."""
    now = runs[-1]
    return {"source": name, "title": title, "href": datasette.urls.row(DATABASE, "sources", tilde_encode(name)),
            "health": now["health"], "health_label": word(now["health"]), "error": now["error"],
            "last_success": shown_time(now["last_success"]),
            "age": f"{now['age_hours']:.0f}" if now["age_hours"] is not None else "",
            "cells": [cell(run, word) for run in runs]}


def cell_state(run: dict) -> str:
    """failed when the source was failing or dead after the run, else stale when no crawl had
    succeeded within its max_age_hours, else ok."""
    if run["health"] in ("failing", "dead"):
        return "failed"
    return "stale" if run["stale"] else "ok"


def cell(run: dict, word) -> dict:
    state = cell_state(run)
    details = [word(run["health"])]
    if not run["crawled"]:
        details.append(word("not_crawled"))
    if run["error"]:
        details.append(run["error"])
    return {"state": state, "label": word(state),
            "title": f"{shown_time(run['checked_at'])} UTC: {word(state)} ({'; '.join(details)})"}


def shown_time(iso: str | None) -> str | None:
    """'2026-01-03T02:00:00Z' as '2026-01-03 02:00'."""
    return iso[:16].replace("T", " ") if iso else None
