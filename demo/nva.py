"""NVA, Sikt's national research archive, as its public REST API answers: a test server.

Built from NVA's own code and documentation (nothing outside loopback is reachable here), with
40 works in Norwegian and English, four of them Brage records of the demo's BI Open migrated
into NVA (same handle, DOI or ISBN), so the catalogue merges them.

Implemented as the code says:
- GET /search/resources (BIBSYSDEV/nva-search-api: README.md, resource/README.md,
  ResourceParameter, ResourceSearchQuery, SearchResourceHandler, PagedSearchBuilder,
  HttpResponseFormatter, LegacyMutator): only PUBLISHED and PUBLISHED_METADATA works; the
  filters query, topLevelOrganization (a bare Cristin id or its URI; any of), instanceType and
  id (any of), modified_since (>=) and modified_before (<), in the formats yyyy, yyyy-MM-dd,
  yyyy-MM-ddTHH:mm:ssZ and yyyy-MM-ddTHH:mm:ss.SSSZ; parameter names case-insensitive, in
  camelCase or snake_case, a repeated one merged with commas, an unknown one a 400 Problem;
  paging by from/size or page (size <= 1000, from + size <= 10,000) or search_after (the last
  hit's sort values); sort "key[:asc|desc],..." with identifier always appended; the answer
  {id, totalHits, hits, nextResults, nextSearchAfterResults, previousResults, aggregations,
  @context} with absent links left out, and nextSearchAfterResults offered whenever
  nextResults is (from + size < totalHits), so a cursor is offered even after the last hit, as
  the real builder does; hits in the default (legacy) shape: the expanded index document with
  contributorsPreview (ten at most), contributorsCount and contributors = the preview;
  nodes_included keeps the named top-level fields only.
- GET /publication/{id} (nva-publication-api docs/openapi.yaml, FetchPublicationHandler): the
  stored document: every contributor, confirmed journal, series and publisher by id only, no
  index-only fields; 410 Gone for an unpublished work, 404 for an unknown one, as Problem JSON.
Simplified: free text matches all its words in title, abstract, tags and names, without
relevance scoring (relevance order is identifier order); aggregations only by type and
topLevelOrganization; the 410 body is a bare Problem without NVA's tombstone document;
/download/public/{id}/files/{file} serves the PDF where NVA answers with a presigned S3 URL;
/registration/{id} is a plain page standing in for the NVA front end; no authentication, no
rate limits.
"""
from __future__ import annotations

import copy
import hashlib
import json
import random
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape
from typing import Any, Callable
from urllib.parse import urlencode

from demo import corpus, pdf
from demo.identifiers import isbn13, issn
from demo.server import HTML, PDF, Request, Response, Router
from demo.works import ENGLISH_JOURNALS, NORWEGIAN_JOURNALS, SEED_HANDLE, TWINS, Work, WorkStore

API = "https://nva-api.demo.invalid"  # written into documents, replaced by the address the client used
JSON_TYPE = "application/json; charset=utf-8"
LEXVO = "http://lexvo.org/id/iso639-3/"
PUBLIC = {"PUBLISHED", "PUBLISHED_METADATA"}
DEFAULT_SIZE = 10
MAX_SIZE = 1000
MAX_WINDOW = 10_000
PREVIEW = 10  # contributors an index document carries
LAST_CHANGE = datetime(2025, 6, 30, 12, 0, tzinfo=timezone.utc)  # every generated date lies before
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Institution:
    code: str  # Cristin institution id
    name_nb: str
    name_en: str
    acronym: str
    series: tuple[tuple[str, str], ...]  # (report series, its ISSN)
    isbn_prefix: tuple[str, ...]


