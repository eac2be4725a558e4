"""Across blocks: slides that repeat a case are merged into it, and a model named with examples
goes to the cases those examples name."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from pipeline.cases.drafts import _Draft
from pipeline.cases.fields import _model_mentions
from pipeline.cases.municipalities import _municipalities
from pipeline.cases.partners import _partner_key
from pipeline.cases.text import _NAME_WORD, normalised_name


def _merged(drafts: list[_Draft]) -> list[_Draft]:
    """A slide that repeats a case under its own heading ("GALLERI HAMLET SCHILLER HOUSE" after
    "Galleri Hamlet: ..."), or a passage that tells a case again without its name (a table row,
    then a paragraph about the same partners; a council paper's motion, then its background),
    adds its text, and the roles it states, to that case."""
    merged: list[_Draft] = []
    for draft in map(_without_own_name, drafts):
        target = next((case for case in merged if case.name and draft.name and _same_case(case.name, draft.name)),
                      None) or next((case for case in merged if not (case.name and draft.name)
                                     and _same_partners(case, draft)), None)
        if target is None:
            merged.append(draft)
            continue
        target.name = target.name or draft.name
        target.extra_text.append(draft.text)  # its text, not its partners: a repeat slide lists examples
        roles = {_partner_key(p.name): p.role for p in draft.partners if p.role}
        target.partners = [p if p.role or _partner_key(p.name) not in roles
                           else replace(p, role=roles[_partner_key(p.name)]) for p in target.partners]
        for key, value in draft.fields.items():
            target.fields.setdefault(key, value)
    return merged


def _same_partners(first: _Draft, second: _Draft) -> bool:
    """At least two partners shared, and at least half of the smaller case's."""
    a, b = ({_partner_key(p.name) for p in d.partners} for d in (first, second))
    shared = len(a & b)
    return shared >= 2 and shared * 2 >= min(len(a), len(b))


def _without_own_name(draft: _Draft) -> _Draft:
    """"Nabohjelpa" named as a partner of the case Nabohjelpa: the project is no partner."""
    if not draft.name:
        return draft
    own = _partner_key(draft.name)
    draft.partners = [p for p in draft.partners if _partner_key(p.name) != own]
    return draft


def _same_case(first: str, second: str) -> bool:
    a, b = normalised_name(first).split(), normalised_name(second).split()
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and longer[:len(shorter)] == shorter


_EXAMPLES = re.compile(r"\b(?:fx|f\.eks|feks|e\.g|eg|esim|t\.ex|for example|for eksempel|till exempel)\.?\s",
                       re.IGNORECASE)


def _assign_example_models(drafts: list[_Draft], text: str) -> None:
    """"Den strategisk integrerede model: ... Fx. Schiller House, Vejle Brandvæsen (Falck),
    Nykredit": the model goes to the cases that share a name word with an example."""
    mentions = sorted(_model_mentions(text), key=lambda pair: pair[1])
    for i, (model, start) in enumerate(mentions):
        end = mentions[i + 1][1] if i + 1 < len(mentions) else len(text)
        example = _EXAMPLES.search(text, start, end)
        if not example:
            continue
        words = _name_words(text[example.end():end][:200])
        for draft in drafts:
            if "example_model" not in draft.fields and words & _draft_words(draft):
                draft.fields["example_model"] = model


def _name_words(text: str) -> set[str]:
    return {normalised_name(w) for w in re.findall(rf"{_NAME_WORD}", text) if len(w) >= 4}


def _draft_words(draft: _Draft) -> set[str]:
    names = [draft.name or ""] + [p.name for p in draft.partners]
    return {w for name in names for w in _name_words(name)} - set(_municipality_words())


@cache
def _municipality_words() -> frozenset[str]:
    return frozenset(normalised_name(name) for name in _municipalities())
