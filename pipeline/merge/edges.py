"""Edges: the evidence that two records are one work, in the order the clusters are built from it:
overrides (must_merge; must_not_merge as forbidden partners), shared identifiers, then scored
fuzzy pairs within blocks, strongest first."""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.merge.blocks import Blocking, block_keys_of, blocking, candidate_pairs
from pipeline.merge.keys import EXACT_KINDS
from pipeline.merge.overrides import Overrides, RecordRef
from pipeline.merge.memory import (
    FuzzyMemory, MemoryEdge, Recorded, RecordMemory, as_int, block_digest, key_hash, record_version)
from pipeline.merge.parts import TitleParts
from pipeline.merge.scoring import pair_score, report_numbers
from pipeline.merge.short_titles import SHORT_TITLE_SCORE, short_title_groups

YEAR_GAP_PENALTY = 0.02       # in the order of fuzzy unions only: a pair of one year before a pair a year apart
SAME_REPORT_BONUS = 0.05      # ... and a pair with one report number before either (a cover's "Working Paper
                              # 4/2014" goes with the working paper, not with the article of the next year)


@dataclass(frozen=True)
class Blocked:
    """What the blocking let the fuzzy stage do: pairs compared, the largest block compared, and
    records left uncompared in a block of one title too common to name a work."""
    comparisons: int = 0
    largest_block: int = 0
    uncompared: int = 0
    reused: int = 0  # blocks an earlier build compared with the same members: their edges kept, not compared


@dataclass(frozen=True, slots=True)
class Edge:
    a: int  # positions in (source, record_key) order
    b: int
    kinds: tuple[str, ...]
    score: float
    guarded: bool = True  # overrides are not held back by the identifier guards


def _override_edges(overrides: Overrides, ordered: list[dict],
                    warnings: list[str]) -> tuple[list[Edge], dict[int, set[int]]]:
    """must_merge as edges; must_not_merge as forbidden partners, between positions in `ordered`
    (the works in (source, record_key) order). Unknown records are warned about and skipped."""
    joins, forbidden = [], defaultdict(set)
    for name, pairs in (("must_merge", overrides.must_merge), ("must_not_merge", overrides.must_not_merge)):
        for index, pair in enumerate(pairs):
            found = {ref: _position(ordered, ref) for ref in pair}
            missing = [f"{source} {key}" for (source, key), at in found.items() if at is None]
            if missing:
                warnings.append(f"{name}[{index}]: no record {' / '.join(missing)}; override skipped")
                continue
            a, b = sorted(found[ref] for ref in pair)
            if name == "must_merge":
                joins.append(Edge(a, b, ("override",), 1.0, guarded=False))
            else:
                forbidden[a].add(b)
                forbidden[b].add(a)
    return sorted(joins, key=lambda e: (e.a, e.b)), dict(forbidden)


def _position(ordered: list[dict], ref: RecordRef) -> int | None:
    """Where the record is in `ordered`, found by bisection: a dict of every record's position,
    for the few overrides, was 26 MB at 200,000 records."""
    at = bisect_left(ordered, ref, key=lambda work: (work["_source"], work["_key"]))
    return at if at < len(ordered) and (ordered[at]["_source"], ordered[at]["_key"]) == ref else None


def _exact_edges(keys_per_record: list[list[str]]) -> list[Edge]:
    """One edge from the first holder of a key to each other holder, keys in EXACT_KINDS order.
    Only a key held twice gets a list: most keys (a record's own handle and URL) are held once,
    and a list for each was a gigabyte at a million records."""
    first: dict[str, int] = {}
    others: dict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(keys_per_record):
        for key in dict.fromkeys(keys):
            if first.setdefault(key, index) != index:
                others[key].append(index)
    rank = {kind: n for n, kind in enumerate(EXACT_KINDS)}
    edges = []
    for key in sorted(others, key=lambda k: (rank[k.split(":", 1)[0]], k)):
        edges += [Edge(first[key], other, (key.split(":", 1)[0],), 1.0) for other in others[key]]
    return edges


def _year_gap(a: dict, b: dict) -> float:
    """0 for the same year, 1 a year apart, half that when a year is missing."""
    return abs(a["year"] - b["year"]) if a.get("year") and b.get("year") else 0.5


def _same_report(a: dict, b: dict, parts_a: TitleParts, parts_b: TitleParts) -> bool:
    number = report_numbers(a, parts_a)
    return bool(number) and number == report_numbers(b, parts_b)


