"""Organisations under one canonical name: publishers, corporate authors, contributors, partners.

A name is folded (case, diacritics, Nordic letters spelled out, punctuation, a trailing company
form such as AS, ASA, A/S, AB or Oy) and looked up among the aliases of
pipeline/data/organisation_aliases.yml: "BI", "Handelshøyskolen BI" and "BI Norwegian Business
School" are one organisation. A name with a department or a gloss after it ("NTNU, Institutt for
sosiologi", "Norwegian University of Science and Technology (NTNU)") is also tried by its head.
A name that no alias knows is an organisation of its own, named as written.

An organisation's id is its folded canonical name with hyphens ("bi-norwegian-business-school"):
the same for a listed and an unlisted organisation, so an id never depends on the order in which
names were met, and an unlisted name that is later listed keeps its id when it is the new name.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

ALIASES_FILE = Path(__file__).with_name("data") / "organisation_aliases.yml"

# Written after a firm's name; never a whole name on their own ("AS" alone stays).
_COMPANY_FORMS = {"as", "asa", "a/s", "a.s.", "ab", "oy", "oyj", "ab oy", "aps", "ltd", "ltd.", "inc", "inc.",
                  "gmbh", "hf", "hf.", "ehf", "ehf.", "iks", "kf", "(publ)", "publ"}
_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "&": " and "})
_NOT_WORD = re.compile(r"[\W_]+")
# Where a name's head ends: a comma, a spaced dash, an opening bracket, a semicolon.
_HEAD_END = re.compile(r",|;|\s[-–—]\s|\(")


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    country: str | None
    aliases: tuple[str, ...]  # the listed aliases; empty for an organisation no alias file knows


def fold_name(name: str | None) -> str:
    """The comparable form of an organisation name: folded words, company form dropped."""
    if not isinstance(name, str):
        return ""
    words = name.split()
    while len(words) > 1 and words[-1].strip(",").casefold() in _COMPANY_FORMS:
        words.pop()
    text = unicodedata.normalize("NFKC", " ".join(words)).casefold().translate(_SPELLED_OUT)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def organisation_id(name: str) -> str:
    return fold_name(name).replace(" ", "-")


@lru_cache(maxsize=1 << 16)  # publishers recur in most records of a source
def canonical(name: str | None) -> Organisation | None:
    """The organisation a name stands for, or None for an empty name."""
    text = " ".join(name.split()) if isinstance(name, str) else ""
    if not fold_name(text):
        return None
    known = _known()
    for candidate in (text, _HEAD_END.split(text, maxsplit=1)[0]):
        if (found := known.get(fold_name(candidate))) is not None:
            return found
    return Organisation(organisation_id(text), text, None, ())


def listed_as(name: str | None) -> Organisation | None:
    """The organisation of the alias file that a name stands for, or None."""
    found = canonical(name)
    return found if found is not None and found.id in _listed_ids() else None


@cache
def _listed_ids() -> frozenset[str]:
    return frozenset(organisation.id for organisation in _known().values())


@cache
def _known() -> dict[str, Organisation]:
    """Folded alias (and folded canonical name) -> organisation."""
    entries = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))
    index: dict[str, Organisation] = {}
    for entry in entries:
        organisation = Organisation(organisation_id(entry["name"]), entry["name"], entry.get("country") or None,
                                    tuple(entry.get("aliases") or ()))
        for alias in (organisation.name, *organisation.aliases):
            key = fold_name(alias)
            if index.setdefault(key, organisation) is not organisation:
                raise ValueError(f"{ALIASES_FILE}: {alias!r} names both {index[key].name} and {organisation.name}")
    return index
