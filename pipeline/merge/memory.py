"""The fuzzy stage's memory across builds: what one build's comparisons found, so that the next
compares only the blocks that changed.

A block is known when the last build compared a block of the same key with the same members at
the same versions: its digest (of the merge code, the key, and each member's seq and the fields
the scoring reads) is among the last build's. Its pairs would score as they did, so the fuzzy
edges found among its members are kept and none of its pairs is compared again. Every other block
(one that gained, lost or changed a member, or a new one) is compared as in a full build. An edge
of the last build is kept only while its two records share a known block: when a block grew past
MAX_BLOCK and was split, a pair it held is compared no more, and its edge goes.

Within a block that changed, a pair of two records unchanged since the last build (the same
version) that shared a block then was compared then: it is not compared again, and its edge, if
it had one, is kept (a block of a hundred records that lost one is not compared again at all).

So an incremental build finds the same fuzzy edges as a full one, and the clusters, built from
all edges in one order, are the same.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import rapidfuzz

# The merge code and the scorer it calls: when either changes, no block is known.
_CODE = hashlib.blake2b(b"".join([rapidfuzz.__version__.encode()] + [
    path.read_bytes() for path in sorted(Path(__file__).resolve().parent.glob("*.py"))]), digest_size=16).digest()


@dataclass(frozen=True, slots=True)  # slots: a build holds one per fuzzy edge, and a RecordMemory per record
class MemoryEdge:
    """A fuzzy edge as kept between builds: its records by version (seq), its evidence kinds, its
    score and its place in the union order (rank)."""
    seq_a: int
    seq_b: int
    kinds: tuple[str, ...]
    score: float
    rank: float


@dataclass(frozen=True, slots=True)
class RecordMemory:
    """A record as one build compared it: its version (record_version) and the blocks of two or
    more records it was in (key_hash of each key)."""
    version: int
    blocks: frozenset[int]


class Recorded(dict):
    """seq -> RecordMemory of one build's records, as the merge returns them."""

    def recall(self, seqs: list[int]) -> dict[int, RecordMemory]:
        return {seq: self[seq] for seq in seqs if seq in self}


@dataclass(frozen=True)
class FuzzyMemory:
    """The blocks one build compared (digests), the fuzzy edges it found in them, and its records
    (anything whose recall(seqs) gives their RecordMemory: a Recorded, or the warehouse's)."""
    blocks: frozenset[int] = frozenset()
    edges: tuple[MemoryEdge, ...] = ()
    records: Recorded = field(default_factory=Recorded)


def record_version(work: dict, threshold: float) -> bytes:
    """What a pair score of this record depends on: the merge code, its version (seq), the fields
    the scoring and the union order read, and the threshold edges are kept at."""
    fields = (work["_seq"], work.get("title"), work.get("authors"), work.get("year"), work.get("publisher"),
              work.get("series"), threshold)
    return hashlib.blake2b(_CODE + repr(fields).encode("utf-8"), digest_size=8).digest()


def as_int(digest: bytes) -> int:
    return int.from_bytes(digest, "little", signed=True)  # a BIGINT in the warehouse


def key_hash(key: str) -> int:
    return as_int(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest())


def block_digest(key: str, members: list[int], versions: list[bytes]) -> int:
    """A block's identity: the merge code, its key and its members' versions (in position order)."""
    digest = hashlib.blake2b(_CODE + key.encode("utf-8"), digest_size=8)
    for index in sorted(members):
        digest.update(versions[index])
    return as_int(digest.digest())
