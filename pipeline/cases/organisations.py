"""Organisation recognition: capitalised phrases in a text, with the lower-case words that finish a
name, less bare places and sector words; "Horten, Holmestrand og Tønsberg kommuner" as three.

A run of capitalised words is split where one name ends and the next begins (after a legal form
or a sector word: "Umeå kommun Umeå University Norrland Sensor AB" on a slide).
A lower-case kind noun right before a name gives its sector ("the association Gottsunda
Matcentral", "foreningen Digital Hjælp Vestfyn", "logistikföretaget X"). Names are given in
their base form: "Helsingborgs stads" -> "Helsingborgs stad", "Tampereen kaupungin" -> "Tampereen
kaupunki", and a municipality's unit ("Odense Kommunes Biblioteker") as the municipality.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.cases.municipalities import _MUNICIPALITY_WORDS, _municipalities
from pipeline.cases.sectors import _is_sector_only, _known_sector, _sector, _sector_of_word
from pipeline.cases.text import _NAME_WORD, _fold


@dataclass(frozen=True)
class _Org:
    name: str
    sector: str
    start: int
    end: int
    evidence: bool  # the sector comes from the gazetteer, a legal form or a word of the name


_INNER = r"(?:på|i|of|for|för|de|du|von|af|the)"
_PHRASE = re.compile(
    rf"(?<![\w/]){_NAME_WORD}(?:\s+(?:{_NAME_WORD}|\d+(?![\d.,]*\s*(?:%|prosent|procent)))(?![\w]))*"
    rf"(?:\s+{_INNER}\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*)*")
_LOWER_TAIL = re.compile(r"\s+(?:([a-zæøåäöüé][\w-]*)\s+)?([a-zæøåäöüé][\w-]*)")
_CASE_ENDING = re.compile(r"^:\w{1,3}\b")  # Finnish inflection after an abbreviation: Oy:n, ry:n
# Words a name does not run on through: a verb or conjunction ("Hjørring Kommune er værtskommune").
_NOT_TAIL = {"er", "är", "on", "is", "as", "som", "og", "och", "ja", "and", "med", "with", "var", "was", "har",
             "blir", "ble", "blev", "i", "in", "til", "till", "to", "for", "för"}
_GENERIC = {"the", "de", "den", "det", "en", "et", "ei", "eit", "ett", "a", "an"}
# Capitalised only because a sentence starts with them: "In the project ...", "Det andra ...".
_FUNCTION = {"in", "i", "på", "the", "a", "an", "det", "den", "de", "der", "dette", "denne", "detta", "denna", "this",
             "that", "these", "its", "their", "our", "we", "vi", "han", "hon", "hun", "hän", "me", "se", "ne", "tämä",
             "som", "med", "for", "för", "af", "av", "fra", "från", "og", "och", "ja", "and", "but", "men", "mutta",
             "når", "när", "when", "while", "medan", "mens", "kun", "both", "både", "alle", "all", "kaikki", "også",
             "also", "flere", "flera", "many", "mange", "många", "several", "some", "noen", "nogle", "några", "en",
             "et", "ett", "ei", "eit", "hvor", "where", "who", "hvem", "vem", "under", "over", "between", "mellom",
             "mellem", "mellan", "after", "etter", "efter", "before", "før", "innan", "ifølge", "enligt",
             "according", "lisäksi", "sedan", "siden", "since", "from", "with", "by", "at", "on", "to", "til"}
# Lower-case kind nouns that say what the next name is.
_KIND_BEFORE = {
    "civil_society": r"(?:forening|förening|association|union|club|klubb|lag|idrettslag|yhdistys|seura|church|kirke|"
                     r"kyrka|stiftelse|stiftelsen|stifting|foundation|charity|frivilligsentral|ngo|organisation|"
                     r"organisasjon|organisationen|organisasjonen|järjestö)(?:en|et|a|n)?",
    "private": r"(?:selskap|selskab|företag|bolag|firma|virksomhed|virksomhet|company|firm|business|yhtiö|yritys|"
               r"provider|leverandør|leverantör|entreprenør|entreprenörföretag|kæde|kjede|kedja|butik|"
               r"bageri|bakeri)(?:et|en|a|n|t)?",
}
_GENERIC_COMPOUND = re.compile(
    r"^(?:verts|verts|vaerts|vards|vard|isanta|deltaker|deltager|deltagar|nabo|grann|naapuri|jasen|medlems|"
    r"samarbeids|samarbejds|samarbets|eier|ejer|agar|omistaja|nabo|hjem|hem|koti)"
    r"(?:kommune|kommunen|kommunes|kommun|kommunens|kunta|kunnan|kuntana|kaupunki|kaupungin)$")
# A word before an organisation's name that is not part of it: the article, a Finnish "in the project"
# or "in <place>" ("Kylätalo-hankkeessa Oulun kaupunki", "Iisalmessa Kilpijärven Kyläyhdistys ry")
_LEAD_WORD = re.compile(r"(?:[Tt]he\s+|\S+-hank\w*\s+|[A-ZÄÖÅ][\w-]{3,}(?:ssa|ssä|lla|llä)\s+)(?=[A-ZÆØÅÄÖ])")
# One word for a kind of cooperation or agreement, no organisation
_KIND_OF_COOPERATION = re.compile(
    r"(?:samarbeid|samarbeidet|samarbejde|samarbejdet|samverkan|samverkanet|yhteistyo|yhteistyota|partnerskap|"
    r"partnerskapet|partnerskab|partnerskabet|kumppanuus|avtale|avtaler|avtalen|aftale|aftaler|avtal|avtalet|"
    r"sopimus|sopimukset|cooperation|partnership|agreement|agreements)$")
# Words that end a name, so that a capitalised run goes on with the next one (slides list partners
# without commas: "Umeå kommun Umeå University Norrland Sensor AB").
_HEAD_WORD = re.compile(r"kommune|kommunes|kommun|kommuns|kunta|kaupunki|stad|stads|herad|municipality|region|"
                        r"university|universitet|universitetet|yliopisto|hogskola|hogskolan|hogskole|hogskule|ry|rf")
# Genitive municipality nouns to their base form ("Helsingborgs stads" -> "Helsingborgs stad").
_BASE_FORMS = {"kommunes": "kommune", "kommunens": "kommune", "kommuns": "kommun", "stads": "stad",
               "kaupungin": "kaupunki", "kunnan": "kunta", "municipality's": "municipality",
               "heradets": "herad", "herads": "herad", "yhdistyksen": "yhdistys", "säätiön": "säätiö",
               "piirin": "piiri"}


def _organisations(text: str) -> list[_Org]:
    """Organisation names in the text, in order, with their sector."""
    found: list[_Org] = []
    for match in _PHRASE.finditer(text):
        if found and match.start() < found[-1].end:
            continue
        pieces = _split_run(text, *match.span())
        for i, (start, end) in enumerate(pieces):
            start = _with_lead(text, start) if i == 0 else start
            if i == len(pieces) - 1:
                # "Kommunal- og distriktsdepartementet": a compound split over a conjunction
                split = re.match(r"-\s+(?:og|och|ja|and|&)\s+[a-zæøåäö][\w-]*", text[end:])
                end = _with_tail(text, end + split.end() if split else end)
            org = _org(text, start, end)
            if org:
                found.append(org)
    return _with_place_lists(text, found)


def _split_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A capitalised run as its names: a cut after a legal form or after a sector word that is not
    the run's first word, unless what follows is only a place ("Røde Kors Drammen")."""
    tokens = list(re.finditer(r"\S+", text[start:end]))
    while len(tokens) > 1 and tokens[0].group(0).casefold() in _FUNCTION:
        tokens = tokens[1:]  # "In the project", "Det andra fallet": not part of a name
    if len(tokens) == 1 and tokens[0].group(0).casefold() in _FUNCTION:
        return []
    last = _fold(tokens[-1].group(0)).casefold()
    if len(tokens) >= 3 and len(last) >= 8 and re.sub(r"(?:en|et)$", "", last) in _sector_words() \
            and last != re.sub(r"(?:en|et)$", "", last) and not _HEAD_WORD.fullmatch(last):
        tokens = tokens[:-1]  # "Coop Innlandet Frivilligsentralen er vertskap": a definite noun opens the next sentence
    pieces, first = [], 0
    for i, token in enumerate(tokens[:-1]):
        word, rest = token.group(0), tokens[i + 1:]
        if i > first and word.casefold() in _BASE_FORMS and rest[0].group(0)[:1].isupper():
            # "Odense Kommunes Biblioteker": the municipality's unit is the municipality
            pieces.append((start + tokens[first].start(), start + token.end()))
            return pieces
        legal = word in _legal_forms() or word in ("IF", "IK", "IL", "BK", "FK", "FF", "GIF", "BIF", "IFK")
        sector_word = i > first and _HEAD_WORD.fullmatch(_fold(word).casefold()) \
            and not _fold(" ".join(t.group(0) for t in rest)).casefold() in _municipalities()
        placed = i > first + 1 and tokens[i - 1].group(0) in ("i", "på", "of", "for", "för") \
            and _fold(word).casefold() in _municipalities() \
            and not _fold(" ".join(t.group(0) for t in rest)).casefold() in _municipalities()
        if (legal or sector_word or placed) and rest[0].group(0)[:1].isupper():  # "Universitetet i Oslo Grønn Data AS"
            pieces.append((start + tokens[first].start(), start + token.end()))
            first = i + 1
    pieces.append((start + tokens[first].start(), start + tokens[-1].end()))
    return pieces


