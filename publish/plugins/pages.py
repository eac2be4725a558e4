"""Datasette plugin (publish/plugins): what the catalogue's own pages show.

The templates in publish/templates ask for no SQL themselves; each page's data is gathered here
(extra_template_vars, keyed by template name):

- every page: the interface language (labels from publish/labels.yml) and the language switch;
- index.html, the home page: counts per source, language, year and type, the newest works, the
  last nightly run's health;
- row-catalogue-documents.html, a work: citation, metadata with the sources that gave each field,
  links, related works (same case, same authors, listed by the source, similar text), its cases;
- pages/cases.html: cases with facets (model, sector of partners, country, municipality) and the
  points of the map; pages/dictionary.html: every table and column, and the canned queries.

Tables that later builds added (cases, case_partners, document_places) or may add
(document_relations, the sources' related lists) are used when present: a catalogue without them
still has every page, without those parts.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import yaml
from datasette import hookimpl
from datasette.utils import tilde_encode, urlsafe_components

from publish import search

DATABASE = "catalogue"
LABELS = yaml.safe_load((Path(__file__).resolve().parents[1] / "labels.yml").read_text(encoding="utf-8"))
LANGUAGES = ("no", "en")
DEFAULT_LANGUAGE = "no"
LANGUAGE_COOKIE = "nordcat_lang"
# what ?lang=, the cookie and Accept-Language may say, to the interface language it means
LANGUAGE_ALIASES = {"no": "no", "nb": "no", "nn": "no", "nob": "no", "nno": "no", "nor": "no",
                    "en": "en", "eng": "en"}
SAFE_SCHEMES = ("http", "https")
LIST_FIELDS = ("authors", "issn", "isbn", "subjects", "sources")
SHOWN_FIELDS = ("title", "authors", "year", "date_issued", "language", "doc_type", "publisher", "series",
                "series_number", "issn", "isbn", "doi", "handle", "url", "fulltext_url", "abstract", "subjects",
                "country", "first_seen", "last_seen", "match_rule")
RELATED_LIMIT = 8
NEWEST_LIMIT = 10
CASES_LIMIT = 200
FACET_LIMIT = 30
# the cases page's facets: request parameter -> condition on `cases` and the facet's count query
CASE_FACETS = {
    "model": ("cases.model = :model", "SELECT cases.model AS value, count(*) AS n FROM cases WHERE {where} "
              "AND cases.model IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {limit}"),
    "sector": ("cases.id IN (SELECT case_id FROM case_partners WHERE sector = :sector)",
               "SELECT p.sector AS value, count(DISTINCT cases.id) AS n FROM cases JOIN case_partners AS p "
               "ON p.case_id = cases.id WHERE {where} AND p.sector IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 "
               "LIMIT {limit}"),
    "country": ("cases.country = :country", "SELECT cases.country AS value, count(*) AS n FROM cases WHERE "
                "{where} AND cases.country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {limit}"),
    "municipality": ("cases.place_name = :municipality",
                     "SELECT cases.place_name AS value, count(*) AS n FROM cases WHERE {where} AND "
                     "cases.place_name IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {limit}"),
}
CASE_TABLES = {"cases", "case_partners", "document_places"}
FTS5_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")


# --- language -----------------------------------------------------------------------------------

def language_of(request) -> str:
    """?lang= first, then the cookie it leaves, then the browser's preference, then Norwegian."""
    if request is None:
        return DEFAULT_LANGUAGE
    for said in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if said and said.lower() in LANGUAGE_ALIASES:
            return LANGUAGE_ALIASES[said.lower()]
    return accepted_language(request.headers.get("accept-language", "")) or DEFAULT_LANGUAGE


def accepted_language(header: str) -> str | None:
    """The interface language the Accept-Language header prefers most, if it names one."""
    ranked = []
    for order, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGE_ALIASES and quality > 0:
            ranked.append((-quality, order, LANGUAGE_ALIASES[primary]))
    return min(ranked)[2] if ranked else None


def language_links(request, current: str) -> list[dict]:
    """The same page in each other interface language."""
    if request is None:
        return []
    args = [(k, v) for k, v in parse_qs(request.query_string, keep_blank_values=True).items() if k != "lang"]
    links = []
    for lang in LANGUAGES:
        if lang != current:
            query = urlencode([*((k, v) for k, values in args for v in values), ("lang", lang)])
            links.append({"lang": lang, "label": LABELS[current]["switch_to"], "href": f"{request.path}?{query}"})
    return links


