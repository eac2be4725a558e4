"""Downloads (publish/downloads.py and the plugin publish/plugins/downloads.py) of the published demo
(`demo_catalogue`, `served_demo`: tests/conftest.py), as the nightly's publish() wrote them:
checksums, row counts, the same rows in every format, a consistent warehouse snapshot, the atomic
switch of DATA/downloads, and the files served by Datasette."""
from __future__ import annotations

import base64
import csv
import hashlib
import json
import shutil
import sqlite3
import subprocess

import duckdb
import httpx
import pyarrow.parquet as pq
import pytest

from publish.downloads import write_downloads
from warehouse.store import Warehouse

pytestmark = pytest.mark.slow


def manifest(data) -> dict:
    return json.loads((data / "downloads" / "manifest.json").read_text())


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_file_has_its_checksum_and_size(demo_catalogue):
    files = manifest(demo_catalogue)["files"]
    folder = demo_catalogue / "downloads"
    assert {f["file"] for f in files} == {p.name for p in folder.iterdir()} - {"manifest.json", "SHA256SUMS"}
    for f in files:
        assert (f["bytes"], f["sha256"]) == ((folder / f["file"]).stat().st_size, sha256(folder / f["file"]))
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    assert sums == [f"{f['sha256']}  {f['file']}" for f in files]
    check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=folder, capture_output=True)
    assert check.returncode == 0, check.stdout


def test_formats_hold_the_catalogue_rows(demo_catalogue):
    folder = demo_catalogue / "downloads"
    rows = {f["file"]: f["rows"] for f in manifest(demo_catalogue)["files"]}
    with sqlite3.connect(demo_catalogue / "catalogue.db") as db:
        expected = db.execute("SELECT id, title, year FROM documents ORDER BY rowid").fetchall()
        subjects = db.execute("SELECT count(*) FROM document_subjects").fetchone()[0]
    parquet = pq.read_table(folder / "documents.parquet", columns=["id", "title", "year"]).to_pylist()
    assert [(r["id"], r["title"], r["year"]) for r in parquet] == expected
    with (folder / "documents.csv").open(newline="", encoding="utf-8") as stream:
        table = list(csv.DictReader(stream))
    assert [(r["id"], r["title"], int(r["year"]) if r["year"] else None) for r in table] == expected
    assert rows["documents.parquet"] == rows["documents.csv"] == len(expected)
    assert rows["document_subjects.parquet"] == subjects
    assert rows["catalogue.sqlite"] is None
    assert not any(name.startswith(("documents_fts", "search_index")) for name in rows)
    with sqlite3.connect(folder / "catalogue.sqlite") as copy:
        assert copy.execute("SELECT id, title, year FROM documents ORDER BY rowid").fetchall() == expected
    # publish() writes the downloads after the browse tables: each is in every format, whole
    with sqlite3.connect(demo_catalogue / "catalogue.db") as db, sqlite3.connect(folder / "catalogue.sqlite") as copy:
        for table in ("document_authors", "document_subjects", "counts_by_language", "counts_by_source"):
            [[count]] = db.execute(f"SELECT count(*) FROM {table}").fetchall()
            assert count > 0, table
            assert rows[f"{table}.parquet"] == rows[f"{table}.csv"] == count, table
            assert copy.execute(f"SELECT count(*) FROM {table}").fetchall() == [(count,)], table


def test_warehouse_snapshot_is_an_ordinary_duckdb_file(demo_catalogue):
    with duckdb.connect(str(demo_catalogue / "downloads" / "warehouse.duckdb"), read_only=True) as snapshot, \
            duckdb.connect(str(demo_catalogue / "warehouse.duckdb"), read_only=True) as original:
        for table in ("raw_records", "documents", "crawl_runs"):
            query = f"SELECT * FROM {table} ORDER BY ALL"
            assert snapshot.execute(query).fetchall() == original.execute(query).fetchall()


def test_a_new_set_replaces_the_old_one_whole(demo_catalogue, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(demo_catalogue, data, symlinks=True, ignore=shutil.ignore_patterns(".serving"))
    old_folder = (data / "downloads").resolve()
    still_reading = (data / "downloads" / "documents.csv").open("rb")
    with Warehouse(data / "warehouse.duckdb") as warehouse:
        downloads = write_downloads(data / "catalogue.db", warehouse, data / "downloads")
    assert (data / "downloads").is_symlink() and (data / "downloads").resolve() != old_folder
    assert not old_folder.exists()
    assert still_reading.read() == (data / "downloads" / "documents.csv").read_bytes()
    assert [d.file for d in downloads] == [f["file"] for f in manifest(data)["files"]]
    assert [p for p in data.iterdir() if p.name.startswith(".downloads-")] == [(data / "downloads").resolve()]


def test_download_page_lists_files_with_checksums(served_demo, demo_catalogue):
    page = httpx.get(f"{served_demo.base}/-/downloads")
    assert page.status_code == 200
    for f in manifest(demo_catalogue)["files"]:
        assert f'<a href="/-/downloads/{f["file"]}">{f["file"]}</a>' in page.text
        assert f"<code>{f['sha256']}</code>" in page.text
    assert httpx.get(f"{served_demo.base}/-/downloads.json").json() == manifest(demo_catalogue)


def test_downloads_stream_with_their_digest(served_demo, demo_catalogue):
    entry = next(f for f in manifest(demo_catalogue)["files"] if f["file"] == "documents.parquet")
    response = httpx.get(f"{served_demo.base}/-/downloads/documents.parquet")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]
    assert response.headers["content-length"] == str(entry["bytes"])
    assert response.headers["content-disposition"] == 'attachment; filename="documents.parquet"'
    digest = hashlib.sha256(response.content).digest()
    assert response.headers["repr-digest"] == f"sha-256=:{base64.b64encode(digest).decode()}:"
    sums = (demo_catalogue / "downloads" / "SHA256SUMS").read_text()
    assert httpx.get(f"{served_demo.base}/-/downloads/SHA256SUMS").text == sums


@pytest.mark.parametrize("name", ["nothing.csv", "..%2Fwarehouse.duckdb", "%2E%2E", ".inspect-data.json"])
def test_only_listed_files_are_served(served_demo, name):
    assert httpx.get(f"{served_demo.base}/-/downloads/{name}").status_code == 404
