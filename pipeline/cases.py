"""Partnership cases in a document's text, found by rules over its structure.

A case is a concrete cooperation the text describes: its name, its partners (with sector and
role), places, period, cooperation model (pipeline/data/cooperation_models.yml), target group
and outcome statements. No statistical model: grey literature lays cases out in a few ways, and
each way has a rule (`method` on the case says which one found it):

  labelled-block  a slide or report section with a "Partnere:" / "Parter:" / "Kumppanit:" label;
                  the block's heading names the case, further labels give period, target group,
                  model and results.
  heading-list    a list of "Case name: Partner/Partner og Partner description" items (the
                  "which cases are in the catalogue" slide of a deck).
  bullet          a bullet item "Name (2012–2016). Partners: ..." or "Name: A; B; C".
  section         a report section whose heading is a name and whose text names at least two
                  organisations and says they cooperate (a verb or a model term).
  sentence-pattern a paragraph without such a heading: "X samarbeider med Y og Z om ...",
                  "in partnership with", "eid av", "yhdessä ... kanssa".

Organisations are capitalised phrases; their sector comes from a gazetteer of known ones
(pipeline/data/organisations.yml), their legal form (AS, A/S, AB, Oy) or a word of their name
(kommune, skole, forening, fond). Slides that repeat a case under its own heading are merged
into it, and a model named with examples ("Den strategisk integrerede model ... Fx. Nykredit")
goes to the cases those examples name.

The text is "nordcat.text": a transcript has one line a page, pages apart; reports and news
keep their line breaks.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from pipeline.places import find_places

DATA = Path(__file__).resolve().parent / "data"
SECTORS = ("public", "private", "civil_society", "unknown")
METHOD_CONFIDENCE = {"labelled-block": 0.85, "heading-list": 0.75, "bullet": 0.75, "section": 0.7,
                     "sentence-pattern": 0.6}
MAX_DESCRIPTION = 300
# ISO 639-3 codes (as in documents.language) to the short codes the rules use, and back for
# pipeline/places.py, which settles names shared by two countries by the language.
LANGUAGES = {"nob": "nb", "nor": "nb", "no": "nb", "nno": "nn", "dan": "da", "swe": "sv",
             "fin": "fi", "eng": "en"}
ISO639_3 = {"nb": "nob", "nn": "nno", "da": "dan", "sv": "swe", "fi": "fin", "en": "eng"}


@dataclass(frozen=True)
class Partner:
    name: str
    sector: str          # public | private | civil_society | unknown
    role: str | None = None  # owner | host | funder, when the text says so


@dataclass(frozen=True)
class Case:
    name: str | None
    description: str
    partners: list[Partner]
    places: list[str]          # municipalities, as pipeline/places.py names them
    place_codes: list[str]     # their "country:code" (NO:3301, DK:0630), in the same order
    period: str | None
    model: str | None
    target_group: str | None
    outcomes: list[str]
    method: str
    confidence: float


def extract_cases(text: str, *, language: str, title: str | None = None) -> list[Case]:
    """The partnership cases the text describes, in text order."""
    context = _Context(LANGUAGES.get(language, language), title or "")
    drafts: list[_Draft] = []
    for block in _blocks(text or ""):
        drafts += _block_drafts(block, context)
    drafts = _merged(drafts)
    _assign_example_models(drafts, text or "")
    return [draft.case(context.language) for draft in drafts if draft.partners]


def find_models(text: str) -> list[str]:
    """The cooperation models (keys of cooperation_models.yml) a text names, in text order."""
    found = []
    for key, start in sorted(_model_mentions(text or ""), key=lambda pair: pair[1]):
        if key not in found:
            found.append(key)
    return found


# --- reference data --------------------------------------------------------------------------

@cache
def _model_patterns() -> dict[str, list[re.Pattern]]:
    models = yaml.safe_load((DATA / "cooperation_models.yml").read_text(encoding="utf-8"))
    return {key: [_term_pattern(term) for terms in spec["terms"].values() for term in terms]
            for key, spec in models.items()}


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


@cache
def _gazetteer() -> _Gazetteer:
    data = yaml.safe_load((DATA / "organisations.yml").read_text(encoding="utf-8"))
    known = {_fold(name).casefold(): sector for sector, names in data["known"].items() for name in names}
    endings = {sector: [_fold(w).casefold() for w in words if " " not in w]
               for sector, words in data["words"].items()}
    phrases = {sector: [_fold(w).casefold() for w in words if " " in w] for sector, words in data["words"].items()}
    every = frozenset(w for words in endings.values() for w in words)
    return _Gazetteer(known, endings, phrases, frozenset(data["legal_forms"]), every)


@cache
def _municipalities() -> dict[str, str]:
    """Folded municipality name or variant (and its genitives) -> the name as places.csv has it."""
    names: dict[str, str] = {}
    with (DATA / "places.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("kind") != "municipality":
                continue
            for name in [row["name"], *filter(None, (row.get("variants") or "").split("|"))]:
                for form in _name_forms(name):
                    names.setdefault(_fold(form).casefold(), row["name"])
    return names


def _name_forms(name: str) -> list[str]:
    """A place name as it appears before a noun: Linköpings kommun, Tampereen kaupunki,
    Kirkkonummen kunta, Göteborgs Stad; hyphen and space spellings (Høje Taastrup)."""
    forms = {name, name.replace("-", " "), name + "s"}
    forms |= {name + "n", name + "en"}
    if name.endswith("i"):
        forms.add(name[:-1] + "en")
    return sorted(forms)


# --- text normalisation --------------------------------------------------------------------------

_FOLDED = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "ð": "d", "þ": "th",
                         "–": "-", "—": "-", "’": "'"})


def _fold(text: str) -> str:
    """Diacritics off and Nordic letters spelt out, same length class as the original per word."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalised_name(name: str) -> str:
    """A comparison key for case names: folded, lower case, punctuation as spaces."""
    return " ".join(re.findall(r"\w+", _fold(name).casefold()))