def _sector_words() -> frozenset[str]:
    from pipeline.cases.reference import _gazetteer
    return _gazetteer().sector_words


def _legal_forms() -> frozenset[str]:
    from pipeline.cases.reference import _gazetteer
    return _gazetteer().legal_forms


def _with_lead(text: str, start: int) -> int:
    """"City of Oulu", "the Salvation Army": a lead-in that belongs to the name."""
    lead = re.search(r"(?:\bthe\s+)$", text[max(0, start - 4):start])
    return start - len(lead.group(0)) if lead else start


def _with_tail(text: str, end: int) -> int:
    """Lower-case words that finish a name: "Drammen kommune", "Voss vidaregåande skule",
    "Mimersgade områdefornyelse", and a Finnish case ending after an abbreviation."""
    ending = _CASE_ENDING.match(text[end:])
    if ending:
        return end
    tail = _LOWER_TAIL.match(text[end:])
    if tail:
        words = [w for w in tail.groups() if w]
        if len(words) == 2 and words[0] in _NOT_TAIL:
            words = []
        if words and _sector_of_word(words[-1]) in ("public", "civil_society"):
            return end + tail.end()
        if len(words) == 2 and _sector_of_word(words[0]) in ("public", "civil_society"):
            return end + tail.start(2) - 1
    return end


