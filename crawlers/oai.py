"""OAI-PMH responses parsed, and their metadata formats mapped to the dc-dict.

Pure and fast: the OAI-PMH spider calls `parse_page` on every response body, so each page is
parsed once by lxml and walked with `iterchildren`/`iter` (no per-record re-parsing, no Scrapy).

Parsing is strict first. Only when that fails is the body repaired and parsed again with
libxml2's recovery, and the page says so (`OAIPage.recovered`), so the spider can count it.
The repair undoes what real servers get wrong:
- text before the XML declaration (a blank line, a PHP notice);
- a body in Latin-1/CP1252 that declares (or defaults to) UTF-8: the bytes that are not UTF-8
  are read as CP1252 one by one, so "Kuntayhteisty\\xf6" keeps its "ö" and the page is kept
  (libxml2's own recovery would turn each into U+FFFD);
- characters XML 1.0 forbids (\\x0b, \\x1a, ...), raw or as character references: removed.
A body with no element left to recover (sickle's "broken xml") raises OAIError("badXML").

Namespaces: envelope and payload elements are matched by local name, so responses without the
OAI 2.0 namespace (or with unusual prefixes) parse the same.

Dc-dict values are whitespace-normalised like the page extractors' (pretty-printed XML puts
newlines and indentation inside values); the untouched record is kept in `OAIRecord.xml`.
"""
from __future__ import annotations

import codecs
import html
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Callable

from lxml import etree

from crawlers.oai_ddf import MXD_NS_BASE, ddf_mxd

log = logging.getLogger(__name__)

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
DIM_NS = "http://www.dspace.org/xmlns/dspace/dim"
XOAI_NS = "http://www.lyncode.com/xoai"
MODS_NS = "http://www.loc.gov/mods/v3"
KK_NS = "http://www.kansalliskirjasto.fi/oai"  # as a public Theseus harvester declares it
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"

# best first: DSpace (dim keeps every qualifier), Finnish DSpace (kk), DiVA (MODS), Pure
# (ddf-mxd, richer than its MODS)
PREFERRED_PREFIXES = ["dim", "xoai", "qdc", "kk", "swepub_mods", "ddf-mxd", "mods", "oai_dc"]

Metadata = dict[str, list[str]]


class OAIError(Exception):
    """An OAI-PMH <error>, or a response that cannot be used.

    `code` is the OAI error code ("badResumptionToken", "noRecordsMatch", ...) or one of
    nordcat's: "badXML" (not XML even after recovery), "notOAI" (an HTML page served with
    status 200, or another root element) and "emptyBody".
    """

    def __init__(self, code: str, message: str = ""):
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message


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
    envelope = _open(body, tolerated="noRecordsMatch")
    records: list[OAIRecord] = []
    token_element = None
    for child in _elements(_required(envelope, "ListRecords", "GetRecord", "ListIdentifiers")):
        name = _local(child.tag)
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
    fields = _child_texts(_required(_open(body), "Identify"))

    def first(name: str) -> str:
        return fields.get(name, [""])[0]

    return Identify(first("repositoryName"), first("baseURL"), first("protocolVersion"),
                    first("earliestDatestamp"), first("deletedRecord"), first("granularity"),
                    fields.get("compression", []), fields.get("adminEmail", []))


def parse_metadata_formats(body: bytes) -> list[str]:
    """The metadataPrefix values, in the server's order."""
    prefixes: list[str] = []
    for element in _elements(_required(_open(body), "ListMetadataFormats")):
        if _local(element.tag) == "metadataFormat":
            prefixes += _child_texts(element).get("metadataPrefix", [])[:1]
    return prefixes


def parse_sets(body: bytes) -> tuple[list[tuple[str, str]], str | None]:
    """(setSpec, setName) pairs in server order, and the resumption token (None at the end)."""
    sets, token_element = [], None
    for element in _elements(_required(_open(body), "ListSets")):
        name = _local(element.tag)
        if name == "set":
            fields = _child_texts(element)
            sets.append((fields.get("setSpec", [""])[0], fields.get("setName", [""])[0]))
        elif name == "resumptionToken":
            token_element = element
    return sets, _resumption(token_element)[0]


