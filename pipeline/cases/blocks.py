"""Text segmentation: a document's text as blocks (slides, report sections, bullet items and
paragraphs), each with its heading if it has one.

A case marker ("CASE 2", "Eksempel 1:", "Esimerkki 3", "Exempel 4:") or a sub-section number
("3.1 Göteborg: ...") opens a case section: the paragraphs after it, up to the next heading, are
one block, since a case told under such a heading often runs over several paragraphs
("Background: ... / Partners: ... / Results: ..."). Transcript chrome (docplayer's "Størrelse: px",
"Transkript", related documents) and a slide's page number at both ends are dropped first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class _Block:
    heading: str | None
    body: str
    numbered: bool = False  # the heading was "1. ...", "Exempel 2: ...", "DØME 3: ..."
    bullet: bool = False    # a bullet item of a list
    case_no: str | None = None  # "2" for "CASE 2", "Esimerkki 2": a case the document numbers
    generic: bool = False   # under an introduction / method / discussion heading: no case there
    outer: str | None = None  # the heading right above the heading ("Punkt 4. Aftale om X" / "Resumé")
    slide: bool = False       # a transcript's page (its page number was at both ends)


_BULLET = re.compile(r"^\s*(?:[•\-–*▪◦·]|\d+\))\s+")
_CASE_WORDS = r"case|cases|eksempel|eksempler|døme|exempel|esimerkki|example|fall|fallet|tapaus|prosjekt|projekt"
_NUMBERING = re.compile(
    rf"^(?:\d+(?:\.\d+)*[.)]?\s+(?=\S)|\d+[.)]\s*|(?:{_CASE_WORDS})\s*\d*\s*[:.]\s*)", re.IGNORECASE)
# "CASE 1", "Esimerkki 2", "Exempel 3:", "Case A:" opening a heading or a slide
_CASE_MARKER = re.compile(rf"^(?:{_CASE_WORDS})\s+(\d{{1,2}}|(?-i:[A-H]))\b\s*[:.–-]?\s*", re.IGNORECASE)
_SUBSECTION = re.compile(r"^\d+\.\d+(?:\.\d+)*\.?\s+")
_CAPS_WORD = re.compile(r"^[^\w]*[A-ZÆØÅÄÖÜÉ][A-ZÆØÅÄÖÜÉ0-9&/.:-]*[^\w]*$|^[0-9]+:?$|^&$")
# Headings of a report's own parts, not of a case: what is said under them is about the study.
# (Not a summary or abstract: a repository record's abstract is where its case is told.)
_GENERIC_HEADING = re.compile(
    r"^(?:innledning|inledning|indledning|introduction|johdanto|metode?|method|methods|menetelmät?|"
    r"aineisto ja menetelmät|slutsatser|konklusjon|konklusion|konklusioner|conclusions?|drøfting|diskussion|"
    r"discussion|pohdinta|forord|förord|comparison|sammenligning|samanlikning|jämförelse|vertailu|"
    r"preface|esipuhe|anbefalinger|rekommendationer|recommendations|suositukset|havainnot ja suositukset|"
    r"lärdomar|lessons learned|tværgående erfaringer|references|referanser|litteratur|lähteet|innehåll|"
    r"indhold|innhold|contents|sisällys)\b", re.IGNORECASE)
# docplayer and similar transcripts: lines of the page around the text
_CHROME = re.compile(
    r"^(?:(?:størrelse|storlek|koko|size):\s*px|(?:starte visningen fra side|begynne med side|börja visa från sida|"
    r"aloita esitys sivulta|start display at page):?|download\s+\".*\"|transkript|transkriptio|transcription|"
    r"transcript)$", re.IGNORECASE)
_RELATED = re.compile(r"^(?:relaterede dokumenter|relaterte dokumenter|relaterade dokument|liknande dokument|"
                      r"lignende dokumenter|liknende dokumenter|samankaltaiset tiedostot|vastaavat tiedostot|"
                      r"related documents|similar documents)$", re.IGNORECASE)


def _blocks(text: str) -> list[_Block]:
    """Slides, report sections, bullet items and paragraphs, each with its heading if it has one."""
    blocks: list[_Block] = []
    pending: str | None = None
    outer: str | None = None
    section: _Block | None = None   # an open case section, taking the paragraphs that follow
    generic = False
    for lines in _paragraphs(text):
        slide = lines[0].startswith("\x00")
        if slide:
            lines = [lines[0][1:]]
        if len(lines) == 1 and (_is_heading_line(lines[0]) and not slide or _bare_marker(lines[0])) \
                or len(lines) == 2 and _bare_marker(lines[0]) and _is_heading_line(lines[1]):
            # "CASE 1" then "Full-time positions in home care, Fredrikstad": one heading
            line = " ".join(lines)
            outer = pending if pending and not _bare_marker(pending) else outer
            pending = f"{pending} {line}" if pending and _bare_marker(pending) else line
            generic = bool(_GENERIC_HEADING.match(_NUMBERING.sub("", pending).strip()))
            section = None
            continue
        if section is not None and pending is None and not _CASE_MARKER.match(lines[0]):
            section.body += "\n\n" + "\n".join(line for line in lines)
            continue
        if len(lines) == 1 and not _BULLET.match(lines[0]):  # a list of one item is still a list
            heading, body = _slide_heading(lines[0])
            new = [_block(heading or pending, body)]
        else:
            new = _section_blocks(lines, pending)
        for block in new:
            block.generic = generic and not block.case_no
            block.slide = slide
            block.outer = outer if pending else None
        blocks += new
        outer = None
        opened = new[0] if new and not new[0].bullet else None
        section = opened if opened and _opens_section(opened, pending) else None
        pending = None
    return blocks


def _paragraphs(text: str) -> list[list[str]]:
    """Non-empty lines per paragraph, without transcript chrome; a slide's page number at both
    ends ("4 CASE 1 ... 4") off, and nothing after a related-documents list's heading."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip() and not _CHROME.match(line.strip())]
        if lines and _RELATED.match(lines[0]):
            break
        if len(lines) == 1:
            page = re.fullmatch(r"(\d{1,3})\s+(.+?)\s+(\d{1,3})", lines[0])
            if page and page.group(1) == page.group(3):
                lines = ["\x00" + page.group(2)]  # marked: a slide is no heading, however short
        if lines:
            paragraphs.append(lines)
    return paragraphs


