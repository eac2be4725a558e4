"""News articles and organisation pages (source kind "web"); their sitemaps and feeds are in
crawlers/parsers/html/feeds.py.

Metadata comes in layers, most explicit first: JSON-LD (schema.org Article / NewsArticle /
WebPage, also inside @graph), then schema.org microdata, then OpenGraph (all three read by
extruct), then plain <meta> tags, then the markup itself (<html lang>, <h1>, <time>, a byline).
A layer only fills the keys that the layers before it left empty. The main text is
trafilatura's, with the <article>/<main> text as fallback.

Documents the page links to (PDF, Word, OpenDocument) are listed in nordcat.related.*, and
`linked_documents` (crawlers/parsers/html/documents.py) makes a record of each: they are works
of their own.
"""
from __future__ import annotations

import logging
import re

import extruct
import trafilatura
from extruct.jsonld import JsonLdExtractor
from lxml import etree

from crawlers.parsers.html.common import (
    Metadata,
    PageRecord,
    absolute_url,
    add_text,
    add_values,
    as_utf8,
    base_url_of,
    html_lang,
    iso_datetime,
    meta_values,
    missing_fields,
    parse_html_document,
    text_of,
)
from crawlers.parsers.html.documents import add_documents
from nordcat import dc

logger = logging.getLogger(__name__)

REQUIRED = ("dc.title", dc.TEXT)

_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "report", "scholarlyarticle",
}
_NEWS_TYPES = {kind for kind in _ARTICLE_TYPES if kind.endswith("newsarticle")}
_PAGE_TYPES = {"webpage", "aboutpage", "collectionpage", "itempage", "faqpage"}
_BYLINE_PREFIX = re.compile(r"^(?:af|av|by|skrevet af|skrevet av|tekst|text|kirjoittanut)\s*:?\s+", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|&|\bog\b|\boch\b|\band\b|\bja\b)\s*")
_OPENGRAPH_KEYS = {
    "og:title": "dc.title",
    "article:published_time": "dc.date.issued",
    "article:modified_time": dc.DATE_MODIFIED,
    "article:section": dc.SECTION,
    "og:description": "dc.description.abstract",
    "article:tag": "dc.subject",
    "og:site_name": "dc.publisher",
}
_JSON_LD = JsonLdExtractor()
_TEXT_BLOCKS = etree.XPath(
    ".//*[self::p or self::h2 or self::h3 or self::h4 or self::li or self::blockquote]"
    "[not(ancestor::li or ancestor::blockquote or ancestor::nav or ancestor::aside"
    " or ancestor::footer or ancestor::form)]"
)


def parse_article(html: str | bytes, url: str, *, headers: dict[str, str] | None = None) -> PageRecord:
    """Metadata, main text and linked documents of a news article or organisation page.

    `headers` are the HTTP response headers: Last-Modified dates a page that says nothing
    about itself. Linked documents (.pdf/.docx/.doc/.odt/.pptx) go to nordcat.related.*:
    `linked_documents` makes records of them. `links` stays empty: sitemaps and feeds drive
    discovery. Any page is a page, wherever the crawl met it (a start URL included): one
    without text of its own that links documents, an organisation's list of publications, has
    their link texts as its text, so that it and its documents are recorded.
    """
    root = parse_html_document(html)
    nodes, items, opengraph = _json_ld_nodes(root), _microdata_items(root, url), _opengraph(root, url)
    meta = meta_values(root)
    metadata: Metadata = {}
    layers = (_schema_org_layer(nodes), _schema_org_layer(items), _opengraph_layer(opengraph),
              _meta_layer(meta), _markup_layer(root))
    for layer in layers:
        for key, values in layer.items():
            if key not in metadata:
                add_values(metadata, key, values)
    if dc.DATE_MODIFIED not in metadata:
        add_values(metadata, dc.DATE_MODIFIED, [_last_modified(headers or {})])
    canonical = root.xpath("string(//link[@rel='canonical']/@href)") or next(iter(opengraph.get("og:url", [])), "")
    add_values(metadata, dc.CANONICAL, [absolute_url(canonical, url)])
    add_values(metadata, "dc.type", ["Newspaper article" if _is_news(nodes + items, opengraph) else "Web page"])
    add_text(metadata, dc.TEXT, _main_text(html, root, url))
    add_documents(metadata, root, base_url_of(root, url))
    if dc.TEXT not in metadata:  # a page that only lists documents: its text is what it lists
        add_text(metadata, dc.TEXT, "\n".join(metadata.get(dc.RELATED_TITLE, [])))
    add_values(metadata, dc.URL, [url])
    return PageRecord(metadata=metadata, missing=missing_fields(metadata, REQUIRED))