def choose_prefix(offered: list[str], forced: str | None = None) -> str:
    """The richest offered format nordcat maps (PREFERRED_PREFIXES), or `forced` if offered.

    Raises OAIError("cannotDisseminateFormat") when nothing usable is offered: harvesting a
    format nordcat cannot map would give records without metadata.
    """
    if forced is not None:
        if forced in offered:
            return forced
        raise OAIError("cannotDisseminateFormat", f"{forced!r} is not offered (offered: {offered})")
    for prefix in PREFERRED_PREFIXES:
        if prefix in offered:
            return prefix
    raise OAIError("cannotDisseminateFormat", f"none of {PREFERRED_PREFIXES} offered: {offered}")


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


def to_dc(metadata_element: etree._Element, prefix: str) -> Metadata:
    """The dc-dict of one metadata payload, by the format family of `prefix`.

    `metadata_element` may be the OAI <metadata> wrapper or the payload inside it. A prefix
    nordcat does not know (e.g. "mets") is mapped by the payload's root element instead.
    """
    payload = _unwrap(metadata_element)
    mapper = _MAPPERS.get(prefix) or _mapper_for_root(payload)
    if mapper is None:
        log.warning("no dc mapping for prefix %r with root <%s>", prefix, payload.tag)
        return {}
    return mapper(payload)


# ---------------------------------------------------------------- parsing and repair

# huge_tree on both: a text node over 10 MB is not a syntax error and must not flag recovery.
# No entity expansion and no network: a response cannot make us read files or fetch URLs.
_STRICT = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
_RECOVERING = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False,
                              no_network=True)

_XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)")
_FORBIDDEN_IN_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
    r"|&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|fff[ef])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|6553[45]));",
    re.IGNORECASE)

# CP1252 for the bytes it defines, Latin-1 for its five holes: what Nordic servers mislabel.
_CP1252_OR_LATIN1 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _stray_bytes_as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    stray = error.object[error.start:error.end]
    return "".join(_CP1252_OR_LATIN1[b] for b in stray), error.end


codecs.register_error("nordcat-cp1252", _stray_bytes_as_cp1252)


def _parse_xml(body: bytes) -> tuple[etree._Element, bool]:
    """The document root and whether recovery was needed."""
    if not body or not body.strip():
        raise OAIError("emptyBody", "the response body is empty")
    try:
        return etree.fromstring(body, _STRICT), False
    except etree.XMLSyntaxError:
        pass
    try:
        root = etree.fromstring(_repaired(body), _RECOVERING)
    except etree.XMLSyntaxError as exc:
        raise OAIError("badXML", f"unrecoverable XML: {exc}") from exc
    if root is None:
        raise OAIError("badXML", "no XML element in the body, even after recovery")
    return root, True


def _repaired(body: bytes) -> str:
    """The body as text, decoded by its declared encoding (stray bytes as CP1252), from the
    XML declaration on, without that declaration (lxml refuses it in a str) and without the
    characters XML 1.0 forbids."""
    text = body.decode(_codec(body), errors="nordcat-cp1252")
    start = text.find("<?xml")
    text = _XML_DECLARATION.sub("", text[start:], count=1) if start >= 0 else text.lstrip("\ufeff")
    return _FORBIDDEN_IN_XML.sub("", text)


def _codec(body: bytes) -> str:
    declared = _DECLARED_ENCODING.match(body[:300])
    if declared:
        try:
            return codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            pass
    return "utf-8"


@dataclass(slots=True)
class _Envelope:
    verb: str
    response_date: str
    verb_element: etree._Element | None  # <ListRecords>, <Identify>...; None: tolerated error
    recovered: bool


def _open(body: bytes, tolerated: str = "") -> _Envelope:
    """Parse the OAI-PMH envelope; raise OAIError for its <error>s other than `tolerated`, and
    for an envelope with neither a verb element nor an error (it would read as an empty list)."""
    root, recovered = _parse_xml(body)
    root_name = _local(root.tag)
    if root_name != "OAI-PMH":
        what = "an HTML page" if root_name.lower() == "html" else f"root element <{root_name}>"
        raise OAIError("notOAI", f"{what} instead of an OAI-PMH response")
    verb, response_date, verb_element, tolerated_error = "", "", None, False
    for child in _elements(root):
        name = _local(child.tag)
        if name == "responseDate":
            response_date = _clean(child.text)
        elif name == "request":
            verb = child.get("verb", "")
        elif name == "error":
            _raise_unless(child, tolerated)
            tolerated_error = True
        else:
            verb_element = child
    if verb_element is None and not tolerated_error:
        raise OAIError("notOAI", "an OAI-PMH envelope without a verb element or an error")
    if not verb and verb_element is not None:
        verb = _local(verb_element.tag)
    return _Envelope(verb, response_date, verb_element, recovered)


