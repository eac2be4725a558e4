"""Find records of the same work across sources: exact identifiers first, then fuzzy titles.

Exact: two records are one work when they share a DOI, handle, URN:NBN, Cristin id, ISBN or a
normalised landing-page URL. Fuzzy: records without a shared identifier are compared when their
title keys open with the same three words (blocking), their years are at most one apart, and
then scored on title, author family names and publisher (`pair_score`).

Every union passes the same guards at cluster level: two clusters never join when their DOIs
differ, their ISBN sets are disjoint, or they hold different handles of one repository (both
non-empty). So a fuzzy edge A~B cannot pull A into a cluster whose DOI B got from C.

`merge_overrides` (pairs that must or must not merge) are applied on top: must_not_merge wins
over any evidence (an edge that would put the two records in one cluster is dropped, the rest
re-clustered around it); must_merge joins, with match_rule "override".

Every cluster says why (`match_rule`: the evidence kinds found inside it, e.g. "handle+url",
"isbn+title+year") and how strongly (`match_score`: its weakest link, 1.0 for identifiers).
Deterministic: records are ordered by (source, record_key) and edges by a fixed key before any
union, so the input order never changes the result.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml
from rapidfuzz import fuzz

EXACT_KINDS = ("doi", "handle", "urn", "cristin", "isbn", "url")
RULE_ORDER = ("override", *EXACT_KINDS, "title", "year", "authors", "publisher")

# Chosen from tests/data/merge_pairs.yml (`python -m quality.merge`): precision and recall
# are both 1.0 from 0.82 to 0.90 (a template sibling scores 0.81, a true pair 0.91 at the
# lowest); 0.86 is the middle of that plateau.
FUZZY_THRESHOLD = 0.86
BLOCK_WORDS = 3               # records are compared when their title keys open with these words
MAX_BLOCK = 1000              # more records opening alike are not compared (n² / 2 comparisons)
MIN_TITLE_WORDS = 3           # shorter titles ("Annual report", "Frivillighet") name no single work
YEAR_TOLERANCE = 1            # print and online editions, cover year and deposit year
WEIGHTS = {"title": 0.6, "authors": 0.3, "publisher": 0.1}
MAIN_TITLE_DISCOUNT = 0.95    # "title" vs "title: subtitle" is a little weaker than a full match
PUBLISHER_AGREES = 0.8


# --- exact keys ------------------------------------------------------------------------------

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
    """The identifiers by which a work can be matched, as 'kind:value'.

    URN:NBN is compared case-insensitively (the NBN resolvers are); "urn" and "cristin" are read
    when the mapping provides them."""
    keys = []
    if work.get("doi"):
        keys.append(f"doi:{work['doi']}")
    if work.get("handle"):
        keys.append(f"handle:{work['handle']}")
    if work.get("urn"):
        keys.append(f"urn:{work['urn'].strip().casefold()}")
    if work.get("cristin"):
        keys.append(f"cristin:{work['cristin']}")
    keys += [f"isbn:{isbn}" for isbn in work.get("isbn") or []]
    if key := url_key(work.get("url")):
        keys.append(f"url:{key}")
    return keys


# --- title keys ------------------------------------------------------------------------------

# Letters that do not decompose into a base letter and a mark; the others (å, ä, ö, é, ü) lose
# their mark in NFKD. Applied to titles, names and publishers alike.
_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "ı": "i"})
_NOT_WORD = re.compile(r"[\W_]+")
_DOUBLE_A = re.compile(r"a{2,}")  # "aa" is how å was written before 1917/1948 and in ASCII
_ARTICLES = {"the", "a", "an", "en", "ei", "et", "den", "det", "der", "die", "das", "le", "la", "les"}
# Where a subtitle starts: a colon, a spaced dash, a full stop or question mark before more text.
_SUBTITLE = re.compile(r"\s*:\s*|\s+[-–—]+\s+|(?<=\w)[.?]\s+(?=\S)")


def fold(text: str | None) -> str:
    """Lower case, compatibility forms, diacritics off, Nordic letters spelled out ("aa" and "å"
    both "a"), anything that is not a letter or digit a single space."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPELLED_OUT)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", _DOUBLE_A.sub("a", text)).split())


def title_key(title: str | None) -> str:
    """The comparable form of a title: folded, leading articles dropped ("The", "En", "Det")."""
    words = fold(title).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words.pop(0)
    return " ".join(words)


def main_title_key(title: str | None) -> str | None:
    """The key of the part before the subtitle, or None when the title has no subtitle."""
    if not isinstance(title, str):
        return None
    parts = _SUBTITLE.split(title.strip(), maxsplit=1)
    if len(parts) < 2 or not title_key(parts[1]):
        return None
    return title_key(parts[0]) or None