def _org(text: str, start: int, end: int) -> _Org | None:
    lead = _LEAD_WORD.match(text, start, end)
    start = lead.end() if lead else start  # "Kylätalo-hankkeessa Oulun kaupunki", "the City of Espoo"
    raw = text[start:end]
    name = _base_form(raw.strip(" ,.;:"))
    words = name.split()
    if not words or all(_fold(w).casefold() in _GENERIC or _is_sector_only(w) for w in words):
        return None
    if len(words) == 1 and _fold(name).casefold() in _municipalities() and not _known_sector(name):
        return None  # a bare place name is a place
    if len(words) == 1 and _GENERIC_COMPOUND.match(_fold(name).casefold()):
        return None  # "Vertskommunen", "Isäntäkunnan": a role of a municipality, no name
    if len(words) == 1 and _KIND_OF_COOPERATION.search(_fold(name).casefold()):
        return None  # "Vertskommunesamarbeid", "Sponsoravtaler" opening a line: a kind of cooperation
    if len(words) > 6 or any(len(w) == 1 and w.isupper() for w in words):
        return None  # a run of slide text, or letters a transcript split off ("S amarbeid")
    while _names_municipality(words) and _municipality_part(words) not in _municipalities() and len(words) > 2:
        # "Fåberg Lillehammer kommune" on a slide: a word of the title, then the municipality
        start += len(raw) - len(raw.lstrip()) + len(words[0]) + 1
        raw, words = raw.lstrip()[len(words[0]) + 1:], words[1:]
        name = " ".join(words)
    if _names_municipality(words) and _municipality_part(words) not in _municipalities():
        return None  # "Verts kommunes": a municipality word after something that is no municipality
    sector = _sector(name) or _kind_before(text, start)
    return _Org(name, sector or "unknown", start, start + len(raw.strip(" ,.;:")), sector is not None)


