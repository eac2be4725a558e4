"""Docplayer-style transcript pages: the text of an uploaded PDF or slide deck, page by page,
with a download link and a list of related documents.

The site has no metadata beyond the title: the date (and, when it is unmistakable, the
author) are read from the first transcript page, where title slides and report covers
print them. Related documents are the crawl's way onwards; `related_on_topic` decides which
of them the spider follows.

`parse_page` tells a page's kind from its markup, wherever the crawl met it: a transcript page
(its transcript container or pages, or its related-documents list) is a record, a page without
them that links transcript pages is a listing, and a page that is neither gives no link.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

from bs4 import UnicodeDammit
from lxml import etree

from crawlers.parsers.html.common import (
    Metadata,
    PageRecord,
    absolute_url,
    add_text,
    add_values,
    base_url_of,
    class_names,
    html_lang,
    meta_values,
    missing_fields,
    parse_html,
    squash,
    text_of,
    unique,
)
from nordcat import dc

REQUIRED = ("dc.title", dc.TEXT)

_TITLE_SUFFIX = re.compile(r"\s+[-–|]\s+PDF(?:\s+[^\s-]+){0,3}\s*$", re.IGNORECASE)
_TRANSCRIPT_PATH = re.compile(r"^/\d+-[^/]+\.html$")
_DOCUMENT_TYPES = ("pdf", "pptx", "ppt", "docx", "doc", "xlsx", "xls", "odt", "odp")
# Viewer controls that the site's own markup can leave inside a transcript page.
_FURNITURE = re.compile(
    r"(?:Størrelse|Storlek|Size|Koko|Größe)\s*:\s*px"
    r"|(?:Starte visningen fra side|Begynne med side|Börja visa från sida|Start display at page"
    r"|Aloita näyttäminen sivulta|Anzeige ab Seite)\s*:?"
    r"|Download\s*[\"“].*[\"”]|Transkript|Transcript|Transkription|Læs mere|Les mer|Läs mer|Detaljer",
    re.IGNORECASE,
)
_MONTHS = {
    **dict.fromkeys(("januar", "januari", "january", "tammikuuta", "jan"), 1),
    **dict.fromkeys(("februar", "februari", "february", "helmikuuta", "feb"), 2),
    **dict.fromkeys(("marts", "mars", "march", "maaliskuuta", "mar"), 3),
    **dict.fromkeys(("april", "huhtikuuta", "apr"), 4),
    **dict.fromkeys(("maj", "mai", "may", "toukokuuta"), 5),
    **dict.fromkeys(("juni", "june", "kesäkuuta", "jun"), 6),
    **dict.fromkeys(("juli", "july", "heinäkuuta", "jul"), 7),
    **dict.fromkeys(("august", "augusti", "elokuuta", "aug"), 8),
    **dict.fromkeys(("september", "syyskuuta", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "lokakuuta", "okt", "oct"), 10),
    **dict.fromkeys(("november", "marraskuuta", "nov"), 11),
    **dict.fromkeys(("december", "desember", "joulukuuta", "dec", "des"), 12),
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "22. november 2010", "22 november 2010", "November 22, 2010", "22.11.2010", "2010-11-22"
_DATE_PATTERNS = (
    (re.compile(rf"\b(\d{{1,2}})\.?\s+({_MONTH_NAMES})\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE), "dmy"),
    (re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b", re.IGNORECASE), "mdy"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b"), "dmy"),
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), "ymd"),
)
_TRANSCRIPT_MARKS = etree.XPath("(//div[@data-page] | //*[contains(@class, 'related-doc')])[1]")
_YEAR = re.compile(r"\b(199\d|20[0-2]\d|2030)\b")
_FOLDED_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l"})


def parse_page(html: str | bytes, url: str, topics: list[str] | tuple[str, ...] = ()) -> PageRecord:
    """A transcript or a listing, told apart by the markup, never by the URL or the position.

    A transcript page (a transcript container, page divs with data-page, or a related-documents
    list) is a record, even where it also lists other documents; its links are its related
    documents whose title passes `related_on_topic` (all of them when `topics` is empty). Any
    other page is a listing of the transcript pages it links (`parse_home`); one that links none
    is neither, and lacks "links": a parse failure where the source names it.
    """
    root = parse_html(_detwingled(html))
    if not _is_transcript_page(root):
        return _listing(root, url)
    page = _transcript(root, url)
    related = zip(page.metadata.get(dc.RELATED_URL, []), page.metadata.get(dc.RELATED_TITLE, []))
    page.links = [link for link, title in related if not topics or related_on_topic(title, list(topics))]
    return page


def parse_transcript(html: str | bytes, url: str) -> PageRecord:
    """Title, transcript text, dates and links of one transcript page.

    `links` stays empty: the related documents are in nordcat.related.*, for the spider to
    follow those whose title passes `related_on_topic`.
    """
    return _transcript(parse_html(_detwingled(html)), url)


def parse_home(html: str | bytes, url: str) -> PageRecord:
    """Links to transcript pages (`/<number>-<slug>.html`) on a home or listing page."""
    return _listing(parse_html(_detwingled(html)), url)


def _transcript(root: etree._Element, url: str) -> PageRecord:
    base = base_url_of(root, url)
    metadata: Metadata = {}
    add_values(metadata, "dc.title", [_title(root)])
    pages = _transcript_pages(root)
    add_text(metadata, dc.TEXT, "\n\n".join(page for page in pages if page))
    if pages:
        add_values(metadata, dc.PAGE_COUNT, [str(len(pages))])
        _add_date_and_creator(metadata, pages)
    add_values(metadata, "dc.language", [html_lang(root)])
    _add_download(metadata, root, base)
    _add_related(metadata, root, base)
    add_values(metadata, dc.URL, [url])
    return PageRecord(metadata=metadata, missing=missing_fields(metadata, REQUIRED))


def _listing(root: etree._Element, url: str) -> PageRecord:
    base = base_url_of(root, url)
    links = [absolute_url(href, base) for href in root.xpath("//a/@href")]
    links = unique(link for link in links if _TRANSCRIPT_PATH.match(urlsplit(link).path))
    return PageRecord(links=links, missing=[] if links else ["links"], is_record=False)


def _is_transcript_page(root: etree._Element) -> bool:
    """The markup only a transcript page has: its transcript (container or data-page pages) or
    its related-documents list. A transcript page that lost its text is still one (a parse
    failure, not a listing whose related links would be followed off topic)."""
    return _transcript_container(root) is not None or bool(_TRANSCRIPT_MARKS(root))


def related_on_topic(title: str, topic_words: list[str]) -> bool:
    """True when a topic word (or phrase) starts a word of the title, ignoring case and
    diacritics: "partnerskab" matches "Partnerskaber", "IKT-samarbeid" matches
    "ikt samarbeidet", "samarbeid" matches "Samarbeid" but not "trepartssamarbeid"."""
    words = _folded_words(title)
    for topic in topic_words:
        parts = _folded_words(topic)
        if parts and any(
            all(word.startswith(part) for word, part in zip(words[start:], parts))
            for start in range(len(words) - len(parts) + 1)
        ):
            return True
    return False


def _detwingled(html: str | bytes) -> str | bytes:
    """Transcripts are text pulled out of uploaded files, so a UTF-8 page can carry stray
    windows-1252 bytes (Word's curly quotes). BeautifulSoup's detwingle re-encodes them, so
    that one bad character does not send the whole page to a guessed legacy encoding. It
    walks the bytes in Python, hence only for bodies that are not valid UTF-8."""
    if not isinstance(html, bytes):
        return html
    try:
        html.decode("utf-8")
        return html
    except UnicodeDecodeError:
        return UnicodeDammit.detwingle(html)


def _title(root: etree._Element) -> str:
    heading = next(iter(root.xpath("//h1")), None)
    if heading is not None and text_of(heading):
        return text_of(heading)
    candidates = meta_values(root).get("og:title", []) + [text_of(element) for element in root.iter("title")]
    return next((_TITLE_SUFFIX.sub("", title) for title in candidates if title), "")


def _transcript_pages(root: etree._Element) -> list[str]:
    """Each transcript page's text, without page numbers and viewer furniture.

    Inside the transcript container a page is a div with class "page" or a data-page
    attribute; outside it only data-page counts (many layouts wrap everything in a "page"
    div). A page whose closing tag is missing swallows the pages after it: a page's text
    stops at the next page element nested inside it.
    """
    container = _transcript_container(root)
    scope = root if container is None else container
    pages = [div for div in scope.iter("div") if div.get("data-page") or (container is not None and _is_page(div))]
    if not pages:
        return _unpaged_transcript(container)
    texts = []
    for position, page in enumerate(pages, start=1):
        number = page.get("data-page") or str(position)
        parts: list[str] = []
        _page_text(page, parts)
        texts.append(_without_page_number(squash(" ".join(parts)), number))
    return texts


def _transcript_container(root: etree._Element) -> etree._Element | None:
    return next((element for element in root.iter("div", "section") if "transcript" in class_names(element)), None)


def _is_page(element: etree._Element) -> bool:
    return element.tag == "div" and bool(element.get("data-page") or "page" in class_names(element))


def _page_text(element: etree._Element, parts: list[str]) -> None:
    _add_text_piece(element.text, parts)
    for child in element:
        if not _is_page(child) and "page-number" not in class_names(child) and child.tag not in ("script", "style"):
            _page_text(child, parts)
        _add_text_piece(child.tail, parts)


def _add_text_piece(text: str | None, parts: list[str]) -> None:
    if text and not _FURNITURE.fullmatch(text.strip()):
        parts.append(text)


def _unpaged_transcript(container: etree._Element | None) -> list[str]:
    """A transcript container without page elements: its text (less the "Transkript"
    heading, which is furniture) is one page."""
    if container is None:
        return []
    parts: list[str] = []
    _page_text(container, parts)
    text = squash(" ".join(parts))
    return [text] if text else []


def _without_page_number(text: str, number: str) -> str:
    """Drop the viewer's page number before a page and the file's own one after it."""
    words = text.split(" ")
    if words and words[0] == number:
        words = words[1:]
    if words and words[-1] == number:
        words = words[:-1]
    return " ".join(words)


def _add_date_and_creator(metadata: Metadata, pages: list[str]) -> None:
    """A full date on the first page(s), else a plausible year on the first page; the
    author when a name follows that date on page 1 and recurs in the transcript."""
    opening = " ".join(pages[:2])
    found = _first_date(opening)
    if found:
        issued, end = found
        add_values(metadata, "dc.date.issued", [issued.isoformat()])
        if end <= len(pages[0]):
            add_values(metadata, "dc.creator", [_name_after(pages[0][end:], " ".join(pages))])
    else:
        year = _YEAR.search(pages[0])
        add_values(metadata, "dc.date.issued", [year.group(1) if year else ""])


def _first_date(text: str) -> tuple[date, int] | None:
    """The earliest valid date in the text and where it ends."""
    found = []
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parsed = _as_date(match.groups(), order)
            if parsed and 1990 <= parsed.year <= 2030:
                found.append((match.start(), parsed, match.end()))
                break
    if not found:
        return None
    _, parsed, end = min(found)
    return parsed, end


def _as_date(groups: tuple[str, ...], order: str) -> date | None:
    fields = dict(zip(order, groups))
    month = fields["m"]
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    try:
        return date(int(fields["y"]), month_number, int(fields["d"]))
    except (TypeError, ValueError):
        return None


def _name_after(text: str, transcript: str) -> str:
    """Two to four capitalised words right after the date, followed by something else, and
    named again elsewhere: "... 22. november 2010 Lise Heiner Schmidt 1 ..."."""
    words = text.split()
    name = []
    for word in words[:5]:
        if not all(part.isalpha() and part.istitle() for part in word.split("-")):
            break
        name.append(word)
    if not 2 <= len(name) <= 4:
        return ""
    candidate = " ".join(name)
    return candidate if transcript.count(candidate) >= 2 else ""


def _add_download(metadata: Metadata, root: etree._Element, base: str) -> None:
    for link in root.iter("a"):
        if "download-btn" in class_names(link) or "download" in class_names(link):
            href = absolute_url(link.get("href"), base)
            extension = urlsplit(href).path.rsplit(".", 1)[-1].lower()
            add_values(metadata, dc.FULLTEXT_URL, [href])
            add_values(metadata, dc.FILE_TYPE, [extension if extension in _DOCUMENT_TYPES else ""])
            return


def _add_related(metadata: Metadata, root: etree._Element, base: str) -> None:
    """Related documents in page order, one entry per URL (a "read more" link repeats one)."""
    seen = set()
    for link in root.xpath("//*[contains(@class, 'related-docs')]//a[@href] | //a[contains(@class, 'related-doc')]"):
        url = absolute_url(link.get("href"), base)
        if not url or url in seen:
            continue
        titles = [text_of(span) for span in link.iter("span") if "related-title" in class_names(span)]
        title = (titles or [text_of(link)])[0] or squash(link.get("title"))
        if title:  # the two lists stay parallel; an untitled link cannot be judged on topic
            seen.add(url)
            metadata.setdefault(dc.RELATED_URL, []).append(url)
            metadata.setdefault(dc.RELATED_TITLE, []).append(title)


def _folded_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDED_LETTERS))
    return re.findall(r"\w+", "".join(char for char in folded if not unicodedata.combining(char)))
