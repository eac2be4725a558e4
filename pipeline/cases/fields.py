"""A case's fields besides its partners: cooperation model, period, outcomes, description and the
confidence of the rule that found it."""
from __future__ import annotations

import re

from pipeline.cases.model import Partner
from pipeline.cases.reference import _model_patterns
from pipeline.cases.text import _first_sentence, _fold, _sentences


METHOD_CONFIDENCE = {"labelled-block": 0.85, "table": 0.85, "heading-list": 0.75, "bullet": 0.75, "section": 0.7,
                     "sentence-pattern": 0.6}
MAX_DESCRIPTION = 300


def find_models(text: str) -> list[str]:
    """The cooperation models (keys of cooperation_models.yml) a text names, in text order."""
    found = []
    for key, start in sorted(_model_mentions(text or ""), key=lambda pair: pair[1]):
        if key not in found:
            found.append(key)
    return found


def _model_mentions(text: str) -> list[tuple[str, int]]:
    """Each model term's matches, as finditer finds them. A match opens with the term's first
    word (in lower case where the term ignores case), so a term's pattern is tried only where the
    text holds that word: most texts name no model, and 139 patterns run over every record's text
    were a quarter of a build's mapping time."""
    folded = _fold(text)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a letter whose lower case is longer: the places differ
        return [(key, match.start()) for key, terms in _model_patterns().items()
                for first_word, ignore_case, pattern in terms if first_word in (lowered if ignore_case else folded)
                for match in pattern.finditer(folded)]
    found = []
    for key, terms in _model_patterns().items():
        for first_word, ignore_case, pattern in terms:
            searched = lowered if ignore_case else folded
            start, end = searched.find(first_word), 0
            while start >= 0:
                if start >= end and (match := pattern.match(folded, start)):
                    found.append((key, start))
                    end = match.end()
                start = searched.find(first_word, start + 1)
    return found


def _first_model(text: str) -> str | None:
    mentions = _model_mentions(text)
    return min(mentions, key=lambda pair: pair[1])[0] if mentions else None


def _label_model(value: str | None) -> str | None:
    return _first_model(value) if value else None


_YEAR = r"(?:19|20)\d\d"
_RANGE = re.compile(rf"\b({_YEAR})\s*(?:-|–|—|til|to|till)\s*({_YEAR})\b")
_SINCE = re.compile(rf"\b(?:fra|frå|fram til|siden|sedan|från|since|from|vuodesta|etableret|etablert|"
                    rf"perustettiin|startet|started|opna|etablerad)\b[^.\d]{{0,30}}?({_YEAR})", re.IGNORECASE)


def _period(text: str) -> str | None:
    """"2015-2017" from a year range; "2016-" from "siden 2016", "from 2018"."""
    folded = _fold(text)
    match = _RANGE.search(folded)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    match = _SINCE.search(folded)
    return f"{match.group(1)}-" if match else None


_OUTCOME = re.compile(r"\d[\d\s,.]*\s*(?:%|prosent|procent|per cent|percent|prosenttia)|\b\d+\s+(?:av|af|of|/)\s+\d+\b"
                      r"|\bfra\s+\d+[,.]?\d*\s+til\s+\d|\bfrom\s+\d+[,.]?\d*\s+to\s+\d|\bfrån\s+\d+\s+till\s+\d",
                      re.IGNORECASE)


def _outcomes(text: str) -> list[str]:
    """Sentences that state a measured result: a share or "31 av 54"."""
    return [s for s in _sentences(text) if _OUTCOME.search(s)][:3]


def _description(text: str) -> str:
    sentence = _first_sentence(text)
    return sentence if len(sentence) <= MAX_DESCRIPTION else sentence[:MAX_DESCRIPTION - 1].rstrip() + "…"


def _confidence(method: str, partners: list[Partner]) -> float:
    """The rule's base, plus a little for each partner whose sector is known, less when none is."""
    known = sum(p.sector != "unknown" for p in partners)
    score = METHOD_CONFIDENCE[method] + 0.05 * min(known, 2) - (0.15 if known == 0 else 0.0)
    return round(max(0.05, min(score, 0.95)), 2)
