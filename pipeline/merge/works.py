"""merge_works: records into works (overrides, then identifier edges, then fuzzy edges, each union
only if the guards allow), the exact-only `cluster` for callers with keys only, and the id of a
work seen for the first time."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from pipeline.merge.clusters import _Clusters, _described
from pipeline.merge.edges import Blocked, Edge, _exact_edges, _fuzzy_edges, _override_edges
from pipeline.merge.keys import match_keys
from pipeline.merge.memory import FuzzyMemory
from pipeline.merge.overrides import Overrides
from pipeline.merge.parts import title_parts
from pipeline.merge.scoring import FUZZY_THRESHOLD, report_numbers


@dataclass(frozen=True, slots=True)
class Cluster:
    members: tuple[int, ...]  # indexes into the caller's list, in (source, record_key) order
    match_rule: str           # "single", or the evidence kinds joined by "+"
    match_score: float | None  # the weakest link: 1.0 for identifiers and overrides


@dataclass
class MergeResult:
    clusters: list[Cluster]
    warnings: list[str] = field(default_factory=list)
    blocked: Blocked = Blocked()  # fuzzy pairs compared, the largest block (blocking keeps them near-linear)
    memory: FuzzyMemory | None = None  # what the fuzzy stage found, for the next build (given a memory)

    @property
    def comparisons(self) -> int:
        return self.blocked.comparisons


def merge_works(works: list[dict], overrides: Overrides = Overrides(), *, fuzzy: bool = True,
                threshold: float = FUZZY_THRESHOLD, memory: FuzzyMemory | None = None) -> MergeResult:
    """Cluster mapped works (with "_source" and "_key", and "_keys" and "_parts" where the caller
    has their match keys and title_parts already) into works: overrides, then exact identifier edges, then fuzzy edges
    from the strongest down. `memory`: what the fuzzy stage of an earlier build found (works with
    "_seq", their version, only; FuzzyMemory() for none): only blocks that changed are compared
    again, with the same clusters as without, and the result's memory is for the next build."""
    order = sorted(range(len(works)), key=lambda i: (works[i]["_source"], works[i]["_key"]))
    ordered = [works[i] for i in order]
    warnings: list[str] = []
    joins, forbidden = _override_edges(overrides, ordered, warnings)
    parts = [w["_parts"] if "_parts" in w else title_parts(w.get("title")) for w in ordered]
    fuzzy_edges, blocked, remembered = (_fuzzy_edges(ordered, parts, threshold, memory) if fuzzy
                                        else ([], Blocked(), None))
    found = _connect([w["_keys"] if "_keys" in w else match_keys(w) for w in ordered], joins, forbidden,
                     fuzzy_edges, [report_numbers(w, p) for w, p in zip(ordered, parts)])
    for edge in joins:
        if found.find(edge.a) != found.find(edge.b):
            warnings.append(f"must_merge {_ref(ordered[edge.a])} + {_ref(ordered[edge.b])} "
                            "not joined: a must_not_merge pair would end up in one work")
    clusters = [Cluster(tuple(order[p] for p in members), rule, score) for members, rule, score in found.described]
    return MergeResult(clusters, warnings, blocked, remembered)


def cluster(keys_per_record: list[list[str]]) -> list[tuple[list[int], str]]:
    """Exact-only grouping of records (in the caller's order) by shared keys, with the guards
    of merge_works: for callers that have keys only."""
    return [(list(members), rule) for members, rule, _ in _connect(keys_per_record, [], {}, []).described]


class _Connected:
    def __init__(self, clusters: _Clusters, described: list[tuple[tuple[int, ...], str, float | None]]):
        self.find = clusters.find
        self.described = described


def _connect(keys_per_record: list[list[str]], joins: list[Edge], forbidden: dict[int, set[int]],
             fuzzy_edges: list[Edge], reports: list[frozenset[str]] | None = None) -> _Connected:
    """Union overrides, then identifier edges, then fuzzy edges, each only if the guards allow."""
    clusters = _Clusters(keys_per_record, forbidden, reports)
    evidence = joins + _exact_edges(keys_per_record) + fuzzy_edges
    tree = [edge for edge in evidence if clusters.union(edge)]
    return _Connected(clusters, _described(clusters, tree, evidence))


def _ref(work: dict) -> str:
    return f"{work['_source']} {work['_key']}"


def new_work_id(member_keys: list[str]) -> str:
    """An id for a work seen for the first time: derived from its smallest member key."""
    return "w" + hashlib.sha1(min(member_keys).encode("utf-8")).hexdigest()[:12]
