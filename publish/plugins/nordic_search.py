"""Datasette plugin (loaded by publish/serve.py with --plugins-dir): Nordic search.

- `nordic_match(text)`, a SQL function turning a user's query into an FTS5 expression over the
  stemmed `search_index` (publish/search.py), which marks the matched words;
- `nordic_ranked(query, page)`, the page's works as a JSON list ({rowid, score, title_match}) from
  the ranked index the catalogue names (publish/ranked_search.py): every match scored, title
  matches first. The canned query `search` in metadata.yml uses both.
- `?_q=samarbeid` on the documents table: the same search as a filter, so facets still work.
- Highlighted titles and snippets show as marked text on HTML pages.
"""
import json
import sqlite3
from pathlib import Path

from datasette import hookimpl
from datasette.filters import FilterArguments
from markupsafe import Markup, escape

from publish import search
from publish.ranked_search import PAGE_SIZE, ranked_search

TABLE_SEARCH_PARAMETER = "_q"
HIGHLIGHTED_COLUMNS = {"title_highlighted", "snippet"}
MARKS = {"&lt;mark&gt;": "<mark>", "&lt;/mark&gt;": "</mark>"}


@hookimpl
def startup(datasette):
    # the dictionaries take seconds to load: not inside the first query's time limit
    search.warm_up()


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.create_function("nordic_match", 1, search.match_expression, deterministic=True)
    path = datasette.databases[database].path if database in datasette.databases else None
    folder = ranked_index_folder(conn, path)
    if folder is not None:
        conn.create_function("nordic_ranked", 2, lambda query, page: ranked_page(folder, query, page))


def ranked_index_folder(conn, database_path: str | None) -> Path | None:
    """The folder the catalogue's `search_engine` table names; None for a database without one."""
    try:
        row = conn.execute("SELECT dir FROM search_engine").fetchone()
    except sqlite3.OperationalError:
        return None
    return Path(database_path).parent / row[0] if row and database_path else None


def ranked_page(folder: Path, query: str | None, page) -> str:
    """One page of ranked results as JSON; a page number that is no number is the first page."""
    number = int(page) if str(page or "").isdigit() and int(page) > 0 else 1
    results = ranked_search(folder).search(query, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return json.dumps([{"rowid": hit.rowid, "score": round(hit.score, 4), "title_match": hit.title_match}
                       for hit in results.hits])


@hookimpl
def filters_from_request(request, database, table, datasette):
    query = request.args.get(TABLE_SEARCH_PARAMETER)
    if table != "documents" or not query:
        return None
    return FilterArguments(
        ["rowid in (select rowid from search_index where search_index match nordic_match(:nordic_query))"],
        {"nordic_query": query},
        [f'matches "{query}" (Nordic search: inflections, compounds, æ/ä ø/ö å/aa)'],
    )


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """The search query's marks become <mark> elements; everything else stays escaped text."""
    if table is not None or not isinstance(value, str):
        return None
    if column in HIGHLIGHTED_COLUMNS:
        html = str(escape(value))
        for escaped, mark in MARKS.items():
            html = html.replace(escaped, mark)
        return Markup(html)
    if column == "id" and "title_highlighted" in row.keys():
        url = datasette.urls.row(database, "documents", value)
        return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')
    return None
