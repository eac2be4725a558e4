"""Who made the document rather than the cases: its authors' consultancy, its publisher, the
ministry or agency that commissioned it, the funder of the report, a source it cites. Their
organisations are no partners where the prose names them (a partner list still may).

Found where grey literature puts them: by-lines ("Forfattere:", "Tekijät:", "Text:", "Kilde:"),
sentences about the report ("Denne rapporten er skrevet av X på oppdrag fra Y", "The report was
funded by X", "Selvityksen on rahoittanut X"), a line that is only an organisation and its
address (a letterhead or footer), and a slide deck's title and closing slides."""
from __future__ import annotations

import re

from pipeline.cases.municipalities import _municipalities
from pipeline.cases.organisations import _organisations
from pipeline.cases.partners import _partner_key
from pipeline.cases.text import _sentences


_BYLINE = re.compile(
    r"(?:^|\b)(?:forfattere?|författare|tekijät|kirjoittajat|authors?|text|tekst|foto|utarbeidet av|udarbejdet af|"
    r"utarbetad av|laatinut|laatijat|oppdragsgiver|oppdragsgjevar|uppdragsgivare|tilaaja|commissioned by|"
    r"utgiven av|utgitt av|udgivet af|published by|julkaisija|interview by|intervju av|kilde|kjelde|källa|"
    r"lähde|source|rapport udarbejdet for|rapport utarbeidet for|report prepared for)\s*:?\s", re.IGNORECASE)
_REPORT = re.compile(
    r"rapport|report|studie|study|selvity|kartlegging|notat|undersøk|undersøg|undersök|tutkimu|kysely|survey|"
    r"uppsats|oppgave|arbeidet|arbejdet|arbetet|research|book|bok|bog|kirja|skrift|newsletter|idékatalog|"
    r"evaluering|utvärdering|arviointi|analys", re.IGNORECASE)
_MADE = re.compile(
    r"på oppdrag (?:fra|frå|av)|på uppdrag (?:av|från)|toimeksiannosta|skrevet av|skrive av|skriven av|"
    r"written by|har bedt|har bett|has asked|pyytänyt|funded by|financed by|finansiert (?:av|gjennom|med)|"
    r"finansieret af|finansierats av|finansierad av|rahoittanut|tukenut|supported by|published by|utgiven av|"
    r"framtagen av|udgivet af|utgitt av|med stöd från|med støtte fra|med støtte frå|med tilskud fra",
    re.IGNORECASE)
_CLOSING = re.compile(r"^(?:tak|takk|tack|kiitos|thank you|thanks|yderligere info|mer informasjon|kontakt|"
                      r"lisätietoja|more information)\b", re.IGNORECASE)


def _makers(text: str) -> set[str]:
    """Partner keys of the organisations that made, published, commissioned or funded the
    document (never a municipality: a municipality's own report is about its partnerships)."""
    spans: list[str] = []
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    for paragraph in paragraphs:
        for line in paragraph.splitlines():
            byline = _BYLINE.search(line)
            if byline:
                spans.append(line[byline.end():][:160])
            if _letterhead(line):
                spans.append(line)
        for sentence in _sentences(paragraph):
            if _MADE.search(sentence) and _REPORT.search(sentence):
                spans.append(sentence)
    slides = [p for p in paragraphs if re.match(r"\d{1,3}\s", p)]
    if len(slides) >= 3:  # a transcript: its title slide and closing slides are the speaker's
        spans.append(slides[0])
        spans += [p for p in slides if _CLOSING.match(re.sub(r"^\d{1,3}\s+", "", p))]
    keys = set()
    for span in spans:
        for org in _organisations(re.sub(r"\s\d{1,3}$", "", span.strip())):
            words = _partner_key(org.name).split()
            if org.evidence and " ".join(words) not in _municipalities():
                # "Matti Virtanen Datapolku Consulting Oy" on a title slide: the name may carry the speaker's
                keys |= {" ".join(words[i:]) for i in range(len(words) - 1)} | {" ".join(words)}
    return keys


def _letterhead(line: str) -> bool:
    """"Polarvik Analyse AS, Tromsø", "Fjordtall Utredning AS | Bryggen 9, 5003 Bergen | side 1":
    a short line that opens with an organisation and says nothing else."""
    words = line.split()
    if not 0 < len(words) <= 12 or line.rstrip().endswith((".", "?", "!", ":")):
        return False
    orgs = _organisations(line)
    if not orgs or orgs[0].start != 0 or not orgs[0].evidence or sum(o.evidence for o in orgs) > 1:
        return False
    rest = line[orgs[0].end:]
    return not re.search(r"\b[a-zæøåäö]{4,}\b", re.sub(r"\b(?:side|sida|sivu|page)\b", "", rest))


def _about_document(sentence: str) -> bool:
    """"Rapporten er finansiert av X": a sentence about who made or paid for the document."""
    return bool(_MADE.search(sentence) and _REPORT.search(sentence))
