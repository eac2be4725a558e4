"""What reference managers and scholarly indexers read from a page, rather than what people read.

- a work's page: Highwire Press `citation_*` meta tags (Google Scholar's inclusion guidelines),
  Dublin Core `DC.*` as a fallback, and schema.org JSON-LD;
- a list of works (the search results): one COinS span (OpenURL ContextObject) per work.

Zotero's "Embedded Metadata" translator chooses the item type from the Highwire tag it finds
(citation_technical_report_institution -> report, citation_dissertation_institution -> thesis,
citation_journal_title -> journal article, ...), else from DC.type when the page has DC tags,
else guesses a journal article from citation_title. So every work names its Zotero type in DC.type
and, where the record gives the value the type's Highwire tag needs, that tag too. Its COinS
translator reads the type from rft_val_fmt and rft.genre (Zotero's openurl.js).
"""
from __future__ import annotations

import json
from urllib.parse import quote

from publish.pages.common import json_list, safe_url

# The catalogue's resource types (COAR labels, documents.doc_type) as Zotero item types and
# schema.org types. A type not listed is a "document" / CreativeWork.
ZOTERO_TYPES = {
    "research report": "report", "report": "report", "working paper": "report", "policy report": "report",
    "master thesis": "thesis", "doctoral thesis": "thesis", "bachelor thesis": "thesis",
    "journal article": "journalArticle", "newspaper article": "newspaperArticle", "book": "book",
    "book part": "bookSection", "conference paper": "conferencePaper", "lecture": "presentation",
    "website": "webpage",
}
SCHEMA_TYPES = {"report": "Report", "thesis": "Thesis", "journalArticle": "ScholarlyArticle",
                "newspaperArticle": "NewsArticle", "book": "Book", "bookSection": "Chapter",
                "conferencePaper": "ScholarlyArticle", "presentation": "PresentationDigitalDocument",
                "webpage": "WebPage"}
# ISO 639-3 (documents.language) as BCP 47, which HTML, Dublin Core and schema.org expect
BCP47 = {"nob": "nb", "nno": "nn", "nor": "no", "dan": "da", "swe": "sv", "fin": "fi", "isl": "is",
         "fao": "fo", "sme": "se", "eng": "en", "deu": "de", "fra": "fr"}
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
DESCRIPTION_CHARACTERS = 1000  # a meta tag's description is a summary, the page holds the whole abstract


def zotero_type(doc: dict) -> str:
    return ZOTERO_TYPES.get(doc.get("doc_type") or "", "document")


def language_tag(code: str | None) -> str | None:
    return BCP47.get(code, code) if code else None


def highwire_date(doc: dict) -> str | None:
    """Google Scholar asks for "2010/5/12", or the year alone when the day is not known."""
    issued = doc.get("date_issued") or ""
    if len(issued) == 10 and issued[4] == issued[7] == "-":
        return issued.replace("-", "/")
    return str(doc["year"]) if doc.get("year") else issued[:4] or None


def citation_meta(doc: dict, page_url: str) -> list[tuple[str, str]]:
    """(name, content) of the Highwire Press tags, in the order Google Scholar lists them."""
    kind = zotero_type(doc)
    series, publisher = doc.get("series"), doc.get("publisher")
    tags = [("citation_title", doc.get("title"))]
    tags += [("citation_author", name) for name in json_list(doc.get("authors"))]
    tags += [("citation_publication_date", highwire_date(doc))]
    if kind == "report":
        tags += [("citation_technical_report_institution", publisher),
                 ("citation_technical_report_number", doc.get("series_number")), ("citation_series_title", series)]
    elif kind == "thesis":
        tags += [("citation_dissertation_institution", publisher)]
    elif kind == "journalArticle":
        tags += [("citation_journal_title", series)]
    elif kind == "conferencePaper":
        tags += [("citation_conference_title", series)]
    else:
        tags += [("citation_series_title", series)]
    tags += [("citation_publisher", publisher)]
    tags += [("citation_issn", issn) for issn in json_list(doc.get("issn"))]
    tags += [("citation_isbn", isbn) for isbn in json_list(doc.get("isbn"))]
    tags += [("citation_doi", doc.get("doi")), ("citation_language", language_tag(doc.get("language")))]
    tags += [("citation_keywords", subject) for subject in json_list(doc.get("subjects"))]
    tags += [("citation_pdf_url", safe_url(doc.get("fulltext_url"))),
             ("citation_public_url", safe_url(doc.get("url"))), ("citation_abstract_html_url", page_url)]
    return _filled(tags)


