"""Serve the catalogue with Datasette: read-only, immutable, bounded queries."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

METADATA = Path(__file__).with_name("metadata.yml")

SETTINGS = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "max_returned_rows": 1000,
    "suggest_facets": "off",
    "allow_download": "on",
    "default_page_size": 50,
}


def datasette_command(data_dir: Path, host: str, port: int) -> list[str]:
    db = data_dir / "catalogue.db"
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--host", host, "--port", str(port),
               "--metadata", str(METADATA)]
    inspect = data_dir / "inspect-data.json"
    if inspect.exists():
        command += ["--inspect-file", str(inspect)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, str(value)]
    return command


def serve(data_dir: Path, host: str, port: int) -> int:
    """Run Datasette in the foreground until it stops (Ctrl-C)."""
    try:
        return subprocess.run(datasette_command(data_dir, host, port)).returncode
    except KeyboardInterrupt:
        return 0
