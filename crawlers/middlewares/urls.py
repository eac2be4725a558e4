"""Request fingerprints over canonical URLs (nordcat/urls.py), so the duplicate filter fetches a
page once however it is linked."""
from __future__ import annotations

import hashlib
from weakref import WeakKeyDictionary

from scrapy.http import Request

from nordcat.urls import canonical_url


class CanonicalFingerprinter:
    """Request fingerprints over canonical_url (REQUEST_FINGERPRINTER_CLASS): the duplicate filter
    then fetches a page once, however the links to it spell its URL."""

    def __init__(self, crawler=None):
        self._cache: WeakKeyDictionary[Request, bytes] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        known = self._cache.get(request)
        if known is None:
            data = b"\n".join([request.method.encode(), canonical_url(request.url).encode(), request.body])
            known = self._cache[request] = hashlib.sha1(data).digest()
        return known
