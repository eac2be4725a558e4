"""Reference data, loaded once: the cooperation models' terms (pipeline/data/cooperation_models.yml)
and the organisation gazetteer (pipeline/data/organisations.yml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from pipeline.cases.text import _fold


DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def _model_patterns() -> dict[str, list[tuple[str, bool, re.Pattern]]]:
    """Each model's terms as (the first word a match must hold, whether in lower case, the term's
    pattern)."""
    models = yaml.safe_load((DATA / "cooperation_models.yml").read_text(encoding="utf-8"))
    return {key: [_prefiltered(term) for terms in spec["terms"].values() for term in terms]
            for key, spec in models.items()}


def _prefiltered(term: str) -> tuple[str, bool, re.Pattern]:
    pattern = _term_pattern(term)
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    word = _fold(term).split()[0]
    return (word.lower() if ignore_case else word), ignore_case, pattern


def _term_pattern(term: str) -> re.Pattern:
    """An abbreviation (capitals) is a whole word as written; other terms ignore case and run
    on into compounds. Matched against folded text (see _fold)."""
    folded = _fold(term)
    body = r"\s*".join(map(re.escape, folded.split()))
    if term.isupper() or (term.upper() == term and any(c.isalpha() for c in term)):
        return re.compile(rf"(?<![\w§]){body}(?![\w/])")
    end = r"(?!\d)" if term[-1].isdigit() else ""
    return re.compile(rf"(?<![\w§]){body}{end}", re.IGNORECASE)


@dataclass(frozen=True)
class _Gazetteer:
    known: dict[str, str]          # folded name -> sector
    endings: dict[str, list[str]]  # sector -> folded word endings
    phrases: dict[str, list[str]]  # sector -> folded multi-word phrases
    legal_forms: frozenset[str]
    sector_words: frozenset[str]   # every ending, for "is this word only a sector word"
    background: frozenset[str]     # folded names of bodies that are partners only when made so


@cache
def _gazetteer() -> _Gazetteer:
    data = yaml.safe_load((DATA / "organisations.yml").read_text(encoding="utf-8"))
    known = {_fold(name).casefold(): sector for sector, names in data["known"].items() for name in names}
    endings = {sector: [_fold(w).casefold() for w in words if " " not in w]
               for sector, words in data["words"].items()}
    phrases = {sector: [_fold(w).casefold() for w in words if " " in w] for sector, words in data["words"].items()}
    every = frozenset(w for words in endings.values() for w in words)
    background = frozenset(_fold(name).casefold() for name in data.get("background", []))
    return _Gazetteer(known, endings, phrases, frozenset(data["legal_forms"]), every, background)