# Cristin ids seen in NVA's own code: 215 OsloMet and 217 UiS (NVA-end-to-end-testing), 194 NTNU
# (NVA-Frontend tests), 222 USN (a public harvest script). The ISSNs are the demo's own.
INSTITUTIONS = [
    Institution("215.0.0.0", "OsloMet – storbyuniversitetet", "Oslo Metropolitan University", "OsloMet",
                (("NOVA-rapport", issn("0808511")), ("AFI-rapport", issn("1504880")),
                 ("NIBR-rapport", issn("1502979"))), ("978", "82", "7894")),
    Institution("222.0.0.0", "Universitetet i Sørøst-Norge", "University of South-Eastern Norway", "USN",
                (("Skriftserien fra Universitetet i Sørøst-Norge", issn("2535525")),), ("978", "82", "7206")),
    Institution("194.0.0.0", "Norges teknisk-naturvitenskapelige universitet",
                "Norwegian University of Science and Technology", "NTNU",
                (("NTNU Samfunnsforskning rapport", issn("1503209")),), ("978", "82", "326")),
    Institution("217.0.0.0", "Universitetet i Stavanger", "University of Stavanger", "UiS",
                (("UiS Rapport", issn("1890523")),), ("978", "82", "8439")),
]
# BI's Cristin id was not found in public code: 158.0.0.0 is a stand-in.
BI = Institution("158.0.0.0", "Handelshøyskolen BI", "BI Norwegian Business School", "BI", (), ("978", "82", "7042"))

CATEGORY_WEIGHTS = {"ReportResearch": 12, "ReportWorkingPaper": 5, "ReportPolicy": 4, "ReportBasic": 3,
                    "AcademicArticle": 8, "DegreeMaster": 4}
BRAGE_CATEGORIES = {"Journal article": "AcademicArticle", "Research report": "ReportResearch",
                    "Working paper": "ReportWorkingPaper", "Master thesis": "DegreeMaster"}
LANGUAGES = ["nb"] * 20 + ["nn"] * 4 + ["en"] * 12  # the 36 works born in NVA
LARGE_TEAM = 7  # this work has twelve authors: more than a search hit shows


# --- documents -----------------------------------------------------------------------------

def nva_works(brage: WorkStore) -> list[dict[str, Any]]:
    """36 works born in NVA and four Brage records of BI Open migrated into it."""
    titles: set[str] = set()
    docs = [_born_in_nva(index, lang, titles) for index, lang in enumerate(LANGUAGES)]
    return docs + [_from_brage(work) for work in _migrated(brage)]


def _migrated(brage: WorkStore) -> list[Work]:
    """A journal-article twin (DOI), a report twin (ISBN) and the first two live generated reports."""
    twins = [w for w in (brage.get(TWINS[0].biopen_handle), brage.get(TWINS[3].biopen_handle)) if w]
    fixed = {SEED_HANDLE} | {t.biopen_handle for t in TWINS}
    reports = [w for w in brage.snapshot() if w.handle not in fixed and not w.deleted
               and w.type in ("Research report", "Working paper")]
    return twins + reports[:2]


def _born_in_nva(index: int, lang: str, titles: set[str]) -> dict[str, Any]:
    rng = random.Random(f"nva:{index}")
    institution = rng.choice(INSTITUTIONS)
    theme = rng.choice(list(corpus.THEMES))
    values = corpus.slots(rng, lang, theme)
    title = corpus.title(rng, lang, values)
    while title in titles:
        values = corpus.slots(rng, lang, theme)
        title = corpus.title(rng, lang, values)
    titles.add(title)
    category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
    year = rng.randint(2019, 2025)
    year_end = min(datetime(year, 12, 31, tzinfo=timezone.utc), LAST_CHANGE - timedelta(days=21))
    created = _moment(rng, datetime(year, 1, 1, tzinfo=timezone.utc), year_end)
    count = 12 if index == LARGE_TEAM else rng.choice([1, 1, 2, 2, 3, 4])
    names = [_given_first(corpus.person(rng, lang)) for _ in range(count)]
    roles = ["Creator"] * count + (["Supervisor"] if category == "DegreeMaster" else [])
    if category == "DegreeMaster":
        names.append(_given_first(corpus.person(rng, lang)))
    doc = _document(rng, created, institution, corpus.ISO639[lang], title, names, roles)
    entity = doc["entityDescription"]
    entity["publicationDate"] = _publication_date(rng, year, created)
    entity["abstract"] = corpus.abstract(rng, lang, values)
    entity["tags"] = corpus.subjects(rng, lang, theme, values["place"])
    entity["reference"] = _reference(rng, category, institution, lang, year)
    doc["handle"] = f"https://hdl.handle.net/11250/{3_090_000 + index * 13}"
    if rng.random() < 0.5:
        doc["additionalIdentifiers"] = [{"type": "CristinIdentifier", "sourceName": "Cristin",
                                         "value": str(2_100_000 + index * 71)}]
    if rng.random() < 0.75:
        _attach_file(rng, doc, f"{institution.acronym}_{year}_{index + 1}.pdf", created)
    elif rng.random() < 0.5:  # deposited under an administrative agreement: not public
        doc["associatedArtifacts"] = [{"type": "InternalFile", "identifier": str(_uuid(rng)),
                                       "name": "avtale.pdf", "mimeType": "application/pdf",
                                       "administrativeAgreement": True}]
    return doc


