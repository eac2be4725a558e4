"""Datasette plugin (loaded by publish/serve.py with --plugins-dir): Nordic search.

- `nordic_match(text)`, a SQL function turning a user's query into an FTS5 expression over the
  stemmed `search_index` (publish/search.py), which marks the matched words;
- `nordic_ranked(query, page)`, the page's works as a JSON list ({rowid, score, title_match}) from
  the ranked index the catalogue names (publish/ranked_search.py): every match scored, title
  matches first. The canned query `search` in metadata.yml uses both.
- `?_q=samarbeid` on the documents table: the same search as a filter, so facets still work; the
  column facets of a search are counted by the ranked index (publish/search_facets.py).
- Highlighted titles and snippets show as marked text on HTML pages.
"""
from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.filters import FilterArguments
from markupsafe import Markup, escape

from publish import search
from publish.ranked_search import register_search_functions
from publish.search_facets import SEARCH_PARAMETER, SearchColumnFacet

MMAP_BYTES = 2**31  # SQLite's own ceiling (SQLITE_MAX_MMAP_SIZE) is just under 2 GiB
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
    # Reads from the mapped file, not copied through SQLite's small page cache: a search's count
    # looks up every matching row (158,000 for a common word at 1M works; benchmarks/catalogue.py).
    # Safe because a published catalogue is never written again, only replaced (publish/catalogue.py).
    conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")


@hookimpl(hookwrapper=True)
def register_facet_classes():
    """Datasette's column facet, replaced by one that counts a search's facets in the ranked index
    (a second class of the same type would count every facet twice)."""
    outcome = yield
    outcome.force_result([[SearchColumnFacet if cls is ColumnFacet else cls for cls in classes]
                          for classes in outcome.get_result()])


@hookimpl
def filters_from_request(request, database, table, datasette):
    query = request.args.get(SEARCH_PARAMETER)
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
