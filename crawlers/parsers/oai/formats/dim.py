"""DSpace's DIM (`<dim:field mdschema element qualifier>`) and its file form, the Simple
Archive Format (`<dublin_core schema><dcvalue element qualifier>`)."""
from __future__ import annotations

from lxml import etree

from crawlers.parsers.oai.tree import Metadata, add, dotted

DIM_NS = "http://www.dspace.org/xmlns/dspace/dim"
DIM_FIELD = f"{{{DIM_NS}}}field"


def dim(payload: etree._Element) -> Metadata:
    """DSpace's flat field lists, found anywhere under the payload (so a METS wrapper works):
    DIM `<dim:field mdschema element qualifier>` and its file form, the Simple Archive Format
    `<dublin_core schema><dcvalue element qualifier>` (Brage/NVA). Language and authority
    attributes are not kept."""
    out: Metadata = {}
    archive_schema = payload.get("schema", "dc")
    for field in payload.iter(DIM_FIELD, "dcvalue"):
        element = field.get("element")
        if element:
            schema = field.get("mdschema") or archive_schema
            add(out, dotted(schema, element, field.get("qualifier")), field.text)
    return out
