"""A case's name: its heading cleaned of what is not the name (numbering, the place in
"Skärgårdsjobb, Helsingborg", "Matglede Stabekk (Bærum)", "Göteborg: Trygga Steg", transcript letter
spacing "J ob i Havnen"), or the name the running text gives it:

  kind noun     "prosjektet Kajkraft", "the initiative Tillsammans i vården"
  example       "Et andet eksempel er reparationscaféen Lapp & Lån, som ...", "The first is X in Espoo"
  apposition    "Läxhjälp Norrby, ett partnerskap mellan ..."
  subject       "Sommarlyftet är ett samarbete mellan ...", "Nabohjelpa vart starta ...",
                "Kävelykaveri on A:n, B:n ja C:n yhteinen malli"

A descriptive heading ("Full-time positions in home care") gives way to a name the text gives.
"""
from __future__ import annotations

import re

from pipeline.cases.municipalities import _MUNICIPALITY_WORDS
from pipeline.cases.organisations import _organisations
from pipeline.cases.phrases import (_LOW, _UP, _is_function, _is_place, _looks_like_name, _phrase_at,
                                    _repair_spacing)
from pipeline.cases.text import _fold, _sentences


def _clean_heading(heading: str | None) -> str | None:
    """The name in a case heading: no numbering residue, no place beside it."""
    if not heading:
        return None
    name = _repair_spacing(" ".join(heading.split()))
    name = re.sub(r"^(?:sak|saknr\.?|ärende|asia|punkt|pkt\.?|item|§)\s*[\d/.-]+\s*[:.]?\s*", "", name,
                  flags=re.IGNORECASE)                                # "Sak 45/23 ...": a council paper's number
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name)                     # "Matglede Stabekk (Bærum)"
    before, colon, after = name.partition(": ")
    if colon and _is_place(before) and after:
        name = after                                                  # "Göteborg: Trygga Steg"
    head, comma, tail = name.rpartition(", ")
    if comma and head and len(tail.split()) <= 3 and _is_place(re.sub(r"\s*\([^()]*\)", "", tail)):
        name = head                                                   # "Skärgårdsjobb, Helsingborg"
    return name.strip(" :.-–") or None


def _descriptive(name: str) -> bool:
    """"Full-time positions in home care", "ett partnerskap som inte blev av": a heading that
    describes the case rather than naming it (no capitalised word after the first)."""
    words = name.split()
    return not words[0][:1].isupper() or (len(words) >= 2 and not any(w[:1].isupper() for w in words[1:]))


def _slide_name(body: str) -> tuple[str | None, str]:
    """The name a numbered slide opens with, up to its first label ("Hvem:", "Partners:") or to a
    municipality or organisation: "SavoICT Kuopio ja Siilinjärvi Kuopion kaupunki ..." -> "SavoICT"."""
    body = _repair_spacing(body)
    if not body[:1].isupper():
        return None, body  # "Case 1: lessons from Lahti": a slide about a case, not its name
    label = re.search(r"\b[\w'-]+:\s", body[:120])
    words = body[:label.start()].split() if label else body.split()
    name: list[str] = []
    orgs = [org for org in _organisations(" ".join(words[:8])) if org.evidence]
    for i, word in enumerate(words[:8]):
        if _is_place(word) and name or orgs and " ".join(words[:i + 1]).endswith(orgs[0].name.split()[0]) and name:
            break
        name.append(word)
    if label and len(words) <= 6:
        name = words
        while len(name) > 1 and _is_place(name[-1]):
            name = name[:-1]                                          # "Job ved Kajen Aalborg"
    rest = words[len(name):] + (body[label.start():].split() if label else [])
    while rest and (_is_place(rest[0]) or rest[0] in ("ja", "og", "och", "and", "&") and len(rest) > 1
                    and _is_place(rest[1])) and not (len(rest) > 1 and _fold(rest[1]).casefold().strip(",.;:") in _MUNICIPALITY_WORDS):
        rest = rest[1:]  # "SavoICT Kuopio ja Siilinjärvi Kuopion kaupunki ...": the places after the name
    while len(name) > 1 and _is_function(name[-1]):
        name = name[:-1]  # "Sommarjobb i Hofors": the place is no part of the name
    text = " ".join(name).strip(" :.-–")
    return (text or None), " ".join(rest)


