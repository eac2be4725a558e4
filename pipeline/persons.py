"""Persons across records: one identity per person, initials expanded where the context knows them.

Names arrive as pipeline.normalise.person_name wrote them ("Family, Given": titles off, case
fixed, particles with the family name, Nordic letters kept). A person key is the folded family
name without particles and the initials of the given names: "Vabo, S. I." and "Vabo, Signy
Irene" share the key "vabo|si". Within a key:
- each full given name is a person of its own: "Hansen, Kari" and "Hansen, Knut" never merge;
- a name written with initials ("Vabo, S. I.", "Vabo, Signy I.") is the person of the one
  compatible full name known in its context: another record of the same work, or a work that
  shares a co-author (a person key) with it. With no such name, or two, it stays a person of
  its own, shared by every mention written the same way.
An ORCID or a Cristin person id joins the names that carry it (name variants, a new family
name). A name carried by two ORCIDs is two persons; its mentions without an ORCID are a third.

Identifiers come from the dc-dict keys PERSON_ID_KEYS, whose values are "Family, Given|id"
(a name with its identifier, as a source's authority record gives them).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from stdnum.iso7064 import mod_11_2

from nordcat import dc
from pipeline import normalise as norm

ROLE_KEYS = {"author": None, "editor": "dc.contributor.editor", "advisor": "dc.contributor.advisor"}
PERSON_ID_KEYS = {"orcid": dc.PERSON_ORCID, "cristin_id": dc.PERSON_CRISTIN}

_PARTICLES = {"van", "von", "de", "der", "den", "af", "av", "la", "le", "du", "di", "da", "del", "ten", "ter"}
_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "ß": "ss"})
_GIVEN_PART = re.compile(r"[^\W\d_]+", re.UNICODE)
_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_CRISTIN_ID = re.compile(r"\d{1,9}")


# --- identifiers ---------------------------------------------------------------------------

def orcid(raw: str | None) -> str | None:
    """"0000-0002-1825-0097" from an ORCID or an orcid.org URL, when its ISO 7064 11-2 check
    character is right; None otherwise."""
    if not isinstance(raw, str):
        return None
    match = _ORCID.search(raw.strip().upper())
    if match is None or not mod_11_2.is_valid("".join(match.groups())):
        return None
    return "-".join(match.groups())


def cristin_id(raw: str | None) -> str | None:
    """A Cristin person id: digits, also the last part of a Cristin person URL."""
    if not isinstance(raw, str):
        return None
    last = raw.strip().rstrip("/").rsplit("/", 1)[-1]
    return last if _CRISTIN_ID.fullmatch(last) else None


# --- names ---------------------------------------------------------------------------------

def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPELLED_OUT)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class Name:
    family: str                # as written, particles included ("van Beethoven")
    given: str                 # as written ("Signy Irene", "S. I."), may be empty
    key: str                   # "vabo|si": folded family without particles | initials
    parts: tuple[str, ...]     # folded given-name parts; a part of one letter is an initial
    full: bool                 # every given name written out: a name that can expand others

    @property
    def display(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family


@lru_cache(maxsize=1 << 18)  # a build parses each spelling of a name many times
def parse(name: str | None) -> Name | None:
    """A name as person_name writes it ("Family, Given") in parts; None for no family name.
    Particles written after the given name ("Beethoven, Ludwig van") join the family name.
    The name is not normalised again here: record_names did that, once per record."""
    if not name:
        return None
    family, _, given = (part.strip() for part in name.partition(","))
    given_words = given.split()
    while given_words and given_words[-1].lower() in _PARTICLES:
        family = f"{given_words.pop()} {family}"
    given = " ".join(given_words)
    family_core = [word for word in fold(family).split() if word not in _PARTICLES] or fold(family).split()
    family_key = " ".join(_GIVEN_PART.findall(" ".join(family_core)))
    if not family_key:
        return None
    parts = tuple(_GIVEN_PART.findall(fold(given)))
    return Name(family, given, f"{family_key}|{''.join(part[0] for part in parts)}", parts,
                bool(parts) and all(len(part) > 1 for part in parts))


def person_key(name: str | None) -> str | None:
    """The key that groups the spellings of one person's name; None for no family name."""
    parsed = parse(name)
    return parsed.key if parsed else None


