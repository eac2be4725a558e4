"""DemoWeb: the seven demo sites on local ports, started and stopped together."""
import threading
from pathlib import Path

from demo import registry
from demo.casebank import CasebankSite
from demo.docplayer import DocplayerSite
from demo.dspace import BiOpenSite, NordArkivSite
from demo.news import NewsSite
from demo.nva import NvaSite
from demo.oai import OAIRepository
from demo.org import OrgSite
from demo.pdf import PdfCache
from demo.server import RunningSite, Site, serve_site
from demo.works import BI_COLLECTIONS, BI_COMMUNITIES, WorkStore, biopen_works

DEFAULT_PORTS = {"dspace": 8110, "dspace_en": 8111, "docplayer": 8112, "news": 8113, "org": 8114,
                 "nva": 8115, "casebank": 8116}
DEFAULT_OAI_RECORDS = 250


class DemoWeb:
    """Context manager running every demo site on its own ThreadingHTTPServer (daemon threads).

    ports: site key -> port (None: DEFAULT_PORTS; 0: an ephemeral port). oai_records: how many
    works BI Open's OAI endpoint holds (default 250; benchmarks ask for 10,000 or 20,000).
    After start(), `urls` maps site keys to base URLs and `requests` collects
    (site key, path+query) for every request served.
    """

    def __init__(self, host: str = "127.0.0.1", ports: dict[str, int] | None = None, *,
                 oai_records: int | None = None):
        ports = DEFAULT_PORTS if ports is None else ports
        if set(ports) != set(DEFAULT_PORTS):
            raise ValueError(f"ports must name exactly the sites {sorted(DEFAULT_PORTS)}")
        self.host = host
        self.ports = dict(ports)
        pdfs = PdfCache()
        store = WorkStore(biopen_works(DEFAULT_OAI_RECORDS if oai_records is None else oai_records))
        self.oai = OAIRepository(store, BI_COMMUNITIES, BI_COLLECTIONS)
        self.sites: dict[str, Site] = {
            "dspace": BiOpenSite(self.oai, pdfs), "dspace_en": NordArkivSite(pdfs),
            "docplayer": DocplayerSite(pdfs), "news": NewsSite(), "org": OrgSite(pdfs),
            "nva": NvaSite(self.oai.store, pdfs), "casebank": CasebankSite(),
        }
        self.urls: dict[str, str] = {}
        self.requests: list[tuple[str, str]] = []
        self._requests_lock = threading.Lock()
        self._running: dict[str, RunningSite] = {}

    def start(self) -> "DemoWeb":
        if self._running:
            return self
        try:
            for key, site in self.sites.items():
                running = serve_site(site, self.host, self.ports[key], self._logger(key))
                self._running[key] = running
                self.urls[key] = f"http://{self.host}:{running.port}"
        except OSError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for running in self._running.values():
            running.stop()
        self._running.clear()

    def __enter__(self) -> "DemoWeb":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def holdings(self) -> dict[str, int]:
        """How many works each registry source holds (what a complete crawl should yield).
        docplayer counts on-topic transcripts only: off-topic ones exist to be filtered out."""
        return {
            "demo-biopen-oai": sum(not w.deleted for w in self.oai.store.snapshot()),
            "demo-biopen-html": len(self.sites["dspace"].xmlui.items()),
            "demo-nordarkiv": len(self.sites["dspace_en"].xmlui.items()),
            "demo-docplayer": sum(t.on_topic for t in self.sites["docplayer"].transcripts),
            "demo-impactinsider": len(self.sites["news"].articles),
            "demo-fagforbundet": len(self.sites["org"].pages) + len(self.sites["org"].documents),
            "demo-nva": len(self.sites["nva"].published()),
            "demo-casebank": len(self.sites["casebank"].documents),
        }

    def write_registry(self, dest: Path) -> list[Path]:
        """Write the demo source files (demo/sources/*.yml) for the ports actually bound."""
        if not self.urls:
            raise RuntimeError("start the DemoWeb before writing its registry")
        return registry.write_registry(Path(dest), self.urls, self.holdings())

    def _logger(self, key: str):
        def log(target: str) -> None:
            with self._requests_lock:
                self.requests.append((key, target))
        return log