def _bare_marker(line: str) -> bool:
    match = _CASE_MARKER.match(line)
    return bool(match) and not line[match.end():].strip()


def _opens_section(block: _Block, pending: str | None) -> bool:
    return bool(pending) and (bool(block.case_no) or bool(_SUBSECTION.match(pending or "")))


def _block(heading: str | None, body: str) -> _Block:
    if heading is None:
        marker = _CASE_MARKER.match(body)
        if marker:  # a slide that opens with its case marker: "CASE 1 Job ved Kajen Aalborg Hvad: ..."
            heading, rest = _slide_heading(body[marker.end():])  # "DØME 2: AKTIV HEILE LIVET ..."
            return _Block(heading, rest, numbered=True, case_no=marker.group(1).upper())
        return _Block(None, body)
    marker = _CASE_MARKER.match(heading)
    stripped = _NUMBERING.sub("", heading).strip()
    if marker:
        stripped = heading[marker.end():].strip()
    return _Block(stripped or heading, body, numbered=stripped != heading,
                  case_no=marker.group(1).upper() if marker else None)


def _is_heading_line(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 10 and not re.search(r"[.!?:;,]$", line) and not _BULLET.match(line)


def _slide_heading(line: str) -> tuple[str | None, str]:
    """A slide's heading: the run of capitalised words it opens with ("LESEVENNER PÅ FJELL"),
    when it has two words or a long one (a lone "HVAD" opens a question, not a name)."""
    if _CASE_MARKER.match(line):
        return None, line  # the case marker and its name are the block's (see _block)
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
    if _is_heading_line(lines[0]) or _bare_marker(lines[0]):
        heading, lines = lines[0], lines[1:]
    text_lines = [line for line in lines if not _BULLET.match(line)]
    blocks = [_block(heading, "\n".join(text_lines))] if text_lines else []
    blocks += [_Block(None, _BULLET.sub("", line), bullet=True) for line in lines if _BULLET.match(line)]
    return blocks