def dublin_core_meta(doc: dict) -> list[tuple[str, str]]:
    """(name, content) of the DC.* tags; DC.type is the Zotero item type (see the module's text)."""
    tags = [("DC.title", doc.get("title"))]
    tags += [("DC.creator", name) for name in json_list(doc.get("authors"))]
    tags += [("DC.date", doc.get("date_issued") or doc.get("year")), ("DC.publisher", doc.get("publisher")),
             ("DC.language", language_tag(doc.get("language"))), ("DC.type", zotero_type(doc))]
    tags += [("DC.identifier", identifier) for identifier in identifier_urls(doc)]
    tags += [("DC.identifier", f"urn:isbn:{isbn}") for isbn in json_list(doc.get("isbn"))]
    tags += [("DC.identifier", f"urn:issn:{issn}") for issn in json_list(doc.get("issn"))]
    tags += [("DC.subject", subject) for subject in json_list(doc.get("subjects"))]
    tags += [("DC.description", summary(doc.get("abstract"))), ("DC.rights", doc.get("licence"))]
    return _filled(tags)


def identifier_urls(doc: dict) -> list[str]:
    """The work's persistent identifiers as URLs: DOI, then handle (JSON-LD adds its landing page)."""
    return [url for url in (f"https://doi.org/{doc['doi']}" if doc.get("doi") else None,
                            f"https://hdl.handle.net/{doc['handle']}" if doc.get("handle") else None) if url]


def json_ld(doc: dict, page_url: str) -> dict:
    """schema.org description of the work; its page is its @id."""
    kind = zotero_type(doc)
    described = {"@context": "https://schema.org", "@type": SCHEMA_TYPES.get(kind, "CreativeWork"),
                 "@id": page_url, "url": page_url, "name": doc.get("title"),
                 "author": [person_or_organisation(name) for name in json_list(doc.get("authors"))] or None,
                 "datePublished": doc.get("date_issued") or (str(doc["year"]) if doc.get("year") else None),
                 "publisher": {"@type": "Organization", "name": doc["publisher"]} if doc.get("publisher") else None,
                 "inLanguage": language_tag(doc.get("language")), "abstract": doc.get("abstract"),
                 "keywords": json_list(doc.get("subjects")) or None, "isbn": json_list(doc.get("isbn")) or None,
                 "sameAs": list(dict.fromkeys([*identifier_urls(doc), *filter(None, [safe_url(doc.get("url"))])])) or None,
                 "isPartOf": series_of(doc, kind), "license": doc.get("licence")}
    if kind == "report" and doc.get("series_number"):
        described["reportNumber"] = doc["series_number"]
    if safe_url(doc.get("fulltext_url")):
        described["encoding"] = {"@type": "MediaObject", "contentUrl": safe_url(doc["fulltext_url"]),
                                 "encodingFormat": "application/pdf"}
    return {name: value for name, value in described.items() if value not in (None, "")}


def series_of(doc: dict, kind: str) -> dict | None:
    """The series (or, for an article, the journal) the work is part of, with its ISSN."""
    if not doc.get("series"):
        return None
    series = {"@type": "Periodical" if kind == "journalArticle" else "CreativeWorkSeries", "name": doc["series"]}
    if json_list(doc.get("issn")):
        series["issn"] = json_list(doc["issn"])
    return series


def person_or_organisation(name: str) -> dict:
    """Authors are written "Family, Given"; a name without a comma is an organisation's."""
    return {"@type": "Person" if "," in name else "Organization", "name": name}


def script_json(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> block: no "<", ">", "&" or "'" in it, so that
    no value (a title holding "</script>") can end the block or read as markup anywhere."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character in "<>&'":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return text


def coins(row: dict) -> str:
    """The title attribute of a COinS span: an OpenURL 1.0 ContextObject (KEV) as Zotero's
    openurl.js writes and reads it: the format and genre give the item type."""
    kind = zotero_type(row)
    fields = [("ctx_ver", "Z39.88-2004")] + _coins_type(kind, row.get("title"))
    fields += [("rft.au", name) for name in json_list(row.get("authors"))]
    fields += [("rft.date", str(row["year"]) if row.get("year") else None),
               ("rft.pub" if kind != "thesis" else "rft.inst", row.get("publisher")),
               ("rft.language", language_tag(row.get("language"))), ("rft_id", safe_url(row.get("url")))]
    return "&".join(f"{key}={quote(str(value), safe='')}" for key, value in _filled(fields))


def _coins_type(kind: str, title: str | None) -> list[tuple[str, str | None]]:
    book_genres = {"book": ("book", "rft.btitle"), "report": ("report", "rft.btitle"),
                   "bookSection": ("bookitem", "rft.atitle"), "conferencePaper": ("proceeding", "rft.atitle")}
    if kind == "journalArticle":
        return [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"), ("rft.atitle", title)]
    if kind in book_genres:
        genre, title_key = book_genres[kind]
        return [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre), (title_key, title)]
    if kind == "thesis":
        return [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dissertation"), ("rft.title", title)]
    return [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", kind), ("rft.title", title)]


def summary(text: str | None) -> str | None:
    if not text or len(text) <= DESCRIPTION_CHARACTERS:
        return text
    return text[:DESCRIPTION_CHARACTERS].rsplit(" ", 1)[0] + " …"


def _filled(tags: list[tuple[str, object]]) -> list[tuple[str, str]]:
    """The tags that have a value, as text."""
    return [(name, str(value)) for name, value in tags if value not in (None, "")]