def _base_form(name: str) -> str:
    """"Helsingborgs stads" -> "Helsingborgs stad"; a unit after the genitive is the municipality's:
    "Odense Kommunes Biblioteker" -> "Aarhus Kommune"."""
    words = name.split()
    for i, word in enumerate(words[1:], 1):
        base = _BASE_FORMS.get(word.casefold())
        if base and (i == len(words) - 1 or base in ("kommune", "kommun", "stad", "kaupunki", "kunta")):
            return " ".join(words[:i] + [base.capitalize() if word[:1].isupper() else base])
    return name


def _kind_before(text: str, start: int) -> str | None:
    """The sector a kind noun right before the name gives: "the trade union X", "foreningen X"."""
    before = re.search(r"([\w-]+)\s+$", text[max(0, start - 40):start])
    if not before or not before.group(1).islower():
        return None
    word = _fold(before.group(1)).casefold()
    for sector, pattern in _KIND_BEFORE.items():
        if re.fullmatch(rf"[\w-]*{_fold(pattern)}", word):
            return sector
    return None


def _names_municipality(words: list[str]) -> bool:
    """A municipality word after a name; a Finnish genitive before kaupunki / kunta is taken as
    given ("Turun kaupunki": consonant gradation the place forms do not cover)."""
    if len(words) > 1 and words[-1] in ("kaupunki", "kunta") and words[-2].endswith("n"):
        return False
    return len(words) > 1 and _fold(words[-1]).casefold() in _MUNICIPALITY_WORDS


def _municipality_part(words: list[str]) -> str:
    return _fold(" ".join(words[:-1])).casefold()


_PLACE_LIST = re.compile(
    rf"((?:{_NAME_WORD}(?:\s+og\s+{_NAME_WORD})?,\s+)*{_NAME_WORD}(?:\s+og\s+{_NAME_WORD})?)"
    r"\s+(?:og|och|and|ja|&)\s+"
    rf"({_NAME_WORD}(?:\s+og\s+{_NAME_WORD})?)\s+"
    r"(kommuner|kommune|kommunerne|kommuner|kommunerna|kommun|kommunes|kaupunkien|kuntien|municipalities)\b")
_SINGULAR = {"kommuner": "kommune", "kommunerne": "Kommune", "kommunerna": "kommun", "kaupunkien": "kaupunki",
             "kuntien": "kunta", "municipalities": "municipality", "kommunes": "kommune"}


# A municipality whose name holds "og": "Nore og Uvdal kommune", "Aurskog-Høland" aside.
_OG_NAME = re.compile(rf"({_NAME_WORD}\s+og\s+{_NAME_WORD})\s+(kommune|kommunes|kommun|herad)\b")


def _with_place_lists(text: str, found: list[_Org]) -> list[_Org]:
    """"Horten, Holmestrand og Tønsberg kommuner" names three municipalities: one each,
    when every listed name is a municipality; "Nore og Uvdal kommune" is one."""
    extra: list[_Org] = []
    for match in _OG_NAME.finditer(text):
        if _fold(match.group(1)).casefold() in _municipalities():
            extra.append(_Org(match.group(0), "public", match.start(), match.end(), True))
            found = [org for org in found if not match.start() <= org.start < match.end()]
    for match in _PLACE_LIST.finditer(text):
        names = [n.strip() for n in re.split(r",\s+", match.group(1))] + [match.group(2)]
        if not all(_fold(n).casefold() in _municipalities() for n in names):
            continue
        noun = _SINGULAR.get(match.group(3), match.group(3))
        extra += [_Org(f"{n} {noun}", "public", match.start(), match.end(), True) for n in names]
        found = [org for org in found if not match.start() <= org.start < match.end()]
    return sorted(found + extra, key=lambda org: org.start)
