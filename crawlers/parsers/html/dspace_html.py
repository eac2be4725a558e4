"""DSpace item and listing pages: XMLUI (Mirage2 theme, DSpace 5/6) and DSpace 7+ (Angular).

An item page comes in two forms. The simple record shows chosen fields under labels in the
interface language ("Forfatter", "Authors", "Tekijä"...); the full record (`?show=full`, or
`/full` on DSpace 7) is a table of raw `dc.*` keys, values and languages. Both heads repeat
the main fields as DC/DCTERMS and Google Scholar `citation_*` meta tags, which only fill the
keys the body did not give (the head flattens qualifiers: series become DC.relation).

`parse_page` tells a page's kind from its markup, wherever the crawl met it and whatever its
URL: a full record is the item's record, a simple record leads to its full record, and any other
page is a listing of the items (and the next page) it links.

Parsed with lxml: the item parser runs once per harvested page and must stay well under a
millisecond for a 16 KB page.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from crawlers.parsers.html.common import (
    Metadata,
    PageRecord,
    absolute_url,
    add_values,
    base_url_of,
    class_names,
    meta_values,
    missing_fields,
    parse_html,
    squash,
    text_of,
    unique,
)
from nordcat import dc

REQUIRED = ("dc.title", "dc.identifier.uri")

# Simple-record labels of DSpace's Norwegian, Danish, English, Swedish and Finnish message
# catalogues (plus labels seen in Brage and DSpace 7 themes), compared case-insensitively.
_FIELD_LABELS = {
    "dc.contributor.author": ("forfatter", "forfattere", "forfatter(e)", "author", "authors",
                              "author(s)", "författare", "tekijä", "tekijät", "tekijä(t)"),
    "dc.contributor.editor": ("redaktør", "redaktører", "editor", "editors", "redaktör", "toimittaja"),
    "dc.contributor.advisor": ("veileder", "rettleiar", "vejleder", "advisor", "supervisor",
                               "handledare", "ohjaaja"),
    "dc.date.issued": ("dato", "date", "issue date", "date issued", "publication date",
                       "utgivelsesdato", "udgivelsesdato", "utgivelsesår", "udgivelsesår", "datum",
                       "utgivningsdatum", "utgivningsår", "päivämäärä", "julkaisuaika",
                       "julkaisuvuosi", "year", "år", "vuosi"),
    "dc.description.abstract": ("sammendrag", "samandrag", "abstract", "resumé", "resume", "abstrakt",
                                "sammanfattning", "sammandrag", "tiivistelmä"),
    "dc.description": ("beskrivelse", "description", "beskrivning", "kuvaus"),
    "dc.relation.ispartofseries": ("serie", "series", "sarja", "serie/rapportnr.", "series/report no.",
                                   "rapportserie", "report series", "skriftserie", "julkaisusarja"),
    "dc.identifier.uri": ("uri", "permanent lenke", "permanent link", "permalink", "pysyvä osoite"),
    "dc.identifier.doi": ("doi",),
    "dc.identifier.issn": ("issn",),
    "dc.identifier.isbn": ("isbn",),
    "dc.publisher": ("utgiver", "utgjevar", "udgiver", "publisher", "förlag", "utgivare", "julkaisija"),
    "dc.subject": ("emneord", "nøgleord", "keywords", "subject", "subjects", "ämnesord", "nyckelord",
                   "asiasanat", "avainsanat"),
    "dc.type": ("type", "dokumenttype", "document type", "typ", "publikationstyp", "tyyppi",
                "julkaisutyyppi"),
    "dc.language.iso": ("språk", "sprog", "language", "kieli"),
    "dc.title": ("tittel", "title", "titel", "nimeke"),
}
LABEL_TO_KEY = {label: key for key, labels in _FIELD_LABELS.items() for label in labels}

# Mirage2 field classes, for a label this table does not know (a theme's own wording).
_CLASS_TO_KEY = {
    "simple-item-view-authors": "dc.contributor.author",
    "simple-item-view-date": "dc.date.issued",
    "simple-item-view-uri": "dc.identifier.uri",
    "simple-item-view-series": "dc.relation.ispartofseries",
}

# Head meta tag (lower-cased name) -> dc key; the first name with values wins, because DC.*
# and citation_* repeat each other.
_META_KEYS = {
    "dc.title": ("dc.title", "citation_title"),
    "dc.title.alternative": ("dcterms.alternative",),
    "dc.contributor.author": ("dc.creator", "citation_author"),
    "dc.contributor": ("dc.contributor",),
    "dc.date.issued": ("dcterms.issued", "citation_publication_date", "citation_date"),
    "dc.date.accessioned": ("dcterms.dateaccepted", "dcterms.created"),
    "dc.date.available": ("dcterms.available",),
    "dc.description.abstract": ("dcterms.abstract", "citation_abstract"),
    "dc.description": ("dc.description",),
    "dc.language.iso": ("dc.language", "citation_language"),
    "dc.type": ("dc.type",),
    "dc.subject": ("dc.subject", "citation_keywords"),
    "dc.publisher": ("dc.publisher", "citation_publisher", "citation_technical_report_institution"),
    "dc.relation": ("dc.relation",),
    "dc.relation.ispartof": ("dcterms.ispartof", "citation_journal_title"),
    "dc.rights": ("dc.rights",),
    "dc.format.extent": ("dcterms.extent",),
    "dc.identifier.issn": ("citation_issn",),
    "dc.identifier.isbn": ("citation_isbn",),
    "dc.identifier.doi": ("citation_doi",),
}

_TITLE_CLASSES = {"page-header", "item-page-title-field"}
_RECORD_CLASSES = {"full-item-info", "item-page-field-wrapper", "simple-view-element"}
_RECORD_CLASS = re.compile("|".join(_RECORD_CLASSES))
_HANDLE_IN_PATH = re.compile(r"/handle/(\d+(?:\.\d+)*/\d+)")
_ITEM_PATH = re.compile(
    r"/handle/\d+(?:\.\d+)*/\d+/?$"
    r"|/items/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:/full)?/?$"
    r"|/entities/[a-z]+/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/?$"
)
_DSPACE7_ITEM = re.compile(r"(/(?:items|entities/[a-z]+)/[0-9a-f-]{36})(/full)?/?$")
_FIELD_KEY = re.compile(r"[a-z][a-z0-9]*\.[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)?")
_ISSN = re.compile(r"\d{4}-\d{3}[\dXx]")
_ISBN = re.compile(r"97[89]\d{10}|\d{9}[\dXx]")
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.I)


def is_item_url(url: str) -> bool:
    """True for an item page URL (XMLUI handle, DSpace 7 item/entity), never a bitstream.

    A collection's handle looks the same as an item's: parse_item_page tells them apart.
    """
    path = urlsplit(url).path
    return "/bitstream" not in path and bool(_ITEM_PATH.search(path))


def parse_page(html: str | bytes, url: str) -> PageRecord:
    """An item page or a listing, told apart by the markup, never by the URL or the position.

    - A full record (the table of dc.* keys: XMLUI's label cells, DSpace 7's full-item-info)
      is the item's record, with no link to follow.
    - A simple record (labelled field blocks, DC/DCTERMS or citation_* meta tags, a DSpace 7
      item page) is no record of its own: its one link is its full record, whose table holds
      every field. At its full record's URL already (a theme without the table), it is the record.
    - Any other page is a listing: its item links, each as its full record, and the next page.
      One without any item link lacks "links": a parse failure where the source names it.
    """
    root = parse_html(html)
    meta = meta_values(root)
    rows, blocks = _record_parts(root)
    if rows:
        return _item_record(root, meta, rows, blocks, url, links=[])
    if blocks or _has_item_meta(meta) or _is_dspace7_item(root):
        if _is_full_record_url(url):
            return _item_record(root, meta, rows, blocks, url, links=[])
        return PageRecord(links=[full_record_url(url)], is_record=False)
    listing = _listing_record(root, url)
    listing.links = [full_record_url(link) if is_item_url(link) else link for link in listing.links]
    return listing


def full_record_url(url: str) -> str:
    """The full record of an item page URL: `?show=full` on XMLUI, `/full` on DSpace 7."""
    return _simple_and_full_urls(url)[1]


def parse_item_page(html: str | bytes, url: str) -> PageRecord:
    """Metadata of a simple or full item page.

    A page without any item marker (a collection or community page behind a handle URL)
    is parsed as a listing instead: `is_record` False, its item links to follow.
    """
    root = parse_html(html)
    meta = meta_values(root)
    rows, blocks = _record_parts(root)
    if not (rows or blocks or _has_item_meta(meta) or _is_dspace7_item(root)):
        return _listing_record(root, url)
    return _item_record(root, meta, rows, blocks, url,
                        links=[] if _is_full_record_url(url) else [full_record_url(url)])


def parse_listing_page(html: str | bytes, url: str) -> PageRecord:
    """Item links and the next-page link of a recent-submissions, browse or collection page."""
    return _listing_record(parse_html(html), url)


def _item_record(root: etree._Element, meta: dict[str, list[str]], rows: list[etree._Element],
                 blocks: list[etree._Element], url: str, links: list[str]) -> PageRecord:
    metadata: Metadata = {}
    if rows:
        _read_full_record(rows, metadata)
    else:
        _read_simple_record(root, blocks, metadata)
    _fill_from_meta(metadata, _meta_metadata(meta))
    _add_handle_uri(metadata, url)
    add_values(metadata, dc.URL, [_simple_and_full_urls(url)[0]])
    add_values(metadata, dc.FULLTEXT_URL, _fulltext_urls(root, meta, base_url_of(root, url)))
    return PageRecord(metadata=metadata, links=links, missing=missing_fields(metadata, REQUIRED))


# The item page is parsed by walking lxml's tag iterators and testing class names in Python:
# XPath class predicates over the whole tree (contains(@class, ...)) cost several times more.

def _record_parts(root: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """(rows of a full record table, labelled field blocks of a simple record).

    XMLUI marks the full record's key cells, DSpace 7 only the table's container; simple
    record fields are Mirage2 wrappers or DSpace 7 view elements.
    """
    rows = [cell.getparent() for cell in root.iter("td") if "label-cell" in class_names(cell)]
    if rows:  # XMLUI's full record: no need to walk the divs
        return rows, []
    marked = _marked_divs(root)
    containers = [div for div in marked if "full-item-info" in class_names(div)]
    rows = [row for container in containers for row in container.iter("tr")]
    return rows, [] if rows else [div for div in marked if div not in containers]


def _marked_divs(root: etree._Element) -> list[etree._Element]:
    found = []
    for div in root.iter("div"):
        classes = div.get("class")
        # One regex search rejects most divs before the exact class-token test.
        if classes and _RECORD_CLASS.search(classes) and _RECORD_CLASSES.intersection(classes.split()):
            found.append(div)
    return found


def _has_item_meta(meta: dict[str, list[str]]) -> bool:
    return any(name.startswith(("dc.", "dcterms.", "citation_")) for name in meta)


def _is_dspace7_item(root: etree._Element) -> bool:
    return next(root.iter("ds-item-page", "ds-full-item-page"), None) is not None


def _listing_record(root: etree._Element, url: str) -> PageRecord:
    base = base_url_of(root, url)
    own_handle = _handle_of(url)
    items = []
    for href in _artifact_hrefs(root) or root.xpath("//a/@href"):
        link = _without_query(absolute_url(href, base))
        if link and is_item_url(link) and not (own_handle and _handle_of(link) == own_handle):
            items.append(link)
    return PageRecord(
        links=unique(items + _next_page(root, base)),
        missing=[] if items else ["links"],
        is_record=False,
    )


def _artifact_hrefs(root: etree._Element) -> list[str]:
    """Links inside the result entries (XMLUI `ds-artifact-item`), not the page furniture."""
    entries = [element for element in root.iter("div", "li") if "ds-artifact-item" in class_names(element)]
    return [link.get("href") for entry in entries for link in entry.iter("a") if link.get("href")]


def _next_page(root: etree._Element, base: str) -> list[str]:
    for element in root.iter("a", "link"):
        if "next-page-link" in class_names(element) or element.get("rel") == "next":
            return [absolute_url(element.get("href"), base)]
    return []


def _read_full_record(rows: list[etree._Element], metadata: Metadata) -> None:
    for row in rows:
        cells = row.findall("td")
        key = text_of(cells[0]).lower() if len(cells) >= 2 else ""
        value = text_of(cells[1]) if _FIELD_KEY.fullmatch(key) else ""
        if value:  # text_of trims and squashes already: add_values' cleaning would repeat it
            metadata.setdefault(key, []).append(value)


def _read_simple_record(root: etree._Element, blocks: list[etree._Element], metadata: Metadata) -> None:
    title = next((heading for heading in root.iter("h2", "h1")
                  if _TITLE_CLASSES.intersection(class_names(heading))), None)
    if title is not None:
        # DSpace 7 puts an entity-type prefix before the title's own span.
        span = next((span for span in title.iter("span") if "dont-break-out" in class_names(span)), title)
        add_values(metadata, "dc.title", [text_of(span)])
    for block in blocks:
        key = _key_of_block(block)
        if key:
            given = metadata.get(key, [])
            add_values(metadata, key, [value for value in _block_values(block) if value not in given])


def _key_of_block(block: etree._Element) -> str | None:
    heading = block.find("h5")
    label = text_of(heading).rstrip(":").strip().casefold() if heading is not None else ""
    if label in LABEL_TO_KEY:
        return LABEL_TO_KEY[label]
    return next((_CLASS_TO_KEY[name] for name in class_names(block) if name in _CLASS_TO_KEY), None)


def _block_values(block: etree._Element) -> list[str]:
    """One field's values: bare text runs (XMLUI separates dates by <br>) and the values of
    each child element but the label."""
    values = [block.text or ""]
    for child in block:
        if child.tag not in ("h5", "br"):
            values.extend(_element_values(child))
        values.append(child.tail or "")
    return values


def _element_values(element: etree._Element) -> list[str]:
    """A pure container of links, list items or value spans holds one value per child;
    anything with text of its own (an abstract with inline markup) is one value."""
    items = [child for child in element if _is_value_item(child)]
    own_text = squash("".join([element.text or ""] + [child.tail or "" for child in element]))
    if items and not own_text.strip(";,|"):
        return [text_of(item) for item in items]
    return [text_of(element)]


def _is_value_item(element: etree._Element) -> bool:
    if element.tag in ("a", "li"):
        return True
    names = class_names(element)
    return (element.tag == "span" and "separator" not in names) or (element.tag == "div" and "spacer" not in names)


def _meta_metadata(meta: dict[str, list[str]]) -> Metadata:
    found: Metadata = {}
    for key, names in _META_KEYS.items():
        name = next((name for name in names if meta.get(name)), None)
        if name == "citation_keywords":  # DSpace lists the item type among the keywords
            words = [word.strip() for value in meta[name] for word in value.split(";")]
            found[key] = [word for word in words if word not in meta.get("dc.type", [])]
        elif name:
            found[key] = meta[name]
    for key, values in _classify_identifiers(meta.get("dc.identifier", [])).items():
        found.setdefault(key, values)
    return found


def _classify_identifiers(values: list[str]) -> Metadata:
    """DSpace writes every dc.identifier.* as a bare DC.identifier: sort them by shape."""
    kinds: Metadata = {}
    for value in values:
        doi = _DOI.fullmatch(value)
        if value.startswith(("http://", "https://")) and not doi:
            kind = "dc.identifier.uri"
        elif doi:
            kind, value = "dc.identifier.doi", doi.group(1)
        elif _ISSN.fullmatch(value):
            kind = "dc.identifier.issn"
        elif _ISBN.fullmatch(value.replace("-", "").replace(" ", "")):
            kind = "dc.identifier.isbn"
        else:
            kind = "dc.identifier"
        kinds.setdefault(kind, []).append(value)
    return kinds


def _fill_from_meta(metadata: Metadata, from_meta: Metadata) -> None:
    """Add head values for keys the body lacks, skipping values the body already gave under a
    more specific key (DC.relation repeats dc.relation.ispartofseries)."""
    for key, values in from_meta.items():
        if key in metadata:
            continue
        known = {value for other, given in metadata.items() if other.startswith(key + ".") for value in given}
        add_values(metadata, key, [value for value in values if value not in known])


def _add_handle_uri(metadata: Metadata, url: str) -> None:
    handle = _handle_of(url)
    uris = metadata.get("dc.identifier.uri", [])
    if handle and not any(uri.rstrip("/").endswith(handle) for uri in uris):
        add_values(metadata, "dc.identifier.uri", [f"http://hdl.handle.net/{handle}"])


def _fulltext_urls(root: etree._Element, meta: dict[str, list[str]], base: str) -> list[str]:
    """PDF bitstreams linked in the body, then the head's citation_pdf_url; one URL per file
    (the same bitstream appears with different query strings)."""
    urls = []
    for link in root.iter("a"):
        if "/bitstream" not in link.get("href", ""):
            continue
        href = absolute_url(link.get("href"), base)
        path = urlsplit(href).path.lower()
        if ("/bitstream/" in path and path.endswith(".pdf")) or (
            "/bitstreams/" in path and ".pdf" in text_of(link).lower()
        ):
            urls.append(href)
    urls += [absolute_url(href, base) for href in meta.get("citation_pdf_url", [])]
    by_file = {}
    for href in urls:  # absolute_url dropped any fragment: what follows "?" is the query
        by_file.setdefault(href.partition("?")[0], href)
    return list(by_file.values())


def _simple_and_full_urls(url: str) -> tuple[str, str]:
    """(simple record URL, full record URL) of an item page URL of either form:
    XMLUI adds `?show=full`, DSpace 7 appends `/full` to the item path."""
    parts = urlsplit(url)
    if _DSPACE7_ITEM.search(parts.path):
        simple_path = _DSPACE7_ITEM.sub(r"\1", parts.path)
        return (urlunsplit(parts._replace(path=simple_path)),
                urlunsplit(parts._replace(path=simple_path + "/full")))
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name != "show"]
    simple = urlunsplit(parts._replace(query=urlencode(query)))
    full = urlunsplit(parts._replace(query=urlencode(query + [("show", "full")])))
    return simple, full


def _is_full_record_url(url: str) -> bool:
    parts = urlsplit(url)
    dspace7 = _DSPACE7_ITEM.search(parts.path)
    return bool(dspace7 and dspace7.group(2)) or ("show", "full") in parse_qsl(parts.query)


def _handle_of(url: str) -> str | None:
    match = _HANDLE_IN_PATH.search(urlsplit(url).path)
    return match.group(1) if match else None


def _without_query(url: str) -> str:
    return urlsplit(url)._replace(query="").geturl()
