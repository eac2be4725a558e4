"""A small HTTP server that misbehaves on purpose, one fault per path prefix.

/ok-identify/...   answers Identify and ListMetadataFormats correctly, then the fault in the
                   rest of the path for ListRecords: /ok-identify/malformed, /ok-identify/500
/500/...           HTTP 500 for everything
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

IDENTIFY = b"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2026-01-01T00:00:00Z</responseDate><request verb="Identify">http://x/oai</request>
<Identify><repositoryName>Faulty</repositoryName><baseURL>http://x/oai</baseURL>
<protocolVersion>2.0</protocolVersion><adminEmail>a@b.c</adminEmail>
<earliestDatestamp>2000-01-01T00:00:00Z</earliestDatestamp><deletedRecord>transient</deletedRecord>
<granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify></OAI-PMH>"""

FORMATS = b"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2026-01-01T00:00:00Z</responseDate><request verb="ListMetadataFormats">http://x/oai</request>
<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix>
<schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>
<metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat>
</ListMetadataFormats></OAI-PMH>"""

MALFORMED = b"<?xml version='1.0'?><OAI-PMH><ListRecords><record><header>"


class FaultHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        parts = urlsplit(self.path)
        verb = parse_qs(parts.query).get("verb", [""])[0]
        if parts.path == "/robots.txt":
            return self.reply(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if parts.path.startswith("/500"):
            return self.reply(500, b"<html><body>Internal Server Error</body></html>", "text/html")
        if parts.path.startswith("/ok-identify"):
            if verb == "Identify":
                return self.reply(200, IDENTIFY)
            if verb == "ListMetadataFormats":
                return self.reply(200, FORMATS)
            if parts.path.endswith("/malformed"):
                return self.reply(200, MALFORMED)
            return self.reply(500, b"boom", "text/plain")
        return self.reply(404, b"not found", "text/plain")

    def reply(self, status: int, body: bytes, ctype: str = "text/xml; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class FaultServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), FaultHandler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
