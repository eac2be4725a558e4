"""NVA (Sikt's Nasjonalt vitenarkiv) publication JSON -> dc-dict. Pure functions, no Scrapy.

Field names are those of the public API as its code defines them: the index document in
BIBSYSDEV/nva-search-api (search-commons/.../resource/README.md "Data Model", the paths in
ResourceParameter.java and Constants.java, LegacyMutator.java) and the publication model behind
GET /publication/{id} (BIBSYSDEV/nva-publication-api docs/openapi.yaml, nva-datamodel-java
contexttypes/*). One function reads both shapes: a search hit is the expanded index document
(journal, series and publisher names filled in, contributors cut to a preview of ten with
`contributorsCount`); a /publication document has every contributor but names confirmed
channels only by their id.
"""
from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlsplit

from nordcat import dc

PUBLIC_STATUSES = {"PUBLISHED", "PUBLISHED_METADATA"}  # what the public search ever shows
OPEN_FILE_TYPES = {"OpenFile", "PublishedFile"}  # PublishedFile: the older name of OpenFile
LEXVO = "http://lexvo.org/id/iso639-3/"
# The API host names no landing page; the production front end is known, a test server's is itself.
LANDING_HOSTS = {"api.nva.unit.no": "https://nva.sikt.no"}

ROLE_KEYS = {
    "Creator": "dc.contributor.author",
    "Editor": "dc.contributor.editor",
    "Supervisor": "dc.contributor.advisor",
}
# NVA instance types (entityDescription.reference.publicationInstance.type) as the dc.type
# labels Nordic repositories use, so pipeline.coar maps them; unlisted types pass unchanged.
TYPE_LABELS = {
    "ReportResearch": "Research report", "ReportPolicy": "Policy report",
    "ReportWorkingPaper": "Working paper", "ReportBasic": "Report", "ConferenceReport": "Report",
    "ReportBookOfAbstract": "Report",
    "AcademicArticle": "Journal article", "AcademicLiteratureReview": "Journal article",
    "CaseReport": "Journal article", "StudyProtocol": "Journal article",
    "PopularScienceArticle": "Contribution to journal",
    "ProfessionalArticle": "Contribution to journal", "JournalLeader": "Contribution to journal",
    "JournalLetter": "Contribution to journal", "JournalReview": "Review",
    "AcademicMonograph": "Book", "NonFictionMonograph": "Book", "PopularScienceMonograph": "Book",
    "Textbook": "Book", "BookAnthology": "Book", "Encyclopedia": "Book",
    "AcademicChapter": "Book part", "NonFictionChapter": "Book part",
    "PopularScienceChapter": "Book part", "TextbookChapter": "Book part",
    "EncyclopediaChapter": "Book part", "ChapterInReport": "Book part", "Introduction": "Book part",
    "DegreeBachelor": "Bachelor thesis", "DegreeMaster": "Master thesis",
    "DegreePhd": "Doctoral thesis", "DegreeLicentiate": "Thesis",
    "ConferenceLecture": "Lecture", "Lecture": "Lecture", "OtherPresentation": "Lecture",
    "ConferencePoster": "Conference object", "ConferenceAbstract": "Conference object",
    "DataSet": "Dataset", "MediaFeatureArticle": "Newspaper article",
}
NAME_PARTICLES = {"af", "av", "da", "de", "del", "der", "den", "di", "du", "la", "le", "van", "von", "zu"}


def is_withdrawn(doc: dict[str, Any]) -> bool:
    """Unpublished, deleted or draft: a publication the public may no longer see."""
    status = str(doc.get("status") or "PUBLISHED").upper()
    return status not in PUBLIC_STATUSES


def contributors_truncated(doc: dict[str, Any]) -> bool:
    """A search hit lists at most ten contributors; `contributorsCount` tells how many there are."""
    entity = doc.get("entityDescription") or {}
    return int(entity.get("contributorsCount") or 0) > len(entity.get("contributors") or [])


def with_contributors(hit: dict[str, Any], publication: dict[str, Any]) -> dict[str, Any]:
    """The search hit, its contributor preview replaced by the full list of /publication/{id}."""
    whole = copy.deepcopy(hit)
    entity = whole.setdefault("entityDescription", {})
    entity["contributors"] = (publication.get("entityDescription") or {}).get("contributors") or []
    return whole


