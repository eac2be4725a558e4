"""Where in the document a case is told: its passage (the first words of its description, as the
document writes them) and the page they are on, so that a reader can check the case against
its source.

Pages come from the text's layout: a slide that carries its number at both ends ("4 CASE 1 ...
4"), else one line a page in a PDF's text (crawlers/fulltext.py, pages="lines") and one paragraph
a page in a transcript's (crawlers/parsers/html/docplayer.py, pages="paragraphs"; it leaves out
a page without text, so a deck with blank pages counts the pages after one short).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

PASSAGE_WORDS = 12
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SLIDE = re.compile(r"(?m)^[ \t]*(\d{1,3})[ \t]+\S.*?[ \t]\1[ \t]*$")


@dataclass(frozen=True)
class Pointer:
    passage: str
    offset: int | None   # of the passage in the document's text; None when it was not found verbatim
    page: int | None


def locate(document: str, case_text: str, *, pages: str | None = None, after: int = 0) -> Pointer:
    """The pointer of a case whose text (as a rule cut it out) is case_text. Searching from
    `after` (the previous case's offset) keeps two cases that open alike in text order."""
    words = case_text.split()[:PASSAGE_WORDS]
    if not words:
        return Pointer("", None, None)
    match = _find(document, words, after) or _find(document, words, 0)
    if match is None:
        return Pointer(" ".join(words), None, None)
    return Pointer(" ".join(match.group().split()), match.start(), _page(document, match.start(), pages))


def _find(document: str, words: list[str], start: int) -> re.Match | None:
    """The words in the document as it writes them: any whitespace (line breaks, tabs) or a table's
    cell boundary ("|") between them."""
    pattern = r"[\s|]+".join(re.escape(word) for word in words)
    return re.compile(pattern).search(document, start)


def _page(document: str, offset: int, pages: str | None) -> int | None:
    slides = [int(m.group(1)) for m in _SLIDE.finditer(document) if m.start() <= offset]
    if slides:
        return slides[-1]
    if pages == "lines":
        return document.count("\n", 0, offset) + 1
    if pages == "paragraphs":
        return len(_PARAGRAPH_BREAK.findall(document, 0, offset)) + 1
    return None


def passage_url(url: str | None, passage: str, page: int | None, *, pdf: bool) -> str | None:
    """A link to the passage at its source: a PDF opened at its page ("#page=4", which PDF viewers
    follow), a web page scrolled to the passage's first words (a text fragment, "#:~:text=", which
    browsers highlight; words up to a table's first cell boundary, since a fragment does not span
    cells)."""
    if not url:
        return None
    base = url.split("#", 1)[0]
    if pdf:
        return f"{base}#page={page}" if page else base
    words = passage.split("|", 1)[0].split()[:8]
    if not words:
        return base
    # the directive's own delimiters (&, ",", "-") must be escaped inside its text
    return base + "#:~:text=" + quote(" ".join(words), safe="").replace("-", "%2D")
