"""benchmarks/oai_harvest.py compares times only of harvests that got the same records, and counts a
command's memory with its workers'."""
import sys

import pytest

from benchmarks.oai_harvest import measured, same_records

SICKLE = {"oai:x:1": False, "oai:x:2": True}  # identifier -> tombstone


def test_the_same_records_pass():
    same_records("oai_dc", "nordcat crawl", dict(SICKLE), SICKLE)


@pytest.mark.parametrize("got, says", [
    ({"oai:x:1": False}, "1 missing"),
    ({**SICKLE, "oai:x:3": False}, "1 extra"),
    ({"oai:x:1": False, "oai:x:2": False}, "1 with the other deleted status"),  # a tombstone stored as live
])
def test_other_records_stop_the_benchmark_before_any_ratio(got, says):
    with pytest.raises(SystemExit, match=says):
        same_records("oai_dc", "nordcat crawl", got, SICKLE)


# A parent that starts a child holding 200 MB, and waits for it: the benchmarks' memory of a
# command must see the child's memory in the command's total, and not in the parent's own peak.
PARENT = """
import subprocess, sys
child = "import time; block = bytearray(200 * 2**20); block[::4096] = b'x' * len(block[::4096]); time.sleep(2)"
subprocess.run([sys.executable, "-c", child], check=True)
"""


def test_a_commands_memory_counts_its_workers_and_its_own_peak_apart():
    proc = measured([sys.executable, "-c", PARENT])
    assert proc.peak_mb >= proc.own_peak_mb + 200
    assert proc.own_peak_mb < 100
