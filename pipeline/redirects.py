"""Links that last: what became of the work ids a build no longer gives out.

A work id is a promise to whoever cited or bookmarked it. When a build folds a work into another
(its records now cluster with the records of a work whose id is kept, pipeline/combine.py
assign_ids), its id moves to that work; when every record of a work is gone from its sources
(tombstones, record_heads.deleted), its id is gone. The warehouse keeps one row per such id in
`work_redirects` across builds (Warehouse.update_redirects), published with the catalogue, where
publish/plugins/redirects.py answers the old id with 301 or 410.

`fates` decides, from the record -> work maps of the last build and this one, which old ids moved
and where to, and which went. An old id moves to the work that holds most of its records now (a
tie: the smallest id), so a work split in two leads to the larger half.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

RecordRef = tuple[str, str]  # (source, record_key)


@dataclass
class Fates:
    moved: dict[str, str] = field(default_factory=dict)  # old id -> the live work it went into
    gone: list[str] = field(default_factory=list)       # old ids none of whose records are live


def fates(previous: dict[RecordRef, str], current: dict[RecordRef, str]) -> Fates:
    """What became of each work id of the last build (`previous`: record -> work id then) that no
    work of this build (`current`: record -> work id now) has."""
    live = set(current.values())
    holders: dict[str, Counter] = {}
    for record, old_id in previous.items():
        if old_id in live:
            continue
        counts = holders.setdefault(old_id, Counter())
        if record in current:
            counts[current[record]] += 1
    result = Fates()
    for old_id in sorted(holders):
        counts = holders[old_id]
        if counts:
            result.moved[old_id] = min(counts, key=lambda work_id: (-counts[work_id], work_id))
        else:
            result.gone.append(old_id)
    return result
