"""Serving (publish/serve.py, publish/plugins/headers.py): security headers, hashed inline scripts
only, no write plugins, and a newly published catalogue taken into service while requests keep
coming, none of them failing. On the published demo (`demo_catalogue`, `served_demo`:
tests/conftest.py)."""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter

import duckdb
import httpx
import pytest

from publish.serve import ServeError, check_no_write_plugins
from tests.catalogue_server import CatalogueServer
from tests.helpers import NORDCAT, catalogue

# scripts a browser runs from the page itself: no src, and not a data block (type="application/json")
INLINE_SCRIPT = re.compile(r'<script(?![^>]*\b(?:src=|type="application/(?:ld\+)?json"))[^>]*>(.*?)</script>', re.S)


def test_a_write_plugin_stops_serving(tmp_path, monkeypatch):
    dist = tmp_path / "datasette_write-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: datasette-write\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[datasette]\nwrite = datasette_write\n")
    check_no_write_plugins()
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ServeError, match="write plugins are installed: datasette-write"):
        check_no_write_plugins()


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/", "/catalogue/documents", "/catalogue/documents.json", "/-/feed.atom",
                                  "/-/downloads", "/-/downloads/SHA256SUMS", "/nothing-here"])
def test_security_headers_on_every_response(served_demo, path):
    headers = httpx.get(f"{served_demo.base}{path}").headers
    policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.slow
def test_every_inline_script_is_allowed_by_its_hash(served_demo, demo_catalogue):
    with catalogue(demo_catalogue) as db:
        document_id = db.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    pages = ["/", "/catalogue", "/catalogue/documents", "/catalogue/documents?_facet=language",
             f"/catalogue/documents/{document_id}", "/catalogue/search?q=kunta", "/catalogue?sql=select+1",
             "/catalogue/sources"]
    seen = 0
    for page in pages:
        response = httpx.get(f"{served_demo.base}{page}")
        assert response.status_code == 200, page
        allowed = response.headers["content-security-policy"]
        for script in INLINE_SCRIPT.findall(response.text):
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, (page, script[:80])
            seen += 1
    assert seen >= len(pages)  # every Datasette page has at least its menu script


@pytest.mark.slow
def test_database_is_immutable_and_writes_are_refused(served_demo, demo_catalogue):
    before = (demo_catalogue / "catalogue.db").stat().st_mtime_ns
    response = httpx.get(f"{served_demo.base}/catalogue.json",
                         params={"sql": "DELETE FROM documents", "_shape": "array"})
    assert response.status_code == 400
    settings = httpx.get(f"{served_demo.base}/-/settings.json").json()
    assert (settings["sql_time_limit_ms"], settings["facet_time_limit_ms"], settings["max_returned_rows"],
            settings["suggest_facets"]) == (3000, 500, 1000, False)
    assert (demo_catalogue / "catalogue.db").stat().st_mtime_ns == before


# --- a new catalogue while requests keep coming -------------------------------------------------------

class RequestLoop:
    """Threads that request pages until stopped, recording every answer (or exception)."""

    PATHS = ("/catalogue/documents.json?_size=5&_shape=array", "/catalogue/search.json?q=samarbeid&_shape=array",
             "/-/feed.atom", "/catalogue/documents/{id}.json?_shape=array")

    def __init__(self, base: str, document_id: str, threads: int = 3):
        self.base, self.document_id = base, document_id
        self.outcomes: Counter = Counter()
        self.titles: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(threads)]
        for thread in self._threads:
            thread.start()

    def _run(self, number: int) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:  # keep-alive, as browsers do
            for turn in range(sys.maxsize):
                if self._stop.is_set():
                    return
                path = self.PATHS[(turn + number) % len(self.PATHS)].format(id=self.document_id)
                try:
                    response = client.get(path)
                    self.outcomes[response.status_code] += 1
                    if "documents/" in path and response.status_code == 200:
                        self.titles.append(response.json()[0]["title"])
                except httpx.HTTPError as error:
                    self.outcomes[type(error).__name__] += 1

    def wait_for_title(self, title: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (not self.titles or self.titles[-1] != title):
            time.sleep(0.2)

    def stop(self) -> Counter:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)
        return self.outcomes


@pytest.mark.slow
def test_publish_while_serving_drops_no_request(demo_catalogue, tmp_path):
    data, sources = tmp_path / "data", demo_catalogue.parent / "sources"
    shutil.copytree(demo_catalogue, data, symlinks=True, ignore=shutil.ignore_patterns(".serving"))
    with catalogue(data) as db:
        document_id, old_title = db.execute("SELECT id, title FROM documents ORDER BY id LIMIT 1").fetchone()
    new_title = f"{old_title} (revised)"
    with duckdb.connect(str(data / "warehouse.duckdb")) as warehouse:
        warehouse.execute("UPDATE documents SET title = ? WHERE id = ?", [new_title, document_id])
    with CatalogueServer(data, tmp_path / "serve.log") as server:
        loop = RequestLoop(server.base, document_id)
        try:
            time.sleep(2)
            publish = subprocess.run([NORDCAT, "--data-dir", str(data), "--sources-dir", str(sources), "publish"],
                                     capture_output=True, text=True, timeout=300)
            assert publish.returncode == 0, publish.stderr
            loop.wait_for_title(new_title, timeout=120)
            time.sleep(2)
            # a file that is no catalogue is not taken into service: the last good one stays
            (data / "broken.db").write_bytes(b"not a database" * 1000)
            (data / "broken.db").replace(data / "catalogue.db")
            deadline = time.monotonic() + 60
            while "is not served" not in server.log.read_text() and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(1)
        finally:
            outcomes = loop.stop()
    assert set(outcomes) == {200}, outcomes
    assert outcomes[200] > 100
    assert loop.titles[0] == old_title and loop.titles[-1] == new_title
    # once the new catalogue answered, the old one never did again
    assert old_title not in loop.titles[loop.titles.index(new_title):]
    assert "the new catalogue is not served, the old one still is" in server.log.read_text()
    assert not (data / ".serving" / "1").exists()
