"""The layer contract: crawlers -> warehouse; pipeline -> warehouse; publish -> warehouse; each may
use the shared core (nordcat/), which uses no layer; only the CLI (and tests) know demo/.

Every import of every module is read from its syntax tree, those inside functions included, so a
late import cannot slip past. A second check imports the build and the catalogue in a fresh
interpreter and asserts that Scrapy and Twisted stay out: the build's worker processes and the
catalogue's server load nothing of the crawl.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LAYERS = ("nordcat", "crawlers", "pipeline", "warehouse", "publish", "demo")
CORE = "nordcat"
# Modules of the core package that are not core: the command line knows every layer.
ENTRY_POINTS = {"nordcat.cli", "nordcat.__main__"}

# What each layer may import of the project, besides itself.
ALLOWED = {
    "core": {"core"},
    "crawlers": {"core", "warehouse"},
    "pipeline": {"core", "warehouse"},
    "publish": {"core", "warehouse"},
    "warehouse": {"core"},
    "demo": {"core"},
    "entry": {"core", "crawlers", "pipeline", "warehouse", "publish", "demo"},
}
# Third-party packages a layer must not load: the core and everything after the crawl run
# without Scrapy/Twisted, and the core without a database.
FORBIDDEN_PACKAGES = {
    "core": {"scrapy", "twisted", "duckdb", "datasette"},
    "pipeline": {"scrapy", "twisted", "datasette"},
    "warehouse": {"scrapy", "twisted", "datasette"},
    "publish": {"scrapy", "twisted"},
}


# The parsers are pure functions of what was fetched, testable on recorded pages: no Scrapy, no
# network, no warehouse, nothing of the crawlers but each other.
PARSERS = "crawlers.parsers"
PARSERS_MAY_NOT_LOAD = {"scrapy", "twisted", "warehouse", "duckdb", "httpx", "requests"}


def layer_of(module: str) -> str | None:
    if module in ENTRY_POINTS:
        return "entry"
    top = module.split(".")[0]
    if top == CORE:
        return "core"
    return top if top in LAYERS else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module name) of every absolute import in the file, at any depth; `from a import b`
    gives a and a.b (b may be a module). Relative imports stay inside their own top-level
    package, so they cannot cross a layer."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.append((node.lineno, node.module))
            if layer_of(node.module) == "core":  # `from nordcat import cli`: the name is a module
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def project_modules() -> list[Path]:
    return sorted(path for layer in LAYERS for path in (REPO / layer).rglob("*.py"))


def violations() -> list[str]:
    found: list[str] = []
    for path in project_modules():
        own = layer_of(module_name(path))
        for line, module in dict.fromkeys(imports(path)):
            target = layer_of(module)
            where = f"{path.relative_to(REPO)}:{line} imports {module}"
            if target == "entry" and own != "entry":
                found.append(f"{where} (the command line is imported by no layer)")
            elif target is not None and target != own and target not in ALLOWED[own]:
                found.append(f"{where} ({own} may use {sorted(ALLOWED[own])})")
            elif module.split(".")[0] in FORBIDDEN_PACKAGES.get(own, ()):
                found.append(f"{where} ({own} must not load {module.split('.')[0]})")
            elif module_name(path).startswith(PARSERS) and (
                    module.split(".")[0] in PARSERS_MAY_NOT_LOAD
                    or (module.startswith("crawlers") and not module.startswith(PARSERS))):
                found.append(f"{where} (a parser is a pure function: no Scrapy, network or warehouse)")
    return found


def test_every_layer_imports_only_what_it_may():
    assert violations() == []


def test_the_check_sees_late_imports_and_forbidden_packages():
    """The checker itself: an import inside a function, `from core import module`, and a
    forbidden third-party package are each found."""
    probe = REPO / "warehouse" / "_layer_probe.py"
    probe.write_text("def f():\n    from pipeline.merge import match_keys\n\n"
                     "from nordcat import cli\nimport scrapy.http\n", encoding="utf-8")
    try:
        found = [v for v in violations() if "_layer_probe" in v]
    finally:
        probe.unlink()
    assert len(found) == 3, found
    assert any("imports pipeline.merge" in v for v in found)
    assert any("imports nordcat.cli" in v for v in found)
    assert any("must not load scrapy" in v for v in found)


def test_the_check_keeps_parsers_pure():
    probe = REPO / "crawlers" / "parsers" / "_layer_probe.py"
    probe.write_text("from scrapy.http import HtmlResponse\nfrom crawlers.middlewares import Skipped\n"
                     "from crawlers.parsers.html.common import PageRecord\n", encoding="utf-8")
    try:
        found = [v for v in violations() if "_layer_probe" in v]
    finally:
        probe.unlink()
    assert [v.split(" (")[0] for v in found] == ["crawlers/parsers/_layer_probe.py:1 imports scrapy.http",
                                                "crawlers/parsers/_layer_probe.py:2 imports crawlers.middlewares"]


def test_no_layer_but_the_command_line_knows_the_demo():
    knowing = {module_name(path) for path in project_modules()
               if layer_of(module_name(path)) not in ("demo", "entry")
               and any(layer_of(module) == "demo" for _, module in imports(path))}
    assert knowing == set()


@pytest.mark.parametrize("module", ["pipeline.build", "publish.catalogue", "publish.search", "warehouse"])
def test_build_and_catalogue_load_no_crawler(module):
    code = (f"import sys, {module}; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted', 'crawlers')))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
