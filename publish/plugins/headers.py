"""Datasette plugin: security headers on every response.

Content-Security-Policy: everything from this origin only, no framing, no plugins (object-src),
no <base> tricks, forms post only here. Scripts: files from this origin and exactly the inline
scripts that Datasette's templates (and ours in publish/templates) contain as fixed text, allowed
by their SHA-256; any other inline script, such as one smuggled into a page by a title, does not
run. Styles may be inline: Datasette's templates colour headers with style attributes, and CSS
cannot run code.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import datasette
from datasette import hookimpl

TEMPLATE_DIRS = (Path(datasette.__file__).parent / "templates", Path(__file__).parents[1] / "templates")
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# table.html writes a setting into its one inline script: both values are allowed
RENDERED_VARIABLES = {"{{ datasette_allow_facet }}": ("true", "false")}


def inline_script_hashes() -> list[str]:
    """CSP sources for the fixed inline scripts of the templates, sorted."""
    hashes = set()
    for folder in TEMPLATE_DIRS:
        for template in sorted(folder.glob("**/*.html")):
            for script in INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
                for text in rendered(script):
                    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
                    hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def rendered(script: str) -> list[str]:
    """The texts a template's inline script can render to; none when it holds other template code."""
    for variable, values in RENDERED_VARIABLES.items():
        if variable in script:
            return [script.replace(variable, value) for value in values]
    return [] if "{{" in script or "{%" in script else [script]


CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    f"script-src 'self' {' '.join(inline_script_hashes())}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]
REPLACED = {name for name, _ in HEADERS}


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_headers(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in REPLACED]
                    message = {**message, "headers": kept + HEADERS}
                await send(message)

            await app(scope, receive, send_with_headers)

        return with_headers

    return wrap
