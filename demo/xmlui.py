"""DSpace 6 XMLUI pages in the Mirage2 theme: item pages (simple and ?show=full), listings,
community and collection pages, bitstreams and the robots-disallowed search.

The markup copies what Brage/XMLUI really sends (class names, meta tags, label texts), in a
Norwegian or an English interface, because the dspace-html spider is written against it.
"""
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from demo import pdf
from demo.server import PDF, Request, Response, Router, XML, html, text
from demo.works import Collection, Community, Work, WorkStore, dc_fields

PAGE_SIZE = 20


@dataclass(frozen=True)
class Labels:
    lang: str
    authors: str
    date: str
    abstract: str
    series: str
    files: str
    show_full: str
    show_simple: str
    files_full: str
    in_collections: str
    collections: str
    recent: str
    showing: str  # "{first}-{last} of {total}" sentence
    search: str
    browse: str
    whole_repository: str
    communities: str
    view_item: str
    metadata: str
    name: str
    size: str
    view_open: str
    more: str
    not_found: str
    contact: str


NORWEGIAN = Labels(
    lang="no", authors="Forfatter", date="Dato", abstract="Sammendrag", series="Serie",
    files="Fil(er)", show_full="Vis full innførsel", show_simple="Vis enkel innførsel",
    files_full="Tilhørende fil(er)", in_collections="Denne innførselen finnes i følgende samling(er)",
    collections="Samlinger", recent="Nylig registrert",
    showing="Viser innførsler {first}-{last} av {total}", search="Søk", browse="Bla i",
    whole_repository="Hele arkivet", communities="Enheter i arkivet", view_item="Vis innførsel",
    metadata="Metadata", name="Navn", size="Størrelse", view_open="Vis/Åpne", more="Vis mer",
    not_found="Fant ikke ressursen", contact="Kontakt oss",
)
ENGLISH = Labels(
    lang="en", authors="Authors", date="Date", abstract="Abstract", series="Series",
    files="Files in this item", show_full="Show full item record",
    show_simple="Show simple item record", files_full="Files in this item",
    in_collections="This item appears in the following Collection(s)", collections="Collections",
    recent="Recent Submissions", showing="Now showing items {first}-{last} of {total}",
    search="Search", browse="Browse", whole_repository="All of DSpace",
    communities="Communities in DSpace", view_item="View Item", metadata="Metadata", name="Name",
    size="Size", view_open="View/Open", more="View more", not_found="Resource not found",
    contact="Contact Us",
)

# dc key -> (meta name, scheme) for the DC/DCTERMS head tags DSpace writes.
DC_META = {
    "dc.contributor.author": ("DC.creator", None),
    "dc.date.accessioned": ("DCTERMS.dateAccepted", "DCTERMS.W3CDTF"),
    "dc.date.issued": ("DCTERMS.issued", "DCTERMS.W3CDTF"),
    "dc.identifier.uri": ("DC.identifier", "DCTERMS.URI"),
    "dc.identifier.issn": ("DC.identifier", None),
    "dc.identifier.isbn": ("DC.identifier", None),
    "dc.identifier.doi": ("DC.identifier", None),
    "dc.description.abstract": ("DCTERMS.abstract", None),
    "dc.format.extent": ("DCTERMS.extent", None),
    "dc.format.mimetype": ("DC.format", None),
    "dc.language.iso": ("DC.language", "DCTERMS.RFC1766"),
    "dc.publisher": ("DC.publisher", None),
    "dc.relation.ispartofseries": ("DC.relation", None),
    "dc.rights": ("DC.rights", None),
    "dc.rights.uri": ("DC.rights", None),
    "dc.subject": ("DC.subject", None),
    "dc.title": ("DC.title", None),
    "dc.type": ("DC.type", None),
}


