"""When a source is due: its `schedule:` and `max_runtime:` keys, read by `nordcat nightly`.

A nightly runs every night (deploy/: a systemd timer or a crontab line) and crawls only the
sources that are due. A source's `schedule` is `daily`, `weekly` or a five-field cron expression
in UTC; without one the source runs at every nightly, as before the key existed.

A source is due when a scheduled time has come since its last successful crawl started (so a
nightly that runs late, or a failed crawl, never skips a turn: the next nightly catches up), when
it has never succeeded, or when its last crawl stopped at its `max_runtime` (a partial run resumes
at the next nightly, whatever its schedule). `daily` is midnight UTC every day and `weekly` is
midnight UTC between Sunday and Monday: a nightly at 02:00 crawls a daily source every night and
a weekly one on Mondays (or the first night after, if Monday's nightly did not run).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from croniter import croniter

if TYPE_CHECKING:  # nordcat.health reads the Source model, whose validators use this module
    from nordcat.health import LastCrawl

NAMED = {"daily": "0 0 * * *", "weekly": "0 0 * * 1"}
PARTIAL = "partial"  # crawl_runs.status of a run stopped by its max_runtime, to be resumed
DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|m|h)?$")
SECONDS_PER = {"s": 1, "m": 60, "h": 3600, None: 1}


def cron_of(schedule: str) -> str:
    """The cron expression a schedule stands for; ValueError when it is none."""
    expression = NAMED.get(schedule.strip(), schedule.strip())
    if len(expression.split()) != 5 or not croniter.is_valid(expression):
        raise ValueError(f"{schedule!r} is not daily, weekly or a five-field cron expression such as '0 3 * * 1-5'")
    return expression


def runtime_seconds(value: str | int | float) -> float:
    """A max_runtime (`45m`, `2h`, `90s` or a number of seconds) in seconds; ValueError otherwise."""
    match = DURATION.match(str(value).strip())
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{value!r} is not a positive duration such as 90s, 45m or 2h")
    return float(match.group(1)) * SECONDS_PER[match.group(2)]


@dataclass(frozen=True)
class Due:
    source: str
    due: bool
    reason: str  # why, in words for the nightly's summary


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def is_due(name: str, schedule: str | None, last: LastCrawl | None, now: datetime) -> Due:
    """Whether the source is due at `now` (naive UTC), from its schedule and what its crawls left
    (Warehouse.last_crawls; None: never crawled)."""
    if schedule is None:
        return Due(name, True, "no schedule: every nightly")
    if last is not None and last.status == PARTIAL:
        return Due(name, True, "its last crawl stopped at max_runtime: resumes")
    if last is None or last.last_success is None:
        return Due(name, True, "never crawled successfully")
    expression = cron_of(schedule)
    previous = croniter(expression, now).get_prev(datetime)
    if last.last_success < previous:
        return Due(name, True, f"{schedule}: due since {iso(previous)}")
    following = croniter(expression, now).get_next(datetime)
    return Due(name, False, f"{schedule}: last success {iso(last.last_success)}, next due {iso(following)}")
