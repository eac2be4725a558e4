"""Helpers for tests that run the real `nordcat` command and read what it wrote."""
from __future__ import annotations

import json
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
NORDCAT = str(Path(sys.executable).with_name("nordcat"))


def nordcat(data_dir: Path, sources_dir: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the installed console script, as a user or the nightly job would."""
    return subprocess.run([NORDCAT, "--data-dir", str(data_dir), "--sources-dir", str(sources_dir), *args],
                          capture_output=True, text=True, timeout=timeout)


def catalogue(data_dir: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{data_dir / 'catalogue.db'}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    return db


def documents(data_dir: Path) -> list[dict]:
    with catalogue(data_dir) as db:
        rows = [dict(r) for r in db.execute("SELECT * FROM documents ORDER BY id")]
    for row in rows:
        for name in ("authors", "issn", "isbn", "subjects", "sources"):
            row[name] = json.loads(row[name])
    return rows


def report_lines(stdout: str) -> dict[str, dict[str, str]]:
    """The plain run report: one `report source=… status=…` line per source."""
    reports = {}
    for line in stdout.splitlines():
        if line.startswith("report "):
            fields = dict(part.split("=", 1) for part in shlex.split(line[len("report "):]))
            reports[fields["source"]] = fields
    return reports


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")
