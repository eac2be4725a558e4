"""The raw record: what a spider (or `nordcat reparse`) hands the warehouse, in one shape.

A record is one item of a source (an OAI record, a record page, a linked document) as fetched:
its key at the source, the raw payload (the OAI <record> XML, the page HTML) and the dc-dict the
spider read from it (nordcat/dc.py). `raw_record()` is the one factory: it encodes the dc-dict as
the warehouse stores it and computes the content hash, once, wherever the record is made (in the
OAI parser process, too), so nothing downstream encodes or hashes it again. Without DuckDB, so
the parser process prepares records exactly as the warehouse stores them.
"""
from __future__ import annotations

import hashlib
import json
import operator
from dataclasses import dataclass, fields


def content_hash(payload: str, deleted: bool) -> str:
    """What tells two versions of a record apart: its payload, and whether it is a tombstone."""
    return hashlib.sha256((("D" if deleted else "L") + payload).encode("utf-8")).hexdigest()


# json.dumps(..., ensure_ascii=False, sort_keys=True), without building an encoder per record
metadata_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


@dataclass(slots=True)
class RawRecord:
    source: str
    record_key: str          # OAI identifier, handle or canonical page URL
    format: str              # oai_dc, dim, …, dspace-html, docplayer, web, nva
    payload: str             # the raw record as fetched
    metadata_json: str       # the dc-dict, encoded as stored (metadata_json)
    content_hash: str        # content_hash(payload, deleted)
    url: str | None = None   # where a reader sees it
    datestamp: str | None = None  # OAI header datestamp, HTTP Last-Modified
    deleted: bool = False    # a tombstone: the source says the record is gone

    @property
    def metadata(self) -> dict[str, list[str]]:
        """The dc-dict, decoded (for readers that need its values, not for storing)."""
        return json.loads(self.metadata_json)

    def __reduce__(self):
        # Pickled 100,000 times a harvest, to and from the OAI parser process: as the arguments of
        # the constructor, pickle and unpickle take a third and a half of the time that the slots
        # dataclass's own state (__getstate__/__setstate__ over dataclasses.fields()) takes.
        return (RawRecord, _constructor_arguments(self))


# every field's value, in the constructor's order (one C call)
_constructor_arguments = operator.attrgetter(*(f.name for f in fields(RawRecord)))


def raw_record(*, source: str, key: str, fmt: str, payload: str, metadata: dict[str, list[str]],
               url: str | None = None, datestamp: str | None = None, deleted: bool = False) -> RawRecord:
    """The one way to make a RawRecord: encodes the dc-dict and hashes the payload, once."""
    return RawRecord(source, key, fmt, payload, metadata_json(metadata), content_hash(payload, deleted),
                     url, datestamp, deleted)
