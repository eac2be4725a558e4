"""Text segmentation: a document's text as blocks (slides, report sections, bullet items and
paragraphs), each with its heading if it has one."""
from __future__ import annotations

import re
from dataclasses import dataclass


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
