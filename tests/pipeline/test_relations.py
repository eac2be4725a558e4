"""The related-documents graph (pipeline.relations) on a warehouse that `nordcat crawl` and
`nordcat build` filled from the demo docplayer and organisation sites over loopback HTTP.

The expected graph is read from the demo sites' own data: every related list of every on-topic
transcript in page order, each edge leading to the work of the listed transcript when the crawl
holds it (on-topic ones) and to nothing for dead and off-topic links; and each organisation page
leading to the documents it links, which the crawl records as works of their own.
"""
from __future__ import annotations

import pytest

from demo import seeds
from demo.docplayer import COWI_NUMBER
from nordcat.records import RawRecord, raw_record
from pipeline.relations import replace_relations
from tests.helpers import nordcat, report_lines
from warehouse.store import Warehouse

SOURCES = ("demo-docplayer", "demo-fagforbundet")


@pytest.fixture(scope="module")
def crawled(web, tmp_path_factory):
    """The data folder after a crawl and a build, and the run report of a second crawl of the
    organisation site (every page unchanged: 304)."""
    data, sources = tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("sources")
    web.write_registry(sources)
    for command in (("crawl", *SOURCES), ("build",), ("crawl", "demo-fagforbundet")):
        proc = nordcat(data, sources, *command)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return data, report_lines(proc.stdout)["demo-fagforbundet"]


@pytest.fixture(scope="module")
def warehouse(crawled):
    with Warehouse(crawled[0] / "warehouse.duckdb") as warehouse:
        yield warehouse


@pytest.fixture(scope="module")
def edge_count(warehouse):
    return replace_relations(warehouse)


def edges(warehouse, source: str) -> set[tuple]:
    """(listing record key, position, related URL, anchor text, record key of the related work)."""
    return set(warehouse.query("""
        SELECT s.record_key, e.position, e.related_url, e.anchor_text, t.record_key
        FROM document_relations e
        JOIN document_sources s ON s.document_id = e.document_id AND s.source = e.source
        LEFT JOIN document_sources t ON t.document_id = e.related_document_id
        WHERE e.source = ?""", [source]))


def test_transcript_graph_is_every_related_list_in_order(web, warehouse, edge_count):
    site, base = web.sites["docplayer"], web.urls["docplayer"]
    held = {t.number for t in site.transcripts if t.on_topic}
    expected = {(base + t.path, position, base + r.path, r.title, base + r.path if r.number in held else None)
                for t in site.transcripts if t.on_topic for position, r in enumerate(t.related, start=1)}
    assert edges(warehouse, "demo-docplayer") == expected


def test_seed_list_keeps_its_anchor_texts_and_leads_to_held_works(web, warehouse, edge_count):
    site = web.sites["docplayer"]
    cowi = site.by_number[COWI_NUMBER]
    rows = sorted(row for row in edges(warehouse, "demo-docplayer") if row[0] == web.urls["docplayer"] + cowi.path)
    assert [anchor for _, _, _, anchor, _ in rows] == [title for title, _ in seeds.COWI_RELATED]
    on_topic = {t.number for t in site.transcripts if t.on_topic}
    # 12 of its 30 related documents exist on the site, two of them off topic and not followed
    assert sum(target is not None for *_, target in rows) == sum(r.number in on_topic for r in cowi.related) == 10


def test_organisation_pages_lead_to_their_documents(web, warehouse, edge_count):
    base = web.urls["org"]
    expected = {(base + page.path, position, f"{base}/globalassets/dokumenter/{slug}.pdf", title,
                 f"{base}/globalassets/dokumenter/{slug}.pdf")
                for page in web.sites["org"].pages.values()
                for position, (slug, title) in enumerate(page.documents, start=1)}
    assert edges(warehouse, "demo-fagforbundet") == expected


def test_documents_linked_from_organisation_pages_are_records(web, warehouse):
    base, site = web.urls["org"], web.sites["org"]
    rows = warehouse.query("""
        SELECT r.record_key, r.metadata->>'$."dc.title"[0]', r.metadata->>'$."nordcat.found_on"[0]',
               r.metadata->>'$."dc.publisher"[0]', r.metadata->>'$."nordcat.fulltext_url"[0]'
        FROM record_heads h JOIN raw_records r USING (seq)
        WHERE h.source = 'demo-fagforbundet' AND r.format = 'web-document'""")
    expected = {(f"{base}/globalassets/dokumenter/{slug}.pdf", title.removesuffix(" (PDF)"), base + page.path,
                 "Fagforbundet", f"{base}/globalassets/dokumenter/{slug}.pdf")
                for page in site.pages.values() for slug, title in page.documents}
    assert set(rows) == expected and len(rows) == len(site.documents) == 6


def test_documents_of_an_unchanged_page_are_seen_with_it(web, crawled):
    report = crawled[1]
    held = len(web.sites["org"].pages) + len(web.sites["org"].documents)
    assert (report["status"], report["pages"], report["not_modified"], report["held"]) == ("ok", "0", str(held), str(held))


def test_rebuilding_replaces_the_graph(warehouse, edge_count):
    before = warehouse.query("SELECT * FROM document_relations ORDER BY ALL")
    assert replace_relations(warehouse) == edge_count == len(before)
    assert warehouse.query("SELECT * FROM document_relations ORDER BY ALL") == before


def test_related_url_resolves_through_a_record_url_and_a_record_key_wins(tmp_path):
    """A listed URL that is a work's landing URL (not its key) still finds the work; when one
    work has it as record key and another as URL, the key decides."""
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        warehouse.add_records([
            record("http://docs.example/1-a.html", {"nordcat.related.url": ["http://docs.example/2-b.html",
                                                                           "http://docs.example/3-c.html"],
                                                   "nordcat.related.title": ["B", "C"]}),
            record("oai:repo:2", {}),
            record("http://docs.example/3-c.html", {}),
            record("oai:repo:3", {}),
        ], run_id="r1")
        seqs = dict(warehouse.query("SELECT record_key, seq FROM raw_records"))
        warehouse.query("""
            INSERT INTO document_sources (document_id, source, record_key, seq, url, fields) VALUES
            ('wa', 's', 'http://docs.example/1-a.html', $a, 'http://docs.example/1-a.html', '[]'),
            ('wb', 's', 'oai:repo:2', $b, 'http://docs.example/2-b.html', '[]'),
            ('wc', 's', 'http://docs.example/3-c.html', $c, NULL, '[]'),
            ('w0', 's', 'oai:repo:3', $d, 'http://docs.example/3-c.html', '[]')""",
            {"a": seqs["http://docs.example/1-a.html"], "b": seqs["oai:repo:2"],
             "c": seqs["http://docs.example/3-c.html"], "d": seqs["oai:repo:3"]})
        assert replace_relations(warehouse) == 2
        rows = warehouse.query(
            "SELECT document_id, position, anchor_text, related_document_id FROM document_relations ORDER BY position"
        )
    assert rows == [("wa", 1, "B", "wb"), ("wa", 2, "C", "wc")]


def record(key: str, metadata: dict) -> RawRecord:
    return raw_record(source="s", key=key, url=key, fmt="docplayer", payload=key, metadata=metadata)
