"""The operator's side of a nightly: the config file (--config), the on_failure hooks of a nightly
that ends unhealthy (a command given the summary JSON on stdin, a webhook on 127.0.0.1 it is
POSTed to), the source_health rows of every crawl run, and `--log-format json`.

The end-to-end tests run the real `nordcat` over a demo site that is healthy and a source that
serves malformed XML (tests/faults.py), each run a few seconds."""
from __future__ import annotations

import fcntl
import json
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
import yaml

from demo import DEFAULT_PORTS, DemoWeb
from nordcat import alerts
from nordcat.config import OnFailure
from nordcat.health import Freshness
from tests.faults import FaultServer
from tests.helpers import catalogue, nordcat, report_lines


class Webhook:
    """An HTTP server on 127.0.0.1 that keeps every POST (path, headers, body) and answers `status`."""

    def __init__(self, status: int = 204):
        self.received: list[tuple[str, dict, bytes]] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, dict(self.headers), body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def __enter__(self) -> Webhook:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def bodies(self) -> list[dict]:
        return [json.loads(body) for _, _, body in self.received]


# --- the config file --------------------------------------------------------------------------

def test_a_named_config_file_must_exist(tmp_path):
    proc = nordcat(tmp_path / "data", tmp_path, "--config", str(tmp_path / "absent.yml"), "sources", "list")
    assert proc.returncode == 2
    assert f"{tmp_path / 'absent.yml'}: field '(file)': no such config file" in proc.stderr


@pytest.mark.parametrize("config, field", [
    ({"on_failure": {"comand": "true"}}, "on_failure.comand"),
    ({"on_failure": {"webhook": "ftp://127.0.0.1/hook"}}, "on_failure.webhook"),
    ({"on_failure": {}}, "on_failure"),
    ({"on_falure": {"command": "true"}}, "on_falure"),
])
def test_an_invalid_config_file_exits_2_naming_file_and_field(tmp_path, config, field):
    path = tmp_path / "nordcat.yml"
    path.write_text(yaml.safe_dump(config))
    proc = nordcat(tmp_path / "data", tmp_path, "--config", str(path), "sources", "list")
    assert proc.returncode == 2
    assert f"{path}: field '{field}'" in proc.stderr


def test_the_default_config_file_is_read_when_there(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    assert nordcat(data, tmp_path, "sources", "list").returncode == 0  # absent: no settings
    (data / "nordcat.yml").write_text("on_failure: {command: true, hook: x}\n")
    proc = nordcat(data, tmp_path, "sources", "list")
    assert proc.returncode == 2 and f"{data / 'nordcat.yml'}: field 'on_failure.hook'" in proc.stderr


# --- the hooks --------------------------------------------------------------------------------

RUN = {"run_id": "r1", "started_at": "2026-01-01T02:00:00Z", "ended_at": "2026-01-01T02:10:00Z", "exit_code": 1,
       "error": None, "sources": [{"source": "repo", "status": "failed", "health": "failing", "error": "HTTP 500",
                                   "records_seen": 0, "records_new": 0, "records_changed": 0, "records_deleted": 0,
                                   "seconds": 1.5, "stale": False, "age_hours": 3.0}]}


def test_the_command_reads_the_summary_on_stdin_and_from_its_file_and_the_webhook_gets_it(tmp_path):
    command = f"cat > {tmp_path / 'stdin.json'}; cp \"$NORDCAT_SUMMARY_FILE\" {tmp_path / 'file.json'}"
    with Webhook() as hook:
        outcomes = alerts.run_hooks(OnFailure(command=command, webhook=hook.url), RUN)
    assert [(o.hook, o.ok, o.detail) for o in outcomes] == [("command", True, "exit 0"), ("webhook", True, "HTTP 204")]
    assert json.loads((tmp_path / "stdin.json").read_text()) == RUN
    assert json.loads((tmp_path / "file.json").read_text()) == RUN
    [(path, headers, _)] = hook.received
    assert path == "/hook" and headers["Content-Type"] == "application/json"
    assert hook.bodies() == [RUN]


def test_a_failing_hook_is_an_outcome_not_an_exception(tmp_path):
    with Webhook(status=500) as hook:
        outcomes = alerts.run_hooks(OnFailure(command="echo no mail server >&2; exit 7", webhook=hook.url), RUN)
    assert [(o.hook, o.ok, o.detail) for o in outcomes] == [
        ("command", False, "exit 7: no mail server"), ("webhook", False, "HTTP 500")]
    [unreachable] = alerts.run_hooks(OnFailure(webhook=hook.url), RUN)  # the server is gone now
    assert unreachable.hook == "webhook" and not unreachable.ok and "ConnectError" in unreachable.detail


def fresh(source: str, health: str, stale: bool) -> Freshness:
    return Freshness(source=source, health=health, max_age_hours=48, last_run=None, status=None, last_success=None,
                     age_hours=None, stale=stale, error=None)


@pytest.mark.parametrize("code, judged, unhealthy", [
    (0, [fresh("a", "ok", False), fresh("b", "moved", False)], False),
    (1, [fresh("a", "ok", False)], True),
    (0, [fresh("a", "ok", False), fresh("b", "stale", True)], True),
    (0, [fresh("a", "never", True)], True),
    (3, [], True),  # the lock was held: no nightly ran
])
def test_when_a_nightly_is_unhealthy(code, judged, unhealthy):
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    assert alerts.unhealthy(alerts.summary("r", now, now, code, [], judged)) is unhealthy


# --- end to end -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sites():
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web, FaultServer() as faults:
        yield web, faults


def registry(tmp_path: Path, sites, *, broken: bool = True) -> Path:
    """A healthy demo source and, unless `broken` is false, an OAI-PMH source serving malformed XML."""
    web, faults = sites
    web.write_registry(tmp_path / "demo-sources")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "demo-impactinsider.yml").write_text((tmp_path / "demo-sources" / "demo-impactinsider.yml").read_text())
    if broken:
        (sources / "broken-xml.yml").write_text(yaml.safe_dump({
            "name": "broken-xml", "title": "Malformed", "publisher": "x", "country": "NO", "kind": "oai-pmh",
            "url": f"{faults.url}/ok-identify/malformed", "politeness": {"delay": 0.0, "concurrency": 1}}))
    return sources


