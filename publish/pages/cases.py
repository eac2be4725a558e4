"""The cases page (pages/cases.html): cases with facets (model, sector of partners, country,
municipality) and the points of the map; and a list of cases with their partners, which a work's
page shows too."""
from __future__ import annotations

import json
from urllib.parse import urlencode

from publish.pages.common import catalogue, document_url, has_rows, json_list, query

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
