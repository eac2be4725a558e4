"""Find records of the same work across sources: exact identifier matches, union-find.

Two records are one work when they share a DOI, a handle, an ISBN or a normalised landing-page
URL. Every cluster says which identifiers joined it (`match_rule`), so a merge can be explained.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from urllib.parse import urlsplit, urlunsplit


def url_key(url: str | None) -> str | None:
    """Scheme-less, lower-case host, no default port, no trailing slash, no fragment."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return urlunsplit(("", host, parts.path.rstrip("/") or "/", parts.query, ""))[2:]


def match_keys(work: dict) -> list[str]:
    """The identifiers by which a work can be matched, as 'kind:value'."""
    keys = []
    if work.get("doi"):
        keys.append(f"doi:{work['doi']}")
    if work.get("handle"):
        keys.append(f"handle:{work['handle']}")
    keys += [f"isbn:{isbn}" for isbn in work.get("isbn") or []]
    if key := url_key(work.get("url")):
        keys.append(f"url:{key}")
    return keys


class _UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster(keys_per_record: list[list[str]]) -> list[tuple[list[int], str]]:
    """Group record indexes that share a key; returns (members, match_rule) in a stable order."""
    uf = _UnionFind(len(keys_per_record))
    first_with: dict[str, int] = {}
    for index, keys in enumerate(keys_per_record):
        for key in keys:
            if key in first_with:
                uf.union(first_with[key], index)
            else:
                first_with[key] = index
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(keys_per_record)):
        groups[uf.find(index)].append(index)
    result = []
    for members in sorted(groups.values()):
        result.append((members, _rule(members, keys_per_record)))
    return result


def _rule(members: list[int], keys_per_record: list[list[str]]) -> str:
    if len(members) == 1:
        return "single"
    counts: dict[str, int] = defaultdict(int)
    for index in members:
        for key in set(keys_per_record[index]):
            counts[key] += 1
    shared_kinds = sorted({key.split(":", 1)[0] for key, n in counts.items() if n > 1})
    return "+".join(shared_kinds)


def new_work_id(member_keys: list[str]) -> str:
    """An id for a work seen for the first time: derived from its smallest member key."""
    return "w" + hashlib.sha1(min(member_keys).encode("utf-8")).hexdigest()[:12]
