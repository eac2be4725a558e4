"""`nordcat demo`: the demo web, a nightly over it and Datasette, all stopped by one Ctrl-C."""
from __future__ import annotations

import signal
import subprocess
import time

import httpx
import pytest

from tests.helpers import NORDCAT, free_port, wait_for_http

pytestmark = pytest.mark.slow


def port_is_open(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
        return True
    except httpx.HTTPError:
        return False


def ignore_sigint() -> None:
    """As a shell without job control starts a background command (`nohup make test &`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("stop_signal, started_by", [
    (signal.SIGINT, None), (signal.SIGTERM, None),
    (signal.SIGINT, ignore_sigint),  # inherits an ignored SIGINT: the demo must install its own handler
], ids=["sigint", "sigterm", "sigint-from-background-shell"])
def test_demo_serves_the_catalogue_and_stops_everything(tmp_path, stop_signal, started_by):
    port = free_port()
    demo = subprocess.Popen([NORDCAT, "--data-dir", str(tmp_path), "demo", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=started_by)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/-/versions.json", timeout=300)
        rows = httpx.get(f"http://127.0.0.1:{port}/catalogue/documents.json",
                         params={"_search": "trepartssamarbeid", "_shape": "array"}).json()
        assert "Veileder i trepartssamarbeid" in [r["title"] for r in rows]
        sources = httpx.get(f"http://127.0.0.1:{port}/catalogue/sources.json", params={"_shape": "array"}).json()
        assert len(sources) == 8 and {s["status"] for s in sources} == {"ok"}
    finally:
        demo.send_signal(stop_signal)
        output = demo.communicate(timeout=60)[0]
    assert f"http://127.0.0.1:{port}/" in output
    time.sleep(0.5)
    assert not port_is_open(port), "Datasette outlived the demo"