def _json_ld_nodes(root: etree._Element) -> list[dict]:
    """Every JSON-LD object on the page, @graph members included, @id references resolved.

    extruct reads each script on its own (raw newlines in strings, comment lines and CDATA
    markers are tolerated), so that one broken script does not cost the others."""
    nodes: list[dict] = []
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or ""):
            nodes.extend(_flatten(_script_items(script)))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    return [{key: _resolved(value, by_id) for key, value in node.items()} for node in nodes]


def _script_items(script: etree._Element) -> list:
    try:
        return _JSON_LD.extract_items(script)
    except ValueError as error:
        logger.debug("unreadable JSON-LD script skipped: %s", error)
        return []


def _microdata_items(root: etree._Element, url: str) -> list[dict]:
    """schema.org microdata items (itemscope/itemprop), shaped like JSON-LD nodes by extruct.
    Most pages have none: the search for itemscope costs little."""
    if not root.xpath("boolean(//*[@itemscope])"):
        return []
    return extruct.extract(root, base_url=url, syntaxes=["microdata"], uniform=True)["microdata"]


def _opengraph(root: etree._Element, url: str) -> dict[str, list[str]]:
    """OpenGraph properties of the page's head by name, values in page order."""
    found = extruct.extract(root, base_url=url, syntaxes=["opengraph"], uniform=True, with_og_array=True)
    flat = next(iter(found["opengraph"]), {})
    if "@type" in flat:  # extruct moves og:type out of the properties
        flat["og:type"] = flat.pop("@type")
    return {name: value if isinstance(value, list) else [value]
            for name, value in flat.items() if not name.startswith("@")}


def _flatten(data) -> list[dict]:
    if isinstance(data, list):
        return [node for item in data for node in _flatten(item)]
    if not isinstance(data, dict):
        return []
    return [data] + _flatten(data.get("@graph"))


