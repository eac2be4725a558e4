"""Place resolution: municipality names (pipeline/data/places.csv) with the forms they take before a
noun, and the municipalities a text names."""
from __future__ import annotations

import csv
import re
from functools import cache

from pipeline.cases.reference import DATA
from pipeline.cases.text import _fold


@cache
def _municipalities() -> dict[str, str]:
    """Folded municipality name or variant (and its genitives) -> the name as places.csv has it."""
    names: dict[str, str] = {}
    with (DATA / "places.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("kind") != "municipality":
                continue
            for name in [row["name"], *filter(None, (row.get("variants") or "").split("|"))]:
                for form in _name_forms(name):
                    names.setdefault(_fold(form).casefold(), row["name"])
    return names


def _name_forms(name: str) -> list[str]:
    """A place name as it appears before a noun: Linköpings kommun, Tampereen kaupunki,
    Kirkkonummen kunta, Göteborgs Stad; hyphen and space spellings (Høje Taastrup)."""
    forms = {name, name.replace("-", " "), name + "s"}
    if name.endswith("un"):
        forms.add(name[:-1])  # "Falu kommun": the official genitive of Falun
    forms |= {name + "n", name + "en"}
    if name.endswith("i"):
        forms.add(name[:-1] + "en")
    return sorted(forms)


_MUNICIPALITY_WORDS = {"kommune", "kommunen", "kommunes", "kommun", "kaupunki", "kunta", "herad", "stad",
                       "municipality"}


def _municipalities_in(text: str) -> list[str]:
    """Municipalities named in the text, by their places.csv name, in order."""
    names = _municipalities()
    found: list[str] = []
    words = re.findall(r"[\w-]+", _fold(text))
    for i in range(len(words)):
        for size in (3, 2, 1):
            candidate = " ".join(words[i:i + size]).casefold()
            if _could_be_place(words[i]) and candidate in names and names[candidate] not in found:
                found.append(names[candidate])
                break
    return found


def _could_be_place(word: str) -> bool:
    """Capitalised, and neither an acronym ("AS" is no Ås) nor a municipality word ("Stad")."""
    return word[:1].isupper() and not (word.isupper() and len(word) <= 3) \
        and word.casefold() not in _MUNICIPALITY_WORDS
