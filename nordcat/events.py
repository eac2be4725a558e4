"""What the command line tells its operator: text for a person (the default, `--log-format text`),
or one JSON object per line on stderr for a machine (`--log-format json`).

Every event the CLI reports (a crawl starting, each source's result, the build, the publish, a
nightly's end, a hook's outcome, an error) goes through `EventLog.event`; in JSON each line has

    ts          ISO 8601 UTC with milliseconds
    run_id      the run of this invocation (the crawl's run id in crawl and nightly)
    stage       crawl, build, publish, nightly, alert, config, lock, ...
    event       what happened, e.g. source_result, crawl_start, hook
    source      the source, where the event has one
    counts      numbers of the event ({} when none), e.g. records seen/new/changed/deleted
    duration_s  seconds it took, or null
    error       what went wrong, or null
    message     the text form of the event, without markup

Log records of the libraries under the CLI (Scrapy, pypdf, warnings) become lines of the same
shape in JSON mode (stage "log", with their level and logger), so that stderr stays one JSON object
per line; the crawl's progress lines too (crawlers/progress.py).
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any

from rich.console import Console
from rich.text import Text

FORMATS = ("text", "json")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def json_line(run_id: str | None, stage: str, event: str, *, source: str | None = None,
              counts: dict[str, Any] | None = None, duration_s: float | None = None, error: str | None = None,
              message: str | None = None, **extra: Any) -> str:
    record = {"ts": now_iso(), "run_id": run_id, "stage": stage, "event": event}
    if source is not None:
        record["source"] = source
    record.update(counts=counts or {}, duration_s=None if duration_s is None else round(duration_s, 3),
                  error=error, message=message, **extra)
    return json.dumps(record, ensure_ascii=False, default=str)


def write_json_line(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


class EventLog:
    """The CLI's voice: `event()` prints text on the console (as the CLI always has) or a JSON line."""

    def __init__(self, console: Console):
        self.console = console
        self.format = "text"
        self.run_id: str | None = None
        self.last_error: str | None = None  # why a command stopped, for the nightly's alert

    @property
    def json(self) -> bool:
        return self.format == "json"

    def configure(self, log_format: str, run_id: str, level: int) -> None:
        self.format, self.run_id = log_format, run_id
        if self.json:
            install_json_logging(run_id, level)

    def event(self, stage: str, event: str, text: str | None, *, stamped: bool = True, source: str | None = None,
              counts: dict[str, Any] | None = None, duration_s: float | None = None, error: str | None = None,
              **extra: Any) -> None:
        """Report an event. `text` is its console form (rich markup allowed; None: an event for
        machines only, which the text log has never shown); `stamped`: preceded by the time of day,
        as progress is, or alone, as errors are."""
        self.last_error = error or self.last_error
        if self.json:
            write_json_line(json_line(self.run_id, stage, event, source=source, counts=counts, duration_s=duration_s,
                                      error=error, message=Text.from_markup(text).plain if text else None, **extra))
        elif text is None:
            return
        elif stamped:
            stamp = datetime.now(timezone.utc).strftime("%H:%M:%S")
            self.console.print(f"[dim]{stamp}[/dim] {text}")
        else:
            self.console.print(text)


class JsonLogFormatter(logging.Formatter):
    """A library's log record as an event line (stage "log")."""

    def __init__(self, run_id: str | None):
        super().__init__()
        self.run_id = run_id

    def format(self, record: logging.LogRecord) -> str:
        source = getattr(getattr(getattr(record, "spider", None), "source", None), "name", None)
        error = self.formatException(record.exc_info) if record.exc_info else None
        return json_line(self.run_id, "log", "log", source=source, error=error, message=record.getMessage(),
                         level=record.levelname.lower(), logger=record.name)


def install_json_logging(run_id: str | None, level: int) -> None:
    """Every log record of `level` and above as a JSON line on stderr, Python warnings included.
    The crawl then installs no handler of its own (crawlers/run.py: scrapy_settings)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter(run_id))
    handler.setLevel(level)
    logging.root.addHandler(handler)
    if level < logging.root.level:  # -v: the libraries' INFO records too
        logging.root.setLevel(level)
    logging.captureWarnings(True)
