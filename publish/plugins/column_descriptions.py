"""Datasette plugin: the column descriptions of the catalogue's tables, from their one declaration
(nordcat/tables.py).

publish/metadata.yml describes the tables and holds the canned queries, facets and sort orders;
the columns are described where they are declared. Datasette merges this plugin's metadata with
the metadata file it is given (the file wins where both say something), so every way of serving
the catalogue with nordcat's plugins shows them: `nordcat serve`'s workers (publish/serve.py),
a plain `datasette serve --metadata publish/metadata.yml --plugins-dir publish/plugins`, the
table pages, /dictionary and /-/metadata.json.
"""
from __future__ import annotations

from datasette import hookimpl

from nordcat import tables


@hookimpl
def get_metadata(datasette, key, database, table):
    # a new dict on each call: Datasette merges the metadata file into the first source it reads
    return tables.datasette_metadata()
