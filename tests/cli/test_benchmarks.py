"""Every step of `make bench` runs to the end at a small size, with its checks.

The benchmarks are scripts, not tests, and nothing else runs them: one of them failed at its last
line for sessions (benchmarks/landing.py called a helper whose arguments had changed), and `make
bench` stops at the first step that fails. Times at these sizes mean nothing; that each step
still asserts that it did the same work as its baseline, and prints its figures, does.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import REPO

STEPS = [
    # arguments of `python -m`, and what the output must say (the step's own checks passed)
    (["benchmarks.oai_harvest", "--records", "300", "--rounds", "1"], "every harvester got sickle's records"),
    (["benchmarks.landing", "--records", "300", "--rounds", "1"], "as the crawl into DuckDB (asserted)"),
    (["benchmarks.html_crawl", "--pages", "200"], "Targets: >= 300 pages/s end to end"),
    (["benchmarks.build", "--records", "2000"], "incremental works equal to a full merge of the same records"),
    (["benchmarks.catalogue", "--documents", "3000"], "5 facets as served = SQL's facets (asserted)"),
]


@pytest.mark.slow
@pytest.mark.parametrize("arguments, says", STEPS, ids=[step[0][0] for step in STEPS])
def test_a_bench_step_runs_and_checks_its_work(arguments, says):
    done = subprocess.run([sys.executable, "-m", *arguments], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert says in done.stdout, done.stdout[-3000:]
