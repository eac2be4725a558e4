"""`python -m benchmarks.html_crawl`: HTML crawl throughput on a local DSpace XMLUI site, next to
baselines measured in the same run.

The site holds N item pages (default 5,000) drawn by the demo's XMLUI renderer (demo/xmlui.py),
listed 20 to a page under /recent-submissions. Real Mirage2 pages carry a discovery sidebar and
head scripts that the demo leaves out; the benchmark site adds them, so that a full item record
weighs about 16 KB, as on BI Open. It runs in a process of its own, so no crawler shares a GIL
with it. Every contender fetches the same pages, the listings and each item's full record:
- raw: a plain Scrapy spider given every URL, which only downloads: the ceiling of any Scrapy crawl;
- bs4: a plain Scrapy spider that follows the listings and parses each full record's fields with
  BeautifulSoup (lxml parser), yielding them as items to nowhere;
- nordcat: `nordcat crawl` of a dspace-html source over the site, all the way into the warehouse
  (WARC archive, DuckDB), measured as the crawl alone (the run report's s=) and as the whole CLI
  process; the records it stored are checked to be N.
Then the parse alone, in this process, over a sample of the pages: nordcat's parse_item_page
against the BeautifulSoup parse of the bs4 spider; it also gives the share of nordcat's crawl
time spent parsing. Each figure is the best of --rounds runs (a shared machine only ever slows
a run down). Rates are item pages per second.

Run: python -m benchmarks.html_crawl [--pages N] [--rounds R]
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import duckdb
import httpx
import scrapy
import yaml
from bs4 import BeautifulSoup
from scrapy.crawler import CrawlerProcess

from crawlers.parsers.html.dspace_html import parse_item_page
from demo.pdf import PdfCache
from demo.server import HTML, Request, Response, Router, text
from demo.works import BI_COLLECTIONS, BI_COMMUNITIES, WorkStore, biopen_works
from demo.xmlui import NORWEGIAN, PAGE_SIZE, XmlUi
from benchmarks.oai_harvest import measured, report_seconds

NORDCAT = [str(Path(sys.executable).with_name("nordcat"))]
ROOT = "/bi-xmlui"
CONCURRENCY = 8  # per host, for every contender: what the demo sources use
PARSE_SAMPLE = 500
SOURCE = "bench-xmlui"
FACET_ENTRIES = 7  # the top entries a Mirage2 sidebar shows of each facet


# --- the site ----------------------------------------------------------------------------------

def _discovery_sidebar() -> bytes:
    """The "Discover" facets and account links of a Mirage2 sidebar, alike on every page."""
    facets = {
        "author": [f"Nordmann, Kari {i}" for i in range(10)],
        "subject": ["partnerskap", "kommunesamarbeid", "trepartssamarbeid", "IKT-samarbeid", "frivillighet",
                    "samskaping", "offentlig-privat samarbeid", "outsourcing", "tjenesteutvikling", "CSR"],
        "dateIssued": [f"{year} - {year + 4}" for year in range(1975, 2025, 5)],
        "type": ["Research report", "Master thesis", "Journal article", "Book", "Working paper",
                 "Doctoral thesis", "Chapter", "Lecture", "Report", "Others"],
    }
    lists = "".join(
        f'<h2 class="ds-option-set-head h6">{name}</h2><div id="aspect_discovery_SidebarFacetsTransformer_list_{name}"'
        f' class="list-group">' + "".join(
            f'<a href="{ROOT}/discover?filtertype={name}&amp;filter_relational_operator=equals&amp;filter={value}"'
            f' class="list-group-item ds-simple-list-item">{value} ({17 + i * 3})</a>'
            for i, value in enumerate(values[:FACET_ENTRIES])) + "</div>"
        for name, values in facets.items())
    account = (f'<h2 class="ds-option-set-head h6">Min side</h2><div class="list-group">'
               f'<a href="{ROOT}/login" class="list-group-item ds-option">Logg inn</a>'
               f'<a href="{ROOT}/register" class="list-group-item ds-option">Registrer deg</a></div>'
               f'<h2 class="ds-option-set-head h6">Statistikk</h2><div class="list-group">'
               f'<a href="{ROOT}/statistics-home" class="list-group-item ds-option">Mest leste</a></div>')
    return f'<div id="ds-discovery-options" class="word-break hidden-print">{lists}{account}</div>'.encode()


HEAD_SCRIPTS = (
    b'<script>if(!window.DSpace){window.DSpace={};}window.DSpace.context_path="/bi-xmlui";'
    b'window.DSpace.theme_path="/bi-xmlui/themes/Mirage2/";</script>\n'
    b'<script src="/bi-xmlui/themes/Mirage2/vendor/modernizr/modernizr.js"></script>\n'
    b"<script>(function(i,s,o,g,r,a,m){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){"
    b"(i[r].q=i[r].q||[]).push(arguments)},i[r].l=1*new Date();a=s.createElement(o),"
    b"m=s.getElementsByTagName(o)[0];a.async=1;a.src=g;m.parentNode.insertBefore(a,m)})"
    b"(window,document,'script','//www.google-analytics.com/analytics.js','ga');"
    b"ga('create','UA-00000000-1','biopen.bi.no');ga('send','pageview');</script>\n")
SIDEBAR = _discovery_sidebar()


def live_works(pages: int):
    """The first `pages` works of the demo's BI Open that are not deleted."""
    count = pages + pages // 10 + 20
    while True:
        works = [work for work in biopen_works(count) if not work.deleted]
        if len(works) >= pages:
            return works[:pages]
        count *= 2