def _from_brage(work: Work) -> dict[str, Any]:
    """A BI Open record as the Brage migration left it in NVA: handle kept, names "Family, Given"."""
    rng = random.Random(f"nva:brage:{work.handle}")
    created = _moment(rng, datetime(2024, 3, 1, tzinfo=timezone.utc), datetime(2024, 9, 30, tzinfo=timezone.utc))
    doc = _document(rng, created, BI, work.language, work.title, list(work.authors),
                    ["Creator"] * len(work.authors))
    entity = doc["entityDescription"]
    year, month, day = (work.issued.split("-") + [None, None])[:3]
    entity["publicationDate"] = {"type": "PublicationDate", "year": year,
                                 **({"month": month} if month else {}), **({"day": day} if day else {})}
    if work.abstract:
        entity["abstract"] = work.abstract
    entity["tags"] = list(work.subjects)
    entity["reference"] = _brage_reference(work)
    doc["handle"] = f"https://hdl.handle.net/{work.handle}"
    doc["additionalIdentifiers"] = [{"type": "HandleIdentifier", "sourceName": "handle@brage.bi",
                                     "value": doc["handle"]}]
    if work.pdf:
        _attach_file(rng, doc, work.pdf, created)
    return doc


def _document(rng: random.Random, created: datetime, institution: Institution, language: str, title: str,
              names: list[str], roles: list[str]) -> dict[str, Any]:
    """The parts every publication has; `language` is an ISO 639-3 code."""
    identifier = f"{int(created.timestamp() * 1000):012x}-{_uuid(rng)}"
    published = created + timedelta(days=rng.randint(0, 20), seconds=rng.randrange(86_400))
    modified = min(published + timedelta(days=rng.randint(0, 200), seconds=rng.randrange(86_400)), LAST_CHANGE)
    organization = f"{API}/cristin/organization/{institution.code}"
    return {
        "type": "Publication",
        "@context": f"{API}/publication/context",
        "id": f"{API}/publication/{identifier}",
        "identifier": identifier,
        "status": "PUBLISHED",
        "createdDate": _stamp(created), "publishedDate": _stamp(published), "modifiedDate": _stamp(modified),
        "resourceOwner": {"owner": f"{institution.acronym.lower()}@{institution.code}",
                          "ownerAffiliation": organization},
        "publisher": {"id": f"{API}/customer/{_name_uuid(institution.code)}", "type": "Organization"},
        "entityDescription": {
            "type": "EntityDescription", "mainTitle": title, "alternativeTitles": {},
            "language": LEXVO + language, "alternativeAbstracts": {},
            "contributors": [_contributor(rng, name, role, n, organization)
                             for n, (name, role) in enumerate(zip(names, roles), start=1)],
        },
        "associatedArtifacts": [],
        "topLevelOrganizations": [{"id": organization, "type": "Organization", "countryCode": "NO",
                                   "labels": {"nb": institution.name_nb, "en": institution.name_en}}],
        "contributorOrganizations": [organization],
        "filesStatus": "noFiles",
        "modelVersion": "0.20.54",
    }


