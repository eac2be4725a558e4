"""Each source's freshness and health, judged from its crawl runs: what `nordcat status` prints,
what the source_health history records after every crawl run, and what makes a nightly alert
(nordcat/alerts.py).

A source's health is the first of these that holds:

- failing or dead: its last finished crawl failed (a run cut off, `crashed`, is failing);
- never: no crawl of it has succeeded yet;
- stale: its last successful crawl started more than its `max_age_hours` ago;
- moved: its last crawl succeeded, but the server names another base URL;
- ok.

Every health but ok and moved is unhealthy: `nordcat status` exits 1, a nightly alerts. A failure
outranks staleness because its error says more than its age. A reparse asks no source anything,
so it says nothing of freshness; a run still running has not judged the source yet.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nordcat.sources import Source

HEALTHY = frozenset({"ok", "moved"})
FAILED_RUN = frozenset({"failed", "crashed"})


@dataclass(frozen=True)
class LastCrawl:
    """What the warehouse knows of a source's crawls (Warehouse.last_crawls), naive UTC times."""
    status: str                     # of its last finished crawl run: ok, failed or crashed
    health: str | None              # of that run: ok, moved, dead, failing (None: a run cut off)
    error: str | None               # of that run
    started_at: datetime            # of that run
    last_success: datetime | None   # start of its last crawl run with status ok


@dataclass(frozen=True)
class Freshness:
    source: str
    health: str                     # ok, moved, stale, failing, dead or never
    max_age_hours: int
    last_run: datetime | None       # start of its last finished crawl
    status: str | None              # of that crawl
    last_success: datetime | None
    age_hours: float | None         # of the last success, at the time of judging
    stale: bool                     # no successful crawl within max_age_hours (never one included)
    error: str | None               # why the last crawl failed, for failing and dead

    @property
    def healthy(self) -> bool:
        return self.health in HEALTHY

    def as_json(self) -> dict:
        return {"source": self.source, "health": self.health, "last_success": iso(self.last_success),
                "age_hours": self.age_hours, "stale": self.stale, "max_age_hours": self.max_age_hours,
                "last_run": iso(self.last_run), "status": self.status, "error": self.error}


def judge(source: Source, last: LastCrawl | None, now: datetime) -> Freshness:
    """The source's health at `now` (naive UTC) from what its crawls left (None: never crawled)."""
    success = last.last_success if last else None
    age = round((now - success).total_seconds() / 3600, 2) if success else None
    stale = age is None or age > source.max_age_hours
    if last and last.status in FAILED_RUN:
        health = last.health if last.health in ("failing", "dead") else "failing"
    elif success is None:
        health = "never"
    elif stale:
        health = "stale"
    else:
        health = "moved" if last.health == "moved" else "ok"
    return Freshness(
        source=source.name, health=health, max_age_hours=source.max_age_hours,
        last_run=last.started_at if last else None, status=last.status if last else None, last_success=success,
        age_hours=age, stale=stale, error=last.error if health in ("failing", "dead") else None)


def iso(moment: datetime | None) -> str | None:
    """Naive UTC as ISO 8601 with a Z, as the catalogue writes times."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def status_line(f: Freshness) -> str:
    """One line of `nordcat status`: name, last success, age, health, and why when unhealthy."""
    age = f"{f.age_hours:.1f}h" if f.age_hours is not None else "-"
    why = {"stale": f"no successful crawl within {f.max_age_hours} h",
           "never": "no successful crawl yet"}.get(f.health, f.error or "")
    return f"{f.source:28} {iso(f.last_success) or 'never':20} {age:>9}  {f.health:7} {why}".rstrip()