class XmlUi:
    """One XMLUI web application mounted at `root` ("/bi-xmlui", "/xmlui")."""

    def __init__(self, *, root: str, labels: Labels, repository_name: str, store: WorkStore,
                 communities: list[Community], collections: list[Collection],
                 item_handles: set[str], pdfs: pdf.PdfCache, contact_email: str):
        self.root = root
        self.labels = labels
        self.repository_name = repository_name
        self.store = store
        self.communities = {c.handle: c for c in communities}
        self.collections = {c.handle: c for c in collections}
        self.item_handles = item_handles
        self.pdfs = pdfs
        self.contact_email = contact_email
        self._items: dict[tuple[str | None, int], list[Work]] = {}

    def add_routes(self, router: Router) -> None:
        handle = r"(?P<handle>\d+/\d+)"
        router.add(self.root + "/?", self.home)
        router.add(self.root + "/recent-submissions", self.recent_submissions)
        router.add(self.root + f"/handle/{handle}", self.handle_page)
        router.add(self.root + f"/handle/{handle}/recent-submissions", self.collection_listing)
        router.add(self.root + f"/bitstream/handle/{handle}/(?P<filename>[^/]+)", self.bitstream)
        router.add(self.root + "/(?:discover|search)", self.search)

    # --- data -----------------------------------------------------------------------------

    def items(self, collection: str | None = None) -> list[Work]:
        """Visible items, newest deposit first (the order of DSpace's recent submissions).
        Cached per store version: with 20,000 OAI works a scan per page would dominate."""
        version = self.store.version
        cached = self._items.get((collection, version))
        if cached is None:
            works = [w for w in self.store.snapshot() if w.handle in self.item_handles
                     and not w.deleted and (collection is None or collection in w.collections)]
            cached = sorted(works, key=lambda w: w.accessioned, reverse=True)
            current = {k: v for k, v in self._items.items() if k[1] == version}
            self._items = current | {(collection, version): cached}
        return cached

    def visible(self, handle: str) -> Work | None:
        work = self.store.get(handle)
        return work if work and handle in self.item_handles and not work.deleted else None

    def sitemap(self, request: Request) -> Response:
        urls = "".join(
            f"<url><loc>{request.base_url}{self.root}/handle/{w.handle}</loc>"
            f"<lastmod>{(w.datestamp or w.accessioned)[:10]}</lastmod></url>"
            for w in sorted(self.items(), key=lambda w: w.number))
        return text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"{urls}</urlset>", XML)

    # --- pages ----------------------------------------------------------------------------

    def handle_page(self, request: Request, handle: str) -> Response:
        if handle in self.collections:
            return self.collection_page(request, self.collections[handle])
        if handle in self.communities:
            return self.community_page(request, self.communities[handle])
        work = self.visible(handle)
        if work is None:
            return self.not_found(request)
        full = request.arg("show") == "full"
        body = self.full_item(work) if full else self.simple_item(work)
        trail = self._trail(self.collections[work.collections[0]])
        return html(self.page(request, work.title, body, head=self.item_head(work, request),
                              trail=trail, current=self.labels.view_item))

    def home(self, request: Request) -> Response:
        L = self.labels
        recent = self.items()[:5]
        body = (f'<h2 class="ds-div-head page-header first-page-header">{L.communities}</h2>'
                + self._community_list()
                + f'<h2 class="ds-div-head page-header">{L.recent}</h2>'
                + self._artifact_list(recent)
                + f'<p><a href="{self.root}/recent-submissions">{L.more}</a></p>')
        return html(self.page(request, self.repository_name, body))

    def recent_submissions(self, request: Request) -> Response:
        body = self._listing(request, self.items(), f"{self.root}/recent-submissions")
        return html(self.page(request, self.labels.recent, body, current=self.labels.recent))

    def collection_listing(self, request: Request, handle: str) -> Response:
        collection = self.collections.get(handle)
        if collection is None:
            return self.not_found(request)
        base = f"{self.root}/handle/{handle}/recent-submissions"
        body = self._listing(request, self.items(handle), base)
        return html(self.page(request, f"{self.labels.recent}: {collection.name}", body,
                              trail=self._trail(collection), current=self.labels.recent))

    def community_page(self, request: Request, community: Community) -> Response:
        body = (f'<h2 class="ds-div-head page-header first-page-header">{escape(community.name)}</h2>'
                + self._collection_list([c for c in self.collections.values()
                                         if c.community == community.handle]))
        return html(self.page(request, community.name, body, current=community.name))

    def collection_page(self, request: Request, collection: Collection) -> Response:
        L = self.labels
        body = (f'<h2 class="ds-div-head page-header first-page-header">{escape(collection.name)}</h2>'
                f'<div class="ds-static-div secondary"><p>{escape(collection.description)}</p></div>'
                f'<h3 class="ds-div-head">{L.recent}</h3>'
                + self._artifact_list(self.items(collection.handle)[:5])
                + f'<p><a href="{self.root}/handle/{collection.handle}/recent-submissions">'
                  f"{L.more}</a></p>")
        return html(self.page(request, collection.name, body, trail=self._trail(collection)[:1],
                              current=collection.name))

    def bitstream(self, request: Request, handle: str, filename: str) -> Response:
        work = self.visible(handle)
        if work is None or work.pdf != filename:
            return self.not_found(request)
        sections = [(self.labels.abstract, work.abstract)] if work.abstract else []
        body = self.pdfs.get(("xmlui", work.handle, work.title, work.abstract),
                             lambda: pdf.document(work.title, work.authors, sections))
        return Response(200, body, PDF)

    def search(self, request: Request) -> Response:
        """Discovery search; robots.txt forbids it, so a polite crawler never sees this page."""
        query = (request.arg("query") or "").strip()
        hits = [w for w in self.items() if query.lower() in w.title.lower()][:10] if query else []
        body = (f'<h2 class="ds-div-head page-header first-page-header">{self.labels.search}</h2>'
                f'<p>{escape(query)}</p>' + self._artifact_list(hits))
        return html(self.page(request, self.labels.search, body, current=self.labels.search))

    def not_found(self, request: Request) -> Response:
        body = f'<h2 class="page-header first-page-header">{self.labels.not_found}</h2>'
        return html(self.page(request, self.labels.not_found, body), status=404)

    # --- item page parts ------------------------------------------------------------------

    def item_head(self, work: Work, request: Request) -> str:
        tags = ['<link rel="schema.DCTERMS" href="http://purl.org/dc/terms/" />',
                '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />']
        for key, value, lang in dc_fields(work):
            name, scheme = DC_META[key]
            extra = (f' scheme="{scheme}"' if scheme else "") + (
                f' xml:lang="{lang[:2]}"' if lang else "")
            tags.append(f'<meta name="{name}" content="{escape(value)}"{extra} />')
        item_url = f"{request.base_url}{self.root}/handle/{work.handle}"
        scholar = [("citation_keywords", "; ".join(work.subjects + [work.type])),
                   ("citation_title", work.title)]
        scholar += [("citation_author", a) for a in work.authors]
        scholar += [(name, value) for name, value in (
            ("citation_date", work.issued), ("citation_issn", work.issn),
            ("citation_isbn", work.isbn), ("citation_doi", work.doi),
            ("citation_publisher", work.publisher), ("citation_language", work.language),
            ("citation_pdf_url", request.base_url + self._bitstream_path(work) if work.pdf else None),
            ("citation_abstract_html_url", item_url),
        ) if value]
        tags += [f'<meta name="{name}" content="{escape(value)}" />' for name, value in scholar]
        return "\n".join(tags)

    def simple_item(self, work: Work) -> str:
        L = self.labels
        parts = [f'<h2 class="page-header first-page-header">{escape(work.title)}</h2>',
                 '<div class="row"><div class="col-sm-4">']
        if work.pdf:
            parts.append(
                f'<div class="item-page-field-wrapper table word-break"><h5>{L.files}</h5>'
                f'<div><a href="{escape(self._bitstream_path(work))}">'
                f'<i aria-hidden="true" class="glyphicon  glyphicon-file"></i> '
                f"{escape(work.pdf)} ({_size(work.pdf_size)})</a></div></div>")
        parts.append(
            f'<div class="simple-item-view-date word-break item-page-field-wrapper table">'
            f"<h5>{L.date}</h5>{escape(work.issued)}</div>")
        parts.append(_field_block("simple-item-view-authors item-page-field-wrapper table",
                                  L.authors, work.authors))
        parts.append(
            f'<div class="simple-item-view-show-full item-page-field-wrapper table">'
            f"<h5>{L.metadata}</h5>"
            f'<a href="{self.root}/handle/{work.handle}?show=full">{L.show_full}</a></div>')
        parts.append('</div><div class="col-sm-8">')
        if work.abstract:
            parts.append(_field_block("simple-item-view-description item-page-field-wrapper table",
                                      L.abstract, [work.abstract]))
        parts.append(
            f'<div class="simple-item-view-uri item-page-field-wrapper table"><h5>URI</h5>'
            f'<span><a href="{work.handle_uri}">{work.handle_uri}</a></span></div>')
        if work.series:
            parts.append(_field_block("simple-item-view-series item-page-field-wrapper table",
                                      L.series, work.series))
        parts.append(
            f'<div class="simple-item-view-collections item-page-field-wrapper table">'
            f"<h5>{L.collections}</h5>{self._reference_set(work)}</div>")
        parts.append("</div></div>")
        return self._item_view("".join(parts), work)

    def full_item(self, work: Work) -> str:
        L = self.labels
        rows = "".join(
            f'<tr class="ds-table-row {"odd" if i % 2 == 0 else "even"} ">'
            f'<td class="label-cell">{key}</td><td class="word-break">{escape(value)}</td>'
            f"<td>{lang[:2]}</td></tr>"
            for i, (key, value, lang) in enumerate(dc_fields(work)))
        files = ""
        if work.pdf:
            files = (
                f'<div class="file-list"><div class="file-wrapper row">'
                f'<div class="col-xs-6 col-sm-3"><div class="thumbnail">'
                f'<a class="image-link" href="{escape(self._bitstream_path(work))}">'
                f'<img alt="Thumbnail" src="{self.root}/themes/Mirage2/images/mime.png"></a>'
                f'</div></div><div class="col-xs-6 col-sm-7"><dl class="file-metadata dl-horizontal">'
                f"<dt>{L.name}:</dt><dd class=\"word-break\" title=\"{escape(work.pdf)}\">"
                f"{escape(work.pdf)}</dd><dt>{L.size}:</dt><dd class=\"word-break\">"
                f"{_size(work.pdf_size)}</dd><dt>Format:</dt><dd class=\"word-break\">PDF</dd>"
                f'</dl></div><div class="file-link col-xs-6 col-xs-offset-6 col-sm-2 col-sm-offset-0">'
                f'<a href="{escape(self._bitstream_path(work))}">{L.view_open}</a></div></div></div>')
        body = (
            f'<h2 class="page-header first-page-header">{escape(work.title)}</h2>'
            f'<div class="ds-table-responsive"><table class="ds-includeSet-table detailtable '
            f'table table-striped table-hover">{rows}</table></div>'
            f'<p class="ds-paragraph item-view-toggle item-view-toggle-bottom">'
            f'<a href="{self.root}/handle/{work.handle}">{L.show_simple}</a></p>'
            f'<h4>{L.files_full}</h4>{files}')
        return self._item_view(body, work)

    def _item_view(self, summary: str, work: Work) -> str:
        """The item view wrapper shared by both pages, with the collections it belongs to."""
        return (
            '<div id="aspect_artifactbrowser_ItemViewer_div_item-view" class="ds-static-div primary">'
            f"<!-- External Metadata URL: cocoon://metadata/handle/{work.handle}/mets.xml-->"
            f'<div class="item-summary-view-metadata">{summary}</div>'
            f'<h2 class="ds-list-head">{self.labels.in_collections}</h2>'
            f"{self._reference_set(work)}</div>")

    def _reference_set(self, work: Work) -> str:
        counts = {c: len(self.items(c)) for c in work.collections}
        return '<ul class="ds-referenceSet-list">' + "".join(
            f'<li><a href="{self.root}/handle/{c}">{escape(self.collections[c].name)}</a> '
            f"[{counts[c]}]</li>" for c in work.collections) + "</ul>"

    def _bitstream_path(self, work: Work) -> str:
        return (f"{self.root}/bitstream/handle/{work.handle}/{quote(work.pdf)}"
                "?sequence=1&isAllowed=y")

    # --- listings -------------------------------------------------------------------------

    def _listing(self, request: Request, works: list[Work], base: str) -> str:
        L = self.labels
        offset_text = request.arg("offset", "0")
        offset = int(offset_text) if offset_text.isdigit() else 0
        page = works[offset:offset + PAGE_SIZE]
        info = L.showing.format(first=offset + 1 if page else 0, last=offset + len(page),
                                total=len(works))
        previous = (f'<li class="previous"><a class="previous-page-link" '
                    f'href="{base}?offset={max(offset - PAGE_SIZE, 0)}">'
                    '<i class="glyphicon glyphicon-arrow-left"></i></a></li>' if offset else
                    '<li class="previous disabled"><span class="glyphicon glyphicon-arrow-left">'
                    "</span></li>")
        following = (f'<li class="next"><a class="next-page-link" href="{base}?offset='
                     f'{offset + PAGE_SIZE}"><i class="glyphicon glyphicon-arrow-right"></i></a></li>'
                     if offset + PAGE_SIZE < len(works) else "")
        pagination = (f'<div class="pagination-masked clearfix top"><div class="row">'
                      f'<div class="col-xs-9"><p class="pagination-info">{info}</p></div>'
                      f'<div class="col-xs-3"><ul class="pagination pull-right">{previous}'
                      f"{following}</ul></div></div></div>")
        return (f'<h2 class="ds-div-head page-header first-page-header">{L.recent}</h2>'
                + pagination + self._artifact_list(page))

    def _artifact_list(self, works: list[Work]) -> str:
        items = []
        for work in works:
            link = f"{self.root}/handle/{work.handle}"
            authors = "; ".join(f"<span>{escape(a)}</span>" for a in work.authors)
            items.append(
                '<div class="ds-artifact-item row"><div class="col-sm-3 hidden-xs">'
                f'<div class="thumbnail artifact-preview"><a class="image-link" href="{link}">'
                f'<img class="img-responsive img-thumbnail" alt="Thumbnail" '
                f'src="{self.root}/themes/Mirage2/images/mime.png"></a></div></div>'
                f'<div class="col-sm-9 artifact-description"><a href="{link}"><h4>'
                f"{escape(work.title)}</h4></a>"
                f'<div class="artifact-info"><span class="author h4"><small>{authors}</small>'
                f'</span> <span class="publisher-date h4"><small>(<span class="date">'
                f"{escape(work.issued)}</span>)</small></span></div></div></div>")
        return '<div class="ds-static-div recent-submission">' + "".join(items) + "</div>"

    def _community_list(self) -> str:
        blocks = []
        for community in self.communities.values():
            members = [c for c in self.collections.values() if c.community == community.handle]
            blocks.append(f'<li><a href="{self.root}/handle/{community.handle}">'
                          f"{escape(community.name)}</a>{self._collection_list(members)}</li>")
        return '<ul class="ds-artifact-list list-unstyled community-browser">' + "".join(
            blocks) + "</ul>"

    def _collection_list(self, collections: list[Collection]) -> str:
        return '<ul class="ds-artifact-list">' + "".join(
            f'<li><a href="{self.root}/handle/{c.handle}">{escape(c.name)}</a> '
            f"[{len(self.items(c.handle))}]</li>" for c in collections) + "</ul>"

    # --- furniture ------------------------------------------------------------------------

    def _trail(self, collection: Collection) -> list[tuple[str, str]]:
        """Breadcrumbs down to a collection: its community, then the collection itself."""
        return [(f"{self.root}/handle/{collection.community}",
                 self.communities[collection.community].name),
                (f"{self.root}/handle/{collection.handle}", collection.name)]

    def page(self, request: Request, title: str, body: str, *, head: str = "",
             trail: list[tuple[str, str]] = (), current: str = "") -> str:
        L = self.labels
        crumbs = "".join(f'<li><a href="{href}">{escape(name)}</a></li>' for href, name in trail)
        if current:
            crumbs += f'<li class="active">{escape(current)}</li>'
        browse = "".join(f'<a class="list-group-item ds-option" href="{self.root}/handle/{c.handle}">'
                         f"{escape(c.name)}</a>" for c in self.collections.values())
        return f"""<!DOCTYPE html>
<html class="no-js" lang="{L.lang}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="shortcut icon" href="{self.root}/themes/Mirage2/images/favicon.ico">
<link rel="stylesheet" href="{self.root}/themes/Mirage2/styles/main.css">
{head}
<title>{escape(title)}</title>
</head>
<body>
<header>
<div class="navbar navbar-default navbar-static-top" role="navigation"><div class="container">
<div class="navbar-header"><a class="navbar-brand" href="{self.root}/">{escape(self.repository_name)}</a></div>
</div></div>
</header>
<div class="trail-wrapper hidden-print"><div class="container"><div class="row"><div class="col-xs-12">
<ul class="breadcrumb hidden-xs"><li><i class="glyphicon glyphicon-home" aria-hidden="true"></i>&#160;<a href="{self.root}/">{escape(self.repository_name)}</a></li>{crumbs}</ul>
</div></div></div></div>
<div class="container" id="main-container">
<div class="row row-offcanvas row-offcanvas-right">
<div class="horizontal-slider clearfix">
<div class="col-xs-12 col-sm-12 col-md-9 main-content">
<div>{body}</div>
</div>
<div class="col-xs-6 col-sm-3 sidebar-offcanvas" id="sidebar" role="navigation">
<div class="word-break hidden-print" id="ds-options">
<div class="ds-option-set" id="ds-search-option">
<form id="ds-search-form" class="" method="post" action="{self.root}/discover">
<fieldset><div class="input-group"><input class="ds-text-field form-control" type="text" placeholder="{L.search}" name="query">
<span class="input-group-btn"><button class="ds-button-field btn btn-primary" title="{L.search}"><span class="glyphicon glyphicon-search" aria-hidden="true"></span></button></span></div></fieldset>
</form>
</div>
<h2 class="ds-option-set-head  h6">{L.browse}</h2>
<div class="list-group" id="aspect_viewArtifacts_Navigation_list_browse">
<a class="list-group-item active"><span class="h5 list-group-item-heading  h5">{L.whole_repository}</span></a>
<a class="list-group-item ds-option" href="{self.root}/recent-submissions">{L.recent}</a>
{browse}
</div>
</div>
</div>
</div>
</div>
<footer>
<div class="row"><hr>
<div class="col-xs-7 col-sm-8"><div>DSpace software copyright&#160;&#169;&#160;2002-2016&#160; DuraSpace</div>
<div class="hidden-print"><a href="mailto:{self.contact_email}">{L.contact}</a></div></div>
<div class="col-xs-5 col-sm-4 hidden-print"><div class="pull-right"><span class="theme-by">Theme by&#160;</span>Atmire NV</div></div>
</div>
</footer>
</div>
</body>
</html>
"""


def _field_block(css: str, label: str, values: list[str]) -> str:
    return f'<div class="{css}"><h5>{label}</h5>' + "".join(
        f"<div>{escape(v)}</div>" for v in values) + "</div>"


def _size(size: int | None) -> str:
    """DSpace's human file size: "172.0Kb", "1.85Mb"."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{size / 1024:.1f}Kb"
    return f"{size / 1024 / 1024:.2f}Mb"
