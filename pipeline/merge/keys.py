"""Identifier keys: the DOI, handle, URN:NBN, Cristin id, ISBN and landing-page URL by which two
records are one work without a look at their titles."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

EXACT_KINDS = ("doi", "handle", "urn", "cristin", "isbn", "url")
# Evidence kinds in the order a cluster's match_rule (and a PairScore) lists them.
RULE_ORDER = ("override", *EXACT_KINDS, "title", "year", "authors", "publisher")


def url_key(url: str | None) -> str | None:
    """Scheme-less, lower-case host, no default port, no trailing slash, no fragment."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return urlunsplit(("", host, parts.path.rstrip("/") or "/", parts.query, ""))[2:]


def match_keys(work: dict) -> list[str]:
    """The identifiers by which a work can be matched, as 'kind:value'.

    URN:NBN is compared case-insensitively (the NBN resolvers are); "urn" and "cristin" are read
    when the mapping provides them."""
    keys = []
    if work.get("doi"):
        keys.append(f"doi:{work['doi']}")
    if work.get("handle"):
        keys.append(f"handle:{work['handle']}")
    if work.get("urn"):
        keys.append(f"urn:{work['urn'].strip().casefold()}")
    if work.get("cristin"):
        keys.append(f"cristin:{work['cristin']}")
    keys += [f"isbn:{isbn}" for isbn in work.get("isbn") or []]
    if key := url_key(work.get("url")):
        keys.append(f"url:{key}")
    return keys