def block_key(title: str | None) -> str | None:
    """The blocking key: the first BLOCK_WORDS words of the title key. A subtitle starts after
    them in every labelled pair, so "title" and "title: subtitle" share it; titles shorter than
    MIN_TITLE_WORDS get none and are left to identifiers."""
    words = title_key(title).split()
    return " ".join(words[:BLOCK_WORDS]) if len(words) >= MIN_TITLE_WORDS else None


# --- pair score ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PairScore:
    score: float
    evidence: tuple[str, ...]  # the signals both records had and agreed on: "title", "year", ...


def _numbers(key: str) -> set[str]:
    return {word for word in key.split() if word.isdigit()}


def title_similarity(a: str | None, b: str | None) -> float:
    """0..1: token-sorted ratio of the title keys, or of one main title against the other whole
    title when only one has a subtitle (a cover may omit it). 0 when both titles carry numbers
    and they differ ("Annual report 2019" vs "2020", "Report 06/2005" vs "07/2005")."""
    key_a, key_b = title_key(a), title_key(b)
    if _numbers(key_a) and _numbers(key_b) and _numbers(key_a) != _numbers(key_b):
        return 0.0
    best = fuzz.token_sort_ratio(key_a, key_b) / 100 if min(len(key_a.split()), len(key_b.split())) >= MIN_TITLE_WORDS else 0.0
    main_a, main_b = main_title_key(a), main_title_key(b)
    for main, whole, other_main in ((main_a, key_b, main_b), (main_b, key_a, main_a)):
        if main and other_main is None and len(main.split()) >= MIN_TITLE_WORDS:
            best = max(best, MAIN_TITLE_DISCOUNT * fuzz.ratio(main, whole) / 100)
    return best


def family_names(authors: list[str] | None) -> set[str]:
    """Folded family names ("Family, Given" -> "family"); a corporate author stays whole."""
    return {fold(name.split(",", 1)[0]) for name in authors or [] if fold(name)}


def pair_score(a: dict, b: dict) -> PairScore | None:
    """How alike two records are, or None when they must not be compared: years more than
    YEAR_TOLERANCE apart (a missing year does not block) or no title similarity at all.

    The score is a weighted mean over the signals both records have: title always, author
    overlap (shared family names / the shorter list), publisher ratio."""
    if a.get("year") and b.get("year") and abs(a["year"] - b["year"]) > YEAR_TOLERANCE:
        return None
    title = title_similarity(a.get("title"), b.get("title"))
    if title == 0:
        return None
    signals = {"title": title}
    names_a, names_b = family_names(a.get("authors")), family_names(b.get("authors"))
    if names_a and names_b:
        signals["authors"] = len(names_a & names_b) / min(len(names_a), len(names_b))
    publisher_a, publisher_b = fold(a.get("publisher")), fold(b.get("publisher"))
    if publisher_a and publisher_b:
        signals["publisher"] = fuzz.token_set_ratio(publisher_a, publisher_b) / 100
    weight = sum(WEIGHTS[name] for name in signals)
    score = sum(WEIGHTS[name] * value for name, value in signals.items()) / weight
    agreed = {"title"} | ({"year"} if a.get("year") and b.get("year") else set())
    agreed |= {"authors"} if signals.get("authors", 0) > 0 else set()
    agreed |= {"publisher"} if signals.get("publisher", 0) >= PUBLISHER_AGREES else set()
    return PairScore(round(score, 4), tuple(kind for kind in RULE_ORDER if kind in agreed))


# --- overrides -------------------------------------------------------------------------------

RecordRef = tuple[str, str]  # (source, record_key)


