"""Partners: one per organisation (Bærum kommune, Bærum kommunes and Bærum are one), and the
partners of a list value ("A (B), C og D")."""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.cases.model import Partner
from pipeline.cases.municipalities import _MUNICIPALITY_WORDS, _municipalities
from pipeline.cases.organisations import _Org, _organisations, _with_place_lists
from pipeline.cases.text import _fold, normalised_name


def _partner_key(name: str) -> str:
    """Bærum kommune, Bærum kommunes and Bærum are one partner."""
    words = normalised_name(name).split()
    if len(words) > 1 and words[-1] in _MUNICIPALITY_WORDS:
        words = words[:-1]
        words[-1] = words[-1].removesuffix("s") if _fold(" ".join(words)).casefold() not in _municipalities() else words[-1]
    return " ".join(words)


def _unique(partners: list[Partner]) -> list[Partner]:
    """One partner per name: the first mention, with the first role any mention gives."""
    by_key: dict[str, Partner] = {}
    for partner in partners:
        key = _partner_key(partner.name)
        if key not in by_key:
            by_key[key] = partner
        elif partner.role and not by_key[key].role:
            by_key[key] = replace(by_key[key], role=partner.role)
    return list(by_key.values())


_LIST_SPLIT = re.compile(r"\s*(?:,|;|/|\bog\b|\bo[gc]h\b|\band\b|\bja\b|\bsekä\b|\bsamt\b)\s*")
_FILLER = re.compile(r"^(?:bl\.\s?a\.|blant andre|blandt andre|bland annat|m\.fl\.|mfl\.|e\.g\.|esim\.|"
                     r"fx\.?|f\.eks\.|t\.ex\.)\s*", re.IGNORECASE)


def _partner_list(value: str, role: str | None, leading: bool = False) -> list[Partner]:
    """Organisations of a list value: "Drammen kommune (Fjell skole), Sparebank 1 Østlandet og
    Røde Kors Drammen". With `leading`, only the names at the start of the value count: the
    list ends at the first piece that does not open with one (the item's description)."""
    listed = [org for org in _with_place_lists(value, []) if org.start == 0 or not leading]
    if listed:
        return [Partner(org.name, org.sector, role) for org in listed]
    partners: list[Partner] = []
    value, inner = _without_parentheses(value)
    for piece in _LIST_SPLIT.split(value):
        piece = _FILLER.sub("", piece.strip())
        orgs = _organisations(piece)
        if not orgs or orgs[0].start > 0:
            if leading:
                break
            continue
        partners += [Partner(org.name, org.sector, role) for org in (orgs[:1] if leading else orgs)]
        if leading and orgs[0].end < len(piece.rstrip(" .")):
            break  # the piece goes on with its description: the list is over
    partners += [Partner(org.name, org.sector, role) for org in inner if org.evidence]
    return _unique(partners)


def _without_parentheses(value: str) -> tuple[str, list[_Org]]:
    """Parenthesised text out of a list (it holds " og " too); organisations in it are kept:
    "Vejle Brandvæsen (Falck)"."""
    inner: list[_Org] = []
    for match in re.finditer(r"\(([^()]*)\)", value):
        inner += _organisations(match.group(1))
    return re.sub(r"\s*\([^()]*\)", "", value), inner
