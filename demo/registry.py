"""The demo's source registry: one YAML file per source, in the schema of the real registry.

`demo/sources/*.yml` are these files for the default ports; `DemoWeb.write_registry` writes them
again for the ports actually bound. min_records is 85 % of what each source holds (rounded
down), so a crawl that loses more than about one record in seven fails its health check.
"""
from dataclasses import dataclass
from pathlib import Path

import yaml

SHIPPED = Path(__file__).parent / "sources"
MIN_RECORDS_SHARE = 0.85


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str
    publisher: str
    country: str
    kind: str  # oai-pmh | dspace-html | docplayer | web | nva
    site: str  # DemoWeb site key
    path: str  # the source URL's path on the site
    language: str
    start_paths: tuple[str, ...] = ()
    sitemap_paths: tuple[str, ...] = ()
    feed_paths: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


# Word prefixes of the field in Danish, Norwegian and Swedish: a related document is followed
# only when its title has one of them.
PARTNERSHIP_TOPICS = (
    "partnerskab", "partnerskap", "samarb", "samverkan", "samskab", "samskap", "samordning",
    "frivillig", "social", "sosial", "csr", "kommun", "interkommunal", "vertskommun", "samkommun",
    "ikt", "digital", "omstilling", "anskaffelse", "konkurranse", "erhvervsmentor", "erhvervsleder",
    "barnevern", "skole",
)


SOURCES = [
    SourceSpec("demo-biopen-oai", "BI Open (demo, OAI-PMH)", "BI Norwegian Business School", "NO",
               "oai-pmh", "dspace", "/bi-oai/request", "nob"),
    SourceSpec("demo-biopen-html", "BI Open (demo, XMLUI item pages)",
               "BI Norwegian Business School", "NO", "dspace-html", "dspace", "/bi-xmlui/", "nob",
               start_paths=("/bi-xmlui/recent-submissions",)),
    SourceSpec("demo-nordarkiv", "Nordic Open Research Archive (demo)",
               "Nordic Open Research Archive", "SE", "dspace-html", "dspace_en", "/xmlui/", "swe",
               start_paths=("/xmlui/recent-submissions",)),
    SourceSpec("demo-docplayer", "DocPlayer (demo transcripts)", "DocPlayer", "DK", "docplayer",
               "docplayer", "/", "dan", start_paths=("/",), topics=PARTNERSHIP_TOPICS),
    SourceSpec("demo-impactinsider", "Impact Insider (demo)", "Foreningen Impact Insider", "DK",
               "web", "news", "/", "dan", sitemap_paths=("/sitemap.xml",),
               feed_paths=("/feed.xml",)),
    SourceSpec("demo-fagforbundet", "Fagforbundet (demo)", "Fagforbundet", "NO", "web", "org", "/",
               "nob", sitemap_paths=("/sitemap.xml",)),
    SourceSpec("demo-nva", "NVA – Nasjonalt vitenarkiv (demo)", "Sikt", "NO", "nva", "nva", "/", "nob"),
    SourceSpec("demo-casebank", "Samarbeidsbanken (demo)", "Samarbeidsbanken", "NO", "web", "casebank", "/",
               "nob", sitemap_paths=("/sitemap.xml",)),
]


def source_document(spec: SourceSpec, base_url: str, holdings: int) -> str:
    """The YAML text of one source, keys in the registry's order."""
    document = {
        "name": spec.name, "title": spec.title, "publisher": spec.publisher,
        "country": spec.country, "kind": spec.kind, "url": base_url + spec.path,
        "start_urls": [base_url + p for p in spec.start_paths],
        "sitemaps": [base_url + p for p in spec.sitemap_paths],
        "feeds": [base_url + p for p in spec.feed_paths],
        "allowed_domains": [], "metadata_prefix": None, "set": None, "language": spec.language,
        **({"topics": list(spec.topics)} if spec.topics else {}),
        "politeness": {"delay": 0.0, "concurrency": 8},
        "assertions": {"min_records": int(holdings * MIN_RECORDS_SHARE)},
        "licence": None, "enabled": True, "evidence": "embedded demo web (demo/)",
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=None)


def write_registry(dest: Path, urls: dict[str, str], holdings: dict[str, int]) -> list[Path]:
    """Write every source file into `dest` (created if needed); returns the paths written."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SOURCES:
        path = dest / f"{spec.name}.yml"
        path.write_text(source_document(spec, urls[spec.site], holdings[spec.name]),
                        encoding="utf-8")
        written.append(path)
    return written
