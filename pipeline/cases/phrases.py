"""The words a case's name is made of: a capitalised phrase that runs on over a few lower-case
words ("Lär för livet") up to punctuation, a verb or a relative word, without a place after
"i"/"in"; not a determiner, a generic noun, a genre word, a place or an organisation. Shared by
names.py (headings, slides, titles) and the patterns for names in running text."""
from __future__ import annotations

import re

from pipeline.cases.municipalities import _municipalities
from pipeline.cases.reference import _gazetteer
from pipeline.cases.sectors import _known_sector, _sector_of_word
from pipeline.cases.text import _fold

_UP = "A-ZÆØÅÄÖÜÉ"
_LOW = "a-zæøåäöüé"


def _repair_spacing(name: str) -> str:
    """"J ob i Havnen" -> "Job ved Kajen": a transcript split a capital off its word (not the
    one-letter words I, Å, A)."""
    return re.sub(rf"\b(?![IÅA]\b)([{_UP}]) (?=[{_LOW}]{{2,}})", r"\1", name)


def _is_place(words: str) -> bool:
    parts = [p for p in re.split(r",\s*|\s+(?:og|och|ja|and|&)\s+", words.strip(" ,.")) if p]
    return bool(parts) and all(_fold(p).casefold() in _municipalities() for p in parts)


# Words that start a sentence without naming anything: determiners, pronouns, generic nouns.
_NOT_NAME = re.compile(
    r"^(?:det|den|de|dette|denne|disse|detta|denna|dessa|dei|this|that|these|it|the|a|an|se|tämä|nämä|hän|"
    r"vi|we|han|hon|hun|i|in|på|en|et|ett|ei|eit|och|og|ja|and|men|but|mutta|kun|når|när|when|"
    r"tiltaket|tiltak|prosjektet|projektet|projekt|prosjekt|project|hanke|hanketta|samarbeidet|samarbejdet|"
    r"samarbetet|samverkan|yhteistyö|partnerskapet|partnerskabet|partnership|kumppanuus|studien|studie|"
    r"rapporten|report|selvitys|kommunen|kommune|kommun|kaupunki|kunta|municipality|modellen|malli|model|"
    r"ordningen|tilbudet|tilbodet|avtalen|aftalen|avtalet|sopimus|agreement|initiativet|initiative|lotsen|"
    r"föreningen|foreningen|forening|yhdistys|association|company|selskapet|selskabet|bolaget|yhtiö|"
    r"firmaet|virksomheden|företaget|caféen|kafeen|huset|talo|verksamheten|resultatet|results?|"
    r"erfaringene|kartleggingen|undersøkelsen|kyselyn?|survey|background|bakgrunn|baggrund|bakgrund|"
    # genres a title opens with: "Q&A: ...", "Pressemelding: ..."
    r"q&a|intervju|interview|haastattelu|pressemelding|pressmeddelande|pressemeddelelse|tiedote|press release|"
    r"referat|protokoll|pöytäkirja|minutes|notat|muistio|memo|rapport|raportti|opinion|debatt|debate|kronikk|"
    r"kronik|krönika|kolumni|leder|ledare|pääkirjoitus|editorial|nyhet|nyheter|uutinen|news|artikel|artikkeli|"
    r"article|fallstudie|tapaustutkimus|case study|"
    # a slide's question or agenda: "Hvorfor samarbeide?", "Outline"
    r"hvorfor|hva|hvad|hvem|hvordan|why|what|how|who|miksi|mitä|miten|varför|vad|hur|outline|agenda|dagsorden|"
    r"innhold|sisältö|tak|takk|tack|kiitos|thanks|spørsmål|questions|kysymyksiä)$",
    re.IGNORECASE)
_NAME_START = rf"[{_UP}0-9][\w'’&+-]*"
_STOP_WORD = re.compile(
    r"^(?:er|var|ble|blev|vart|har|hadde|havde|är|blir|bliver|on|oli|ovat|is|was|has|had|have|brought|"
    r"started|startet|startede|startades|startade|starta|drives|drivs|drives|runs|som|der|hvor|där|jossa|joka|"
    r"which|where|who|that|with|med|mellom|mellem|mellan|between|kanssa|sammen|saman|tillsammans|together|"
    r"skal|ska|will|kan|can|får|fick|gir|ger|gav|tok|tog|took|bygget|bygde|has|hos|for|för|til|till|to|of|af|"
    r"av|by|from|fra|frå|från|sedan|siden|since|vuonna|i\s+\d|in\s+\d)$")
_PLACE_TAIL = re.compile(r"\s+(?:i|in|på|på|from)\s+(\S+(?:\s+\S+)?)$")


def _phrase_at(text: str, start: int, lower_words: int = 3) -> str | None:
    """The name that starts at `start`: a capitalised word, then words up to punctuation, a
    verb or relative word, at most `lower_words` lower-case ones; a place after "i"/"in" off."""
    match = re.compile(_NAME_START).match(text, start)
    if not match:
        return None
    words = [match.group(0)]
    lower = 0
    for word in re.finditer(r"\S+", text[match.end():match.end() + 120]):
        token = word.group(0)
        bare = token.rstrip(",.;:!?)»”\"")
        if words[-1] != words[-1].rstrip(",.;:!?)»”\""):
            break
        if _STOP_WORD.match(bare) or not bare:
            break
        if not bare[:1].isupper() and not bare[:1].isdigit() and bare != "&":
            lower += 1
            if lower > lower_words:
                break
        words.append(token)
        if len(words) >= 7:
            break
    name = " ".join(words).rstrip(",.;:!?)»”\"")
    while True:  # "Lär för livet i Jönköping", "Nuorten Verstas in Espoo"
        tail = _PLACE_TAIL.search(name)
        if not tail or not _is_place(tail.group(1)):
            break
        name = name[:tail.start()]
    while name.split() and not name.split()[-1][:1].isupper() and name.split()[-1] not in ("&",) \
            and len(name.split()) > 1 and _is_function(name.split()[-1]):
        name = " ".join(name.split()[:-1])
    return name if _looks_like_name(name) else None


def _is_function(word: str) -> bool:
    return word.casefold() in {"i", "og", "och", "ja", "and", "på", "in", "of", "for", "för", "med", "the"}


def _looks_like_name(name: str, kind_given: bool = False) -> bool:
    """A name, not a determiner, place or organisation; when the text says it is a project ("the
    Open Library project"), a word such as "Library" does not make it an organisation."""
    words = name.split()
    if not words or len(words) > 6 or _NOT_NAME.match(words[0]) or _is_place(name):
        return False
    if kind_given:
        return not (_known_sector(name) or any(w in _gazetteer().legal_forms for w in words))
    return not _is_organisation(name)


def _is_organisation(name: str) -> bool:
    """A known organisation, a legal form or a public / civil-society word ("Föreningen X"); a
    private word alone ("Nabohjelpa", "Matbanken") is how projects are named too."""
    if _known_sector(name) or any(w in _gazetteer().legal_forms for w in name.split()):
        return True
    return any(_sector_of_word(w) in ("public", "civil_society") for w in name.split())
