"""Serve the catalogue with Datasette: read-only, immutable, bounded queries."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

METADATA = Path(__file__).with_name("metadata.yml")
PLUGINS = Path(__file__).with_name("plugins")

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
               "--metadata", str(METADATA), "--plugins-dir", str(PLUGINS)]
    inspect = data_dir / "inspect-data.json"
    if inspect.exists():
        command += ["--inspect-file", str(inspect)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, str(value)]
    return command


def exec_datasette(data_dir: Path, host: str, port: int) -> None:
    """Become Datasette: signals (Ctrl-C, a supervisor's SIGTERM) then reach it directly."""
    command = datasette_command(data_dir, host, port)
    os.execv(command[0], command)


def serve_alongside(data_dir: Path, host: str, port: int) -> int:
    """Run Datasette as a child while this process keeps serving something else (the demo web).

    Ctrl-C or SIGTERM stops the child too, so nothing that was started is left running.
    """
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    child = subprocess.Popen(datasette_command(data_dir, host, port))
    try:
        return child.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if child.poll() is None:
            child.terminate()
            child.wait(timeout=15)
