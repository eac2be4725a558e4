"""Datasette plugin (publish/plugins): what the catalogue's own pages show.

The hooks only: each page's data is gathered by the package publish.pages (kept out of this
directory, since Datasette loads every .py file here as a plugin), keyed by template name:

- every page: the interface language (publish.pages.language; labels from publish/labels.yml),
  the language switch, the site menu;
- index.html: publish.pages.home; row-catalogue-documents.html: publish.pages.document;
  pages/cases.html: publish.pages.cases; pages/dictionary.html: publish.pages.dictionary;
  pages/health.html: publish.pages.health; query-catalogue-search.html: publish.pages.search_page;
  pages/api.html: publish.pages.api.
"""
from __future__ import annotations

from datasette import hookimpl

from publish.pages.api import api_data
from publish.pages.cases import cases_data
from publish.pages.common import LABELS, catalogue, label_maker, navigation
from publish.pages.dictionary import dictionary_data
from publish.pages.document import document_data
from publish.pages.health import health_data
from publish.pages.home import home_data
from publish.pages.language import DEFAULT_LANGUAGE, language_links, language_of, remembering_language
from publish.pages.search_page import search_data

# what tests/publish/test_pages.py reads from this module (it loads the plugin file as Datasette does)
from publish.pages.document import apa_name  # noqa: F401
from publish.pages.language import accepted_language  # noqa: F401

PAGE_DATA = {
    "index.html": home_data,
    "row-catalogue-documents.html": document_data,
    "pages/cases.html": cases_data,
    "pages/dictionary.html": dictionary_data,
    "pages/health.html": health_data,
    "query-catalogue-search.html": search_data,
    "pages/api.html": api_data,
}


@hookimpl
def asgi_wrapper(datasette):
    """?lang= is remembered in a cookie, so the choice holds on every page the reader goes on to."""
    return remembering_language


@hookimpl
def startup(datasette):
    # Datasette renders its error pages without extra_template_vars: they get the default labels
    datasette.jinja_env.globals.update(lang=DEFAULT_LANGUAGE, t=LABELS[DEFAULT_LANGUAGE], lang_links=[],
                                       nav=navigation(datasette))


@hookimpl
def extra_template_vars(template, request, datasette):
    async def page_vars():
        lang = language_of(request)
        context = {"lang": lang, "t": LABELS[lang], "lang_links": language_links(request, lang),
                   "language_label": label_maker(lang, "languages"), "doc_type_label": label_maker(lang, "doc_types"),
                   "nav": navigation(datasette)}
        gather = PAGE_DATA.get(template)
        if gather and catalogue(datasette) is not None:
            context.update(await gather(datasette, request, lang))
        return context
    return page_vars
