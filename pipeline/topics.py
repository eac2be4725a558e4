"""Topic tags of a document from the multilingual vocabulary pipeline/data/topics.yml.

A term matches as a sequence of tokens normalised exactly as the search index normalises the
document (nordcat/text.py: dictionary lemma, Snowball stem, Nordic letter folding, under the
document's language), so "samarbeidet", "samarbeider" and "samarbeid" meet, and so do
"trepartssamarbeidet" and "trepartssamarbeid". Terms of the other languages are tried too
(Norwegian reports quote Danish and English terms), but only in their written form, folded and
lower-cased: a foreign word through the document's stemmer can collapse onto an unrelated stem
(English stemming made "privat" of Norwegian "privatisering"). Acronyms (OPS, CSR) match only as
written in capitals, or "ops" and "iks" in running text would count.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

from nordcat.text import PLAIN, Analyser, analyser, tokens

VOCABULARY = Path(__file__).resolve().parent / "data" / "topics.yml"
VOCABULARY_LANGUAGES = ("nb", "nn", "da", "sv", "fi", "en")
# ISO 639-3 of a document -> the vocabulary languages its analyser normalises like its own
OWN_TERMS = {"nob": ("nb", "nn"), "nor": ("nb", "nn"), "nno": ("nn", "nb"), "dan": ("da",), "swe": ("sv",),
             "fin": ("fi",), "eng": ("en",)}


@dataclass(frozen=True)
class Concept:
    id: str
    label_en: str
    label_nb: str
    terms: dict[str, tuple[str, ...]]  # vocabulary language -> terms


# A term as the forms of its tokens: the document analyser's form; "~" + the plain folded form
# (a term of another language); "=" + the token as written (an acronym).
Pattern = tuple[str, ...]


def concepts() -> list[Concept]:
    return _vocabulary()


def topics(text: str | None, language: str | None) -> list[str]:
    """Ids of the concepts whose terms occur in `text` (ISO 639-3 `language`), vocabulary order."""
    if not isinstance(text, str) or not text:
        return []
    by = analyser(language)
    own = OWN_TERMS.get(language or "", ())
    words = tokens(text)
    forms, plain = by.forms(words), PLAIN.forms(words)
    index = _patterns(by, own)
    found: set[str] = set()
    for start in range(len(words)):
        candidates = index.get(forms[start], ()) + index.get("~" + plain[start], ()) + index.get("=" + words[start], ())
        for pattern, concept_id in candidates:
            if concept_id not in found and _matches(pattern, words, forms, plain, start):
                found.add(concept_id)
    return [concept.id for concept in _vocabulary() if concept.id in found]


def _matches(pattern: Pattern, words: list[str], forms: list[str], plain: list[str], start: int) -> bool:
    if start + len(pattern) > len(words):
        return False
    return all(_part_matches(part, words[i], forms[i], plain[i])
               for part, i in zip(pattern, range(start, start + len(pattern))))


def _part_matches(part: str, word: str, form: str, plain: str) -> bool:
    if part.startswith("="):
        return part[1:] == word
    if part.startswith("~"):
        return part[1:] == plain
    return part == form


_lock = threading.RLock()
_loaded: list[list[Concept]] = []
_pattern_cache: dict[tuple[str, tuple[str, ...]], dict[str, tuple[tuple[Pattern, str], ...]]] = {}


def _vocabulary() -> list[Concept]:
    with _lock:
        if not _loaded:
            entries = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))["concepts"]
            _loaded.append([Concept(e["id"], e["label_en"], e["label_nb"],
                                    {lang: tuple(e["terms"].get(lang, ())) for lang in VOCABULARY_LANGUAGES})
                            for e in entries])
    return _loaded[0]


def _patterns(by: Analyser, own: tuple[str, ...]) -> dict[str, tuple[tuple[Pattern, str], ...]]:
    """First part of each term's pattern -> (pattern, concept id), for one document analyser."""
    key = (by.name, own)
    with _lock:
        if key not in _pattern_cache:
            index: dict[str, list[tuple[Pattern, str]]] = {}
            for concept in _vocabulary():
                for language, terms in concept.terms.items():
                    for term in terms:
                        pattern = _pattern(term, by if language in own else None)
                        if pattern:
                            index.setdefault(pattern[0], []).append((pattern, concept.id))
            _pattern_cache[key] = {first: tuple(dict.fromkeys(entries)) for first, entries in index.items()}
        return _pattern_cache[key]


def _pattern(term: str, by: Analyser | None) -> Pattern:
    words = tokens(term)
    if term.isupper() and len(words) == 1:
        return ("=" + words[0],)
    if by is None:
        return tuple("~" + form for form in PLAIN.forms(words))
    return tuple(by.forms(words))
