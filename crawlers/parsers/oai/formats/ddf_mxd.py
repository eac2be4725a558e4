"""ddf-mxd, the Danish Research Database's MXD document format, mapped to the dc-dict.

Every Danish university's Pure offers `ddf-mxd` over OAI-PMH; it is richer than Pure's MODS
(person roles, report series with their numbers, open-access full-text links). The structure
follows the published schema (RAP-research-output-impact/ddf-mxd, DDF_MXD_Schema_v1.3.1.0.xsd):

    <ddf_doc doc_type doc_lang doc_year rec_created rec_upd ...>
      <title><original xml:lang><main/><sub/></original><translated xml:lang>...</translated></title>
      <description><abstract/><note/><thesis><advisor/></thesis><subject><keyword/></subject></description>
      <person pers_role><name><first/><last/></name></person>...
      <organisation org_role><name xml:lang><level1/>...<level4/></name></organisation>...
      <publication>in_journal | in_book | in_report | book | report | patent | inetpub
                   | digital_object | oa_link | other</publication>

The namespace carries the version: `.../ns/mxd/1.2`, `.../ns/documents/1.3`, and `1.4` from
current Pure. Elements are matched by local name, so every version maps the same.

Not mapped: events, projects, local fields, classification codes, research areas, review and
level codes, and the ISBN of a host book or report (it identifies the host, and would merge
a chapter with its book). Full texts that are not open access (campus, embargoed, closed) are
left out: the catalogue's full-text link promises a file anyone can read.
"""
from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from crawlers.parsers.oai.tree import Metadata, add, elements, local
from nordcat import dc

MXD_NS_BASE = "http://mx.forskningsdatabasen.dk/ns/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# doc_type codes (schema _DocTypeType) -> labels pipeline.coar knows. COAR has no patent,
# software or exhibition catalogue concept, and deprecated "report part" in 2021.
DOC_TYPES = {
    "dja": "journal article", "djr": "journal article", "djl": "contribution to journal",
    "djc": "contribution to journal", "djb": "review", "dna": "newspaper article",
    "db": "book", "dba": "book part", "dbp": "book part", "dr": "report", "dra": "report",
    "dcp": "conference paper", "dca": "conference object", "dco": "conference object",
    "dct": "conference object", "dw": "working paper", "dln": "lecture", "dl": "lecture",
    "dtb": "bachelor thesis", "dtdb": "bachelor thesis", "dtm": "master thesis",
    "dtp": "doctoral thesis", "dtd": "doctoral thesis", "dts": "report", "dd": "dataset",
    "dp": "other", "dso": "other", "drt": "other", "dx": "other", "do": "other",
}
PERSON_ROLES = {
    "pau": "dc.contributor.author", "pa1": "dc.contributor.author",
    "pa2": "dc.contributor.author", "inv": "dc.contributor.author",
    "ped": "dc.contributor.editor", "sup": "dc.contributor.advisor", "ppu": "dc.publisher",
}
ORGANISATION_ROLES = {"oau": "dc.contributor.author", "oaf": "dc.contributor.affiliation",
                      "opu": "dc.publisher"}
HOST_CASES = ("in_journal", "in_book", "in_report")  # the document is part of another work
ISSN_KEYS = {"ele": "dc.identifier.eissn"}  # pri, alt, und: dc.identifier.issn


def ddf_mxd(payload: etree._Element) -> Metadata:
    """The dc-dict of one <ddf_doc> (the OAI <metadata> child)."""
    out: Metadata = {}
    for section in elements(payload):
        mapper = _SECTIONS.get(local(section.tag))
        if mapper:
            mapper(section, out)
    _record_attributes(payload, out)
    return out


def _record_attributes(doc: etree._Element, out: Metadata) -> None:
    """doc_year is the annual-report year, which may precede the publication year: it dates
    the work only when no publication case gives a year."""
    code = doc.get("doc_type", "")
    add(out, "dc.type", DOC_TYPES.get(code, code))
    add(out, "dc.language.iso", doc.get("doc_lang") or _original_title_language(doc))
    if "dc.date.issued" not in out:
        add(out, "dc.date.issued", doc.get("doc_year"))
    add(out, "dc.date.accessioned", doc.get("rec_created"))
    add(out, dc.DATE_MODIFIED, doc.get("rec_upd"))


def _original_title_language(doc: etree._Element) -> str | None:
    languages = doc.xpath("*[local-name()='title']/*[local-name()='original']/@xml:lang")
    return languages[0] if languages else None


def _title(title: etree._Element, out: Metadata) -> None:
    """The original title (main : sub) is dc.title; translations are dc.title.alternative."""
    for version in elements(title):
        kind = local(version.tag)
        parts = _child_texts(version)
        if kind in ("original", "translated") and parts.get("main"):
            full = " : ".join(parts["main"][:1] + parts.get("sub", []))
            add(out, "dc.title" if kind == "original" else "dc.title.alternative", full)


