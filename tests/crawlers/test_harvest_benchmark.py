"""benchmarks/oai_harvest.py compares times only of harvests that got the same records."""
import pytest

from benchmarks.oai_harvest import same_records

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
