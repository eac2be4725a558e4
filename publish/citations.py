"""A work as a citation: its CSL-JSON item, and that item formatted in a citation style by
citeproc-py with the CSL styles shipped in publish/csl/styles (CC BY-SA 3.0, see
publish/static/NOTICE.md; citeproc-py brings the CSL locales, nb-NO, nn-NO, da-DK, sv-SE, fi-FI
and en-US among them).

`record(row)` reads a result row (a `documents` row, or any query's row with its columns) into a
bibliographic record: JSON lists as lists, text on one line. `csl_item(record)` is the one mapping
of a record to CSL-JSON; the CSL-JSON export (publish/plugins/exports.py), the formatted
citations of the document page and the `.citation?style=` export all use it.

citeproc-py's HTML formatter does not escape the item's text (a title "<b" stays markup), so
every value is escaped before formatting, and the result is checked to hold no markup but the
formatter's own (`_only_formatting`).
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

STYLE_DIR = Path(__file__).with_name("csl") / "styles"


@dataclass(frozen=True)
class Style:
    key: str              # the value of ?style=
    file: str             # in publish/csl/styles
    label: str
    locale: str | None    # the style's own language; None: the reader's interface language


# Where the CSL repository has a Norwegian or Danish edition of a style, it is offered too (no
# Swedish or Finnish general-purpose one was found there).
STYLES = {style.key: style for style in (
    Style("apa", "apa.csl", "APA 7", None),
    Style("chicago", "chicago-author-date.csl", "Chicago (author-date)", None),
    Style("harvard", "harvard-cite-them-right.csl", "Harvard (Cite Them Right)", None),
    Style("vancouver", "nlm-citation-sequence.csl", "Vancouver (NLM)", None),
    Style("norsk-apa", "norsk-apa-manual.csl", "Norsk APA", "nb-NO"),
    Style("dansk-apa", "ucl-university-college-apa.csl", "Dansk APA (UCL)", "da-DK"),
)}
DEFAULT_STYLE = "apa"
INTERFACE_LOCALES = {"no": "nb-NO", "en": "en-US"}  # publish/pages/language.py LANGUAGES
NOT_CITED = {"license"}  # CSL 1.0.2 variables citeproc-py does not know (it warns); no style prints them


class UnknownStyle(ValueError):
    pass


# --- a row as a bibliographic record -------------------------------------------------------------

LIST_COLUMNS = ("authors", "issn", "isbn", "subjects")
WHITESPACE = re.compile(r"\s+")
# COAR type (the catalogue's doc_type) -> BibTeX entry, RIS TY, CSL type
TYPES = {
    "journal article": ("article", "JOUR", "article-journal"),
    "newspaper article": ("article", "NEWS", "article-newspaper"),
    "research report": ("techreport", "RPRT", "report"),
    "report": ("techreport", "RPRT", "report"),
    "working paper": ("techreport", "RPRT", "report"),
    "policy report": ("techreport", "RPRT", "report"),
    "master thesis": ("mastersthesis", "THES", "thesis"),
    "bachelor thesis": ("mastersthesis", "THES", "thesis"),
    "doctoral thesis": ("phdthesis", "THES", "thesis"),
    "book": ("book", "BOOK", "book"),
    "book part": ("incollection", "CHAP", "chapter"),
    "conference paper": ("inproceedings", "CPAPER", "paper-conference"),
    "lecture": ("misc", "SLIDE", "speech"),
    "website": ("misc", "ELEC", "webpage"),
}
OTHER_TYPE = ("misc", "GEN", "document")


def record(row: dict) -> dict:
    """The row's columns by name, lists as lists, text on one line (RIS is line-based)."""
    out = {}
    for column, value in row.items():
        if value is None or value == "":
            continue
        if column in LIST_COLUMNS:
            out[column] = [one_line(v) for v in as_list(value) if one_line(v)]
        else:
            out[column] = one_line(value)
    return out


def as_list(value) -> list:
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return parsed if isinstance(parsed, list) else [parsed]
    return [value]


def one_line(value) -> str:
    return WHITESPACE.sub(" ", str(value)).strip()


def types(rec: dict) -> tuple[str, str, str]:
    return TYPES.get(rec.get("doc_type", "").lower(), OTHER_TYPE)


def year(rec: dict) -> str | None:
    for column in ("year", "date_issued"):
        if re.match(r"\d{4}", rec.get(column, "")):
            return rec[column][:4]
    return None


