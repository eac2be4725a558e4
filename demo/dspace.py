"""The two DSpace sites: BI Open (OAI-PMH + Norwegian XMLUI) and the Nordic Open Research
Archive (English XMLUI only), each with DSpace's robots.txt and sitemap."""
from demo import pdf
from demo.oai import OAIRepository
from demo.server import Request, Response, Router, redirect, text
from demo.works import (BI_COLLECTIONS, BI_COMMUNITIES, NORDARKIV_COLLECTIONS,
                        NORDARKIV_COMMUNITIES, SEED_HANDLE, TWINS, Work, WorkStore,
                        nordarkiv_works)
from demo.xmlui import ENGLISH, NORWEGIAN, XmlUi

XMLUI_ITEMS = 60  # BI Open shows item pages for a subset of its OAI records


def xmlui_subset(works: list[Work], size: int = XMLUI_ITEMS) -> set[str]:
    """The seed, the twins and the first generated works (handle order), deleted ones excluded."""
    fixed = {SEED_HANDLE} | {t.biopen_handle for t in TWINS}
    generated = [w.handle for w in works if w.handle not in fixed and not w.deleted]
    present = {w.handle for w in works} & fixed
    return present | set(generated[:max(size - len(present), 0)])


class _DSpaceSite:
    """Shared wiring: XMLUI routes, robots.txt that closes discovery, /sitemap, / -> XMLUI."""

    def __init__(self, xmlui: XmlUi):
        self.xmlui = xmlui
        self.router = Router(xmlui.not_found)
        self.router.add("/", lambda request: redirect(xmlui.root + "/"))
        self.router.add("/robots.txt", self.robots)
        self.router.add("/sitemap", xmlui.sitemap)
        xmlui.add_routes(self.router)

    def respond(self, request: Request) -> Response:
        return self.router.respond(request)

    def robots(self, request: Request) -> Response:
        root = self.xmlui.root
        return text(f"User-agent: *\nDisallow: {root}/discover\nDisallow: {root}/search\n\n"
                    f"Sitemap: {request.base_url}/sitemap\n")


class BiOpenSite(_DSpaceSite):
    def __init__(self, oai: OAIRepository, pdfs: pdf.PdfCache):
        super().__init__(XmlUi(
            root="/bi-xmlui", labels=NORWEGIAN, repository_name="BI Open", store=oai.store,
            communities=BI_COMMUNITIES, collections=BI_COLLECTIONS,
            item_handles=xmlui_subset(oai.store.snapshot()), pdfs=pdfs,
            contact_email="biopen-demo@example.org"))
        self.router.add("/bi-oai/request", oai.respond)


class NordArkivSite(_DSpaceSite):
    def __init__(self, pdfs: pdf.PdfCache):
        store = WorkStore(nordarkiv_works())
        super().__init__(XmlUi(
            root="/xmlui", labels=ENGLISH, repository_name="Nordic Open Research Archive (demo)",
            store=store, communities=NORDARKIV_COMMUNITIES, collections=NORDARKIV_COLLECTIONS,
            item_handles={w.handle for w in store.snapshot()}, pdfs=pdfs,
            contact_email="nordarkiv-demo@example.org"))
