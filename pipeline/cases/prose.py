"""The rules for cases told in prose: section (a named heading, or a numbered case, over
cooperation text) and sentence-pattern ("X samarbeider med Y og Z", or a paragraph that names its
project: "Sommarlyftet är ett samarbete mellan ..."), with partner roles and "kommunen" resolved.

A paragraph that tells two cases ("Et eksempel er A ... Et andet eksempel er B ...") is split
where the second one's name is introduced. A section under an introduction / method /
discussion heading gives no case: it is about the study (see blocks._GENERIC_HEADING).
"""
from __future__ import annotations

import re

from pipeline.cases.blocks import _Block
from pipeline.cases.drafts import _Context, _Draft
from pipeline.cases.fields import _model_mentions
from pipeline.cases.frontmatter import _about_document
from pipeline.cases.model import Partner
from pipeline.cases.municipalities import _municipalities, _municipalities_in
from pipeline.cases.names import (_EXAMPLE, _clean_heading, _descriptive, _name_in_sentence, _name_in_text,
                                  _slide_name)
from pipeline.cases.phrases import _is_place, _looks_like_name
from pipeline.cases.organisations import _Org, _organisations
from pipeline.cases.partners import _partner_key, _unique
from pipeline.cases.roles import _kind_roles, _role
from pipeline.cases.screening import _not_a_case
from pipeline.cases.sectors import _known_sector
from pipeline.cases.text import _fold, _sentences


_TRIGGERS = re.compile(
    r"samarbeid|samarbeider|samarbeidar|samarbejd|samverk|samarbet|partnerskap|partnerskab|partnarskap|"
    r"sammen med|saman med|tillsammans|yhdessä|kanssa|yhteistyö|yhteinen|kumppanuu|kumppani|together with|"
    r"partnership|cooperation|co-operation|collaboration|teams up|agreement|avtale|avtala|aftale|avtal\b|"
    r"överenskommelse|overenskomst|sopimu|gått saman|gått sammen|gått samman|joined forces|"
    r"the partners are|partnerne er|partnarane er|parterna är|parterne er|"
    r"eid av|eig|ejet af|ejes af|ägs av|äger|omistama|owned by|driv saman|driver sammen|"
    # a steering group the organisations share, one of them leading: "led by X ... Y sits on the
    # steering group", "styregruppen", "ohjausryhmässä"
    r"steering group|styringsgrupp|styregrupp|styrgrupp|ohjausryhm|led by|ledet av|leia av|leds av|ledes af",
    re.IGNORECASE)
# "samverkan mellan kommuner och näringsliv": cooperation in general, between kinds, not named parties
_GENERAL = re.compile(r"(?:mellom|mellem|mellan|between|med|with)\s+(?:[a-zæøåäö][\w-]*\s+){0,2}"
                      r"(?:kommuner|kommunene|kommunerne|kommunerna|municipalities|kunnat|kuntien|bedrifter|"
                      r"virksomheder|företag|näringsliv|næringsliv|erhvervsliv|businesses|companies|yritysten|"
                      r"frivillige|föreningsliv|foreningsliv|civilsamhälle|civil society|järjestöjen)\b",
                      re.IGNORECASE)


def _prose(block: _Block, context: _Context) -> list[_Draft]:
    """A section with a name for a heading, a numbered case, or a paragraph: two or more
    organisations, one of them of known sector, in a text that says they cooperate."""
    if block.generic:
        return []
    heading = _case_like_heading(block)
    segments = _segments(block.body)
    if heading and not block.case_no and _descriptive(_clean_heading(heading) or heading) \
            and sum(bool(_name_in_text(seg)) for seg in segments) >= 2:
        heading = None  # "5 Samarbeid i praksis" over a paragraph that tells two named cases
    if heading or block.case_no:
        if not (block.case_no or _TRIGGERS.search(block.body) or _model_mentions(block.body)):
            return []
        if _not_a_case(f"{heading or ''}. {block.body.split(chr(10) * 2, 1)[0]}"):
            return []  # its first paragraph says so; a later one may tell of a neighbour that only looked
        body = block.body if heading else _slide_name(block.body)[1]
        partners = _prose_partners(body, context, need_trigger=False)
        if len(partners) < 2 or not any(p.sector != "unknown" for p in partners):
            return []
        return [_Draft(_block_name(block, heading), block.body, partners, "section")]
    outer = _name_in_sentence(block.outer) if block.outer else None  # "Punkt 4. Aftale om Kulturhus Nord"
    return [draft for i, segment in enumerate(segments)
            for draft in _paragraph_case(segment, context, outer if i == 0 else None, block.slide)]


