"""The data dictionary (pages/dictionary.html): every table and column, and the canned queries."""
from __future__ import annotations

from publish.pages.common import DATABASE, catalogue

FTS5_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")


async def dictionary_data(datasette, request, lang: str) -> dict:
    db = catalogue(datasette)
    hidden = set(await db.hidden_table_names())
    names = await db.table_names()
    virtual = {name for name in names if not name.endswith(FTS5_SHADOWS)}
    tables = []
    for name in [*sorted(names), *sorted(await db.view_names())]:
        metadata = datasette.table_metadata(DATABASE, name)
        described = metadata.get("columns", {})
        index = next((v for v in virtual if v != name and name.startswith(v + "_")), None)
        description = metadata.get("description") or (
            f"FTS5 shadow table of {index} (SQLite keeps the full-text index in it)" if index else "")
        columns = [{"name": c.name, "type": c.type or "", "description": described.get(c.name, ""),
                    "is_pk": bool(c.is_pk)} for c in await db.table_column_details(name)]
        tables.append({"name": name, "description": description, "hidden": name in hidden, "columns": columns,
                       "href": datasette.urls.table(DATABASE, name)})
    queries = await datasette.get_canned_queries(DATABASE, request.actor if request else None)
    return {"tables": tables, "canned": [
        {"name": name, "title": q.get("title") or name, "description": q.get("description", ""),
         "description_html": q.get("description_html", ""), "href": datasette.urls.query(DATABASE, name)}
        for name, q in queries.items()]}