class OverridesError(ValueError):
    """A merge_overrides file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class Overrides:
    must_merge: tuple[tuple[RecordRef, RecordRef], ...] = ()
    must_not_merge: tuple[tuple[RecordRef, RecordRef], ...] = ()


def load_overrides(path: str | Path) -> Overrides:
    """Read a merge_overrides YAML file:

        must_merge:     [["<source> <record_key>", "<source> <record_key>"], ...]
        must_not_merge: [["<source> <record_key>", "<source> <record_key>"], ...]

    A missing file means no overrides (the default path need not exist)."""
    path = Path(path)
    if not path.exists():
        return Overrides()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise OverridesError(f"{path}: not valid YAML: {error}") from error
    document = {} if document is None else document
    if not isinstance(document, dict):
        raise OverridesError(f"{path}: expected a mapping with must_merge / must_not_merge")
    unknown = sorted(set(map(str, document)) - {"must_merge", "must_not_merge"})
    if unknown:
        raise OverridesError(f"{path}: unknown key(s) {', '.join(unknown)}")
    return Overrides(*(_pairs(path, name, document.get(name)) for name in ("must_merge", "must_not_merge")))


def _pairs(path: Path, name: str, entries) -> tuple[tuple[RecordRef, RecordRef], ...]:
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise OverridesError(f"{path}: {name} must be a list of pairs")
    return tuple(_pair(path, f"{name}[{index}]", entry) for index, entry in enumerate(entries))


def _pair(path: Path, where: str, entry) -> tuple[RecordRef, RecordRef]:
    if not (isinstance(entry, list) and len(entry) == 2):
        raise OverridesError(f"{path}: {where}: expected two \"<source> <record_key>\" strings, got {entry!r}")
    refs = []
    for value in entry:
        source, _, key = value.strip().partition(" ") if isinstance(value, str) else ("", "", "")
        if not source or not key.strip():
            raise OverridesError(f"{path}: {where}: {value!r} is not \"<source> <record_key>\"")
        refs.append((source, key.strip()))
    if refs[0] == refs[1]:
        raise OverridesError(f"{path}: {where}: a record is paired with itself")
    return refs[0], refs[1]


# --- clustering ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edge:
    a: int  # positions in (source, record_key) order
    b: int
    kinds: tuple[str, ...]
    score: float
    guarded: bool = True  # overrides are not held back by the identifier guards


class _Clusters:
    """Union-find whose roots know their DOIs, ISBNs, handles and must-not partners, so a union
    is refused when the two clusters could not be one work."""

    def __init__(self, keys_per_record: list[list[str]], forbidden: dict[int, set[int]]):
        self.parent = list(range(len(keys_per_record)))
        self.members = {i: {i} for i in range(len(keys_per_record))}
        self.dois, self.isbns, self.handles = ({i: {k.split(":", 1)[1] for k in keys if k.startswith(kind)}
                                               for i, keys in enumerate(keys_per_record)}
                                              for kind in ("doi:", "isbn:", "handle:"))
        self.forbidden = forbidden

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def conflict(self, ra: int, rb: int, guarded: bool) -> bool:
        small, large = sorted((ra, rb), key=lambda r: len(self.members[r]))
        if any(self.forbidden.get(i, set()) & self.members[large] for i in self.members[small]):
            return True
        return guarded and (_disjoint(self.dois[ra], self.dois[rb]) or _disjoint(self.isbns[ra], self.isbns[rb])
                            or _handles_differ(self.handles[ra], self.handles[rb]))

    def union(self, edge: Edge) -> bool:
        """Join the clusters of the edge's records; False when they may not be joined."""
        ra, rb = self.find(edge.a), self.find(edge.b)
        if ra == rb or self.conflict(ra, rb, edge.guarded):
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        for table in (self.members, self.dois, self.isbns, self.handles):
            table[keep] |= table.pop(gone)
        return True


def _disjoint(a: set, b: set) -> bool:
    return bool(a and b and not a & b)


def _handles_differ(a: set[str], b: set[str]) -> bool:
    """Different handles of one repository (same prefix) are different items."""
    prefixes = {h.split("/", 1)[0] for h in a} & {h.split("/", 1)[0] for h in b}
    return any(_disjoint({h for h in a if h.startswith(p + "/")}, {h for h in b if h.startswith(p + "/")})
               for p in prefixes)


@dataclass(frozen=True)
class Cluster:
    members: tuple[int, ...]  # indexes into the caller's list, in (source, record_key) order
    match_rule: str           # "single", or the evidence kinds joined by "+"
    match_score: float | None  # the weakest link: 1.0 for identifiers and overrides


@dataclass
class MergeResult:
    clusters: list[Cluster]
    warnings: list[str] = field(default_factory=list)
    comparisons: int = 0  # fuzzy pair comparisons made (blocking keeps this near-linear)


def merge_works(works: list[dict], overrides: Overrides = Overrides(), *, fuzzy: bool = True,
                threshold: float = FUZZY_THRESHOLD) -> MergeResult:
    """Cluster mapped works (with "_source" and "_key", and "_keys" where the caller has their
    match keys already) into works: overrides, then exact identifier edges, then fuzzy edges
    from the strongest down."""
    order = sorted(range(len(works)), key=lambda i: (works[i]["_source"], works[i]["_key"]))
    ordered = [works[i] for i in order]
    position = {(w["_source"], w["_key"]): p for p, w in enumerate(ordered)}
    warnings: list[str] = []
    joins, forbidden = _override_edges(overrides, position, warnings)
    fuzzy_edges, comparisons = _fuzzy_edges(ordered, threshold) if fuzzy else ([], 0)
    found = _connect([w["_keys"] if "_keys" in w else match_keys(w) for w in ordered], joins, forbidden,
                     fuzzy_edges)
    for edge in joins:
        if found.find(edge.a) != found.find(edge.b):
            warnings.append(f"must_merge {_ref(ordered[edge.a])} + {_ref(ordered[edge.b])} "
                            "not joined: a must_not_merge pair would end up in one work")
    clusters = [Cluster(tuple(order[p] for p in members), rule, score) for members, rule, score in found.described]
    return MergeResult(clusters, warnings, comparisons)


