"""Harvesting a third-party OAI-PMH server (pyoai) with tokens, sets, deletes and changes."""
from __future__ import annotations

from datetime import datetime

import duckdb
import pytest
import yaml

from tests.helpers import nordcat, report_lines
from tests.pyoai_server import Item, PyoaiServer, Repository

pytestmark = pytest.mark.slow

SETS = ["com_11250_1", "col_11250_2", "col_11250_3"]


def items(n: int = 250) -> list[Item]:
    made = []
    for i in range(n):
        sets = [SETS[i % 3]] + ([SETS[0]] if i % 10 == 1 else [])   # some records sit in two sets
        made.append(Item(f"oai:pyoai.test:{i:05d}", datetime(2010 + i % 15, 1 + i % 12, 1), sets,
                         {"title": [f"Interkommunalt samarbeid {i}"], "creator": ["Nordmann, Kari"],
                          "date": [f"{2010 + i % 15}"], "identifier": [f"http://hdl.handle.net/11250/{i}"],
                          "language": ["nob"]},
                         deleted=i % 50 == 7))
    return made


def source(folder, url, name="pyoai", set_spec=None):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yml").write_text(yaml.safe_dump({
        "name": name, "title": "pyoai", "publisher": "x", "country": "NO", "kind": "oai-pmh", "url": url,
        "set": set_spec, "politeness": {"delay": 0.0, "concurrency": 1}}))


def heads(data):
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT source, count(*) FILTER (WHERE NOT deleted), count(*) FILTER (WHERE deleted), "
                           "count(DISTINCT record_key) FROM record_heads GROUP BY source ORDER BY source").fetchall()


def test_full_then_incremental_harvest_of_a_pyoai_server(tmp_path):
    repo = Repository(items())
    data, sources = tmp_path / "data", tmp_path / "sources"
    with PyoaiServer(repo) as server:
        source(sources, server.url)
        source(sources, server.url, name="pyoai-set", set_spec=SETS[0])
        first = nordcat(data, sources, "crawl")
        assert first.returncode == 0, first.stdout + first.stderr
        in_set0 = [i for i in items() if SETS[0] in i.sets]
        assert heads(data) == [("pyoai", 245, 5, 250),
                               ("pyoai-set", sum(not i.deleted for i in in_set0), sum(i.deleted for i in in_set0),
                                len(in_set0))]

        for i in (3, 4, 5):
            repo.change(f"oai:pyoai.test:{i:05d}", fields={"title": [f"Revidert {i}"], "language": ["nob"]})
        for i in (10, 11):
            repo.change(f"oai:pyoai.test:{i:05d}", deleted=True)
        for i in range(250, 254):
            repo.add(Item(f"oai:pyoai.test:{i:05d}", datetime.utcnow().replace(microsecond=0), [SETS[1]],
                          {"title": [f"Ny rapport {i}"]}))
        second = nordcat(data, sources, "crawl", "pyoai")
    assert second.returncode == 0, second.stdout + second.stderr
    report = report_lines(second.stdout)["pyoai"]
    assert (report["seen"], report["new"], report["changed"], report["deleted"]) == ("9", "4", "3", "2")
    assert heads(data)[0] == ("pyoai", 245 + 4 - 2, 5 + 2, 254)
