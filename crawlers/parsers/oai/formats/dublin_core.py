"""Dublin Core: oai_dc (the 15 elements) and qualified DC (qdc: DCMI terms, qualifiers as a
`type` attribute or an xsi:type scheme, and Finnish DSpace's kk:file links)."""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from crawlers.parsers.oai.formats.kk import add_file
from crawlers.parsers.oai.tree import Metadata, add, clean, elements, local

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def oai_dc(payload: etree._Element) -> Metadata:
    """oai_dc: each dc:X becomes "dc.X"."""
    out: Metadata = {}
    for element in elements(payload):
        add(out, _oai_dc_key(element.tag), element.text)
    return out


@lru_cache(maxsize=1024)
def _oai_dc_key(tag: str) -> str:
    """"{ns}title" -> "dc.title", once per tag rather than once per value."""
    return "dc." + local(tag).lower()


_DC_ELEMENTS = {"title", "creator", "subject", "description", "publisher", "contributor", "date",
                "type", "format", "identifier", "source", "language", "relation", "coverage",
                "rights"}
# DCMI terms that refine one of the 15 elements, as DSpace names the refinement.
_DCTERMS = {
    "alternative": "dc.title.alternative",
    "abstract": "dc.description.abstract", "tableofcontents": "dc.description.tableofcontents",
    "issued": "dc.date.issued", "available": "dc.date.available", "created": "dc.date.created",
    "dateaccepted": "dc.date.accepted", "datesubmitted": "dc.date.submitted",
    "datecopyrighted": "dc.date.copyright", "modified": "dc.date.modified",
    "extent": "dc.format.extent", "medium": "dc.format.medium",
    "bibliographiccitation": "dc.identifier.citation",
    "license": "dc.rights.uri", "accessrights": "dc.rights.accessrights",
    "rightsholder": "dc.rights.holder",
    "spatial": "dc.coverage.spatial", "temporal": "dc.coverage.temporal",
    **{relation: f"dc.relation.{relation}" for relation in (
        "ispartof", "haspart", "isversionof", "hasversion", "isformatof", "hasformat",
        "references", "isreferencedby", "replaces", "isreplacedby", "requires", "isrequiredby",
        "conformsto")},
}
# xsi:type encoding schemes that say what DSpace says with a qualifier; others add nothing.
_SCHEME_QUALIFIERS = {"dcterms:URI": "uri", "dcterms:IMT": "mimetype", "dcterms:ISO639-2": "iso",
                      "dcterms:ISO639-3": "iso", "dcterms:RFC1766": "iso", "dcterms:RFC3066": "iso",
                      "dcterms:RFC4646": "iso"}
# Stock DSpace qdc writes some identifiers as labelled text: "ISSN:1234-5678", "doi:10.1/x".
_LABELLED_IDENTIFIER = re.compile(r"(issn|eissn|isbn|doi):\s*(\S.*)", re.IGNORECASE)


def qdc(payload: etree._Element) -> Metadata:
    """DSpace qualified DC: dcterms refinements (dcterms:issued -> dc.date.issued), the 15 DC
    elements qualified by a `type` attribute (Finnish DSpace: <identifier type="issn">,
    <relation type="ispartofseries">) or an xsi:type scheme, and kk:file links. RecordManager's
    own <recordID> and the resolver links in <permaddress> duplicate identifiers: not mapped."""
    out: Metadata = {}
    for element in elements(payload):
        name = local(element.tag).lower()
        if name == "file":
            add_file(out, element)
        elif name in _DCTERMS:
            add(out, _DCTERMS[name], element.text)
        elif name in _DC_ELEMENTS:
            _add_qualified_dc(out, name, element)
    return out


def _add_qualified_dc(out: Metadata, name: str, element: etree._Element) -> None:
    qualifier = element.get("type") or _SCHEME_QUALIFIERS.get(element.get(XSI_TYPE, ""))
    if qualifier:
        add(out, f"dc.{name}.{qualifier.lower()}", element.text)
        return
    labelled = name == "identifier" and _LABELLED_IDENTIFIER.fullmatch(clean(element.text))
    if labelled:
        add(out, f"dc.identifier.{labelled.group(1).lower()}", labelled.group(2))
    else:
        add(out, f"dc.{name}", element.text)
