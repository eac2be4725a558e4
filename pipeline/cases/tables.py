"""Tables of cases, as text extraction leaves them: cells between "|" or tabs, columns of a
fixed-width table (two or more spaces apart, a long row wrapped onto the next line), or one cell
per line with a blank line between rows. A table lists cases when its header has a partners
column ("Partnere", "Parter", "Kumppanit", "Partners"); a statistics table (counts per region)
has none and is left alone.

Each row is a case: its name from the name column (or the first), its partners from the
partners column (a row with fewer than two is a single organisation's own project), period and
model from theirs, and a "Kommunens rolle" column's value as the municipality's role.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.cases.drafts import _Draft
from pipeline.cases.model import Partner
from pipeline.cases.municipalities import _municipalities_in
from pipeline.cases.names import _clean_heading
from pipeline.cases.partners import _partner_key, _partner_list
from pipeline.cases.screening import _not_a_case
from pipeline.cases.text import _fold


_COLUMNS = {
    "partners": r"partnere|partnerne|partnarar|partnar|parter|parterne|parterna|partners?|kumppanit|partnerit|"
                r"osapuolet|samarbeidspartnere|samarbejdspartnere|samverkanspartners?|deltakere|deltagere|"
                r"deltagare|aktorer|toimijat|organisations?|organisationer|organisasjoner",
    "role": r"(?:kommunens|kunnan|the municipality's|municipality's|kommunes)?\s*(?:rolle|roll|rooli|role)",
    "municipality": r"kommune|kommun|kunta|kaupunki|municipality|vertskommune|vaertskommune|vardkommun|"
                    r"vertskommune|lead municipality|"
                    r"isantakunta|host municipality|sted|ort|paikkakunta|city|town",
    "period": r"periode|period|aika|kesto|ar|vuosi|vuodet|years?|tidsrom|varighet|varighed|tidsperiod",
    "model": r"type samarbeid|type samarbejde|samarbeidsform|samarbejdsform|samverkansform|samarbetsform|form|"
             r"type|typ|model|modell|malli|yhteistyomuoto|toimintamalli|kind|tyyppi|samarbeidstype|cooperation",
    "name": r"prosjekt|projekt|prosjektnavn|projektnavn|projektnamn|project|hanke|hankkeen nimi|navn|namn|nimi|"
            r"name|case|tiltak|tiltag|initiativ|initiative|tilbud|satsning|partnerskab|partnerskap|partnership",
}
_ROLE_VALUES = {"owner": r"ejer|eier|eigar|ager|omistaja|owner|leder|lead|projektejer|prosjekteier",
                "host": r"vaert|vert|vertskap|vard|isanta|host|vertskommune|vaertskommune",
                "funder": r"finansierer|medfinansierer|medfinansiering|finansiar|rahoittaja|funder|co-funder|"
                          r"betaler|sponsor"}


def _tables(text: str) -> tuple[list[_Draft], str]:
    """The cases of the text's case tables, and the text without those tables."""
    drafts: list[_Draft] = []
    paragraphs = re.split(r"(\n\s*\n)", text)
    kept: list[str] = []
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        lines = [line for line in paragraph.splitlines() if line.strip()]
        columns = _header(lines[0]) if lines else None
        if columns and len(lines) > 1:          # header and rows in one paragraph (| or tabs)
            drafts += _row_drafts(columns, lines[1:], lines[0])
            i += 1
            continue
        cells = [line.strip() for line in lines]
        header = _kinds(cells) if 2 <= len(cells) <= 8 and all(len(c.split()) <= 4 for c in cells) else None
        if header:                               # one cell per line: the rows are the next paragraphs
            j = i + 2
            while j < len(paragraphs) and len([l for l in paragraphs[j].splitlines() if l.strip()]) == len(cells):
                draft = _draft(header, [l.strip() for l in paragraphs[j].splitlines() if l.strip()])
                drafts += [draft] if draft else []
                j += 2
            if j > i + 2:
                i = j
                continue
        kept.append(paragraph)
        i += 1
    return drafts, "".join(kept)


def _split(line: str) -> list[str]:
    if "|" in line:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    if "\t" in line:
        return [c.strip() for c in line.strip().split("\t")]
    return [c.strip() for c in re.split(r"\s{2,}", line.strip())]


def _header(line: str) -> list[str | None] | None:
    cells = _split(line)
    return _kinds(cells) if len(cells) >= 2 else None


def _kinds(cells: list[str]) -> list[str | None] | None:
    """Each header cell's kind (None for a column no rule reads); a case table needs partners."""
    kinds = []
    for cell in cells:
        folded = _fold(cell).casefold().strip(" :")
        # a header opens with its kind: "Parter i samverkan", "Typ av samverkan", "Kommunens rolle"
        kinds.append(next((kind for kind, words in _COLUMNS.items() if re.match(rf"(?:{words})\b", folded)), None))
    if "partners" not in kinds or sum(k is not None for k in kinds) < 2:
        return None
    if "name" not in kinds and kinds[0] is None:
        kinds[0] = "name"
    return kinds


def _row_drafts(columns: list[str | None], lines: list[str], header: str) -> list[_Draft]:
    """Rows of a | / tab / fixed-width table; a line with fewer cells continues the row above."""
    rows: list[list[str]] = []
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=\s{2}))\S", header)]
    for line in lines:
        cells = _split(line)
        if len(cells) == len(columns) or not rows:
            rows.append(cells + [""] * (len(columns) - len(cells)))
            continue
        for cell in re.finditer(r"\S+(?:\s\S+)*", line):  # a wrapped row: cells by their position
            column = max((k for k, start in enumerate(starts) if start <= cell.start() + 1), default=0)
            if column < len(rows[-1]):
                rows[-1][column] = f"{rows[-1][column]} {cell.group(0)}".strip()
    return [draft for draft in (_draft(columns, row) for row in rows) if draft]


def _draft(columns: list[str | None], cells: list[str]) -> _Draft | None:
    values = dict(zip(columns, cells))
    partners = _partner_list(values.get("partners", ""), None)
    if len({_partner_key(p.name) for p in partners}) < 2 or any(_not_a_case(cell) for cell in cells):
        return None  # one organisation's own project
    role = next((r for r, words in _ROLE_VALUES.items()
                 if re.fullmatch(rf"(?:{words})", _fold(values.get("role", "")).casefold().strip())), None)
    if role:
        partners = _with_municipality_role(partners, values.get("municipality", ""), role)
    fields = {key: values[key] for key in ("period", "model") if values.get(key)}
    text = " ".join(cell for cell in cells if cell)
    return _Draft(_clean_heading(values.get("name")), text, partners, "table", fields)


def _with_municipality_role(partners: list[Partner], place: str, role: str) -> list[Partner]:
    """"Kommunens rolle: ejer": the role of the row's municipality (else its first public partner)."""
    places = {_partner_key(name) for name in _municipalities_in(place)}
    target = next((p for p in partners if _partner_key(p.name) in places), None) \
        or next((p for p in partners if p.sector == "public"), None)
    return [replace(p, role=p.role or role) if p is target else p for p in partners]