def _raise_unless(error: etree._Element, tolerated: str) -> None:
    code = error.get("code", "")
    if code != tolerated:
        raise OAIError(code or "undefinedError", _clean(error.text))


def _required(envelope: _Envelope, *verbs: str) -> etree._Element | None:
    """The verb element, refused unless it is one of `verbs` (a misrouted endpoint answering
    Identify to everything must not read as an empty list)."""
    element = envelope.verb_element
    if element is not None and _local(element.tag) not in verbs:
        raise OAIError("notOAI", f"<{_local(element.tag)}> where <{'|'.join(verbs)}> was expected")
    return element


def _record(record: etree._Element, prefix: str) -> OAIRecord:
    header, payload = None, None
    for child in _elements(record):
        name = _local(child.tag)
        if name == "header":
            header = child
        elif name == "metadata":
            payload = next(_elements(child), None)
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
    for child in _elements(header):
        name = _local(child.tag)
        if name == "identifier":
            identifier = _clean(child.text)
        elif name == "datestamp":
            datestamp = _clean(child.text)
        elif name == "setSpec":
            sets.append(_clean(child.text))
    return identifier, datestamp, sets, header.get("status") == "deleted"


def _resumption(element: etree._Element | None) -> tuple[str | None, int | None, int | None]:
    if element is None:
        return None, None, None
    return (_clean(element.text) or None, _integer(element.get("completeListSize")),
            _integer(element.get("cursor")))


