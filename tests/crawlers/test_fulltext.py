"""Full texts: the PDFs records link are fetched after their source's crawl, politely and within
their caps, judged by their bytes, archived, and searchable in the published catalogue.

The integration tests crawl a docplayer-style site on loopback (tests/sites.py) whose transcripts
link one PDF each: a good one, one too large, an HTML page served as a PDF, a missing one, a broken
one, one behind robots.txt and one on a host the source file does not allow.
"""
from __future__ import annotations

import sqlite3
from io import BytesIO
from pathlib import Path

import duckdb
import pytest
import yaml
from pypdf import PdfWriter

from crawlers.fulltext import MAX_TEXT_CHARS, examine
from demo.pdf import document
from publish import search
from publish.ranked_search import register_search_functions
from tests.helpers import nordcat, report_lines
from tests.sites import LoopbackSite, Page, docplayer_home, html_page, pdf, transcript_with_download

ONLY_IN_PDF = "Kvantefjordsamarbeidet"  # a word of the good PDF that no page of the site shows
GOOD_PDF = document("Kvalitet i kommunesamarbeid", ["Berg, Ola"],
                    [("Sammendrag", f"{ONLY_IN_PDF} mellom tre kommuner ga bedre tjenester.")], "nb")
BROKEN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer garbage"
MAX_MB = 0.05  # the source's fulltext_max_mb: 52 kB


def encrypted(body: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=BytesIO(body))
    writer.encrypt(user_password=password, owner_password=password or "eier")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# --- judging a body ------------------------------------------------------------------------------

def test_a_pdf_gives_its_text_with_whitespace_normalised():
    result = examine(200, GOOD_PDF)
    assert (result.status, result.http_status, result.pages, result.bytes) == ("ok", 200, 1, len(GOOD_PDF))
    assert result.text == ("Kvalitet i kommunesamarbeid Berg, Ola Sammendrag "
                           f"{ONLY_IN_PDF} mellom tre kommuner ga bedre tjenester.")
    assert len(result.sha256) == 64 and result.error is None


@pytest.mark.parametrize("status, body, expected, error", [
    (200, html_page("Ikke funnet", "<p>Siden finnes ikke</p>"), "not_pdf", "body starts with b'<!DOCTYPE html><'"),
    (404, b"<h1>Not found</h1>", "http_error", "HTTP 404"),
    (200, BROKEN_PDF, "extract_failed", "PdfStreamError: Stream has ended unexpectedly"),
    (200, encrypted(GOOD_PDF, "hemmelig"), "extract_failed", "EncryptedPdf: encrypted with a password"),
])
def test_what_is_not_a_readable_pdf_is_recorded_with_why(status, body, expected, error):
    result = examine(status, body)
    assert (result.status, result.text) == (expected, None)
    assert error in result.error


def test_a_pdf_protected_only_against_editing_is_read():
    assert examine(200, encrypted(GOOD_PDF, "")).status == "ok"


def test_stored_text_is_capped():
    long = document("Lang rapport", ["Berg, Ola"], [("", "samarbeid " * 30_000)] * 5)
    result = examine(200, long)
    assert result.status == "ok" and len(result.text) <= MAX_TEXT_CHARS and result.pages > 40


# --- the crawl ---------------------------------------------------------------------------------------

PDFS = {  # transcript number -> (PDF path, what the site serves there or None: 404)
    "101": ("/files/good.pdf", pdf(GOOD_PDF)),
    "102": ("/files/big.pdf", pdf(GOOD_PDF + b"%" * 80_000)),
    "103": ("/files/page.pdf", Page(html_page("Dokument", "<p>Logg inn for å laste ned</p>"), "application/pdf")),
    "104": ("/files/gone.pdf", None),
    "105": ("/files/broken.pdf", pdf(BROKEN_PDF)),
    "106": ("/private/hidden.pdf", pdf(GOOD_PDF)),
}
EXPECTED = {"/files/good.pdf": ("ok", 200), "/files/big.pdf": ("too_large", None),
            "/files/page.pdf": ("not_pdf", 200), "/files/gone.pdf": ("http_error", 404),
            "/files/broken.pdf": ("extract_failed", 200), "/private/hidden.pdf": ("skipped", None)}


@pytest.fixture(scope="module")
def elsewhere():
    with LoopbackSite({"/other.pdf": pdf(GOOD_PDF)}) as site:
        yield site


@pytest.fixture(scope="module")
def site(elsewhere):
    routes = {path: page for path, page in PDFS.values() if page is not None}
    links = [*PDFS, "107"]
    routes["/"] = docplayer_home([f"/{number}-rapport-{number}.html" for number in links])
    for number, (path, _page) in PDFS.items():
        routes[f"/{number}-rapport-{number}.html"] = transcript_with_download(
            f"Rapport {number} om samarbeid", "Kommunene samarbeider om tjenester.", path)
    routes["/107-rapport-107.html"] = transcript_with_download(
        "Rapport 107 om samarbeid", "Kommunene samarbeider.", f"{elsewhere.url}/other.pdf")
    with LoopbackSite(routes, robots="User-agent: *\nDisallow: /private/\n") as site:
        yield site


