"""When a source is due (nordcat/schedule.py), and how the registry reads `schedule` and
`max_runtime`: daily, weekly and cron schedules, due and not due, catch-up after a missed or failed
night, and a partial run resumed whatever its schedule."""
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from nordcat.health import LastCrawl
from nordcat.schedule import is_due, runtime_seconds
from nordcat.sources import RegistryError, load_source

VALID = {"name": "bi-open", "title": "BI Open", "publisher": "BI", "country": "NO", "kind": "oai-pmh",
         "url": "https://biopen.bi.no/bi-oai/request"}
MONDAY_0200 = datetime(2026, 12, 7, 2, 0)  # 7 December 2026 is a Monday


def crawled(success: datetime | None, status: str = "ok", started: datetime | None = None) -> LastCrawl:
    return LastCrawl(status=status, health="ok" if status == "ok" else None, error=None,
                     started_at=started or success or datetime(2026, 12, 1), last_success=success)


@pytest.mark.parametrize("schedule, last_success, now, due", [
    # daily: due once midnight UTC has passed since the last success
    ("daily", datetime(2026, 12, 6, 2, 0), MONDAY_0200, True),
    ("daily", datetime(2026, 12, 7, 1, 0), MONDAY_0200, False),
    ("daily", datetime(2026, 12, 4, 2, 0), MONDAY_0200, True),  # nights missed: due, once
    # weekly: Monday 00:00 UTC
    ("weekly", datetime(2026, 11, 30, 2, 0), MONDAY_0200, True),
    ("weekly", datetime(2026, 12, 7, 0, 30), MONDAY_0200, False),
    ("weekly", datetime(2026, 11, 30, 2, 0), datetime(2026, 12, 6, 2, 0), False),  # Sunday: not yet
    ("weekly", datetime(2026, 11, 20, 2, 0), datetime(2026, 12, 3, 2, 0), True),   # a missed Monday: catch up
    # cron: weekdays at 03:00 UTC
    ("0 3 * * 1-5", datetime(2026, 12, 4, 3, 5), MONDAY_0200, False),    # Friday's ran; Monday 03:00 not yet
    ("0 3 * * 1-5", datetime(2026, 12, 4, 3, 5), datetime(2026, 12, 7, 3, 1), True),
    ("0 3 * * 1-5", datetime(2026, 12, 4, 3, 5), datetime(2026, 12, 6, 3, 1), False),  # Sunday
    ("0 */6 * * *", datetime(2026, 12, 7, 0, 10), datetime(2026, 12, 7, 5, 59), False),
    ("0 */6 * * *", datetime(2026, 12, 7, 0, 10), datetime(2026, 12, 7, 6, 0, 1), True),
])
def test_due_when_a_scheduled_time_has_passed_since_the_last_success(schedule, last_success, now, due):
    verdict = is_due("s", schedule, crawled(last_success), now)
    assert verdict.due is due, verdict.reason


def test_not_due_says_when_it_will_be():
    verdict = is_due("s", "weekly", crawled(datetime(2026, 12, 7, 0, 30)), MONDAY_0200)
    assert verdict.reason == "weekly: last success 2026-12-07T00:30:00Z, next due 2026-12-14T00:00:00Z"


def test_a_failed_crawl_is_tried_again_at_the_next_nightly():
    # the last crawl failed; the last success predates this week's Monday
    last = crawled(datetime(2026, 11, 30, 2, 0), status="failed", started=datetime(2026, 12, 7, 0, 30))
    assert is_due("s", "weekly", last, datetime(2026, 12, 8, 2, 0)).due


def test_a_partial_crawl_resumes_at_the_next_nightly_whatever_its_schedule():
    last = crawled(datetime(2026, 12, 7, 1, 0), status="partial", started=datetime(2026, 12, 7, 1, 30))
    assert is_due("s", "weekly", last, datetime(2026, 12, 8, 2, 0)).due
    assert not is_due("s", "weekly", crawled(datetime(2026, 12, 7, 1, 0)), datetime(2026, 12, 8, 2, 0)).due


def test_never_crawled_and_unscheduled_sources_are_due():
    assert is_due("s", "weekly", None, MONDAY_0200).due
    assert is_due("s", "weekly", crawled(None, status="failed"), MONDAY_0200).due
    assert is_due("s", None, crawled(datetime(2026, 12, 7, 1, 59)), MONDAY_0200).due


@pytest.mark.parametrize("value, seconds", [("90s", 90), ("45m", 2700), ("2h", 7200), (600, 600), ("0.5s", 0.5)])
def test_max_runtime_forms(value, seconds):
    assert runtime_seconds(value) == seconds


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / f"{data['name']}.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_registry_reads_schedule_and_max_runtime(tmp_path):
    source = load_source(write(tmp_path, {**VALID, "schedule": "0 3 * * 1-5", "max_runtime": "45m"}))
    assert source.schedule == "0 3 * * 1-5" and source.max_runtime_seconds == 2700
    plain = load_source(write(tmp_path, VALID))
    assert plain.schedule is None and plain.max_runtime_seconds is None


@pytest.mark.parametrize("change, field, hint", [
    ({"schedule": "monthly"}, "schedule", "five-field cron"),
    ({"schedule": "61 * * * *"}, "schedule", "five-field cron"),
    ({"schedule": "0 3 * * * *"}, "schedule", "five-field cron"),  # six fields: seconds are not ours
    ({"max_runtime": "an hour"}, "max_runtime", "90s, 45m or 2h"),
    ({"max_runtime": 0}, "max_runtime", "positive"),
])
def test_invalid_schedule_or_runtime_is_named(tmp_path, change, field, hint):
    with pytest.raises(RegistryError) as info:
        load_source(write(tmp_path, {**VALID, **change}))
    assert f"field '{field}'" in str(info.value) and hint in str(info.value)