def landing_base(api_url: str) -> str:
    """Where a reader opens a publication: https://nva.sikt.no for the production API."""
    parts = urlsplit(api_url)
    return LANDING_HOSTS.get(parts.hostname or "", f"{parts.scheme}://{parts.netloc}")


def landing_page(base: str, identifier: str) -> str:
    return f"{base}/registration/{identifier}"


def to_dc(doc: dict[str, Any], landing: str) -> dict[str, list[str]]:
    """The dc-dict of one publication (search hit or /publication document); `landing` is the
    front end's base URL (landing_base)."""
    entity = doc.get("entityDescription") or {}
    reference = entity.get("reference") or {}
    context = reference.get("publicationContext") or {}
    instance = reference.get("publicationInstance") or {}
    meta: dict[str, list[str]] = {}
    _add(meta, "dc.title", entity.get("mainTitle"))
    _add(meta, "dc.title.alternative", *(entity.get("alternativeTitles") or {}).values())
    for key, name in _contributors(entity):
        _add(meta, key, name)
    for key, value in _person_identifiers(entity):
        _add(meta, key, value)
    _add(meta, "dc.date.issued", _issued(entity.get("publicationDate") or {}))
    _add(meta, "dc.date.accessioned", doc.get("publishedDate"))
    _add(meta, "dc.type", TYPE_LABELS.get(instance.get("type"), instance.get("type")))
    _add(meta, "dc.language.iso", _language(entity.get("language")))
    _add(meta, "dc.identifier.doi", reference.get("doi"), doc.get("doi"))
    _add(meta, "dc.identifier.uri", doc.get("handle"), *_additional(doc, "HandleIdentifier"))
    _add(meta, "dc.identifier.cristin", *_additional(doc, "CristinIdentifier"))
    _add(meta, "dc.identifier.issn", *_issns(context))
    _add(meta, "dc.identifier.isbn", *(context.get("isbnList") or []))
    _add(meta, "dc.relation.ispartofseries", _series(context))
    if context.get("type") in ("Journal", "UnconfirmedJournal"):
        _add(meta, "dc.source.journal", context.get("name") or context.get("title"))
    _add(meta, "dc.publisher", _publisher(context))
    _add(meta, "dc.description.abstract", entity.get("abstract"),
         *(entity.get("alternativeAbstracts") or {}).values())
    _add(meta, "dc.subject", *(entity.get("tags") or []))
    files = _open_files(doc)
    _add(meta, "dc.rights.uri", *(_licence(f) for f in files))
    _add(meta, "dc.format.mimetype", *(f.get("mimeType") for f in files))
    _add(meta, dc.URL, landing_page(landing, doc["identifier"]) if doc.get("identifier") else None)
    _add(meta, dc.FULLTEXT_URL, *(_download_url(doc, f) for f in files))
    _add(meta, dc.DATE_MODIFIED, doc.get("modifiedDate"))
    return meta


def _add(meta: dict[str, list[str]], key: str, *values: Any) -> None:
    """Append trimmed, non-empty, not yet present string values under key."""
    for value in values:
        text = " ".join(value.split()) if isinstance(value, str) else ""
        if text and text not in meta.get(key, []):
            meta.setdefault(key, []).append(text)


def _contributors(entity: dict[str, Any]) -> list[tuple[str, str]]:
    """(dc key, "Family, Given") in NVA's sequence order; roles other than creator, editor and
    supervisor become plain dc.contributor."""
    people = sorted(entity.get("contributors") or [], key=lambda c: c.get("sequence") or 0)
    found = []
    for person in people:
        identity = person.get("identity") or {}
        role = person.get("role")
        role_type = role.get("type") if isinstance(role, dict) else role  # a plain string in old documents
        name = identity.get("name") or ""
        if identity.get("nameType") != "Organizational":
            name = inverted(name)
        found.append((ROLE_KEYS.get(role_type or "Creator", "dc.contributor"), name))
    return found