def config(tmp_path: Path, **on_failure) -> Path:
    path = tmp_path / "nordcat.yml"
    path.write_text(yaml.safe_dump({"on_failure": on_failure}))
    return path


def health_rows(data: Path, run_id: str) -> dict[str, tuple]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT source, crawled, status, health, stale, error FROM source_health WHERE run_id = ?",
                           [run_id]).fetchall()
    return {source: fields for source, *fields in rows}


def json_lines(stderr: str) -> list[dict]:
    """Every line of stderr, each of which must be one JSON object."""
    return [json.loads(line) for line in stderr.splitlines() if line.strip()]


@pytest.mark.slow
def test_a_crawl_records_the_health_of_every_enabled_source_crawled_or_not(tmp_path, sites):
    data, sources = tmp_path / "data", registry(tmp_path, sites)
    proc = nordcat(data, sources, "--log-format", "json", "crawl", "demo-impactinsider")
    assert proc.returncode == 0, proc.stderr
    events = json_lines(proc.stderr)
    [start] = [e for e in events if e["event"] == "crawl_start"]
    run_id = start["run_id"]
    assert health_rows(data, run_id) == {
        "demo-impactinsider": [True, "ok", "ok", False, None],
        "broken-xml": [False, None, "never", True, None]}  # not crawled, never succeeded: stale
    [result] = [e for e in events if e["event"] == "source_result"]
    assert (result["run_id"], result["source"], result["status"]) == (run_id, "demo-impactinsider", "ok")
    assert result["counts"]["held"] > 0 and result["duration_s"] >= 0 and result["error"] is None
    assert proc.stdout == ""  # in JSON the report is events, not lines

    status = nordcat(data, sources, "status")
    assert status.returncode == 1  # broken-xml has never succeeded
    assert [line.split()[-1] for line in status.stdout.splitlines()] == ["yet", "ok"]


