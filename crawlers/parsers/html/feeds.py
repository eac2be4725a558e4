"""Sitemaps and RSS/Atom feeds: the discovery of a web source's pages (source kind "web").

XML, read tolerantly: servers send broken feeds and sitemaps, gzipped or as plain text.
"""
from __future__ import annotations

import codecs
import gzip

from lxml import etree

from crawlers.parsers.html.common import absolute_url, iso_datetime, squash, thread_parser


def parse_sitemap(body: bytes, url: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(page URL, lastmod) of a <urlset>, child sitemap URLs of a <sitemapindex>.

    Gzipped bodies are unpacked; a plain-text sitemap (one URL a line) is read too.
    """
    body = _gunzipped(body)
    if not body.lstrip().removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<"):
        lines = body.decode("utf-8", "replace").splitlines()
        return [(line.strip(), None) for line in lines if line.strip().startswith(("http://", "https://"))], []
    root = _parse_xml(body)
    if root is None:
        return [], []
    pages = [
        (absolute_url(_child_text(entry, "loc"), url), _child_text(entry, "lastmod") or None)
        for entry in root.xpath("//*[local-name()='url']")
    ]
    children = [absolute_url(_child_text(entry, "loc"), url) for entry in root.xpath("//*[local-name()='sitemap']")]
    return [page for page in pages if page[0]], [child for child in children if child]


def parse_feed(body: bytes, url: str) -> list[tuple[str, str | None]]:
    """(link, date) of each RSS 2.0 item or Atom entry; RSS dates become ISO 8601."""
    root = _parse_xml(_gunzipped(body))
    if root is None:
        return []
    found = []
    for entry in root.xpath("//*[local-name()='item' or local-name()='entry']"):
        link = _entry_link(entry)
        if link:
            found.append((absolute_url(link, url), _entry_date(entry)))
    return found


def _gunzipped(body: bytes) -> bytes:
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def _parse_xml(body: bytes) -> etree._Element | None:
    """Feeds and sitemaps as XML, tolerating the broken ones servers send; no entities
    expanded and nothing fetched, since the body comes from the network."""
    if not body.strip():
        return None
    return etree.fromstring(body, thread_parser("xml", _make_xml_parser))


def _make_xml_parser() -> etree.XMLParser:
    return etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True)


def _child_text(element: etree._Element, name: str) -> str:
    return squash(element.xpath(f"string(*[local-name()='{name}'])"))


def _entry_link(entry: etree._Element) -> str:
    """Atom: the alternate <link href>; RSS: <link>, else a permalink <guid>."""
    for link in entry.xpath("*[local-name()='link']"):
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link.get("href").strip()
        if squash(link.text):
            return squash(link.text)
    guid = entry.xpath("*[local-name()='guid'][not(@isPermaLink='false')]")
    return squash(guid[0].text) if guid else ""


def _entry_date(entry: etree._Element) -> str | None:
    for name in ("updated", "published", "date", "pubDate"):
        value = _child_text(entry, name)
        if value:
            return (iso_datetime(value) or value) if name == "pubDate" else value
    return None