def _contributor(rng: random.Random, name: str, role: str, sequence: int, organization: str) -> dict[str, Any]:
    return {"type": "Contributor", "sequence": sequence, "correspondingAuthor": sequence == 1,
            "role": {"type": role},
            "identity": {"type": "Identity", "id": f"{API}/cristin/person/{rng.randint(10_000, 1_999_999)}",
                         "name": name},
            "affiliations": [{"type": "Organization", "id": organization}]}


def _reference(rng: random.Random, category: str, institution: Institution, lang: str, year: int) -> dict[str, Any]:
    if category == "AcademicArticle":
        journal = rng.choice(ENGLISH_JOURNALS if lang == "en" else NORWEGIAN_JOURNALS)
        volume, start = rng.randint(20, 45), rng.randint(1, 300)
        return {"type": "Reference",
                "doi": f"https://doi.org/10.18261/{journal.issn.replace('-', '')}.{year}.{rng.randint(100, 999)}",
                "publicationContext": {"type": "Journal", "id": _channel("serial-publication", journal.name, year),
                                       "name": journal.name, "printIssn": journal.issn},
                "publicationInstance": {"type": category, "volume": str(volume), "issue": str(rng.randint(1, 4)),
                                        "pages": {"type": "Range", "begin": str(start),
                                                  "end": str(start + rng.randint(12, 30))}}}
    publisher = {"type": "Publisher", "id": _channel("publisher", institution.name_nb, year),
                 "name": institution.name_nb, "valid": True}
    pages = {"type": "MonographPages", "pages": str(rng.randint(40, 220)), "illustrated": False}
    if category == "DegreeMaster":
        return {"type": "Reference", "publicationContext": {"type": "Degree", "publisher": publisher},
                "publicationInstance": {"type": category, "pages": pages}}
    name, series_issn = rng.choice(institution.series)
    series = ({"type": "Series", "id": _channel("serial-publication", name, year), "name": name,
               "onlineIssn": series_issn} if rng.random() < 0.8
              else {"type": "UnconfirmedSeries", "title": name, "issn": series_issn})
    number = rng.randint(1, 30)
    context = {"type": "Report", "publisher": publisher, "series": series,
               "seriesNumber": f"{number}/{year}" if rng.random() < 0.5 else f"{year}:{number}"}
    if rng.random() < 0.6:
        room = 12 - len("".join(institution.isbn_prefix))  # digits left for the item number
        item = f"{rng.randrange(10 ** room):0{room}d}"
        context["isbnList"] = [isbn13(*institution.isbn_prefix, item).replace("-", "")]  # NVA keeps bare digits
    return {"type": "Reference", "publicationContext": context,
            "publicationInstance": {"type": category, "pages": pages}}


def _brage_reference(work: Work) -> dict[str, Any]:
    category = BRAGE_CATEGORIES[work.type]
    year = int(work.issued[:4])
    reference: dict[str, Any] = {"type": "Reference", "publicationInstance": {"type": category}}
    if work.doi:
        reference["doi"] = f"https://doi.org/{work.doi}"
    if category == "AcademicArticle":
        journal = next(j for j in ENGLISH_JOURNALS + NORWEGIAN_JOURNALS if j.issn == work.issn)
        reference["publicationContext"] = {"type": "Journal", "id": _channel("serial-publication", journal.name, year),
                                           "name": journal.name, "printIssn": journal.issn}
        return reference
    name, number = (work.series[0].split(";", 1) + [None])[:2] if len(work.series) == 1 else work.series
    context = {"type": "Report", "series": {"type": "UnconfirmedSeries", "title": name, "issn": work.issn},
               "seriesNumber": number,
               "publisher": {"type": "UnconfirmedPublisher", "name": work.publisher}}
    if work.isbn:
        context["isbnList"] = [work.isbn.replace("-", "")]
    reference["publicationContext"] = context
    return reference


