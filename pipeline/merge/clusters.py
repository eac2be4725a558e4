"""Clusters: union-find with the guards at cluster level (two clusters never join when their DOIs
differ, their ISBN sets are disjoint, they hold different handles of one repository, or a
must-not pair would end up in one), and what each cluster says of itself (match_rule,
match_score).

The handle guard holds back titles and URLs, not an identifier of the publication itself (DOI,
URN, Cristin id, ISBN): a repository that holds one report twice (deposited again, or once per
language of its title page) gives each copy its own handle, and the ISBN they share says they
are one. Nor do two clusters join by their titles when their report numbers differ (a working
paper and the final report, bridged by a copy that gives no number)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from pipeline.merge.edges import Edge
from pipeline.merge.keys import RULE_ORDER

PUBLICATION_IDS = ("doi", "urn", "cristin", "isbn")


class _Clusters:
    """Union-find whose roots know their DOIs, ISBNs, handles and must-not partners, so a union
    is refused when the two clusters could not be one work. Only what is there is held: a root
    of one record is its own only member, a record without a DOI has no entry for it (at a
    million records a set per record and table was gigabytes), and what a root holds is a tuple
    (a set is 216 bytes, a tuple of one 48, and every repository record has a handle)."""

    def __init__(self, keys_per_record: list[list[str]], forbidden: dict[int, set[int]],
                 reports: list[frozenset[str]] | None = None):
        self.parent = list(range(len(keys_per_record)))
        self.reports = {i: (number,) for i, number in enumerate(reports or []) if number}
        self.members: dict[int, set[int]] = {}  # roots of more than one record
        self.dois, self.isbns, self.handles = ({i: found for i, keys in enumerate(keys_per_record)
                                                if (found := tuple(k.split(":", 1)[1] for k in keys
                                                                   if k.startswith(kind)))}
                                               for kind in ("doi:", "isbn:", "handle:"))
        self.forbidden = forbidden

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def members_of(self, root: int) -> set[int]:
        return self.members.get(root) or {root}

    def roots(self) -> list[int]:
        return [i for i, parent in enumerate(self.parent) if parent == i]

    def conflict(self, ra: int, rb: int, guarded: bool, by_publication_id: bool = False) -> bool:
        if self.forbidden:
            small, large = sorted((self.members_of(ra), self.members_of(rb)), key=len)
            if any(self.forbidden.get(i, set()) & large for i in small):
                return True
        none = ()
        return guarded and (_disjoint(self.dois.get(ra, none), self.dois.get(rb, none))
                            or _disjoint(self.isbns.get(ra, none), self.isbns.get(rb, none))
                            or not by_publication_id and (_handles_differ(self.handles.get(ra, none),
                                                                          self.handles.get(rb, none))
                                                          or _disjoint(self.reports.get(ra, none),
                                                                       self.reports.get(rb, none))))

    def union(self, edge: Edge) -> bool:
        """Join the clusters of the edge's records; False when they may not be joined."""
        ra, rb = self.find(edge.a), self.find(edge.b)
        if ra == rb or self.conflict(ra, rb, edge.guarded, edge.kinds[0] in PUBLICATION_IDS):
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.members[keep] = self.members_of(keep) | self.members.pop(gone, {gone})
        for table in (self.dois, self.isbns, self.handles, self.reports):
            if gone in table:
                table[keep] = (*table.get(keep, ()), *table.pop(gone))
        return True


def _disjoint(a: Collection, b: Collection) -> bool:
    return bool(a and b and set(a).isdisjoint(b))


def _handles_differ(a: Collection[str], b: Collection[str]) -> bool:
    """Different handles of one repository (same prefix) are different items."""
    prefixes = {h.split("/", 1)[0] for h in a} & {h.split("/", 1)[0] for h in b}
    return any(_disjoint({h for h in a if h.startswith(p + "/")}, {h for h in b if h.startswith(p + "/")})
               for p in prefixes)


def _described(clusters: _Clusters, tree: list[Edge],
               evidence: list[Edge]) -> list[tuple[tuple[int, ...], str, float | None]]:
    """(members, rule, score) per cluster: the rule lists every evidence kind found inside it
    (identifiers shared by members included), the score is the weakest union that built it."""
    kinds: dict[int, set[str]] = defaultdict(set)
    for edge in evidence:
        root = clusters.find(edge.a)
        if root == clusters.find(edge.b):
            kinds[root].update(edge.kinds)
    weakest: dict[int, float] = {}
    for edge in tree:
        root = clusters.find(edge.a)
        weakest[root] = min(weakest.get(root, 1.0), edge.score)
    result = []
    for root in clusters.roots():
        members = tuple(sorted(clusters.members_of(root)))
        if len(members) == 1:
            result.append((members, "single", None))
        else:
            result.append((members, "+".join(kind for kind in RULE_ORDER if kind in kinds[root]), weakest[root]))
    return result
