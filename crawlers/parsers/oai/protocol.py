"""OAI-PMH responses parsed: ListRecords, GetRecord and ListIdentifiers pages, Identify,
ListMetadataFormats and ListSets, and the `from`/`until` datestamps of requests.

Pure and fast: the OAI-PMH spider's parser process calls `parse_page` on every response body,
so each page is parsed once by lxml and walked with `iterchildren`/`iter` (no per-record
re-parsing, no Scrapy). A record's metadata is mapped to the dc-dict by its format
(crawlers.parsers.oai.formats); the untouched record is kept in `OAIRecord.xml`.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from lxml import etree

from crawlers.parsers.oai.envelope import open_envelope, required
from crawlers.parsers.oai.formats import to_dc
from crawlers.parsers.oai.tree import Metadata, child_texts, clean, elements, local


@dataclass(slots=True)
class OAIRecord:
    identifier: str  # "" when the server left it out (sickle-ListRecords4.xml)
    datestamp: str
    deleted: bool
    sets: list[str]
    metadata: Metadata  # the dc-dict; empty for deleted records and ListIdentifiers headers
    xml: str  # the <record> (or ListIdentifiers <header>) element as sent: the archived payload


@dataclass(slots=True)
class OAIPage:
    verb: str
    response_date: str  # as sent by the server
    records: list[OAIRecord]
    token: str | None  # None when absent or empty: the last page
    complete_list_size: int | None
    cursor: int | None
    recovered: bool  # the page needed XML recovery


@dataclass(slots=True)
class Identify:
    repository_name: str
    base_url: str
    protocol_version: str
    earliest_datestamp: str
    deleted_record: str  # "no" | "transient" | "persistent"
    granularity: str  # "YYYY-MM-DD" | "YYYY-MM-DDThh:mm:ssZ"
    compression: list[str]
    admin_emails: list[str]


# ---------------------------------------------------------------- public API: OAI-PMH verbs


def parse_page(body: bytes, metadata_prefix: str) -> OAIPage:
    """A ListRecords, GetRecord or ListIdentifiers response (ListIdentifiers gives header-only
    records). noRecordsMatch is success with zero records; other OAI errors raise OAIError."""
    envelope = open_envelope(body, tolerated="noRecordsMatch")
    records: list[OAIRecord] = []
    token_element = None
    for child in elements(required(envelope, "ListRecords", "GetRecord", "ListIdentifiers")):
        name = local(child.tag)
        if name == "record":
            records.append(_record(child, metadata_prefix))
        elif name == "header":
            records.append(_header_record(child))
        elif name == "resumptionToken":
            token_element = child
    token, size, cursor = _resumption(token_element)
    return OAIPage(envelope.verb, envelope.response_date, records, token, size, cursor,
                   envelope.recovered)


_TOKEN = re.compile(rb"<(?:[\w.-]+:)?resumptionToken\b[^>]*?(?:/>|>([^<]*)</(?:[\w.-]+:)?resumptionToken\s*>)")


def peek_token(body: bytes) -> str | None:
    """The resumption token found by a quick scan, before the page is parsed, so the harvester
    can request the next page while it parses this one. parse_page's token is the authority:
    the caller compares the two."""
    match = _first_token_match(body)
    if not match or not match.group(1):
        return None
    text = html.unescape(match.group(1).decode("utf-8", errors="replace"))
    return " ".join(text.split()) or None


def _first_token_match(body: bytes) -> re.Match | None:
    """_TOKEN.search(body), fast: the regex is tried only at the "<" before each occurrence of
    the name (bytes.find), not at every "<" of a page of 100 records. The name also occurs in
    the echoed <request resumptionToken=...> and in the closing tag, where the regex fails."""
    at = body.find(b"resumptionToken")
    while at >= 0:
        match = _TOKEN.match(body, body.rfind(b"<", 0, at))
        if match:
            return match
        at = body.find(b"resumptionToken", at + 1)
    return None


def parse_identify(body: bytes) -> Identify:
    fields = child_texts(required(open_envelope(body), "Identify"))

    def first(name: str) -> str:
        return fields.get(name, [""])[0]

    return Identify(first("repositoryName"), first("baseURL"), first("protocolVersion"),
                    first("earliestDatestamp"), first("deletedRecord"), first("granularity"),
                    fields.get("compression", []), fields.get("adminEmail", []))


def parse_metadata_formats(body: bytes) -> list[str]:
    """The metadataPrefix values, in the server's order."""
    prefixes: list[str] = []
    for element in elements(required(open_envelope(body), "ListMetadataFormats")):
        if local(element.tag) == "metadataFormat":
            prefixes += child_texts(element).get("metadataPrefix", [])[:1]
    return prefixes


def parse_sets(body: bytes) -> tuple[list[tuple[str, str]], str | None]:
    """(setSpec, setName) pairs in server order, and the resumption token (None at the end)."""
    sets, token_element = [], None
    for element in elements(required(open_envelope(body), "ListSets")):
        name = local(element.tag)
        if name == "set":
            fields = child_texts(element)
            sets.append((fields.get("setSpec", [""])[0], fields.get("setName", [""])[0]))
        elif name == "resumptionToken":
            token_element = element
    return sets, _resumption(token_element)[0]


def format_datestamp(dt: datetime, granularity: str) -> str:
    """`dt` as an OAI `from`/`until` argument. OAI datestamps are UTC: an aware `dt` is
    converted, a naive one is taken as UTC already."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc)
    if granularity == "YYYY-MM-DD":
        return dt.date().isoformat()
    if granularity == "YYYY-MM-DDThh:mm:ssZ":
        return f"{dt.date().isoformat()}T{dt:%H:%M:%S}Z"
    raise ValueError(f"unknown OAI granularity {granularity!r}")


# ---------------------------------------------------------------- records and headers


def _record(record: etree._Element, prefix: str) -> OAIRecord:
    header, payload = None, None
    for child in elements(record):
        name = local(child.tag)
        if name == "header":
            header = child
        elif name == "metadata":
            payload = next(elements(child), None)
    identifier, datestamp, sets, deleted = _header_fields(header)
    metadata = to_dc(payload, prefix) if payload is not None and not deleted else {}
    return OAIRecord(identifier, datestamp, deleted, sets, metadata, _serialised(record))


def _header_record(header: etree._Element) -> OAIRecord:
    identifier, datestamp, sets, deleted = _header_fields(header)
    return OAIRecord(identifier, datestamp, deleted, sets, {}, _serialised(header))


def _header_fields(header: etree._Element | None) -> tuple[str, str, list[str], bool]:
    if header is None:
        return "", "", [], False
    identifier, datestamp, sets = "", "", []
    for child in elements(header):
        name = local(child.tag)
        if name == "identifier":
            identifier = clean(child.text)
        elif name == "datestamp":
            datestamp = clean(child.text)
        elif name == "setSpec":
            sets.append(clean(child.text))
    return identifier, datestamp, sets, header.get("status") == "deleted"


def _resumption(element: etree._Element | None) -> tuple[str | None, int | None, int | None]:
    if element is None:
        return None, None, None
    return (clean(element.text) or None, _integer(element.get("completeListSize")),
            _integer(element.get("cursor")))


def _integer(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _serialised(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", with_tail=False)
