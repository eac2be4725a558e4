"""Sector classification of an organisation name: the gazetteer of known organisations, a legal
form (AS, A/S, AB, Oy), a public prefix ("City of") or a word of the name (kommune, skole, fond)."""
from __future__ import annotations

import re

from pipeline.cases.municipalities import _municipalities
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
    if len(words) > 1 and words[-1] in _CLUB_FORMS:
        return "civil_society"  # "Hofors IF", "Kjelsås IL": a sports club's abbreviation, as written
    last = _sector_of_word(words[-1]) if len(words) > 1 else None
    last = last or ("civil_society" if len(words) > 1 and _association_compound(words[-1]) else None)
    if last:
        return last  # the word a name ends with says what it is: "Tampere Library Friends ry"
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


_CLUB_FORMS = {"IF", "IK", "IL", "BK", "FK", "FF", "GIF", "SK", "BIF", "IFK", "AIF", "UL"}
_DEFINITE = re.compile(r"(?:ens|ets|en|et|ene|erne|erna|s|n|a)$")


# Words in -lag that are no association: a basis, a proposal, a firm ("bolag"), a publisher.
_NOT_ASSOCIATION = re.compile(r"(?:grunnlag|grundlag|underlag|forslag|oppslag|utslag|innslag|anslag|vedlag|tillag|"
                              r"avslag|paslag|omslag|beslag|bolag|forlag|samlag|fradrag|opplag|oplag)(?:et|s)?$")


def _sector_of_word(word: str) -> str | None:
    folded = _fold(word).casefold().strip(".,:;()")
    bare = _DEFINITE.sub("", folded)
    # a place whose name ends like a sector word is a place: Fredrikstad, Karlstad, Vestby
    compound = folded not in _municipalities() and folded.removesuffix("s") not in _municipalities()
    for sector in ("public", "civil_society", "private"):
        for ending in _gazetteer().endings[sector]:
            longer = len(folded) >= len(ending) + (2 if len(ending) >= 5 else 3)  # "Roklubb", "Bolig-forening"
            if folded == ending or bare == ending or (compound and len(ending) > 3 and longer
                                                      and folded.endswith(ending)):
                return sector
    return None


def _association_compound(word: str) -> bool:
    """"Hagelag", "Skyttarlaget": a Norwegian association in -lag (not a "forslag", "bolag", "forlag").
    Only for the last word of a name already taken as an organisation: "Fodslag" names things too."""
    folded = _fold(word).casefold().strip(".,:;()")
    return bool(re.search(r"..[a-z]lag(?:et)?$", folded)) and not _NOT_ASSOCIATION.search(folded) \
        and folded not in _municipalities()


def _is_background(name: str) -> bool:
    """An association of local authorities, a research council, an innovation agency: named as
    background in grey literature, a partner only when the text gives it a role (see
    organisations.yml, background)."""
    folded = _fold(name).casefold()
    return any(folded == known or folded.startswith(known + " ") or folded.endswith(" " + known)
               for known in _gazetteer().background)
