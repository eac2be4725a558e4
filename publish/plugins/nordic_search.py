"""Datasette plugin (loaded by publish/serve.py with --plugins-dir): Nordic search.

- `nordic_match(text)`, a SQL function turning a user's query into an FTS5 expression over the
  stemmed `search_index` (publish/search.py), which marks the matched words;
- `nordic_ranked(query, page)`, the page's works as a JSON list ({rowid, score, title_match}) from
  the ranked index the catalogue names (publish/ranked_search.py): every match scored, title
  matches first. The canned query `search` in metadata.yml uses both.
- `?_q=samarbeid` on the documents table: the same search as a filter, so facets still work.
- Highlighted titles and snippets show as marked text on HTML pages.
"""
from datasette import hookimpl
from datasette.filters import FilterArguments
from markupsafe import Markup, escape

from publish import search
from publish.ranked_search import register_search_functions

TABLE_SEARCH_PARAMETER = "_q"
HIGHLIGHTED_COLUMNS = {"title_highlighted", "snippet"}
MARKS = {"&lt;mark&gt;": "<mark>", "&lt;/mark&gt;": "</mark>"}


@hookimpl
def startup(datasette):
    # the dictionaries take seconds to load: not inside the first query's time limit
    search.warm_up()


@hookimpl
def prepare_connection(conn, database, datasette):
    path = datasette.databases[database].path if database in datasette.databases else None
    register_search_functions(conn, path)


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
