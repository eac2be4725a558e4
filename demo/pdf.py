"""Small real PDFs (fpdf2) for bitstreams and downloads, built on first request and cached.

The core PDF fonts only cover Latin-1, which holds æøå and äö but not typographic quotes and
dashes; those are mapped to their plain forms rather than shipping a Unicode font.
"""
import threading
from collections.abc import Callable, Hashable
from datetime import datetime, timezone

from fpdf import FPDF

PLAIN_FORMS = str.maketrans({"–": "-", "—": "-", "”": '"', "“": '"', "„": '"', "’": "'",
                             "‘": "'", "…": "...", "•": "*", "\u00ad": ""})
FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)  # identical bytes on every run


def latin1(text: str) -> str:
    return text.translate(PLAIN_FORMS).encode("latin-1", "replace").decode("latin-1")


def document(title: str, authors: list[str], sections: list[tuple[str, str]],
             language: str = "") -> bytes:
    """A PDF with the title, authors and (heading, text) sections, with matching document info."""
    pdf = FPDF()
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(latin1(title))
    pdf.set_author(latin1("; ".join(authors)))
    if language:
        pdf.set_lang(language)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 15)
    pdf.multi_cell(0, 8, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("helvetica", "I", 11)
    pdf.multi_cell(0, 6, latin1("; ".join(authors)), new_x="LMARGIN", new_y="NEXT")
    for heading, text in sections:
        pdf.ln(4)
        if heading:
            pdf.set_font("helvetica", "B", 12)
            pdf.multi_cell(0, 7, latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 11)
        pdf.multi_cell(0, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


class PdfCache:
    """Builds each PDF once; keys include what the PDF shows, so an edited work gets a new one."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pdfs: dict[Hashable, bytes] = {}

    def get(self, key: Hashable, build: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._pdfs:
                return self._pdfs[key]
        body = build()
        with self._lock:
            return self._pdfs.setdefault(key, body)