class BenchSite:
    """XMLUI pages of `pages` items, with the furniture of a real Mirage2 page added."""

    def __init__(self, pages: int):
        works = live_works(pages)
        self.xmlui = XmlUi(root=ROOT, labels=NORWEGIAN, repository_name="BI Open (benchmark)",
                           store=WorkStore(works), communities=BI_COMMUNITIES, collections=BI_COLLECTIONS,
                           item_handles={work.handle for work in works}, pdfs=PdfCache(),
                           contact_email="bench@example.org")
        self.router = Router(self.xmlui.not_found)
        self.router.add("/robots.txt", lambda request: text(f"User-agent: *\nDisallow: {ROOT}/discover\n"))
        self.xmlui.add_routes(self.router)

    def respond(self, request: Request) -> Response:
        response = self.router.respond(request)
        if response.content_type == HTML:
            response.body = (response.body.replace(b"</head>", HEAD_SCRIPTS + b"</head>", 1)
                             .replace(b"<footer>", SIDEBAR + b"<footer>", 1))
        return response


def prerendered(pages: int, base: str) -> dict[bytes, bytes]:
    """Request target -> the whole HTTP answer, for every page a contender fetches, drawn once
    before the clock starts: the server must not be what is measured."""
    site = BenchSite(pages)
    listings, items = site_urls(base, pages)
    answers = {}
    for url in [f"{base}/robots.txt", *listings, *items]:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        response = site.respond(Request("GET", parts.path, target, parse_qs(parts.query), b"", base))
        answers[target.encode()] = _http_answer(response)
    return answers


def _http_answer(response: Response) -> bytes:
    headers = [f"HTTP/1.1 {response.status} {'OK' if response.status == 200 else 'Not Found'}",
               f"Content-Type: {response.content_type}", f"Content-Length: {len(response.body)}",
               f'ETag: "{hashlib.sha256(response.body).hexdigest()[:32]}"']
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + response.body


NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nNot found"


async def _serve_connection(answers: dict[bytes, bytes], reader, writer) -> None:
    """Keep-alive HTTP/1.1 GETs: read the request line and headers, write the stored answer."""
    try:
        while request_line := await reader.readline():
            while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                pass  # headers: conditional requests are not answered with 304 here
            writer.write(answers.get(request_line.split(b" ")[1], NOT_FOUND))
            await writer.drain()
    except (ConnectionError, IndexError):
        pass
    finally:
        writer.close()