@pytest.mark.slow
def test_an_unhealthy_nightly_gives_its_summary_to_the_command_and_the_webhook(tmp_path, sites):
    data, sources = tmp_path / "data", registry(tmp_path, sites)
    stdin, copy = tmp_path / "stdin.json", tmp_path / "file.json"
    with Webhook() as hook:
        settings = config(tmp_path, command=f"cat > {stdin}; cp \"$NORDCAT_SUMMARY_FILE\" {copy}", webhook=hook.url)
        proc = nordcat(data, sources, "--config", str(settings), "--log-format", "json", "nightly")
    assert proc.returncode == 1, proc.stderr
    summary = json.loads(stdin.read_text())
    assert json.loads(copy.read_text()) == summary and hook.bodies() == [summary]
    assert summary["exit_code"] == 1 and summary["error"] is None
    assert datetime.fromisoformat(summary["started_at"]) <= datetime.fromisoformat(summary["ended_at"])
    by_source = {s["source"]: s for s in summary["sources"]}
    assert set(by_source) == {"demo-impactinsider", "broken-xml"}
    broken = by_source["broken-xml"]
    assert (broken["status"], broken["health"], broken["stale"]) == ("failed", "failing", True)
    assert "badXML" in broken["error"] and broken["records_seen"] == 0 and broken["seconds"] >= 0
    ok = by_source["demo-impactinsider"]
    assert (ok["status"], ok["health"], ok["stale"], ok["age_hours"]) == ("ok", "ok", False, pytest.approx(0, abs=0.1))
    assert ok["records_new"] > 0 and ok["records_seen"] + ok["records_new"] > 0

    events = json_lines(proc.stderr)  # every line parses
    assert {e["run_id"] for e in events} == {summary["run_id"]}
    assert {e["source"] for e in events if e["event"] == "source_result"} == set(by_source)
    assert [e["event"] for e in events if e["stage"] != "log"][-3:] == ["nightly_end", "hook", "hook"]
    assert [(e["hook"], e["ok"]) for e in events if e["event"] == "hook"] == [("command", True), ("webhook", True)]
    assert {"build", "publish"} <= {e["event"] for e in events}
    with catalogue(data) as db:  # published with the catalogue
        assert dict(db.execute("SELECT source, health FROM source_health WHERE run_id = ?", [summary["run_id"]])) == {
            "demo-impactinsider": "ok", "broken-xml": "failing"}


@pytest.mark.slow
def test_a_failing_hook_never_changes_the_exit_code(tmp_path, sites):
    data, sources = tmp_path / "data", registry(tmp_path, sites)
    with Webhook(status=500) as hook:
        settings = config(tmp_path, command="exit 7", webhook=hook.url)
        proc = nordcat(data, sources, "--config", str(settings), "nightly")
    assert proc.returncode == 1
    assert report_lines(proc.stdout)["broken-xml"]["status"] == "failed"
    assert "on_failure command: exit 7" in proc.stderr and "on_failure webhook: HTTP 500" in proc.stderr
    assert "the exit code stays 1" in proc.stderr


@pytest.mark.slow
def test_a_stale_source_alerts_after_a_nightly_that_exits_0_and_a_healthy_one_does_not(tmp_path, sites):
    marker = tmp_path / "alerted.json"
    settings = config(tmp_path, command=f"cat > {marker}")
    data, sources = tmp_path / "data", registry(tmp_path, sites)
    proc = nordcat(data, sources, "--config", str(settings), "nightly", "demo-impactinsider")
    assert proc.returncode == 0, proc.stderr  # the exit code tells of the sources crawled, as ever
    [stale] = [s for s in json.loads(marker.read_text())["sources"] if s["stale"]]
    assert (stale["source"], stale["status"], stale["health"]) == ("broken-xml", None, "never")
    assert "on_failure command: exit 0" in proc.stderr

    marker.unlink()
    healthy = tmp_path / "healthy"
    healthy.mkdir()
    proc = nordcat(healthy / "data", registry(healthy, sites, broken=False), "--config", str(settings), "nightly")
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists() and "on_failure" not in proc.stderr


def test_a_nightly_that_cannot_take_the_lock_alerts_too(tmp_path):
    marker = tmp_path / "alerted.json"
    data, sources = tmp_path / "data", tmp_path / "sources"
    data.mkdir()
    sources.mkdir()
    with open(data / "nightly.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a nightly still running holds it
        proc = nordcat(data, sources, "--config", str(config(tmp_path, command=f"cat > {marker}")), "nightly")
    assert proc.returncode == 3
    summary = json.loads(marker.read_text())
    assert summary["exit_code"] == 3 and summary["sources"] == []
    assert summary["error"] == f"another nordcat run holds {data / 'nightly.lock'}"
