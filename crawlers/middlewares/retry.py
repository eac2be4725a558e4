"""Retries the way a polite harvester makes them: Retry-After obeyed (seconds or an HTTP date, capped),
else a bounded exponential backoff with jitter; every fault counted."""
from __future__ import annotations

import math
import random
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import (CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError,
                               IgnoreRequest, ResponseDataLossError)
from scrapy.http import Request, Response
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

from crawlers.middlewares.common import count_fault, is_robots_txt


class RetryAfterTooLong(IgnoreRequest):
    """The server asked for a longer pause than NORDCAT_MAX_RETRY_AFTER allows."""


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> int | None:
    """The wait a Retry-After header asks for, in whole seconds: delta-seconds, or an HTTP-date
    (rounded up, so we never come back early; a past date is 0). None when absent or unreadable."""
    if not value:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return int(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # "-0000": HTTP-dates are GMT anyway
        moment = moment.replace(tzinfo=timezone.utc)
    elapsed = moment - (now or datetime.now(timezone.utc))
    return max(0, math.ceil(elapsed.total_seconds()))


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff for retry number `attempt` (1, 2, ...): base, 2 base, 4 base ... at
    most cap, with jitter (between half and all of it) so that clients that failed together do
    not come back together."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)


_EXCEPTION_FAULTS = [(DownloadTimeoutError, "timeout"), (ResponseDataLossError, "truncated"),
                     (DownloadConnectionRefusedError, "connection_refused"),
                     (CannotResolveHostError, "dns_failure")]
_CAMEL_HUMPS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def exception_fault(exception: Exception) -> str:
    for kind, name in _EXCEPTION_FAULTS:
        if isinstance(exception, kind):
            return name
    return _CAMEL_HUMPS.sub("_", type(exception).__name__).lower()  # ConnectionLost: connection_lost


class PoliteRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS), waiting as asked.

    On 429 and 503 the server's Retry-After is honoured; a wait longer than
    NORDCAT_MAX_RETRY_AFTER fails the request instead, with the reason. Other retries wait an
    exponential backoff (NORDCAT_BACKOFF_BASE, at most NORDCAT_BACKOFF_MAX): retrying a struggling
    server at once only adds to its load. Waits are awaited, so other sources keep crawling.
    robots.txt is retried without backoff: the request behind it would wait twice.
    """

    RETRY_AFTER_STATUSES = frozenset({429, 503})

    def __init__(self, settings):
        super().__init__(settings)
        self.max_retry_after = settings.getfloat("NORDCAT_MAX_RETRY_AFTER")
        self.backoff_base = settings.getfloat("NORDCAT_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("NORDCAT_BACKOFF_MAX")

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        count_fault(self.crawler, f"http_{response.status}")
        asked = None
        if response.status in self.RETRY_AFTER_STATUSES:
            asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.max_retry_after:
            raise RetryAfterTooLong(f"HTTP {response.status}: Retry-After {asked} s exceeds cap of "
                                    f"{self.max_retry_after:g} s")
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response  # retries exhausted: the spider's errback fails the source
        if asked is None:
            await self._back_off(retry)
        else:
            count_fault(self.crawler, "retry_after")
            count_fault(self.crawler, "retry_after_waited_s", asked)
            await sleep(asked)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        count_fault(self.crawler, exception_fault(exception))
        retry = self._retry(request, exception)
        if retry is not None:
            await self._back_off(retry)
        return retry

    async def _back_off(self, retry: Request) -> None:
        if is_robots_txt(retry.url):
            return  # failing, it only means "allowed"; waiting would hold up the request behind it
        wait = backoff_seconds(retry.meta["retry_times"], self.backoff_base, self.backoff_max)
        stats = self.crawler.stats
        key = "nordcat/fault/backoff_waited_s"
        stats.set_value(key, round(stats.get_value(key, 0) + wait, 1))
        await sleep(wait)
