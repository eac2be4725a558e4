"""Embedded demo web: local HTTP servers reproducing the sources nordcat crawls (a DSpace
repository with OAI-PMH and XMLUI, a second DSpace, a docplayer-style transcript site, a news
site, an organisation site and Sikt's NVA search API), with deterministic Nordic content, for `make demo` and tests."""
from demo.web import DEFAULT_PORTS, DemoWeb
from demo.works import Work

__all__ = ["DEFAULT_PORTS", "DemoWeb", "Work"]
