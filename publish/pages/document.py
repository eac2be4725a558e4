"""A work's page (row-catalogue-documents.html): citation, metadata with the sources that gave each
field, links, exports, related works (same case, same authors, listed by the source, similar text)
and its cases."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette.utils import urlsafe_components
from markupsafe import Markup

from publish import search
from publish.citations import STYLES, UnknownStyle, csl_item, formatted, style_of
from publish.citations import record as bibliographic_record
from publish.pages.cases import CASE_TABLES, document_cases, document_models
from publish.pages.common import LABELS, catalogue, document_url, json_list, label_maker, query, safe_url
from publish.pages.embedded import citation_meta, dublin_core_meta, json_ld, script_json

LIST_FIELDS = ("authors", "issn", "isbn", "subjects", "sources")
SHOWN_FIELDS = ("title", "authors", "year", "date_issued", "language", "doc_type", "publisher", "series",
                "series_number", "issn", "isbn", "doi", "handle", "url", "fulltext_url", "abstract", "subjects",
                "country", "licence", "first_seen", "last_seen", "match_rule")
RELATED_LIMIT = 8


async def document_data(datasette, request, lang: str) -> dict:
    db = catalogue(datasette)
    [doc_id] = urlsafe_components(request.url_vars["pks"])
    [doc] = await query(db, "SELECT rowid AS doc_rowid, * FROM documents WHERE id = :id", {"id": doc_id}) or [None]
    if doc is None:
        return {}
    tables = set(await db.table_names())
    records = await query(db, """SELECT d.source, coalesce(s.title, d.source) AS title, d.record_key, d.url, d.fields
                                 FROM document_sources AS d LEFT JOIN sources AS s ON s.name = d.source
                                 WHERE d.document_id = :id ORDER BY d.source, d.record_key""", {"id": doc_id})
    page_url = datasette.absolute_url(request, document_url(datasette, doc_id))
    return {"doc": {
        "id": doc_id,
        "head": {"canonical": page_url, "meta": citation_meta(doc, page_url) + dublin_core_meta(doc),
                 "json_ld": script_json(json_ld(doc, page_url))},
        "citation": citation(doc, LABELS[lang]["no_date"]),
        "cite": cited(datasette, request, doc, lang),
        "fields": shown_fields(doc, records, lang),
        "provenance": provenance(records),
        "links": document_links(doc),
        "exports": {name: document_url(datasette, doc_id, format=ext) for name, ext in
                    (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "csljson"))},
        "related": await related(datasette, db, doc, tables),
        "cases": await document_cases(db, doc_id, lang) if CASE_TABLES <= tables else [],
        "models": await document_models(db, doc_id, lang) if "document_models" in tables else [],
    }}


def cited(datasette, request, doc: dict, lang: str) -> dict:
    """The work formatted in the style ?style= asks for (an unknown word: the default style), and
    the links that switch style (plain links: no script needed) or give it as plain text."""
    try:
        style = style_of(request.args.get("style"))
    except UnknownStyle:
        style = style_of(None)
    item = csl_item(bibliographic_record({name: doc[name] for name in doc if name != "doc_rowid"}))
    [entry] = formatted([item], style, lang)
    kept = [(name, value) for name, value in parse_qsl(request.query_string, keep_blank_values=True)
            if name != "style"]
    return {"html": Markup(entry), "style": style.key,
            "styles": [{"key": key, "label": each.label, "current": key == style.key,
                        "href": f"{request.path}?{urlencode([*kept, ('style', key)])}"}
                       for key, each in STYLES.items()],
            "text_href": f"{document_url(datasette, doc['id'], format='citation')}?{urlencode({'style': style.key})}"}


def citation(doc: dict, no_date: str) -> dict:
    """APA-like parts: authors (year). *Title* (series number). Publisher. link."""
    authors = [apa_name(name) for name in json_list(doc["authors"])]
    if len(authors) > 1:
        authors = [", ".join(authors[:-1]) + ",", "&", authors[-1]]
    series = " ".join(filter(None, (doc["series"], doc["series_number"])))
    doi_url = f"https://doi.org/{doc['doi']}" if doc["doi"] else None
    handle_url = f"https://hdl.handle.net/{doc['handle']}" if doc["handle"] else None
    parts = {"authors": " ".join(authors), "year": str(doc["year"] or no_date), "title": doc["title"] or "",
             "series": series, "publisher": doc["publisher"] or "",
             "link": doi_url or handle_url or safe_url(doc["url"])}
    parts["text"] = citation_text(parts)
    return parts


def citation_text(parts: dict) -> str:
    text = f"{parts['authors']} ({parts['year']}). {parts['title']}" if parts["authors"] else \
        f"{parts['title']} ({parts['year']})"
    if parts["series"]:
        text += f" ({parts['series']})"
    text += "."
    if parts["publisher"]:
        text += f" {parts['publisher']}."
    if parts["link"]:
        text += f" {parts['link']}"
    return text


def apa_name(name: str) -> str:
    """"Midttun, Atle Jon" -> "Midttun, A. J."; "Hans-Petter" -> "H.-P."; an organisation stays whole."""
    family, comma, given = name.partition(",")
    if not comma or not given.strip():
        return name
    initials = " ".join("-".join(f"{part[0]}." for part in word.split("-") if part) for word in given.split())
    return f"{family.strip()}, {initials}"


def shown_fields(doc: dict, records: list[dict], lang: str) -> list[dict]:
    """Each non-empty field, its values, a safe link where it is one, and the sources that gave it."""
    labels = LABELS[lang]
    given_by: dict[str, list[str]] = {}
    for record in records:
        for field in json_list(record["fields"]):
            given_by.setdefault(field, []).append(record["title"])
    language, doc_type = label_maker(lang, "languages"), label_maker(lang, "doc_types")
    shown = []
    for name in SHOWN_FIELDS:
        values = json_list(doc[name]) if name in LIST_FIELDS else [doc[name]] if doc[name] not in (None, "") else []
        if not values:
            continue
        values = [str(v) for v in values]
        if name == "language":
            values = [language(v) for v in values]
        elif name == "doc_type":
            values = [doc_type(v) for v in values]
        href = {"url": safe_url(doc["url"]), "fulltext_url": safe_url(doc["fulltext_url"]),
                "doi": f"https://doi.org/{doc['doi']}" if doc["doi"] else None,
                "handle": f"https://hdl.handle.net/{doc['handle']}" if doc["handle"] else None,
                "licence": safe_url(doc.get("licence"))}.get(name)
        shown.append({"name": name, "label": labels.get(f"field_{name}", name), "values": values, "href": href,
                      "given_by": sorted(set(given_by.get(name, [])))})
    return shown


def provenance(records: list[dict]) -> dict:
    """'from BI Open, also in docplayer': the source that gave the most fields, then the others."""
    counted: dict[str, int] = {}
    for record in records:
        counted[record["title"]] = counted.get(record["title"], 0) + len(json_list(record["fields"]))
    ranked = sorted(counted, key=lambda title: (-counted[title], title))
    return {"main": ranked[0] if ranked else None, "also": ranked[1:],
            "records": [{**r, "href": safe_url(r["url"])} for r in records]}


def document_links(doc: dict) -> list[dict]:
    links = [("landing_page", safe_url(doc["url"])), ("full_text", safe_url(doc["fulltext_url"]))]
    return [{"label_key": key, "href": href} for key, href in links if href]


async def related(datasette, db, doc: dict, tables: set[str]) -> dict:
    linked = lambda rows: [{**row, "href": document_url(datasette, row["id"])} for row in rows]
    params = {"id": doc["id"], "authors": doc["authors"] or "[]"}
    groups = {"same_authors": linked(await query(db, f"""
        SELECT DISTINCT d.id, d.title, d.year FROM documents AS d, json_each(d.authors) AS a
        WHERE d.id <> :id AND a.value IN (SELECT value FROM json_each(:authors))
        ORDER BY d.year DESC, d.id LIMIT {RELATED_LIMIT}""", params))}
    if "cases" in tables:
        groups["same_case"] = linked(await query(db, f"""
            SELECT DISTINCT d.id, d.title, d.year FROM cases AS c
            JOIN cases AS o ON lower(o.name) = lower(c.name) AND o.document_id <> c.document_id
            JOIN documents AS d ON d.id = o.document_id
            WHERE c.document_id = :id ORDER BY d.year DESC, d.id LIMIT {RELATED_LIMIT}""", params))
    if "document_relations" in tables:
        groups["listed"] = await listed_relations(datasette, db, doc["id"])
    groups["similar"] = linked(await similar(db, doc))
    return groups


async def listed_relations(datasette, db, doc_id: str) -> list[dict]:
    """The source's own related list (docplayer): a link to the work where we hold it."""
    rows = await query(db, """
        SELECT r.anchor_text, r.related_url, r.related_document_id AS id, d.title, d.year
        FROM document_relations AS r LEFT JOIN documents AS d ON d.id = r.related_document_id
        WHERE r.document_id = :id ORDER BY r.source, r.position""", {"id": doc_id})
    return [{**row, "title": row["title"] or row["anchor_text"] or row["related_url"],
             "href": document_url(datasette, row["id"]) if row["id"] else safe_url(row["related_url"]),
             "held": row["id"] is not None} for row in rows]


async def similar(db, doc: dict) -> list[dict]:
    """Works whose text shares the most of this one's title and subject words (the stemmed index)."""
    words = [w for w in search.tokens(" ".join([doc["title"] or "", *map(str, json_list(doc["subjects"]))]))
             if len(w) >= 5]
    words = list(dict.fromkeys(w.lower() for w in words))[:search.MAX_QUERY_TERMS // 4]
    if not words:
        return []
    expression = " OR ".join(search.match_expression(word) for word in words)
    return await query(db, f"""
        SELECT d.id, d.title, d.year FROM search_index JOIN documents AS d ON d.rowid = search_index.rowid
        WHERE search_index MATCH :expression AND search_index.rowid <> :rowid
        ORDER BY search_index.rank LIMIT {RELATED_LIMIT}""", {"expression": expression, "rowid": doc["doc_rowid"]})
