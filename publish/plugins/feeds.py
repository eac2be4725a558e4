"""Datasette plugin: Atom 1.0 feeds of newly catalogued documents.

    /-/feed.atom                      the newest works, by when nordcat first saw them
    /-/feed.atom?q=samarbeid kommune  a saved search: new works the Nordic search finds
    /-/feed.atom?language=swe&doc_type=report&source=biopen-oai   per facet, combinable with q

The document is built as an XML tree (lxml), so every title, name and abstract is text: a title
holding "<script>" is an escaped string in the feed, never markup. Characters XML cannot hold
(control characters from PDFs) are dropped, links other than http(s) are left out.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
DATABASE = "catalogue"
FEED_SIZE = 50
SUMMARY_CHARACTERS = 600
FACETS = {"language": "documents.language = :language", "doc_type": "documents.doc_type = :doc_type",
          "source": "documents.id IN (SELECT document_id FROM document_sources WHERE source = :source)"}
SEARCH = "documents.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH nordic_match(:q))"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@hookimpl
def register_routes():
    return [(r"^/-/feed\.atom$", atom_feed)]


async def atom_feed(datasette, request):
    asked = {name: request.args[name] for name in ("q", *FACETS) if request.args.get(name)}
    rows = (await datasette.get_database(DATABASE).execute(feed_sql(asked), {**asked, "size": FEED_SIZE})).rows
    xml = etree.tostring(feed(datasette, request, asked, rows), xml_declaration=True, encoding="utf-8")
    return Response(xml, content_type="application/atom+xml; charset=utf-8")


def feed_sql(asked: dict[str, str]) -> str:
    conditions = [SEARCH] if "q" in asked else []
    conditions += [FACETS[name] for name in FACETS if name in asked]
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"""SELECT id, title, authors, abstract, url, language, doc_type, year, first_seen
               FROM documents {where} ORDER BY first_seen DESC, id DESC LIMIT :size"""


def feed(datasette, request, asked: dict[str, str], rows) -> etree._Element:
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    self_url = datasette.absolute_url(request, request.path + (f"?{urlencode(asked)}" if asked else ""))
    _text(root, "id", self_url)
    _text(root, "title", feed_title(asked))
    _text(root, "updated", max((timestamp(row["first_seen"]) for row in rows), default=timestamp(None)))
    _link(root, self_url, "self", "application/atom+xml")
    _link(root, datasette.absolute_url(request, documents_path(datasette, asked)), "alternate", "text/html")
    _text(etree.SubElement(root, f"{{{ATOM}}}author"), "name", "nordcat")
    _text(root, "generator", "nordcat")
    for row in rows:
        entry(root, datasette, request, row)
    return root


def feed_title(asked: dict[str, str]) -> str:
    described = [f'"{asked["q"]}"'] if "q" in asked else []
    described += [f"{name} {asked[name]}" for name in FACETS if name in asked]
    return "nordcat: new documents" + (f" ({', '.join(described)})" if described else "")


def documents_path(datasette, asked: dict[str, str]) -> str:
    """The table page with the same selection (the Nordic search is its _q filter)."""
    table = {"_q": asked["q"]} if "q" in asked else {}
    table |= {name: asked[name] for name in ("language", "doc_type") if name in asked}
    table |= {"_sort_desc": "first_seen"}
    return datasette.urls.table(DATABASE, "documents") + "?" + urlencode(table)


def entry(root: etree._Element, datasette, request, row) -> None:
    element = etree.SubElement(root, f"{{{ATOM}}}entry")
    row_url = datasette.absolute_url(request, datasette.urls.row(DATABASE, "documents", row["id"]))
    _text(element, "id", row_url)
    _text(element, "title", row["title"] or row["id"])
    seen = timestamp(row["first_seen"])
    _text(element, "published", seen)
    _text(element, "updated", seen)
    _link(element, row_url, "alternate", "text/html")
    if (row["url"] or "").startswith(("https://", "http://")):
        _link(element, row["url"], "related", None)
    for name in _json_list(row["authors"]):
        _text(etree.SubElement(element, f"{{{ATOM}}}author"), "name", name)
    for scheme, term in (("language", row["language"]), ("doc_type", row["doc_type"])):
        if term:
            category = etree.SubElement(element, f"{{{ATOM}}}category")
            category.set("term", _xml_text(term))
            category.set("scheme", scheme)
    if row["abstract"]:
        abstract = row["abstract"]
        _text(element, "summary", abstract if len(abstract) <= SUMMARY_CHARACTERS
              else abstract[:SUMMARY_CHARACTERS].rsplit(" ", 1)[0] + " …")


def timestamp(value: str | None) -> str:
    """RFC 3339 in UTC; the time of the request for a catalogue with no dates."""
    moment = datetime.fromisoformat(value) if value else datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json_list(value: str | None) -> list[str]:
    try:
        values = json.loads(value) if value else []
    except ValueError:
        return []
    return [str(v) for v in values] if isinstance(values, list) else []


def _text(parent: etree._Element, name: str, value: str) -> None:
    child = etree.SubElement(parent, f"{{{ATOM}}}{name}")
    child.text = _xml_text(value)
    if name in ("title", "summary"):
        child.set("type", "text")


def _link(parent: etree._Element, href: str, rel: str, media_type: str | None) -> None:
    link = etree.SubElement(parent, f"{{{ATOM}}}link")
    link.set("rel", rel)
    link.set("href", _xml_text(href))
    if media_type:
        link.set("type", media_type)


def _xml_text(value: str) -> str:
    return NOT_XML.sub("", str(value))
