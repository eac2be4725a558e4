"""Organisation recognition: capitalised phrases in a text, with the lower-case words that finish a
name, less bare places and sector words; "Horten, Holmestrand og Tønsberg kommuner" as three."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.cases.municipalities import _MUNICIPALITY_WORDS, _municipalities
from pipeline.cases.sectors import _is_sector_only, _known_sector, _sector, _sector_of_word
from pipeline.cases.text import _NAME_WORD, _fold


@dataclass(frozen=True)
class _Org:
    name: str
    sector: str
    start: int
    end: int
    evidence: bool  # the sector comes from the gazetteer, a legal form or a word of the name


_INNER = r"(?:på|i|of|for|för|de|du|von|af|the)"
_PHRASE = re.compile(
    rf"(?<![\w/]){_NAME_WORD}(?:\s+(?:{_NAME_WORD}|\d+(?![\d.,]*\s*(?:%|prosent|procent)))(?![\w]))*"
    rf"(?:\s+{_INNER}\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*)*")
_LOWER_TAIL = re.compile(r"\s+(?:([a-zæøåäöüé][\w-]*)\s+)?([a-zæøåäöüé][\w-]*)")
_CASE_ENDING = re.compile(r"^:\w{1,3}\b")  # Finnish inflection after an abbreviation: Oy:n, ry:n


_GENERIC = {"the", "de", "den", "det", "en", "et", "ei", "eit", "ett", "a", "an"}


def _organisations(text: str) -> list[_Org]:
    """Organisation names in the text, in order, with their sector."""
    found: list[_Org] = []
    for match in _PHRASE.finditer(text):
        start, end = match.span()
        if found and start < found[-1].end:
            continue
        start = _with_lead(text, start)
        end = _with_tail(text, end)
        org = _org(text[start:end], start, end)
        if org:
            found.append(org)
    return _with_place_lists(text, found)


def _with_lead(text: str, start: int) -> int:
    """"City of Oulu", "the Salvation Army": a lead-in that belongs to the name."""
    lead = re.search(r"(?:\bthe\s+)$", text[max(0, start - 4):start])
    return start - len(lead.group(0)) if lead else start


def _with_tail(text: str, end: int) -> int:
    """Lower-case words that finish a name: "Drammen kommune", "Voss vidaregåande skule",
    "Mimersgade områdefornyelse", and a Finnish case ending after an abbreviation."""
    ending = _CASE_ENDING.match(text[end:])
    if ending:
        return end
    tail = _LOWER_TAIL.match(text[end:])
    if tail:
        words = [w for w in tail.groups() if w]
        if _sector_of_word(words[-1]) in ("public", "civil_society"):
            return end + tail.end()
        if len(words) == 2 and _sector_of_word(words[0]) in ("public", "civil_society"):
            return end + tail.start(2) - 1
    return end


def _org(raw: str, start: int, end: int) -> _Org | None:
    name = raw.strip(" ,.;:")
    words = name.split()
    if not words or all(_fold(w).casefold() in _GENERIC or _is_sector_only(w) for w in words):
        return None
    if len(words) == 1 and _fold(name).casefold() in _municipalities() and not _known_sector(name):
        return None  # a bare place name is a place
    if len(words) > 6 or any(len(w) == 1 and w.isalpha() for w in words):
        return None  # a run of slide text, or letters a transcript split off ("S amarbeid")
    if _names_municipality(words) and _municipality_part(words) not in _municipalities():
        return None  # "Verts kommunes": a municipality word after something that is no municipality
    sector = _sector(name)
    return _Org(name, sector or "unknown", start, start + len(name), sector is not None)


def _names_municipality(words: list[str]) -> bool:
    return len(words) > 1 and _fold(words[-1]).casefold() in _MUNICIPALITY_WORDS


def _municipality_part(words: list[str]) -> str:
    return _fold(" ".join(words[:-1])).casefold()


_PLACE_LIST = re.compile(
    rf"((?:{_NAME_WORD}(?:\s+og\s+{_NAME_WORD})?,\s+)*{_NAME_WORD}(?:\s+og\s+{_NAME_WORD})?)"
    r"\s+(?:og|och|and|ja|&)\s+"
    rf"({_NAME_WORD}(?:\s+og\s+{_NAME_WORD})?)\s+"
    r"(kommuner|kommune|kommunerne|kommuner|kommunerna|kommun|kommunes|kaupunkien|kuntien|municipalities)\b")
_SINGULAR = {"kommuner": "kommune", "kommunerne": "Kommune", "kommunerna": "kommun", "kaupunkien": "kaupunki",
             "kuntien": "kunta", "municipalities": "municipality", "kommunes": "kommune"}


def _with_place_lists(text: str, found: list[_Org]) -> list[_Org]:
    """"Horten, Holmestrand og Tønsberg kommuner" names three municipalities: one each,
    when every listed name is a municipality."""
    extra: list[_Org] = []
    for match in _PLACE_LIST.finditer(text):
        names = [n.strip() for n in re.split(r",\s+", match.group(1))] + [match.group(2)]
        if not all(_fold(n).casefold() in _municipalities() for n in names):
            continue
        noun = _SINGULAR.get(match.group(3), match.group(3))
        extra += [_Org(f"{n} {noun}", "public", match.start(), match.end(), True) for n in names]
        found = [org for org in found if not match.start() <= org.start < match.end()]
    return sorted(found + extra, key=lambda org: org.start)