def _attach_file(rng: random.Random, doc: dict[str, Any], name: str, created: datetime) -> None:
    doc["associatedArtifacts"] = [{
        "type": "OpenFile", "identifier": str(_uuid(rng)), "name": name, "mimeType": "application/pdf",
        "size": rng.randint(150_000, 3_500_000), "license": CC_BY, "publisherVersion": "PublishedVersion",
        "administrativeAgreement": False, "visibleForNonOwner": True,
        "publishedDate": _stamp(created + timedelta(days=1))}]
    doc["filesStatus"] = "hasPublicFiles"


def _publication_date(rng: random.Random, year: int, created: datetime) -> dict[str, str]:
    """As precise as the registrar was: the year only, year and month, or a full date."""
    date = {"type": "PublicationDate", "year": str(year)}
    form = rng.random()
    if form > 0.4:
        date["month"] = f"{created.month:02d}"
    if form > 0.7:
        date["day"] = f"{created.day:02d}"
    return date


def _given_first(catalogue_name: str) -> str:
    """corpus names are "Family, Given"; NVA (after Cristin) writes "Given Family"."""
    family, given = catalogue_name.split(", ", 1)
    return f"{given} {family}"


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.randrange(max(int((end - start).total_seconds()), 1)),
                             microseconds=rng.randrange(1_000_000))


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _name_uuid(name: str) -> str:
    return str(uuid.UUID(hashlib.md5(name.encode("utf-8")).hexdigest()))


def _channel(kind: str, name: str, year: int) -> str:
    return f"{API}/publication-channels-v2/{kind}/{_name_uuid(name).upper()}/{year}"


def _stamp(moment: datetime) -> str:
    """NVA's timestamps: UTC with microseconds, "2023-10-31T11:25:43.223366Z"."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# --- the two shapes a document is served in --------------------------------------------------

INDEX_ONLY = ("topLevelOrganizations", "contributorOrganizations", "filesStatus")


def search_hit(doc: dict[str, Any]) -> dict[str, Any]:
    """The index document as the search returns it: contributors cut to the preview."""
    hit = copy.deepcopy(doc)
    entity = hit["entityDescription"]
    entity["contributorsCount"] = len(entity["contributors"])
    entity["contributorsPreview"] = entity["contributors"][:PREVIEW]
    entity["contributors"] = entity["contributorsPreview"]
    return hit


def stored_form(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as /publication/{id} returns it: confirmed channels by id only."""
    publication = {key: copy.deepcopy(value) for key, value in doc.items() if key not in INDEX_ONLY}
    context = publication["entityDescription"]["reference"]["publicationContext"]
    for holder, key in ((publication["entityDescription"]["reference"], "publicationContext"),
                        (context, "series"), (context, "publisher")):
        channel = holder.get(key)
        if isinstance(channel, dict) and channel.get("type") in ("Journal", "Series", "Publisher") and "id" in channel:
            holder[key] = {"type": channel["type"], "id": channel["id"]}
    return publication


# --- the API -----------------------------------------------------------------------------------

class SearchError(Exception):
    """A request the real API answers 400 Bad Request."""


PARAMETERS = {  # lower case without "_" -> what the parameter does here
    "query", "toplevelorganization", "instancetype", "id", "modifiedsince", "modifiedbefore",
    "nodesincluded", "aggregation", "from", "size", "page", "sort", "searchafter",
}
SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "relevance": lambda doc: 0,  # no scoring here: every hit is equally relevant
    "modifieddate": lambda doc: _millis(doc["modifiedDate"]),
    "createddate": lambda doc: _millis(doc["createdDate"]),
    "publisheddate": lambda doc: _millis(doc["publishedDate"]),
    "publicationdate": lambda doc: int(doc["entityDescription"]["publicationDate"]["year"]),
    "title": lambda doc: doc["entityDescription"]["mainTitle"],
    "category": lambda doc: doc["entityDescription"]["reference"]["publicationInstance"]["type"],
}
DATE_FORMATS = ("%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ")


