"""How the nightly spreads jobs over Scrapyd nodes: longest expected first, onto the least loaded."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from crawlers.dispatch import DEFAULT_DURATION, Job, plan, source_time_limit
from crawlers.landing import LandingRun
from nordcat.sources import Source


def job(name: str) -> Job:
    source = Source(name=name, title=name, publisher="p", country="NO", kind="oai-pmh", url="https://example.org/oai")
    return Job(source, LandingRun(Path("/landing"), name, "run"), None, 60.0)


def test_the_longest_sources_go_first_onto_the_least_loaded_node():
    jobs = [job(n) for n in ("small", "huge", "medium", "tiny")]
    expected = {"huge": timedelta(minutes=50), "medium": timedelta(minutes=30), "small": timedelta(minutes=20),
                "tiny": timedelta(minutes=5)}
    planned = plan(jobs, ["http://a", "http://b"], expected)
    assert [j.source.name for j in planned["http://a"]] == ["huge", "tiny"]       # 55 minutes
    assert [j.source.name for j in planned["http://b"]] == ["medium", "small"]    # 50 minutes
    assert all(j.node == node for node, js in planned.items() for j in js)


def test_a_source_never_crawled_counts_as_the_default_duration():
    jobs = [job(n) for n in ("new", "known")]
    planned = plan(jobs, ["http://a", "http://b"], {"known": DEFAULT_DURATION * 3})
    assert [j.source.name for j in planned["http://a"]] == ["known"]
    assert [j.source.name for j in planned["http://b"]] == ["new"]


def test_the_time_limit_is_the_default_unless_the_source_names_one():
    assert source_time_limit(job("plain").source, 900.0) == 900.0
