"""The rules for cases told in prose: section (a named heading over cooperation text) and
sentence-pattern ("X samarbeider med Y og Z"), with partner roles and "kommunen" resolved."""
from __future__ import annotations

import re

from pipeline.cases.blocks import _Block
from pipeline.cases.drafts import _Context, _Draft
from pipeline.cases.fields import _model_mentions
from pipeline.cases.model import Partner
from pipeline.cases.municipalities import _municipalities, _municipalities_in
from pipeline.cases.organisations import _Org, _organisations
from pipeline.cases.partners import _partner_key, _unique
from pipeline.cases.text import _NAME_WORD, _sentences


_TRIGGERS = re.compile(
    r"samarbeid|samarbeider|samarbeidar|samarbejd|samverk|samarbet|partnerskap|partnarskap|partnerskab|"
    r"sammen med|saman med|tillsammans|yhdessä|kanssa|yhteistyö|kumppanuu|together with|partnership|"
    r"cooperation|co-operation|in cooperation|teams up|agreement|avtale|avtala|aftale|avtal\b|sopimu|"
    r"eid av|eig|ejet af|ejes af|ägs av|äger|omistama|owned by|driv saman|driver sammen",
    re.IGNORECASE)


def _prose(block: _Block, context: _Context) -> list[_Draft]:
    """A section with a name for a heading, or a paragraph: two or more organisations, one of
    them of known sector, in a text that says they cooperate."""
    if not (_TRIGGERS.search(block.body) or _model_mentions(block.body)):
        return []
    heading = _case_like_heading(block)
    partners = _prose_partners(block.body, context, need_trigger=heading is None)
    if len(partners) < 2 or not any(p.sector != "unknown" for p in partners):
        return []
    if heading:
        return [_Draft(heading, block.body, partners, "section")]
    return [_Draft(_name_in_prose(block.body), block.body, partners, "sentence-pattern")]


def _case_like_heading(block: _Block) -> str | None:
    """A heading that names something: numbered ("2. Barnevernstjenesten i Midt-Vestfold"),
    on a slide, or with a capitalised word after its first ("Vestfold IKT"); not "Vurdering"."""
    heading = block.heading
    if not heading:
        return None
    words = heading.split()
    if block.numbered or heading.isupper() or any(w[:1].isupper() for w in words[1:]):
        return heading
    return None


def _prose_partners(text: str, context: _Context, need_trigger: bool) -> list[Partner]:
    """Organisations of known sector in the text's cooperation sentences, and unknown ones right
    after a trigger; "kommunen" / "the municipality" stands for the municipality last named."""
    partners: list[Partner] = []
    for sentence in _sentences(text):
        if need_trigger and not (_TRIGGERS.search(sentence) or _model_mentions(sentence)):
            continue
        sentence = _EXAMPLE_OF_KIND.split(sentence)[0]
        for org in _organisations(sentence):
            if org.evidence or _after_trigger(sentence, org):
                partners.append(Partner(org.name, org.sector, _role(sentence, org)))
        anaphor = _anaphor(sentence, context)
        if anaphor and not any(_partner_key(p.name) == _partner_key(anaphor.name) for p in partners):
            partners.insert(0, anaphor)
    return _unique(partners)


# "organisasjoner som Røde Kors og Frelsesarmeen": examples of a kind of partner, not partners.
_EXAMPLE_OF_KIND = re.compile(r"\s(?:som|such as|like|kuten|såsom|f\.eks\.|fx\.?|t\.ex\.|e\.g\.)\s+(?=[A-ZÆØÅÄÖ])")
_ANAPHORA = re.compile(r"\b(?:kommunen|heradet|kommunene|the municipality|the city|kaupunki|kunta)\b",
                       re.IGNORECASE)
_MUNICIPALITY_NOUN = {"nb": "kommune", "nn": "kommune", "da": "Kommune", "sv": "kommun", "fi": "kaupunki",
                      "en": "municipality"}


def _anaphor(sentence: str, context: _Context) -> Partner | None:
    """"kommunen" in a sentence: the municipality the sentence places itself in ("I Linköping
    har kommunen ..."), else the one last named."""
    match = _ANAPHORA.search(sentence)
    if not match or any(org.start <= match.start() < org.end for org in _organisations(sentence)):
        return None
    places = _municipalities_in(sentence)
    if places:
        return Partner(f"{places[0]} {_MUNICIPALITY_NOUN.get(context.language, 'kommune')}", "public")
    if context.last_municipality:
        return Partner(context.last_municipality, "public")
    return None


def _remember_municipality(text: str, context: _Context) -> None:
    for org in _organisations(text):
        if org.sector == "public" and _partner_key(org.name) in _municipalities():
            context.last_municipality = org.name


def _after_trigger(sentence: str, org: _Org) -> bool:
    before = sentence[max(0, org.start - 40):org.start]
    return bool(re.search(r"(?:med|with|mellom|mellem|mellan|between|by|af|av|og|and|och|ja|,)\s*$", before)) \
        and bool(_TRIGGERS.search(sentence[:org.start]))


_ROLES = (
    ("host", re.compile(r"^\s*(?:er|blir|är|blir|is|becomes|toimii)\s+(?:\w+\s+)?"
                        r"(?:vertskommune|værtskommune|värdkommun|vastuukunta|host)", re.IGNORECASE)),
    ("owner", re.compile(r"(?:eid av|eigd av|ejet af|ejes af|ägs av|owned by)\s+$", re.IGNORECASE)),
    ("funder", re.compile(r"^\s*(?:finansierer|finansierar|finansierar|funds|rahoittaa)\b", re.IGNORECASE)),
)


def _role(sentence: str, org: _Org) -> str | None:
    for role, pattern in _ROLES:
        if pattern.search(sentence[org.end:] if role != "owner" else sentence[:org.start]):
            return role
    return None


_PROSE_NAME = re.compile(
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}),\s+(?i:et|eit|ett|a|an)\s+(?:\w+\s+)?"
    r"(?i:projekt|prosjekt|project|program|programme|hanke|ordning)")


def _name_in_prose(text: str) -> str | None:
    """"... Grøn Start, et projekt som ..." names the case."""
    match = _PROSE_NAME.search(text)
    return match.group(1) if match else None