def _slide_title(text: str) -> tuple[str | None, str]:
    """A slide that opens with its case: "Gjøvik: Aktiv på dagtid Gjøvik kommune og ...", or a short
    title right before the first organisation; and the slide's text after it."""
    place, colon, rest = text.partition(": ")
    if colon and _is_place(place):
        text = rest
    name, body = _slide_name(text)
    if name and _looks_like_name(name) and not name.endswith("?"):
        return name, body
    return None, text


def _paragraph_case(text: str, context: _Context, outer: str | None = None, slide: bool = False) -> list[_Draft]:
    name = _name_in_text(text) or outer
    body = text
    if not name and slide:  # the slide's title, then its text: "Gjøvik: Aktiv på dagtid Gjøvik kommune og ..."
        name, body = _slide_title(text)
    if not name and not (_TRIGGERS.search(text) or _model_mentions(text)) or _not_a_case(text):
        return []
    partners = _prose_partners(body, context, need_trigger=name is None)
    if len(partners) < 2 or not any(p.sector != "unknown" for p in partners):
        return []
    return [_Draft(name, text, partners, "sentence-pattern")]


def _block_name(block: _Block, heading: str | None) -> str | None:
    """The heading's name, unless it only describes the case and the text names it."""
    own = _clean_heading(heading) if heading else _slide_name(block.body)[0] if block.case_no else None
    own = _name_in_sentence(own) or own if own else None  # "Sak 45/23 Samarbeidsavtale om X"
    text_name = _name_in_text(block.body)
    if own and text_name and (_descriptive(own) or own.startswith(text_name + " ")):
        return text_name  # "Sjøbadet Ytre Kai åpner i juni": a headline, the name and what it does
    return own or text_name


def _segments(text: str) -> list[str]:
    """The paragraph's cases: a new one where a sentence introduces another name ("Et andet
    eksempel er ...") after a case with a name of its own."""
    segments: list[list[str]] = []
    current_name = None
    for sentence in _sentences(text):
        name = _name_in_sentence(sentence)
        new = name and segments and (current_name and name != current_name or not current_name
                                     and _EXAMPLE.search(sentence))
        if not segments or new:
            segments.append([])
            current_name = name
        current_name = current_name or name
        segments[-1].append(sentence)
    return [" ".join(segment) for segment in segments]


def _case_like_heading(block: _Block) -> str | None:
    """A heading that names something: numbered ("2. Barnevernstjenesten i Midt-Vestfold"),
    on a slide, or with a capitalised word after its first ("Vestfold IKT"); not "Vurdering"."""
    heading = block.heading
    if not heading or _BYLINE.match(heading):
        return None
    words = heading.split()
    if block.numbered or heading.isupper() or any(w[:1].isupper() for w in words[1:]):
        return heading
    return None


_BYLINE = re.compile(r"(?:by|av|af|text|tekst|kirjoittaja|teksti|skrevet av|skrive av|skrivet av|interview by)\b",
                     re.IGNORECASE)


