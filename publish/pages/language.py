"""The interface language: which one a request asks for, the links to the others, and the cookie
that remembers a ?lang= choice."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from publish.pages.common import LABELS

LANGUAGES = ("no", "en")
DEFAULT_LANGUAGE = "no"
LANGUAGE_COOKIE = "nordcat_lang"
# what ?lang=, the cookie and Accept-Language may say, to the interface language it means
LANGUAGE_ALIASES = {"no": "no", "nb": "no", "nn": "no", "nob": "no", "nno": "no", "nor": "no",
                    "en": "en", "eng": "en"}


def language_of(request) -> str:
    """?lang= first, then the cookie it leaves, then the browser's preference, then Norwegian."""
    if request is None:
        return DEFAULT_LANGUAGE
    for said in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if said and said.lower() in LANGUAGE_ALIASES:
            return LANGUAGE_ALIASES[said.lower()]
    return accepted_language(request.headers.get("accept-language", "")) or DEFAULT_LANGUAGE


def accepted_language(header: str) -> str | None:
    """The interface language the Accept-Language header prefers most, if it names one."""
    ranked = []
    for order, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGE_ALIASES and quality > 0:
            ranked.append((-quality, order, LANGUAGE_ALIASES[primary]))
    return min(ranked)[2] if ranked else None


def language_links(request, current: str) -> list[dict]:
    """The same page in each other interface language."""
    if request is None:
        return []
    args = [(k, v) for k, v in parse_qs(request.query_string, keep_blank_values=True).items() if k != "lang"]
    links = []
    for lang in LANGUAGES:
        if lang != current:
            query = urlencode([*((k, v) for k, values in args for v in values), ("lang", lang)])
            links.append({"lang": lang, "label": LABELS[current]["switch_to"], "href": f"{request.path}?{query}"})
    return links


def remembering_language(app):
    """The ASGI app that sets the language cookie when ?lang= chose one (and varies on it)."""
    async def remember_language(scope, receive, send):
        chosen = None
        if scope["type"] == "http":
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            chosen = LANGUAGE_ALIASES.get((query.get("lang") or [""])[0].lower())

        async def send_with_language(event):
            if event["type"] == "http.response.start":
                headers = [*event.get("headers", []), (b"vary", b"Accept-Language, Cookie")]
                if chosen:
                    cookie = f"{LANGUAGE_COOKIE}={chosen}; Path=/; Max-Age=31536000; SameSite=Lax"
                    headers.append((b"set-cookie", cookie.encode()))
                event = {**event, "headers": headers}
            await send(event)

        await app(scope, receive, send_with_language if scope["type"] == "http" else send)
    return remember_language
