"""The cases page (pages/cases.html): cases with facets (model, sector of partners, country,
municipality) and the points of the map; and a list of cases with their partners, which a work's
page shows too.

Cases read as words in the page's language: the model by its label from the catalogue's
cooperation_models table (the build writes it from pipeline/data/cooperation_models.yml), sectors
and roles by publish/labels.yml, and a case the text gives no name is headed by what is known of
it (case_heading); facet links keep the ids."""
from __future__ import annotations

import json
from urllib.parse import urlencode

from publish.pages.common import LABELS, catalogue, document_url, has_rows, json_list, label_maker, query

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
# the facets whose values are ids shown by a label: facet -> vocabulary of publish/labels.yml, or
# None for the models (labelled from the catalogue's cooperation_models table)
LABELLED_FACETS = {"model": None, "sector": "sectors"}
# cases named by the text first, in name order, then the others in the order of their works' texts
CASE_ORDER = "cases.name IS NULL, cases.name, cases.id"


async def cases_data(datasette, request, lang: str) -> dict:
    db = catalogue(datasette)
    if db is None or not CASE_TABLES <= set(await db.table_names()) or not await has_rows(db, "cases"):
        return {"cases_available": False}
    chosen = {name: request.args.get(name) for name in CASE_FACETS if request.args.get(name)}
    where = " AND ".join(["1 = 1", *(CASE_FACETS[name][0] for name in chosen)])
    labels = await case_labels(db, lang)
    facets = {}
    for name, (_, count_sql) in CASE_FACETS.items():
        values = await query(db, count_sql.format(where=where, limit=FACET_LIMIT), chosen)
        facets[name] = [{**row, "label": labels.facet(name, row["value"]), "selected": chosen.get(name) == row["value"],
                         "href": cases_url(request, chosen, name, row["value"])} for row in values]
    cases = await query(db, f"""SELECT cases.*, documents.title AS document_title FROM cases
                                LEFT JOIN documents ON documents.id = cases.document_id
                                WHERE {where} ORDER BY {CASE_ORDER} LIMIT {CASES_LIMIT}""", chosen)
    for case in cases:
        case["document_href"] = document_url(datasette, case["document_id"]) if case["document_id"] else None
    [total] = await query(db, f"SELECT count(*) AS n FROM cases WHERE {where}", chosen)
    return {"cases_available": True, "facets": facets, "cases_total": total["n"],
            "chosen": [{"name": name, "value": value, "label": labels.facet(name, value)}
                       for name, value in chosen.items()],
            "cases": labels.apply(await with_partners(db, cases)),
            "map_points": await map_points(db, request, where, chosen), "clear_href": request.path}


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


async def document_cases(db, doc_id: str, lang: str) -> list[dict]:
    """A work's cases, as words in the page's language (headed without the work's own title)."""
    cases = await query(db, f"SELECT * FROM cases WHERE document_id = :id ORDER BY {CASE_ORDER}", {"id": doc_id})
    return (await case_labels(db, lang)).apply(await with_partners(db, cases))


async def document_models(db, doc_id: str, lang: str) -> list[dict]:
    """The cooperation models a work discusses, as words in the page's language, in text order."""
    rows = await query(db, "SELECT model FROM document_models WHERE document_id = :id ORDER BY position", {"id": doc_id})
    labels = await case_labels(db, lang)
    return [{"id": row["model"], "label": labels.model(row["model"])} for row in rows]


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


# --- cases as words --------------------------------------------------------------------------------

class CaseLabels:
    """The words of a page's language for a case's ids: model labels (the cooperation_models table),
    sector and role labels (publish/labels.yml), and the heading of a case without a name."""

    def __init__(self, lang: str, models: dict[str, str]):
        self.t = LABELS[lang]
        self.models = models
        self.vocabularies = {name: label_maker(lang, name) for name in ("sectors", "roles")}

    def model(self, value: str | None) -> str | None:
        """The model's label; a model the catalogue does not list (a catalogue published before
        the build wrote the table) reads as its id in words."""
        if not value:
            return None
        return self.models.get(value) or value.replace("_", " ").capitalize()

    def facet(self, name: str, value):
        """What a facet's value reads as (its link keeps the value)."""
        if name not in LABELLED_FACETS:
            return value
        vocabulary = LABELLED_FACETS[name]
        return self.model(value) if vocabulary is None else self.vocabularies[vocabulary](value)

    def apply(self, cases: list[dict]) -> list[dict]:
        sector, role = self.vocabularies["sectors"], self.vocabularies["roles"]
        for case in cases:
            case["model_label"] = self.model(case.get("model"))
            case["heading"] = case_heading(case, case["model_label"], self.t)
            case["named"] = bool(case.get("name"))
            for partner in case.get("partners", []):
                partner["labels"] = [label(value) for label, value in ((sector, partner.get("sector")),
                                                                       (role, partner.get("role"))) if value]
        return cases


async def case_labels(db, lang: str) -> CaseLabels:
    """The labels of a page's language, with the model labels of the catalogue (none when it has no
    cooperation_models table: a catalogue published before the build wrote one)."""
    models = {}
    if "cooperation_models" in set(await db.table_names()):
        column = "label_en" if lang == "en" else "label_no"
        models = {row["id"]: row["label"] for row in
                  await query(db, f"SELECT id, {column} AS label FROM cooperation_models")}
    return CaseLabels(lang, models)


def case_heading(case: dict, model_label: str | None, t: dict) -> str:
    """The case's name as the text gives it; for a case without one, what is known of it: its model
    (else a partnership) and its municipality ("Trepartssamarbeid i Trondheim", "Partnership in
    Esbjerg"); without a municipality, its number in its work, with the work's title where the page
    is not the work's own ("Samarbeid, case 1 i «Sjekkliste for omstilling»")."""
    if case.get("name"):
        return case["name"]
    kind = model_label or t["case_unnamed"]
    if case.get("place_name"):
        return t["case_heading_place"].format(kind=kind, place=case["place_name"])
    number = case["id"].rpartition("-")[2]
    if case.get("document_title"):
        return t["case_heading_document"].format(kind=kind, n=number, document=case["document_title"])
    return t["case_heading_number"].format(kind=kind, n=number)
