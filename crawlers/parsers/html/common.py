"""What the page extractors share: the result type, HTML parsing and dc-dict helpers.

Extractors are pure functions of (html, url): no Scrapy, no network, so that recorded pages
can be re-parsed and tested offline.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urldefrag

import lxml.html
from bs4 import UnicodeDammit
from lxml import etree

Metadata = dict[str, list[str]]


@dataclass
class PageRecord:
    """What one fetched page yields.

    `missing` names the fields a page of its kind must give but did not (dc-dict keys, or
    "links" for a discovery page without any link): a parse failure when non-empty, so that
    a changed site markup is loud rather than silently empty.
    """

    metadata: Metadata = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    is_record: bool = True


_PARSERS = threading.local()


def thread_parser(kind: str, make):
    """An lxml parser of the given kind for this thread: lxml parser objects must not be
    shared between threads, and making one per page costs more than the parse."""
    parser = getattr(_PARSERS, kind, None)
    if parser is None:
        parser = make()
        setattr(_PARSERS, kind, parser)
    return parser


# Comments and processing instructions would otherwise leak into the text.
_HTML_PARSER_OPTIONS = {"encoding": "utf-8", "remove_comments": True, "remove_pis": True, "collect_ids": False}


def parse_html(html: str | bytes) -> etree._Element:
    """Parse a page into an lxml tree; an empty or unparsable body gives an empty <html>.

    Bytes that are not UTF-8 are decoded by BeautifulSoup's UnicodeDammit, which honours the
    page's <meta charset> and otherwise guesses: real Nordic pages still come as windows-1252.
    """
    return _parse(html, thread_parser("html", lambda: etree.HTMLParser(**_HTML_PARSER_OPTIONS)))


def parse_html_document(html: str | bytes) -> lxml.html.HtmlElement:
    """`parse_html`, but a tree of lxml.html elements, as extruct's extractors expect (they
    read `.head`). Their class lookup makes every element access dearer, so only the article
    extractor, which hands its tree to extruct, uses it."""
    return _parse(html, thread_parser("lxml.html", lambda: lxml.html.HTMLParser(**_HTML_PARSER_OPTIONS)))


def _parse(html: str | bytes, parser: etree.HTMLParser) -> etree._Element:
    data = html.encode("utf-8") if isinstance(html, str) else as_utf8(html)
    root = etree.fromstring(data, parser) if data.strip() else None
    return root if root is not None else parser.makeelement("html")


def as_utf8(body: bytes) -> bytes:
    """The body re-encoded as UTF-8 (unchanged when it already is)."""
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        return UnicodeDammit(body, is_html=True).unicode_markup.encode("utf-8")


def squash(text: str | None) -> str:
    """Whitespace runs (no-break spaces too) to one space, trimmed: how a browser shows an
    inline value."""
    return " ".join(text.split()) if text else ""


# Elements a browser sets apart from their neighbours: their text must not run together.
_SEPARATING_TAGS = frozenset({
    "br", "p", "div", "li", "ul", "ol", "dd", "dt", "tr", "td", "th", "table", "blockquote",
    "section", "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
})
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})


def text_of(element: etree._Element) -> str:
    """The element's visible text as one whitespace-squashed line."""
    if len(element) == 0:  # most values are leaves: no tree walk
        return squash(element.text)
    parts: list[str] = []
    _collect_text(element, parts)
    return squash("".join(parts))


def _collect_text(element: etree._Element, parts: list[str]) -> None:
    parts.append(element.text or "")
    for child in element:
        if child.tag not in _INVISIBLE_TAGS:
            separated = child.tag in _SEPARATING_TAGS
            parts.append(" " if separated else "")
            _collect_text(child, parts)
            parts.append(" " if separated else "")
        parts.append(child.tail or "")


def add_values(metadata: Metadata, key: str, values) -> None:
    """Append the non-empty, trimmed values under `key`, keeping source order."""
    cleaned = [squash(value) for value in values]
    cleaned = [value for value in cleaned if value]
    if cleaned:
        metadata.setdefault(key, []).extend(cleaned)


def add_text(metadata: Metadata, key: str, text: str) -> None:
    """Set a running text (nordcat.text): trimmed, but its line and paragraph breaks kept."""
    if text.strip():
        metadata[key] = [text.strip()]


def absolute_url(href: str | None, base_url: str) -> str:
    """`href` resolved against the page URL, without fragment; '' for non-web links."""
    href = (href or "").strip()
    if not href or href.startswith(("mailto:", "javascript:", "tel:", "data:")):
        return ""
    return urldefrag(urljoin(base_url, href))[0]


def base_url_of(root: etree._Element, url: str) -> str:
    """The URL relative links resolve against: <base href> when the page sets one."""
    base = root.find("head/base")
    href = base.get("href", "").strip() if base is not None else ""
    return urljoin(url, href) if href else url


def unique(values) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def html_lang(root: etree._Element) -> str:
    return root.get("lang", "").strip() or root.get("{http://www.w3.org/XML/1998/namespace}lang", "").strip()


def class_names(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


def meta_values(root: etree._Element) -> dict[str, list[str]]:
    """The head's <meta name|property=... content=...> by lower-cased name, in page order."""
    found: dict[str, list[str]] = {}
    head = root.find("head")
    for meta in head.iter("meta") if head is not None else ():
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = squash(meta.get("content"))
        if name and content:
            found.setdefault(name, []).append(content)
    return found


def missing_fields(metadata: Metadata, required: tuple[str, ...]) -> list[str]:
    return [key for key in required if not metadata.get(key)]


def iso_datetime(http_date: str) -> str:
    """An RFC 822/1123 date ("Tue, 05 Mar 2024 10:00:00 GMT") as ISO 8601; '' if unreadable."""
    try:
        return parsedate_to_datetime(http_date).isoformat()
    except (TypeError, ValueError, IndexError):
        return ""