# --- names in running text ------------------------------------------------------------------------

_KIND = re.compile(
    r"\b(?i:prosjektet|projektet|prosjekt|projekt|the project|the initiative|the programme|initiativet|"
    r"satsningen|hankkeen|hanke|hankkeessa|the scheme|ordningen|tiltaket|nettverket|nätverket|"
    r"known as|known locally as|kjent som|kalt|kallat|kallas|kaldet|går under navnet|nimeltään)\s*,?\s+"
    r"(?=[A-ZÆØÅÄÖ0-9])")
# "samarbejdsaftale om Kulturhus Nord", "agreement on the Open Library"
_AGREEMENT = re.compile(
    r"\b(?i:samarbeidsavtale|samarbejdsaftale|samverkansavtal|samarbetsavtal|partnerskapsavtale|"
    r"partnerskabsaftale|kumppanuussopimus|avtale|aftale|avtal|agreement|sopimus)\s+(?i:om|on|for|kring|about)\s+"
    r"(?:(?i:the|prosjektet|projektet|tiltaket)\s+)?(?=[A-ZÆØÅÄÖ0-9])")
# "the Open Library project": an English name before its kind
_ENGLISH_KIND = re.compile(r"\b[Tt]he\s+((?:[A-ZÆØÅÄÖ][\w'&-]*\s+){1,4})(?:project|initiative|programme|program|"
                           r"partnership|scheme)\b")
_EXAMPLE = re.compile(
    r"\b(?i:eksempel|eksemplet|eksemplar|exempel|exemplet|example|esimerkki|døme|dømet|fallet|case|first|second|"
    r"third|første|andre|andet|annet|anna|annat|tredje|fjerde)\b[^.;:]{0,60}?\s(?:er|är|is|on|var|was)\s+"
    rf"(?:[{_LOW}][\w-]*\s+)?(?=[{_UP}0-9])")
_APPOSITION = re.compile(
    r",\s+(?:(?:som|joka|which|that|der|hvor|där)\s+(?:er|är|on|is)\s+[^.]{0,160}?|(?:et|eit|ett|a|an|en|ei)\s+"
    r"(?:[\w-]+\s+){0,3}?)(?:projekt|prosjekt|project|program|programme|hanke|yhteistyö|kumppanuu|"
    r"partnerskap|partnerskab|partnarskap|partnership|samarbeid|samarbejde|samarbete|cooperation|tilbud|tilbod)",
    re.IGNORECASE)
_COPULA = re.compile(r"\s(?:er|är|on|is|var|was|blir|blev|bliver|becomes|will be)\s+"
                     r"(?:(?:et|eit|ett|en|ei|a|an|det|den)\s+)?", re.IGNORECASE)
_COOPERATION_NOUN = re.compile(
    r"(?:samarbeid|samarbejd|samarbet|samverkan|partnerskap|partnerskab|partnarskap|partnership|cooperation|"
    r"collaboration|yhteistyö|kumppanuu|projekt|prosjekt|project|tilbud|tilbod|tiltak|initiativ|program|"
    r"verksamhet|aktivitet|palvelu|hanke|malli|toiminta)", re.IGNORECASE)
_STARTED = re.compile(
    r"\s(?:ble|blei|blev|vart|was|var|har\s+vært|er)\s+(?:startet|starta|etablert|etablerte|etableret|startede|"
    r"started|established|launched|oppretta|oppretet|opprettet)\b|\s(?:startades|startade|etablerades|drives\s+af|"
    r"drivs\s+av|drives\s+av|drivast\s+av|is\s+run\s+by|käynnistettiin|perustettiin)\b", re.IGNORECASE)


def _name_in_text(text: str) -> str | None:
    """The first name the running text gives a case (see the module's docstring)."""
    for sentence in _sentences(text):
        name = _name_in_sentence(sentence)
        if name:
            return name
    return None


