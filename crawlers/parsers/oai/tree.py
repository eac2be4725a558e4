"""Small lxml helpers shared by the OAI-PMH envelope, its verbs and the format mappers.

Elements are matched by local name, so responses without the OAI 2.0 namespace (or with
unusual prefixes) parse the same. Dc-dict values are whitespace-normalised like the page
extractors' (pretty-printed XML puts newlines and indentation inside values).
"""
from __future__ import annotations

from functools import lru_cache

from lxml import etree

Metadata = dict[str, list[str]]


def elements(parent: etree._Element | None):
    """Child elements, skipping comments and processing instructions."""
    return iter(()) if parent is None else parent.iterchildren(etree.Element)


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def clean(text: str | None) -> str:
    return _normalised(text) if text else ""


def _normalised(text: str) -> str:
    """" ".join(text.split()) for a non-empty text, without splitting the usual value that needs
    nothing: printable (so no whitespace but the plain space), no space at either end, none
    doubled."""
    if text.isprintable() and text[0] != " " and text[-1] != " " and "  " not in text:
        return text
    return " ".join(text.split())


def add(out: Metadata, key: str, value: str | None) -> None:
    """Append a trimmed, non-empty value under `key`, keeping source order."""
    if value and (value := _normalised(value)):
        out.setdefault(key, []).append(value)


def child_texts(parent: etree._Element) -> dict[str, list[str]]:
    """Non-empty texts of the child elements, by local name, in source order."""
    texts: dict[str, list[str]] = {}
    for child in elements(parent):
        add(texts, local(child.tag), child.text)
    return texts


@lru_cache(maxsize=4096)
def dotted(schema: str, element: str, qualifier: str | None) -> str:
    """DSpace's field name: schema.element[.qualifier], lower case ("none" means no qualifier)."""
    parts = (schema, element, qualifier) if qualifier and qualifier != "none" else (schema, element)
    return ".".join(parts).lower()