def cluster(keys_per_record: list[list[str]]) -> list[tuple[list[int], str]]:
    """Exact-only grouping of records (in the caller's order) by shared keys, with the guards
    of merge_works: for callers that have keys only."""
    return [(list(members), rule) for members, rule, _ in _connect(keys_per_record, [], {}, []).described]


class _Connected:
    def __init__(self, clusters: _Clusters, described: list[tuple[tuple[int, ...], str, float | None]]):
        self.find = clusters.find
        self.described = described


def _connect(keys_per_record: list[list[str]], joins: list[Edge], forbidden: dict[int, set[int]],
             fuzzy_edges: list[Edge]) -> _Connected:
    """Union overrides, then identifier edges, then fuzzy edges, each only if the guards allow."""
    clusters = _Clusters(keys_per_record, forbidden)
    evidence = joins + _exact_edges(keys_per_record) + fuzzy_edges
    tree = [edge for edge in evidence if clusters.union(edge)]
    return _Connected(clusters, _described(clusters, tree, evidence))


def _ref(work: dict) -> str:
    return f"{work['_source']} {work['_key']}"


def _override_edges(overrides: Overrides, position: dict[RecordRef, int],
                    warnings: list[str]) -> tuple[list[Edge], dict[int, set[int]]]:
    """must_merge as edges; must_not_merge as forbidden partners. Unknown records are warned
    about and skipped."""
    joins, forbidden = [], defaultdict(set)
    for name, pairs in (("must_merge", overrides.must_merge), ("must_not_merge", overrides.must_not_merge)):
        for index, pair in enumerate(pairs):
            missing = [f"{source} {key}" for source, key in pair if (source, key) not in position]
            if missing:
                warnings.append(f"{name}[{index}]: no record {' / '.join(missing)}; override skipped")
                continue
            a, b = sorted(position[ref] for ref in pair)
            if name == "must_merge":
                joins.append(Edge(a, b, ("override",), 1.0, guarded=False))
            else:
                forbidden[a].add(b)
                forbidden[b].add(a)
    return sorted(joins, key=lambda e: (e.a, e.b)), dict(forbidden)


def _exact_edges(keys_per_record: list[list[str]]) -> list[Edge]:
    """One edge from the first holder of a key to each other holder, keys in EXACT_KINDS order."""
    holders: dict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(keys_per_record):
        for key in dict.fromkeys(keys):
            holders[key].append(index)
    rank = {kind: n for n, kind in enumerate(EXACT_KINDS)}
    edges = []
    for key in sorted(holders, key=lambda k: (rank[k.split(":", 1)[0]], k)):
        first, *others = holders[key]
        edges += [Edge(first, other, (key.split(":", 1)[0],), 1.0) for other in others]
    return edges


def _fuzzy_edges(works: list[dict], threshold: float) -> tuple[list[Edge], int]:
    """Scored pairs within each block at or above the threshold, strongest first."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, work in enumerate(works):
        if key := block_key(work.get("title")):
            blocks[key].append(index)
    edges, comparisons = [], 0
    for members in blocks.values():
        if len(members) > MAX_BLOCK:  # an opening too common to name a work ("Rapport fra ...")
            continue
        for n, a in enumerate(members):
            for b in members[n + 1:]:
                comparisons += 1
                found = pair_score(works[a], works[b])
                if found and found.score >= threshold:
                    edges.append(Edge(a, b, found.evidence, found.score))
    return sorted(edges, key=lambda e: (-e.score, e.a, e.b)), comparisons


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
    for root in sorted(clusters.members):
        members = tuple(sorted(clusters.members[root]))
        if len(members) == 1:
            result.append((members, "single", None))
        else:
            result.append((members, "+".join(kind for kind in RULE_ORDER if kind in kinds[root]), weakest[root]))
    return result


def new_work_id(member_keys: list[str]) -> str:
    """An id for a work seen for the first time: derived from its smallest member key."""
    return "w" + hashlib.sha1(min(member_keys).encode("utf-8")).hexdigest()[:12]