def _resolved(value, by_id: dict[str, dict]):
    if isinstance(value, list):
        return [_resolved(item, by_id) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"}:
        return by_id.get(value["@id"], value)
    return value


def _types(node: dict) -> set[str]:
    kinds = node.get("@type", [])
    return {kind.lower() for kind in ([kinds] if isinstance(kinds, str) else kinds) if isinstance(kind, str)}


def _schema_org_layer(nodes: list[dict]) -> Metadata:
    main = next((node for node in nodes if _types(node) & _ARTICLE_TYPES), None) or next(
        (node for node in nodes if _types(node) & _PAGE_TYPES), None
    )
    if main is None:
        return {}
    return {
        "dc.title": _strings(main.get("headline") or main.get("name")),
        "dc.contributor.author": _person_names(main.get("author")),
        "dc.date.issued": _strings(main.get("datePublished")),
        dc.DATE_MODIFIED: _strings(main.get("dateModified")),
        "dc.language": _strings(main.get("inLanguage"), "alternateName"),
        dc.SECTION: _strings(main.get("articleSection")),
        "dc.description.abstract": _strings(main.get("description")),
        "dc.publisher": _strings(main.get("publisher")),
        "dc.subject": _keywords(main.get("keywords")),
    }


def _strings(value, name_key: str = "name") -> list[str]:
    """Text values of a JSON-LD property: strings as they are, objects by their name."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get(name_key) or item.get("name")
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            found.append(str(item))
    return found


def _person_names(value) -> list[str]:
    """Authors that are persons: an Organization as author is the publisher, not a byline."""
    items = value if isinstance(value, list) else [value]
    return _strings([item for item in items if isinstance(item, str) or _is_person(item)])


def _is_person(item) -> bool:
    """A typed Person, or an untyped object (most sites that omit @type mean a person)."""
    return isinstance(item, dict) and _types(item) <= {"person"}


def _keywords(value) -> list[str]:
    return [word for keyword in _strings(value) for word in keyword.split(",")]


def _opengraph_layer(opengraph: dict[str, list[str]]) -> Metadata:
    layer: Metadata = {}
    for name, key in _OPENGRAPH_KEYS.items():
        if opengraph.get(name):
            layer.setdefault(key, opengraph[name])
    return layer


def _meta_layer(meta: dict[str, list[str]]) -> Metadata:
    return {
        "dc.contributor.author": meta.get("author", []),
        "dc.description.abstract": meta.get("description", []),
        "dc.subject": _keywords(meta.get("keywords", [])),
    }


def _markup_layer(root: etree._Element) -> Metadata:
    scope = _main_container(root)
    headings = scope.xpath(".//h1") or root.xpath("//h1")
    times = scope.xpath(".//time/@datetime") or root.xpath("//time/@datetime")
    return {
        "dc.language": [html_lang(root)],
        "dc.title": [text_of(headings[0])] if headings else [text_of(title) for title in root.iter("title")][:1],
        "dc.date.issued": times[:1],
        "dc.contributor.author": _byline_names(scope),
    }


def _byline_names(scope: etree._Element) -> list[str]:
    """Person names from the first byline ("Af Mette Holm og Jens Berg", "Av Kari Nordmann,
    journalist"): two to four capitalised words each, so that a job title or an author box
    with a biography yields nothing."""
    for element in scope.iter():
        classes = (element.get("class") or "").lower()
        if "byline" in classes or "author" in classes or element.get("rel") == "author":
            parts = _NAME_SEPARATORS.split(_BYLINE_PREFIX.sub("", text_of(element)))
            names = [part for part in parts if _looks_like_name(part)]
            if names:
                return names
    return []


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(word.istitle() for word in words)


def _is_news(nodes: list[dict], opengraph: dict[str, list[str]]) -> bool:
    return "article" in opengraph.get("og:type", []) or any(_types(node) & _NEWS_TYPES for node in nodes)


def _last_modified(headers: dict[str, str]) -> str:
    value = next((value for name, value in headers.items() if name.lower() == "last-modified"), "")
    return iso_datetime(value)


def _main_text(html: str | bytes, root: etree._Element, url: str) -> str:
    """trafilatura's main text; the page's <article>/<main> text where it finds none
    (favor_precision drops short organisation pages)."""
    if root.find("body") is None:
        return ""
    document = html if isinstance(html, str) else as_utf8(html).decode("utf-8")
    xml = trafilatura.extract(document, url=url, include_comments=False, favor_precision=True,
                              output_format="xml")
    return (_paragraphs(xml) if xml else "") or _container_text(root)


def _paragraphs(xml: str) -> str:
    """trafilatura's text with its structure kept: a block per paragraph, heading, list or
    quote, blocks a blank line apart, line breaks kept. Its plain-text output puts a single
    newline everywhere, and readers of the text (case extraction, snippets) need the blocks."""
    main = etree.fromstring(xml).find("main")
    if main is None:
        return ""
    blocks = ["\n".join(filter(None, map(_flat_text, block.iter("item")))) if block.tag == "list"
              else _flat_text(block) for block in main]
    return "\n\n".join(block for block in blocks if block)


def _flat_text(element: etree._Element) -> str:
    """An element's text with <lb/> as a line break and whitespace otherwise normalised."""
    parts = [element.text or ""]
    for child in element:
        parts += ["\n" if child.tag == "lb" else _flat_text(child), child.tail or ""]
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _main_container(root: etree._Element) -> etree._Element:
    candidates = root.xpath("(//article | //main | //*[@role='main'])[1]")
    return candidates[0] if candidates else root


def _container_text(root: etree._Element) -> str:
    container = _main_container(root)
    if container is root:
        return ""
    blocks = [text_of(block) for block in _TEXT_BLOCKS(container)]
    return "\n".join(block for block in blocks if block) or text_of(container)
