"""Datasette plugin: links that last. A work id the catalogue no longer has answers with what
became of it (the warehouse's work_redirects, published with the catalogue; pipeline/redirects.py):

- merged into another work: 301 to that work, in the same form (/catalogue/documents/OLD.bib ->
  /catalogue/documents/NEW.bib, the query string kept);
- deleted at its sources: 410 Gone with a small page saying what it was (title, sources, when),
  or that as JSON for the .json form.

Only for ids that are no live work (a live work always wins; the build never keeps a redirect
for one either), and only for the URL forms of a work: its row page with or without a format
extension. Any other 404 stays Datasette's.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Request, Response

DATABASE = "catalogue"
WORK_PATH = re.compile(r"^/catalogue/documents/(?P<id>[^/.]+)(?P<extension>\.[A-Za-z0-9]+)?$")
REDIRECT_MAX_AGE = 3600  # a later build may bring the old work back: redirects are not forever
LOOKUP = """SELECT status, target, title, sources, changed_at FROM work_redirects
            WHERE id = :id AND id NOT IN (SELECT id FROM documents)"""


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def answering_old_ids(scope, receive, send):
            found = WORK_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
            if found and scope.get("method") in ("GET", "HEAD"):
                # the page is rendered before Datasette's routing, which would give the scope a CSRF
                # token: a read-only page has no form to protect
                request = Request({**scope, "csrftoken": lambda: ""}, receive)
                answer = await old_id_answer(datasette, request, tilde_decode(found["id"]), found["extension"] or "")
                if answer is not None:
                    return await answer.asgi_send(send)
            await app(scope, receive, send)

        return answering_old_ids

    return wrap


async def old_id_answer(datasette, request: Request, work_id: str, extension: str) -> Response | None:
    """301 or 410 for an id that names no live work but is in work_redirects; None otherwise."""
    db = datasette.databases.get(DATABASE)
    if db is None or "work_redirects" not in await db.table_names():
        return None
    rows = (await db.execute(LOOKUP, {"id": work_id})).rows
    if not rows:
        return None
    status, target, title, sources, changed_at = rows[0]
    if status == "moved" and target:
        location = datasette.urls.row(DATABASE, "documents", tilde_encode(target)) + extension
        if request.query_string:
            location += "?" + request.query_string
        return Response("", status=301, headers={"Location": location,
                                                 "Cache-Control": f"public, max-age={REDIRECT_MAX_AGE}"})
    gone = {"id": work_id, "status": "gone", "title": title, "sources": json.loads(sources or "[]"),
            "deleted_at": changed_at}
    if extension == ".json":
        return Response.json(gone, status=410)
    page = await datasette.render_template("_nordcat_gone.html", {"gone": gone, "search_href": search_href(datasette, title)},
                                           request=request)
    return Response.html(page, status=410)


def search_href(datasette, title: str | None) -> str | None:
    """The catalogue's search for the gone work's title: a reader may find another edition."""
    if not title:
        return None
    return f"{datasette.urls.query(DATABASE, 'search')}?q={quote(title)}"