def _integer(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _serialised(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", with_tail=False)


# ---------------------------------------------------------------- small tree helpers


def _elements(parent: etree._Element | None):
    """Child elements, skipping comments and processing instructions."""
    return iter(()) if parent is None else parent.iterchildren(etree.Element)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _clean(text: str | None) -> str:
    return _normalised(text) if text else ""


def _normalised(text: str) -> str:
    """" ".join(text.split()) for a non-empty text, without splitting the usual value that needs
    nothing: printable (so no whitespace but the plain space), no space at either end, none
    doubled."""
    if text.isprintable() and text[0] != " " and text[-1] != " " and "  " not in text:
        return text
    return " ".join(text.split())


def _add(out: Metadata, key: str, value: str | None) -> None:
    """Append a trimmed, non-empty value under `key`, keeping source order."""
    if value and (value := _normalised(value)):
        out.setdefault(key, []).append(value)


def _child_texts(parent: etree._Element) -> dict[str, list[str]]:
    """Non-empty texts of the child elements, by local name, in source order."""
    texts: dict[str, list[str]] = {}
    for child in _elements(parent):
        _add(texts, _local(child.tag), child.text)
    return texts


@lru_cache(maxsize=4096)
def _dotted(schema: str, element: str, qualifier: str | None) -> str:
    """DSpace's field name: schema.element[.qualifier], lower case ("none" means no qualifier)."""
    parts = (schema, element, qualifier) if qualifier and qualifier != "none" else (schema, element)
    return ".".join(parts).lower()


def _add_fulltext(out: Metadata, file_element: etree._Element) -> None:
    """kk:file (kk and Finnish qdc): the ORIGINAL bundle holds the documents, others thumbnails."""
    if file_element.get("bundle", "ORIGINAL") == "ORIGINAL":
        _add(out, "nordcat.fulltext_url", file_element.get("href"))


# ---------------------------------------------------------------- format mappers


def _unwrap(element: etree._Element) -> etree._Element:
    if element.tag in (f"{{{OAI_NS}}}metadata", "metadata"):
        return next(_elements(element), element)
    return element


def _oai_dc(payload: etree._Element) -> Metadata:
    """oai_dc: each dc:X becomes "dc.X"."""
    out: Metadata = {}
    for element in _elements(payload):
        _add(out, _oai_dc_key(element.tag), element.text)
    return out


@lru_cache(maxsize=1024)
def _oai_dc_key(tag: str) -> str:
    """"{ns}title" -> "dc.title", once per tag rather than once per value."""
    return "dc." + _local(tag).lower()


_DIM_FIELD = f"{{{DIM_NS}}}field"


def _dim(payload: etree._Element) -> Metadata:
    """DSpace's flat field lists, found anywhere under the payload (so a METS wrapper works):
    DIM `<dim:field mdschema element qualifier>` and its file form, the Simple Archive Format
    `<dublin_core schema><dcvalue element qualifier>` (Brage/NVA). Language and authority
    attributes are not kept."""
    out: Metadata = {}
    archive_schema = payload.get("schema", "dc")
    for field in payload.iter(_DIM_FIELD, "dcvalue"):
        element = field.get("element")
        if element:
            schema = field.get("mdschema") or archive_schema
            _add(out, _dotted(schema, element, field.get("qualifier")), field.text)
    return out


_XOAI_ELEMENT = f"{{{XOAI_NS}}}element"
_XOAI_FIELD = f"{{{XOAI_NS}}}field"


def _xoai(payload: etree._Element) -> Metadata:
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
            _add(out, key, field.text)
    for child in element.iterchildren(_XOAI_ELEMENT):
        _xoai_values(child, [*path, child.get("name", "")], out)


def _xoai_fulltext(bundles: etree._Element, out: Metadata) -> None:
    for bundle in bundles.iterchildren(_XOAI_ELEMENT):
        if _xoai_field(bundle, "name") == "ORIGINAL":
            for bitstream in bundle.iter(_XOAI_ELEMENT):
                if bitstream.get("name") == "bitstream":
                    _add(out, "nordcat.fulltext_url", _xoai_field(bitstream, "url"))


def _xoai_field(element: etree._Element, name: str) -> str:
    for field in element.iterchildren(_XOAI_FIELD):
        if field.get("name") == name:
            return _clean(field.text)
    return ""


_DC_ELEMENTS = {"title", "creator", "subject", "description", "publisher", "contributor", "date",
                "type", "format", "identifier", "source", "language", "relation", "coverage",
                "rights"}
# DCMI terms that refine one of the 15 elements, as DSpace names the refinement.
_DCTERMS = {
    "alternative": "dc.title.alternative",
    "abstract": "dc.description.abstract", "tableofcontents": "dc.description.tableofcontents",
    "issued": "dc.date.issued", "available": "dc.date.available", "created": "dc.date.created",
    "dateaccepted": "dc.date.accepted", "datesubmitted": "dc.date.submitted",
    "datecopyrighted": "dc.date.copyright", "modified": "dc.date.modified",
    "extent": "dc.format.extent", "medium": "dc.format.medium",
    "bibliographiccitation": "dc.identifier.citation",
    "license": "dc.rights.uri", "accessrights": "dc.rights.accessrights",
    "rightsholder": "dc.rights.holder",
    "spatial": "dc.coverage.spatial", "temporal": "dc.coverage.temporal",
    **{relation: f"dc.relation.{relation}" for relation in (
        "ispartof", "haspart", "isversionof", "hasversion", "isformatof", "hasformat",
        "references", "isreferencedby", "replaces", "isreplacedby", "requires", "isrequiredby",
        "conformsto")},
}
# xsi:type encoding schemes that say what DSpace says with a qualifier; others add nothing.
_SCHEME_QUALIFIERS = {"dcterms:URI": "uri", "dcterms:IMT": "mimetype", "dcterms:ISO639-2": "iso",
                      "dcterms:ISO639-3": "iso", "dcterms:RFC1766": "iso", "dcterms:RFC3066": "iso",
                      "dcterms:RFC4646": "iso"}
# Stock DSpace qdc writes some identifiers as labelled text: "ISSN:1234-5678", "doi:10.1/x".
_LABELLED_IDENTIFIER = re.compile(r"(issn|eissn|isbn|doi):\s*(\S.*)", re.IGNORECASE)


def _qdc(payload: etree._Element) -> Metadata:
    """DSpace qualified DC: dcterms refinements (dcterms:issued -> dc.date.issued), the 15 DC
    elements qualified by a `type` attribute (Finnish DSpace: <identifier type="issn">,
    <relation type="ispartofseries">) or an xsi:type scheme, and kk:file links. RecordManager's
    own <recordID> and the resolver links in <permaddress> duplicate identifiers: not mapped."""
    out: Metadata = {}
    for element in _elements(payload):
        name = _local(element.tag).lower()
        if name == "file":
            _add_fulltext(out, element)
        elif name in _DCTERMS:
            _add(out, _DCTERMS[name], element.text)
        elif name in _DC_ELEMENTS:
            _add_qualified_dc(out, name, element)
    return out


def _add_qualified_dc(out: Metadata, name: str, element: etree._Element) -> None:
    qualifier = element.get("type") or _SCHEME_QUALIFIERS.get(element.get(XSI_TYPE, ""))
    if qualifier:
        _add(out, f"dc.{name}.{qualifier.lower()}", element.text)
        return
    labelled = name == "identifier" and _LABELLED_IDENTIFIER.fullmatch(_clean(element.text))
    if labelled:
        _add(out, f"dc.identifier.{labelled.group(1).lower()}", labelled.group(2))
    else:
        _add(out, f"dc.{name}", element.text)


def _kk(payload: etree._Element) -> Metadata:
    """kk, the Finnish national library's DSpace format (Theseus, Julkari, Doria, Valto):
    `<kk:field schema element qualifier language value/>` with the value in an attribute, and
    `<kk:file href bundle type/>`. Matched by local name: KK_NS is known only from one
    harvester's code, not from a published schema."""
    out: Metadata = {}
    for element in payload.iter(etree.Element):
        name = _local(element.tag)
        if name == "field" and element.get("element"):
            _add(out, _dotted(element.get("schema", "dc"), element.get("element"),
                              element.get("qualifier")), element.get("value"))
        elif name == "file":
            _add_fulltext(out, element)
    return out


# MARC relator codes and terms as MODS writes them (SwePub/DiVA use the codes).
_MODS_ROLES = {"aut": "dc.contributor.author", "author": "dc.contributor.author",
               "cre": "dc.contributor.author", "creator": "dc.contributor.author",
               "edt": "dc.contributor.editor", "editor": "dc.contributor.editor",
               "ths": "dc.contributor.advisor", "thesis advisor": "dc.contributor.advisor"}
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]")
_SERIES_TITLE = etree.XPath("*[local-name()='titleInfo'][1]/*[local-name()='title']/text()")
_SERIES_NUMBER = etree.XPath(  # MODS partNumber, DiVA's identifier, or MODS part/detail
    "*[local-name()='titleInfo']/*[local-name()='partNumber']/text()"
    " | *[local-name()='identifier'][@type='issue number']/text()"
    " | *[local-name()='part']/*[local-name()='detail']/*[local-name()='number']/text()")


def _mods(payload: etree._Element) -> Metadata:
    """MODS and SwePub MODS (DiVA, LUP, GUP, Pure): titles, names with roles, dates,
    identifiers, language, genre, abstract, subjects, series, full-text links, rights.
    Notes, recordInfo and typeOfResource are not mapped."""
    out: Metadata = {}
    mods = next(payload.iter(f"{{{MODS_NS}}}mods", "mods"), None)
    for element in _elements(mods):
        mapper = _MODS_ELEMENTS.get(_local(element.tag))
        if mapper:
            mapper(element, out)
    return out


def _mods_title(title_info: etree._Element, out: Metadata) -> None:
    parts = _child_texts(title_info)
    if not parts.get("title"):
        return
    title = " ".join(parts.get("nonSort", []) + parts["title"])
    if parts.get("subTitle"):
        title = f"{title} : {parts['subTitle'][0]}"
    _add(out, "dc.title.alternative" if title_info.get("type") else "dc.title", title)


def _mods_name(name: etree._Element, out: Metadata) -> None:
    parts: dict[str | None, list[str]] = {"family": [], "given": [], None: []}
    terms: list[str] = []
    for child in _elements(name):
        local = _local(child.tag)
        if local == "namePart" and child.get("type") in parts:  # not "date", "termsOfAddress"
            _add(parts, child.get("type"), child.text)
        elif local == "role":
            terms += [_clean(term.text).lower() for term in _elements(child)]
    family, given = " ".join(parts["family"]), " ".join(parts["given"])
    if family:
        display = f"{family}, {given}" if given else family
    else:  # a personal name written whole, or a corporate hierarchy (university, department)
        display = ", ".join(parts[None])
    key = next((_MODS_ROLES[term] for term in terms if term in _MODS_ROLES), "dc.contributor")
    _add(out, key, display)


def _mods_origin(origin: etree._Element, out: Metadata) -> None:
    for child in _elements(origin):
        local = _local(child.tag)
        if local == "dateIssued":
            _add(out, "dc.date.issued", child.text)
        elif local == "publisher":
            _add(out, "dc.publisher", child.text)


def _mods_identifier(identifier: etree._Element, out: Metadata) -> None:
    if identifier.get("invalid") == "yes":
        return
    kind = _NOT_ALPHANUMERIC.sub("", identifier.get("type", "").lower())
    value = _clean(identifier.text)
    if kind == "hdl":  # a bare handle or its resolver URL: DSpace keeps the URL in .uri
        kind = "uri"
        if value and "://" not in value:
            value = f"https://hdl.handle.net/{value}"
    _add(out, f"dc.identifier.{kind}" if kind else "dc.identifier", value)


def _mods_language(language: etree._Element, out: Metadata) -> None:
    if language.get("objectPart"):  # e.g. the language of a thesis defence, not of the text
        return
    for term in _elements(language):
        _add(out, "dc.language.iso" if term.get("type") == "code" else "dc.language", term.text)


def _mods_subject(subject: etree._Element, out: Metadata) -> None:
    for child in _elements(subject):
        local = _local(child.tag)
        if local == "topic":
            _add(out, "dc.subject", child.text)
        elif local == "geographic":
            _add(out, "dc.coverage.spatial", child.text)


def _mods_location(location: etree._Element, out: Metadata) -> None:
    for url in _elements(location):
        if _local(url.tag) == "url":
            raw = url.get("access") == "raw object"
            _add(out, "nordcat.fulltext_url" if raw else "dc.identifier.uri", url.text)


def _mods_related(related: etree._Element, out: Metadata) -> None:
    """Series -> dc.relation.ispartofseries "Title;number" (DSpace's form); host (journal,
    book) title -> dc.relation.ispartof. Their ISSNs are the ones DSpace files under
    dc.identifier.issn."""
    kind = related.get("type")
    if kind not in ("series", "host"):
        return
    title = _clean("".join(_SERIES_TITLE(related)[:1]))
    if kind == "series":
        number = next((n for n in map(_clean, _SERIES_NUMBER(related)) if n), "")
        _add(out, "dc.relation.ispartofseries", f"{title};{number}" if title and number else title)
    else:
        _add(out, "dc.relation.ispartof", title)
    for identifier in _elements(related):
        if _local(identifier.tag) == "identifier" and identifier.get("type") in ("issn", "eissn"):
            _add(out, f"dc.identifier.{identifier.get('type')}", identifier.text)


def _mods_extent(description: etree._Element, out: Metadata) -> None:
    for child in _elements(description):
        if _local(child.tag) == "extent":
            _add(out, "dc.format.extent", child.text)


def _mods_text(key: str) -> Callable[[etree._Element, Metadata], None]:
    return lambda element, out: _add(out, key, element.text)


_MODS_ELEMENTS: dict[str, Callable[[etree._Element, Metadata], None]] = {
    "titleInfo": _mods_title, "name": _mods_name, "originInfo": _mods_origin,
    "identifier": _mods_identifier, "language": _mods_language, "subject": _mods_subject,
    "location": _mods_location, "relatedItem": _mods_related, "physicalDescription": _mods_extent,
    "genre": _mods_text("dc.type"), "abstract": _mods_text("dc.description.abstract"),
    "accessCondition": _mods_text("dc.rights"),
}

_MAPPERS: dict[str, Callable[[etree._Element], Metadata]] = {
    "oai_dc": _oai_dc, "dim": _dim, "xoai": _xoai, "qdc": _qdc, "kk": _kk,
    "mods": _mods, "swepub_mods": _mods, "mods_swepub": _mods, "ddf-mxd": ddf_mxd,
}


def _mapper_for_root(payload: etree._Element) -> Callable[[etree._Element], Metadata] | None:
    """The mapper for a payload by its root element; a METS wrapper by what it wraps."""
    namespace, _, name = payload.tag.rpartition("}")
    namespace = namespace.lstrip("{")
    if namespace == DIM_NS or name == "dublin_core":
        return _dim
    if namespace == XOAI_NS:
        return _xoai
    if namespace == KK_NS:
        return _kk
    if namespace == MODS_NS or name == "mods":
        return _mods
    if namespace.startswith(MXD_NS_BASE) or name == "ddf_doc":
        return ddf_mxd
    if name == "dc":
        return _oai_dc
    if name == "qualifieddc":
        return _qdc
    if name.lower() == "mets":
        wraps_dim = next(payload.iter(_DIM_FIELD), None) is not None
        return _dim if wraps_dim else _mods
    return None
