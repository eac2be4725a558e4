"""Phrase banks for generated Nordic documents: names, places, themes, title and abstract templates.

Languages are keyed by short codes: nb (bokmål), nn (nynorsk), da, sv, fi, en. Templates use
str.format fields: {theme}/{Theme} (theme phrase, capitalised), {in_place} ("i Bærum",
"Tampereella"), {other_place}, {sector} ("i eldreomsorgen"), {n} (interviews),
{m} (municipalities), {y1}/{y2} (years).
Everything is written to be plausible grey literature, not filler text.

The phrase banks themselves live in demo/data/corpus.yml; this module loads them and generates.
"""
import random
from pathlib import Path

import yaml

_DATA = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "corpus.yml").read_text(encoding="utf-8"))

ISO639: dict[str, str] = _DATA["iso639"]
# Author names by name pool (no, da, sv, fi), and which pool a document language draws from.
FAMILY_NAMES: dict[str, list[str]] = _DATA["family_names"]
GIVEN_NAMES: dict[str, list[str]] = _DATA["given_names"]
NAME_POOL: dict[str, str] = _DATA["name_pool"]
# Places by place pool; a Finnish place is a (name, locative) tuple: ("Tampere", "Tampereella").
PLACES: dict[str, list[str | tuple[str, str]]] = {
    pool: [tuple(entry) if isinstance(entry, list) else entry for entry in entries]
    for pool, entries in _DATA["places"].items()}
PLACE_POOL: dict[str, str] = _DATA["place_pool"]
THEMES: dict[str, dict[str, str]] = _DATA["themes"]              # theme key -> language -> phrase
SUBJECTS: dict[str, dict[str, list[str]]] = _DATA["subjects"]    # theme key -> language -> terms
SECTORS: dict[str, list[str]] = _DATA["sectors"]
TITLE_PATTERNS: dict[str, list[str]] = _DATA["title_patterns"]
# Abstract building blocks by language: aim, data, finding and close sentences.
ABSTRACT_PARTS: dict[str, dict[str, list[str]]] = _DATA["abstract_parts"]
# Section headings for generated report/presentation transcripts.
HEADINGS: dict[str, list[str]] = _DATA["headings"]


def capitalise(phrase: str) -> str:
    """First letter up, rest untouched ("IKT-samarbeid" and "co-creation" both come out right)."""
    return phrase[:1].upper() + phrase[1:]


def person(rng: random.Random, lang: str) -> str:
    """A Nordic author name in the catalogue form "Family, Given"."""
    pool = NAME_POOL.get(lang) or rng.choice(["no", "da", "sv", "fi"])
    return f"{rng.choice(FAMILY_NAMES[pool])}, {rng.choice(GIVEN_NAMES[pool])}"


def place(rng: random.Random, lang: str) -> tuple[str, str]:
    """(name, "in <name>" in the document language)."""
    pool = PLACE_POOL.get(lang) or rng.choice(["no", "da", "sv", "fi"])
    entry = rng.choice(PLACES[pool])
    name, fi_locative = entry if isinstance(entry, tuple) else (entry, None)
    if lang == "fi":
        return name, fi_locative
    preposition = {"sv": "i", "en": "in"}.get(lang, "i")
    return name, f"{preposition} {name}"


def slots(rng: random.Random, lang: str, theme: str) -> dict[str, str]:
    """One consistent set of template values for a document."""
    name, in_place = place(rng, lang)
    other, _ = place(rng, lang)
    y1 = rng.randint(2003, 2021)
    phrase = THEMES[theme][lang]
    return {
        "theme": phrase, "Theme": capitalise(phrase), "place": name, "in_place": in_place,
        "other_place": other, "sector": rng.choice(SECTORS[lang]),
        "n": str(rng.randint(12, 48)), "m": str(rng.randint(4, 16)),
        "y1": str(y1), "y2": str(y1 + rng.randint(1, 4)),
    }


def title(rng: random.Random, lang: str, values: dict[str, str]) -> str:
    return rng.choice(TITLE_PATTERNS[lang]).format(**values)


def abstract(rng: random.Random, lang: str, values: dict[str, str]) -> str:
    parts = ABSTRACT_PARTS[lang]
    sentences = [rng.choice(parts["aim"]), rng.choice(parts["data"])]
    sentences += rng.sample(parts["finding"], 2)
    sentences.append(rng.choice(parts["close"]))
    return " ".join(s.format(**values) for s in sentences)


def subjects(rng: random.Random, lang: str, theme: str, place_name: str) -> list[str]:
    """Keywords: the theme's subject terms (bokmål for nynorsk, as Brage does) plus the place."""
    terms = SUBJECTS[theme]["nb" if lang == "nn" else lang]
    return rng.sample(terms, min(len(terms), rng.randint(1, 3))) + [place_name]