def _description(description: etree._Element, out: Metadata) -> None:
    for child in elements(description):
        kind = local(child.tag)
        if kind == "abstract":
            add(out, "dc.description.abstract", _text(child))
        elif kind == "note":
            add(out, "dc.description", _text(child))
        elif kind == "subject":
            for keyword in elements(child):
                if local(keyword.tag) == "keyword":
                    add(out, "dc.subject", _text(keyword))
        elif kind == "thesis":
            thesis = _child_texts(child)
            _add_all(out, "dc.contributor.advisor", thesis.get("advisor", []))
            _add_all(out, "dc.publisher", thesis.get("institution", []))  # the degree grantor


def _person(person: etree._Element, out: Metadata) -> None:
    name = _child_texts(next(_named(person, "name"), None))
    first, last = " ".join(name.get("first", [])), " ".join(name.get("last", []))
    display = f"{last}, {first}" if last and first else last or first
    add(out, PERSON_ROLES.get(person.get("pers_role"), "dc.contributor.other"), display)


def _organisation(organisation: etree._Element, out: Metadata) -> None:
    """The first name variant, its levels from the top ("University, Department"), as MODS
    gives a corporate hierarchy."""
    name = _child_texts(next(_named(organisation, "name"), None))
    levels = [name[level][0] for level in ("level1", "level2", "level3", "level4") if name.get(level)]
    add(out, ORGANISATION_ROLES.get(organisation.get("org_role"), "dc.contributor.other"),
         ", ".join(levels))


def _publication(publication: etree._Element, out: Metadata) -> None:
    for case in elements(publication):
        kind = local(case.tag)
        if kind == "digital_object":
            if case.get("access") == "oa":
                _add_all(out, dc.FULLTEXT_URL, _child_texts(case).get("uri", []))
        elif kind == "oa_link":  # often the digital object's own URL again
            url = case.get("url")
            if case.get("public_access") == "oa" and url not in out.get(dc.FULLTEXT_URL, []):
                add(out, dc.FULLTEXT_URL, url)
        elif kind == "inetpub":  # the work's own page: institutional repository, preprint server
            _add_all(out, dc.URL, _child_texts(case).get("uri", []))
        elif kind != "other":
            _publication_case(case, kind, out)


def _publication_case(case: etree._Element, kind: str, out: Metadata) -> None:
    """in_journal, in_book, in_report (a host work), book, report, patent (the work itself)."""
    fields = _child_texts(case)
    if kind in HOST_CASES:
        add(out, "dc.relation.ispartof", " : ".join(fields.get("title", [])[:1] + fields.get("sub_title", [])))
    else:
        _add_all(out, "dc.identifier.isbn", fields.get("isbn", []))
    _add_all(out, "dc.date.issued", fields.get("year", []) + fields.get("date", []))
    _add_all(out, "dc.publisher", fields.get("publisher", []))
    _add_all(out, "dc.identifier.doi", fields.get("doi", []))
    _add_all(out, "dc.identifier.uri", fields.get("uri", []))
    for issn in _named(case, "issn"):
        add(out, ISSN_KEYS.get(issn.get("type"), "dc.identifier.issn"), issn.text)
    _add_all(out, "dc.relation.ispartofseries", _series(fields.get("series", []), fields.get("rep_no", [])))


def _series(titles: list[str], numbers: list[str]) -> list[str]:
    """Report series with their report numbers in DSpace's "Title;number" form, pairing the
    first series with the first number."""
    if titles and numbers:
        return [f"{titles[0]};{numbers[0]}", *titles[1:]]
    return titles


_SECTIONS: dict[str, Callable[[etree._Element, Metadata], None]] = {
    "title": _title, "description": _description, "person": _person,
    "organisation": _organisation, "publication": _publication,
}


# ---------------------------------------------------------------- small tree helpers


def _named(parent: etree._Element, name: str):
    return (child for child in elements(parent) if local(child.tag) == name)


def _text(element: etree._Element) -> str:
    """All text of an element, markup inside it (<sub>, <i>) dropped."""
    return "".join(element.itertext())


def _child_texts(parent: etree._Element | None) -> dict[str, list[str]]:
    """Non-empty texts of the child elements, by local name, in source order (all their text,
    unlike crawlers.parsers.oai.tree.child_texts, which reads an element's own text only)."""
    texts: dict[str, list[str]] = {}
    for child in elements(parent):
        add(texts, local(child.tag), _text(child))
    return texts


def _add_all(out: Metadata, key: str, values: list[str]) -> None:
    for value in values:
        add(out, key, value)