def _prose_partners(text: str, context: _Context, need_trigger: bool) -> list[Partner]:
    """Organisations of known sector in the text's cooperation sentences, and unknown ones right
    after a trigger; "kommunen" / "the municipality" stands for the municipality the text names
    first, else the one last named."""
    partners: list[Partner] = []
    local = _first_municipality(text) or context.last_municipality
    for sentence in _sentences(text):
        if need_trigger and not (_TRIGGERS.search(sentence) or _model_mentions(sentence)):
            continue
        if need_trigger and _GENERAL.search(sentence) and not _named_after_trigger(sentence):
            continue
        sentence = _EXAMPLE_OF_KIND.split(sentence)[0]
        if _OUTSIDE.search(sentence):
            continue  # "Underleverantören X kör vissa turer men ingår inte i avtalet"
        for org in _organisations(sentence):
            role = _role(sentence, org)
            if (context.excluded(org.name) or context.background(org.name)) and (not role or _about_document(sentence)):
                continue  # the report's author or funder, KS: a partner only with a role in the case
            if org.start == 0 and " " not in org.name and not _known_sector(org.name):
                continue  # "Bibliotekets personal ...": a kind of organisation opening a sentence
            if org.evidence or _after_trigger(sentence, org):
                partners.append(Partner(org.name, org.sector, role))
        anaphor = _anaphor(sentence, context, local)
        if anaphor:  # a known partner keeps its place and takes the role ("Kommunen finansierer ...")
            partners.append(anaphor)
    partners = _unique(partners)
    return _unique(partners + _stated_roles(text, partners, context, local))


def _stated_roles(text: str, partners: list[Partner], context: _Context, local: str | None) -> list[Partner]:
    """Roles the whole passage states for its partners, also in sentences without a cooperation
    word: by name, by a bare municipality name ("Askøy og Øygarden betaler ..."), or by kind
    ("Föreningen äger verksamheten": the case's one association)."""
    keys = {_partner_key(p.name): p for p in partners}
    found: list[Partner] = []
    for sentence in _sentences(text):
        for org in _organisations(sentence):
            partner = keys.get(_partner_key(org.name))
            role = _role(sentence, org) if partner else None
            if role:
                found.append(Partner(partner.name, partner.sector, role))
        for place in re.finditer(r"[A-ZÆØÅÄÖ][\w-]+", sentence):
            folded = _fold(place.group(0)).casefold()
            if folded not in _municipalities() or any(o.start <= place.start() < o.end for o in _organisations(sentence)):
                continue
            role = _role(sentence, _Org(place.group(0), "public", place.start(), place.end(), True))
            if role:  # "Askøy og Øygarden betaler en andel": the municipalities, with their role
                partner = keys.get(_partner_key(place.group(0)))
                found.append(Partner(partner.name if partner else _municipality_name(_municipalities()[folded],
                                                                                      context.language), "public", role))
        anaphor = _anaphor(sentence, context, local)  # "Kommunen betaler for en koordinator"
        if anaphor and anaphor.role and _partner_key(anaphor.name) in keys:
            found.append(anaphor)
        for sector, kind, role in _kind_roles(sentence):
            of_kind = [p for p in partners if p.sector == sector]
            named = [p for p in of_kind if re.sub(r"(?:en|et|n)$", "", _fold(kind).casefold()) in _fold(p.name).casefold()]
            if len(of_kind) == 1 or len(named) == 1:  # the one association, or the one called so
                found.append(Partner((named or of_kind)[0].name, sector, role))
    return found


def _named_after_trigger(sentence: str) -> bool:
    return any(_after_trigger(sentence, org) for org in _organisations(sentence) if org.evidence)


# An organisation the text places outside the arrangement: no partner.
_OUTSIDE = re.compile(
    r"(?:ingår inte|inngår ikke|indgår ikke|er ikke part|er ikkje part|är inte part|is not (?:a )?part|"
    r"is not a party|are not part|ei ole osapuoli|ei kuulu|not party|outside)\s+(?:\w+\s+){0,3}?"
    r"(?:avtal|aftale|agreement|sopimu|kontrakt|contract|partnerskap|partnership|samarbe)", re.IGNORECASE)