def date_parts(rec: dict) -> list[int] | None:
    """[2005, 3, 14] from date_issued (as precise as it is), else [year]."""
    found = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", rec.get("date_issued", ""))
    if found:
        return [int(part) for part in found.groups() if part]
    return [int(year(rec))] if year(rec) else None


# --- CSL-JSON -------------------------------------------------------------------------------------

def csl_name(name: str) -> dict:
    family, comma, given = name.partition(",")
    if comma and family.strip() and given.strip():
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": name}


def csl_item(rec: dict, number: int = 1) -> dict:
    """The record as a CSL-JSON item: a report's series is its collection, a journal article's
    its container; a thesis says which kind (genre); the licence where the source states one."""
    _, _, csl_type = types(rec)
    item = {"id": rec.get("id") or f"nordcat{number}", "type": csl_type, "title": rec.get("title")}
    in_journal = csl_type == "article-journal"
    optional = {
        "author": [csl_name(a) for a in rec.get("authors", [])] or None,
        "issued": {"date-parts": [date_parts(rec)]} if date_parts(rec) else None,
        "publisher": rec.get("publisher"),
        "collection-title": rec.get("series"),
        "collection-number": rec.get("series_number"),
        "container-title": rec.get("series") if in_journal else None,
        "genre": rec.get("doc_type") if csl_type == "thesis" else None,
        "ISSN": ", ".join(rec.get("issn", [])) or None,
        "ISBN": ", ".join(rec.get("isbn", [])) or None,
        "DOI": rec.get("doi"),
        "URL": rec.get("url") or (f"https://hdl.handle.net/{rec['handle']}" if rec.get("handle") else None),
        "abstract": rec.get("abstract"),
        "keyword": ", ".join(rec.get("subjects", [])) or None,
        "language": rec.get("language"),
        "license": rec.get("licence"),
    }
    item.update({name: value for name, value in optional.items() if value})
    return item


# --- formatted citations --------------------------------------------------------------------------

def style_of(key: str | None) -> Style:
    """The style ?style= names (None or empty: the default); UnknownStyle for any other word."""
    if not key:
        return STYLES[DEFAULT_STYLE]
    if key not in STYLES:
        raise UnknownStyle(f"no citation style {key!r}: choose one of {', '.join(STYLES)}")
    return STYLES[key]


def formatted(items: list[dict], style: Style, interface_language: str = "en", *, as_html: bool = True) -> list[str]:
    """Each item's bibliography entry in the style, in the items' order: HTML (escaped text,
    <i> and the like from the style) or plain text. One bibliography per item: a style sorts its
    bibliography and numbers it, a list of works keeps its own order."""
    parsed = _style(style.file, style.locale or INTERFACE_LOCALES.get(interface_language, "en-US"))
    cited = [{name: value for name, value in item.items() if name not in NOT_CITED} for item in items]
    return [_formatted(_escaped(item) if as_html else item, parsed, formatter.html if as_html else formatter.plain)
            for item in cited]


def _formatted(item: dict, style: CitationStylesStyle, output) -> str:
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), output)
    bibliography.register(Citation([CitationItem(item["id"])]))
    [entry] = bibliography.bibliography()
    text = SEQUENCE_NUMBER.sub("", str(entry)).strip()
    return _only_formatting(text) if output is formatter.html else text


@lru_cache(maxsize=None)
def _style(file: str, locale: str) -> CitationStylesStyle:
    """A parsed style: parsing one takes longer than formatting a citation in it."""
    return CitationStylesStyle(str(STYLE_DIR / file), locale=locale, validate=False)


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, list):
        return [_escaped(part) for part in value]
    if isinstance(value, dict):
        return {key: part if key == "id" else _escaped(part) for key, part in value.items()}
    return value


SEQUENCE_NUMBER = re.compile(r"^\[?\d+[.\]]\s*")  # a numbered style's "1." before a lone entry
FORMATTING_TAG = re.compile(r'</?(?:i|b|sup|sub|span(?: style="font-variant:small-caps;")?)>')


def _only_formatting(entry: str) -> str:
    """The entry when its only markup is the formatter's; else its text, escaped again."""
    if "<" in FORMATTING_TAG.sub("", entry):
        return html.escape(re.sub(r"<[^>]*>", "", html.unescape(entry)))
    return entry