def _name_in_sentence(sentence: str) -> str | None:
    sentence = re.sub(r"^[\w'’ -]{1,25}:\s+(?=\S)", "", sentence)  # "Partners: X is a cooperation ..."
    english = _ENGLISH_KIND.search(sentence)
    if english and _looks_like_name(english.group(1).strip(), kind_given=True):
        return english.group(1).strip()
    for pattern in (_KIND, _EXAMPLE, _AGREEMENT):
        for match in pattern.finditer(sentence):
            name = _phrase_at(sentence, match.end())
            if name:
                return name
    apposition = _APPOSITION.search(sentence)
    if apposition:
        start = _name_start_before(sentence, apposition.start())
        if start is not None:
            name = _phrase_at(sentence[:apposition.start()] + ".", start, lower_words=2)
            if name:
                return name
    place_of = _IN_NAME.match(sentence)  # "I Trygg med alarm har Trondheim kommune samarbeidet ..."
    if place_of:
        name = _phrase_at(sentence[:place_of.end(1)] + ".", place_of.start(1))
        if name:
            return name
    return _subject_name(sentence)


def _name_start_before(sentence: str, end: int) -> int | None:
    """Where the capitalised run ending at `end` starts ("... til Matglede Stabekk, et ...")."""
    words = list(re.finditer(r"\S+", sentence[:end]))
    start = None
    for word in reversed(words[-5:]):
        token = word.group(0)
        if token[:1].isupper() or token == "&":
            start = word.start()
        elif _is_function(token) and start is not None:
            continue
        else:
            break
    return start


_IN_NAME = re.compile(rf"^(?:I|In|På)\s+([{_UP}][\w'-]*(?:\s+[\w'&-]+){{0,5}}?)\s+(?:har|hat|has|have|er|är|on)\s+"
                      rf"(?=[{_UP}])")
_PLACE_LEAD = re.compile(rf"^(?:In|I|På|I\s+\w+)\s+[{_UP}][\w-]+(?:\s+[{_UP}][\w-]+)?,\s+(?:(?:the|det|den)\s+)?")


def _subject_name(sentence: str) -> str | None:
    """"Sommarlyftet är ett samarbete mellan ...", "Nabohjelpa vart starta ...": the sentence
    opens with the name and says what it is."""
    sentence = _PLACE_LEAD.sub("", sentence)  # "In Aarhus, the Bicycle Kitchen is run by ..."
    copula = _COPULA.search(sentence, 0, 90)
    started = _STARTED.search(sentence, 0, 90)
    verb = min((m for m in (started, copula) if m), key=lambda m: m.start(), default=None)
    if verb is None:
        return None
    subject = sentence[:verb.start()]
    if verb is copula:
        after = sentence[verb.end():]
        window = after if re.search(r"\byhtei(?:nen|set)\b", after) else " ".join(after.split()[:6])
        if not _COOPERATION_NOUN.search(window):
            return None
    name = _phrase_at(subject + ".", 0)
    return name if name and len(name) >= len(subject.strip()) - 1 else None


def _name_in_title(title: str, text: str) -> str | None:
    """A name the document's title gives ("Kajkraft: En fallstudie ...", "Samarbeidsavtale om
    Nordbyen Ungdomsløft") that the case's own text repeats."""
    if not title:
        return None
    before, colon, _ = title.partition(":")
    candidates = [before.strip()] if colon and len(before.split()) <= 4 else []
    candidates += [m.group(0) for m in re.finditer(rf"(?<!^)\b[{_UP}][\w-]+(?:\s+[{_UP}][\w-]+)+", title)]
    candidates += [m.group(0) for m in re.finditer(rf"^[{_UP}][\w-]+\s+[{_UP}][\w-]+", title)]
    for candidate in candidates:
        if candidate and candidate in text and _looks_like_name(candidate) and not _descriptive(candidate):
            return candidate
    return None


def _explicit_name(text: str) -> str | None:
    """A name the text gives with its kind anywhere ("about the Open Library project", "prosjektet
    X", "avtale om X"): for a document about one case whose own passage does not name it."""
    for sentence in _sentences(text):
        english = _ENGLISH_KIND.search(sentence)
        if english and _looks_like_name(english.group(1).strip(), kind_given=True):
            return english.group(1).strip()
        for pattern in (_KIND, _AGREEMENT):
            for match in pattern.finditer(sentence):
                name = _phrase_at(sentence, match.end())
                if name:
                    return name
    return None


