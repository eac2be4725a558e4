"""xoai, DSpace's nested OAI format: <element name=...> levels down to <field name="value">,
and the bitstreams of its bundles."""
from __future__ import annotations

from lxml import etree

from crawlers.parsers.oai.tree import Metadata, add, clean
from nordcat import dc

XOAI_NS = "http://www.lyncode.com/xoai"
_XOAI_ELEMENT = f"{{{XOAI_NS}}}element"
_XOAI_FIELD = f"{{{XOAI_NS}}}field"


def xoai(payload: etree._Element) -> Metadata:
    """xoai: nested <element name=...> levels; ORIGINAL bitstream URLs as nordcat.fulltext_url.
    Only <field name="value"> is metadata: the "others", "repository" and "license" sections
    (handle, repository mail, base64 licence) hold other field names and add nothing."""
    out: Metadata = {}
    for top in payload.iterchildren(_XOAI_ELEMENT):
        name = top.get("name", "")
        if name == "bundles":
            _xoai_fulltext(top, out)
        else:
            _xoai_values(top, [name], out)
    return out


def _xoai_values(element: etree._Element, path: list[str], out: Metadata) -> None:
    """The element holding <field name="value"> is always the language level ("en_US",
    "none", "*"), so the key is the path above it: dc/contributor/author/none gives
    dc.contributor.author."""
    key = ".".join(path[:-1]).lower()
    for field in element.iterchildren(_XOAI_FIELD):
        if field.get("name") == "value":
            add(out, key, field.text)
    for child in element.iterchildren(_XOAI_ELEMENT):
        _xoai_values(child, [*path, child.get("name", "")], out)


def _xoai_fulltext(bundles: etree._Element, out: Metadata) -> None:
    for bundle in bundles.iterchildren(_XOAI_ELEMENT):
        if _xoai_field(bundle, "name") == "ORIGINAL":
            for bitstream in bundle.iter(_XOAI_ELEMENT):
                if bitstream.get("name") == "bitstream":
                    add(out, dc.FULLTEXT_URL, _xoai_field(bitstream, "url"))


def _xoai_field(element: etree._Element, name: str) -> str:
    for field in element.iterchildren(_XOAI_FIELD):
        if field.get("name") == name:
            return clean(field.text)
    return ""
