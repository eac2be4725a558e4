"""What every page's data uses: the catalogue database, the labels, queries, safe links, URLs."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import yaml
from datasette.utils import tilde_encode

DATABASE = "catalogue"
LABELS = yaml.safe_load((Path(__file__).resolve().parents[1] / "labels.yml").read_text(encoding="utf-8"))
SAFE_SCHEMES = ("http", "https")


def safe_url(value: str | None) -> str | None:
    """A URL a page may link: http(s) only (never javascript:, data: or a relative path)."""
    if not value:
        return None
    value = value.strip()
    return value if urlsplit(value).scheme.lower() in SAFE_SCHEMES else None


def json_list(value) -> list:
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [value]
    return parsed if isinstance(parsed, list) else [parsed]


async def query(db, sql: str, params: dict | None = None) -> list[dict]:
    results = await db.execute(sql, params or {})
    return [dict(row) for row in results.rows]


async def has_rows(db, table: str) -> bool:
    return bool(await query(db, f"SELECT 1 FROM {table} LIMIT 1"))


def catalogue(datasette):
    return datasette.databases.get(DATABASE)


def document_url(datasette, doc_id: str, format: str | None = None) -> str:
    return datasette.urls.row(DATABASE, "documents", tilde_encode(doc_id), format=format)


def documents_url(datasette, **args) -> str:
    return f"{datasette.urls.table(DATABASE, 'documents')}?{urlencode(args)}"


def label_maker(lang: str, vocabulary: str):
    names = LABELS[vocabulary].get(lang, {})
    return lambda value: names.get(value, value)


def navigation(datasette) -> list[tuple[str, str]]:
    base = datasette.setting("base_url")
    return [("nav_home", base), ("nav_search", datasette.urls.query(DATABASE, "search")),
            ("nav_documents", datasette.urls.table(DATABASE, "documents")), ("nav_cases", f"{base}cases"),
            ("nav_dictionary", f"{base}dictionary"), ("nav_sources", datasette.urls.table(DATABASE, "sources")),
            ("nav_api", f"{base}api")]
