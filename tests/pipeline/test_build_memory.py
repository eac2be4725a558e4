"""An incremental build, whose fuzzy merge compares only the blocks that changed (merge_blocks,
merge_edges), writes the works a full build writes, round after round of random changes to a real
DuckDB warehouse: new records, edited titles, deletions, other identifiers, overrides."""
from __future__ import annotations

import json
import random

from nordcat.records import raw_record
from nordcat.sources import Source
from pipeline import merge
from pipeline.build import build
from warehouse.store import Warehouse

SOURCES = [Source(name=name, title=name, publisher="NIBR", country="NO", kind="oai-pmh",
                  url=f"https://{name}.example.org/oai", language="nob") for name in ("repo", "archive")]
OPENINGS = ["Rapport fra kommunen", "Evaluering av samarbeidet", "Erfaringer med partnerskap"]
WORDS = ["samarbeidsavtaler", "kommunesektoren", "partnerskapene", "frivilligheten", "velferdsstaten",
         "innovasjonen", "helsetjenester", "omsorgstjenester", "klimatilpasning", "Bergen", "Vinje"]
AUTHORS = ["Vabo, Signy Irene", "Dahl, Silje", "Rønning, Hanne", "Berg, Ola"]


class Records:
    """Raw records of two repositories and their changes, by a seeded random generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.live: dict[tuple[str, str], dict] = {}
        self.numbers = iter(range(10**6))

    def new(self) -> tuple[str, str, dict]:
        rng = self.rng
        source = rng.choice(["repo", "archive"])
        key = f"oai:{source}:{next(self.numbers)}"
        metadata = {"dc.title": [self.title()], "dc.contributor.author": rng.sample(AUTHORS, rng.randint(1, 2)),
                    "dc.date.issued": [str(rng.choice([2019, 2020]))], **self.identifiers()}
        if self.live and rng.random() < 0.4:  # a copy of another record, its title spelt another way
            other = rng.choice(sorted(self.live))
            metadata.update({**self.live[other], "dc.title": [self.spelt_otherwise(self.live[other]["dc.title"][0])]})
            metadata.pop("dc.identifier.uri", None)
        self.live[source, key] = metadata
        return source, key, metadata

    def title(self) -> str:
        return " ".join([self.rng.choice(OPENINGS), *self.rng.sample(WORDS, self.rng.randint(1, 3))])

    def spelt_otherwise(self, title: str) -> str:
        words = title.split()
        cut = self.rng.randrange(1, len(words[3]) - 1)
        misspelt = " ".join(words[:3] + [words[3][:cut] + words[3][cut + 1:]] + words[4:])
        return self.rng.choice([title.upper(), title + ": sluttrapport", misspelt, title + " " + self.rng.choice(WORDS)])

    def identifiers(self) -> dict[str, list[str]]:
        chance = self.rng.random()
        return ({"dc.identifier.doi": [f"10.1234/{self.rng.randint(0, 40)}"]} if chance < 0.15 else
                {"dc.identifier.uri": [f"http://hdl.handle.net/11250/{self.rng.randint(0, 40)}"]} if chance < 0.25
                else {})

    def changes(self, share: float) -> list:
        """Records new, retitled, with other identifiers, or deleted: about `share` of them."""
        rng, changed = self.rng, []
        for _ in range(max(1, int(len(self.live) * share))):
            source, key = ref = rng.choice(sorted(self.live))
            action = rng.choice(["new", "new", "title", "identifiers", "delete"])
            if action == "new":
                changed.append(record(*self.new()))
            elif action == "delete":
                del self.live[ref]
                changed.append(raw_record(source=source, key=key, fmt="dim", metadata={}, deleted=True,
                                          payload="<deleted/>"))
            else:
                metadata = dict(self.live[ref])
                if action == "title":
                    metadata["dc.title"] = [rng.choice([self.title(), self.spelt_otherwise(metadata["dc.title"][0])])]
                else:
                    metadata = {k: v for k, v in metadata.items() if not k.startswith("dc.identifier")}
                    metadata.update(self.identifiers())
                self.live[ref] = metadata
                changed.append(record(source, key, metadata))
        return changed

    def overrides(self) -> merge.Overrides:
        refs = sorted(self.live)
        pairs = [tuple(self.rng.sample(refs, 2)) for _ in range(4)]
        return merge.Overrides(must_merge=tuple(pairs[:2]), must_not_merge=tuple(pairs[2:]))


def record(source: str, key: str, metadata: dict):
    return raw_record(source=source, key=key, fmt="dim", metadata=metadata,
                      payload=json.dumps(metadata, sort_keys=True))


def works(wh: Warehouse) -> dict[str, list]:
    return {"documents": wh.query("SELECT * EXCLUDE (first_seen, last_seen) FROM documents ORDER BY id"),
            "document_sources": wh.query("SELECT * FROM document_sources ORDER BY ALL"),
            "merge_edges": wh.query("SELECT * FROM merge_edges ORDER BY ALL")}


def test_an_incremental_build_writes_the_works_of_a_full_build_round_after_round(tmp_path):
    records = Records(seed=13)
    first = [record(*records.new()) for _ in range(240)]
    with Warehouse(tmp_path / "incremental.duckdb") as incremental, Warehouse(tmp_path / "full.duckdb") as full:
        for wh in (incremental, full):
            wh.add_records(first, run_id="r0")
            build(wh, SOURCES, full=True)
        compared = {"incremental": 0, "full": 0}
        for round_ in range(1, 5):
            changes, overrides = records.changes(0.05), records.overrides()
            for wh in (incremental, full):
                wh.add_records(changes, run_id=f"r{round_}")
            step = build(incremental, SOURCES, overrides=overrides)
            whole = build(full, SOURCES, full=True, overrides=overrides)
            assert works(incremental) == works(full)
            assert step.merge_warnings == whole.merge_warnings and step.blocked.reused > 0
            compared["incremental"] += step.blocked.comparisons
            compared["full"] += whole.blocked.comparisons
        rules = {rule for (rule,) in incremental.query("SELECT DISTINCT match_rule FROM documents")}
    assert {"title+year+authors+publisher", "override"} & rules and any("doi" in rule for rule in rules)
    assert compared["incremental"] < compared["full"] / 4
