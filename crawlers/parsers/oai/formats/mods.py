"""MODS and SwePub MODS (DiVA, LUP, GUP, Pure)."""
from __future__ import annotations

import re
from typing import Callable

from lxml import etree

from crawlers.parsers.oai.tree import Metadata, add, child_texts, clean, elements, local
from nordcat import dc

MODS_NS = "http://www.loc.gov/mods/v3"

# MARC relator codes and terms as MODS writes them (SwePub/DiVA use the codes).
_MODS_ROLES = {"aut": "dc.contributor.author", "author": "dc.contributor.author",
               "cre": "dc.contributor.author", "creator": "dc.contributor.author",
               "edt": "dc.contributor.editor", "editor": "dc.contributor.editor",
               "ths": "dc.contributor.advisor", "thesis advisor": "dc.contributor.advisor"}
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]")
_SERIES_TITLE = etree.XPath("*[local-name()='titleInfo'][1]/*[local-name()='title']/text()")
_SERIES_NUMBER = etree.XPath(  # MODS partNumber, DiVA's identifier, or MODS part/detail
    "*[local-name()='titleInfo']/*[local-name()='partNumber']/text()"
    " | *[local-name()='identifier'][@type='issue number']/text()"
    " | *[local-name()='part']/*[local-name()='detail']/*[local-name()='number']/text()")


def mods(payload: etree._Element) -> Metadata:
    """MODS and SwePub MODS (DiVA, LUP, GUP, Pure): titles, names with roles, dates,
    identifiers, language, genre, abstract, subjects, series, full-text links, rights.
    Notes, recordInfo and typeOfResource are not mapped."""
    out: Metadata = {}
    root = next(payload.iter(f"{{{MODS_NS}}}mods", "mods"), None)
    for element in elements(root):
        mapper = _MODS_ELEMENTS.get(local(element.tag))
        if mapper:
            mapper(element, out)
    return out


def _mods_title(title_info: etree._Element, out: Metadata) -> None:
    parts = child_texts(title_info)
    if not parts.get("title"):
        return
    title = " ".join(parts.get("nonSort", []) + parts["title"])
    if parts.get("subTitle"):
        title = f"{title} : {parts['subTitle'][0]}"
    add(out, "dc.title.alternative" if title_info.get("type") else "dc.title", title)


def _mods_name(name: etree._Element, out: Metadata) -> None:
    parts: dict[str | None, list[str]] = {"family": [], "given": [], None: []}
    terms: list[str] = []
    for child in elements(name):
        part = local(child.tag)
        if part == "namePart" and child.get("type") in parts:  # not "date", "termsOfAddress"
            add(parts, child.get("type"), child.text)
        elif part == "role":
            terms += [clean(term.text).lower() for term in elements(child)]
    family, given = " ".join(parts["family"]), " ".join(parts["given"])
    if family:
        display = f"{family}, {given}" if given else family
    else:  # a personal name written whole, or a corporate hierarchy (university, department)
        display = ", ".join(parts[None])
    key = next((_MODS_ROLES[term] for term in terms if term in _MODS_ROLES), "dc.contributor")
    add(out, key, display)


def _mods_origin(origin: etree._Element, out: Metadata) -> None:
    for child in elements(origin):
        part = local(child.tag)
        if part == "dateIssued":
            add(out, "dc.date.issued", child.text)
        elif part == "publisher":
            add(out, "dc.publisher", child.text)


def _mods_identifier(identifier: etree._Element, out: Metadata) -> None:
    if identifier.get("invalid") == "yes":
        return
    kind = _NOT_ALPHANUMERIC.sub("", identifier.get("type", "").lower())
    value = clean(identifier.text)
    if kind == "hdl":  # a bare handle or its resolver URL: DSpace keeps the URL in .uri
        kind = "uri"
        if value and "://" not in value:
            value = f"https://hdl.handle.net/{value}"
    add(out, f"dc.identifier.{kind}" if kind else "dc.identifier", value)


def _mods_language(language: etree._Element, out: Metadata) -> None:
    if language.get("objectPart"):  # e.g. the language of a thesis defence, not of the text
        return
    for term in elements(language):
        add(out, "dc.language.iso" if term.get("type") == "code" else "dc.language", term.text)


def _mods_subject(subject: etree._Element, out: Metadata) -> None:
    for child in elements(subject):
        part = local(child.tag)
        if part == "topic":
            add(out, "dc.subject", child.text)
        elif part == "geographic":
            add(out, "dc.coverage.spatial", child.text)


def _mods_location(location: etree._Element, out: Metadata) -> None:
    for url in elements(location):
        if local(url.tag) == "url":
            raw = url.get("access") == "raw object"
            add(out, dc.FULLTEXT_URL if raw else "dc.identifier.uri", url.text)


def _mods_related(related: etree._Element, out: Metadata) -> None:
    """Series -> dc.relation.ispartofseries "Title;number" (DSpace's form); host (journal,
    book) title -> dc.relation.ispartof. Their ISSNs are the ones DSpace files under
    dc.identifier.issn."""
    kind = related.get("type")
    if kind not in ("series", "host"):
        return
    title = clean("".join(_SERIES_TITLE(related)[:1]))
    if kind == "series":
        number = next((n for n in map(clean, _SERIES_NUMBER(related)) if n), "")
        add(out, "dc.relation.ispartofseries", f"{title};{number}" if title and number else title)
    else:
        add(out, "dc.relation.ispartof", title)
    for identifier in elements(related):
        if local(identifier.tag) == "identifier" and identifier.get("type") in ("issn", "eissn"):
            add(out, f"dc.identifier.{identifier.get('type')}", identifier.text)


def _mods_extent(description: etree._Element, out: Metadata) -> None:
    for child in elements(description):
        if local(child.tag) == "extent":
            add(out, "dc.format.extent", child.text)


def _mods_text(key: str) -> Callable[[etree._Element, Metadata], None]:
    return lambda element, out: add(out, key, element.text)


_MODS_ELEMENTS: dict[str, Callable[[etree._Element, Metadata], None]] = {
    "titleInfo": _mods_title, "name": _mods_name, "originInfo": _mods_origin,
    "identifier": _mods_identifier, "language": _mods_language, "subject": _mods_subject,
    "location": _mods_location, "relatedItem": _mods_related, "physicalDescription": _mods_extent,
    "genre": _mods_text("dc.type"), "abstract": _mods_text("dc.description.abstract"),
    "accessCondition": _mods_text("dc.rights"),
}
