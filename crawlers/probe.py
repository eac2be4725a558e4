"""`nordcat sources check --live`: one request per enabled source, classified ok / moved / dead."""
from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from nordcat.sources import Source
from crawlers.settings import USER_AGENT


def probe(source: Source, timeout: float = 15.0) -> tuple[str, str]:
    """OAI-PMH sources get an Identify, NVA a one-hit search, others a HEAD of their URL."""
    url, expected = str(source.url), None
    if source.kind == "oai-pmh":
        url, expected = url + "?verb=Identify", b"<Identify"
    elif source.kind == "nva":
        url, expected = url.rstrip("/") + "/search/resources?size=1&aggregation=none", b'"totalHits"'
    request = urllib.request.Request(url, method="GET" if expected else "HEAD", headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final = response.geturl()
            body = response.read(65536) if expected else b""
    except urllib.error.HTTPError as exc:
        return "dead", f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return "dead", str(getattr(exc, "reason", exc))
    if urlsplit(final).hostname != urlsplit(url).hostname:
        return "moved", f"redirected to {final}"
    if expected and expected not in body:
        return "dead", f"answer lacks {expected.decode()}"
    return "ok", final
