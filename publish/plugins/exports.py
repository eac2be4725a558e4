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

CSL-JSON's extension is `csljson`: Datasette's routes take one word after the dot.
"""
from __future__ import annotations

import json
import re

from datasette import hookimpl
from datasette.utils.asgi import Response

REQUIRED_COLUMN = "title"
# ... and one of these, so a table of sources (which have titles too) is not taken for works
BIBLIOGRAPHIC_COLUMNS = {"authors", "year", "date_issued", "doc_type", "doi", "handle", "isbn"}
NOSNIFF = {"x-content-type-options": "nosniff"}
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
REPORT_ENTRIES = {"techreport", "mastersthesis", "phdthesis"}  # BibTeX names their publisher `institution`
LIST_COLUMNS = ("authors", "issn", "isbn", "subjects")
BIBTEX_SPECIALS = re.compile(r"([\\{}%$#&_~^])")
BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
WHITESPACE = re.compile(r"\s+")


# --- a row as a bibliographic record -------------------------------------------------------------

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

def csl_name(name: str) -> dict:
    family, comma, given = name.partition(",")
    if comma and family.strip() and given.strip():
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": name}


def csl_item(rec: dict, number: int) -> dict:
    _, _, csl_type = types(rec)
    item = {"id": rec.get("id") or f"nordcat{number}", "type": csl_type, "title": rec.get("title")}
    optional = {
        "author": [csl_name(a) for a in rec.get("authors", [])] or None,
        "issued": {"date-parts": [date_parts(rec)]} if date_parts(rec) else None,
        "publisher": rec.get("publisher"),
        "collection-title": rec.get("series"),
        "collection-number": rec.get("series_number"),
        "ISSN": ", ".join(rec.get("issn", [])) or None,
        "ISBN": ", ".join(rec.get("isbn", [])) or None,
        "DOI": rec.get("doi"),
        "URL": rec.get("url"),
        "abstract": rec.get("abstract"),
        "keyword": ", ".join(rec.get("subjects", [])) or None,
        "language": rec.get("language"),
    }
    item.update({name: value for name, value in optional.items() if value})
    return item


def to_csl_json(records: list[dict]) -> str:
    return json.dumps([csl_item(rec, n) for n, rec in enumerate(records, 1)], ensure_ascii=False, indent=2)


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
    ]
