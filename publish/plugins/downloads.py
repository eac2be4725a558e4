"""Datasette plugin: the bulk downloads that publish wrote to DATA/downloads (publish/downloads.py).

    /-/downloads           a page listing each file with its size, rows and SHA-256
    /-/downloads.json      the manifest
    /-/downloads/<file>    the file, streamed, with its checksum in a Repr-Digest header

Only files named in the manifest are served (no path from the request reaches the file system).
DATA/downloads is looked up on every request: a new publish switches its link, and the next
request lists the new files. A download in progress keeps reading the file it opened.
"""
from __future__ import annotations

import asyncio
import base64
import json
import os
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import escape

CHUNK = 1 << 20
MEDIA_TYPES = {".parquet": "application/vnd.apache.parquet", ".csv": "text/csv; charset=utf-8",
               ".sqlite": "application/vnd.sqlite3", ".duckdb": "application/octet-stream",
               ".json": "application/json", "": "text/plain; charset=utf-8"}


@hookimpl
def register_routes():
    return [(r"^/-/downloads(?P<as_json>\.json)?$", listing), (r"^/-/downloads/(?P<name>[^/]+)$", download)]


def downloads_dir(datasette) -> Path:
    """DATA/downloads: the data folder comes from the serve worker's plugin configuration, else
    it is the folder of the catalogue file."""
    data_dir = (datasette.plugin_config("nordcat") or {}).get("data_dir")
    return Path(data_dir or Path(datasette.get_database("catalogue").path).parent) / "downloads"


def manifest(datasette) -> dict | None:
    try:
        return json.loads((downloads_dir(datasette) / "manifest.json").read_text())
    except FileNotFoundError:
        return None


async def listing(datasette, request):
    files = manifest(datasette)
    if request.url_vars.get("as_json"):
        return Response.json(files or {"files": []}, status=200 if files else 404)
    if files is None:
        return Response.html(page("<p>No downloads have been published yet.</p>"), status=404)
    rows = "".join(
        f'<tr><td><a href="{escape(datasette.urls.path("/-/downloads/" + f["file"]))}">{escape(f["file"])}</a></td>'
        f'<td class="n">{f["bytes"]:,}</td><td class="n">{_count(f["rows"])}</td>'
        f'<td><code>{escape(f["sha256"])}</code></td></tr>'
        for f in files["files"])
    body = (f"<p>Published {escape(files['created_at'])}. Check a download with "
            f'<code>sha256sum -c SHA256SUMS</code> (<a href="{escape(datasette.urls.path("/-/downloads/SHA256SUMS"))}">'
            f"SHA256SUMS</a>, <a href=\"{escape(datasette.urls.path('/-/downloads.json'))}\">manifest</a>).</p>"
            f"<table><thead><tr><th>file</th><th>bytes</th><th>rows</th><th>SHA-256</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")
    return Response.html(page(body))


def _count(rows: int | None) -> str:
    return "" if rows is None else f"{rows:,}"


def page(body: str) -> str:
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>nordcat downloads</title>'
            '<link rel="stylesheet" href="/-/static/app.css"></head><body><section class="content">'
            f"<h1>Downloads</h1>{body}</section></body></html>")


async def download(datasette, request):
    name = request.url_vars["name"]
    files = manifest(datasette)
    known = {f["file"]: f for f in (files or {}).get("files", [])}
    if name not in known and not (files and name in ("SHA256SUMS", "manifest.json")):
        return Response.text("Not found", status=404)
    stream = (downloads_dir(datasette) / name).open("rb")  # opened now: a later switch does not cut it
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    if name in known:
        digest = base64.b64encode(bytes.fromhex(known[name]["sha256"])).decode()
        headers["repr-digest"] = f"sha-256=:{digest}:"
    return FileResponse(stream, MEDIA_TYPES[Path(name).suffix], headers)


class FileResponse:
    """Streams an open file in chunks read off the event loop."""

    def __init__(self, stream, media_type: str, headers: dict[str, str]):
        self.stream = stream
        self.headers = {**headers, "content-type": media_type,
                        "content-length": str(os.fstat(stream.fileno()).st_size)}

    async def asgi_send(self, send) -> None:
        try:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(k.encode(), v.encode()) for k, v in self.headers.items()]})
            while chunk := await asyncio.to_thread(self.stream.read, CHUNK):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            self.stream.close()
