"""Real Scrapyd instances (PyPI `scrapyd`) for the tests, each in its own folder on loopback.

A node runs `scrapyd` from the test environment in its own process group, so that `kill()` can
take it down with every job it started, as a machine that disappears would (kill -9 of the
daemon alone would leave its running jobs behind as orphans).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.helpers import free_port, wait_for_http

SCRAPYD = str(Path(sys.executable).with_name("scrapyd"))


class ScrapydNode:
    def __init__(self, folder: Path, env: dict[str, str] | None = None):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env or {}
        self.process: subprocess.Popen | None = None

    def start(self) -> ScrapydNode:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\n"
            "jobs_to_keep = 20\nfinished_to_keep = 200\n"
            "max_proc = 4\npoll_interval = 0.2\n", encoding="utf-8")
        self.log = open(self.folder / "scrapyd.out", "wb")
        self.process = subprocess.Popen([SCRAPYD], cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT,
                                        env={**os.environ, **self.env}, start_new_session=True)
        wait_for_http(f"{self.url}/daemonstatus.json", timeout=60)
        return self

    def kill(self) -> None:
        """kill -9 of the node and the jobs it runs."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def __enter__(self) -> ScrapydNode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
