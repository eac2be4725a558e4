"""What the catalogue's own pages show: the data each page's template is given.

The Datasette plugin publish/plugins/pages.py registers the hooks and hands each page to the
gatherer of its template here (extra_template_vars, keyed by template name). These modules live
outside publish/plugins because Datasette loads every .py file there as a plugin.

The templates in publish/templates ask for no SQL themselves; each page's data is gathered here:

- every page (common, language): the interface language (labels from publish/labels.yml), the
  language switch and the site menu;
- index.html, the home page (home): counts per source, language, year and type, the newest works,
  the last nightly run's health;
- row-catalogue-documents.html, a work (document): citation, metadata with the sources that gave
  each field, links, related works (same case, same authors, listed by the source, similar text),
  its cases;
- pages/cases.html (cases): cases with facets (model, sector of partners, country, municipality)
  and the points of the map; pages/dictionary.html (dictionary): every table and column, and the
  canned queries; query-catalogue-search.html (search_page): the query and its faceted search;
- pages/health.html (health): each source's health history, its last runs at a glance.

Tables that later builds added (cases, case_partners, document_places, source_health) or may add
(document_relations, the sources' related lists) are used when present: a catalogue without them
still has every page, without those parts.
"""