def _person_identifiers(entity: dict[str, Any]) -> list[tuple[str, str]]:
    """"Family, Given|id" of each person with an ORCID or a Cristin person id, under
    nordcat.person.orcid / nordcat.person.cristin (read by pipeline/persons.py)."""
    found = []
    for person in entity.get("contributors") or []:
        identity = person.get("identity") or {}
        if identity.get("nameType") == "Organizational" or not identity.get("name"):
            continue
        name = inverted(identity["name"])
        if identity.get("orcId"):
            found.append((dc.PERSON_ORCID, f"{name}|{identity['orcId']}"))
        if "/cristin/person/" in str(identity.get("id", "")):
            found.append((dc.PERSON_CRISTIN, f"{name}|{identity['id']}"))
    return found


def inverted(name: str) -> str:
    """NVA keeps a person's name as one string, mostly "Given Family" as Cristin writes it;
    records migrated from Brage keep "Family, Given". Both come out as "Family, Given", a
    particle staying with the family name ("Ludwig van Beethoven" -> "van Beethoven, Ludwig")."""
    words = name.split()
    if "," in name or len(words) < 2:
        return " ".join(words)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    return f"{' '.join(words[start:])}, {' '.join(words[:start])}"


def _issued(date: dict[str, Any]) -> str | None:
    """{"year": "2023", "month": "8", "day": "24"} -> "2023-08-24", as precise as given."""
    year = str(date.get("year") or "").strip()
    if not year.isdigit():
        return None
    parts = [year]
    for value in (date.get("month"), date.get("day")):
        text = str(value or "").strip()
        if not text.isdigit():
            break
        parts.append(f"{int(text):02d}")
    return "-".join(parts)


def _language(uri: Any) -> str | None:
    """"http://lexvo.org/id/iso639-3/nob" -> "nob"; "und" (undetermined) says nothing."""
    if not isinstance(uri, str) or not uri.startswith(LEXVO):
        return None
    code = uri.removeprefix(LEXVO)
    return None if code == "und" else code


def _additional(doc: dict[str, Any], kind: str) -> list[str]:
    """Values of additionalIdentifiers of one type; older documents say only the sourceName."""
    source = {"HandleIdentifier": "handle", "CristinIdentifier": "cristin"}[kind]
    return [str(item.get("value")) for item in doc.get("additionalIdentifiers") or []
            if item.get("value") and (item.get("type") == kind
                                      or str(item.get("sourceName", "")).lower() == source)]


def _issns(context: dict[str, Any]) -> list[str]:
    """A journal's ISSNs, else those of the report or book series."""
    series = context.get("series") or {}
    return [context.get("printIssn"), context.get("onlineIssn"),
            series.get("printIssn"), series.get("onlineIssn"), series.get("issn")]


def _series(context: dict[str, Any]) -> str | None:
    """"Name;number" as Brage writes dc.relation.ispartofseries: a confirmed series has a name,
    an unconfirmed one a title."""
    series = context.get("series") or {}
    name = series.get("name") or series.get("title")
    if not name:
        return None
    number = context.get("seriesNumber")
    return f"{name};{number}" if number else name


def _publisher(context: dict[str, Any]) -> str | None:
    publisher = context.get("publisher")
    if isinstance(publisher, dict):
        return publisher.get("name")
    return publisher if isinstance(publisher, str) else None  # a plain string in old documents


def _open_files(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [artifact for artifact in doc.get("associatedArtifacts") or []
            if artifact.get("type") in OPEN_FILE_TYPES and artifact.get("identifier")
            and artifact.get("visibleForNonOwner", True)]


def _licence(file: dict[str, Any]) -> str | None:
    """A licence URI; older documents hold an object with its link."""
    licence = file.get("license")
    if isinstance(licence, dict):
        return licence.get("link") or licence.get("value")
    return licence


def _download_url(doc: dict[str, Any], file: dict[str, Any]) -> str | None:
    """The public download endpoint of a file: {api}/download/public/{id}/files/{file id},
    the API base taken from the publication's own id (https://api.nva.unit.no/publication/{id})."""
    own_id, identifier = doc.get("id"), doc.get("identifier")
    if not isinstance(own_id, str) or "/publication/" not in own_id or not identifier:
        return None
    api = own_id.rsplit("/publication/", 1)[0]
    return f"{api}/download/public/{identifier}/files/{file['identifier']}"