# --- blocks --------------------------------------------------------------------------------------

@dataclass
class _Block:
    heading: str | None
    body: str
    numbered: bool = False  # the heading was "1. ...", "Exempel 2: ...", "DØME 3: ..."
    bullet: bool = False    # a bullet item of a list


_BULLET = re.compile(r"^\s*(?:[•\-–*▪◦·]|\d+\))\s+")
_NUMBERING = re.compile(
    r"^(?:\d+[.)]\s*|(?:case|cases|eksempel|eksempler|døme|exempel|esimerkki|example|prosjekt|projekt)"
    r"\s*\d*\s*[:.]\s*)", re.IGNORECASE)
_CAPS_WORD = re.compile(r"^[^\w]*[A-ZÆØÅÄÖÜÉ][A-ZÆØÅÄÖÜÉ0-9&/.:-]*[^\w]*$|^[0-9]+:?$|^&$")


def _blocks(text: str) -> list[_Block]:
    """Slides, report sections, bullet items and paragraphs, each with its heading if it has one."""
    blocks: list[_Block] = []
    pending: str | None = None
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and _is_heading_line(lines[0]):
            pending = lines[0]
            continue
        if len(lines) == 1:
            heading, body = _slide_heading(lines[0])
            blocks.append(_block(heading or pending, body))
        else:
            blocks += _section_blocks(lines, pending)
        pending = None
    return blocks


def _block(heading: str | None, body: str) -> _Block:
    if heading is None:
        return _Block(None, body)
    stripped = _NUMBERING.sub("", heading).strip()
    return _Block(stripped or heading, body, numbered=stripped != heading)