def compatible(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Each part equal, or an initial of the other's part (same key: same number of parts)."""
    return len(short) == len(full) and all(a == b or (len(a) == 1 and b.startswith(a)) for a, b in zip(short, full))


# --- what a record says about persons ------------------------------------------------------

def record_names(meta: dict[str, list[str]], authors: list[str]) -> dict[str, list[dict]]:
    """Role -> the record's persons in order, each {"name", "orcid", "cristin_id"}: the mapped
    authors and the editors and advisors the dc-dict names, persons only (see is_person)."""
    identifiers = _identifiers(meta)
    found = {}
    for role, key in ROLE_KEYS.items():
        names = authors if key is None else [norm.person_name(raw) for raw in meta.get(key, [])]
        people = [name for name in dict.fromkeys(names) if is_person(name)]
        if people:
            found[role] = [{"name": name, **identifiers.get(name, {})} for name in people]
    return found


def is_person(name: str | None) -> bool:
    """A name with a given name that is no organisation. A one-word name ("FAFO", "Sitra") is
    far more often an organisation's acronym than a person known by the family name alone."""
    return bool(name) and "," in name and not norm.is_organisation(name)


def _identifiers(meta: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """Name -> {"orcid": ..., "cristin_id": ...} from the "Family, Given|id" values."""
    readers = {"orcid": orcid, "cristin_id": cristin_id}
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for kind, key in PERSON_ID_KEYS.items():
        for value in meta.get(key, []):
            name, _, raw = value.rpartition("|")
            name, identifier = norm.person_name(name), readers[kind](raw)
            if name and identifier:
                found[name].setdefault(kind, identifier)
    return dict(found)


# --- resolution ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Mention:
    document_id: str
    role: str                  # author | editor | advisor
    position: int | None       # 1-based in the work's list; None: named only by another record of the work
    name: str
    orcid: str | None = None
    cristin_id: str | None = None


@dataclass
class Person:
    id: str
    name: str
    family: str
    given: str
    orcid: str | None
    cristin_id: str | None
    works: int


@dataclass(frozen=True)
class Credit:
    document_id: str
    person_id: str
    role: str
    position: int


Identity = tuple[str, tuple[str, ...], str | None]  # key, given parts, ORCID


def resolve(mentions: list[Mention], work_keys: dict[str, set[str]] | None = None) -> tuple[list[Person], list[Credit]]:
    """Persons (those credited by some work, ordered by id) and the credits of each work.

    The mentions may be those of some person keys only: every mention of those keys and of the
    keys an ORCID or Cristin id links them to. `work_keys` then gives all person keys of each of
    their works, for the co-author context. The persons of other keys do not depend on them."""
    parsed = [(mention, name) for mention in mentions if (name := parse(mention.name))]
    nodes = _Nodes(parsed, work_keys or {})
    identities = [nodes.identity(mention, name) for mention, name in parsed]
    joined = _join_by_identifiers(parsed, identities)
    members: dict[Identity, list[tuple[Mention, Name]]] = defaultdict(list)
    for (mention, name), identity in zip(parsed, identities):
        members[joined[identity]].append((mention, name))
    persons, credits = [], []
    for root, group in members.items():
        credited = [mention for mention, _ in group if mention.position is not None]
        if not credited:
            continue
        person = _person(root, group)
        persons.append(person)
        credits += [Credit(m.document_id, person.id, m.role, m.position) for m in credited]
    persons.sort(key=lambda p: p.id)
    credits.sort(key=lambda c: (c.document_id, c.role, c.position))
    return persons, credits


class _Nodes:
    """The full names known per key and document, to expand initials in their context."""

    def __init__(self, parsed: list[tuple[Mention, Name]], work_keys: dict[str, set[str]]):
        self.keys_of: dict[str, set[str]] = defaultdict(set, {doc: set(keys) for doc, keys in work_keys.items()})
        self.full: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # person key -> full given names
        self.docs: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        self.orcids: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        for mention, name in parsed:
            self.keys_of[mention.document_id].add(name.key)
            if name.full:
                self.full[name.key].add(name.parts)
                self.docs[(name.key, name.parts)].add(mention.document_id)
            if mention.orcid:
                self.orcids[(name.key, name.parts)].add(mention.orcid)

    def identity(self, mention: Mention, name: Name) -> Identity:
        parts = name.parts if name.full else self.expanded(mention.document_id, name)
        orcids = self.orcids.get((name.key, parts), set())
        known = mention.orcid or (next(iter(orcids)) if len(orcids) == 1 else None)
        return name.key, parts, known

    def expanded(self, document_id: str, name: Name) -> tuple[str, ...]:
        """The one compatible full name in the mention's context, else the name as written."""
        coauthors = self.keys_of[document_id] - {name.key}
        found = [parts for parts in self.full.get(name.key, ()) if compatible(name.parts, parts)
                 and any(doc == document_id or self.keys_of[doc] & coauthors for doc in self.docs[(name.key, parts)])]
        return found[0] if len(found) == 1 else name.parts


def _join_by_identifiers(parsed: list[tuple[Mention, Name]], identities: list[Identity]) -> dict[Identity, Identity]:
    """Identity -> its person's root: identities sharing an ORCID or a Cristin id are one,
    unless that would give one person two ORCIDs."""
    parent: dict[Identity, Identity] = {identity: identity for identity in identities}
    orcid_of = {identity: identity[2] for identity in parent}

    def find(node: Identity) -> Identity:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    holders: dict[str, list[Identity]] = defaultdict(list)
    for (mention, _), identity in zip(parsed, identities):
        for label in (f"orcid:{identity[2]}" if identity[2] else None,
                      f"cristin:{mention.cristin_id}" if mention.cristin_id else None):
            if label:
                holders[label].append(identity)
    for label in sorted(holders):
        first, *others = sorted(set(holders[label]), key=_sort_key)
        for other in others:
            a, b = find(first), find(other)
            if a != b and not (orcid_of[a] and orcid_of[b] and orcid_of[a] != orcid_of[b]):
                keep, gone = sorted((a, b), key=_sort_key)
                parent[gone] = keep
                orcid_of[keep] = orcid_of[keep] or orcid_of[gone]
    return {identity: find(identity) for identity in parent}


def _sort_key(identity: Identity) -> tuple:
    return identity[0], identity[1], identity[2] or ""


def _person(root: Identity, group: list[tuple[Mention, Name]]) -> Person:
    """Named by its most complete spelling (most given names written out, then the most used);
    its id from its ORCID when it has one, else from its key and given names."""
    spellings = Counter(name.display for _, name in group)
    best = min((name for _, name in group),
               key=lambda n: (-sum(len(p) > 1 for p in n.parts), -len(n.parts), -spellings[n.display], n.display))
    orcids = sorted({m.orcid for m, _ in group if m.orcid} | ({root[2]} if root[2] else set()))
    cristin_ids = sorted({m.cristin_id for m, _ in group if m.cristin_id}, key=lambda c: (len(c), c))
    seed = f"orcid:{orcids[0]}" if orcids else f"name:{root[0]}|{' '.join(root[1])}"
    return Person(id="p" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12], name=best.display,
                  family=best.family, given=best.given, orcid=orcids[0] if orcids else None,
                  cristin_id=cristin_ids[0] if cristin_ids else None,
                  works=len({m.document_id for m, _ in group if m.position is not None}))