@pytest.fixture(scope="module")
def crawled(site, tmp_path_factory):
    data, sources = tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("sources")
    source = {"name": "pdfs", "title": "PDFs", "publisher": "Test", "country": "NO", "kind": "docplayer",
              "url": f"{site.url}/", "start_urls": [f"{site.url}/"], "politeness": {"delay": 0.0, "concurrency": 4},
              "fulltext_max_mb": MAX_MB}
    (sources / "pdfs.yml").write_text(yaml.safe_dump(source), encoding="utf-8")
    proc = nordcat(data, sources, "nightly")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return data, sources, proc


def fulltext_rows(data: Path, site: LoopbackSite) -> dict[str, tuple]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT url, status, http_status, error FROM fulltexts ORDER BY url").fetchall()
    return {url.removeprefix(site.url): (status, http_status, error) for url, status, http_status, error in rows}


@pytest.mark.slow
def test_each_pdf_is_recorded_with_its_status(crawled, site):
    rows = fulltext_rows(crawled[0], site)
    assert {path: row[:2] for path, row in rows.items()} == EXPECTED
    assert rows["/files/big.pdf"][2] == ("skipped (too_large): Expected to receive 81477 bytes which is larger "
                                         "than download max size (52428)")
    assert rows["/private/hidden.pdf"][2] == "skipped (robots): disallowed by robots.txt"


@pytest.mark.slow
def test_failed_pdfs_are_counted_without_failing_the_source(crawled):
    report = report_lines(crawled[2].stdout)["pdfs"]
    assert (report["status"], report["seen"], report["fulltexts"], report["fulltext_failed"]) == ("ok", "7", "1", "4")
    assert report["skipped"] == "fulltext_offsite:1,fulltext_robots:1,fulltext_too_large:1"


@pytest.mark.slow
def test_pdfs_behind_robots_txt_or_off_the_allow_list_are_never_requested(crawled, site, elsewhere):
    assert "/private/hidden.pdf" not in site.fetched()
    assert elsewhere.fetched() == []


@pytest.mark.slow
def test_pdf_answers_are_archived_under_the_record_url(crawled, site):
    from warcio.archiveiterator import ArchiveIterator
    [path] = (crawled[0] / "raw" / "pdfs").glob("*.fulltext.warc.gz")
    with open(path, "rb") as stream:
        urls = {r.rec_headers.get_header("WARC-Target-URI").removeprefix(site.url) for r in ArchiveIterator(stream)}
    assert urls == {"/files/good.pdf", "/files/page.pdf", "/files/gone.pdf", "/files/broken.pdf"}


def search_hits(data: Path, query: str) -> list[str]:
    """Titles the catalogue's `search` canned query finds, run as Datasette runs it."""
    sql = yaml.safe_load((Path(search.__file__).with_name("metadata.yml")).read_text())[
        "databases"]["catalogue"]["queries"]["search"]["sql"]
    with sqlite3.connect(f"file:{data / 'catalogue.db'}?mode=ro", uri=True) as db:
        register_search_functions(db, data / "catalogue.db")
        return [row[3] for row in db.execute(sql, {"q": query, "page": ""})]


@pytest.mark.slow
def test_a_word_only_in_the_pdf_finds_the_work(crawled):
    assert search_hits(crawled[0], ONLY_IN_PDF.lower()) == ["Rapport 101 om samarbeid"]
    assert search_hits(crawled[0], "kvantefjordsamarbeid") == ["Rapport 101 om samarbeid"]  # its inflection


@pytest.mark.slow
def test_the_catalogue_names_the_pdf_behind_a_text(crawled, site):
    with sqlite3.connect(f"file:{crawled[0] / 'catalogue.db'}?mode=ro", uri=True) as db:
        rows = db.execute("""SELECT d.title, f.url, f.pages FROM document_fulltexts f
                             JOIN documents d ON d.id = f.document_id""").fetchall()
        texts = db.execute("SELECT count(*) FROM document_texts").fetchall()[0][0]
    assert rows == [("Rapport 101 om samarbeid", f"{site.url}/files/good.pdf", 1)]
    assert texts == 7  # the others keep their transcript text


@pytest.mark.slow
def test_a_second_crawl_fetches_no_pdf_again(crawled, site):
    before = len(site.hits)
    proc = nordcat(crawled[0], crawled[1], "crawl")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [path for path in site.fetched(before) if path.endswith(".pdf")] == []
    report = report_lines(proc.stdout)["pdfs"]
    assert (report["fulltexts"], report["fulltext_failed"]) == ("0", "0")
    assert {path: row[:2] for path, row in fulltext_rows(crawled[0], site).items()} == EXPECTED
