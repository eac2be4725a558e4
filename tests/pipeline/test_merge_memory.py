"""The fuzzy stage's memory: an incremental merge (reusing what an earlier one compared) gives the
clusters of a full merge, round after round of random changes."""
from __future__ import annotations

import itertools
import random

from pipeline import merge

# Common openings, each held by about MAX_BLOCK records: as records come and go, their blocks are
# split by one more word and joined again
OPENINGS = ["Rapport fra kommunen", "Evaluering av samarbeidet", "Årsrapport for regionen", "Erfaringer med partnerskap"]
WORDS = ["samarbeidsavtaler", "kommunesektoren", "partnerskapene", "frivilligheten", "velferdsstaten", "innovasjonen",
         "helsetjenester", "omsorgstjenester", "skolesektoren", "klimatilpasning", "regionreformen",
         "styringsmodeller", "nettverksstyring", "beredskapsplaner", "Bergen", "Vinje", "Tromsø"]
AUTHORS = ["Vabo, Signy Irene", "Dahl, Silje", "Rønning, Hanne", "Berg, Ola", "Lind, Kari", "Holm, Per"]


class Catalogue:
    """Records that change between merges, each change a new version (seq), as a crawl makes them."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seqs = itertools.count(1)
        self.records: dict[tuple[str, str], dict] = {}
        self.keys = itertools.count()
        for _ in range(400):
            self.add()

    def title(self) -> str:
        rng = self.rng
        # few openings and words: blocks of more than MAX_BLOCK records that are split, and look-alikes
        return " ".join([rng.choice(OPENINGS), *rng.sample(WORDS, rng.randint(1, 3))])

    def add(self) -> None:
        rng = self.rng
        source = rng.choice(["repo", "archive", "docplayer"])
        record = {"_source": source, "_key": f"{source}-{next(self.keys)}", "title": self.title(),
                  "authors": rng.sample(AUTHORS, rng.randint(0, 2)), "year": rng.choice([None, 2019, 2020, 2021]),
                  "publisher": rng.choice([None, "NIBR", "Fafo"]), "series": None, "_keys": self.identifiers()}
        if rng.random() < 0.3 and self.records:  # a copy of another record, spelt another way
            other = rng.choice(list(self.records.values()))
            record.update(title=self.spelt_otherwise(other["title"]), year=other["year"], authors=other["authors"])
        self.store(record)

    def identifiers(self) -> list[str]:
        rng = self.rng
        return [f"doi:10.1/{rng.randint(0, 60)}"] if rng.random() < 0.15 else (
            [f"handle:11250/{rng.randint(0, 60)}"] if rng.random() < 0.1 else [])

    def spelt_otherwise(self, title: str) -> str:
        rng = self.rng
        return rng.choice([title.upper(), title + ": sluttrapport", title.replace("e", "é", 1), title + " 2020",
                           title + " " + rng.choice(WORDS), self.misspelt(title)])

    def misspelt(self, title: str) -> str:
        """A letter of the word after the opening left out: the two titles share the opening's block only."""
        words = title.split()
        word = words[3] if len(words) > 3 else words[-1]
        cut = self.rng.randrange(1, len(word) - 1)
        return " ".join(words[:3] + [word[:cut] + word[cut + 1:]] + words[4:])

    def store(self, record: dict) -> None:
        self.records[record["_source"], record["_key"]] = {**record, "_seq": next(self.seqs)}

    def change(self) -> None:
        """About 5 % of the records: new ones (most), other titles, other identifiers, other years, deletions."""
        rng = self.rng
        for _ in range(len(self.records) // 20):
            ref = rng.choice(sorted(self.records))
            record = dict(self.records[ref])
            action = rng.choice(["add", "add", "title", "identifiers", "year", "delete"])  # the catalogue grows
            if action == "add":
                self.add()
            elif action == "delete":
                del self.records[ref]
            else:
                if action == "title":
                    record["title"] = rng.choice([self.title(), self.spelt_otherwise(record["title"])])
                elif action == "identifiers":
                    record["_keys"] = self.identifiers()
                else:
                    record["year"] = rng.choice([None, 2019, 2020, 2021])
                self.store(record)

    def overrides(self) -> merge.Overrides:
        """A few must-merge and must-not-merge pairs of records there now."""
        refs = sorted(self.records)
        pairs = [tuple(self.rng.sample(refs, 2)) for _ in range(6)]
        return merge.Overrides(must_merge=tuple(pairs[:3]), must_not_merge=tuple(pairs[3:]))


def identified(result: merge.MergeResult, works: list[dict]) -> list[tuple]:
    return sorted((tuple(sorted((works[i]["_source"], works[i]["_key"]) for i in c.members)), c.match_rule,
                   c.match_score) for c in result.clusters)


def edges(memory: merge.FuzzyMemory) -> set[merge.MemoryEdge]:
    return set(memory.edges)


def test_an_incremental_merge_gives_the_clusters_of_a_full_one_round_after_round():
    catalogue = Catalogue(random.Random(13))
    works = list(catalogue.records.values())
    earlier = merge.merge_works(works, memory=merge.FuzzyMemory())
    reused = dropped = 0
    for _ in range(12):
        catalogue.change()
        works = list(catalogue.records.values())
        random.Random(len(works)).shuffle(works)  # the input order never matters
        overrides = catalogue.overrides()
        incremental = merge.merge_works(works, overrides, memory=earlier.memory)
        full = merge.merge_works(works, overrides, memory=merge.FuzzyMemory())
        assert identified(incremental, works) == identified(full, works)
        assert incremental.warnings == full.warnings
        assert edges(incremental.memory) == edges(full.memory) and incremental.memory.blocks == full.memory.blocks
        assert incremental.comparisons < full.comparisons / 4
        reused += incremental.blocked.reused
        # an edge between two unchanged records gone: their block grew past MAX_BLOCK and was split
        live = {work["_seq"] for work in works}
        dropped += sum(1 for edge in earlier.memory.edges
                       if {edge.seq_a, edge.seq_b} <= live and edge not in edges(incremental.memory))
        earlier = incremental
    merged = [c for c in earlier.clusters if len(c.members) > 1]
    assert {rule for c in merged for rule in c.match_rule.split("+")} >= {"doi", "title", "override"}
    assert reused > 0 and dropped > 0


def test_an_unchanged_catalogue_compares_nothing_again():
    catalogue = Catalogue(random.Random(7))
    works = list(catalogue.records.values())
    first = merge.merge_works(works, memory=merge.FuzzyMemory())
    again = merge.merge_works(works, memory=first.memory)
    assert first.comparisons > 1000 and again.comparisons == 0
    assert identified(again, works) == identified(first, works) and again.memory == first.memory


def test_a_change_of_the_merge_code_or_threshold_forgets_every_block(monkeypatch):
    catalogue = Catalogue(random.Random(5))
    works = list(catalogue.records.values())
    first = merge.merge_works(works, memory=merge.FuzzyMemory())
    assert merge.merge_works(works, memory=first.memory, threshold=0.9).blocked.reused == 0
    monkeypatch.setattr("pipeline.merge.memory._CODE", b"other code")
    assert merge.merge_works(works, memory=first.memory).comparisons == first.comparisons


def test_without_versions_the_merge_keeps_no_memory():
    works = [{"_source": "repo", "_key": str(n), "title": f"Rapport fra samarbeid om helse {n}"} for n in range(3)]
    assert merge.merge_works(works).memory is None


def test_title_parts_kept_with_a_mapped_record_are_the_parts_of_its_title():
    from quality import merge as quality_merge

    titles = [p[side]["title"] for p in quality_merge.load_pairs() for side in "ab"]
    titles += [None, "", "VEDLEGG 2: Årsrapport 2021 (NIBR-rapport 2017:12)"]
    parts = [merge.title_parts(title) for title in titles]
    assert [merge.TitleParts.from_json(p.to_json()) for p in parts] == parts
    assert any(p.numbers and p.series and p.kinds for p in parts)
