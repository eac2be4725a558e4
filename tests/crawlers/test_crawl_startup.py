"""What a crawl loads before its first request: an OAI-PMH harvest imports the command line, the
crawl machinery and its own spider, and none of the heavy libraries that only other kinds (HTML
extraction, PDF text) or other commands (webhooks) use. Half a second of imports was a twentieth
of a 100,000-record harvest (benchmarks/oai_harvest.py)."""
from __future__ import annotations

import subprocess
import sys
import typing

import pytest

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
