"""Atom feeds (publish/plugins/feeds.py) over real HTTP, on the published demo (`served_demo` over
`demo_catalogue`, tests/conftest.py): required Atom elements, newest first, a saved search, facets,
and hostile titles as inert text."""
from __future__ import annotations

from collections import Counter

import httpx
import pytest
from lxml import etree

from tests.catalogue_server import HOSTILE
from tests.helpers import catalogue, documents

pytestmark = pytest.mark.slow
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def feed(base: str, **params) -> tuple[httpx.Response, etree._Element]:
    response = httpx.get(f"{base}/-/feed.atom", params=params, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    return response, etree.fromstring(response.content, etree.XMLParser(resolve_entities=False, no_network=True))


def texts(root, path: str) -> list[str]:
    return [element.text for element in root.xpath(path, namespaces=ATOM)]


def entry_ids(root) -> list[str]:
    return [i.rsplit("/", 1)[1] for i in texts(root, "/a:feed/a:entry/a:id")]


def test_feed_has_the_required_atom_elements(served_demo):
    _, root = feed(served_demo.base)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert texts(root, "/a:feed/a:id") == [f"{served_demo.base}/-/feed.atom"]
    assert texts(root, "/a:feed/a:title") == ["nordcat: new documents"]
    assert texts(root, "/a:feed/a:author/a:name") == ["nordcat"]
    assert root.xpath("/a:feed/a:link[@rel='self']/@href", namespaces=ATOM) == [f"{served_demo.base}/-/feed.atom"]
    entries = root.xpath("/a:feed/a:entry", namespaces=ATOM)
    assert len(entries) == 50
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert len(entry.xpath(f"a:{required}", namespaces=ATOM)) == 1
            assert entry.xpath(f"a:{required}", namespaces=ATOM)[0].text
        [alternate] = entry.xpath("a:link[@rel='alternate']/@href", namespaces=ATOM)
        assert alternate == entry.xpath("a:id", namespaces=ATOM)[0].text
        assert alternate.startswith(f"{served_demo.base}/catalogue/documents/w")


def test_feed_lists_the_newest_documents_first(served_demo, demo_catalogue):
    _, root = feed(served_demo.base)
    with catalogue(demo_catalogue) as db:
        newest = [row[0] for row in db.execute("SELECT id FROM documents ORDER BY first_seen DESC, id DESC LIMIT 50")]
    assert entry_ids(root) == newest
    assert texts(root, "/a:feed/a:updated") == [texts(root, "/a:feed/a:entry/a:updated")[0]]


def test_feed_per_facet(served_demo, demo_catalogue):
    docs = documents(demo_catalogue)
    language, count = Counter(d["language"] for d in docs).most_common()[-1]
    _, root = feed(served_demo.base, language=language)
    assert sorted(entry_ids(root)) == sorted(d["id"] for d in docs if d["language"] == language)[:50]
    assert set(root.xpath("//a:category[@scheme='language']/@term", namespaces=ATOM)) == {language}
    source = "demo-nordarkiv"
    _, by_source = feed(served_demo.base, source=source, doc_type=docs[0]["doc_type"])
    assert sorted(entry_ids(by_source)) == sorted(
        d["id"] for d in docs if source in d["sources"] and d["doc_type"] == docs[0]["doc_type"])


def test_saved_search_is_the_nordic_search(served_demo):
    _, root = feed(served_demo.base, q="samarbeid")
    table = httpx.get(f"{served_demo.base}/catalogue/documents.json",
                      params={"_q": "samarbeid", "_shape": "array", "_size": "max", "_col": "first_seen"}).json()
    newest_first = sorted(table, key=lambda row: (row["first_seen"], row["id"]), reverse=True)
    assert len(table) > 3 and entry_ids(root) == [row["id"] for row in newest_first][:50]
    assert texts(root, "/a:feed/a:title") == ['nordcat: new documents ("samarbeid")']
    _, nothing = feed(served_demo.base, q="x' OR 1=1; --")
    assert entry_ids(nothing) == []


def test_hostile_titles_are_inert_text(served_demo, demo_catalogue):
    [work] = [d for d in documents(demo_catalogue) if d["handle"] == HOSTILE.handle]
    # the markup the mapping cannot tell from text is in the catalogue, whole tags are not
    assert "<svg onload=" in work["title"] and '"<img src=x' in work["abstract"]
    assert work["authors"] == ["O'Brien, Kari"]
    response, root = feed(served_demo.base, q="Vesterålen")
    [entry] = [e for e in root.xpath("/a:feed/a:entry", namespaces=ATOM)
               if e.xpath("a:title", namespaces=ATOM)[0].text == work["title"]]
    assert entry.xpath("a:title/@type", namespaces=ATOM) == ["text"]
    assert entry.xpath("a:author/a:name/text()", namespaces=ATOM) == work["authors"]
    assert entry.xpath("a:summary/text()", namespaces=ATOM) == [work["abstract"]]
    assert entry.xpath(".//*[local-name() = 'script' or local-name() = 'img' or local-name() = 'b' "
                       "or local-name() = 'svg']") == []
    assert b"<svg" not in response.content and b"&lt;svg onload=" in response.content
