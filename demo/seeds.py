"""Facts and full texts of the five real seed pages (from /work/shared/seeds), embedded so the
demo web works without the reference folder.

The texts live in demo/data/seed-NNN-*.yml, one file a seed page; this module only loads them
under the names the demo sites and the tests import. Texts are verbatim, including the odd spacing
of docplayer transcripts ("S amarbeid"), because the extractors must cope with exactly that: edit
the YAML only to match the real page, and keep its folded blocks (>-), where each line break reads
as one space, free of double spaces.
"""
from pathlib import Path
from typing import Any

import yaml

_DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load((_DATA / name).read_text(encoding="utf-8"))


def _pairs(entries: list[dict[str, str]], first: str, second: str) -> list[tuple[str, str]]:
    return [(entry[first], entry[second]) for entry in entries]


# --- seed 000: BI Open item 11250/94194 (DSpace XMLUI full record) ---
_bi = _load("seed-000-bi-open.yml")
BI_REPORT_ABSTRACT: str = _bi["abstract"]

# --- seed 001: Impact Insider article ---
_reform = _load("seed-001-impact-insider.yml")
REFORM_ARTICLE_TITLE: str = _reform["title"]
REFORM_ARTICLE_LEAD: str = _reform["lead"]
REFORM_ARTICLE_CAPTION: str = _reform["caption"]
REFORM_ARTICLE_SECTIONS: list[tuple[str, str]] = _pairs(_reform["sections"], "heading", "text")
# The four "Mere du kan læse:" teasers under the article, as shown (cut with an ellipsis).
REFORM_ARTICLE_TEASERS: list[str] = _reform["teasers"]

# --- seed 002: Fagforbundet theme page ---
_trepart = _load("seed-002-fagforbundet.yml")
TREPART_TITLE: str = _trepart["title"]
# Blocks of the main text in order; a tuple ("h2", text) is a subheading, ("p", text) a paragraph.
TREPART_BLOCKS: list[tuple[str, str]] = [(tag, text) for block in _trepart["blocks"]
                                         for tag, text in block.items()]

# --- seed 003: docplayer transcript ---
_cowi = _load("seed-003-docplayer-cowi.yml")
COWI_TITLE: str = _cowi["title"]
COWI_PAGES: list[str] = _cowi["pages"]
# The page's related documents: (title, snippet) in page order.
COWI_RELATED: list[tuple[str, str]] = _pairs(_cowi["related"], "title", "snippet")

# --- seed 004: docplayer transcript ---
_teleplan = _load("seed-004-docplayer-teleplan.yml")
TELEPLAN_TITLE: str = _teleplan["title"]
TELEPLAN_PAGES: list[str] = _teleplan["pages"]
# The page's related documents: (title, snippet) in page order.
TELEPLAN_RELATED: list[tuple[str, str]] = _pairs(_teleplan["related"], "title", "snippet")
