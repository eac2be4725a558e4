"""Shared fixtures.

`shared_dir` is the project's reference folder beside the checkout.

The published catalogues the catalogue tests read and serve, each made once per session and
never changed by a test (copy one before changing it):

- `demo_catalogue`: DATA of a real `nordcat nightly` (crawl, build, publish) over the embedded
  demo web, with tests/catalogue_server.DEMO_DEPOSITS in its repository; the registry it ran with
  is `demo_catalogue.parent / "sources"`. Most of a minute to make. Read by test_catalogue_tables,
  test_downloads, test_feeds, test_search, test_serving and test_pages.
- `served_demo`: `nordcat serve` over it (tests/catalogue_server.CatalogueServer).
- `sample_catalogue`: DATA of the page tests' hand-picked sample (tests/catalogue_server.SAMPLE),
  stored in a real warehouse and published by the real publish.catalogue.publish(). Seconds.
- `served_sample`: `nordcat serve` over it; read by test_pages and test_browser.
- `browser`: Debian's chromium through Playwright (test_browser, test_security).

`web`: the embedded demo web on free loopback ports, one per test module that asks for it.

The modules they come from are imported when a fixture is first used, so that tests which need
none of them do not load Playwright, Datasette or the demo web.
"""
from pathlib import Path

import pytest

from tests.helpers import REPO

SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"reference folder {SHARED} is absent")
    return SHARED


@pytest.fixture(scope="session")
def demo_catalogue(tmp_path_factory) -> Path:
    from tests.catalogue_server import publish_demo

    return publish_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def served_demo(demo_catalogue, tmp_path_factory):
    from tests.catalogue_server import CatalogueServer

    with CatalogueServer(demo_catalogue, tmp_path_factory.mktemp("served-demo") / "serve.log") as server:
        yield server


@pytest.fixture(scope="session")
def sample_catalogue(tmp_path_factory) -> Path:
    from tests.catalogue_server import SAMPLE, publish_sample

    return publish_sample(tmp_path_factory.mktemp("sample") / "data", SAMPLE)


@pytest.fixture(scope="session")
def served_sample(sample_catalogue, tmp_path_factory):
    from tests.catalogue_server import CatalogueServer

    with CatalogueServer(sample_catalogue, tmp_path_factory.mktemp("served-sample") / "serve.log") as server:
        yield server


@pytest.fixture(scope="module")
def web():
    from demo import DEFAULT_PORTS, DemoWeb

    with DemoWeb(ports=dict.fromkeys(DEFAULT_PORTS, 0)) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    from tests.catalogue_server import chromium

    with chromium() as running:
        yield running
