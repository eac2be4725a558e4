"""Documents a web page links to (PDF, Word, OpenDocument): found on the page (nordcat.related.*),
then made records of their own (`linked_documents`), without fetching the files."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from lxml import etree

from crawlers.parsers.html.common import Metadata, absolute_url, add_values, squash, text_of
from nordcat import dc

# Linked files that are documents in their own right, by extension -> nordcat.file_type
_DOCUMENT_TYPES = {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".odt": "odt", ".pptx": "pptx"}
# "Last ned rapporten (PDF, 2 MB)": the download verb and the file note are no part of a title
_DOWNLOAD_VERB = re.compile(r"^(?:last ned|hent ned|ladda ner|download|hämta|hent|lataa)\s*:?\s+", re.IGNORECASE)
_FILE_NOTE = re.compile(r"\s*[(\[]\s*(?:pdf|docx?|odt|pptx)\b[^)\]]*[)\]]\s*$", re.IGNORECASE)
_DOCUMENT_LINKS = etree.XPath("//a[@href][not(ancestor::nav or ancestor::header or ancestor::footer)]")


def linked_documents(page: Metadata) -> list[Metadata]:
    """A record of each document the page links to (its nordcat.related.*), made without
    fetching the file: the full-text step downloads nordcat.fulltext_url later.

    The title is the link text without a download verb or file note ("Last ned Veileder
    (PDF)" -> "Veileder"), else the file name; language and publisher are the page's, and
    nordcat.found_on is the page's URL as crawled (the page record's key is made of it).
    nordcat.url is the document itself, which is where a reader goes and what the
    document's record key is made of.
    """
    found_on = (page.get(dc.URL) or [""])[0]
    documents = []
    for url, anchor in zip(page.get(dc.RELATED_URL, []), page.get(dc.RELATED_TITLE, [])):
        document: Metadata = {}
        add_values(document, "dc.title", [_document_title(anchor, url)])
        add_values(document, "dc.language", page.get("dc.language", []))
        add_values(document, "dc.publisher", page.get("dc.publisher", []))
        add_values(document, dc.FILE_TYPE, [_file_type(url) or ""])
        add_values(document, dc.FULLTEXT_URL, [url])
        add_values(document, dc.FOUND_ON, [found_on])
        add_values(document, dc.URL, [url])
        documents.append(document)
    return documents


def _document_title(anchor: str, url: str) -> str:
    title = _FILE_NOTE.sub("", _DOWNLOAD_VERB.sub("", anchor)).strip()
    return title if len(title) > 3 else _file_name(url)  # "PDF", "her": no title


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def _file_type(url: str) -> str | None:
    path = urlsplit(url).path.lower()
    return next((kind for extension, kind in _DOCUMENT_TYPES.items() if path.endswith(extension)), None)


def add_documents(metadata: Metadata, root: etree._Element, base: str) -> None:
    """Links to documents outside the page's navigation, header and footer, one per URL."""
    seen = set()
    for link in _DOCUMENT_LINKS(root):
        url = absolute_url(link.get("href"), base)
        if url in seen or _file_type(url) is None:
            continue
        seen.add(url)
        title = text_of(link) or squash(link.get("title")) or _file_name(url)
        metadata.setdefault(dc.RELATED_URL, []).append(url)
        metadata.setdefault(dc.RELATED_TITLE, []).append(title)
