"""The catalogue's sitemap: every work's page, for crawlers that should find the works without
walking the table's filters and facets (robots.txt forbids those; publish/plugins/discovery.py).

    DATA/sitemap/sitemap.xml     a sitemap index naming the files below, each with its lastmod
    DATA/sitemap/sitemap-N.xml   at most 50,000 work pages each (the protocol's limit), by id,
                                 each with its lastmod: the day nordcat last saw the work

Publish does not know the address the catalogue is served at, so the files hold paths
("<loc>/catalogue/documents/w…</loc>"); the server writes its own origin before them
(publish/plugins/discovery.py), as the protocol asks for full URLs. Each file is written under a
temporary name and renamed; the index last, and files it no longer names are removed after it.

    python -m publish.sitemap CATALOGUE.db FOLDER    writes the sitemap of a published catalogue
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

from datasette.utils import tilde_encode

URLS_PER_FILE = 50_000  # sitemaps.org: at most 50,000 URLs (and 50 MB) per file
INDEX = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
DOCUMENT_PATH = "/catalogue/documents/"  # Datasette's row URL of `documents` (datasette.urls.row)


def write_sitemaps(catalogue: Path, folder: Path, per_file: int = URLS_PER_FILE) -> list[Path]:
    """The index and its sitemap files for the works of `catalogue`; returns the files, index first."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    with contextlib.closing(sqlite3.connect(f"file:{catalogue}?immutable=1", uri=True)) as db:
        rows = db.execute("SELECT id, substr(last_seen, 1, 10) FROM documents ORDER BY id")
        while chunk := rows.fetchmany(per_file):
            name = f"sitemap-{len(files) + 1}.xml"
            _write_atomically(folder / name, _urlset(chunk))
            files.append((name, max((day for _, day in chunk if day), default=None)))
    _write_atomically(folder / INDEX, _index(files))
    named = {name for name, _ in files}
    for stale in folder.glob("sitemap-*.xml"):
        if stale.name not in named:
            stale.unlink()
    return [folder / INDEX] + [folder / name for name, _ in files]


def _urlset(rows: list[tuple[str, str | None]]) -> str:
    entries = "".join(f"<url><loc>{escape(DOCUMENT_PATH + tilde_encode(doc_id))}</loc>"
                      f"{f'<lastmod>{day}</lastmod>' if day else ''}</url>\n" for doc_id, day in rows)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n{entries}</urlset>\n'


def _index(files: list[tuple[str, str | None]]) -> str:
    entries = "".join(f"<sitemap><loc>/{name}</loc>{f'<lastmod>{day}</lastmod>' if day else ''}</sitemap>\n"
                      for name, day in files)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">\n{entries}</sitemapindex>\n'


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publish.sitemap", description=__doc__.split("\n\n")[0])
    parser.add_argument("catalogue", type=Path)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if not args.catalogue.is_file():
        print(f"no catalogue at {args.catalogue}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    files = write_sitemaps(args.catalogue, args.folder)
    seconds = time.perf_counter() - started
    print(f"{len(files)} files ({len(files) - 1} sitemaps and the index), "
          f"{sum(f.stat().st_size for f in files):,} bytes, {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
