"""The OAI-PMH envelope: the response body parsed as XML (strictly, else repaired), its verb,
its responseDate and its <error>s.

Parsing is strict first. Only when that fails is the body repaired and parsed again with
libxml2's recovery, and the envelope says so (`Envelope.recovered`), so the spider can count it.
The repair undoes what real servers get wrong:
- text before the XML declaration (a blank line, a PHP notice);
- a body in Latin-1/CP1252 that declares (or defaults to) UTF-8: the bytes that are not UTF-8
  are read as CP1252 one by one, so "Kuntayhteisty\\xf6" keeps its "ö" and the page is kept
  (libxml2's own recovery would turn each into U+FFFD);
- characters XML 1.0 forbids (\\x0b, \\x1a, ...), raw or as character references: removed.
A body with no element left to recover (sickle's "broken xml") raises OAIError("badXML").
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

from crawlers.parsers.oai.tree import clean, elements, local

OAI_NS = "http://www.openarchives.org/OAI/2.0/"


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
class Envelope:
    verb: str
    response_date: str
    verb_element: etree._Element | None  # <ListRecords>, <Identify>...; None: tolerated error
    recovered: bool


def open_envelope(body: bytes, tolerated: str = "") -> Envelope:
    """Parse the OAI-PMH envelope; raise OAIError for its <error>s other than `tolerated`, and
    for an envelope with neither a verb element nor an error (it would read as an empty list)."""
    root, recovered = _parse_xml(body)
    root_name = local(root.tag)
    if root_name != "OAI-PMH":
        what = "an HTML page" if root_name.lower() == "html" else f"root element <{root_name}>"
        raise OAIError("notOAI", f"{what} instead of an OAI-PMH response")
    verb, response_date, verb_element, tolerated_error = "", "", None, False
    for child in elements(root):
        name = local(child.tag)
        if name == "responseDate":
            response_date = clean(child.text)
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
        verb = local(verb_element.tag)
    return Envelope(verb, response_date, verb_element, recovered)


def _raise_unless(error: etree._Element, tolerated: str) -> None:
    code = error.get("code", "")
    if code != tolerated:
        raise OAIError(code or "undefinedError", clean(error.text))


def required(envelope: Envelope, *verbs: str) -> etree._Element | None:
    """The verb element, refused unless it is one of `verbs` (a misrouted endpoint answering
    Identify to everything must not read as an empty list)."""
    element = envelope.verb_element
    if element is not None and local(element.tag) not in verbs:
        raise OAIError("notOAI", f"<{local(element.tag)}> where <{'|'.join(verbs)}> was expected")
    return element


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