class NvaSite:
    """The API over a set of publication documents, with mutation methods for tests."""

    def __init__(self, brage: WorkStore, pdfs: pdf.PdfCache):
        self._lock = threading.Lock()
        self._docs = {doc["identifier"]: doc for doc in nva_works(brage)}
        self.pdfs = pdfs
        self.router = Router(lambda request: _problem(404, "Not Found", f"{request.path} is not a resource"))
        self.router.add("/search/resources", self.search)
        self.router.add("/publication/(?P<identifier>[^/]+)", self.publication)
        self.router.add("/registration/(?P<identifier>[^/]+)", self.landing_page)
        self.router.add("/download/public/(?P<identifier>[^/]+)/files/(?P<file_id>[^/]+)", self.download)

    def respond(self, request: Request) -> Response:
        response = self.router.respond(request)
        if response.content_type == JSON_TYPE:
            response.body = response.body.replace(API.encode(), request.base_url.encode())
        return response

    # --- what tests read and change ---------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """Every document, published or not, in identifier order."""
        return [self._docs[key] for key in sorted(self._docs)]

    def published(self) -> list[dict[str, Any]]:
        return [doc for doc in self.documents() if doc["status"] in PUBLIC]

    def update(self, identifier: str, **entity: Any) -> dict[str, Any]:
        """Change entityDescription fields (mainTitle, abstract, ...); modifiedDate becomes now."""
        return self._change(identifier, lambda doc: doc["entityDescription"].update(entity))

    def unpublish(self, identifier: str) -> dict[str, Any]:
        """Gone from the search, 410 at /publication/{id}, as NVA does for an unpublished work."""
        return self._change(identifier, lambda doc: doc.update(status="UNPUBLISHED"))

    def _change(self, identifier: str, edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        with self._lock:
            doc = copy.deepcopy(self._docs[identifier])
            edit(doc)
            doc["modifiedDate"] = _stamp(datetime.now(timezone.utc))
            self._docs = self._docs | {identifier: doc}
        return doc

    # --- GET /search/resources --------------------------------------------------------------

    def search(self, request: Request) -> Response:
        try:
            params = _parameters(request)
            return _json(200, self._page(params, request.base_url + request.path))
        except SearchError as error:
            return _problem(400, "Bad Request", str(error))

    def _page(self, params: dict[str, tuple[str, str]], url: str) -> dict[str, Any]:
        value = {key: given for key, (_, given) in params.items()}
        size = _number(value.get("size", str(DEFAULT_SIZE)), "size")
        offset = _number(value.get("from", "0"), "from")
        if "page" in value:
            offset = _number(value["page"], "page") * size
        if size > MAX_SIZE or offset + size > MAX_WINDOW:
            raise SearchError(f"from + size must stay within {MAX_WINDOW} and size within {MAX_SIZE}")
        order = _sort(value.get("sort", "relevance"))
        matches = _sorted([doc for doc in self.published() if _matches(doc, value)], order)
        total = len(matches)
        if "searchafter" in value:
            cursor = value["searchafter"].split(",")
            matches = [doc for doc in matches if _after(_sort_values(doc, order), cursor, order)]
        hits = matches[offset:offset + size]
        page: dict[str, Any] = {"id": _link(url, params, {"from": str(offset)}), "totalHits": total,
                                "hits": [_included(search_hit(doc), value.get("nodesincluded")) for doc in hits]}
        if offset + size < total:
            page["nextResults"] = _link(url, params, {"from": str(offset + size)})
            if hits:
                after = ",".join(str(v) for v in _sort_values(hits[-1], order))
                page["nextSearchAfterResults"] = _link(url, params, {"search_after": after})
        if offset > 0:
            page["previousResults"] = _link(url, params, {"from": str(max(offset - size, 0))})
        if value.get("aggregation", "none") != "none":
            page["aggregations"] = _aggregations(matches, url, params)
        page["@context"] = "https://bibsysdev.github.io/src/search/paginated-search-result.json"
        return page

    # --- GET /publication/{id} and the pages around it ----------------------------------------

    def publication(self, request: Request, identifier: str) -> Response:
        doc = self._docs.get(identifier)
        if doc is None:
            return _problem(404, "Not Found", f"Publication not found: {identifier}")
        if doc["status"] not in PUBLIC:
            return _problem(410, "Gone", f"Publication {identifier} has been unpublished")
        return _json(200, stored_form(doc))

    def landing_page(self, request: Request, identifier: str) -> Response:
        doc = self._docs.get(identifier)
        if doc is None or doc["status"] not in PUBLIC:
            return Response(404, b"<h1>Not found</h1>", HTML)
        entity = doc["entityDescription"]
        names = "; ".join(escape(c["identity"]["name"]) for c in entity["contributors"])
        files = "".join(f'<li><a href="/download/public/{identifier}/files/{f["identifier"]}">'
                        f'{escape(f["name"])}</a></li>'
                        for f in doc["associatedArtifacts"] if f["type"] == "OpenFile")
        body = (f'<!DOCTYPE html><html lang="no"><head><meta charset="utf-8"><title>{escape(entity["mainTitle"])}'
                f' – NVA</title></head><body><h1>{escape(entity["mainTitle"])}</h1><p>{names}</p>'
                f'<p>{escape(entity.get("abstract", ""))}</p><ul>{files}</ul></body></html>')
        return Response(200, body.encode("utf-8"), HTML)

    def download(self, request: Request, identifier: str, file_id: str) -> Response:
        doc = self._docs.get(identifier)
        files = [f for f in (doc or {}).get("associatedArtifacts", [])
                 if f["type"] == "OpenFile" and f["identifier"] == file_id]
        if not files or doc["status"] not in PUBLIC:
            return _problem(404, "Not Found", f"No public file {file_id} in {identifier}")
        entity = doc["entityDescription"]
        authors = [c["identity"]["name"] for c in entity["contributors"]]
        body = self.pdfs.get(("nva", identifier, entity["mainTitle"]),
                             lambda: pdf.document(entity["mainTitle"], authors, [("", entity.get("abstract", ""))]))
        return Response(200, body, PDF)


# --- search helpers ------------------------------------------------------------------------------

def _parameters(request: Request) -> dict[str, tuple[str, str]]:
    """Normalised name -> (name as sent, value); repeats merged with commas as NVA does."""
    params: dict[str, tuple[str, str]] = {}
    for name, values in request.query.items():
        key = name.replace("_", "").lower()
        if key not in PARAMETERS:
            raise SearchError(f"Invalid query parameter: {name}")
        params[key] = (name, ",".join(values))
    return params


def _number(text: str, name: str) -> int:
    if not text.isdigit():
        raise SearchError(f"{name} must be a whole number, not {text!r}")
    return int(text)


def _date(text: str, name: str) -> datetime:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise SearchError(f"{name}: {text!r} is not yyyy, yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss[.SSS]Z")


def _sort(text: str) -> list[tuple[str, bool]]:
    """"modifiedDate:asc,title:desc" -> [(key, ascending)], identifier appended as NVA does."""
    order = []
    for part in filter(None, text.split(",")):
        name, _, direction = part.strip().partition(":")
        key = name.replace("_", "").lower()
        if key not in SORT_KEYS or direction.lower() not in ("", "asc", "desc"):
            raise SearchError(f"Invalid sort key: {part}; valid keys are {', '.join(SORT_KEYS)}")
        order.append((key, direction.lower() != "desc"))
    return order + [("identifier", True)]


def _sort_values(doc: dict[str, Any], order: list[tuple[str, bool]]) -> list[Any]:
    return [doc["identifier"] if key == "identifier" else SORT_KEYS[key](doc) for key, _ in order]


def _sorted(docs: list[dict[str, Any]], order: list[tuple[str, bool]]) -> list[dict[str, Any]]:
    """Stable sorts from the last key to the first: each key in its own direction."""
    for index in reversed(range(len(order))):
        docs = sorted(docs, key=lambda doc: _sort_values(doc, order)[index], reverse=not order[index][1])
    return docs


def _after(values: list[Any], cursor: list[str], order: list[tuple[str, bool]]) -> bool:
    """Does a hit with these sort values come after the search_after cursor?"""
    if len(cursor) != len(values):
        raise SearchError("search_after needs one value per sort key, identifier last")
    for value, text, (_, ascending) in zip(values, cursor, order):
        if isinstance(value, int) and not text.lstrip("-").isdigit():
            raise SearchError(f"search_after: {text!r} is not a number")
        other = int(text) if isinstance(value, int) else text
        if value != other:
            return (value > other) == ascending
    return False


def _matches(doc: dict[str, Any], value: dict[str, str]) -> bool:
    entity = doc["entityDescription"]
    if "query" in value:
        text = " ".join([entity["mainTitle"], entity.get("abstract", ""), *entity.get("tags", []),
                         *(c["identity"]["name"] for c in entity["contributors"])]).casefold()
        if not all(word in text for word in value["query"].casefold().split()):
            return False
    if "toplevelorganization" in value:
        wanted = {item.rsplit("/", 1)[-1] for item in value["toplevelorganization"].split(",")}
        if not wanted & {org["id"].rsplit("/", 1)[-1] for org in doc["topLevelOrganizations"]}:
            return False
    if "instancetype" in value and (entity["reference"]["publicationInstance"]["type"]
                                    not in value["instancetype"].split(",")):
        return False
    if "id" in value and doc["identifier"] not in value["id"].split(","):
        return False
    modified = _parse_stamp(doc["modifiedDate"])
    if "modifiedsince" in value and modified < _date(value["modifiedsince"], "modified_since"):
        return False
    return not ("modifiedbefore" in value and modified >= _date(value["modifiedbefore"], "modified_before"))


def _included(hit: dict[str, Any], nodes: str | None) -> dict[str, Any]:
    """nodes_included: only the named top-level fields of each hit."""
    if not nodes:
        return hit
    return {key: hit[key] for key in nodes.split(",") if key in hit}


def _aggregations(docs: list[dict[str, Any]], url: str, params: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Facets by type and top-level organization; each id is the query with that filter added."""
    types: dict[str, int] = {}
    organizations: dict[str, tuple[int, dict[str, str]]] = {}
    for doc in docs:
        kind = doc["entityDescription"]["reference"]["publicationInstance"]["type"]
        types[kind] = types.get(kind, 0) + 1
        for org in doc["topLevelOrganizations"]:
            count, _ = organizations.get(org["id"], (0, {}))
            organizations[org["id"]] = (count + 1, org["labels"])
    return {
        "type": [{"id": _link(url, params, {"instanceType": key}), "key": key, "count": count,
                  "labels": {"en": key}} for key, count in sorted(types.items())],
        "topLevelOrganization": [{"id": _link(url, params, {"topLevelOrganization": key}), "key": key,
                                  "count": count, "labels": labels}
                                 for key, (count, labels) in sorted(organizations.items())],
    }


def _link(url: str, params: dict[str, tuple[str, str]], changes: dict[str, str]) -> str:
    """The request again with from/page/search_after replaced by `changes`."""
    kept = {name: given for key, (name, given) in params.items() if key not in ("from", "page", "searchafter")}
    return f"{url}?{urlencode(kept | changes)}"


def _millis(stamp: str) -> int:
    return int(_parse_stamp(stamp).timestamp() * 1000)


def _json(status: int, document: dict[str, Any]) -> Response:
    return Response(status, json.dumps(document, ensure_ascii=False).encode("utf-8"), JSON_TYPE)


def _problem(status: int, title: str, detail: str) -> Response:
    """NVA's errors are Problem documents (zalando problem, RFC 7807)."""
    return _json(status, {"type": "about:blank", "title": title, "status": status, "detail": detail})
