"""Sector classification of an organisation name: the gazetteer of known organisations, a legal
form (AS, A/S, AB, Oy), a public prefix ("City of") or a word of the name (kommune, skole, fond)."""
from __future__ import annotations

import re

from pipeline.cases.reference import _gazetteer
from pipeline.cases.text import _NAME_WORD, _fold


_PREFIX_PUBLIC = re.compile(r"(?:City|Municipality|County|University)\s+of\s+" + _NAME_WORD)


def _is_sector_only(word: str) -> bool:
    return _fold(word).casefold().strip(".,") in _gazetteer().sector_words or word in _gazetteer().legal_forms


def _sector(name: str) -> str | None:
    """Known organisation first, then legal form, then a word of the name."""
    known = _known_sector(name)
    if known:
        return known
    words = name.split()
    if any(w.strip(",.") in _gazetteer().legal_forms for w in words):
        return "private"
    if _PREFIX_PUBLIC.search(name):
        return "public"
    folded = _fold(name).casefold()
    for sector in ("public", "civil_society", "private"):
        if any(_sector_of_word(w) == sector for w in words) or any(p in folded for p in _gazetteer().phrases[sector]):
            return sector
    return None


def _known_sector(name: str) -> str | None:
    """The sector of the longest known name the name starts with ("Røde Kors Drammen")."""
    folded = _fold(name).casefold()
    matches = [(len(known), sector) for known, sector in _gazetteer().known.items()
               if folded == known or folded.startswith(known + " ") or folded.endswith(" " + known)]
    return max(matches)[1] if matches else None


_DEFINITE = re.compile(r"(?:ens|ets|en|et|ene|erne|erna|s|n|a)$")


def _sector_of_word(word: str) -> str | None:
    folded = _fold(word).casefold().strip(".,:;()")
    bare = _DEFINITE.sub("", folded)
    for sector in ("public", "civil_society", "private"):
        for ending in _gazetteer().endings[sector]:
            if folded == ending or bare == ending or (len(ending) > 3 and len(folded) >= len(ending) + 3
                                                      and folded.endswith(ending)):
                return sector
    return None