@hookimpl
def asgi_wrapper(datasette):
    """?lang= is remembered in a cookie, so the choice holds on every page the reader goes on to."""
    def wrap(app):
        async def remember_language(scope, receive, send):
            chosen = None
            if scope["type"] == "http":
                query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
                chosen = LANGUAGE_ALIASES.get((query.get("lang") or [""])[0].lower())

            async def send_with_language(event):
                if event["type"] == "http.response.start":
                    headers = [*event.get("headers", []), (b"vary", b"Accept-Language, Cookie")]
                    if chosen:
                        cookie = f"{LANGUAGE_COOKIE}={chosen}; Path=/; Max-Age=31536000; SameSite=Lax"
                        headers.append((b"set-cookie", cookie.encode()))
                    event = {**event, "headers": headers}
                await send(event)

            await app(scope, receive, send_with_language if scope["type"] == "http" else send)
        return remember_language
    return wrap


# --- helpers --------------------------------------------------------------------------------------

def safe_url(value: str | None) -> str | None:
    """A URL a page may link: http(s) only (never javascript:, data: or a relative path)."""
    if not value:
        return None
    value = value.strip()
    return value if urlsplit(value).scheme.lower() in SAFE_SCHEMES else None


def json_list(value) -> list:
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [value]
    return parsed if isinstance(parsed, list) else [parsed]


async def query(db, sql: str, params: dict | None = None) -> list[dict]:
    results = await db.execute(sql, params or {})
    return [dict(row) for row in results.rows]


async def has_rows(db, table: str) -> bool:
    return bool(await query(db, f"SELECT 1 FROM {table} LIMIT 1"))


def catalogue(datasette):
    return datasette.databases.get(DATABASE)


def document_url(datasette, doc_id: str, format: str | None = None) -> str:
    return datasette.urls.row(DATABASE, "documents", tilde_encode(doc_id), format=format)


# The facets of a search: the documents table declares none by default, since five facets over a
# million rows on every page cost half a second (tests/bench_catalogue.py); a search narrows the
# rows first. The home page's counts are precomputed tables.
SEARCH_FACETS = ("language", "year", "doc_type", "country", "publisher")


def faceted_search_url(datasette, q: str) -> str:
    args = [("_q", q), *(("_facet", column) for column in SEARCH_FACETS)]
    return f"{datasette.urls.table(DATABASE, 'documents')}?{urlencode(args)}"


def documents_url(datasette, **args) -> str:
    return f"{datasette.urls.table(DATABASE, 'documents')}?{urlencode(args)}"


def label_maker(lang: str, vocabulary: str):
    names = LABELS[vocabulary].get(lang, {})
    return lambda value: names.get(value, value)


# --- the home page --------------------------------------------------------------------------------

async def home_data(datasette, request, lang: str) -> dict:
    db = catalogue(datasette)
    counts = lambda column: query(db, f"SELECT {column} AS value, count(*) AS n FROM documents "
                                      f"WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")
    by_source = await query(db, "SELECT name AS value, title, documents AS n FROM sources WHERE documents > 0 "
                                "ORDER BY documents DESC, name")
    for row in by_source:
        row["href"] = documents_url(datasette, sources__arraycontains=row["value"])
    holdings = {"by_source": by_source}
    for key, column in (("by_language", "language"), ("by_type", "doc_type")):
        holdings[key] = [{**row, "href": documents_url(datasette, **{column: row["value"]})}
                         for row in await counts(column)]
    years = await query(db, "SELECT year AS value, count(*) AS n FROM documents WHERE year IS NOT NULL "
                            "GROUP BY 1 ORDER BY 1 DESC")
    holdings["by_year"] = [{**row, "href": documents_url(datasette, year=row["value"])} for row in years]
    newest = await query(db, f"""SELECT id, title, authors, year, doc_type FROM documents
                                 ORDER BY date_issued DESC NULLS LAST, first_seen DESC, id LIMIT {NEWEST_LIMIT}""")
    for row in newest:
        row["href"] = document_url(datasette, row["id"])
        row["authors"] = json_list(row["authors"])
    [total] = await query(db, "SELECT count(*) AS n FROM documents")
    return {"holdings": holdings, "total": total["n"], "newest": newest, "health": await last_run(db),
            "search_url": datasette.urls.query(DATABASE, "search")}


