"""Demo documents that describe partnership cases: slide-deck transcripts, reports and news items
in bokmål, nynorsk, Danish, Swedish, Finnish and English.

They are the demo half of the hand-labelled set for case extraction (tests/data/cases.yml holds
their labels, quality/cases.py measures pipeline/cases/ against them). They were written,
and labelled, before the extraction rules, in the layouts grey literature really uses: labelled
blocks on slides, "Name: partner/partner" lists, numbered report sections, bullet lists and
running prose; two of them describe no concrete case at all.

A document's text is what the crawl stores as "nordcat.text": a transcript's pages are one line
each (the docplayer extractor squashes a page) separated by a blank line; reports and news keep
their line and paragraph breaks. The municipalities and the large NGOs are real; the projects,
firms and people are invented.

The documents themselves live in demo/data/case-documents.yml; this module loads them.
"""
from pathlib import Path
from typing import NamedTuple

import yaml


class CaseDocument(NamedTuple):
    key: str        # the document's id in tests/data/cases.yml
    kind: str       # transcript | report | news: which demo site would serve it
    language: str   # nb, nn, da, sv, fi, en
    title: str
    text: str


def _pages(*pages: str) -> str:
    """A transcript as the docplayer extractor leaves it: one line a page, pages apart."""
    return "\n\n".join(" ".join(page.split()) for page in pages)


def _document(entry: dict[str, str | list[str]]) -> CaseDocument:
    text = _pages(*entry["pages"]) if "pages" in entry else entry["text"]
    return CaseDocument(entry["key"], entry["kind"], entry["language"], entry["title"], text)


DOCUMENTS = [_document(entry) for entry in yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "case-documents.yml").read_text(encoding="utf-8"))]
_BY_KEY = {document.key: document for document in DOCUMENTS}
DRAMMEN = _BY_KEY["drammen"]
VESTFOLD = _BY_KEY["vestfold"]
VOSS = _BY_KEY["voss"]
SAMSKAPING = _BY_KEY["samskaping"]
BOLIGSOCIAL = _BY_KEY["boligsocial"]
ESBJERG = _BY_KEY["esbjerg"]
IOP = _BY_KEY["iop"]
VASTERBOTTEN = _BY_KEY["vasterbotten"]
TAMPERE = _BY_KEY["tampere"]
ESPOO = _BY_KEY["espoo"]
NORDIC = _BY_KEY["nordic"]
TRONDHEIM = _BY_KEY["trondheim"]
FAELLESSKABER = _BY_KEY["faellesskaber"]
VEILEDER = _BY_KEY["veileder"]


def documents() -> list[tuple[str, str, str]]:
    """(title, language, text) of every demo case document, for the demo web to serve."""
    return [(document.title, document.language, document.text) for document in DOCUMENTS]
