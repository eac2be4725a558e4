"""Partners: one per organisation (Bærum kommune, Bærum kommunes and Bærum are one; a municipality's
unit such as "Jobcenter Vejle" is the municipality), and the partners of a list value
("A (B), C og D", "City of Vantaa (owner) Kierto Data Oy (data platform)")."""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.cases.model import Partner
from pipeline.cases.municipalities import _MUNICIPALITY_WORDS, _municipalities
from pipeline.cases.organisations import _Org, _organisations, _with_place_lists
from pipeline.cases.sectors import _sector_of_word
from pipeline.cases.text import _fold, normalised_name


# Units of a municipality, which the municipality stands for: a jobcentre, a department.
_UNIT = re.compile(r"(?:jobcenter|jobcentret|jobcentre|jobcentrum|forvaltning|forvaltningen|förvaltning|"
                   r"förvaltningen|afdeling|afdelingen|avdeling|avdelingen|nämnd|nämnden|enhet|enheten|toimiala|"
                   r"palvelut|department)$")


def _partner_key(name: str) -> str:
    """Bærum kommune, Bærum kommunes and Bærum are one partner; so are Aalborg Kommune and
    Jobcenter Vejle / Vejles jobcenter."""
    words = normalised_name(name).split()
    while len(words) > 1 and words[0] in ("the", "city", "of", "municipality", "town"):
        words = words[1:]  # "the City of Espoo" is Espoo
    units = [w for w in words if _UNIT.search(w)]
    if units and len(words) > len(units):
        rest = [w for w in words if w not in units]
        if _fold(" ".join(rest)).casefold() in _municipalities():
            words = [_municipalities()[_fold(" ".join(rest)).casefold()].casefold()]
    if len(words) > 1 and words[-1] in _MUNICIPALITY_WORDS:
        words = words[:-1]
        words[-1] = words[-1].removesuffix("s") if _fold(" ".join(words)).casefold() not in _municipalities() else words[-1]
    if len(words) == 1 and words[0] in _municipalities():
        words = [normalised_name(_municipalities()[words[0]])]  # "Aalborgs" is Aalborg
    return " ".join(words)


def _unique(partners: list[Partner]) -> list[Partner]:
    """One partner per name: the first mention, with the first role any mention gives. A later
    one-word mention that repeats a word of an earlier name ("Idrottsföreningen" after "Ersboda
    Idrottsförening", "Kyläyhdistys" after "Alakylän Kyläyhdistys ry") is that partner."""
    by_key: dict[str, Partner] = {}
    for partner in partners:
        key = _partner_key(partner.name)
        key = next((k for k in by_key if _refers_back(key, k)), key)
        if key not in by_key:
            by_key[key] = partner
        elif partner.role and (not by_key[key].role or _ORDER.index(partner.role) < _ORDER.index(by_key[key].role)):
            by_key[key] = replace(by_key[key], role=partner.role)  # owner > host > funder
    return list(by_key.values())


# "/" splits "LEGO/JydskeVestkysten", not a legal form's "A/S", "I/S"
_ORDER = ("owner", "host", "funder")


def _refers_back(word: str, key: str) -> bool:
    """"idrottsforeningen" and "ersboda idrottsforening": a kind noun (not a place) naming a partner
    named in full before."""
    words = key.split()
    return " " not in word and len(words) > 1 and len(word) >= 5 and word not in _municipalities() \
        and _sector_of_word(word) is not None and (word in words or re.sub(r"(?:en|et|n|a)$", "", word) in words)


_LIST_SPLIT = re.compile(r"\s*(?:,|;|(?<!\b[A-Z])/|/(?![A-Z]\b)|\bog\b|\bo[gc]h\b|\band\b|\bja\b|\bsekä\b|"
                         r"\bsamt\b)\s*")
_FILLER = re.compile(r"^(?:bl\.\s?a\.|blant andre|blandt andre|bland annat|m\.fl\.|mfl\.|e\.g\.|esim\.|"
                     r"fx\.?|f\.eks\.|t\.ex\.)\s*", re.IGNORECASE)
