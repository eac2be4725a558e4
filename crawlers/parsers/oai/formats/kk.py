"""kk, the Finnish national library's DSpace format (Theseus, Julkari, Doria, Valto), and its
kk:file links, which Finnish qdc carries too."""
from __future__ import annotations

from lxml import etree

from crawlers.parsers.oai.tree import Metadata, add, dotted, local
from nordcat import dc

KK_NS = "http://www.kansalliskirjasto.fi/oai"  # as a public Theseus harvester declares it


def kk(payload: etree._Element) -> Metadata:
    """kk, the Finnish national library's DSpace format (Theseus, Julkari, Doria, Valto):
    `<kk:field schema element qualifier language value/>` with the value in an attribute, and
    `<kk:file href bundle type/>`. Matched by local name: KK_NS is known only from one
    harvester's code, not from a published schema."""
    out: Metadata = {}
    for element in payload.iter(etree.Element):
        name = local(element.tag)
        if name == "field" and element.get("element"):
            add(out, dotted(element.get("schema", "dc"), element.get("element"),
                            element.get("qualifier")), element.get("value"))
        elif name == "file":
            add_file(out, element)
    return out


def add_file(out: Metadata, file_element: etree._Element) -> None:
    """kk:file (kk and Finnish qdc): the ORIGINAL bundle holds the documents, others thumbnails."""
    if file_element.get("bundle", "ORIGINAL") == "ORIGINAL":
        add(out, dc.FULLTEXT_URL, file_element.get("href"))
