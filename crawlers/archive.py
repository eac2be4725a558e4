"""Raw archive: every response that yields records is kept as WARC, one file per source and run.

With the raw bytes kept, any page can be parsed again (`nordcat reparse`, later) without
fetching it again, and a parser bug never loses data.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


class RawArchive:
    def __init__(self, root: Path, source: str, run_id: str):
        self.path = Path(root) / source / f"{run_id}.warc.gz"
        self._file = None
        self._writer: WARCWriter | None = None
        self.count = 0

    def write(self, response) -> None:
        """Archive a Scrapy response with its status line and headers."""
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "ab")
            self._writer = WARCWriter(self._file, gzip=True)
        headers = [
            (k.decode("latin-1"), b", ".join(v).decode("latin-1"))
            for k, v in response.headers.items()
            if k.lower() not in (b"content-encoding", b"transfer-encoding")  # body is stored decoded
        ]
        http_headers = StatusAndHeaders(f"{response.status} OK", headers, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            response.url, "response", payload=BytesIO(response.body), http_headers=http_headers)
        self._writer.write_record(record)
        self.count += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = self._writer = None