# "organisasjoner som Røde Kors og Frelsesarmeen": examples of a kind of partner, not partners.
_EXAMPLE_OF_KIND = re.compile(r"\s(?:som|such as|like|kuten|såsom|f\.eks\.|fx\.?|t\.ex\.|e\.g\.)\s+(?=[A-ZÆØÅÄÖ])")
_ANAPHORA = re.compile(r"\b(?:kommunen|heradet|staden|the municipality|the city|kaupunki|kunta)\b", re.IGNORECASE)
_MUNICIPALITY_NOUN = {"nb": "kommune", "nn": "kommune", "da": "Kommune", "sv": "kommun", "fi": "kaupunki",
                      "en": "municipality"}


def _anaphor(sentence: str, context: _Context, local: str | None) -> Partner | None:
    """"kommunen" in a sentence: the municipality the sentence places itself in ("I Linköping
    har kommunen ..."), else the one the passage names, else the one last named."""
    subject = _PLACE_SUBJECT.match(sentence)
    if subject and _fold(subject.group(1)).casefold() in _municipalities():
        # "Lisäksi Espoo solmi kumppanuussopimuksen ...": the place as the one who acts
        place = _municipalities()[_fold(subject.group(1)).casefold()]
        return Partner(_municipality_name(place, context.language), "public",
                       _role(sentence, _Org(subject.group(1), "public", subject.start(1), subject.end(1), True)))
    match = _ANAPHORA.search(sentence)
    if not match or any(org.start <= match.start() < org.end for org in _organisations(sentence)):
        return None
    places = _municipalities_in(sentence)
    if places:
        return Partner(_municipality_name(places[0], context.language), "public",
                       _role(sentence, _Org(match.group(0), "public", match.start(), match.end(), True)))
    if local:
        return Partner(local, "public", _role(sentence, _Org(match.group(0), "public", match.start(), match.end(), True)))
    return None


_PLACE_SUBJECT = re.compile(r"^(?:(?:Lisäksi|Dessutom|Derudover|Desuden|I tillegg|I tillegg til dette|Også|"
                            r"Also|Moreover|Samtidigt|Samtidig|Nyt|Nu|Nå)\s*,?\s+)?"
                            r"([A-ZÆØÅÄÖ][\w-]+)\s+(?!(?:kommune|kommun|kunta|kaupunki|stad|herad)\b)"
                            r"(?:har\s+|hat\s+|on\s+|has\s+)?(?:solmi|solmivat|tekee|inngikk|inngår|indgik|indgår|"
                            r"ingick|ingår|tecknade|signed|entered|samarbeider|samarbejder|samarbetar|cooperates|"
                            r"startet|startede|startade|started|etablerte|etablerede|etablerade|established|"
                            r"perusti|käynnisti|launched|inngått|indgået|ingått|tecknat|solminut)\b")


def _municipality_name(place: str, language: str) -> str:
    """The municipality as an organisation: "Linköping kommun", "Espoon kaupunki" (Finnish
    genitive, regular forms only)."""
    if language == "fi":
        return f"{place}{'en' if place.endswith('e') else 'n'} kaupunki"
    return f"{place} {_MUNICIPALITY_NOUN.get(language, 'kommune')}"


def _first_municipality(text: str) -> str | None:
    for org in _organisations(text):
        if org.sector == "public" and _partner_key(org.name) in _municipalities():
            return org.name
    return None


def _remember_municipality(text: str, context: _Context) -> None:
    for org in _organisations(text):
        if org.sector == "public" and _partner_key(org.name) in _municipalities():
            context.last_municipality = org.name


def _after_trigger(sentence: str, org: _Org) -> bool:
    before = sentence[max(0, org.start - 40):org.start]
    return bool(re.search(r"(?:med|with|mellom|mellem|mellan|between|by|af|av|og|and|och|ja|,)\s*$", before)) \
        and bool(_TRIGGERS.search(sentence[:org.start]))
