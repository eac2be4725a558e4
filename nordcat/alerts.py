"""What a nightly that ends unhealthy does: the `on_failure` hooks of the config file
(nordcat/config.py), each given the run's summary as JSON.

A nightly ends unhealthy when its exit code is not 0, or when any enabled source is unhealthy
after it (stale, failing, dead or never: nordcat/health.py), crawled in this run or not. The
command runs in a shell with the summary on its stdin and the path of a file holding it in
NORDCAT_SUMMARY_FILE (removed when the command ends); the webhook gets it POSTed. A hook that fails
is reported and never changes the nightly's exit code: the alert is about the nightly, not part of it.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nordcat.config import OnFailure
from nordcat.health import Freshness, iso

COMMAND_TIMEOUT_S = 120  # a hook that hangs must not hold the nightly (and its lock's successor) forever
WEBHOOK_TIMEOUT_S = 10
OUTPUT_SHOWN = 500       # characters of a failed command's output in its report


@dataclass(frozen=True)
class HookOutcome:
    hook: str     # command or webhook
    ok: bool
    detail: str   # what happened, e.g. "exit 0", "HTTP 204", "timed out after 120 s"


def summary(run_id: str, started_at: datetime, ended_at: datetime, exit_code: int, results: list,
            judged: list[Freshness], error: str | None = None) -> dict[str, Any]:
    """The run as JSON: each source judged after it (crawled or not), with this run's result where
    it crawled the source (`results`: crawlers.run.SourceResult). `error`: why the nightly stopped
    early, if it did."""
    by_name = {r.source: r for r in results}
    sources = []
    for name in dict.fromkeys([*(f.source for f in judged), *by_name]):
        result, fresh = by_name.get(name), next((f for f in judged if f.source == name), None)
        sources.append({
            "source": name, "status": result.status if result else None,
            "health": fresh.health if fresh else result.health,
            "error": (result.error if result else None) or (fresh.error if fresh else None),
            "records_seen": result.seen if result else None, "records_new": result.new if result else None,
            "records_changed": result.changed if result else None,
            "records_deleted": result.deleted if result else None,
            "seconds": round(result.seconds, 2) if result else None,
            "stale": fresh.stale if fresh else None, "age_hours": fresh.age_hours if fresh else None})
    return {"run_id": run_id, "started_at": iso(started_at), "ended_at": iso(ended_at), "exit_code": exit_code,
            "error": error, "sources": sources}


def unhealthy(run: dict[str, Any]) -> bool:
    return run["exit_code"] != 0 or any(s["stale"] or s["health"] not in ("ok", "moved") for s in run["sources"])


def run_hooks(on_failure: OnFailure, run: dict[str, Any]) -> list[HookOutcome]:
    """Run the command and POST to the webhook (those configured); never raises for a hook's failure."""
    payload = json.dumps(run, ensure_ascii=False, indent=1).encode("utf-8")
    outcomes = []
    if on_failure.command:
        outcomes.append(run_command(on_failure.command, payload))
    if on_failure.webhook:
        outcomes.append(post_webhook(str(on_failure.webhook), payload))
    return outcomes


def run_command(command: str, payload: bytes) -> HookOutcome:
    with tempfile.NamedTemporaryFile(prefix="nordcat-summary-", suffix=".json") as file:
        file.write(payload)
        file.flush()
        try:
            done = subprocess.run(command, shell=True, input=payload, capture_output=True, timeout=COMMAND_TIMEOUT_S,
                                  env={**os.environ, "NORDCAT_SUMMARY_FILE": file.name})
        except subprocess.TimeoutExpired:
            return HookOutcome("command", False, f"timed out after {COMMAND_TIMEOUT_S} s")
        except OSError as exc:
            return HookOutcome("command", False, f"could not start: {exc}")
    if done.returncode == 0:
        return HookOutcome("command", True, "exit 0")
    output = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-OUTPUT_SHOWN:]
    return HookOutcome("command", False, f"exit {done.returncode}" + (f": {output}" if output else ""))


def post_webhook(url: str, payload: bytes) -> HookOutcome:
    import httpx  # here, not at the top: every command loads this module, few post a webhook (0.2 s)

    try:
        answer = httpx.post(url, content=payload, timeout=WEBHOOK_TIMEOUT_S,
                            headers={"Content-Type": "application/json", "User-Agent": "nordcat-alert"})
    except httpx.HTTPError as exc:
        return HookOutcome("webhook", False, f"{type(exc).__name__}: {exc}")
    return HookOutcome("webhook", answer.is_success, f"HTTP {answer.status_code}")