# --- names the text marks: in quotes, by an acronym, with a Finnish -hanke ---------------------------

# A name in quotes, as Nordic texts mark a project's name: «Name», »Name«, ”Name”, "Name", “Name”,
# „Name“. One to six words, opening with a capital, no sentence inside (a quoted remark is no name).
_QUOTED = re.compile(rf"[«»\"“”„]\s*([{_UP}][^«»\"“”„\n.!?]{{0,60}}?)\s*[«»\"“”]")
_QUOTE_MARKS = "«»\"“”„'’ "
# "Kylätalo-hankkeessa", "Liikkuva Lähiö -hankkeen": the Finnish project noun inflected after its name
_HANKE = re.compile(rf"((?:[{_UP}][\w]*\s+){{0,3}}[{_UP}]?[\w]+)\s?-hank"
                    r"(?:e|etta|keen|keessa|keesta|keeseen|keella|keelle|keet|keiden)\b")


def _quoted_name(text: str) -> str | None:
    for match in _QUOTED.finditer(text):
        name = match.group(1).strip()
        if 1 <= len(name.split()) <= 6 and not _is_place(name):
            return name
    return None


def _hanke_name(text: str) -> str | None:
    match = _HANKE.search(text)
    if not match:
        return None
    words = match.group(1).split()
    while words and not words[0][:1].isupper():
        words = words[1:]
    separator = " -" if len(words) > 1 else "-"
    return f"{' '.join(words)}{separator}hanke" if words else None


def _expanded(name: str, text: str) -> str:
    """An acronym ("LIFT", "SCL (Smart Care Lab)") as the words it stands for, where the text spells
    them out beside it: "Linköping Industrial Food Transition (LIFT)", "LIFT (Linköping ...)"."""
    acronym = re.fullmatch(rf"([{_UP}]{{2,6}})(?:\s*\(([^()]+)\))?", name.strip())
    if not acronym:
        return name
    letters, given = acronym.group(1), acronym.group(2)
    candidates = [given] if given else []
    candidates += re.findall(rf"([{_UP}][\w-]*(?:\s+[\w-]+){{1,6}}?)\s*\({letters}\)", text)
    candidates += re.findall(rf"\b{letters}\s*\(([^()]+)\)", text)
    candidates += re.findall(rf"(?m)^{letters}\s+[–-]\s+(.{{5,80}})$", text)  # "LIFT – Linköping Industrial ..."
    for candidate in candidates:
        words = candidate.split()
        for start in range(len(words)):  # "In Linköping Industrial Food Transition (LIFT)": from "Linköping"
            if words[start][:1].isupper() and \
                    "".join(word[0] for word in words[start:] if word[:1].isupper()).upper() == letters:
                return " ".join(words[start:])
    return name


def _marked_name(name: str | None, text: str, document: str = "") -> str | None:
    """The case's name, bettered by what the text marks as a name: a quoted name where the rules
    found none, or only a place or a description ("Göteborg", "Kylä kokoontuu vanhaan kouluun",
    "Kuokkalassa"); a Finnish "X-hanke"; an acronym spelt out where the document does; quotes off."""
    if name:
        # a sentence around a quoted name ('Det tydeligste er "Havnens Unge"'): the name in it
        inner = re.search(r"[«»\"“”„]", name.strip(_QUOTE_MARKS)) and _quoted_name(f'{name}"')
        name = inner or name.strip(_QUOTE_MARKS) or None
    if not name or _is_place(name) or _descriptive(name) or _LOCATIVE.fullmatch(name):
        name = _quoted_name(text[:400]) or _hanke_name(text) or name
    if name and _is_place(name):
        return None  # "Vaasa": where the case is, which the case says anyway; no name
    return _expanded(name, document or text) if name else None


# "Kuokkalassa", "Tampereella": one word in a Finnish place case, where a case happens, no name
_LOCATIVE = re.compile(rf"[{_UP}][\w-]{{3,}}(?:ssa|ssä|lla|llä)")