async def last_run(db) -> dict | None:
    """The last crawl run (a reparse asks no source anything) and each source's state after it."""
    [latest] = await query(db, "SELECT run_id FROM crawl_runs WHERE kind <> 'reparse' "
                               "ORDER BY started_at DESC, run_id DESC LIMIT 1") or [None]
    if latest is None:
        return None
    sources = await query(db, """
        SELECT c.source, coalesce(s.title, c.source) AS title, c.status, s.health, c.started_at, c.ended_at,
               c.records_seen, c.records_new, c.records_held, c.error
        FROM crawl_runs AS c LEFT JOIN sources AS s ON s.name = c.source
        WHERE c.run_id = :run ORDER BY c.source""", {"run": latest["run_id"]})
    return {"run_id": latest["run_id"], "sources": sources}


# --- a work's page -------------------------------------------------------------------------------

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
    return {"doc": {
        "id": doc_id,
        "citation": citation(doc, LABELS[lang]["no_date"]),
        "fields": shown_fields(doc, records, lang),
        "provenance": provenance(records),
        "links": document_links(doc),
        "exports": {name: document_url(datasette, doc_id, format=ext) for name, ext in
                    (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "csljson"))},
        "related": await related(datasette, db, doc, tables),
        "cases": await document_cases(db, doc_id) if CASE_TABLES <= tables else [],
    }}


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
                "handle": f"https://hdl.handle.net/{doc['handle']}" if doc["handle"] else None}.get(name)
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


async def document_cases(db, doc_id: str) -> list[dict]:
    cases = await query(db, "SELECT * FROM cases WHERE document_id = :id ORDER BY name, id", {"id": doc_id})
    return await with_partners(db, cases)


async def with_partners(db, cases: list[dict]) -> list[dict]:
    if not cases:
        return cases
    ids = json.dumps([case["id"] for case in cases])
    partners = await query(db, "SELECT * FROM case_partners WHERE case_id IN (SELECT value FROM json_each(:ids)) "
                               "ORDER BY case_id, position", {"ids": ids})
    for case in cases:
        case["partners"] = [p for p in partners if p["case_id"] == case["id"]]
        case["outcomes"] = [str(o) for o in json_list(case.get("outcomes"))]
    return cases


# --- the cases page -------------------------------------------------------------------------------

async def cases_data(datasette, request, lang: str) -> dict:
    db = catalogue(datasette)
    if db is None or not CASE_TABLES <= set(await db.table_names()) or not await has_rows(db, "cases"):
        return {"cases_available": False}
    chosen = {name: request.args.get(name) for name in CASE_FACETS if request.args.get(name)}
    where = " AND ".join(["1 = 1", *(CASE_FACETS[name][0] for name in chosen)])
    facets = {}
    for name, (_, count_sql) in CASE_FACETS.items():
        values = await query(db, count_sql.format(where=where, limit=FACET_LIMIT), chosen)
        facets[name] = [{**row, "selected": chosen.get(name) == row["value"],
                         "href": cases_url(request, chosen, name, row["value"])} for row in values]
    cases = await query(db, f"""SELECT cases.*, documents.title AS document_title FROM cases
                                LEFT JOIN documents ON documents.id = cases.document_id
                                WHERE {where} ORDER BY cases.name, cases.id LIMIT {CASES_LIMIT}""", chosen)
    for case in cases:
        case["document_href"] = document_url(datasette, case["document_id"]) if case["document_id"] else None
    [total] = await query(db, f"SELECT count(*) AS n FROM cases WHERE {where}", chosen)
    return {"cases_available": True, "facets": facets, "chosen": chosen, "cases": await with_partners(db, cases),
            "cases_total": total["n"], "map_points": await map_points(db, request, where, chosen),
            "clear_href": request.path}


def cases_url(request, chosen: dict, name: str, value: str) -> str:
    """The cases page with this facet value chosen, or unchosen when it already is."""
    args = dict(chosen)
    if args.get(name) == value:
        del args[name]
    else:
        args[name] = value
    return f"{request.path}?{urlencode(args)}" if args else request.path


