"""What a crawl loads before its first request: an OAI-PMH harvest imports the command line, the
crawl machinery and its own spider, and none of the heavy libraries that only other kinds (HTML
extraction, PDF text) or other commands (webhooks) use. Half a second of imports was a twentieth
of a 100,000-record harvest (benchmarks/oai_harvest.py)."""
from __future__ import annotations

import subprocess
import sys
import typing

import pytest
import yaml

from crawlers.spiders import SPIDERS
from nordcat.sources import Source
from tests.helpers import REPO

# Imported by the HTML spiders, the full-text step and the on_failure webhook only
NOT_FOR_AN_OAI_CRAWL = ("trafilatura", "extruct", "bs4", "pypdf", "httpx")


def test_an_oai_crawl_does_not_import_what_only_other_kinds_use():
    code = ("import sys, nordcat.cli, crawlers.run, crawlers.pipelines\n"
            "from crawlers.spiders import SPIDERS\n"
            "SPIDERS['oai-pmh']\n"
            f"print(' '.join(m for m in {NOT_FOR_AN_OAI_CRAWL!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []


def test_an_oai_crawl_process_loads_no_other_spider_nor_scrapys_remote_control(web, tmp_path):
    """The whole `nordcat crawl` of an OAI-PMH source, each module it imported listed by Python's
    -X importtime. Scrapy's spider loader once imported every Scrapyd job spider (crawlers/jobs.py)
    and so every kind's libraries; Scrapy's remote control extension imports aiohttp, and runs a
    server that executes Python sent to it."""
    sources = tmp_path / "sources"
    web.write_registry(sources)
    source = sources / "demo-biopen-oai.yml"
    document = yaml.safe_load(source.read_text(encoding="utf-8"))
    source.write_text(yaml.safe_dump({**document, "fulltext": False}), encoding="utf-8")  # PDFs: pypdf
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "nordcat", "--data-dir", str(tmp_path / "data"),
                          "--sources-dir", str(sources), "crawl", "demo-biopen-oai"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    imported = {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert {"crawlers.run", "crawlers.parse_pool", "crawlers.archive"} <= imported  # the listing covers the crawl
    assert not {module.split(".")[0] for module in imported} & {*NOT_FOR_AN_OAI_CRAWL, "aiohttp"}
    assert not imported & {"crawlers.jobs", "crawlers.spiders.web", "scrapy.extensions.remote_control"}


def test_the_spider_registry_gives_each_kind_its_own_spider():
    kinds = typing.get_args(Source.model_fields["kind"].annotation)
    assert sorted(SPIDERS) == sorted(kinds)
    for kind in kinds:
        assert SPIDERS[kind].kind == kind
    with pytest.raises(KeyError):
        SPIDERS["ftp"]
    from crawlers.spiders import DocplayerSpider, OaiPmhSpider  # the classes by name, as before
    assert (OaiPmhSpider, DocplayerSpider) == (SPIDERS["oai-pmh"], SPIDERS["docplayer"])


def test_the_parser_process_does_not_run_the_crawls_main_module_again(tmp_path, shared_dir):
    """Spawn would run the `nordcat` command line again in the parser process before its first page."""
    body = shared_dir / "real-samples" / "oai" / "sickle-ListRecords.xml"
    script = tmp_path / "crawl_main.py"
    script.write_text(
        "import asyncio, pathlib, sys\n"
        "from crawlers.parse_pool import ParsePool\n"
        "print('main module run as', __name__, flush=True)\n"
        "if __name__ == '__main__':\n"
        "    pool = ParsePool()\n"
        f"    page = asyncio.run(pool.prepare(pathlib.Path({str(body)!r}).read_bytes(), 'oai_dc', 's'))\n"
        "    pool.close()\n"
        "    print('parsed', len(page.records), 'records; main file kept:', __file__ == sys.argv[0], flush=True)\n")
    run = subprocess.run([sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, check=True)
    assert run.stdout.splitlines() == ["main module run as __main__", "parsed 2 records; main file kept: True"]