def _fuzzy_edges(works: list[dict], parts: list[TitleParts], threshold: float,
                 memory: FuzzyMemory | None = None) -> tuple[list[Edge], Blocked, FuzzyMemory | None]:
    """Scored pairs within each block at or above the threshold, strongest first. Among equally
    strong pairs one of the same year goes first: a record between two look-alike versions (a
    working paper and its final report a year later, kept apart by their identifiers) joins the
    one of its own year before the guards shut the other out.
    `memory`: what an earlier build found (works with "_seq" only): a block it compared with the
    same members, and a pair of unchanged records it compared, are not compared again, and their
    edges are kept (pipeline/merge/memory.py); then what this build found is returned for the
    next (None without `memory`)."""
    edges, ranks = [], {}
    for first, *others in short_title_groups(works, parts):
        for other in others:
            edges.append(Edge(first, other, ("title",), SHORT_TITLE_SCORE))
            ranks[first, other] = SHORT_TITLE_SCORE
    found = blocking(works, parts)
    versions = [record_version(work, threshold) for work in works] if memory is not None else []
    digests = _block_digests(found, versions) if memory is not None else {}
    known = frozenset(key for key, digest in digests.items() if digest in memory.blocks) if memory else frozenset()
    earlier = _earlier_edges(works, memory) if memory else []
    places = _records_to_place(found, known, earlier) if memory and (memory.blocks or memory.edges) else None
    keys_of = block_keys_of(found, places)
    compared = _compared_before(works, versions, places, memory) if places else {}
    remembered = []
    for a, b, edge in earlier:
        shared = keys_of[a] & keys_of[b]  # still a pair, of two records unchanged since it was found
        if not shared.isdisjoint(known) or (shared and a in compared and b in compared):
            edges.append(Edge(a, b, edge.kinds, edge.score))
            ranks[a, b] = edge.rank
            remembered.append(edge)
    comparisons = 0
    for a, b in candidate_pairs(found, keys_of, known, _settled(compared) if compared else None):
        if a in compared and b in compared and not compared[a].isdisjoint(compared[b]):
            continue  # two unchanged records that shared a block: compared by the earlier build
        comparisons += 1
        scored = pair_score(works[a], works[b], (parts[a], parts[b]))
        if scored and scored.score >= threshold:
            edges.append(Edge(a, b, scored.evidence, scored.score))
            ranks[a, b] = scored.score - YEAR_GAP_PENALTY * _year_gap(works[a], works[b]) \
                + SAME_REPORT_BONUS * _same_report(works[a], works[b], parts[a], parts[b])
            if memory is not None:
                remembered.append(MemoryEdge(works[a]["_seq"], works[b]["_seq"], scored.evidence, scored.score,
                                             ranks[a, b]))
    found_now = FuzzyMemory(frozenset(digests.values()), tuple(remembered), _recorded(works, found, versions)) \
        if memory is not None else None
    return (sorted(edges, key=lambda e: (-ranks[e.a, e.b], e.a, e.b)),
            Blocked(comparisons, found.largest, found.uncompared, len(known)), found_now)


def _compared_before(works: list[dict], versions: list[bytes], places: set[int],
                     memory: FuzzyMemory) -> dict[int, frozenset[int]]:
    """Of these records, those unchanged since the earlier build (the same version): the blocks
    they were compared in then."""
    recalled = memory.records.recall([works[index]["_seq"] for index in places])
    return {index: before.blocks for index in places
            if (before := recalled.get(works[index]["_seq"])) and before.version == as_int(versions[index])}


def _settled(compared: dict[int, frozenset[int]]) -> Callable[[str, list[int]], set[int]]:
    """The members of a block that were in it at the earlier build, unchanged: their pairs were compared then."""
    def settled(key: str, members: list[int]) -> set[int]:
        hashed = key_hash(key)
        return {index for index in members if hashed in compared.get(index, ())}
    return settled


def _recorded(works: list[dict], found: Blocking, versions: list[bytes]) -> Recorded:
    """This build's records as the next build recalls them: version and blocks of two or more."""
    blocks_of: dict[int, set[int]] = defaultdict(set)
    for key, members in found.blocks.items():
        if len(members) > 1:
            hashed = key_hash(key)
            for index in members:
                blocks_of[index].add(hashed)
    return Recorded({works[index]["_seq"]: RecordMemory(as_int(versions[index]), frozenset(blocks))
                     for index, blocks in blocks_of.items()})


def _block_digests(found: Blocking, versions: list[bytes]) -> dict[str, int]:
    """The digest of each block of two records or more (a block of one holds no pair to remember)."""
    return {key: block_digest(key, members, versions) for key, members in found.blocks.items() if len(members) > 1}


def _earlier_edges(works: list[dict], memory: FuzzyMemory) -> list[tuple[int, int, MemoryEdge]]:
    """The earlier build's edges between records still here, by position."""
    position = {work["_seq"]: index for index, work in enumerate(works)}
    return [(position[edge.seq_a], position[edge.seq_b], edge) for edge in memory.edges
            if edge.seq_a in position and edge.seq_b in position]


def _records_to_place(found: Blocking, known: frozenset[str], earlier: list[tuple[int, int, MemoryEdge]]) -> set[int]:
    """The records whose blocks the comparisons need: those in a block not known, and those of an
    earlier edge."""
    wanted = {index for key, members in found.blocks.items() if len(members) > 1 and key not in known
              for index in members}
    for a, b, _ in earlier:
        wanted.update((a, b))
    return wanted