async def map_points(db, request, where: str, chosen: dict) -> list[dict]:
    """Municipalities with their cases and documents (the places the documents name, and the
    documents of the cases there); with a facet chosen, the chosen cases' only."""
    places = "" if chosen else """UNION ALL
        SELECT country, place_code, name, lat, lon, NULL, document_id FROM document_places WHERE lat IS NOT NULL"""
    points = await query(db, f"""
        SELECT min(name) AS name, country, round(avg(lat), 5) AS lat, round(avg(lon), 5) AS lon, count(DISTINCT case_id) AS cases,
               count(DISTINCT document_id) AS documents
        FROM (SELECT cases.country, cases.place_code, cases.place_name AS name, cases.lat, cases.lon,
                     cases.id AS case_id, cases.document_id
              FROM cases WHERE {where} AND cases.lat IS NOT NULL AND cases.place_code IS NOT NULL {places})
        GROUP BY country, place_code ORDER BY name, country""", chosen)
    for point in points:
        point["href"] = cases_url(request, {k: v for k, v in chosen.items() if k != "municipality"},
                                  "municipality", point["name"])
    return points


# --- the data dictionary -------------------------------------------------------------------------

async def dictionary_data(datasette, request, lang: str) -> dict:
    db = catalogue(datasette)
    hidden = set(await db.hidden_table_names())
    names = await db.table_names()
    virtual = {name for name in names if not name.endswith(FTS5_SHADOWS)}
    tables = []
    for name in [*sorted(names), *sorted(await db.view_names())]:
        metadata = datasette.table_metadata(DATABASE, name)
        described = metadata.get("columns", {})
        index = next((v for v in virtual if v != name and name.startswith(v + "_")), None)
        description = metadata.get("description") or (
            f"FTS5 shadow table of {index} (SQLite keeps the full-text index in it)" if index else "")
        columns = [{"name": c.name, "type": c.type or "", "description": described.get(c.name, ""),
                    "is_pk": bool(c.is_pk)} for c in await db.table_column_details(name)]
        tables.append({"name": name, "description": description, "hidden": name in hidden, "columns": columns,
                       "href": datasette.urls.table(DATABASE, name)})
    queries = await datasette.get_canned_queries(DATABASE, request.actor if request else None)
    return {"tables": tables, "canned": [
        {"name": name, "title": q.get("title") or name, "description": q.get("description", ""),
         "description_html": q.get("description_html", ""), "href": datasette.urls.query(DATABASE, name)}
        for name, q in queries.items()]}


# --- the search page ------------------------------------------------------------------------------

async def search_data(datasette, request, lang: str) -> dict:
    q = request.args.get("q", "") if request else ""
    return {"search_query": q, "faceted_url": faceted_search_url(datasette, q) if q else None,
            "row_url": lambda doc_id: document_url(datasette, doc_id),
            "authors_of": lambda value: "; ".join(map(str, json_list(value)))}


PAGE_DATA = {
    "index.html": home_data,
    "row-catalogue-documents.html": document_data,
    "pages/cases.html": cases_data,
    "pages/dictionary.html": dictionary_data,
    "query-catalogue-search.html": search_data,
}


@hookimpl
def startup(datasette):
    # Datasette renders its error pages without extra_template_vars: they get the default labels
    datasette.jinja_env.globals.update(lang=DEFAULT_LANGUAGE, t=LABELS[DEFAULT_LANGUAGE], lang_links=[],
                                       nav=navigation(datasette))


@hookimpl
def extra_template_vars(template, request, datasette):
    async def page_vars():
        lang = language_of(request)
        context = {"lang": lang, "t": LABELS[lang], "lang_links": language_links(request, lang),
                   "language_label": label_maker(lang, "languages"), "doc_type_label": label_maker(lang, "doc_types"),
                   "nav": navigation(datasette)}
        gather = PAGE_DATA.get(template)
        if gather and catalogue(datasette) is not None:
            context.update(await gather(datasette, request, lang))
        return context
    return page_vars


def navigation(datasette) -> list[tuple[str, str]]:
    base = datasette.setting("base_url")
    return [("nav_home", base), ("nav_search", datasette.urls.query(DATABASE, "search")),
            ("nav_documents", datasette.urls.table(DATABASE, "documents")), ("nav_cases", f"{base}cases"),
            ("nav_dictionary", f"{base}dictionary"), ("nav_sources", datasette.urls.table(DATABASE, "sources"))]
