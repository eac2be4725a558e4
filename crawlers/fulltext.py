"""What a downloaded full-text body is, and its text for search.

The FulltextSpider's pipeline and `nordcat reparse` both judge a body through `examine`, so a PDF
archived today gives the same row when it is parsed again later. Every outcome is a row of the
warehouse's `fulltexts` table: a PDF that cannot be read is a finding about the source (a broken
link, an HTML page behind a .pdf link, an encrypted file), never a reason to stop a run.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from io import BytesIO

# A thousand pages of running text; beyond it a document adds little to search but its bulk.
MAX_TEXT_CHARS = 1_000_000
ERROR_CHARS = 500

# pypdf logs every oddity of a broken file; the row's status and error already say what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Fulltext:
    """One fetch of a full-text URL. status: ok | too_large | not_pdf | http_error |
    extract_failed | skipped (never requested: robots.txt, an internal address)."""
    status: str
    http_status: int | None = None
    bytes: int | None = None
    sha256: str | None = None
    pages: int | None = None
    text: str | None = None
    error: str | None = None

    def row(self, *, source: str, url: str, run_id: str, fetched_at: datetime) -> dict:
        """The warehouse row (Warehouse.store_fulltexts) of this outcome."""
        return {"source": source, "url": url, **asdict(self), "run_id": run_id, "fetched_at": fetched_at}


class EncryptedPdf(Exception):
    """A PDF that opens only with a password we do not have."""


def examine(http_status: int, body: bytes) -> Fulltext:
    """The row for a response: its text when it is a readable PDF, else why not. A PDF is
    recognised by its first bytes, whatever the Content-Type says."""
    size, digest = len(body), hashlib.sha256(body).hexdigest()
    if not 200 <= http_status < 300:
        return Fulltext("http_error", http_status, size, digest, error=f"HTTP {http_status}")
    if not body.startswith(b"%PDF"):
        return Fulltext("not_pdf", http_status, size, digest, error=f"body starts with {body[:16]!r}")
    try:
        pages, text = extract_text(body)
    except Exception as exc:  # pypdf raises many kinds on broken input; a bad PDF must never end the run
        return Fulltext("extract_failed", http_status, size, digest, error=describe(exc))
    return Fulltext("ok", http_status, size, digest, pages, text)


def extract_text(body: bytes) -> tuple[int, str]:
    """(pages, text): each page's text with its whitespace normalised, pages one a line, cut at
    MAX_TEXT_CHARS (pages beyond it are not read at all)."""
    from pypdf import PdfReader  # here, not at the top: a crawl that fetches no PDF skips its 0.2 s import

    reader = PdfReader(BytesIO(body))
    if reader.is_encrypted and not reader.decrypt(""):  # an empty user password opens most "protected" PDFs
        raise EncryptedPdf("encrypted with a password")
    texts, length = [], 0
    for page in reader.pages:
        text = normalise(page.extract_text() or "")
        if text:
            texts.append(text)
            length += len(text) + 1
        if length >= MAX_TEXT_CHARS:
            break
    return len(reader.pages), "\n".join(texts)[:MAX_TEXT_CHARS]


def normalise(text: str) -> str:
    """One space between words: PDF text comes with line breaks at every line of the layout."""
    return " ".join(text.replace("\x00", "").split())


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:ERROR_CHARS]
