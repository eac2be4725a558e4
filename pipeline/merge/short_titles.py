"""Short titles: "Kommunal samhandling", "Samverkansbarometern 2019". A title of one or two words
names no single work in a large catalogue (one word never does), so the fuzzy stage never compares it. It still names
one when every record that has it (as its whole title, or as the main title before a subtitle)
could be one work: years at most one apart, authors and publishers that agree where both give
them, no other report number and no title that tells them apart (the same study of another
place). Then they are joined; where any two of them could not be one work, none is. The larger
the catalogue, the rarer such a title's records all agree, so this never guesses between works.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from rapidfuzz import fuzz

from pipeline.merge.parts import TitleParts
from pipeline.merge.scoring import (
    PUBLISHER_AGREES, YEAR_TOLERANCE, family_names, report_numbers, titles_tell_apart)
from pipeline.merge.titles import MIN_TITLE_WORDS, fold

SHORT_TITLE_SCORE = 0.87   # just above the fuzzy threshold: after every stronger pair in the union order
MIN_LETTERS = 12           # two words, and not two little ones: "Notat 2019", "Årsrapport" name nothing
MAX_GROUP = 8              # more records than this under one short title: a common phrase, not a work


def short_title_groups(works: list[dict], parts: list[TitleParts]) -> list[list[int]]:
    """The records of each short title whose holders could all be one work, in input order."""
    holders: dict[str, list[int]] = defaultdict(list)
    for index, part in enumerate(parts):
        for key in {part.key, part.main or ""}:
            if key and 2 <= len(key.split()) < MIN_TITLE_WORDS and sum(c.isalpha() for c in key) >= MIN_LETTERS:
                holders[key].append(index)
    return [members for members in holders.values()
            if 2 <= len(members) <= MAX_GROUP and any(len(parts[i].key.split()) < MIN_TITLE_WORDS for i in members)
            and all(_could_be_one(works[a], works[b], parts[a], parts[b]) for a, b in combinations(members, 2))]


def _could_be_one(a: dict, b: dict, parts_a: TitleParts, parts_b: TitleParts) -> bool:
    """Stricter than a pair of long titles: a short title is often a programme's or a series' name,
    so an instalment or kind word on one side only ("X – sluttrapport") tells them apart, and two
    records with authors must have the same year (the next edition of "X" has the same authors).
    Two records of one source are two of its documents: a short title alone never says otherwise."""
    if a.get("_source") == b.get("_source"):
        return False
    if a.get("year") and b.get("year") and abs(a["year"] - b["year"]) > YEAR_TOLERANCE:
        return False
    if titles_tell_apart(parts_a, parts_b) or parts_a.parts != parts_b.parts or parts_a.kinds != parts_b.kinds:
        return False
    number_a, number_b = report_numbers(a, parts_a), report_numbers(b, parts_b)
    if number_a and number_b and number_a != number_b:
        return False
    names_a, names_b = family_names(a.get("authors")), family_names(b.get("authors"))
    if names_a and names_b and (not names_a & names_b or a.get("year") != b.get("year")):
        return False
    return _publishers_agree(a.get("publisher"), b.get("publisher"))


def _publishers_agree(a: str | None, b: str | None) -> bool:
    """Alike, or one the other's initials ("SKR", "Sveriges Kommuner och Regioner"); true when
    either is missing."""
    if not (fold(a) and fold(b)):
        return True
    if fuzz.token_set_ratio(fold(a), fold(b)) >= PUBLISHER_AGREES * 100:
        return True
    short, long = sorted((a.strip(), b.strip()), key=len)
    return short.isupper() and short == "".join(word[0] for word in long.split() if word[:1].isupper())