def serve(pages: int) -> None:
    """The site on an ephemeral loopback port until stdin closes; prints its base URL first.

    An asyncio server of stored answers: the demo's threaded http.server tops out near the
    rates measured here, and would make every contender look alike."""
    async def main() -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        answers = prerendered(pages, f"http://127.0.0.1:{port}")
        server = await asyncio.start_server(lambda r, w: _serve_connection(answers, r, w), "127.0.0.1", port)
        print(f"http://127.0.0.1:{port}", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        server.close()
    asyncio.run(main())


@contextmanager
def site_process(pages: int):
    server = subprocess.Popen([sys.executable, "-m", "benchmarks.html_crawl", "--serve", str(pages)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        yield server.stdout.readline().strip()
    finally:
        server.stdin.close()
        server.wait(timeout=30)


def site_urls(base: str, pages: int) -> tuple[list[str], list[str]]:
    """(listing URLs, full record URLs) in the order of the site's recent submissions."""
    handles = [work.handle for work in sorted(live_works(pages), key=lambda w: w.accessioned, reverse=True)]
    listings = [f"{base}{ROOT}/recent-submissions"] + [
        f"{base}{ROOT}/recent-submissions?offset={offset}" for offset in range(PAGE_SIZE, pages, PAGE_SIZE)]
    return listings, [f"{base}{ROOT}/handle/{handle}?show=full" for handle in handles]


# --- the plain Scrapy contenders (each run in a process of its own) ------------------------------

def soup_fields(body: bytes) -> dict[str, list[str]]:
    """The full record table (dc key -> values) as a BeautifulSoup spider would read it."""
    soup = BeautifulSoup(body, "lxml")
    fields: dict[str, list[str]] = {}
    for cell in soup.select("td.label-cell"):
        value = cell.find_next_sibling("td")
        if value is not None:
            fields.setdefault(cell.get_text(strip=True), []).append(value.get_text(" ", strip=True))
    return fields


class RawSpider(scrapy.Spider):
    """Downloads every URL it is given, and nothing else."""
    name = "raw"

    def __init__(self, urls: list[str], **kwargs):
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, self.downloaded)

    def downloaded(self, response):
        self.crawler.stats.inc_value("bench/items", int("show=full" in response.url))


class SoupSpider(scrapy.Spider):
    """Follows the listings and parses each item's full record with BeautifulSoup."""
    name = "bs4"

    def __init__(self, start_url: str, **kwargs):
        super().__init__(**kwargs)
        self.start_url = start_url

    async def start(self):
        yield scrapy.Request(self.start_url, self.parse_listing)

    def parse_listing(self, response):
        soup = BeautifulSoup(response.body, "lxml")
        for link in soup.select("div.ds-artifact-item a[href]"):
            yield scrapy.Request(urljoin(response.url, link["href"]).split("?")[0] + "?show=full", self.parse_item)
        following = soup.select_one("a.next-page-link[href]")
        if following is not None:
            yield scrapy.Request(urljoin(response.url, following["href"]), self.parse_listing)

    def parse_item(self, response):
        self.crawler.stats.inc_value("bench/items")
        yield {"url": response.url, "fields": soup_fields(response.body)}


def run_spider(kind: str, base: str, pages: int) -> None:
    """Crawl with one plain spider; prints {"items": ..., "seconds": ...} as JSON."""
    listings, items = site_urls(base, pages)
    process = CrawlerProcess({
        "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False,
        "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY, "DOWNLOAD_DELAY": 0,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    })
    crawler = process.create_crawler(RawSpider if kind == "raw" else SoupSpider)
    arguments = {"urls": listings + items} if kind == "raw" else {"start_url": listings[0]}
    process.crawl(crawler, **arguments)
    process.start()
    stats = crawler.stats
    seconds = (stats.get_value("finish_time") - stats.get_value("start_time")).total_seconds()
    print(json.dumps({"items": stats.get_value("bench/items", 0), "seconds": seconds}))


def plain_spider(kind: str, base: str, pages: int) -> float:
    """Seconds of one plain spider's crawl (spider open to close), checked to have seen every item."""
    proc = measured([sys.executable, "-m", "benchmarks.html_crawl", "--spider", kind, "--site", base,
                     "--pages", str(pages)])
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["items"] != pages:
        sys.exit(f"the {kind} spider saw {result['items']} item pages of {pages}")
    return result["seconds"]


# --- nordcat -----------------------------------------------------------------------------------

@dataclass
class NordcatCrawl:
    crawl_s: float    # the run report's s=: the crawl alone
    process_s: float  # the whole `nordcat crawl` process


def nordcat_crawl(folder: Path, base: str, pages: int) -> NordcatCrawl:
    data_dir, sources_dir = folder / "data", folder / "sources"
    sources_dir.mkdir(parents=True)
    (sources_dir / f"{SOURCE}.yml").write_text(yaml.safe_dump({
        "name": SOURCE, "title": "Benchmark XMLUI site", "publisher": "nordcat", "country": "NO",
        "kind": "dspace-html", "url": f"{base}{ROOT}/", "start_urls": [f"{base}{ROOT}/recent-submissions"],
        "politeness": {"delay": 0.0, "concurrency": CONCURRENCY}, "assertions": {"min_records": pages},
        "fulltext": False,  # the PDF step after the crawl is no part of the HTML crawl
        "max_pages": 2 * pages + 100,  # the default cap (5,000 fetches) is below the benchmark's
    }))
    proc = measured([*NORDCAT, "--data-dir", str(data_dir), "--sources-dir", str(sources_dir), "crawl", SOURCE])
    held = stored_records(data_dir)
    if held != pages:
        sys.exit(f"nordcat stored {held} records of {pages}:\n{proc.stdout}")
    return NordcatCrawl(report_seconds(proc.stdout, SOURCE), proc.seconds)


def stored_records(data_dir: Path) -> int:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM record_heads WHERE NOT deleted").fetchall()[0][0]


# --- parse alone -------------------------------------------------------------------------------

@dataclass
class ParseRates:
    pages: int
    mean_kb: float
    nordcat: float  # pages/s
    soup: float


def parse_rates(urls: list[str]) -> ParseRates:
    with httpx.Client() as client:
        bodies = [(client.get(url).content, url) for url in urls]
    return ParseRates(len(bodies), sum(len(body) for body, _ in bodies) / len(bodies) / 1024,
                      len(bodies) / _timed(lambda: [parse_item_page(body, url) for body, url in bodies]),
                      len(bodies) / _timed(lambda: [soup_fields(body) for body, _ in bodies]))


def _timed(work) -> float:
    work()  # warm: parsers built, caches filled
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


# --- the run -----------------------------------------------------------------------------------

@dataclass
class Results:
    pages: int
    raw_s: float
    soup_s: float
    nordcat: NordcatCrawl
    parse: ParseRates


def benchmark(pages: int, rounds: int, tmp: Path) -> Results:
    with site_process(pages) as base:
        raw_s = min(plain_spider("raw", base, pages) for _ in range(rounds))
        soup_s = min(plain_spider("bs4", base, pages) for _ in range(rounds))
        crawls = [nordcat_crawl(tmp / f"nordcat-{i}", base, pages) for i in range(rounds)]
        sample = site_urls(base, pages)[1][:PARSE_SAMPLE]
        parse = parse_rates(sample)
    crawl = NordcatCrawl(min(c.crawl_s for c in crawls), min(c.process_s for c in crawls))
    return Results(pages, raw_s, soup_s, crawl, parse)


def print_results(results: Results, rounds: int) -> None:
    n, parse = results.pages, results.parse
    listings = -(-n // PAGE_SIZE)
    raw, soup = n / results.raw_s, n / results.soup_s
    crawl, process = n / results.nordcat.crawl_s, n / results.nordcat.process_s
    print(f"\nHTML crawl of a local DSpace XMLUI site: {n} item pages (full records, mean "
          f"{parse.mean_kb:.1f} KB) and {listings} listings; item pages/s, best of {rounds}\n")
    print(f"{'contender':34} {'pages/s':>8} {'x bs4':>6} {'x raw':>6}")
    for name, rate in (("raw download (Scrapy, no parsing)", raw), ("bs4 spider (Scrapy + BeautifulSoup)", soup),
                       ("nordcat crawl into the warehouse", crawl), ("nordcat crawl, whole CLI process", process)):
        print(f"{name:34} {rate:>8.0f} {rate / soup:>6.2f} {rate / raw:>6.2f}")
    print(f"\nParse alone, {parse.pages} full records: nordcat {parse.nordcat:.0f} pages/s, "
          f"BeautifulSoup {parse.soup:.0f} pages/s ({parse.nordcat / parse.soup:.1f}x)")
    parse_s = n / parse.nordcat
    print(f"nordcat crawl {results.nordcat.crawl_s:.1f} s: parsing ~{parse_s:.1f} s "
          f"({parse_s / results.nordcat.crawl_s:.0%}), the rest (Scrapy, middlewares, WARC, warehouse) "
          f"~{results.nordcat.crawl_s - parse_s:.1f} s")
    print(f"\nTargets: >= 300 pages/s end to end ({'met' if crawl >= 300 else 'NOT met'}), "
          f">= 3x the bs4 spider ({'met' if crawl >= 3 * soup else 'NOT met'}: {crawl / soup:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000, help="item pages on the site (default 5000)")
    parser.add_argument("--rounds", type=int, default=1, help="best of this many runs of each (default 1)")
    parser.add_argument("--serve", type=int, metavar="N", help=argparse.SUPPRESS)  # the site process
    parser.add_argument("--spider", choices=("raw", "bs4"), help=argparse.SUPPRESS)  # a plain spider process
    parser.add_argument("--site", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
    elif args.spider:
        run_spider(args.spider, args.site, args.pages)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            results = benchmark(args.pages, args.rounds, Path(tmp))
        print_results(results, args.rounds)


if __name__ == "__main__":
    main()