def _is_heading_line(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 10 and not re.search(r"[.!?:;,]$", line) and not _BULLET.match(line)


def _slide_heading(line: str) -> tuple[str | None, str]:
    """A slide's heading: the run of capitalised words it opens with ("LESEVENNER PÅ FJELL"),
    when it has two words or a long one (a lone "HVAD" opens a question, not a name)."""
    words = line.split()
    count = 0
    while count < len(words) and _CAPS_WORD.match(words[count]):
        count += 1
    heading = " ".join(words[:count])
    letters = sum(c.isalpha() for c in heading)
    if count >= 2 and letters >= 6 or letters >= 8:
        return heading.rstrip(":"), " ".join(words[count:])
    return None, line


def _section_blocks(lines: list[str], pending: str | None) -> list[_Block]:
    """A multi-line paragraph: an optional heading line, then text lines and bullet items."""
    heading = pending
    if _is_heading_line(lines[0]):
        heading, lines = lines[0], lines[1:]
    text_lines = [line for line in lines if not _BULLET.match(line)]
    blocks = [_block(heading, "\n".join(text_lines))] if text_lines else []
    blocks += [_Block(None, _BULLET.sub("", line), bullet=True) for line in lines if _BULLET.match(line)]
    return blocks


# --- organisations -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Org:
    name: str
    sector: str
    start: int
    end: int
    evidence: bool  # the sector comes from the gazetteer, a legal form or a word of the name


_UPPER = "A-ZÆØÅÄÖÜÉ"
_NAME_WORD = rf"(?:[{_UPPER}][\w'’]*(?:[-/][\w'’]+)*|[{_UPPER}]/[{_UPPER}])"
_INNER = r"(?:på|i|of|for|för|de|du|von|af|the)"
_PHRASE = re.compile(
    rf"(?<![\w/]){_NAME_WORD}(?:\s+(?:{_NAME_WORD}|\d+(?![\d.,]*\s*(?:%|prosent|procent)))(?![\w]))*"
    rf"(?:\s+{_INNER}\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*)*")
_LOWER_TAIL = re.compile(r"\s+(?:([a-zæøåäöüé][\w-]*)\s+)?([a-zæøåäöüé][\w-]*)")
_CASE_ENDING = re.compile(r"^:\w{1,3}\b")  # Finnish inflection after an abbreviation: Oy:n, ry:n
_PREFIX_PUBLIC = re.compile(r"(?:City|Municipality|County|University)\s+of\s+" + _NAME_WORD)
_GENERIC = {"the", "de", "den", "det", "en", "et", "ei", "eit", "ett", "a", "an"}


def _organisations(text: str) -> list[_Org]:
    """Organisation names in the text, in order, with their sector."""
    found: list[_Org] = []
    for match in _PHRASE.finditer(text):
        start, end = match.span()
        if found and start < found[-1].end:
            continue
        start = _with_lead(text, start)
        end = _with_tail(text, end)
        org = _org(text[start:end], start, end)
        if org:
            found.append(org)
    return _with_place_lists(text, found)


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
        if _sector_of_word(words[-1]) in ("public", "civil_society"):
            return end + tail.end()
        if len(words) == 2 and _sector_of_word(words[0]) in ("public", "civil_society"):
            return end + tail.start(2) - 1
    return end


def _org(raw: str, start: int, end: int) -> _Org | None:
    name = raw.strip(" ,.;:")
    words = name.split()
    if not words or all(_fold(w).casefold() in _GENERIC or _is_sector_only(w) for w in words):
        return None
    if len(words) == 1 and _fold(name).casefold() in _municipalities() and not _known_sector(name):
        return None  # a bare place name is a place
    if len(words) > 6 or any(len(w) == 1 and w.isalpha() for w in words):
        return None  # a run of slide text, or letters a transcript split off ("S amarbeid")
    if _names_municipality(words) and _municipality_part(words) not in _municipalities():
        return None  # "Verts kommunes": a municipality word after something that is no municipality
    sector = _sector(name)
    return _Org(name, sector or "unknown", start, start + len(name), sector is not None)


_MUNICIPALITY_WORDS = {"kommune", "kommunen", "kommunes", "kommun", "kaupunki", "kunta", "herad", "stad",
                       "municipality"}


def _names_municipality(words: list[str]) -> bool:
    return len(words) > 1 and _fold(words[-1]).casefold() in _MUNICIPALITY_WORDS


def _municipality_part(words: list[str]) -> str:
    return _fold(" ".join(words[:-1])).casefold()


def _is_sector_only(word: str) -> bool:
    return _fold(word).casefold().strip(".,") in _gazetteer().sector_words or word in _gazetteer().legal_forms


def _sector(name: str) -> str | None:
    """Known organisation first, then legal form, then a word of the name."""
    known = _known_sector(name)
    if known:
        return known
    words = name.split()
    if any(w.strip(",.") in _gazetteer().legal_forms for w in words):
        return "private"
    if _PREFIX_PUBLIC.search(name):
        return "public"
    folded = _fold(name).casefold()
    for sector in ("public", "civil_society", "private"):
        if any(_sector_of_word(w) == sector for w in words) or any(p in folded for p in _gazetteer().phrases[sector]):
            return sector
    return None


def _known_sector(name: str) -> str | None:
    """The sector of the longest known name the name starts with ("Røde Kors Drammen")."""
    folded = _fold(name).casefold()
    matches = [(len(known), sector) for known, sector in _gazetteer().known.items()
               if folded == known or folded.startswith(known + " ") or folded.endswith(" " + known)]
    return max(matches)[1] if matches else None


_DEFINITE = re.compile(r"(?:ens|ets|en|et|ene|erne|erna|s|n|a)$")


def _sector_of_word(word: str) -> str | None:
    folded = _fold(word).casefold().strip(".,:;()")
    bare = _DEFINITE.sub("", folded)
    for sector in ("public", "civil_society", "private"):
        for ending in _gazetteer().endings[sector]:
            if folded == ending or bare == ending or (len(ending) > 3 and len(folded) >= len(ending) + 3
                                                      and folded.endswith(ending)):
                return sector
    return None


_PLACE_LIST = re.compile(
    rf"((?:{_NAME_WORD}(?:\s+og\s+{_NAME_WORD})?,\s+)*{_NAME_WORD}(?:\s+og\s+{_NAME_WORD})?)"
    r"\s+(?:og|och|and|ja|&)\s+"
    rf"({_NAME_WORD}(?:\s+og\s+{_NAME_WORD})?)\s+"
    r"(kommuner|kommune|kommunerne|kommuner|kommunerna|kommun|kommunes|kaupunkien|kuntien|municipalities)\b")
_SINGULAR = {"kommuner": "kommune", "kommunerne": "Kommune", "kommunerna": "kommun", "kaupunkien": "kaupunki",
             "kuntien": "kunta", "municipalities": "municipality", "kommunes": "kommune"}


def _with_place_lists(text: str, found: list[_Org]) -> list[_Org]:
    """"Horten, Holmestrand og Tønsberg kommuner" names three municipalities: one each,
    when every listed name is a municipality."""
    extra: list[_Org] = []
    for match in _PLACE_LIST.finditer(text):
        names = [n.strip() for n in re.split(r",\s+", match.group(1))] + [match.group(2)]
        if not all(_fold(n).casefold() in _municipalities() for n in names):
            continue
        noun = _SINGULAR.get(match.group(3), match.group(3))
        extra += [_Org(f"{n} {noun}", "public", match.start(), match.end(), True) for n in names]
        found = [org for org in found if not match.start() <= org.start < match.end()]
    return sorted(found + extra, key=lambda org: org.start)


# --- drafts and rules ----------------------------------------------------------------------------

@dataclass
class _Draft:
    name: str | None
    text: str
    partners: list[Partner]
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # labelled period / target / model / results
    extra_text: list[str] = field(default_factory=list)   # slides merged in

    def case(self, language: str) -> Case:
        text = " ".join([self.text, *self.extra_text])
        places = find_places(" ".join([self.text, *(p.name for p in self.partners)]), ISO639_3.get(language))
        places = [place for place in places if place.kind == "municipality"]
        model = _label_model(self.fields.get("model")) or self.fields.get("example_model") or _first_model(self.text) \
            or _first_model(" ".join(self.extra_text))
        return Case(
            name=self.name, description=_description(self.text), partners=self.partners,
            places=[place.name for place in places],
            place_codes=[f"{place.country}:{place.code}" for place in places], period=_period(self.fields.get("period", "")) or self.fields.get("period") or _period(text),
            model=model, target_group=self.fields.get("target"),
            outcomes=[self.fields["results"]] if "results" in self.fields else _outcomes(text),
            method=self.method, confidence=_confidence(self.method, self.partners),
        )


@dataclass
class _Context:
    language: str
    title: str
    last_municipality: str | None = None


_LABEL_WORDS = {
    "partners": r"partnere|partnerne|partnarar|partner|partners|samarbeidspartnere|samarbejdspartnere|"
                r"samarbetspartner|samarbetspartners|parter|parterne|parterna|kumppanit|partnerit|osapuolet|"
                r"deltakere|deltagere|deltagare|ejere|eiere|eigarar|ägare|omistajat|owners",
    "period": r"periode|period|periode|varighet|varighed|kesto|aika|etableret|etablert|etablerad|perustettu|"
              r"duration|opna|started",
    "target": r"målgruppe|målgruppa|målgrupp|kohderyhmä|target group",
    "model": r"modell|model|form|samarbeidsform|samarbejdsform|samverkansform|malli|yhteistyömalli",
    "funding": r"finansiering|finansieret af|finansiert av|rahoitus|funding|financing",
    "results": r"resultat|resultater|resultatet|resultaten|tulokset|tulos|results|outcome|outcomes|effekt|"
               r"effekter|vaikutukset",
}
_OWNER_LABEL = re.compile(r"ejere|eiere|eigarar|ägare|omistajat|owners", re.IGNORECASE)
_LABEL = re.compile(
    "(?<![\\w])(?:" + "|".join(f"(?P<{key}>{words})" for key, words in _LABEL_WORDS.items()) + r")\s*:\s*",
    re.IGNORECASE)


def _block_drafts(block: _Block, context: _Context) -> list[_Draft]:
    """The cases of one block, by the first rule that finds any."""
    for rule in (_labelled_block, _heading_list, _bullet_item, _prose):
        drafts = rule(block, context)
        if drafts:
            _remember_municipality(block.body, context)
            return drafts
    _remember_municipality(block.body, context)
    heading = _case_like_heading(block)
    return [_Draft(heading, block.body, [], "section")] if heading else []


def _labelled_block(block: _Block, context: _Context) -> list[_Draft]:
    labels = list(_LABEL.finditer(block.body))
    partner_labels = [m for m in labels if m.lastgroup == "partners"]
    if not partner_labels:
        return []
    fields: dict[str, str] = {}
    partners: list[Partner] = []
    for i, label in enumerate(labels):
        value_end = labels[i + 1].start() if i + 1 < len(labels) else len(block.body)
        value = block.body[label.end():value_end].strip(" .;\n")
        if label.lastgroup == "partners":
            role = "owner" if _OWNER_LABEL.fullmatch(label.group("partners")) else None
            partners += _partner_list(_first_sentence(value), role)
        else:
            fields.setdefault(label.lastgroup, _first_sentence(value))
    name = block.heading or _name_before(block.body[:partner_labels[0].start()])
    return [_Draft(name, block.body, _unique(partners), "labelled-block", fields)] if partners else []


def _name_before(text: str) -> str | None:
    """"Vestfold IKT Partners: ..." — a short name right before the label, if there is one."""
    words = re.sub(r"\s*\([^()]*\)", "", text).strip(" .:\n").split()
    return " ".join(words) if 0 < len(words) <= 6 and words[0][:1].isupper() else None


_ITEM_COLON = re.compile(r":\s+")
_STOP = re.compile(r"[.?!)\]]$")


def _heading_list(block: _Block, context: _Context) -> list[_Draft]:
    """Items "Name: Partner/Partner og Partner description ..." — at least two in the block."""
    items = []
    for colon in _ITEM_COLON.finditer(block.body):
        start = _item_name_start(block.body, colon.start())
        if start is None:
            continue
        name = block.body[start:colon.start()].strip()
        if _LABEL.match(name + ":") or not _item_name_ok(name):
            continue
        items.append((start, colon.end(), name))
    drafts = []
    for i, (start, value_start, name) in enumerate(items):
        end = items[i + 1][0] if i + 1 < len(items) else len(block.body)
        partners = _partner_list(block.body[value_start:end], None, leading=True)
        if any(p.sector != "unknown" for p in partners):
            drafts.append(_Draft(name, block.body[start:end], partners, "heading-list"))
    return drafts if len(drafts) >= 2 else []


def _item_name_start(text: str, colon: int) -> int | None:
    """Walk back from an item's colon over the name: capitalised words, with at most two
    lower-case words after the first ("Råd til livet"), stopping after a full stop."""
    words = list(re.finditer(r"\S+", text[:colon]))
    start, lower = None, 0
    for word in reversed(words[-7:]):
        token = word.group(0)
        if _STOP.search(token) or token.endswith(":"):
            break
        if token[:1].isupper():
            start = word.start()
        elif token not in ("&", "-", "–"):
            lower += 1
            if lower > 2:
                break
    return start


def _item_name_ok(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 6 and not any(c.isdigit() for c in name) and name[-1] not in "-/"


_LIST_SPLIT = re.compile(r"\s*(?:,|;|/|\bog\b|\bo[gc]h\b|\band\b|\bja\b|\bsekä\b|\bsamt\b)\s*")
_FILLER = re.compile(r"^(?:bl\.\s?a\.|blant andre|blandt andre|bland annat|m\.fl\.|mfl\.|e\.g\.|esim\.|"
                     r"fx\.?|f\.eks\.|t\.ex\.)\s*", re.IGNORECASE)


def _partner_list(value: str, role: str | None, leading: bool = False) -> list[Partner]:
    """Organisations of a list value: "Drammen kommune (Fjell skole), Sparebank 1 Østlandet og
    Røde Kors Drammen". With `leading`, only the names at the start of the value count: the
    list ends at the first piece that does not open with one (the item's description)."""
    listed = [org for org in _with_place_lists(value, []) if org.start == 0 or not leading]
    if listed:
        return [Partner(org.name, org.sector, role) for org in listed]
    partners: list[Partner] = []
    value, inner = _without_parentheses(value)
    for piece in _LIST_SPLIT.split(value):
        piece = _FILLER.sub("", piece.strip())
        orgs = _organisations(piece)
        if not orgs or orgs[0].start > 0:
            if leading:
                break
            continue
        partners += [Partner(org.name, org.sector, role) for org in (orgs[:1] if leading else orgs)]
        if leading and orgs[0].end < len(piece.rstrip(" .")):
            break  # the piece goes on with its description: the list is over
    partners += [Partner(org.name, org.sector, role) for org in inner if org.evidence]
    return _unique(partners)


def _without_parentheses(value: str) -> tuple[str, list[_Org]]:
    """Parenthesised text out of a list (it holds " og " too); organisations in it are kept:
    "Vejle Brandvæsen (Falck)"."""
    inner: list[_Org] = []
    for match in re.finditer(r"\(([^()]*)\)", value):
        inner += _organisations(match.group(1))
    return re.sub(r"\s*\([^()]*\)", "", value), inner


_BULLET_NAME = re.compile(r"^(?P<name>[^.:(]{3,80}?)\s*(?:\((?P<years>[^)]*)\)\s*)?[.:]\s+")


def _bullet_item(block: _Block, context: _Context) -> list[_Draft]:
    """A bullet item that opens with a name: "Housing First Bergen (2012–2016). Partners: ..."."""
    if not block.bullet:
        return []
    match = _BULLET_NAME.match(block.body)
    if not match or not match.group("name")[:1].isupper():
        return []
    rest = block.body[match.end():]
    labelled = _labelled_block(_Block(match.group("name").strip(), rest), context)
    if labelled:
        return [replace(draft, method="bullet", text=block.body) for draft in labelled]
    partners = _prose_partners(rest, context, need_trigger=False)
    if len(partners) < 2:
        return []
    name = match.group("name").strip()
    return [_Draft(name, block.body, partners, "bullet")]


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


# --- merging and cross-slide models ------------------------------------------------------------

def _merged(drafts: list[_Draft]) -> list[_Draft]:
    """A slide that repeats a case under its own heading ("GALLERI HAMLET SCHILLER HOUSE" after
    "Galleri Hamlet: ...") adds its text and partners to that case."""
    merged: list[_Draft] = []
    for draft in drafts:
        target = next((case for case in merged if case.name and draft.name and _same_case(case.name, draft.name)),
                      None)
        if target is None:
            merged.append(draft)
            continue
        target.extra_text.append(draft.text)  # its text, not its partners: a repeat slide lists examples
        for key, value in draft.fields.items():
            target.fields.setdefault(key, value)
    return merged


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


# --- fields ----------------------------------------------------------------------------------------

def _model_mentions(text: str) -> list[tuple[str, int]]:
    folded = _fold(text)
    return [(key, match.start()) for key, patterns in _model_patterns().items()
            for pattern in patterns for match in pattern.finditer(folded)]


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


def _first_sentence(text: str) -> str:
    sentences = _sentences(text)
    return sentences[0] if sentences else ""


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[\"“”–-]?[A-ZÆØÅÄÖÜÉ0-9])|\n+", text)
    return [" ".join(p.split()) for p in parts if p.strip()]


def _municipalities_in(text: str) -> list[str]:
    """Municipalities named in the text, by their places.csv name, in order."""
    names = _municipalities()
    found: list[str] = []
    words = re.findall(r"[\w-]+", _fold(text))
    for i in range(len(words)):
        for size in (3, 2, 1):
            candidate = " ".join(words[i:i + size]).casefold()
            if _could_be_place(words[i]) and candidate in names and names[candidate] not in found:
                found.append(names[candidate])
                break
    return found


def _could_be_place(word: str) -> bool:
    """Capitalised, and neither an acronym ("AS" is no Ås) nor a municipality word ("Stad")."""
    return word[:1].isupper() and not (word.isupper() and len(word) <= 3) \
        and word.casefold() not in _MUNICIPALITY_WORDS


def _confidence(method: str, partners: list[Partner]) -> float:
    """The rule's base, plus a little for each partner whose sector is known, less when none is."""
    known = sum(p.sector != "unknown" for p in partners)
    score = METHOD_CONFIDENCE[method] + 0.05 * min(known, 2) - (0.15 if known == 0 else 0.0)
    return round(max(0.05, min(score, 0.95)), 2)


def _partner_key(name: str) -> str:
    """Bærum kommune, Bærum kommunes and Bærum are one partner."""
    words = normalised_name(name).split()
    if len(words) > 1 and words[-1] in _MUNICIPALITY_WORDS:
        words = words[:-1]
        words[-1] = words[-1].removesuffix("s") if _fold(" ".join(words)).casefold() not in _municipalities() else words[-1]
    return " ".join(words)


def _unique(partners: list[Partner]) -> list[Partner]:
    """One partner per name: the first mention, with the first role any mention gives."""
    by_key: dict[str, Partner] = {}
    for partner in partners:
        key = _partner_key(partner.name)
        if key not in by_key:
            by_key[key] = partner
        elif partner.role and not by_key[key].role:
            by_key[key] = replace(by_key[key], role=partner.role)
    return list(by_key.values())
