"""Datasette plugin (publish/plugins): BibTeX, RIS and CSL-JSON for any result over documents.

Output renderers, so a work's page (/catalogue/documents/ID.bib), a filtered table
(/catalogue/documents.ris?_q=samarbeid&language=nob) and a canned or custom query
(/catalogue/search.csljson?q=kommune) all export the rows they show (a table page's rows: add
_size=max for up to 1,000). Columns are taken by name: a result needs a `title` column; id,
authors, year, date_issued, doc_type, publisher, series, series_number, issn, isbn, doi, handle,
url, fulltext_url, abstract, subjects and language are used where present, and at least one of
authors, year, date_issued, doc_type, doi, handle, isbn must be (sources have titles too: a
result of other things is refused with 400). JSON lists (authors, issn, isbn, subjects) are read
as lists, any other value as one item.

CSL-JSON's extension is `csljson`: Datasette's routes take one word after the dot. `.citation` gives
each work formatted in a citation style, one per line, plain text: ?style= (on a table, ?_style=) one of
publish.citations.STYLES (apa, chicago, harvard, vancouver, norsk-apa, dansk-apa; default apa; any
other word: 400), in the interface language (?lang=, as the pages). The CSL-JSON mapping and the
styles are publish/citations.py's.
"""
from __future__ import annotations

import json
import re

from datasette import hookimpl
from datasette.utils.asgi import Response

from publish.citations import UnknownStyle, csl_item, date_parts, formatted, record, style_of, types, year
from publish.pages.language import language_of

REQUIRED_COLUMN = "title"
# ... and one of these, so a table of sources (which have titles too) is not taken for works
BIBLIOGRAPHIC_COLUMNS = {"authors", "year", "date_issued", "doc_type", "doi", "handle", "isbn"}
NOSNIFF = {"x-content-type-options": "nosniff"}
REPORT_ENTRIES = {"techreport", "mastersthesis", "phdthesis"}  # BibTeX names their publisher `institution`
BIBTEX_SPECIALS = re.compile(r"([\\{}%$#&_~^])")
BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def key(rec: dict, number: int) -> str:
    return re.sub(r"[^A-Za-z0-9_:-]", "", rec.get("id", "")) or f"nordcat{number}"


# --- BibTeX --------------------------------------------------------------------------------------

def bibtex_value(text: str) -> str:
    return BIBTEX_SPECIALS.sub(lambda m: BIBTEX_REPLACEMENTS.get(m.group(1), "\\" + m.group(1)), text)


def bibtex_entry(rec: dict, number: int) -> str:
    entry, _, _ = types(rec)
    publisher_field = "institution" if entry in REPORT_ENTRIES else "publisher"
    if entry == "article" and "series" in rec:
        series_field = "journal"
    else:
        series_field = "series"
    fields = [
        ("title", rec.get("title")),
        ("author", " and ".join(rec.get("authors", [])) or None),
        ("year", year(rec)),
        ("date", rec.get("date_issued")),
        (publisher_field, rec.get("publisher")),
        (series_field, rec.get("series")),
        ("number", rec.get("series_number")),
        ("issn", ", ".join(rec.get("issn", [])) or None),
        ("isbn", ", ".join(rec.get("isbn", [])) or None),
        ("doi", rec.get("doi")),
        ("url", rec.get("url")),
        ("abstract", rec.get("abstract")),
        ("keywords", ", ".join(rec.get("subjects", [])) or None),
        ("langid", rec.get("language")),
    ]
    body = ",\n".join(f"  {name} = {{{bibtex_value(value)}}}" for name, value in fields if value)
    return f"@{entry}{{{key(rec, number)},\n{body}\n}}\n"


def to_bibtex(records: list[dict]) -> str:
    return "\n".join(bibtex_entry(rec, number) for number, rec in enumerate(records, 1))


# --- RIS ------------------------------------------------------------------------------------------

def ris_entry(rec: dict) -> str:
    _, ty, _ = types(rec)
    lines = [("TY", ty), ("ID", rec.get("id")), ("TI", rec.get("title"))]
    lines += [("AU", author) for author in rec.get("authors", [])]
    lines += [("PY", year(rec)), ("DA", "/".join(f"{p:02d}" for p in date_parts(rec) or []) or None),
              ("PB", rec.get("publisher")), ("T2" if ty == "JOUR" else "T3", rec.get("series")),
              ("IS" if ty == "JOUR" else "VL", rec.get("series_number"))]
    lines += [("SN", value) for value in [*rec.get("issn", []), *rec.get("isbn", [])]]
    lines += [("DO", rec.get("doi")), ("UR", rec.get("url")), ("L1", rec.get("fulltext_url")),
              ("AB", rec.get("abstract"))]
    lines += [("KW", subject) for subject in rec.get("subjects", [])]
    lines += [("LA", rec.get("language")), ("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value is not None and (value or tag == "ER"))


def to_ris(records: list[dict]) -> str:
    return "".join(ris_entry(rec) for rec in records)


# --- CSL-JSON -------------------------------------------------------------------------------------

def to_csl_json(records: list[dict]) -> str:
    return json.dumps([csl_item(rec, n) for n, rec in enumerate(records, 1)], ensure_ascii=False, indent=2)


# --- a citation style (publish/citations.py) -------------------------------------------------------

def to_citations(records: list[dict], style_key: str | None, interface_language: str) -> str:
    """One line per work, in the style ?style= names (default APA), plain text."""
    items = [csl_item(rec, number) for number, rec in enumerate(records, 1)]
    return "".join(entry + "\n" for entry in formatted(items, style_of(style_key), interface_language, as_html=False))


def render_citations(columns, rows, request):
    if not is_list_of_works(columns):
        return Response.text("No .citation export: these rows are not works (no title and year, authors, type or "
                             "identifier columns)", status=400, headers=NOSNIFF)
    try:
        # a table page reads ?style= as a filter on a column "style": there it is ?_style=
        text = to_citations([record(dict(zip(columns, row))) for row in rows],
                            request.args.get("_style") or request.args.get("style"), language_of(request))
    except UnknownStyle as error:
        return Response.text(str(error), status=400, headers=NOSNIFF)
    return Response(text, content_type="text/plain; charset=utf-8", headers=NOSNIFF)


# --- the renderers --------------------------------------------------------------------------------

def is_list_of_works(columns) -> bool:
    return REQUIRED_COLUMN in (columns or []) and bool(BIBLIOGRAPHIC_COLUMNS & set(columns))


def renderer(extension: str, write, content_type: str):
    def render(columns, rows):
        if not is_list_of_works(columns):  # Datasette asks can_render only for the links it shows
            return Response.text(f"No .{extension} export: these rows are not works (no title and year, authors, "
                                 "type or identifier columns)", status=400, headers=NOSNIFF)
        records = [record(dict(zip(columns, row))) for row in rows]
        return Response(write(records), content_type=content_type, headers=NOSNIFF)

    return {"extension": extension, "render": render, "can_render": is_list_of_works}


@hookimpl
def register_output_renderer(datasette):
    return [
        renderer("bib", to_bibtex, "application/x-bibtex; charset=utf-8"),
        renderer("ris", to_ris, "application/x-research-info-systems; charset=utf-8"),
        renderer("csljson", to_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
        {"extension": "citation", "render": render_citations, "can_render": is_list_of_works},
    ]
