"""The rules for laid-out cases: labelled-block ("Partnere: ..."), heading-list ("Name: A/B og C"
items) and bullet ("Name (2012–2016). Partners: ...")."""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.cases.blocks import _Block
from pipeline.cases.drafts import _Context, _Draft
from pipeline.cases.model import Partner
from pipeline.cases.names import _clean_heading, _descriptive, _name_in_sentence, _name_in_text, _slide_name
from pipeline.cases.partners import _partner_key, _partner_list, _unique
from pipeline.cases.prose import _prose_partners
from pipeline.cases.screening import _not_a_case
from pipeline.cases.text import _first_sentence


_LABEL_WORDS = {
    "partners": r"partnere|partnerne|partnarar|partner|partners|samarbeidspartnere|samarbejdspartnere|"
                r"samarbetspartner|samarbetspartners|parter|parterne|parterna|kumppanit|partnerit|osapuolet|"
                r"deltakere|deltagere|deltagare|ejere|eiere|eigarar|ägare|omistajat|owners|hvem|vem|who|ketkä|"
                r"keitä|toimijat|aktører|aktörer|parties",
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


def _labelled_block(block: _Block, context: _Context) -> list[_Draft]:
    labels = list(_LABEL.finditer(block.body))
    partner_labels = [m for m in labels if m.lastgroup == "partners"]
    if not partner_labels or _not_a_case(block.body):
        return []
    fields: dict[str, str] = {}
    partners: list[Partner] = []
    for i, label in enumerate(labels):
        value_end = labels[i + 1].start() if i + 1 < len(labels) else len(block.body)
        value = block.body[label.end():value_end].strip(" .;\n")
        if label.lastgroup == "partners":
            role = "owner" if _OWNER_LABEL.fullmatch(label.group("partners")) else None
            partners += _partner_list(_first_sentence(value), role)
        elif label.lastgroup == "funding" and partners:
            # "Funding: European Regional Development Fund co-financed the pilot": a funder
            partners += [replace(p, role="funder") for p in _partner_list(_first_sentence(value), None)
                         if p.sector != "unknown"]
        else:
            fields.setdefault(label.lastgroup, _first_sentence(value))
    if not partners:
        return []
    name = _labelled_name(block, partner_labels[0].start())
    return [_Draft(name, block.body, _with_roles(_unique(partners), block.body, context), "labelled-block", fields)]


def _labelled_name(block: _Block, first_label: int) -> str | None:
    """The heading's name, the slide's ("CASE 1 Job ved Kajen Aalborg Hvem: ..."), or a short name
    before the label; a descriptive heading gives way to a name in the text."""
    if block.heading:
        name = _clean_heading(block.heading)
    elif block.case_no:
        name = _slide_name(block.body)[0]
    else:
        name = _name_before(block.body[:first_label])
    name = _name_in_sentence(name) or name if name else None  # "Samarbeidsavtale om X"
    text_name = _name_in_text(block.body)
    return text_name if name and text_name and _descriptive(name) else name or text_name


def _with_roles(partners: list[Partner], text: str, context: _Context) -> list[Partner]:
    """Roles the block's sentences state for listed partners ("The municipality owns the project")."""
    roles = {_partner_key(p.name): p.role for p in _prose_partners(text, context, need_trigger=False) if p.role}
    return [p if p.role else replace(p, role=roles.get(_partner_key(p.name))) for p in partners]


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


_BULLET_NAME = re.compile(r"^(?P<name>[^.:(–]{3,80}?)\s*(?:\((?P<years>[^)]*)\)\s*)?(?:[.:]|\s[–-])\s+")


def _bullet_item(block: _Block, context: _Context) -> list[_Draft]:
    """A bullet item that opens with a name: "Housing First Bergen (2012–2016). Partners: ...",
    "»Name« – what it is and who does it"."""
    if not block.bullet:
        return []
    match = _BULLET_NAME.match(block.body)
    if not match or not match.group("name").strip("«»\"“”„ ")[:1].isupper():
        return []
    rest = block.body[match.end():]
    labelled = _labelled_block(_Block(match.group("name").strip(), rest), context)
    if labelled:
        return [replace(draft, method="bullet", text=block.body) for draft in labelled]
    partners = _prose_partners(rest, context, need_trigger=False)
    if len(partners) < 2:
        return []
    name = match.group("name").strip("«»\"“”„ ")
    return [_Draft(name, block.body, partners, "bullet")]