# Firms as a group, a partner of their own in a list: "Lokale virksomheder", "private bedrifter".
_COLLECTIVE = re.compile(r"(?i:lokale|lokala|local|private|privata|paikalliset|yksityiset)\s+(?i:virksomheder|"
                         r"virksomheter|bedrifter|butikker|businesses|companies|firms|företag|yritykset)\b")
# "(owner)", "(vært)": the role of the partner before the parenthesis
_ROLE_WORDS = {
    "owner": r"owner|eier|eigar|ejer|ägare|omistaja|lead|leder|projektejer|prosjekteier",
    "host": r"host|vert|vertskap|vært|värd|isäntä|vertskommune|værtskommune|värdkommun",
    "funder": r"funder|finansierer|finansiär|finansiør|rahoittaja|sponsor",
}


def _partner_list(value: str, role: str | None, leading: bool = False) -> list[Partner]:
    """Organisations of a list value: "Drammen kommune (Fjell skole), Sparebank 1 Østlandet og
    Røde Kors Drammen". With `leading`, only the names at the start of the value count: the
    list ends at the first piece that does not open with one (the item's description). A name of
    unknown sector counts only as a list item: with a separator or the end after it, not
    running on into a sentence ("Open air-quality data ...")."""
    listed = [org for org in _with_place_lists(value, []) if org.start == 0 or not leading]
    if listed:
        return [Partner(org.name, org.sector, role) for org in listed]
    partners: list[Partner] = []
    value, inner, roles = _without_parentheses(value)
    for piece in _LIST_SPLIT.split(value):
        piece = _FILLER.sub("", piece.strip())
        if not piece:
            continue
        collective = _COLLECTIVE.match(piece)
        if collective:  # "Lokale virksomheder og Høje Taastrup Kommune": the firms are one partner
            partners.append(Partner(collective.group(0), "private", role))
            piece = piece[collective.end():].strip()
            if not piece:
                continue
        orgs = _organisations(piece)
        opening = orgs and (orgs[0].start == 0 or not leading and _lead_in(piece[:orgs[0].start]))
        if not opening:
            if leading:
                break
            orgs = [org for org in orgs if org.evidence]
        for i, org in enumerate(orgs[:1] if leading else orgs):
            # a name of unknown sector only as the piece's own item ("Open data for all ... May": no)
            if org.evidence or i == 0 and opening and _item_end(piece, org):
                partners.append(Partner(org.name, org.sector, roles.get(org.name, role)))
        if leading and orgs and orgs[0].end < len(piece.rstrip(" .")):
            break  # the piece goes on with its description: the list is over
    partners += [Partner(org.name, org.sector, role) for org in inner if org.evidence]
    return _unique(partners)


def _lead_in(text: str) -> bool:
    """"the trade union ", "bl.a. ": up to three lower-case words before a list item's name."""
    words = text.split()
    return len(words) <= 3 and all(w.islower() for w in words)


def _item_end(piece: str, org: _Org) -> bool:
    after = piece[org.end:].lstrip()
    return not after or after[:1] in ";,." or after.startswith("\x00")


def _without_parentheses(value: str) -> tuple[str, list[_Org], dict[str, str]]:
    """Parenthesised text out of a list (it holds " og " too), leaving a separator: organisations
    in it are kept ("Vejle Brandvæsen (Falck)"), a role word gives the role of the name before it
    ("City of Lahti (owner)")."""
    inner: list[_Org] = []
    roles: dict[str, str] = {}
    for match in re.finditer(r"\(([^()]*)\)", value):
        role = next((r for r, words in _ROLE_WORDS.items() if re.fullmatch(rf"\s*(?:{words})\s*", match.group(1),
                                                                            re.IGNORECASE)), None)
        if role:
            before = _organisations(value[:match.start()])
            if before:
                roles[before[-1].name] = role
            continue
        inner += _organisations(match.group(1))
    return re.sub(r"\s*\([^()]*\)", " ;", value), inner, roles
