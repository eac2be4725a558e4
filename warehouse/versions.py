"""What makes a record version: its content hash and its metadata as stored.

Apart from the warehouse so that the OAI parser process (crawlers/parse_pool.py) prepares
records exactly as the warehouse would, without importing DuckDB.
"""
from __future__ import annotations

import hashlib
import json


def content_hash(payload: str, deleted: bool) -> str:
    return hashlib.sha256((("D" if deleted else "L") + payload).encode("utf-8")).hexdigest()


# json.dumps(..., ensure_ascii=False, sort_keys=True), without building an encoder per record
metadata_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode

